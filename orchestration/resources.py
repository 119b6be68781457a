"""Resources the assets share: where the inbox and the warehouse are, and which year and
province a run is about.

Values come from environment variables resolved when a run starts, so a run launched from the
command line and one launched from the UI read the same settings;
`orchestration.runtime.environment` sets the defaults. A partitioned run is about the year of
its partition ('2024', '2024-06'), whatever the default year is.

Runs of the code location (`guard_runs`) are guarded: they hold the pipeline lock, build on a
working copy of the warehouse and publish it when the run finished (orchestration.runtime.guard).
The command line guards a whole command itself; its runs then share that session.
"""

import contextlib
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from orchestration import partitions
from orchestration.runtime import guard, locking, paths

if TYPE_CHECKING:
    from reports.kernel import KernelSession


class PipelineSettings(dg.ConfigurableResource):
    """The inbox to read, the warehouse to build, and the year and province being evaluated."""

    inbox: str
    warehouse: str
    year: int
    province: str
    advance_cap_percent: int = 30  # share of the contract value an advance may reach
    guard_runs: bool = False  # take the pipeline lock and build on a working copy

    @property
    def advance_cap(self) -> float:
        return self.advance_cap_percent / 100

    @contextlib.contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with duckdb.connect(self.warehouse, read_only=read_only) as con:
            yield con

    def for_run(self, *, year: int, warehouse: str) -> "PipelineSettings":
        return PipelineSettings(
            inbox=self.inbox,
            warehouse=warehouse,
            year=year,
            province=self.province,
            advance_cap_percent=self.advance_cap_percent,
        )

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["PipelineSettings"]:
        run = context.run
        year = partitions.year_from_tags(dict(run.tags) if run else {}) or self.year
        session = guard.active()
        if session is not None:
            yield self.for_run(year=year, warehouse=str(session.working))
            return
        if not self.guard_runs or run is None or context.instance is None:
            yield self.for_run(year=year, warehouse=self.warehouse)
            return
        instance = context.instance
        instance.add_run_tags(run.run_id, guard.process_tags())
        with (
            _environment(MEDIACOOP_YEAR=str(year)),  # dbt reads the year from its environment
            guard.guarded(
                f"{run.job_name} {run.run_id[:8]}",
                wait_seconds=math.inf,
                on_wait=lambda holder: context.log.info(locking.waiting_message(holder)),
                instance=instance,
                warehouse=Path(self.warehouse),
            ) as session,
        ):
            yield self.for_run(year=year, warehouse=str(session.working))
            if run_may_publish(instance, run.run_id):
                session.publish()
                context.log.info(f"published the warehouse {session.final}")
            else:
                context.log.warning(
                    "Lần chạy có bước lỗi: giữ nguyên kho dữ liệu cũ. / A step failed: the "
                    f"published warehouse {session.final} is left as it was."
                )


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set variables for the rest of the run in this process (a run worker runs one run)."""
    previous = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_may_publish(instance: dg.DagsterInstance, run_id: str) -> bool:
    """A run's warehouse may be published when no step failed, or when the only failures are
    blocking settlement checks (a blocked gate is a result, not a broken build), and nobody
    is cancelling the run. (An interrupted step fails, so it stops publishing too.)"""
    run = instance.get_run_by_id(run_id)
    if run is None or run.status in (dg.DagsterRunStatus.CANCELING, dg.DagsterRunStatus.CANCELED):
        return False
    failures = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    return all(is_blocked_check(entry.dagster_event.step_failure_data.error) for entry in failures)


def is_blocked_check(error) -> bool:
    return error is not None and error.cls_name == "DagsterAssetCheckFailedError"


# Report kernels per run. Two (the year-end report and the scorecards at the same time, one set
# per kernel) took the demo's reports step from 7,8 to 7,1 s on 2 cores, but cost ~3 s more CPU
# (each kernel imports the report libraries) and ~200 MB a run: a loss wherever the cores are
# busy anyway (the 1.000.000-item build, runs side by side). render_sets deals the sets out to
# as many kernels as it is given.
REPORT_KERNELS = 1

# Report kernels started ahead of the runs of a command (report_kernel_ahead), waiting for the
# first run that renders: (session, its work folder) each.
_ahead: "list[tuple[KernelSession, tempfile.TemporaryDirectory]] | None" = None


def _start_report_kernel() -> "tuple[KernelSession, tempfile.TemporaryDirectory]":
    from reports.kernel import REPORT_LIBRARIES, KernelSession, report_warm_up  # Jupyter

    workdir = tempfile.TemporaryDirectory(prefix="mediacoop-kernel-")
    try:
        # The kernel draws a first chart and builds the HTML reports' chart libraries (kept in
        # the build folder's cache) while the run loads and builds, not in the reports step.
        warm_up = report_warm_up(paths.cache_dir() if "html" in report_formats() else None)
        session = KernelSession(Path(workdir.name), REPORT_LIBRARIES, warm_up)
        return session.start(), workdir
    except BaseException:
        workdir.cleanup()
        raise


def report_formats() -> tuple[str, ...]:
    """The formats asked for with `mediacoop report --format` (MEDIACOOP_REPORT_FORMATS;
    default: HTML and PDF). Read without the renderer, which a kernel started at a run's start
    must not wait for."""
    from reports import FORMATS

    requested = os.environ.get("MEDIACOOP_REPORT_FORMATS", ",".join(FORMATS))
    return tuple(f for f in FORMATS if f in {part.strip() for part in requested.split(",")})


def _start_report_kernels() -> "list[tuple[KernelSession, tempfile.TemporaryDirectory]]":
    started = []
    try:
        for _ in range(REPORT_KERNELS):
            started.append(_start_report_kernel())
    except BaseException:
        _stop_report_kernels(started)
        raise
    return started


def _stop_report_kernels(started) -> None:
    """Stop each kernel and remove its folder, all of them even when one fails to stop."""
    with contextlib.ExitStack() as stack:
        for session, workdir in started:
            stack.callback(workdir.cleanup)
            stack.callback(session.close)


@contextlib.contextmanager
def report_kernel_ahead() -> Iterator[None]:
    """Start the report kernels now, for the first run of the block that renders reports.

    The command line calls this before it imports the definitions and opens the instance:
    the kernels import the report libraries on the other core meanwhile, instead of
    alongside the model build or, when the models are current, while the reports wait for
    them. Kernels no run took are stopped when the block ends."""
    global _ahead
    try:
        _ahead = _start_report_kernels()
    except Exception:  # noqa: BLE001 - the run's resource starts them and reports the error
        _ahead = None
    try:
        yield
    finally:
        left, _ahead = _ahead, None
        if left is not None:
            _stop_report_kernels(left)


class ReportKernel(dg.ConfigurableResource):
    """The Jupyter kernels every report document of a run executes in (REPORT_KERNELS: the
    year-end report in one while the scorecards run in the other), started when the run's
    resources start, or earlier by the command line (report_kernel_ahead): the kernel
    processes import the report libraries while other work goes on, so the reports find them
    ready. Starting them costs this process only the launch: the libraries load in the
    kernels."""

    _started: list = PrivateAttr(default_factory=list)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        global _ahead
        started, _ahead = _ahead, None
        self._started = started or _start_report_kernels()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        started, self._started = self._started, []
        _stop_report_kernels(started)

    def sessions(self) -> "list[KernelSession]":
        if not self._started:
            raise RuntimeError("the report kernels are used outside a run")
        return [session for session, _ in self._started]


def settings_from_environment() -> PipelineSettings:
    return PipelineSettings(
        inbox=dg.EnvVar("MEDIACOOP_INBOX"),
        warehouse=dg.EnvVar("MEDIACOOP_WAREHOUSE"),
        year=dg.EnvVar.int("MEDIACOOP_YEAR"),
        province=dg.EnvVar("MEDIACOOP_PROVINCE"),
        advance_cap_percent=dg.EnvVar.int("MEDIACOOP_ADVANCE_CAP_PERCENT"),
        guard_runs=True,
    )
