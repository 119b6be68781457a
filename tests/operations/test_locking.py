"""The pipeline lock: one run at a time, a clear message naming the holder, never left behind."""

import os
import signal
import subprocess
import sys
import time

import pytest

from orchestration.runtime import locking

HOLD = """
import sys, time
from orchestration.runtime import locking
with locking.pipeline_lock("mediacoop run --inbox demo"):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def holder(build):
    """Another process holding the lock, as a second analyst's run would."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD],
        env={**os.environ, "MEDIACOOP_BUILD": str(build)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait()


def test_a_second_run_is_refused_with_the_holder_named(holder):
    with (
        pytest.raises(locking.PipelineBusyError) as refused,
        locking.pipeline_lock("mediacoop run"),
    ):
        pytest.fail("the lock was granted twice")
    error = refused.value
    assert error.holder.pid == holder.pid
    assert error.holder.command == "mediacoop run --inbox demo"
    message = str(error)
    assert f"tiến trình {holder.pid}" in message and f"process {holder.pid}" in message
    assert "bắt đầu lúc" in message and "started" in message and "--wait" in message
    assert locking.current_holder().pid == holder.pid


def test_a_waiting_run_gives_up_after_its_time(holder):
    seen = []
    started = time.monotonic()
    with (
        pytest.raises(locking.PipelineBusyError) as refused,
        locking.pipeline_lock("mediacoop check", wait_seconds=1.0, on_wait=seen.append),
    ):
        pytest.fail("the lock was granted twice")
    assert time.monotonic() - started >= 1.0
    assert [h.pid for h in seen] == [holder.pid]
    assert "sau 1 giây chờ" in str(refused.value)


def test_a_killed_holder_leaves_no_lock_behind(holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with locking.pipeline_lock("mediacoop run", wait_seconds=5) as me:
        assert me.pid == os.getpid()
        assert locking.held_here() == me
    assert locking.held_here() is None
    assert locking.current_holder() is None


def test_a_waiting_run_starts_when_the_holder_finishes(holder):
    def finish_holder(_holder):
        holder.kill()

    with locking.pipeline_lock("mediacoop run", wait_seconds=30, on_wait=finish_holder) as me:
        assert me.pid == os.getpid()


def test_the_same_process_shares_its_lock(build):
    with locking.pipeline_lock("mediacoop run") as outer:
        with locking.pipeline_lock("the run's resources") as inner:
            assert inner is outer
        assert locking.held_here() is outer
