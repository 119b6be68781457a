"""Each settlement rule on a dataset that breaks it and on one that does not."""

import dataclasses
import datetime as dt

import duckdb
import pytest
from gate_fixtures import Item, Line, Payment, build_warehouse, clean_dataset

from quality.rules import RULES, RULES_BY_CODE, define_sql_helpers, find_violations

REQUIRED_RULES = {
    # code: blocking
    "paid_above_contract": True,
    "payment_without_acceptance": True,
    "accepted_outside_period": True,
    "accepted_by_two_contracts": True,
    "claimed_by_two_contracts": False,
    "unit_price_above_agreed": True,
    "amount_mismatch": True,
    "non_positive_amount": True,
    "payment_after_liquidation": False,
    "contract_without_delivery": False,
    "advance_above_share": False,
}


def outcome(tmp_path, data, code, advance_cap=0.30, year=2025):
    """(violations, VND at stake, rows) of one rule on a warehouse built from `data`."""
    path = build_warehouse(tmp_path / f"{code}-{len(list(tmp_path.iterdir()))}.duckdb", data)
    with duckdb.connect(str(path)) as con:
        define_sql_helpers(con)
        rows = find_violations(con, RULES_BY_CODE[code], year, advance_cap)
    return len(rows), sum(row[5] for row in rows), rows


def with_items(data, *items):
    return dataclasses.replace(data, items=[*data.items, *items])


def with_lines(data, *lines):
    return dataclasses.replace(data, lines=[*data.lines, *lines])


def with_payments(data, *payments):
    return dataclasses.replace(data, payments=[*data.payments, *payments])


def replace_item(data, item_id, **changes):
    items = [dataclasses.replace(i, **changes) if i.item_id == item_id else i for i in data.items]
    return dataclasses.replace(data, items=items)


def test_rules_are_data_with_one_line_explanations():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for code, blocking in REQUIRED_RULES.items():
        assert RULES_BY_CODE[code].blocking is blocking, code
    for rule in RULES:
        for text in (rule.name_vi, rule.name_en, rule.explanation_vi, rule.explanation_en):
            assert text and "\n" not in text, rule.code
        assert rule.vnd_definition_vi and rule.vnd_definition_en


def test_clean_dataset_breaks_no_rule_but_the_unaccepted_item(tmp_path):
    path = build_warehouse(tmp_path / "clean.duckdb", clean_dataset())
    with duckdb.connect(str(path)) as con:
        define_sql_helpers(con)
        for rule in RULES:
            rows = find_violations(con, rule, 2025)
            expected = (1, 1_000_000) if rule.code == "delivered_not_accepted" else (0, 0)
            assert (len(rows), sum(row[5] for row in rows)) == expected, rule.code


def test_paid_above_contract(tmp_path):
    # HD-01/2025 is worth 21,000,000; 5,000,000 advanced and 10,000,000 paid before.
    data = with_payments(clean_dataset(), Payment("C-009", "HD-01/2025", 7_000_000, "advance"))
    count, vnd, rows = outcome(tmp_path, data, "paid_above_contract")
    assert (count, vnd) == (1, 1_000_000)
    assert rows[0][0] == "HD-01/2025"
    assert "22.000.000 ₫" in rows[0][6]
    exactly_the_value = with_payments(
        clean_dataset(), Payment("C-009", "HD-01/2025", 6_000_000, "advance")
    )
    assert outcome(tmp_path, exactly_the_value, "paid_above_contract")[:2] == (0, 0)


def test_payment_without_acceptance(tmp_path):
    # One article (4,000,000) less accepted: accepted value 15,000,000; paid 10 + 6 million.
    base = replace_item(clean_dataset(), "a0", accepted=False)
    data = with_payments(base, Payment("C-009", "HD-01/2025", 6_000_000))
    assert outcome(tmp_path, data, "payment_without_acceptance")[:2] == (1, 1_000_000)
    assert outcome(tmp_path, data, "paid_above_contract")[:2] == (0, 0)
    # An advance is not a payment for accepted work: it does not count here.
    advance = with_payments(base, Payment("C-009", "HD-01/2025", 6_000_000, "advance"))
    assert outcome(tmp_path, advance, "payment_without_acceptance")[:2] == (0, 0)


def test_accepted_outside_period(tmp_path):
    data = with_items(
        clean_dataset(),
        Item("late", "HD-01/2025#1", accepted=True, published="2025-12-05"),
        Item(
            "early",
            "HD-02/2025#1",
            accepted=True,
            published="2025-01-15",
            deliverable_type="programme",
            channel="tv",
            duration_min=3,
            theme_areas="4",
        ),
    )
    count, vnd, rows = outcome(tmp_path, data, "accepted_outside_period")
    # 4,000,000 per article; the programme is priced per minute: 3 × 5,000,000.
    assert (count, vnd) == (2, 19_000_000)
    assert {row[2] for row in rows} == {"late", "early"}
    not_accepted = with_items(
        clean_dataset(), Item("late", "HD-01/2025#1", accepted=False, published="2025-12-05")
    )
    assert outcome(tmp_path, not_accepted, "accepted_outside_period")[:2] == (0, 0)
    assert outcome(tmp_path, not_accepted, "published_outside_period")[:2] == (1, 4_000_000)


def two_contract_dataset(second_accepted: bool, one_row_per_item: bool = False):
    """Item "shared" claimed under HD-01/2025 (accepted) and HD-03/2025.

    one_row_per_item: the marts keep the item once, matched to HD-01/2025; the second claim
    is only in the loaded coverage rows.
    """
    data = with_lines(
        clean_dataset(),
        Line("HD-03/2025", 1, agency="Báo Hải Phòng", quantity=2, unit_price_vnd=3_000_000),
    )
    return with_items(
        data,
        Item("shared", "HD-01/2025#1", accepted=True, claim_count=2),
        Item("shared", "HD-03/2025#1", accepted=second_accepted, in_marts=not one_row_per_item),
    )


@pytest.mark.parametrize("one_row_per_item", [False, True])
def test_accepted_by_two_contracts(tmp_path, one_row_per_item):
    data = two_contract_dataset(True, one_row_per_item)
    count, vnd, rows = outcome(tmp_path, data, "accepted_by_two_contracts")
    # Accepted at 4,000,000 and at 3,000,000: the 3,000,000 would be paid twice.
    assert (count, vnd) == (1, 3_000_000)
    assert rows[0][0] == "HD-01/2025" and rows[0][2] == "shared"
    assert "HD-01/2025, HD-03/2025" in rows[0][6]
    assert outcome(tmp_path, data, "claimed_by_two_contracts")[:2] == (0, 0)
    once = two_contract_dataset(False, one_row_per_item)
    assert outcome(tmp_path, once, "accepted_by_two_contracts")[:2] == (0, 0)


@pytest.mark.parametrize("one_row_per_item", [False, True])
def test_claimed_by_two_contracts(tmp_path, one_row_per_item):
    # Claimed under two contracts, accepted under one: warn with that acceptance's value.
    data = two_contract_dataset(False, one_row_per_item)
    count, vnd, rows = outcome(tmp_path, data, "claimed_by_two_contracts")
    assert (count, vnd) == (1, 4_000_000)
    assert rows[0][0] == "HD-01/2025"
    assert "HD-01/2025, HD-03/2025" in rows[0][6]
    assert outcome(tmp_path, clean_dataset(), "claimed_by_two_contracts")[:2] == (0, 0)


def test_claim_count_alone_marks_a_second_claim(tmp_path):
    # The marts count two claims although only one contract number is known: still a warning.
    one_row = with_items(clean_dataset(), Item("c2", "HD-01/2025#1", claim_count=2))
    assert outcome(tmp_path, one_row, "claimed_by_two_contracts")[:2] == (1, 0)


def test_unit_price_above_agreed(tmp_path):
    above = with_lines(
        clean_dataset(),
        Line(
            "HD-03/2025",
            1,
            deliverable_type="reportage",
            channel="tv",
            quantity=2,
            unit_price_vnd=45_000_000,
        ),
    )
    count, vnd, rows = outcome(tmp_path, above, "unit_price_above_agreed")
    assert (count, vnd) == (1, 10_000_000)  # (45 − 40 million) × 2
    assert rows[0][1] == "HD-03/2025#1"
    at_ceiling = with_lines(
        clean_dataset(),
        Line(
            "HD-03/2025",
            1,
            deliverable_type="reportage",
            channel="tv",
            quantity=2,
            unit_price_vnd=40_000_000,
        ),
    )
    assert outcome(tmp_path, at_ceiling, "unit_price_above_agreed")[:2] == (0, 0)


def test_amount_mismatch(tmp_path):
    data = with_lines(
        clean_dataset(),
        Line("HD-03/2025", 1, quantity=10, unit_price_vnd=4_000_000, amount_vnd=41_000_000),
        Line(
            "HD-03/2025",
            2,
            quantity=3,
            unit_price_vnd=1_000_000,
            amount_vnd=2_500_000,
            deliverable_type="news",
        ),
    )
    assert outcome(tmp_path, data, "amount_mismatch")[:2] == (2, 1_500_000)
    fractional_minutes = with_lines(
        clean_dataset(),
        Line(
            "HD-03/2025",
            1,
            deliverable_type="programme",
            channel="radio",
            quantity=2.5,
            unit_price_vnd=1_000_000,
            amount_vnd=2_500_000,
        ),
    )
    assert outcome(tmp_path, fractional_minutes, "amount_mismatch")[:2] == (0, 0)


def test_non_positive_amount(tmp_path):
    data = with_payments(
        with_lines(clean_dataset(), Line("HD-03/2025", 1, quantity=0, unit_price_vnd=4_000_000)),
        Payment("C-009", "HD-01/2025", -2_000_000),
    )
    count, vnd, rows = outcome(tmp_path, data, "non_positive_amount")
    assert (count, vnd) == (2, 2_000_000)
    assert {row[3] for row in rows} == {None, "C-009"}
    assert outcome(tmp_path, clean_dataset(), "non_positive_amount")[:2] == (0, 0)


def test_payment_after_liquidation(tmp_path):
    # HD-02/2025 was liquidated on 20/12/2025.
    late = Payment("C-009", "HD-02/2025", 5_000_000, paid_on="2025-12-28")
    count, vnd, rows = outcome(
        tmp_path, with_payments(clean_dataset(), late), "payment_after_liquidation"
    )
    assert (count, vnd) == (1, 5_000_000)
    assert "20/12/2025" in rows[0][6]
    on_the_day = dataclasses.replace(late, paid_on="2025-12-20")
    data = with_payments(clean_dataset(), on_the_day)
    assert outcome(tmp_path, data, "payment_after_liquidation")[:2] == (0, 0)


def test_contract_without_delivery(tmp_path):
    data = with_lines(clean_dataset(), Line("HD-04/2025", 1, quantity=2, unit_price_vnd=4_000_000))
    assert outcome(tmp_path, data, "contract_without_delivery")[:2] == (1, 8_000_000)
    delivered = with_items(data, Item("d1", "HD-04/2025#1"))
    assert outcome(tmp_path, delivered, "contract_without_delivery")[:2] == (0, 0)


def test_advance_above_share_uses_the_configured_cap(tmp_path):
    # HD-01/2025: 5,000,000 advanced on 21,000,000 (23.8 %); HD-02/2025: 40 of 150 million.
    data = clean_dataset()
    assert outcome(tmp_path, data, "advance_above_share", advance_cap=0.30)[:2] == (0, 0)
    # At 20 %: 5,000,000 − 4,200,000 and 40,000,000 − 30,000,000.
    assert outcome(tmp_path, data, "advance_above_share", advance_cap=0.20)[:2] == (
        2,
        10_800_000,
    )
    more = with_payments(data, Payment("C-009", "HD-01/2025", 3_000_000, "advance"))
    count, vnd, rows = outcome(tmp_path, more, "advance_above_share")
    assert (count, vnd) == (1, 1_700_000)  # 8,000,000 − 30 % × 21,000,000
    assert "38,1 % giá trị hợp đồng, mức cho phép 30 %" in rows[0][6]


def test_accepted_above_ordered(tmp_path):
    # Line 2 of HD-01/2025 orders 5 news items; 3 are accepted, add 3 more.
    data = with_items(
        clean_dataset(),
        *(Item(f"x{i}", "HD-01/2025#2", accepted=True, deliverable_type="news") for i in range(3)),
    )
    assert outcome(tmp_path, data, "accepted_above_ordered")[:2] == (1, 1_000_000)
    assert outcome(tmp_path, clean_dataset(), "accepted_above_ordered")[:2] == (0, 0)


def test_delivered_not_accepted(tmp_path):
    assert outcome(tmp_path, clean_dataset(), "delivered_not_accepted")[:2] == (1, 1_000_000)
    accepted = replace_item(clean_dataset(), "n3", accepted=True)
    assert outcome(tmp_path, accepted, "delivered_not_accepted")[:2] == (0, 0)


def test_items_matched_only_by_agency_and_period_are_not_deliveries(tmp_path):
    # Organic items the marts matched to a line by agency, period and type were never listed
    # under the contract: not a delivery waiting for acceptance, and no delivery of HD-04.
    data = with_items(
        with_lines(clean_dataset(), Line("HD-04/2025", 1, quantity=2)),
        Item("g1", "HD-04/2025#1", listed=False),
        Item("g2", "HD-04/2025#1", listed=False, published="2025-12-20"),
    )
    assert outcome(tmp_path, data, "delivered_not_accepted")[:2] == (1, 1_000_000)  # n3 only
    assert outcome(tmp_path, data, "published_outside_period")[:2] == (0, 0)
    assert outcome(tmp_path, data, "contract_without_delivery")[:2] == (1, 8_000_000)
    accepted = replace_item(data, "g1", accepted=True)
    assert outcome(tmp_path, accepted, "contract_without_delivery")[:2] == (0, 0)


def test_accepted_off_theme(tmp_path):
    off = replace_item(clean_dataset(), "a0", theme_areas="3")
    assert outcome(tmp_path, off, "accepted_off_theme")[:2] == (1, 4_000_000)
    among_others = replace_item(clean_dataset(), "a0", theme_areas="3;2")
    assert outcome(tmp_path, among_others, "accepted_off_theme")[:2] == (0, 0)
    unclassified = replace_item(clean_dataset(), "a0", theme_areas=None)
    assert outcome(tmp_path, unclassified, "accepted_off_theme")[:2] == (0, 0)


@pytest.mark.parametrize("code", ["paid_above_contract", "unit_price_above_agreed"])
def test_rules_look_only_at_contracts_of_the_year(tmp_path, code):
    old = Line(
        "HD-09/2024",
        1,
        deliverable_type="reportage",
        channel="tv",
        quantity=1,
        unit_price_vnd=45_000_000,
        year=2024,
        start_date="2024-02-01",
        end_date="2024-11-30",
    )
    data = with_payments(
        with_lines(clean_dataset(), old), Payment("C-009", "HD-09/2024", 90_000_000)
    )
    assert outcome(tmp_path, data, code, year=2025)[0] == 0
    assert outcome(tmp_path, data, code, year=2024)[0] == 1


def test_concern_unanswered_for_72_hours_warns_naming_it(tmp_path):
    path = build_warehouse(tmp_path / "concerns.duckdb", clean_dataset())
    with duckdb.connect(str(path)) as con:
        last = con.execute("SELECT max(published_at) FROM marts.fct_coverage").fetchone()[0]
        con.execute(
            """
            INSERT INTO raw.concerns (concern_id, first_seen_at, description, keywords,
              _source_file, _sheet, _row_number, _is_duplicate, _loaded_at)
            VALUES ('VD-02', '2025-02-01 21:40', 'Tin đồn thu phí', 'thu phí',
                    'concerns/van-de.csv', NULL, 3, false, '2026-01-10 09:00')
            """
        )
        con.execute(
            "INSERT INTO marts.mart_public_concern (concern_id, description, year, first_seen_at,"
            " first_response_item_id, first_response_agency, response_hours,"
            " is_answered_within_72h, candidate_response_hours) VALUES "
            "('VD-01', 'Đã phản hồi', 2025, '2025-02-01 08:00', 'i1', 'Báo A', 5.5, true, 2),"
            "('VD-02', 'Tin đồn thu phí', 2025, '2025-02-01 21:40', NULL, NULL, NULL, false,"
            " NULL),"
            "('VD-03', 'Phản hồi muộn', 2025, '2025-02-02 08:00', 'i9', 'Báo B', 80.3, false,"
            " 90),"
            # Seen less than 72 hours before the coverage ends: not late yet.
            "('VD-04', 'Mới', 2025, ?, NULL, NULL, NULL, false, NULL),"
            "('VD-05', 'Năm trước', 2024, '2024-05-01 08:00', NULL, NULL, NULL, false, NULL),"
            # Only a candidate answered in time: still late, and the detail says what waits.
            "('VD-06', 'Chờ duyệt', 2025, '2025-02-03 08:00', NULL, NULL, NULL, false, 13.5)",
            [last - dt.timedelta(hours=10)],
        )
        define_sql_helpers(con)
        rule = RULES_BY_CODE["concern_unanswered_72h"]
        rows = find_violations(con, rule, 2025)
    assert rule.blocking is False and rule.located
    details = {row[6]: row for row in rows}
    assert set(details) == {
        "Vấn đề VD-02 (Tin đồn thu phí), phát hiện 01/02/2025 21:40: chưa có tin phản hồi đã "
        "được xác nhận của cơ quan báo chí trong danh mục hoặc có hợp đồng",
        "Vấn đề VD-03 (Phản hồi muộn), phát hiện 02/02/2025 08:00: tin phản hồi đã xác nhận "
        "đầu tiên sau 80,3 giờ",
        "Vấn đề VD-06 (Chờ duyệt), phát hiện 03/02/2025 08:00: chưa có tin phản hồi đã được "
        "xác nhận của cơ quan báo chí trong danh mục hoặc có hợp đồng; có tin ứng viên chờ duyệt "
        "sau 13,5 giờ (chưa được tính)",
    }
    located = next(row for row in rows if "VD-02" in row[6])
    assert located[5] == 0 and located[7:10] == ("concerns/van-de.csv", None, 3)
