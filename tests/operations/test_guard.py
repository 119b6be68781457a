"""Guarded runs: a run launched from the UI, a schedule or the sensor holds the lock, builds on a
working copy and publishes it only when it finished; a killed run is recovered by the next."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration import partitions
from orchestration.resources import PipelineSettings
from orchestration.runtime import environment, guard, locking, outputs, paths


def settings(warehouse: Path, **overrides) -> PipelineSettings:
    values = dict(
        inbox="unused",
        warehouse=str(warehouse),
        year=2025,
        province="Hải Phòng",
        guard_runs=True,
    )
    return PipelineSettings(**{**values, **overrides})


# What the asset saw while it ran (the run executes in this process).
SEEN: dict = {}


def note_path(year: int) -> Path:
    return paths.reports_dir(year) / "note.txt"


@dg.asset(partitions_def=partitions.year_partitions)
def yearly_table(context: dg.AssetExecutionContext, settings: PipelineSettings):
    """Writes the year it was run for to the warehouse and to a report, and records what it
    saw while running."""
    outputs.write_atomically(note_path(settings.year), f"year {settings.year}")
    SEEN.update(
        year=settings.year,
        warehouse=settings.warehouse,
        holder=locking.held_here(),
        tags=dict(context.run.tags),
        year_for_dbt=os.environ.get("MEDIACOOP_YEAR"),
        warehouse_for_dbt=os.environ.get("MEDIACOOP_WAREHOUSE"),
        note_in_place=note_path(settings.year).exists(),
    )
    with settings.connect() as con:
        con.execute("CREATE TABLE IF NOT EXISTS years (year INTEGER)")
        con.execute("INSERT INTO years VALUES (?)", [settings.year])


@dg.asset(deps=[yearly_table])
def broken(settings: PipelineSettings):
    raise RuntimeError("a step that fails after the warehouse was written")


def years(warehouse: Path) -> list[int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [y for (y,) in con.execute("SELECT year FROM years ORDER BY year").fetchall()]


def test_a_ui_run_builds_on_a_copy_and_publishes_it(build):
    warehouse = build / "warehouse.duckdb"
    SEEN.clear()
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [yearly_table],
            partition_key="2024",
            resources={"settings": settings(warehouse)},
            instance=instance,
        )
        run = instance.get_run_by_id(result.run_id)
    assert result.success
    assert SEEN["year"] == 2024, "the partition decides the year, not the default"
    assert SEEN["warehouse"] == str(warehouse) + ".next"
    # dbt runs as a child process and reads both from the environment
    assert (SEEN["year_for_dbt"], SEEN["warehouse_for_dbt"]) == ("2024", SEEN["warehouse"])
    assert SEEN["holder"] is not None and SEEN["holder"].command.startswith("__ephemeral")
    assert run.tags[guard.PID_TAG].isdigit() and guard.HOST_TAG in run.tags
    assert years(warehouse) == [2024]
    assert not SEEN["note_in_place"], "outputs wait for the warehouse to be published"
    assert note_path(2024).read_text() == "year 2024"
    assert sorted(p.name for p in build.iterdir()) == [
        "index.html",  # the portal, rewritten by every run that publishes
        "mediacoop.lock",
        "reports",
        "warehouse.duckdb",
    ]
    assert not list(build.rglob("*" + outputs.PENDING_SUFFIX))
    assert locking.current_holder() is None


def test_a_failed_ui_run_leaves_the_warehouse_as_it_was(build):
    warehouse = build / "warehouse.duckdb"
    with dg.instance_for_test() as instance:
        dg.materialize(
            [yearly_table],
            partition_key="2024",
            resources={"settings": settings(warehouse)},
            instance=instance,
        )
        result = dg.materialize(
            [yearly_table, broken],
            partition_key="2025",
            resources={"settings": settings(warehouse)},
            instance=instance,
            raise_on_error=False,
        )
    assert not result.success
    assert years(warehouse) == [2024], "the failed run's 2025 row must not be published"
    assert not note_path(2025).exists(), "nor its report"
    assert note_path(2024).read_text() == "year 2024"
    assert not list(build.glob("warehouse.duckdb.next*"))
    assert not list(build.rglob("*" + outputs.PENDING_SUFFIX))


def test_unguarded_settings_write_in_place(build):
    """Tests and tools that pass their own settings keep writing where they point."""
    warehouse = build / "w.duckdb"
    build.mkdir(parents=True, exist_ok=True)
    SEEN.clear()
    result = dg.materialize(
        [yearly_table],
        partition_key="2023",
        resources={"settings": settings(warehouse, guard_runs=False)},
    )
    assert result.success and SEEN["warehouse"] == str(warehouse) and SEEN["holder"] is None
    assert years(warehouse) == [2023]
    assert SEEN["note_in_place"], "outside a guarded run an output is in place at once"


KILLED_RUN = textwrap.dedent(
    """
    import os, sys, time
    import dagster as dg
    from orchestration.runtime import guard

    @dg.asset(pool="warehouse")
    def slow():
        print("in step", flush=True)
        time.sleep(120)

    job = dg.define_asset_job("slow_job")
    defs = dg.Definitions(assets=[slow], jobs=[job], executor=dg.in_process_executor)
    with dg.DagsterInstance.from_config(sys.argv[1]) as instance:
        defs.resolve_job_def("slow_job").execute_in_process(
            instance=instance, tags=guard.process_tags()
        )
    """
)


def test_a_killed_run_is_marked_failed_and_frees_its_pool_slot(tmp_path):
    """Without recovery, a killed run keeps its slot of the pool of size 1, and every later
    run waits for it for ever."""
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text(environment.dagster_yaml(home))
    script = tmp_path / "killed_run.py"
    script.write_text(KILLED_RUN)
    process = subprocess.Popen(
        [sys.executable, str(script), str(home)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "in step"
        with dg.DagsterInstance.from_config(str(home)) as instance:
            assert guard.recover_interrupted_runs(instance) == [], "its process is alive"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.STARTED
        assert instance.event_log_storage.get_concurrency_info("warehouse").claimed_slots
        assert guard.recover_interrupted_runs(instance) == [run.run_id]
        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
        assert not instance.event_log_storage.get_concurrency_info("warehouse").claimed_slots
        assert guard.recover_interrupted_runs(instance) == []


@pytest.mark.parametrize(
    ("tags", "year"),
    [
        ({"dagster/partition": "2024"}, 2024),
        ({"dagster/partition": "2025-06"}, 2025),
        (
            {
                "dagster/asset_partition_range_start": "2024-06",
                "dagster/asset_partition_range_end": "2025-03",
            },
            2025,
        ),
        ({}, None),
    ],
)
def test_the_year_of_a_run_comes_from_its_partitions(tags, year):
    assert partitions.year_from_tags(tags) == year


INTERRUPTED_RUN = textwrap.dedent(
    """
    import sys, time
    import dagster as dg
    from orchestration.resources import PipelineSettings

    @dg.asset
    def first(settings: PipelineSettings):
        with settings.connect() as con:
            con.execute("CREATE TABLE years AS SELECT 2025 AS year")

    @dg.asset(deps=[first])
    def slow(settings: PipelineSettings):
        print("slow started", flush=True)
        time.sleep(60)

    settings = PipelineSettings(
        inbox="unused", warehouse=sys.argv[1], year=2025, province="Hải Phòng", guard_runs=True
    )
    with dg.instance_for_test() as instance:
        dg.materialize([first, slow], resources={"settings": settings}, instance=instance,
                       raise_on_error=False)
    """
)


def test_an_interrupted_ui_run_publishes_nothing(build, tmp_path):
    """Terminating a run (or Ctrl-C on `dagster dev`) interrupts its step: the first asset's
    write stays in the working copy."""
    script = tmp_path / "interrupted_run.py"
    script.write_text(INTERRUPTED_RUN)
    warehouse = build / "warehouse.duckdb"
    process = subprocess.Popen(
        [sys.executable, str(script), str(warehouse)],
        env={**os.environ, "MEDIACOOP_BUILD": str(build)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        for line in process.stdout:
            if "slow started" in line:
                break
        else:
            pytest.fail("the run ended before its slow step")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    finally:
        process.kill()
    assert not warehouse.exists()
    assert not list(build.glob("warehouse.duckdb.next*"))
