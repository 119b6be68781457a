"""The dbt project's static promises: seeds in step, unit tests where the logic is. (sqlfluff
lints the whole project in `make lint`, which `make test` runs first.)"""

import csv

import yaml
from dbt_testkit import fold

from orchestration.runtime.paths import DBT_PROJECT_DIR

SEEDS = DBT_PROJECT_DIR / "seeds"


def seed_rows(name: str) -> list[dict]:
    with open(SEEDS / f"{name}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_seed_keywords_have_their_accent_free_forms():
    for name, label in (("themes", "sub_theme_id"), ("key_messages", "message_id")):
        for row in seed_rows(name):
            vietnamese = row["keywords_vi"].split("|")
            assert len(vietnamese) >= 3, row[label]
            assert [fold(k) for k in vietnamese] == row["keywords_ascii"].split("|"), row[label]


def test_theme_taxonomy_has_the_five_areas_of_the_plan():
    themes = seed_rows("themes")
    areas = {int(t["theme_area"]) for t in themes}
    assert areas == {1, 2, 3, 4, 5}
    for area in areas:
        assert sum(int(t["theme_area"]) == area for t in themes) >= 5
    assert len({t["sub_theme_id"] for t in themes}) == len(themes)


def test_agreed_unit_prices_are_the_agreed_ceilings():
    prices = {
        (r["deliverable_type"], r["channel"]): int(r["max_unit_price_vnd"])
        for r in seed_rows("agreed_unit_prices")
    }
    assert prices[("news", "social")] == 500_000
    assert prices[("film", "tv")] == 250_000_000
    assert prices[("programme", "radio")] == 1_000_000
    assert {c for (t, c) in prices if t == "event"} == {"print", "online", "tv", "radio", "social"}
    assert len(prices) == 30


def test_key_events_and_index_breaks_are_seeded():
    events = {e["start_date"]: e for e in seed_rows("key_events")}
    assert {"2025-02-03", "2025-03-15", "2025-05-13"} <= events.keys()
    breaks = {r["index_code"]: r["methodology_break_years"] for r in seed_rows("index_releases")}
    assert "2021" in breaks["PCI"].split("|")
    assert {"2021", "2022"} <= set(breaks["DTI"].split("|"))
    assert all("2025" in years.split("|") for years in breaks.values())


def test_the_logic_has_unit_tests():
    tested = set()
    for yml in (DBT_PROJECT_DIR / "models").rglob("*.yml"):
        document = yaml.safe_load(yml.read_text(encoding="utf-8"))
        tested |= {t["model"] for t in document.get("unit_tests", [])}
    assert {
        "int_coverage__syndication",
        "int_coverage__themes",
        "int_coverage__contract_match",
        "mart_budget",
        "mart_event_lift",
        "int_concerns__matches",
        "int_concerns__review_decisions",
        "int_concerns__items",
        "mart_public_concern",
        "dim_date",
        "mart_theme_fit",
    } <= tested


def test_no_packages_and_telemetry_off():
    assert not (DBT_PROJECT_DIR / "packages.yml").exists()
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    assert project["flags"]["send_anonymous_usage_stats"] is False
