"""dbt runs only when what the models read changed: the fingerprint of the models' inputs, a
refresh with nothing new that skips the build, and a run of another year on the same inbox
that reuses the models (one build holds every year) but still runs its gate."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest
import session_cache
from ops_testkit import differences, write_coverage_day
from pipeline_run import run_mediacoop
from small_inbox import HTML_ONLY

from orchestration.runtime import model_state
from orchestration.runtime.paths import DBT_PROJECT_DIR

VARS = {"province": "Hải Phòng"}


@pytest.fixture(scope="module")
def manifest() -> Path:
    return session_cache.dbt_target() / "manifest.json"


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA raw")
        con.execute("CREATE TABLE raw.coverage (item_id VARCHAR, title VARCHAR, views BIGINT)")
        con.execute("INSERT INTO raw.coverage VALUES ('a', 'Tin một', 10), ('b', 'Tin hai', 20)")
        con.execute("CREATE TABLE raw.agencies (agency VARCHAR)")
        con.execute("INSERT INTO raw.agencies VALUES ('Báo Hải Phòng')")
        con.execute("CREATE TABLE raw.concerns (concern_id VARCHAR, keywords VARCHAR)")
    return path


def counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("raw.coverage", "marts.fct_coverage")
        }


def fingerprint(path: Path, manifest: Path, dbt_vars=VARS) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return model_state.fingerprint(con, dbt_vars, manifest)


def test_the_fingerprint_follows_every_row_and_the_vars(warehouse, manifest):
    before = fingerprint(warehouse, manifest)
    assert fingerprint(warehouse, manifest) == before
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.coverage SET views = 11 WHERE item_id = 'a'")
    changed = fingerprint(warehouse, manifest)
    assert changed != before
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.coverage SET views = 10 WHERE item_id = 'a'")
    assert fingerprint(warehouse, manifest) == before  # the same rows again: the same inputs
    assert fingerprint(warehouse, manifest, {"province": "Hà Nội"}) != before
    with duckdb.connect(str(warehouse)) as con:  # a copy of a row counts
        con.execute("INSERT INTO raw.coverage SELECT * FROM raw.coverage WHERE item_id = 'a'")
    assert fingerprint(warehouse, manifest) != before


def test_a_new_concern_changes_the_fingerprint(warehouse, manifest):
    before = fingerprint(warehouse, manifest)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("INSERT INTO raw.concerns VALUES ('DL-2025-09', 'cầu Rào')")
    assert fingerprint(warehouse, manifest) != before


def test_every_source_a_model_reads_is_fingerprinted(manifest):
    """The fingerprinted tables are the dbt sources, read from the project's own SQL here."""
    sources = {"inbox": "raw"}  # source name -> schema, as _inbox__sources.yml declares
    read = set()
    for sql in (DBT_PROJECT_DIR / "models").rglob("*.sql"):
        for name, table in re.findall(r"source\('(\w+)', '(\w+)'\)", sql.read_text("utf-8")):
            read.add(f"{sources[name]}.{table}")
    assert "raw.concerns" in read
    assert set(model_state.source_tables(manifest)) == read


def test_models_are_current_only_after_a_build_from_the_same_inputs(warehouse, manifest):
    assert not model_state.models_current(warehouse, VARS, manifest)
    with duckdb.connect(str(warehouse)) as con:
        inputs = model_state.fingerprint(con, VARS, manifest)
        model_state.record_build(con, inputs, "run-1", tested=False)
    assert model_state.models_current(warehouse, VARS, manifest)
    # A build without the data tests (a refresh's) does not stand for a run's.
    assert not model_state.models_current(warehouse, VARS, manifest, tested=True)
    with duckdb.connect(str(warehouse)) as con:
        model_state.record_build(con, inputs, "run-2", tested=True)
    assert model_state.models_current(warehouse, VARS, manifest, tested=True)
    assert not model_state.models_current(warehouse, {"province": "Hà Nội"}, manifest)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DELETE FROM raw.agencies")
    assert not model_state.models_current(warehouse, VARS, manifest)


def test_a_build_recorded_before_builds_said_whether_they_tested_is_not_current(
    warehouse, manifest
):
    with duckdb.connect(str(warehouse)) as con:
        inputs = model_state.fingerprint(con, VARS, manifest)
        con.execute(
            f"CREATE TABLE {model_state.STATE_TABLE} "
            "(fingerprint VARCHAR, built_at TIMESTAMP, run_id VARCHAR)"
        )
        con.execute(f"INSERT INTO {model_state.STATE_TABLE} VALUES (?, now(), 'old')", [inputs])
    assert not model_state.models_current(warehouse, VARS, manifest)


@pytest.mark.pipeline_runs(1.1)  # three `mediacoop refresh`, two building the models
def test_a_refresh_with_nothing_new_runs_no_dbt(small_inbox_build, tmp_path):
    """Goes on from the session's run of the small inbox, which built the models (and ran
    their data tests) from what its inbox holds."""
    build = session_cache.copy_build(small_inbox_build, tmp_path / "build")
    inbox = build / "inbox"
    refresh = ("refresh", "--inbox", str(inbox), "--month", "2025-12")
    assert "✓ dbt_models" in (build / "run.log").read_text(encoding="utf-8")
    built = counts(build / "warehouse.duckdb")

    again = run_mediacoop(build, *refresh)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "✓ dbt_models" not in again.stdout
    assert "nothing new in the inbox" in again.stdout
    assert "mediacoop_models" not in again.stdout
    assert counts(build / "warehouse.duckdb") == built

    # A day's coverage file changes raw.coverage alone: only the models reading it are built,
    # and the build stands for every model (a refresh after it finds them current).
    write_coverage_day(inbox, "30/12/2025", 3)
    new_day = run_mediacoop(build, *refresh)
    assert new_day.returncode == 0, new_day.stdout[-3000:] + new_day.stderr[-3000:]
    assert "✓ dbt_models" in new_day.stdout
    assert "only the models reading raw.coverage:" in new_day.stdout
    assert re.search(r"dbt_models +[0-9.]+s +\d+ assets \(staging 1,", new_day.stdout)
    after = counts(build / "warehouse.duckdb")
    assert after["raw.coverage"] == built["raw.coverage"] + 3
    assert after["marts.fct_coverage"] == built["marts.fct_coverage"] + 3
    quiet = run_mediacoop(build, *refresh)
    assert quiet.returncode == 0, quiet.stdout[-3000:] + quiet.stderr[-3000:]
    assert "nothing new in the inbox" in quiet.stdout

    # --full-refresh always rebuilds, whatever the fingerprint says, every model: the same
    # rows as the build of the models reading raw.coverage alone.
    partial = tmp_path / "partial.duckdb"
    shutil.copyfile(build / "warehouse.duckdb", partial)
    full = run_mediacoop(build, *refresh, "--full-refresh")
    assert full.returncode == 0, full.stdout[-3000:] + full.stderr[-3000:]
    assert "✓ dbt_models" in full.stdout
    assert "only the models reading" not in full.stdout
    assert differences(partial, build / "warehouse.duckdb") == {}


def test_only_the_source_tables_whose_rows_changed_are_named(warehouse, manifest):
    with duckdb.connect(str(warehouse)) as con:
        before = model_state.fingerprint(con, VARS, manifest)
        con.execute("INSERT INTO raw.coverage VALUES ('c', 'Tin ba', 30)")
        after = model_state.fingerprint(con, VARS, manifest)
        model_state.record_build(con, before, "run-1", tested=False)
    assert model_state.changed_sources(before, after) == ["raw.coverage"]
    # The plan carries the fingerprint it took: the build records it without taking it again.
    assert model_state.build_plan(warehouse, VARS, manifest) == (False, ["raw.coverage"], after)
    # Another province, or a fingerprint of an older build (a hash): every model is built.
    other = model_state.build_plan(warehouse, {"province": "Hà Nội"}, manifest)
    assert other.current is False and other.changed is None
    assert model_state.changed_sources("9f86d081884c7d65", after) is None


def test_the_models_left_out_read_none_of_the_changed_tables(manifest):
    unchanged = model_state.unaffected_nodes(manifest, ["raw.coverage"])
    assert "mediacoop.intermediate.int_payments__ledger" in unchanged
    assert "mediacoop.themes" in unchanged  # a seed
    for reads_coverage in ("int_coverage__items", "fct_coverage", "mart_budget", "dim_agency"):
        assert not [node for node in unchanged if node.endswith(f".{reads_coverage}")]
    everything = model_state.unaffected_nodes(manifest, [])
    assert set(unchanged) < set(everything)
    every_source = model_state.unaffected_nodes(manifest, model_state.source_tables(manifest))
    assert "mediacoop.themes" in every_source
    assert "mediacoop.intermediate.int_payments__ledger" not in every_source


def gate_runs(warehouse: Path, year: int) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        query = "select count(*) from quality.gate_runs where year = ?"
        return con.execute(query, [year]).fetchone()[0]


@pytest.mark.pipeline_runs(1.25)  # a run with no dbt, then one building the models
def test_a_run_of_another_year_on_the_same_inbox_reuses_the_models(small_inbox_build, tmp_path):
    """The session's small inbox was run for 2025; 2024 on the same inbox finds the models
    current (with their data tests run), runs its own gate and reports, and builds nothing.
    A new concerns file then changes what the models read: the next run builds them."""
    build = session_cache.copy_build(small_inbox_build, tmp_path / "build")
    inbox, warehouse = build / "inbox", build / "warehouse.duckdb"
    run_2024 = ("run", "--inbox", str(inbox), "--year", "2024")
    built = counts(warehouse)
    assert gate_runs(warehouse, 2024) == 0

    again = run_mediacoop(build, *run_2024, **HTML_ONLY)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "nothing new in the inbox" in again.stdout
    assert "✓ dbt_models" not in again.stdout
    assert counts(warehouse) == built
    assert gate_runs(warehouse, 2024) == 1  # the gate ran on the current data all the same
    assert (build / "quality" / "2024" / "index.html").is_file()
    assert (build / "reports" / "2024" / "bao-cao-tong-ket-2024.html").is_file()

    (inbox / "concerns" / "van-de-du-luan-2024.csv").write_text(
        "Mã vấn đề,Thời điểm phát hiện,Mô tả ngắn,Từ khóa,Lĩnh vực\n"
        "DL-2024-01,02/10/2024 08:00,Tin đồn cấm xe máy vào nội đô,cấm xe máy vào nội đô,5\n",
        encoding="utf-8",
    )
    concern = run_mediacoop(build, *run_2024, **HTML_ONLY)
    assert concern.returncode == 0, concern.stdout[-3000:] + concern.stderr[-3000:]
    assert "✓ dbt_models" in concern.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select concern_id from marts.mart_public_concern").fetchall()
    assert "DL-2024-01" in {concern_id for (concern_id,) in rows}
