"""Tone of coverage built by dbt on the synthetic inbox: every item gets a tone, an analyst's
set_tone in reviews/ replaces the lexicon's, and the year-end report's tone section counts
what the mart holds, states the measured accuracy and shows no money."""

import datetime as dt
from collections import Counter

import duckdb
import pytest
from dbt_synthetic import write_synthetic_inbox
from dbt_testkit import insert_rows, query, run_dbt, warehouse_in

from reports.markdown import escape
from reports.tone import TONE_LABELS, ToneSection

YEAR = 2025


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("dbt-tone")
    warehouse = warehouse_in(workdir)
    with duckdb.connect(str(warehouse)) as con:
        inbox = write_synthetic_inbox(con)
        first, second = inbox.coverage[0], inbox.coverage[1]
        insert_rows(
            con,
            "reviews",
            [
                {"action": "set_tone", "item_url": first["url"], "tone": "positive",
                 "reviewer": "Lan", "reviewed_on": dt.date(2026, 1, 10)},
                {"action": "set_tone", "item_url": first["url"].upper(), "tone": "negative",
                 "reviewer": "Minh", "reviewed_on": dt.date(2026, 1, 12)},
                {"action": "confirm_theme", "item_url": second["url"], "theme_area": 3,
                 "reviewer": "Lan", "reviewed_on": dt.date(2026, 1, 12)},
            ],
        )  # fmt: skip
    result = run_dbt(warehouse, workdir, "build")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return warehouse, inbox


def test_every_item_has_one_tone_and_the_latest_review_sets_it(built):
    warehouse, inbox = built
    rows = query(warehouse, "select * from marts.fct_coverage_tone")
    items = query(warehouse, "select item_id from marts.fct_coverage")
    assert sorted(r["item_id"] for r in rows) == sorted(r["item_id"] for r in items)
    by_id = {r["item_id"]: r for r in rows}
    decided = by_id[inbox.coverage[0]["item_id"]]
    assert (decided["tone"], decided["tone_source"], decided["tone_reviewed_by"]) == (
        "negative",
        "review",
        "Minh",
    )
    assert decided["tone_review_row"].endswith("#3")
    assert by_id[inbox.coverage[1]["item_id"]]["tone_source"] == "lexicon"
    assert [r for r in rows if r["tone_source"] == "review"] == [decided]
    assert not [c for c in rows[0] if "vnd" in c.lower()]


def test_the_report_counts_what_the_mart_holds_and_states_the_accuracy(built):
    warehouse, _ = built
    section = ToneSection.load(warehouse, YEAR)
    rows = query(
        warehouse,
        "select tone, agency, month, primary_theme_area from marts.fct_coverage_tone "
        "where year = ?",
        [YEAR],
    )
    assert section.totals == dict(Counter(r["tone"] for r in rows))
    assert section.reviewed == 1
    assert int(section.by_area["items"].sum()) == len(rows)
    assert int(section.by_agency["items"].sum()) == len(rows)
    month = Counter((r["month"], r["tone"]) for r in rows)
    assert {(m.month, m.tone): m.items for m in section.by_month.itertuples()} == month
    text = section.text()
    held = query(warehouse, "select * from seeds.tone_accuracy where split = 'heldout'")
    macro = f"{held[0]['macro_f1']:.2f}".replace(".", ",")
    assert escape(f"F1 trung bình {macro}") in text
    assert escape(held[0]["measured_on"].strftime("%d/%m/%Y")) in text
    assert all(label in text for label in TONE_LABELS.values())
    assert "₫" not in text and "VND" not in text
    assert section.chart() is not None


def test_an_incremental_build_keeps_every_items_tone(built, tmp_path):
    warehouse, _ = built
    before = query(warehouse, "select * exclude (changed_at) from marts.fct_coverage_tone")
    result = run_dbt(warehouse, tmp_path, "run", "--select", "int_coverage__tone+")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    after = query(warehouse, "select * exclude (changed_at) from marts.fct_coverage_tone")
    key = lambda r: r["item_id"]  # noqa: E731
    assert sorted(after, key=key) == sorted(before, key=key)
