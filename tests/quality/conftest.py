"""Fixtures of the quality tests: the Great Expectations results of a warehouse's contents are
worked out once per session.

Most gate tests build the same small warehouses and test the rules, the storage or the page;
GX takes seconds on each. The gate's suites are a function of the tables they read (names,
column types, rows in order), the row counts of the last good run and the suites themselves, so
their outcomes are kept under a digest of those and reused when a later gate run meets the same
inputs. Tests of the suites still get outcomes GX produced on exactly their data, and slow
tests (which time the gate or run it end to end) always run GX.
"""

import hashlib
import os
import pickle

import pytest
import session_cache

import quality.gate
import quality.suites
from ingestion.lineage import table_exists
from quality.suites import run_suites


def suite_inputs_digest(con, last_good_counts: dict[str, int], specs) -> str:
    settings = (quality.suites.FULL_LOAD_MAX_ROWS, quality.suites.MIN_SHARE_OF_LAST_GOOD_COUNT)
    digest = hashlib.sha256(repr((settings, sorted(last_good_counts.items()), specs)).encode())
    for spec in specs:
        digest.update(spec.table.encode())
        if not table_exists(con, spec.table):
            digest.update(b"\0missing")
            continue
        schema, name = spec.table.split(".", 1)
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
            [schema, name],
        ).fetchall()
        (rows,) = con.execute(
            f"SELECT count(*) || ':' || coalesce(md5(string_agg(hash(t)::VARCHAR, ',')), '')"
            f" FROM {spec.table} AS t"
        ).fetchone()
        digest.update(repr(columns).encode() + rows.encode())
    return digest.hexdigest()


def cached_run_suites(con, last_good_counts, specs):
    path = session_cache.folder("gx-results") / (
        suite_inputs_digest(con, last_good_counts, specs) + ".pickle"
    )
    if path.exists():
        return pickle.loads(path.read_bytes())
    result = run_suites(con, last_good_counts, specs)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(pickle.dumps(result))
    partial.replace(path)  # whole or absent, whichever worker writes it
    return result


@pytest.fixture(scope="module", autouse=True)
def gx_results_reused(request):
    """For the module's gate runs, module-scoped fixtures included (autouse comes first)."""
    if request.node.get_closest_marker("slow"):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quality.gate, "run_suites", cached_run_suites)
        yield


@pytest.fixture(autouse=True)
def gx_runs_in_slow_tests(request, monkeypatch):
    if request.node.get_closest_marker("slow"):
        monkeypatch.setattr(quality.gate, "run_suites", run_suites)
