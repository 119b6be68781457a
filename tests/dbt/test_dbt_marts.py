"""The marts on a synthetic Hải Phòng 2025 warehouse, built with a real `dbt build`.

Every expected value is computed here from the raw rows the test wrote, without the marts:
which outlets delivered less than 80 % of what they were paid for, cost per 1,000 reach by
outlet, which sub-themes got no coverage, the coverage lift around 13/05/2025, how PAR, SIPAS,
PCI and DTI moved from 2019 to 2024 with their ranks, and what is payable per contract.
"""

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
import yaml
from dbt_synthetic import SyntheticInbox, write_synthetic_inbox
from dbt_testkit import fold, query, run_dbt, warehouse_in

from orchestration.runtime.paths import DBT_PROJECT_DIR

SEEDS = DBT_PROJECT_DIR / "seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, SyntheticInbox]:
    workdir = tmp_path_factory.mktemp("dbt-synthetic")
    warehouse = warehouse_in(workdir)
    with duckdb.connect(str(warehouse)) as con:
        inbox = write_synthetic_inbox(con)
    result = run_dbt(warehouse, workdir, "build")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return warehouse, inbox


def test_the_unit_tests_run_here_and_pass(built):
    """Runs skip the dbt unit tests (they test the SQL, not the data); the suite runs them."""
    warehouse, _ = built
    results = json.loads((warehouse.parent / "target" / "run_results.json").read_text())
    unit = [r for r in results["results"] if r["unique_id"].startswith("unit_test.")]
    assert len(unit) >= 5
    assert {r["status"] for r in unit} == {"pass"}


# ---- independent computations from the raw rows -----------------------------------------


def seed_rows(name: str) -> list[dict]:
    with open(SEEDS / f"{name}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def agency_of(inbox: SyntheticInbox) -> dict[str, str]:
    """Folded name or alias -> the listed agency's name."""
    names = {}
    for agency in inbox.agencies:
        names[fold(agency["agency"])] = agency["agency"]
        for alias in (agency["aliases"] or "").split(";"):
            names.setdefault(fold(alias), agency["agency"])
    return names


def coverage_rows(inbox: SyntheticInbox) -> list[dict]:
    return [r for r in inbox.coverage if not r.get("_is_duplicate")]


def distinct_items(inbox: SyntheticInbox) -> dict[str, dict]:
    items = {}
    for row in coverage_rows(inbox):
        items.setdefault(row["item_id"], row)
    return items


def reach_of(inbox: SyntheticInbox, agency: str) -> int:
    listed = next(a for a in inbox.agencies if a["agency"] == agency)
    if listed["reach_estimate"] is not None:
        return listed["reach_estimate"]
    default = next(
        r
        for r in seed_rows("agency_defaults")
        if r["tier"] == listed["tier"] and r["media_type"] == listed["media_type"]
    )
    return int(default["reach_estimate"])


def contract_figures(inbox: SyntheticInbox) -> dict[str, dict]:
    """Per contract: agency, value, accepted value (lines capped at their quantity, the
    contract at its value), disbursed, and the accepted items."""
    names = agency_of(inbox)
    lines = {(c["contract_id"], c["deliverable_type"]): c for c in inbox.contracts}
    accepted_qty: dict[tuple, float] = defaultdict(float)
    accepted_items: dict[str, set] = defaultdict(set)
    for row in coverage_rows(inbox):
        key = (row["contract_id"], row["deliverable_type"])
        if row["accepted"] and key in lines and row["item_id"] not in accepted_items[key[0]]:
            accepted_items[key[0]].add(row["item_id"])
            accepted_qty[key] += row["duration_min"] if key[1] == "programme" else 1
    figures: dict[str, dict] = {}
    for (contract_id, _), line in lines.items():
        f = figures.setdefault(
            contract_id,
            {"agency": names[fold(line["agency"])], "value": 0, "lines_accepted": 0.0},
        )
        f["value"] += line["amount_vnd"]
        qty = min(accepted_qty[(contract_id, line["deliverable_type"])], line["quantity"])
        f["lines_accepted"] += qty * line["unit_price_vnd"]
    for contract_id, f in figures.items():
        f["accepted"] = min(f["lines_accepted"], f["value"])
        f["disbursed"] = sum(
            p["amount_vnd"] for p in inbox.payments if p["contract_id"] == contract_id
        )
        f["items"] = accepted_items[contract_id]
    return figures


def covered_sub_themes(inbox: SyntheticInbox) -> set[str]:
    """Sub-themes whose accent-free keywords appear as whole words in an item's folded title
    and summary."""
    themes = seed_rows("themes")
    covered = set()
    for item in distinct_items(inbox).values():
        text = f" {fold(item['title'] + ' ' + item['summary'])} "
        for theme in themes:
            if any(f" {kw} " in text for kw in theme["keywords_ascii"].split("|")):
                covered.add(theme["sub_theme_id"])
    return covered


# ---- the questions the marts must answer --------------------------------------------------


def test_outlets_that_delivered_less_than_80_percent_of_what_they_were_paid(built):
    warehouse, inbox = built
    accepted, disbursed = defaultdict(float), defaultdict(float)
    for f in contract_figures(inbox).values():
        accepted[f["agency"]] += f["accepted"]
        disbursed[f["agency"]] += f["disbursed"]
    expected = {a for a in disbursed if disbursed[a] and accepted[a] / disbursed[a] < 0.8}
    assert expected == {"Báo Nhân Dân", "Báo Đầu tư"}  # the data was made that way

    rows = query(
        warehouse,
        "select agency, accepted_value_vnd, total_disbursed_vnd, accepted_to_disbursed_ratio "
        "from marts.mart_agency_scorecard where year = 2025",
    )
    assert {r["agency"] for r in rows if (r["accepted_to_disbursed_ratio"] or 1) < 0.8} == expected
    for r in rows:
        assert r["accepted_value_vnd"] == accepted.get(r["agency"], 0), r
        assert r["total_disbursed_vnd"] == disbursed.get(r["agency"], 0), r


def test_cost_per_1000_reach_by_outlet(built):
    warehouse, inbox = built
    value, reach = defaultdict(float), defaultdict(float)
    for f in contract_figures(inbox).values():
        value[f["agency"]] += f["accepted"]
        reach[f["agency"]] += len(f["items"]) * reach_of(inbox, f["agency"])
    expected = {a: value[a] / (reach[a] / 1000) for a in value if reach[a]}

    rows = query(
        warehouse,
        "select agency, cost_per_1000_reach_vnd from marts.mart_agency_scorecard "
        "where year = 2025 and contracts > 0",
    )
    actual = {r["agency"]: r["cost_per_1000_reach_vnd"] for r in rows}
    assert actual.keys() == expected.keys()
    for agency, cost in expected.items():
        assert actual[agency] == pytest.approx(cost), agency
    # Báo Đầu tư lists no reach: the seed's default for a central newspaper applies, labelled.
    (dau_tu,) = query(warehouse, "select * from marts.dim_agency where agency = 'Báo Đầu tư'")
    assert dau_tu["is_reach_default"] and dau_tu["reach_basis"].startswith("Ước tính mặc định")


def test_sub_themes_without_coverage(built):
    warehouse, inbox = built
    all_sub_themes = {t["sub_theme_id"] for t in seed_rows("themes")}
    expected = all_sub_themes - covered_sub_themes(inbox)
    assert 0 < len(expected) < len(all_sub_themes)

    rows = query(
        warehouse,
        "select sub_theme_id, has_coverage, items from marts.mart_theme_fit "
        "where year = 2025 and level = 'sub_theme'",
    )
    assert {r["sub_theme_id"] for r in rows} == all_sub_themes
    assert {r["sub_theme_id"] for r in rows if not r["has_coverage"]} == expected


def test_unclassified_coverage_stays_visible(built):
    warehouse, inbox = built
    themes = seed_rows("themes")
    keywords = [kw for t in themes for kw in t["keywords_ascii"].split("|")]
    items = distinct_items(inbox).values()
    unclassified = [
        i
        for i in items
        if not any(f" {kw} " in f" {fold(i['title'] + ' ' + i['summary'])} " for kw in keywords)
    ]
    assert unclassified
    (row,) = query(
        warehouse,
        "select items, share, theme_area from marts.mart_theme_fit "
        "where year = 2025 and theme_key = 'unclassified'",
    )
    assert row["items"] == len(unclassified)
    assert row["share"] == pytest.approx(len(unclassified) / len(items))
    assert row["theme_area"] is None
    (shares,) = query(
        warehouse,
        "select sum(share) as total from marts.mart_theme_fit where year = 2025 and level = 'area'",
    )
    assert shares["total"] == pytest.approx(1.0)


def holidays() -> set[dt.date]:
    days = set()
    for r in seed_rows("public_holidays"):
        day, last = dt.date.fromisoformat(r["start_date"]), dt.date.fromisoformat(r["end_date"])
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def test_event_lift_counts_each_events_own_items_against_its_area_without_it(built):
    warehouse, inbox = built
    # Tags and primary areas come from the warehouse (tested on their own); the lift is
    # computed here from them, the events list and the holidays seed.
    items = {
        r["item_id"]: r
        for r in query(
            warehouse,
            "select item_id, published_date, primary_theme_area from marts.fct_coverage",
        )
    }
    tags = defaultdict(set)
    for r in query(warehouse, "select item_id, sub_theme_id from marts.fct_coverage_theme"):
        tags[r["item_id"]].add(r["sub_theme_id"])
    event_tags = defaultdict(set)
    for r in query(warehouse, "select * from intermediate.int_events__sub_themes"):
        event_tags[r["event_id"]].add(r["sub_theme_id"])
    off = holidays()
    events = {}
    for e in inbox.events:
        first = e["start_date"] - dt.timedelta(days=e["window_days"])
        last = e["end_date"] + dt.timedelta(days=e["window_days"])
        events[e["event_id"]] = (first, last, e["theme_area"])

    def about(item_id, event_id):
        return bool(tags[item_id] & event_tags[event_id])

    def in_window(day, event_id):
        first, last, _ = events[event_id]
        return first <= day <= last

    days = [r["published_date"] for r in items.values()]
    span = [min(days) + dt.timedelta(days=n) for n in range((max(days) - min(days)).days + 1)]
    ordinary = [d for d in span if d not in off and not any(in_window(d, e) for e in events)]
    rows = {r["event_id"]: r for r in query(warehouse, "select * from marts.mart_event_lift")}
    assert set(rows) == set(events)
    for event_id, (first, last, area) in events.items():
        counted = [d for d in span if first <= d <= last and d not in off]
        # Ordinary-day rate of the event's items, per weekday, over the window's weekdays.
        per_weekday = defaultdict(lambda: [0, 0])
        for d in ordinary:
            per_weekday[d.isoweekday()][0] += 1
        for item_id, r in items.items():
            if r["published_date"] in set(ordinary) and about(item_id, event_id):
                per_weekday[r["published_date"].isoweekday()][1] += 1
        expected = sum(
            per_weekday[d.isoweekday()][1] / per_weekday[d.isoweekday()][0] for d in counted
        )
        own, shared, other = 0.0, 0, 0
        for item_id, r in items.items():
            day = r["published_date"]
            if day not in counted:
                continue
            claimants = [e for e in events if in_window(day, e) and about(item_id, e)]
            if event_id in claimants:
                own += 1 / len(claimants)
                shared += len(claimants) > 1
            elif not claimants and r["primary_theme_area"] == area:
                other += 1
        row = rows[event_id]
        assert row["window_days_counted"] == len(counted)
        assert row["event_items"] == pytest.approx(own)
        assert row["shared_items"] == shared
        assert row["other_area_items"] == other
        assert row["expected_event_items"] == pytest.approx(expected)
        assert row["lift"] == pytest.approx((other + own) / (other + expected))
    # The synthetic year has a peak of anniversary items around 13/05, and the Red
    # Flamboyant festival's window overlaps it.
    assert rows["SK05"]["lift"] > 2
    assert rows["SK05"]["overlapping_events"] == "SK03"
    # The inbox's 2025 events replace the seeded ones for 2025: no event is counted twice.
    assert {r["event_source"] for r in rows.values()} == {"inbox"}


def test_only_what_the_inbox_claims_counts_the_rest_is_a_candidate(built):
    warehouse, inbox = built
    known = {c["contract_id"] for c in inbox.contracts}
    claims = defaultdict(dict)
    for row in coverage_rows(inbox):
        if row["contract_id"] in known:
            accepted = claims[row["item_id"]].get(row["contract_id"], False)
            claims[row["item_id"]][row["contract_id"]] = accepted or bool(row["accepted"])
    counted = defaultdict(int)
    for by_contract in claims.values():
        chosen = min(by_contract, key=lambda c: (not by_contract[c], c))
        counted[chosen] += 1
    budget = {r["contract_id"]: r for r in query(warehouse, "select * from marts.mart_budget")}
    for contract_id in known:
        assert budget[contract_id]["delivered_items"] == counted[contract_id], contract_id
    rows = query(warehouse, "select item_id, is_contracted, theme_areas from marts.fct_coverage")
    assert {r["item_id"] for r in rows if r["is_contracted"]} == set(claims)

    # Candidates: unclaimed items of a contract's agency, type, period and a content area.
    names = agency_of(inbox)
    items = distinct_items(inbox)
    areas = {r["item_id"]: set((r["theme_areas"] or "").split(";")) for r in rows}
    expected = set()
    for item_id, item in items.items():
        if item_id in claims:
            continue
        for line in inbox.contracts:
            if (
                names.get(fold(item["agency"])) == names[fold(line["agency"])]
                and item["deliverable_type"] == line["deliverable_type"]
                and line["start_date"] <= item["published_at"].date() <= line["end_date"]
                and str(line["theme_area"]) in areas[item_id]
            ):
                expected.add(item_id)
    candidates = query(warehouse, "select * from marts.mart_match_candidates")
    assert expected and {r["item_id"] for r in candidates} == expected
    assert not any(r["item_id"] in claims for r in candidates)


def test_index_movement_2019_to_2024_with_ranks(built):
    warehouse, inbox = built
    published = defaultdict(list)
    for r in inbox.indices:
        if r["province"] == "Hải Phòng" and r["component"] is None:
            published[(r["index_code"], r["year"])].append(r)
    rows = query(
        warehouse,
        "select index_code, year, score, rank, province, has_conflict, conflicting_scores, "
        "prev_year, score_change, score_changes, rank_change, methodology_break, "
        "release_lag_months "
        "from marts.mart_index_trends where component = 'overall'",
    )
    by_key = defaultdict(list)
    for r in rows:
        by_key[(r["index_code"], r["year"])].append(r)
    assert {r["province"] for r in rows} == {"Hải Phòng"}  # the peer province is left out
    for code in ("PAR", "SIPAS", "PCI", "DTI"):
        for year in (2019, 2024):
            expected = published.get((code, year), [])
            actual = by_key.get((code, year), [])
            assert sorted((e["score"], e["rank"]) for e in expected) == sorted(
                (a["score"], a["rank"]) for a in actual
            ), (code, year)
    # How they moved, answered from the marts: PCI 68.73 (10th) -> 74.84 (1st), and so on.
    (pci_2019,), (pci_2024,) = by_key[("PCI", 2019)], by_key[("PCI", 2024)]
    assert (pci_2019["rank"], pci_2024["rank"]) == (10, 1)
    assert pci_2024["score"] - pci_2019["score"] == pytest.approx(74.84 - 68.73)
    (par_2024,) = by_key[("PAR", 2024)]
    assert par_2024["prev_year"] == 2023 and par_2024["rank_change"] == 1
    # Never a change from the mean of conflicting figures: one change per 2023 figure.
    assert par_2024["score_change"] is None
    assert par_2024["score_changes"] == "+4.30 | +4.36"
    # Conflicting official figures are kept side by side.
    par_2023 = by_key[("PAR", 2023)]
    assert len(par_2023) == 2
    assert all(r["has_conflict"] and r["conflicting_scores"] == "91.87 | 91.81" for r in par_2023)
    assert by_key[("PCI", 2021)][0]["methodology_break"]
    assert not by_key[("PCI", 2022)][0]["methodology_break"]
    assert {r["release_lag_months"] for r in by_key[("PCI", 2024)]} == {5}


def test_payable_at_settlement_per_contract(built):
    warehouse, inbox = built
    rows = {r["contract_id"]: r for r in query(warehouse, "select * from marts.mart_budget")}
    for contract_id, f in contract_figures(inbox).items():
        row = rows[contract_id]
        assert row["contract_value_vnd"] == f["value"]
        assert row["accepted_value_vnd"] == f["accepted"]
        assert row["total_disbursed_vnd"] == f["disbursed"]
        assert row["payable_vnd"] == max(f["accepted"] - f["disbursed"], 0)
        assert row["over_disbursed_vnd"] == max(f["disbursed"] - f["accepted"], 0)


def test_syndicated_copies_are_clustered_with_their_original(built):
    warehouse, inbox = built
    rows = {r["item_id"]: r for r in query(warehouse, "select * from marts.fct_coverage")}
    assert len(rows) == len(distinct_items(inbox))  # duplicates and double claims: one row
    for copy, original in inbox.copies.items():
        assert rows[copy]["story_id"] == original and rows[copy]["is_syndicated_copy"]
        assert rows[original]["is_original"]
    assert sum(r["is_syndicated_copy"] for r in rows.values()) == len(inbox.copies)


def test_item_claimed_by_two_contracts_is_one_item(built):
    warehouse, inbox = built
    (row,) = query(
        warehouse, "select * from marts.fct_coverage where item_id = ?", [inbox.double_claimed]
    )
    assert row["claim_count"] == 2 and row["accepted_claim_count"] == 1
    assert row["matched_contract_id"] == "01/2025/HĐ-STTTT" and row["is_accepted"]
    (late,) = query(
        warehouse, "select * from marts.fct_coverage where item_id = ?", [inbox.late_item]
    )
    assert late["is_contracted"] and late["is_on_time"] is False and not late["is_accepted"]


def test_programme_lines_count_minutes(built):
    warehouse, _ = built
    (line,) = query(
        warehouse,
        "select * from marts.mart_contract_fulfilment where deliverable_type = 'programme'",
    )
    assert (line["ordered_qty"], line["accepted_qty"], line["delivered_qty"]) == (120, 100, 110)
    assert line["accepted_value_vnd"] == 100 * 5_000_000
    assert line["delivery_rate"] == pytest.approx(100 / 120)
    # An agency's minutes and items never add up into one quantity or one rate.
    lines = query(warehouse, "select * from marts.mart_contract_fulfilment")
    (card,) = query(
        warehouse,
        "select * from marts.mart_agency_scorecard where agency_id = ?",
        [line["agency_id"]],
    )
    assert (card["ordered_minutes"], card["accepted_minutes"]) == (120, 100)
    assert card["delivery_rate_minutes"] == pytest.approx(100 / 120)
    items = [r for r in lines if r["agency_id"] == line["agency_id"] and r["unit"] == "item"]
    ordered = sum(r["ordered_qty"] for r in items)
    assert card["ordered_items"] == ordered
    if ordered:
        accepted = sum(r["accepted_qty"] for r in items)
        assert card["delivery_rate_items"] == pytest.approx(accepted / ordered)


# ---- the interface: YAML, SPEC columns, docs -----------------------------------------------

# The marts' columns other parts of the project rely on (more may exist).
SPEC_COLUMNS = {
    "dim_agency": "agency_id agency tier media_type reach_estimate reach_basis is_reach_default",
    "dim_contract": "contract_line_id contract_id line_no agency_id agency year signed_on "
    "start_date end_date liquidated_on deliverable_type channel theme_area quantity "
    "unit_price_vnd amount_vnd contract_value_vnd max_unit_price_vnd",
    "dim_theme": "theme_key theme_area theme_area_name_vi theme_area_name_en sub_theme_id "
    "sub_theme_name_vi sub_theme_name_en level",
    "dim_date": "date_day year month quarter day_of_week date_label_vi",
    "fct_coverage": "item_id agency_id agency published_at published_date year month title url "
    "summary deliverable_type channel claimed_contract_id claim_count matched_contract_line_id "
    "matched_contract_id is_contracted is_accepted is_on_time story_id is_original "
    "is_syndicated_copy primary_theme_area theme_areas is_unclassified has_key_message views "
    "duration_min reach_estimate",
    "fct_coverage_theme": "item_id theme_area sub_theme_id",
    "fct_payment": "payment_id contract_id agency_id agency year paid_on amount_vnd kind "
    "is_after_liquidation",
    "mart_contract_fulfilment": "contract_line_id contract_id agency_id agency year "
    "deliverable_type channel theme_area ordered_qty delivered_qty accepted_qty on_time_qty "
    "delivery_rate on_time_rate unit_price_vnd amount_vnd accepted_value_vnd",
    "mart_budget": "contract_id agency_id agency year signed_on start_date end_date "
    "liquidated_on contract_value_vnd accepted_value_vnd advanced_vnd paid_vnd "
    "total_disbursed_vnd payable_vnd over_disbursed_vnd delivered_items accepted_items",
    "mart_cost_effectiveness": "year agency_id agency deliverable_type theme_area "
    "accepted_value_vnd accepted_items reach_estimate_total cost_per_item_vnd "
    "cost_per_1000_reach_vnd",
    "mart_theme_fit": "year level theme_area sub_theme_id name_vi items share planned_share "
    "share_gap has_coverage",
    "mart_event_lift": "event_id name event_date window_start window_end window_days "
    "window_days_counted holiday_days overlapping_events items_in_window event_items "
    "shared_items expected_event_items other_area_items baseline_items window_daily_avg "
    "baseline_daily_avg lift",
    "mart_match_candidates": "year item_id agency_id agency published_date title url "
    "deliverable_type channel theme_areas reason candidate_contract_id "
    "candidate_contract_line_id candidate_lines item_value_vnd",
    "mart_share_of_voice": "year month contracted_items organic_items contracted_share",
    "mart_key_messages": "year message_id message_vi items share",
    "mart_index_trends": "index_code component year score scale_max score_pct rank prev_year "
    "score_change score_changes prev_has_conflict rank_change source note is_placeholder "
    "release_lag_months methodology_break has_conflict conflicting_scores",
    "fct_coverage_tone": "item_id year month published_date agency_id agency "
    "primary_theme_area is_contracted is_original tone tone_source lexicon_tone tone_score "
    "matched_terms tone_review_row tone_reviewed_by tone_reviewed_on changed_at "
    "inputs_fingerprint",
    "mart_public_concern": "concern_id description keywords theme_area year first_seen_at "
    "response_at response_channel first_response_item_id first_response_agency "
    "first_response_at response_hours is_answered_within_72h items_24h items_72h items_7d "
    "contracted_share answer_outlets answer_outlet_names candidate_items candidate_items_72h "
    "candidate_first_response_at candidate_response_hours rejected_items",
    "mart_public_concern_items": "concern_id item_id agency_id agency published_at title url "
    "hours_after_first_seen is_official_outlet is_contracted_outlet is_after_response "
    "is_keyword_match review_status review_note reviewed_by reviewed_on",
    "mart_agency_scorecard": "year agency_id agency tier contracts contract_value_vnd "
    "accepted_value_vnd total_disbursed_vnd ordered_items accepted_items delivery_rate_items "
    "on_time_rate_items ordered_minutes accepted_minutes delivery_rate_minutes "
    "on_time_rate_minutes items_published contracted_items organic_items unique_stories "
    "syndicated_copies reach_estimate_total cost_per_1000_reach_vnd views_total top_theme_area",
}


def relation_columns(warehouse: Path) -> dict[str, list[str]]:
    rows = query(
        warehouse,
        "select table_name, column_name from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'marts') order by ordinal_position",
    )
    columns = defaultdict(list)
    for r in rows:
        columns[r["table_name"]].append(r["column_name"])
    return columns


def test_marts_are_exactly_the_spec_marts_with_its_columns(built):
    warehouse, _ = built
    marts = {
        r["table_name"]: r["table_type"]
        for r in query(
            warehouse,
            "select table_name, table_type from information_schema.tables "
            "where table_schema = 'marts'",
        )
    }
    assert marts == dict.fromkeys(SPEC_COLUMNS, "BASE TABLE")
    columns = relation_columns(warehouse)
    for mart, spec in SPEC_COLUMNS.items():
        missing = set(spec.split()) - set(columns[mart])
        assert not missing, f"{mart} lacks {sorted(missing)}"
        assert not any("advertis" in c or c.startswith("ave") for c in columns[mart])


def test_every_model_documents_exactly_its_columns(built):
    warehouse, _ = built
    columns = relation_columns(warehouse)
    for yml in sorted((DBT_PROJECT_DIR / "models").rglob("*.yml")):
        if yml.name.startswith("_"):
            continue
        document = yaml.safe_load(yml.read_text(encoding="utf-8"))
        (model,) = document["models"]
        assert model["name"] == yml.stem and model["description"].strip(), yml
        assert yml.with_suffix(".sql").exists(), yml
        documented = [c["name"] for c in model["columns"]]
        assert documented == columns[model["name"]], model["name"]
        for column in model["columns"]:
            assert column.get("description", "").strip(), (model["name"], column["name"])
            if "reach" in column["name"] and model["name"].startswith(("mart_", "dim_", "fct_")):
                assert "estimate" in column["description"].lower(), column


@pytest.mark.pipeline_runs(0.9)  # with the module's `dbt build`
def test_docs_generate_offline(built, tmp_path):
    warehouse, _ = built
    result = run_dbt(warehouse, tmp_path, "docs", "generate")
    assert result.returncode == 0, result.stdout[-4000:]
    index = tmp_path / "target" / "index.html"
    assert index.exists() and (tmp_path / "target" / "catalog.json").exists()
