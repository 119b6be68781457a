"""A guarded run: the pipeline lock, recovery from runs that were killed, and a working copy
of the warehouse that is published only when the run finished, together with the reports and
workbooks the run wrote (orchestration.runtime.outputs).

The command line opens one guarded session around everything a command runs; a run launched
from the UI, a schedule or the sensor opens its own when its resources start (see
orchestration.resources). Either way the session is entered once per process: a nested request
reuses it.
"""

import contextlib
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from orchestration.runtime import locking, outputs, paths, portal, working_copy

# Run tags that say which process executes a run, so a later run can tell a dead one.
ENTRY_TAG = "mediacoop/entry"
PID_TAG = "mediacoop/pid"
HOST_TAG = "mediacoop/host"

UNFINISHED_STATUSES = [
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
INTERRUPTED_MESSAGE = (
    "Lần chạy bị ngắt giữa chừng (tiến trình đã dừng); kho dữ liệu giữ bản tốt gần nhất. / "
    "The run was interrupted (its process is gone); the warehouse kept its last good version."
)


@dataclass
class Session:
    holder: locking.LockHolder
    final: Path  # the published warehouse
    working: Path  # the copy this session builds
    published: bool = False

    def publish(self) -> None:
        """The warehouse first, then the outputs made from it: a run killed in between leaves
        the new warehouse with the previous reports, never reports about an unpublished one.
        The portal (build/index.html) is rewritten first, to list what this run wrote."""
        portal.write_portal(self.working)
        working_copy.publish(self.working, self.final)
        self.published = True
        outputs.publish_held()


_active: Session | None = None


def active() -> Session | None:
    """The session this process holds, if any."""
    return _active


def process_tags() -> dict[str, str]:
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process
    return True


def recover_interrupted_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark runs whose process is gone as failed, and free the pool slots they held.

    Call with the pipeline lock held. A run killed in the middle keeps its pool slot, and
    with a pool of size 1 every later run would wait for that slot for ever.
    """
    host = socket.gethostname()
    recovered = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=UNFINISHED_STATUSES)):
        pid = run.tags.get(PID_TAG, "")
        if not pid.isdigit() or run.tags.get(HOST_TAG) != host or int(pid) == os.getpid():
            continue
        if _alive(int(pid)):
            continue
        instance.report_run_failed(run, message=INTERRUPTED_MESSAGE)
        recovered.append(run.run_id)
    storage = instance.event_log_storage
    for run_id in storage.get_concurrency_run_ids():
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            storage.free_concurrency_slots_for_run(run_id)
    return recovered


@contextlib.contextmanager
def guarded(
    command: str,
    *,
    wait_seconds: float | None = None,
    on_wait: Callable[[locking.LockHolder | None], None] | None = None,
    instance: dg.DagsterInstance | None = None,
    warehouse: Path | None = None,
) -> Iterator[Session]:
    """Hold the lock, clean up after killed runs, and build on a working copy of
    `warehouse` (default: the configured warehouse).

    Inside the block MEDIACOOP_WAREHOUSE names the working copy (dbt and the report kernels
    inherit it), and output files are held back; call session.publish() once the work is
    complete. Anything not published is thrown away when the block ends.
    """
    global _active
    if _active is not None:
        yield _active
        return
    with locking.pipeline_lock(command, wait_seconds=wait_seconds, on_wait=on_wait) as holder:
        if instance is not None:
            recover_interrupted_runs(instance)
        final = Path(warehouse or paths.warehouse_path()).resolve()
        working = working_copy.prepare(final)
        outputs.remove_leftovers(paths.output_dirs())
        portal.remove_leftovers()
        previous = os.environ.get("MEDIACOOP_WAREHOUSE")
        os.environ["MEDIACOOP_WAREHOUSE"] = str(working)
        session = _active = Session(holder, final, working)
        try:
            with outputs.held_until_published():
                yield session
        finally:
            _active = None
            if previous is None:
                os.environ.pop("MEDIACOOP_WAREHOUSE", None)
            else:
                os.environ["MEDIACOOP_WAREHOUSE"] = previous
            if not session.published:
                working_copy.discard(working)
