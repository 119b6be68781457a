"""Runs that survive: a run killed with SIGKILL in the middle of dbt leaves the last good
warehouse and reports, and the next run completes; two runs started at once never both write.

Real `mediacoop` processes on a small inbox (a few hundred items; HTML reports only). The run
that recovers from a killed session is also the one a second run and a waiting progress page
meet (after_a_killed_session): each run costs some 30 s in the suite, and both tests need one
whole run from the same inbox.
"""

import contextlib
import functools
import os
import queue
import signal
import subprocess
import threading
import time
import types
from pathlib import Path

import dagster as dg
import preloaded
import pytest
import session_cache
from ops_testkit import counts, file_digests, write_coverage_day
from pipeline_run import MEDIACOOP, PROJECT_ROOT, pipeline_env, run_mediacoop
from small_inbox import HTML_ONLY

pytestmark = pytest.mark.slow
NEW_ITEMS = 40


@pytest.fixture
def build(small_inbox_build, tmp_path) -> Path:
    """A copy of the session's build folder after one good run of the small inbox (kept in
    <build>/inbox)."""
    return session_cache.copy_build(small_inbox_build, tmp_path / "build")


class Running:
    """A `mediacoop` process in its own session, its output read line by line."""

    def __init__(self, build: Path, *args: str):
        self.process = preloaded.popen(
            [*MEDIACOOP, *args],
            cwd=PROJECT_ROOT,
            env=pipeline_env(build, **HTML_ONLY),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its children (dbt, kernels) can be killed with it
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {text!r} in time:\n{self.output[-3000:]}"
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            assert line is not None, f"ended before {text!r}:\n{self.output[-3000:]}"
            self.lines.append(line)

    def finish(self, timeout: float = 600) -> int:
        code = self.process.wait(timeout=timeout)
        self.read_to_the_end()
        return code

    def read_to_the_end(self) -> None:
        """The output ends when every process holding it has gone, which a killed dbt writing
        its file may take well over 10 s to do on a loaded machine."""
        while (line := self._queue.get(timeout=120)) is not None:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def kill_session(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


def children_running_dbt(session_id: int) -> list[int]:
    """Processes of the session whose command line runs dbt."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != session_id:
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ProcessLookupError):
            continue
        if "dbt" in command and " build" in command:
            found.append(int(entry.name))
    return found


def wait_for_dbt(run: Running, timeout: float = 300) -> list[int]:
    """The processes of the run's session running `dbt build`, once there are any."""
    deadline = time.monotonic() + timeout
    while not (found := children_running_dbt(run.process.pid)):
        assert run.process.poll() is None, f"ended before dbt started:\n{run.output[-3000:]}"
        assert time.monotonic() < deadline, "dbt did not start in time"
        time.sleep(0.05)
    return found


def start_a_day_and_kill_it_during_dbt(build: Path, kill: str) -> types.SimpleNamespace:
    """A new day in the inbox of `build`; a run of it killed as soon as dbt builds the models on
    the working copy (what dbt does after that adds nothing to what the kill must not harm).
    What was there before, and what is there right after the kill."""
    warehouse = build / "warehouse.duckdb"
    seen = types.SimpleNamespace(
        before=counts(warehouse),
        reports_before=file_digests(build / "reports"),
        workbook_before=file_digests(build / "settlement"),
    )
    write_coverage_day(build / "inbox", "30/12/2025", NEW_ITEMS)
    seen.killed = Running(build, "run", "--inbox", str(build / "inbox"), "--year", "2025")
    try:
        wait_for_dbt(seen.killed)
        if kill == "session":  # power cut, closed laptop: everything stops
            seen.killed.kill_session()
        else:  # kill -9 of the command the analyst started: dbt is orphaned
            seen.killed.process.send_signal(signal.SIGKILL)
        seen.exit = seen.killed.process.wait(timeout=600)
        seen.working_copies = list(build.glob("warehouse.duckdb.next*"))
        # The last good warehouse opens (read-only, as the reports open it) with its old rows.
        seen.after_kill = counts(warehouse)
        seen.reports_after_kill = file_digests(build / "reports")
        seen.workbook_after_kill = file_digests(build / "settlement")
    except BaseException:
        seen.killed.kill_session()
        raise
    return seen


def dagster_runs(build: Path) -> tuple[list[str], list[str]]:
    """The jobs of the failed runs and of the runs still marked as started."""
    with dg.DagsterInstance.from_config(str(build / "dagster")) as instance:
        return tuple(
            [run.job_name for run in instance.get_runs(filters=dg.RunsFilter(statuses=[status]))]
            for status in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.STARTED)
        )


@pytest.fixture(scope="module")
def after_a_killed_session(small_inbox_build, tmp_path_factory):
    """What killed_session_then_two_runs saw, made on the first call: the tests of this module
    share it (and its worker), and a test that does not call it does not wait for it."""
    return functools.cache(
        lambda: killed_session_then_two_runs(
            session_cache.copy_build(small_inbox_build, tmp_path_factory.mktemp("killed") / "b")
        )
    )


def killed_session_then_two_runs(build: Path) -> types.SimpleNamespace:
    """On a copy of the small inbox's run: the run of a new day killed with its whole session
    during dbt; then the next run (`first`) and, while it holds the lock, a second run (refused)
    and a progress page waiting for it. What each saw, for the tests to check."""
    seen = start_a_day_and_kill_it_during_dbt(build, "session")
    seen.build = build
    seen.killed.read_to_the_end()
    seen.first = Running(build, "run", "--inbox", str(build / "inbox"), "--year", "2025")
    try:
        seen.first.wait_for("raw/agencies")  # the first run holds the lock and is loading
        seen.second = run_mediacoop(build, "run", "--inbox", str(build / "inbox"), "--year", "2025")
        seen.waiting = Running(build, "progress", "--month", "2025-06", "--wait")
        seen.waiting.wait_for("Đang chờ")
        seen.waiting_before_first_ended = seen.waiting.output
        seen.first_exit = seen.first.finish()
        seen.waiting_exit = seen.waiting.finish()
    finally:
        seen.first.kill_session()
        if hasattr(seen, "waiting"):
            seen.waiting.kill_session()
    seen.after = counts(build / "warehouse.duckdb")
    seen.leftovers = {path.name for path in build.glob("warehouse.duckdb.next*")}
    seen.logs = list(build.glob("*.wal"))
    seen.failed, seen.unfinished = dagster_runs(build)
    return seen


def check_the_kill(seen: types.SimpleNamespace) -> None:
    assert seen.exit == -signal.SIGKILL
    assert "done dbt_models" not in seen.killed.output
    assert seen.working_copies, "the kill must hit a working copy"
    assert seen.after_kill == seen.before
    assert seen.reports_after_kill == seen.reports_before
    assert seen.workbook_after_kill == seen.workbook_before


def check_the_next_run(seen: types.SimpleNamespace, exit: int, output: str) -> None:
    assert exit == 0, output[-3000:]
    assert seen.after["raw.coverage"] == seen.before["raw.coverage"] + NEW_ITEMS
    assert seen.after["marts.fct_coverage"] == seen.before["marts.fct_coverage"] + NEW_ITEMS
    assert seen.after["quality.gate_runs"] == seen.before["quality.gate_runs"] + 1


# A run killed once dbt starts, and a whole run; with the command only, the orphaned dbt goes on
# building beside that run.
@pytest.mark.parametrize(
    "kill",
    [
        # the killed run, the whole run after it, a refused run and a progress page
        pytest.param("session", marks=pytest.mark.pipeline_runs(1.6)),
        pytest.param("command only", marks=pytest.mark.pipeline_runs(1.4)),
    ],
)
def test_a_run_killed_during_dbt_leaves_the_last_good_warehouse(
    after_a_killed_session, small_inbox_build, tmp_path, kill
):
    if kill == "session":
        seen = after_a_killed_session()
        check_the_kill(seen)
        check_the_next_run(seen, seen.first_exit, seen.first.output)
        assert not seen.leftovers and not seen.logs
        assert seen.failed == ["mediacoop_run"], "recovered by the next run"
        assert seen.unfinished == []
        return

    build = session_cache.copy_build(small_inbox_build, tmp_path / "build")
    seen = start_a_day_and_kill_it_during_dbt(build, kill)
    try:
        # The next run starts while the orphaned dbt may still be building.
        again = run_mediacoop(build, "run", "--inbox", str(build / "inbox"), "--year", "2025",
                              **HTML_ONLY)  # fmt: skip
    finally:
        seen.killed.kill_session()  # whatever the command left running (an orphaned dbt)
    seen.killed.read_to_the_end()
    check_the_kill(seen)
    seen.after = counts(build / "warehouse.duckdb")
    check_the_next_run(seen, again.returncode, again.stdout + again.stderr)
    # The orphaned dbt, alive through the run after the kill, may open its working copy after
    # that run removed it: only the orphan's copy may be left (the next run removes it), never
    # the run's own, and never a log of the published warehouse.
    leftovers = {path.name for path in build.glob("warehouse.duckdb.next*")}
    assert leftovers <= {"warehouse.duckdb.next", "warehouse.duckdb.next.wal"}, leftovers
    assert not (build / "warehouse.duckdb.wal").exists()
    failed, unfinished = dagster_runs(build)
    assert failed == ["mediacoop_run"], "recovered by the next run"
    assert unfinished == []


def test_two_runs_at_once_one_refuses_one_waits(after_a_killed_session):
    seen = after_a_killed_session()
    first = seen.first.process.pid
    assert seen.second.returncode == 4, seen.second.stdout + seen.second.stderr
    assert f"tiến trình {first}" in seen.second.stderr
    assert f"process {first}" in seen.second.stderr
    assert "mediacoop run --inbox" in seen.second.stderr and "--wait" in seen.second.stderr
    assert f"tiến trình {first}" in seen.waiting_before_first_ended
    assert seen.waiting_exit == 0, seen.waiting.output[-3000:]
    check_the_next_run(seen, seen.first_exit, seen.first.output)
    assert "tien-do-2025-06.html" in file_digests(seen.build / "reports" / "2025")
    assert not seen.leftovers
