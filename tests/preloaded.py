"""Start the tests' `python -m orchestration.cli` commands as forks of a process that has
already imported the third-party libraries they import (dagster, dagster_dbt, great_expectations,
pandas, duckdb, ...: ~7 s of CPU that every new interpreter pays before the command starts).

One preloaded process per pytest process (each xdist worker has its own), started at the first
command and ended with the session (tests/conftest.py), or, whatever happens to the pytest
process, when its end of their socket pair closes. It imports no first-party module and is
single-threaded when it forks, checked before each fork (tests/preload_server.py says how).

Each command stays a real process of its own (its own pid and process group, or session when
asked; the given environment, replacing the inherited one; cwd; `sys.argv` as `-m` gives it;
stdin /dev/null; stdout and stderr through pipes) that runs the unmodified command line as
`__main__` and ends through the interpreter's own shutdown. `run` and `Popen` take the
arguments of their `subprocess` namesakes and fall back to them when a command cannot be
preloaded: not `python -m MODULE`; an environment that differs from the preloaded process's in
more than PER_COMMAND_VARIABLES (a library reading another one at import would have read the
preloaded process's value); MEDIACOOP_TEST_PLAIN_PROCESSES=1 (every command then runs as a
plain subprocess, as before).

On a fresh interpreter on purpose: the definitions-import test
(tests/operations/test_definitions_import.py: it audits what importing the definitions does
from an empty interpreter), the session's run of the small inbox through the installed console
script `.venv/bin/mediacoop` (tests/small_inbox.py; the end-to-end tests that go on from it read
its outputs), and the UI test (tests/operations/test_ui_stops.py, `dagster dev` under it).

Known differences from a fresh interpreter: /proc/PID/cmdline (what `ps` shows) is the
preloaded process's; the commands of one pytest process share its string hash seed; OpenBLAS
runs single-threaded and pyarrow's jemalloc purges without its background thread in them.
"""

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

SERVER = Path(__file__).with_name("preload_server.py")
PLAIN = "MEDIACOOP_TEST_PLAIN_PROCESSES"
# Variables a command's environment may hold that the preloaded process's does not: read by no
# library at import (the project's own, and the name of the test pytest is running).
PER_COMMAND_VARIABLES = ("MEDIACOOP_", "DAGSTER_", "PYTEST_CURRENT_TEST")
# Native threads the preloaded libraries would start at import (OpenBLAS in numpy and scipy,
# jemalloc's purging thread in pyarrow), turned off the way their documentation says: a
# process that forks must have no thread but the one calling fork.
NO_THREADS = {"OPENBLAS_NUM_THREADS": "1", "JE_ARROW_MALLOC_CONF": "background_thread:false"}


class _Server:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.folder = tempfile.mkdtemp(prefix="mediacoop-preload-")
        self.log = Path(self.folder, "server.log")
        self.control, theirs = socket.socketpair()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(SERVER), str(theirs.fileno()), self.folder],
                cwd=SERVER.parent.parent,
                env={**env, **NO_THREADS},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                pass_fds=[theirs.fileno()],
                start_new_session=True,  # a terminal's Ctrl-C reaches pytest, which ends it
            )
        theirs.close()

    def connect(self) -> socket.socket:
        path = os.path.join(self.folder, "commands")
        while True:  # until the preload is done and the server listens
            if self.process.poll() is not None:
                raise RuntimeError(f"the preloaded process ended:\n{self.log.read_text()[-3000:]}")
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                connection.connect(path)
                return connection
            except (FileNotFoundError, ConnectionRefusedError):
                connection.close()
                threading.Event().wait(0.05)

    def stop(self) -> None:
        self.control.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_server: _Server | None = None
_lock = threading.Lock()


def _base_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if not k.startswith(PER_COMMAND_VARIABLES)}


def _server_for(env: dict[str, str]) -> _Server | None:
    global _server
    with _lock:
        if _server is None:
            _server = _Server(_base_env(env))
        return _server if _server.env == _base_env(env) else None


def stop() -> None:
    """End the preloaded process (and any command still running from it)."""
    global _server
    with _lock:
        if _server is not None:
            _server.stop()
            _server = None


def _module_of(args) -> str | None:
    if len(args) >= 3 and args[0] == sys.executable and args[1] == "-m":
        return args[2]
    return None


def preloadable(args, env) -> bool:
    return os.environ.get(PLAIN) != "1" and env is not None and _module_of(args) is not None


class Popen:
    """A command forked from the preloaded process, with the parts of subprocess.Popen the tests
    use: pid, stdout, stderr, poll, wait, kill, returncode."""

    def __init__(self, args, *, cwd, env, stdout, stderr, text=True, start_new_session=False):
        assert text and stdout == subprocess.PIPE, "only text output through pipes"
        server = _server_for(env)
        if server is None:
            raise LookupError("no preloaded process for this environment")
        request = {
            "module": _module_of(args),
            "args": [str(a) for a in args[3:]],
            "cwd": str(cwd),
            "env": dict(env),
            "new_session": bool(start_new_session),
        }
        out_read, out_write = os.pipe()
        if stderr == subprocess.STDOUT:
            err_read, err_write = None, os.dup(out_write)
        else:
            err_read, err_write = os.pipe()
        stdin = os.open(os.devnull, os.O_RDONLY)
        self._connection = server.connect()
        try:
            body = json.dumps(request).encode()
            socket.send_fds(
                self._connection, [f"{len(body):08d}".encode()], [stdin, out_write, err_write]
            )
            self._connection.sendall(body)
        finally:
            for fd in (stdin, out_write, err_write):
                os.close(fd)
        self._replies = b""
        self.pid = int(self._line(None))
        self.args = args
        self.returncode: int | None = None
        # Text as subprocess gives it: the locale's encoding, universal newlines.
        self.stdout = open(out_read)  # noqa: SIM115
        self.stderr = None if err_read is None else open(err_read)  # noqa: SIM115

    def _line(self, timeout: float | None) -> str | None:
        """The next line the preloaded process sends about this command; None at the timeout."""
        while b"\n" not in self._replies:
            ready, _, _ = select.select([self._connection], [], [], timeout)
            if not ready:
                return None
            chunk = self._connection.recv(64)
            if not chunk:
                raise RuntimeError("the preloaded process ended before its command")
            self._replies += chunk
        line, self._replies = self._replies.split(b"\n", 1)
        return line.decode()

    def poll(self) -> int | None:
        if self.returncode is None:
            self._wait_for_status(0)
        return self.returncode

    def _wait_for_status(self, timeout: float | None) -> None:
        status = self._line(timeout)
        if status is not None:
            self.returncode = int(status)
            self._connection.close()

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self._wait_for_status(timeout)
            if self.returncode is None:
                raise subprocess.TimeoutExpired(self.args, timeout)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """To the command's process only, as subprocess.Popen.send_signal."""
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        """SIGKILL to the command's whole process group (dbt and the kernels with it)."""
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)


def _communicate(process: Popen, timeout: float | None) -> tuple[str, str]:
    output: dict[str, str] = {}

    def read(name: str, stream) -> None:
        with stream:
            output[name] = stream.read()

    readers = [
        threading.Thread(target=read, args=(name, stream), daemon=True)
        for name, stream in (("stdout", process.stdout), ("stderr", process.stderr))
    ]
    for reader in readers:
        reader.start()
    process.wait(timeout)
    for reader in readers:
        reader.join()  # the output ends when every process holding it has gone
    return output["stdout"], output["stderr"]


def run(args, *, cwd, env, timeout: float | None = None, capture_output=True, text=True):
    """subprocess.run(args, cwd=, env=, capture_output=True, text=True, timeout=) on a command
    forked from the preloaded process when it can be; on a timeout, or anything else that
    interrupts the wait, the command's whole process group is killed, then waited for."""
    assert capture_output and text
    if not preloadable(args, env):
        return subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    try:
        process = Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except LookupError:
        return subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    try:
        stdout, stderr = _communicate(process, timeout)
    except subprocess.TimeoutExpired as expired:
        process.kill()
        process.wait()
        raise subprocess.TimeoutExpired(args, timeout) from expired
    except BaseException:
        process.kill()
        process.wait()
        raise
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def popen(args, *, cwd, env, stdout, stderr, text=True, start_new_session=False):
    """subprocess.Popen for a command that is read while it runs (tests/operations/
    test_killed_and_concurrent_runs.py), forked from the preloaded process when it can be."""
    if preloadable(args, env):
        try:
            return Popen(
                args,
                cwd=cwd,
                env=env,
                stdout=stdout,
                stderr=stderr,
                start_new_session=start_new_session,
            )
        except LookupError:
            pass
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=stderr,
        text=text,
        start_new_session=start_new_session,
    )
