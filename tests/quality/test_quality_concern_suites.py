"""The Great Expectations suites of the public-concern marts: consistent rows pass every
expectation, and each kind of inconsistency fails the expectation that names it.
The marts are built from their dbt contracts (contract_tables.py) and validated by the gate's
own suites (quality.suites.run_suites)."""

import datetime as dt

import duckdb
import pandas as pd
import pytest
from contract_tables import create_marts, insert_frame, manifest_path

from quality.expectations import MART_EXPECTATIONS, with_contract_columns
from quality.suites import run_suites

TABLES = ("marts.mart_public_concern", "marts.mart_public_concern_items")
SEEN = dt.datetime(2025, 3, 1, 8, 0)


def hours(n: float) -> dt.datetime:
    return SEEN + dt.timedelta(hours=n)


def concerns(**changes) -> pd.DataFrame:
    """C1 answered by a contracted outlet after 30 h; C2 with no item at all."""
    rows = [
        {
            "concern_id": "C1",
            "description": "Tin đồn phong tỏa cảng",
            "year": 2025,
            "theme_area": 3,
            "first_seen_at": SEEN,
            "response_at": hours(30),
            "window_end_at": hours(30 + 720),
            "first_response_item_id": "i2",
            "first_response_at": hours(30),
            "response_hours": 30.0,
            "is_answered_within_72h": True,
            "items_24h": 1,
            "items_72h": 2,
            "items_7d": 3,
            "items_in_window": 3,
            "contracted_items": 1,
            "contracted_share": 1 / 3,
            "outlets": 2,
            "answer_items": 2,
            "answer_outlets": 1,
            "candidate_items": 1,
            "candidate_items_72h": 1,
            "candidate_response_hours": 50.0,
            "rejected_items": 1,
        },
        {
            "concern_id": "C2",
            "description": "Phản ánh giá vé",
            "year": 2025,
            "first_seen_at": SEEN,
            "window_end_at": hours(720),
            "is_answered_within_72h": False,
            **dict.fromkeys(
                (
                    "items_24h",
                    "items_72h",
                    "items_7d",
                    "items_in_window",
                    "contracted_items",
                    "outlets",
                    "answer_items",
                    "answer_outlets",
                ),
                0,
            ),
        },
    ]
    rows[0].update(changes)
    return pd.DataFrame(rows)


def concern_items(extra: list[dict] = ()) -> pd.DataFrame:
    rows = [
        {
            "concern_id": "C1",
            "item_id": item_id,
            "published_at": hours(at),
            "hours_after_first_seen": float(at),
            "is_official_outlet": official,
            "is_contracted_outlet": contracted,
            "is_response_outlet": official or contracted,
            "is_after_response": at >= 30,
            "is_keyword_match": True,
            "review_status": status,
        }
        for item_id, at, official, contracted, status in (
            ("i1", 2, False, False, "confirmed"),
            ("i2", 30, False, True, "confirmed"),
            ("i3", 100, True, False, "confirmed"),
            ("i4", 1, True, True, "rejected"),
            ("i5", 50, True, True, "candidate"),
        )
    ]
    return pd.DataFrame([*rows, *extra])


def failures(concern_rows, item_rows) -> set[tuple[str, str, str | None]]:
    specs = tuple(s for s in with_contract_columns(manifest_path()) if s.table in TABLES)
    with duckdb.connect() as con:
        create_marts(con, set(TABLES))
        insert_frame(con, "marts.mart_public_concern", concern_rows)
        insert_frame(con, "marts.mart_public_concern_items", item_rows)
        outcomes, counts = run_suites(con, {}, specs)
    assert counts == {
        "marts.mart_public_concern": len(concern_rows),
        "marts.mart_public_concern_items": len(item_rows),
    }
    assert {o.suite for o in outcomes} == set(TABLES)
    return {(o.suite, o.expectation, o.column_name) for o in outcomes if not o.success}


def test_the_gate_validates_the_concern_marts():
    assert set(TABLES) <= {spec.table for spec in MART_EXPECTATIONS}


def test_consistent_concern_rows_pass_every_expectation():
    assert failures(concerns(), concern_items()) == set()


PAIR = "expect_column_pair_values_a_to_be_greater_than_b"
BETWEEN = "expect_column_values_to_be_between"


@pytest.mark.parametrize(
    ("concern_changes", "failed"),
    [
        ({"items_24h": 5}, (PAIR, "items_72h ≥ items_24h")),
        ({"response_at": hours(-5)}, (PAIR, "response_at ≥ first_seen_at")),
        ({"contracted_share": 1.5}, (BETWEEN, "contracted_share")),
        ({"response_hours": -1.0}, (BETWEEN, "response_hours")),
        ({"answer_outlets": 3}, (PAIR, "outlets ≥ answer_outlets")),
        ({"concern_id": "C2"}, ("expect_column_values_to_be_unique", "concern_id")),
        (
            {"candidate_items_72h": 2, "candidate_items": 1},
            (PAIR, "candidate_items ≥ candidate_items_72h"),
        ),
        ({"candidate_response_hours": -2.0}, (BETWEEN, "candidate_response_hours")),
    ],
)
def test_an_inconsistent_concern_row_fails_the_expectation_that_names_it(concern_changes, failed):
    found = failures(concerns(**concern_changes), concern_items())
    assert found == {("marts.mart_public_concern", *failed)}


def test_concern_items_repeated_or_before_the_sighting_fail():
    repeated = {**concern_items().iloc[0].to_dict()}
    early = {**repeated, "item_id": "i0", "hours_after_first_seen": -3.0}
    found = failures(concerns(), concern_items([repeated, early]))
    table = "marts.mart_public_concern_items"
    assert found == {
        (table, "expect_compound_columns_to_be_unique", "concern_id, item_id"),
        (table, BETWEEN, "hours_after_first_seen"),
    }


def test_a_concern_item_without_a_known_review_status_fails():
    guessed = {**concern_items().iloc[0].to_dict(), "item_id": "i9", "review_status": "probable"}
    unknown = {**guessed, "item_id": "i8", "review_status": None}
    found = failures(concerns(), concern_items([guessed, unknown]))
    table = "marts.mart_public_concern_items"
    assert found == {
        (table, "expect_column_values_to_be_in_set", "review_status"),
        (table, "expect_column_values_to_not_be_null", "review_status"),
    }
