"""The preloaded process of tests/preloaded.py: imports the third-party libraries a `mediacoop`
command imports, then forks one child per command it is asked to run.

Started by tests/preloaded.py as `python preload_server.py FD FOLDER` with the environment its
commands get (the first-party variables aside); FD is its end of a socket pair with the pytest
process that started it: when that closes (the pytest process ended, however it ended), this
process kills its commands and ends. Commands are asked for on a Unix socket in FOLDER.

Each command is a child of this process that starts as a fork of it, then becomes what
`python -m MODULE ARGS` would be: own process group (or session), the given stdio, cwd and
environment, `sys.argv`, `sys.path[0]` and `__main__` as `-m` sets them, and the preloaded
libraries' exit handlers in the place they would have in a fresh interpreter. It leaves the
request loop by returning to this module's top level and runs the module there, so a
SystemExit or an uncaught exception ends it the way it ends `python -m`: the interpreter's own
shutdown (non-daemon threads joined, exit handlers run, stdio flushed). This process reports
each child's pid, then its exit status, on the connection that asked for it.

Not multiprocessing's forkserver: its children run a function and leave with os._exit after
joining threads (the interpreter's shutdown, with the exit handlers `mediacoop` relies on, never
runs), inherit the server's stdio instead of pipes of their own, close stdin, and are not in a
group of their own.
"""

import atexit
import contextlib
import gc
import importlib
import importlib.util
import json
import os
import selectors
import shutil
import signal
import socket
import sys
import types

# What a command imports before its own work starts (measured: ~7 s of CPU in each process),
# minus what cannot be in a process that forks: polars (its thread pool; not fork-safe by its
# own documentation) and anything first-party. numpy, scipy and pyarrow each start a native
# thread at import; the environment tests/preloaded.py gives this process turns those off
# (OPENBLAS_NUM_THREADS=1, JE_ARROW_MALLOC_CONF=background_thread:false).
PRELOAD = (
    "numpy",
    "pandas",
    "duckdb",
    "sqlalchemy",
    "openpyxl",
    "dagster",
    "dagster_dbt",
    "great_expectations",
    "jupyter_client",
    "nbformat",
    "typst",
    "pypandoc",
)
FIRST_PARTY = ("orchestration", "quality", "reports", "ingestion")
NOT_FORK_SAFE = ("polars",)
# A request: its length (8 digits), then JSON, with the command's stdin, stdout, stderr fds.
HEADER = 8


def threads() -> int:
    return len(os.listdir("/proc/self/task"))


def preload() -> list[tuple]:
    """Import PRELOAD; return the exit handlers the imports registered, in order."""
    registered: list[tuple] = []
    register = atexit.register

    def recording(func, *args, **kwargs):
        registered.append((func, args, kwargs))
        return register(func, *args, **kwargs)

    atexit.register = recording
    try:
        for name in PRELOAD:
            importlib.import_module(name)
    finally:
        atexit.register = register
    loaded = {name.split(".")[0] for name in sys.modules}
    unsafe = sorted(loaded & {*FIRST_PARTY, *NOT_FORK_SAFE})
    if unsafe:
        raise RuntimeError(f"the preload imported {unsafe}: it must not")
    if threads() != 1:
        raise RuntimeError(f"the preload left {threads()} threads running: it cannot fork")
    return registered


def receive(connection: socket.socket) -> tuple[dict, list[int]]:
    head, fds, _, _ = socket.recv_fds(connection, HEADER, 3)
    size = int(head)
    body = b""
    while len(body) < size:
        chunk = connection.recv(size - len(body))
        if not chunk:
            raise EOFError("the request ended early")
        body += chunk
    return json.loads(body), fds


def serve(control: socket.socket, folder: str) -> tuple[dict, list[int]] | None:
    """Run commands until `control` closes; return (request, fds) in a command's child."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(os.path.join(folder, "commands"))
    listener.listen(16)
    woken, waker = socket.socketpair()
    woken.setblocking(False)
    waker.setblocking(False)
    # SIGCHLD wakes the loop (a Python handler, so the wake-up fd is written).
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.set_wakeup_fd(waker.fileno())
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ, "control")
    selector.register(listener, selectors.EVENT_READ, "listener")
    selector.register(woken, selectors.EVENT_READ, "woken")
    running: dict[int, socket.socket] = {}  # pid -> the connection that asked for it
    try:
        while True:
            for key, _ in selector.select():
                if key.data == "control":
                    if not control.recv(1):
                        return None  # the pytest process ended: the finally kills the rest
                elif key.data == "woken":
                    while True:
                        try:
                            if not woken.recv(512):
                                break
                        except BlockingIOError:
                            break
                elif key.data == "listener":
                    connection, _ = listener.accept()
                    try:
                        request, fds = receive(connection)
                    except (OSError, ValueError, EOFError):
                        connection.close()
                        continue
                    if threads() != 1:
                        raise RuntimeError(f"{threads()} threads in the preloaded process")
                    pid = os.fork()
                    if pid == 0:
                        signal.set_wakeup_fd(-1)
                        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                        selector.close()
                        for sock in (listener, woken, waker, control, *running.values()):
                            sock.close()
                        connection.close()
                        return request, fds
                    for fd in fds:
                        os.close(fd)
                    connection.sendall(f"{pid}\n".encode())
                    running[pid] = connection
                    selector.register(connection, selectors.EVENT_READ, pid)
                else:  # a connection closed (or said something): its command is no longer wanted
                    pid = key.data
                    selector.unregister(key.fileobj)
                    if pid in running:
                        kill_group(pid)
            reap(running, selector)
    finally:
        if os.getpid() == server_pid:
            for pid in list(running):
                kill_group(pid)
            for pid in list(running):
                os.waitpid(pid, 0)


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def reap(running: dict[int, socket.socket], selector: selectors.BaseSelector) -> None:
    while running:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = running.pop(pid, None)
        if connection is None:
            continue
        with contextlib.suppress(OSError):
            connection.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
        with contextlib.suppress(KeyError):
            selector.unregister(connection)
        connection.close()


def become_command(request: dict, fds: list[int], exit_handlers: list[tuple]) -> types.ModuleType:
    """Turn this forked child into `python -m MODULE ARGS`; return the `__main__` to run."""
    if request["new_session"]:
        os.setsid()
    else:
        os.setpgid(0, 0)  # a group of its own, so a timeout can kill all it started
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = os.getcwd()  # what `-m` puts first (this script's folder was)
    importlib.invalidate_caches()  # a fresh interpreter has seen no folder yet
    module = request["module"]
    spec = importlib.util.find_spec(module)
    main = types.ModuleType("__main__")
    main.__file__ = spec.origin
    main.__spec__ = spec
    main.__loader__ = spec.loader
    main.__package__ = spec.parent
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    sys.argv = [spec.origin, *request["args"]]
    sys.orig_argv = [sys.executable, "-m", module, *request["args"]]
    defer_exit_handlers(exit_handlers)
    return main


def defer_exit_handlers(handlers: list[tuple]) -> None:
    """Give the preloaded libraries' exit handlers the place they have in a fresh interpreter.

    There, the command's first exit handler (`mediacoop`'s, which ends the process) is
    registered before these libraries are imported, so their handlers run before it (last in,
    first out). Here they were registered first: they are taken out, and put back right after
    the command's first registration (or when its module ends, if it registers none).
    """
    for func, _, _ in handlers:
        atexit.unregister(func)
    register = atexit.register

    def register_first(func, *args, **kwargs):
        atexit.register = register
        register(func, *args, **kwargs)
        put_back()
        return func

    def put_back() -> None:
        atexit.register = register
        for func, args, kwargs in handlers:
            register(func, *args, **kwargs)

    atexit.register = register_first
    deferred.append(lambda: atexit.register is register_first and put_back())


deferred: list = []
server_pid = os.getpid()

if __name__ == "__main__":
    control = socket.socket(fileno=int(sys.argv[1]))
    handlers = preload()
    # The preloaded objects out of the collector's reach, so a command's collections do not
    # touch (and copy) every page it shares with this process (gc.freeze's documented use).
    gc.freeze()
    sys.stdout.flush()
    sys.stderr.flush()
    command = serve(control, sys.argv[2])
    if command is None:  # its folder too, when the pytest process could not remove it
        shutil.rmtree(sys.argv[2], ignore_errors=True)
        sys.exit(0)
    main = become_command(*command, handlers)
    del command, control, handlers
    try:
        exec(main.__spec__.loader.get_code(main.__spec__.name), main.__dict__)
    finally:
        for then in deferred:
            then()
