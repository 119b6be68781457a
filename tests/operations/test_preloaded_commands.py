"""The tests' commands forked from a preloaded process (tests/preloaded.py) are what `python -m`
would start: compared field by field with a plain subprocess running the same probe module."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import preloaded
import pytest
from pipeline_run import pipeline_env

# Run as `python -m probe OUT CODE [MODE]`: ends as the `mediacoop` console script does (its
# first exit handler flushes and leaves with os._exit), after an exit handler of a library the
# preloaded process imported (weakref.finalize's) has written OUT.finalized.
PROBE = """
import atexit, json, os, signal, subprocess, sys, time, weakref

out, code = sys.argv[1], int(sys.argv[2])
mode = sys.argv[3] if len(sys.argv) > 3 else ""

def end_now():
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

atexit.register(end_now)
held = type("Held", (), {})()
weakref.finalize(held, lambda: open(out + ".finalized", "w").write("ran"))
seen = dict(
    pid=os.getpid(), ppid=os.getppid(), sid=os.getsid(0), pgid=os.getpgid(0),
    argv=sys.argv, orig_argv=sys.orig_argv, path0=sys.path[0], name=__name__, file=__file__,
    main=sys.modules["__main__"] is sys.modules[__name__], env=dict(os.environ), cwd=os.getcwd(),
    stdin_is_null=os.path.samestat(os.fstat(0), os.stat(os.devnull)),
    threads=len(os.listdir("/proc/self/task")),
    unwanted=sorted({m.split(".")[0] for m in sys.modules}
                    & {"orchestration", "quality", "reports", "ingestion", "polars"}),
)
open(out, "w").write(json.dumps(seen))
print("out: ü")
print("err: ơ", file=sys.stderr)
if mode == "signal":
    os.kill(os.getpid(), signal.SIGTERM)
if mode == "wait":
    subprocess.Popen(["sleep", "600"])  # a child in the command's group
    while not os.path.exists(out + ".go"):
        time.sleep(0.05)
sys.exit(code)
"""


@pytest.fixture
def probe(tmp_path) -> Path:
    folder = tmp_path / "probe"
    folder.mkdir()
    (folder / "probe.py").write_text(PROBE)
    return folder


def command(folder: Path, name: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "probe", str(folder / f"{name}.json"), *args]


def seen(folder: Path, name: str) -> dict:
    return json.loads((folder / f"{name}.json").read_text())


def server_pid() -> int:
    return preloaded._server.process.pid if preloaded._server else -1


def test_a_forked_command_is_what_python_m_would_start(probe, tmp_path, monkeypatch):
    monkeypatch.delenv(preloaded.PLAIN, raising=False)
    env = pipeline_env(tmp_path / "build")
    plain = subprocess.run(
        command(probe, "plain", "3"),
        cwd=probe,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    forked = preloaded.run(command(probe, "forked", "3"), cwd=probe, env=env, timeout=120)
    a, b = seen(probe, "plain"), seen(probe, "forked")
    assert b["ppid"] == server_pid() != os.getpid()  # forked, not started afresh
    assert (forked.returncode, forked.stdout, forked.stderr) == (3, "out: ü\n", "err: ơ\n")
    assert (plain.returncode, plain.stdout, plain.stderr) == (3, "out: ü\n", "err: ơ\n")
    for key in (
        "path0",
        "name",
        "file",
        "main",
        "env",
        "cwd",
        "stdin_is_null",
        "threads",
        "unwanted",
    ):
        assert a[key] == b[key], key
    assert b["env"] == env and b["threads"] == 1 and b["unwanted"] == []
    forked_argv = [arg.replace("forked.json", "plain.json") for arg in b["argv"]]
    assert a["argv"] == forked_argv
    assert a["orig_argv"] == [arg.replace("forked.json", "plain.json") for arg in b["orig_argv"]]
    assert b["pgid"] == b["pid"]  # a group of its own: a timeout kills all it started
    # The preloaded library's exit handler ran before the command's own, as in a fresh process.
    assert (probe / "plain.json.finalized").read_text() == "ran"
    assert (probe / "forked.json.finalized").read_text() == "ran"


def test_the_status_of_a_killed_command_is_the_negative_signal(probe, tmp_path):
    env = pipeline_env(tmp_path / "build")
    forked = preloaded.run(command(probe, "forked", "0", "signal"), cwd=probe, env=env, timeout=120)
    assert forked.returncode == -signal.SIGTERM
    assert seen(probe, "forked")["ppid"] == server_pid()


def waiting(probe: Path, tmp_path: Path, code: str, **options) -> "preloaded.Popen":
    """The probe forked, its output piped, waiting for its `.go` file before it exits `code`."""
    return preloaded.popen(
        command(probe, "forked", code, "wait"),
        cwd=probe,
        env=pipeline_env(tmp_path / "build"),
        stdout=subprocess.PIPE,
        **options,
    )


def test_a_command_in_its_own_session_is_read_while_it_runs(probe, tmp_path):
    running = waiting(probe, tmp_path, "5", stderr=subprocess.STDOUT, start_new_session=True)
    assert isinstance(running, preloaded.Popen)
    assert running.stdout.readline() == "out: ü\n"
    assert running.poll() is None
    assert os.getsid(running.pid) == running.pid
    (probe / "forked.json.go").touch()
    assert running.wait(timeout=60) == 5
    os.killpg(running.pid, signal.SIGKILL)  # the sleeping child, which holds the output too
    assert running.stdout.read() == "err: ơ\n"


def test_a_timeout_kills_the_whole_group(probe, tmp_path):
    env = pipeline_env(tmp_path / "build")
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        preloaded.run(command(probe, "forked", "0", "wait"), cwd=probe, env=env, timeout=3)
    assert time.monotonic() - started < 60
    assert gone(seen(probe, "forked")["pid"])  # the command and its sleeping child


def gone(group: int) -> bool:
    """The group has no process left (a killed orphan is a zombie until init reaps it); the
    preloaded process leads its own group."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_plain_processes_on_request(probe, tmp_path, monkeypatch):
    monkeypatch.setenv(preloaded.PLAIN, "1")
    env = pipeline_env(tmp_path / "build")
    plain = preloaded.run(command(probe, "plain", "0"), cwd=probe, env=env, timeout=120)
    assert plain.returncode == 0
    assert seen(probe, "plain")["ppid"] == os.getpid()


def test_nothing_is_left_when_the_session_ends(probe, tmp_path):
    running = waiting(probe, tmp_path, "0", stderr=subprocess.PIPE)
    running.stdout.readline()
    server = server_pid()
    assert len(os.listdir(f"/proc/{server}/task")) == 1
    preloaded.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(server, 0)
    assert gone(running.pid)


def test_nothing_is_left_when_the_pytest_process_is_killed(probe, tmp_path):
    """The preloaded process ends, with its commands, when the process that started it dies."""
    script = f"""
import subprocess, sys, time
sys.path.insert(0, {str(Path(preloaded.__file__).parent)!r})
import preloaded
from pipeline_run import pipeline_env
running = preloaded.popen({command(probe, "forked", "0", "wait")!r}, cwd={str(probe)!r},
                          env=pipeline_env({str(tmp_path / "build")!r}),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
running.stdout.readline()
print(preloaded._server.process.pid, running.pid, flush=True)
time.sleep(600)
"""
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    server, forked = map(int, parent.stdout.readline().split())
    parent.kill()
    parent.wait()
    assert gone(server) and gone(forked)
