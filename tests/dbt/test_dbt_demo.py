"""The models on the real demo inbox, loaded by the real loader, built with `dbt build`: the
warehouse of the session's `mediacoop demo` run, read only.

The demo's own summary (what it wrote on purpose) is the expectation: accepted items, items
claimed by two contracts, the contract without delivery, the sub-themes left uncovered. The
demo holds two plan years; the summary's top level is 2025's, so the counts are of 2025.
"""

import json
from collections import Counter
from pathlib import Path

import pytest
from dbt_testkit import query


@pytest.fixture(scope="module")
def demo(demo_build, demo_summary) -> tuple[Path, dict]:
    results = json.loads((demo_build / "dbt" / "target" / "run_results.json").read_text())
    assert results["args"]["which"] == "build"
    statuses = Counter(result["status"] for result in results["results"])
    assert set(statuses) <= {"success", "pass"}, statuses  # no error, failure, warning or skip
    return demo_build / "warehouse.duckdb", demo_summary


def test_one_row_per_distinct_loaded_item(demo):
    warehouse, _ = demo
    (raw,) = query(
        warehouse,
        "select count(distinct item_id) as n from raw.coverage where not _is_duplicate",
    )
    (marts,) = query(warehouse, "select count(*) as n from marts.fct_coverage")
    assert marts["n"] == raw["n"] > 10_000


def test_acceptance_and_double_claims_match_the_demo(demo):
    warehouse, summary = demo
    (row,) = query(
        warehouse,
        "select count(*) filter (where is_accepted) as accepted, "
        "count(*) filter (where claim_count >= 2) as claimed_twice, "
        "count(*) filter (where is_accepted and not is_on_time) as accepted_late "
        "from marts.fct_coverage where year = 2025",
    )
    assert row["accepted"] == summary["accepted_items"]
    assert row["claimed_twice"] == summary["claimed_by_two_contracts"]
    assert row["accepted_late"] == 0  # the demo passes every blocking rule


def test_contract_without_delivery_and_under_delivered_lines(demo):
    warehouse, summary = demo
    budget = {r["contract_id"]: r for r in query(warehouse, "select * from marts.mart_budget")}
    for contract_id in summary["contract_without_delivery"]:
        assert budget[contract_id]["accepted_items"] == 0
    rates = {
        r["contract_line_id"]: r["delivery_rate"]
        for r in query(warehouse, "select * from marts.mart_contract_fulfilment")
    }
    assert all(rates[line] < 1 for line in summary["under_delivered_lines"])
    assert all(r["payable_vnd"] >= 0 for r in budget.values())


def test_delivery_counts_only_the_claims_the_demo_wrote(demo):
    warehouse, summary = demo
    (row,) = query(
        warehouse,
        "select count(*) filter (where is_contracted) as n from marts.fct_coverage "
        "where year = 2025",
    )
    assert row["n"] == summary["contracted_items"]
    budget = {r["contract_id"]: r for r in query(warehouse, "select * from marts.mart_budget")}
    for contract_id in summary["contract_without_delivery"]:
        assert budget[contract_id]["delivered_items"] == 0
    (candidates,) = query(warehouse, "select count(*) as n from marts.mart_match_candidates")
    assert candidates["n"] > 0  # organic items that fit a line are listed, not counted


def test_uncovered_sub_themes_match_the_demo(demo):
    warehouse, summary = demo
    uncovered = query(
        warehouse,
        "select name_vi from marts.mart_theme_fit "
        "where year = 2025 and level = 'sub_theme' and not has_coverage",
    )
    assert len(uncovered) == len(summary["uncovered_sub_themes"])
    (unclassified,) = query(
        warehouse,
        "select share from marts.mart_theme_fit where year = 2025 and theme_key = 'unclassified'",
    )
    assert unclassified["share"] < 0.05


def test_demo_events_replace_the_seeded_ones(demo):
    warehouse, summary = demo
    events = query(
        warehouse,
        "select * from marts.mart_event_lift where year(event_date) = 2025 order by event_date",
    )
    assert len(events) == summary["events"]
    assert {e["event_source"] for e in events} == {"inbox"}
    (liberation,) = [e for e in events if str(e["event_date"]) == "2025-05-13"]
    assert liberation["lift"] > 1
