"""A gate run validates with Great Expectations only the tables whose contents changed since a
stored run; the others keep that run's outcomes. The settlement rules run every time."""

import shutil
import types

import duckdb
import pytest
from contract_tables import manifest_path
from gate_fixtures import build_warehouse, clean_dataset

import quality.gate
from quality.gate import load_gate_result, run_gate
from quality.suites import run_suites

pytestmark = pytest.mark.slow  # GX itself runs here, never the session's cached outcomes


@pytest.fixture(scope="module")
def first_gate(tmp_path_factory) -> types.SimpleNamespace:
    """A warehouse of the clean dataset, a copy of it as it was before any gate run, and the
    first gate run on it with the tables it handed to GX: GX validating every suite, made once
    for the tests below (some 3 s of CPU)."""
    folder = tmp_path_factory.mktemp("first-gate")
    seen = types.SimpleNamespace(path=build_warehouse(folder / "w.duckdb", clean_dataset()))
    seen.before = folder / "before.duckdb"
    shutil.copy(seen.path, seen.before)
    seen.validated = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quality.gate, "run_suites", recording(seen.validated))
        seen.first = gate(seen.path, "run-1")
    return seen


def recording(calls: list[list[str]]):
    """run_suites, noting the tables each gate run hands to GX in `calls`."""

    def run(con, last_good_counts, specs):
        calls.append([spec.table for spec in specs])
        return run_suites(con, last_good_counts, specs)

    return run


@pytest.fixture
def validated(first_gate, monkeypatch):
    """The tables each gate run on first_gate's warehouse hands to GX, in order of the runs."""
    monkeypatch.setattr(quality.gate, "run_suites", recording(first_gate.validated))
    return first_gate.validated


def gate(path, run_id):
    with duckdb.connect(str(path)) as con:
        return run_gate(con, 2025, run_id=run_id, manifest=manifest_path())


def test_unchanged_tables_keep_their_outcomes_and_changed_ones_are_validated(first_gate, validated):
    path, first = first_gate.path, first_gate.first
    assert len(validated[0]) == len({o.suite for o in first.expectations}) > 10

    second = gate(path, "run-2")
    assert len(validated) == 1  # nothing changed: GX is not even started
    assert second.expectations == first.expectations
    assert [r.code for r in second.rules] == [r.code for r in first.rules]

    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE marts.fct_coverage SET channel = 'fax' WHERE rowid = 0")
    third = gate(path, "run-3")
    assert validated[1] == ["marts.fct_coverage"]
    failed = {(o.suite, o.column_name) for o in third.expectations if not o.success}
    assert ("marts.fct_coverage", "channel") in failed
    assert len(third.expectations) == len(first.expectations)

    with duckdb.connect(str(path), read_only=True) as con:
        stored = load_gate_result(con, 2025, "run-3")
    assert sorted(stored.expectations, key=repr) == sorted(third.expectations, key=repr)


def test_the_frames_gx_validates_hold_duckdbs_values_exactly():
    """Tables reach GX through Arrow in other dtypes than DuckDB's .df() gives: the values,
    NULLs and row order must be the same, in every column type the warehouse uses."""
    import datetime as dt

    import pandas as pd

    from quality.suites import _frame

    with duckdb.connect() as con:
        con.execute(
            """
            CREATE TABLE t AS SELECT * FROM (VALUES
              (1, 9007199254740993::BIGINT, 3::INTEGER, DATE '2025-01-31',
               TIMESTAMP '2025-03-15 08:30:00', true, 'Hải Phòng', 1.5, 7::INTEGER),
              (2, NULL, NULL, DATE '2500-01-01', NULL, NULL, NULL, NULL, 8),
              (3, -5, 2147483647, NULL, TIMESTAMP '1999-12-31 23:59:59.999999', false, '', 2.0,
               NULL)
            ) AS v(i, big, small, day, moment, flag, text, amount, key)
            """
        )
        query = "SELECT * FROM t"
        ours, theirs = _frame(con, query, ["key"]), con.execute(query).df()

    def plain(value):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return None
        if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
            return pd.Timestamp(value).isoformat()
        return value.item() if hasattr(value, "item") else value

    assert list(ours.columns) == list(theirs.columns)
    for column in ours.columns:
        assert [plain(v) for v in ours[column].astype(object)] == [
            plain(v) for v in theirs[column].astype(object)
        ], column
    # Samples show key columns: one with NULLs stays integer, as do integers beyond float's.
    assert pd.api.types.is_integer_dtype(ours["key"].dtype)
    assert pd.api.types.is_integer_dtype(ours["big"].dtype)


GATE_AFTER_BACKGROUND_IMPORT = """
import json, sys
import duckdb
from quality import suites
from quality.gate import run_gate

assert "great_expectations" not in sys.modules
suites.import_in_background()
assert suites._gx_import is not None
with duckdb.connect(sys.argv[1]) as con:
    result = run_gate(con, 2025, run_id="run-bg", manifest=sys.argv[2])
assert not suites._gx_import.is_alive()
print(json.dumps(sorted(map(repr, result.expectations))))
"""


def test_importing_gx_in_the_background_first_gives_the_same_outcomes(first_gate, tmp_path):
    """The command line starts importing GX while dbt builds; the gate then waits for that
    import and validates exactly as when it imports GX itself (first_gate's run, on the same
    warehouse as it was before that run)."""
    import json
    import subprocess
    import sys

    copy = tmp_path / "copy.duckdb"
    shutil.copy(first_gate.before, copy)
    script = tmp_path / "gate_after_background_import.py"
    script.write_text(GATE_AFTER_BACKGROUND_IMPORT)
    done = subprocess.run(
        [sys.executable, str(script), str(copy), str(manifest_path())],
        capture_output=True,
        text=True,
        check=True,
    )
    in_background = json.loads(done.stdout.strip().splitlines()[-1])
    assert in_background == sorted(map(repr, first_gate.first.expectations))


def test_the_batch_fingerprint_switch_the_gate_turns_off_is_still_read_by_gx():
    """GX has no option for its per-batch row hash; the gate sets the module constant it reads.
    A GX release that stops reading it would bring the cost back silently: this says so."""
    import inspect

    from great_expectations.execution_engine import pandas_execution_engine

    assert hasattr(pandas_execution_engine, "HASH_THRESHOLD")
    source = inspect.getsource(pandas_execution_engine.PandasExecutionEngine)
    assert "< HASH_THRESHOLD" in source


def test_a_check_named_twice_in_a_suite_is_validated_once():
    """A GX suite keeps one of equal expectations; the gate hands GX each suite whole, so it
    drops the repeats itself and a table's outcomes stay one per distinct check."""
    from quality.expectations import TableExpectations

    spec = TableExpectations(
        table="main.t",
        columns=("a", "b"),
        not_null=("a", "b", "a"),
        unique=("a", "a"),
        ordered=(("b", "a"), ("b", "a")),
    )
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 2), (2, NULL)) AS v(a, b)")
        outcomes, counts = run_suites(con, {}, (spec,))
    checks = [(o.expectation, o.column_name) for o in outcomes]
    assert counts == {"main.t": 2}
    assert sorted(checks, key=repr) == sorted(
        [
            ("expect_table_columns_to_match_set", None),
            ("expect_table_row_count_to_be_between", None),
            ("expect_column_values_to_not_be_null", "a"),
            ("expect_column_values_to_not_be_null", "b"),
            ("expect_column_values_to_be_unique", "a"),
            ("expect_column_pair_values_a_to_be_greater_than_b", "b ≥ a"),
        ],
        key=repr,
    )
    failed = [o for o in outcomes if not o.success]
    assert [(o.column_name, o.observed_value) for o in failed] == [("b", "1 / 2 dòng không đạt")]
