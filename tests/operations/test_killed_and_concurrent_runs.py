"""Runs that survive: a run killed with SIGKILL in the middle of dbt leaves the last good
warehouse and reports, and the next run completes; two runs started at once never both write.

Real `mediacoop` processes on a small inbox (a few hundred items; HTML reports only).
"""

import contextlib
import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

import dagster as dg
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
        self.process = subprocess.Popen(
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
        # The output ends when every process holding it has gone, which a killed dbt writing its
        # file may take well over 10 s to do on a loaded machine.
        while (line := self._queue.get(timeout=120)) is not None:
            self.lines.append(line)
        return code

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


# A run killed once dbt starts, and a whole run; with the command only, the orphaned dbt goes on
# building beside that run.
@pytest.mark.parametrize(
    "kill",
    [
        pytest.param("session", marks=pytest.mark.pipeline_runs(1.4)),
        pytest.param("command only", marks=pytest.mark.pipeline_runs(1.7)),
    ],
)
def test_a_run_killed_during_dbt_leaves_the_last_good_warehouse(build, kill):
    warehouse = build / "warehouse.duckdb"
    before = counts(warehouse)
    reports_before = file_digests(build / "reports")
    workbook_before = file_digests(build / "settlement")
    write_coverage_day(build / "inbox", "30/12/2025", NEW_ITEMS)

    run = Running(build, "run", "--inbox", str(build / "inbox"), "--year", "2025")
    try:
        # Killed as soon as dbt builds the models on the working copy: what dbt does after that
        # adds nothing to what the kill must not harm.
        wait_for_dbt(run)
        if kill == "session":  # power cut, closed laptop: everything stops
            run.kill_session()
        else:  # kill -9 of the command the analyst started: dbt is orphaned
            run.process.send_signal(signal.SIGKILL)
        assert run.finish() == -signal.SIGKILL
        assert "done dbt_models" not in run.output
        assert list(build.glob("warehouse.duckdb.next*")), "the kill must hit a working copy"

        # The last good warehouse opens (read-only, as the reports open it) with its old rows.
        assert counts(warehouse) == before
        assert file_digests(build / "reports") == reports_before
        assert file_digests(build / "settlement") == workbook_before

        again = run_mediacoop(build, "run", "--inbox", str(build / "inbox"), "--year", "2025",
                              **HTML_ONLY)  # fmt: skip
        assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    finally:
        run.kill_session()  # whatever the command left running (an orphaned dbt)
    after = counts(warehouse)
    assert after["raw.coverage"] == before["raw.coverage"] + NEW_ITEMS
    assert after["marts.fct_coverage"] == before["marts.fct_coverage"] + NEW_ITEMS
    assert after["quality.gate_runs"] == before["quality.gate_runs"] + 1
    leftovers = {path.name for path in build.glob("warehouse.duckdb.next*")}
    if kill == "session":
        assert not leftovers and not list(build.glob("*.wal"))
    else:
        # The orphaned dbt, alive through the run after the kill, may open its working copy
        # after that run removed it: only the orphan's copy may be left (the next run removes
        # it), never the run's own, and never a log of the published warehouse.
        assert leftovers <= {"warehouse.duckdb.next", "warehouse.duckdb.next.wal"}, leftovers
        assert not (build / "warehouse.duckdb.wal").exists()
    with dg.DagsterInstance.from_config(str(build / "dagster")) as instance:
        killed = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]))
        unfinished = instance.get_runs(
            filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])
        )
    assert [r.job_name for r in killed] == ["mediacoop_run"], "recovered by the next run"
    assert unfinished == []


@pytest.mark.pipeline_runs(1.0)  # one whole run, one refused, a progress page after it
def test_two_runs_at_once_one_refuses_one_waits(build):
    warehouse = build / "warehouse.duckdb"
    before = counts(warehouse)
    write_coverage_day(build / "inbox", "30/12/2025", NEW_ITEMS)
    first = Running(build, "run", "--inbox", str(build / "inbox"), "--year", "2025")
    try:
        first.wait_for("raw/agencies")  # the first run holds the lock and is loading
        second = run_mediacoop(build, "run", "--inbox", str(build / "inbox"), "--year", "2025")
        assert second.returncode == 4, second.stdout + second.stderr
        assert f"tiến trình {first.process.pid}" in second.stderr
        assert f"process {first.process.pid}" in second.stderr
        assert "mediacoop run --inbox" in second.stderr and "--wait" in second.stderr

        waiting = Running(build, "progress", "--month", "2025-06", "--wait")
        waiting.wait_for("Đang chờ")
        assert f"tiến trình {first.process.pid}" in waiting.output
        assert first.finish() == 0, first.output[-3000:]
        assert waiting.finish() == 0, waiting.output[-3000:]
    finally:
        first.kill_session()
    assert "tien-do-2025-06.html" in file_digests(build / "reports" / "2025")
    after = counts(warehouse)
    assert after["raw.coverage"] == before["raw.coverage"] + NEW_ITEMS
    assert after["quality.gate_runs"] == before["quality.gate_runs"] + 1
    assert not list(build.glob("warehouse.duckdb.next*"))
