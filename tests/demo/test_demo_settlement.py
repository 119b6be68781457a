"""The demo passes every blocking settlement rule, checked from the files it wrote."""

from collections import Counter, defaultdict

from demo_files import accepted_value, as_date, contracts_by_id

from ingestion.demo.reference import agreed_unit_prices
from orchestration.runtime.paths import DBT_SEEDS_DIR

CEILINGS = agreed_unit_prices(DBT_SEEDS_DIR)


def test_every_amount_is_quantity_times_unit_price(demo_year):
    demo = demo_year
    for line in demo.contracts:
        assert line["Thành tiền"] == line["Số lượng"] * line["Đơn giá"], line["_row"]
        assert line["Thành tiền"] > 0


def test_unit_prices_stay_at_or_below_the_agreed_ceilings(demo_year):
    demo = demo_year
    for line in demo.contracts:
        ceiling = CEILINGS[(line["type"], line["channel"])]
        assert line["Đơn giá"] <= ceiling, (line["Số hợp đồng"], line["type"], line["channel"])


def test_payments_are_positive_and_name_known_contracts(demo_year):
    demo = demo_year
    contracts = contracts_by_id(demo)
    for payment in demo.payments:
        assert payment["Số tiền"] > 0
        assert payment["Số hợp đồng"] in contracts


def test_paid_never_exceeds_accepted_value(demo_year):
    demo = demo_year
    values = accepted_value(demo)
    paid: Counter = Counter()
    for payment in demo.payments:  # the row with a mistyped date counts too: stricter
        if payment["kind"] in ("payment", "settlement"):
            paid[payment["Số hợp đồng"]] += payment["Số tiền"]
    assert paid, "there are payments"
    for contract_id, amount in paid.items():
        assert amount <= values[contract_id], contract_id


def test_total_disbursed_never_exceeds_contract_value_nor_accepted_value(demo_year):
    demo = demo_year
    contracts = contracts_by_id(demo)
    values = accepted_value(demo)
    disbursed: Counter = Counter()
    for payment in demo.payments:
        disbursed[payment["Số hợp đồng"]] += payment["Số tiền"]
    for contract_id, amount in disbursed.items():
        assert amount <= contracts[contract_id]["value"], contract_id
        # Under-delivery shows as delivery rate and payable, never as money paid in advance of it.
        assert amount <= values[contract_id], contract_id


def test_no_item_is_accepted_under_two_contracts(demo_year):
    demo = demo_year
    accepted_under: dict = defaultdict(set)
    for row in demo.coverage:
        if row["accepted"] and row["Số hợp đồng"]:
            accepted_under[row["key"]].add(row["Số hợp đồng"])
    assert accepted_under
    assert all(len(ids) == 1 for ids in accepted_under.values())


def test_no_accepted_item_lies_outside_its_contract_period(demo_year):
    demo = demo_year
    contracts = contracts_by_id(demo)
    accepted = [r for r in demo.coverage if r["accepted"]]
    assert len(accepted) > {2024: 1000, 2025: 3000}[demo.year]
    for row in accepted:
        c = contracts[row["Số hợp đồng"]]
        assert c["start"] <= row["date"] <= c["end"], (row["_file"], row["_row"])


def test_accepted_items_match_a_line_and_never_exceed_what_was_ordered(demo_year):
    demo = demo_year
    contracts = contracts_by_id(demo)
    accepted: Counter = Counter()
    for row in demo.coverage:
        if row["accepted"]:
            line = contracts[row["Số hợp đồng"]]["lines"].get((row["type"], row["channel"]))
            assert line is not None, (row["_file"], row["_row"])
            qty = float(row["Thời lượng (phút)"]) if row["type"] == "programme" else 1
            accepted[(row["Số hợp đồng"], line["_row"])] += qty
    for line in demo.contracts:
        assert accepted[(line["Số hợp đồng"], line["_row"])] <= line["Số lượng"]


def test_contracts_are_signed_before_they_start_and_liquidated_after_they_end(demo_year):
    demo = demo_year
    for line in demo.contracts:
        signed, start, end = (
            as_date(line[k]) for k in ("Ngày ký", "Ngày bắt đầu", "Ngày kết thúc")
        )
        assert signed <= start <= end
        if line["Ngày thanh lý"]:
            assert as_date(line["Ngày thanh lý"]) > end
