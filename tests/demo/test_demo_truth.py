"""The demo's truth files: beside the inbox, never in it, and consistent with the inbox files.

The checks read the truth and the inbox back from their files, as an evaluation would, for
each plan year the demo holds (the truth's `year` column says which a row belongs to).
"""

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

from demo_files import CHANNEL, DELIVERABLE, read_workbook, year_file

from ingestion.demo import write_demo_inbox
from orchestration.runtime.paths import DBT_PROJECT_DIR, DBT_SEEDS_DIR


def truth(demo, name: str) -> list[dict]:
    """The truth rows of the demo's plan year."""
    with (demo.inbox.parent / "truth" / name).open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["year"] == str(demo.year)]


def test_every_truth_row_names_its_plan_year_and_no_address_is_in_two_years(demo):
    rows = {}
    for name in ("items.csv", "copies.csv", "events.csv", "payments.csv"):
        with (demo.inbox.parent / "truth" / name).open(encoding="utf-8") as handle:
            rows[name] = list(csv.DictReader(handle))
        assert {r["year"] for r in rows[name]} == {"2024", "2025"}, name
    years_of = {}
    for item in rows["items.csv"]:
        if item["url"]:
            years_of.setdefault(item["url"], set()).add(item["year"])
            assert item["published_at"].startswith(item["year"])
    assert all(len(years) == 1 for years in years_of.values())
    payment_ids = [p["payment_id"] for p in rows["payments.csv"]]
    assert len(payment_ids) == len(set(payment_ids))
    for payment in rows["payments.csv"]:
        assert payment["contract_id"].split("/")[1] == payment["year"]


def test_truth_is_written_beside_the_inbox_and_nothing_in_the_inbox_names_it(demo, tmp_path):
    folder = demo.inbox.parent / "truth"
    assert sorted(p.name for p in folder.iterdir()) == [
        "concerns.csv", "copies.csv", "events.csv", "items.csv", "payments.csv",
    ]  # fmt: skip
    assert not any("truth" in p.as_posix() for p in demo.inbox.rglob("*"))
    elsewhere = tmp_path / "answers"
    write_demo_inbox(tmp_path / "inbox", seed=3, truth_dir=elsewhere, seeds_dir=DBT_SEEDS_DIR)
    assert (elsewhere / "items.csv").is_file() and not (tmp_path / "truth").exists()


def test_claimed_items_are_the_items_the_inbox_lists_with_a_contract(demo_year):
    demo = demo_year
    items = truth(demo, "items.csv")
    claimed = {(i["url"] or (i["agency"], i["title"], i["published_at"][:10])): i for i in items
               if i["is_claimed"] == "true"}  # fmt: skip
    assert len(claimed) == demo.summary["contracted_items"]
    listed = {}
    for row in demo.coverage:
        if row["Số hợp đồng"]:
            key = row["Đường dẫn"] or (row["Cơ quan báo chí"], row["Tiêu đề"], str(row["date"]))
            listed.setdefault(key, set()).add(row["Số hợp đồng"])
    assert claimed.keys() == listed.keys()
    for key, item in claimed.items():
        # the true contract is one the inbox names for the item (a few are claimed twice)
        assert item["true_contract_id"] in listed[key]
        assert item["true_contract_line"].startswith(item["true_contract_id"] + "#")
    contract_ids = {line["Số hợp đồng"] for line in demo.contracts}
    assert {i["true_contract_id"] for i in claimed.values()} <= contract_ids
    assert all(not i["true_contract_id"] for i in items if i["is_claimed"] == "false")
    assert {i["true_primary_theme"] for i in items} == {"1", "2", "3", "4", "5"}


def test_every_copy_is_another_outlets_rerun_within_days_of_its_original(demo_year):
    demo = demo_year
    items = {i["url"]: i for i in truth(demo, "items.csv") if i["url"]}
    copies = truth(demo, "copies.csv")
    assert len(copies) == demo.summary["syndicated_copies"]
    assert len({c["copy_url"] for c in copies}) == len(copies)
    for c in copies:
        copy, original = items[c["copy_url"]], items[c["original_url"]]
        assert copy["copy_of_url"] == original["url"]
        assert copy["agency"] != original["agency"]
        gap = (
            dt.datetime.fromisoformat(copy["published_at"]).date()
            - dt.datetime.fromisoformat(original["published_at"]).date()
        )
        assert dt.timedelta(0) <= gap <= dt.timedelta(days=3)
        assert c["kind"]
    assert sum(1 for i in items.values() if i["copy_of_url"]) == len(copies)


def test_true_payments_equal_the_payments_file_with_the_slipped_date_restored(demo_year):
    demo = demo_year
    paid = {p["payment_id"]: p for p in truth(demo, "payments.csv")}
    book = read_workbook(year_file(demo.inbox, "payments", demo.year, ".xlsx"))[1]
    assert paid.keys() == {row["Số chứng từ"] for row in book}
    assert sum(int(p["amount_vnd"]) for p in paid.values()) == demo.summary["disbursed_vnd"]
    slipped = [row for row in book if not isinstance(row["Ngày chi"], dt.datetime)]
    assert [row["Ngày chi"] for row in slipped] == ["31/09/2025"]
    true_date = dt.date.fromisoformat(paid[slipped[0]["Số chứng từ"]]["paid_on"])
    assert true_date.month == 9 and true_date.year == demo.year
    for row in book:
        assert int(paid[row["Số chứng từ"]]["amount_vnd"]) == row["Số tiền"]


def test_events_carry_their_window_and_the_effect_the_generator_gave_them(demo_year):
    demo = demo_year
    events = truth(demo, "events.csv")
    with year_file(demo.inbox, "events", demo.year, ".csv").open(encoding="utf-8-sig") as handle:
        listed = {row["Mã sự kiện"] for row in csv.DictReader(handle)}
    assert {e["event_id"] for e in events} == listed
    for e in events:
        assert e["window_start"] < e["date"] < e["window_end"]
        assert e["date"].startswith(str(demo.year))
        assert float(e["generated_effect"]) > 1 and float(e["baseline_daily"]) > 0
    members = Counter(
        event for i in truth(demo, "items.csv") for event in i["events"].split(";") if event
    )
    assert set(members) == listed


def test_the_unit_price_ceilings_come_from_the_seeds_folder_given(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with (DBT_PROJECT_DIR / "seeds" / "agreed_unit_prices.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["max_unit_price_vnd"] = str(int(row["max_unit_price_vnd"]) // 2)
    with (seeds / "agreed_unit_prices.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    halved = {(r["deliverable_type"], r["channel"]): int(r["max_unit_price_vnd"]) for r in rows}
    write_demo_inbox(tmp_path / "inbox", seed=2025, seeds_dir=seeds)
    lines = read_workbook(year_file(tmp_path / "inbox", "contracts", 2025, ".xlsx"))[1]
    for line in lines:
        key = (DELIVERABLE[line["Loại sản phẩm"]], CHANNEL[line["Loại hình"]])
        assert line["Đơn giá"] <= halved[key], line
    assert any(line["Đơn giá"] > halved[key] / 2 for line in lines)
