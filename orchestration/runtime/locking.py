"""One pipeline run at a time: an exclusive lock on build/mediacoop.lock.

The lock is an `fcntl.flock` on an open file, so the kernel releases it when the holding
process ends, however it ends (killed, power cut): a lock can never be left behind. The file
also says who holds it (process id, host, command, start time), so a second run can tell the
analyst whom it is waiting for.
"""

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from orchestration.runtime import paths

POLL_SECONDS = 0.5


def lock_path() -> Path:
    return paths.build_dir() / "mediacoop.lock"


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    command: str
    started_at: str  # local time, ISO 8601

    @classmethod
    def this_process(cls, command: str) -> "LockHolder":
        started = dt.datetime.now().astimezone().replace(microsecond=0)
        return cls(os.getpid(), socket.gethostname(), command, started.isoformat())

    @property
    def started_label(self) -> str:
        """dd/mm/yyyy hh:mm:ss, as the analysts write dates."""
        try:
            return dt.datetime.fromisoformat(self.started_at).strftime("%d/%m/%Y %H:%M:%S")
        except ValueError:
            return self.started_at


class PipelineBusyError(RuntimeError):
    """Another run holds the pipeline lock."""

    def __init__(self, holder: LockHolder | None, waited_seconds: float | None = None):
        self.holder = holder
        self.waited_seconds = waited_seconds
        super().__init__(busy_message(holder, waited_seconds))


def _who(holder: LockHolder | None) -> tuple[str, str]:
    """The holder in Vietnamese and in English."""
    if holder is None:
        return "một lần chạy khác", "another run"
    return (
        f"lần chạy `{holder.command}` (tiến trình {holder.pid} trên máy {holder.host}, "
        f"bắt đầu lúc {holder.started_label})",
        f"run `{holder.command}` (process {holder.pid} on {holder.host}, "
        f"started {holder.started_label})",
    )


def busy_message(holder: LockHolder | None, waited_seconds: float | None = None) -> str:
    who_vi, who_en = _who(holder)
    waited_vi = f" sau {waited_seconds:.0f} giây chờ" if waited_seconds else ""
    waited_en = f" after waiting {waited_seconds:.0f}s" if waited_seconds else ""
    return (
        f"Kho dữ liệu đang được {who_vi} sử dụng{waited_vi}; hãy chờ lần chạy đó kết thúc "
        f"hoặc chạy lại với --wait. / The warehouse is in use by {who_en}{waited_en}; wait for "
        f"it to finish or run again with --wait."
    )


def waiting_message(holder: LockHolder | None) -> str:
    who_vi, who_en = _who(holder)
    return f"Đang chờ {who_vi} kết thúc … / Waiting for {who_en} to finish …"


def _read_holder(fd: int) -> LockHolder | None:
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8")
        return LockHolder(**json.loads(text))
    except (OSError, ValueError, TypeError):
        return None  # the holder is still writing its name, or an older format


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# The holder of this process, while it holds the lock: a nested request in the same process
# (the command line's run, then the run's own resources) shares it instead of deadlocking.
_held: LockHolder | None = None


def held_here() -> LockHolder | None:
    return _held


def current_holder() -> LockHolder | None:
    """Who holds the lock now (None when nobody does)."""
    path = lock_path()
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDWR)
    try:
        if _try_lock(fd):
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        return _read_holder(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def pipeline_lock(
    command: str,
    *,
    wait_seconds: float | None = None,
    on_wait: Callable[[LockHolder | None], None] | None = None,
) -> Iterator[LockHolder]:
    """Hold the pipeline lock for the duration of the block.

    wait_seconds None refuses at once when another run holds the lock; a number waits that
    long (float("inf") waits for as long as it takes). Raises PipelineBusyError.
    """
    global _held
    if _held is not None:
        yield _held
        return
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            holder = _read_holder(fd)
            if wait_seconds is None:
                raise PipelineBusyError(holder)
            if on_wait is not None:
                on_wait(holder)
            started = time.monotonic()
            while not _try_lock(fd):
                waited = time.monotonic() - started
                if waited >= wait_seconds:
                    raise PipelineBusyError(_read_holder(fd), waited)
                time.sleep(POLL_SECONDS)
        me = LockHolder.this_process(command)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(asdict(me), ensure_ascii=False).encode("utf-8"), 0)
        _held = me
        try:
            yield me
        finally:
            _held = None
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock
