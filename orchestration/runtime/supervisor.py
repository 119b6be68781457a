"""Run a long-lived child (the Dagster UI) in a process group of its own, and stop the whole
group with this process."""

import os
import subprocess
import time
from pathlib import Path

# How long `dagster dev` may take to stop its webserver, daemon and code server after an
# interrupt, before its whole process group is terminated, then killed.
UI_STOP_SECONDS = 30


def supervise(command: list[str], cwd: Path) -> int:
    """Run `command` in a process group of its own and stop the whole group with this process.

    SIGINT and SIGTERM are passed on as SIGINT (how `dagster dev` expects to be stopped: it
    then stops the processes it started); whatever is still running after UI_STOP_SECONDS is
    terminated, then killed, so no webserver or daemon outlives the command.
    """
    import signal

    child = subprocess.Popen(command, cwd=cwd, start_new_session=True)
    group = child.pid  # the new session's process group has the child's pid
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            _signal_group(group, signal.SIGINT)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    deadline = None
    try:
        while child.poll() is None:
            if stopping and deadline is None:
                deadline = time.monotonic() + UI_STOP_SECONDS
            if deadline is not None and time.monotonic() > deadline:
                _stop_group(group)
                child.wait()
                break
            time.sleep(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    code = child.returncode
    # Anything the child started and left behind goes with it.
    _stop_group(group)
    return 0 if stopping else code


def _signal_group(group: int, signum: int) -> bool:
    try:
        os.killpg(group, signum)
    except ProcessLookupError:
        return False
    return True


def _stop_group(group: int) -> None:
    import signal

    if not _signal_group(group, signal.SIGTERM):
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not _signal_group(group, 0):
            return
        time.sleep(0.1)
    _signal_group(group, signal.SIGKILL)
