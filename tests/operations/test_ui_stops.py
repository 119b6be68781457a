"""`mediacoop ui` stops with every process it started when it is interrupted or terminated."""

import signal
import socket
import subprocess
import time

import psutil
import pytest
import session_cache
from pipeline_run import MEDIACOOP, PROJECT_ROOT, pipeline_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.pipeline_runs(0.35)  # starts dagster dev, its webserver and daemon
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_ui_stops_with_all_its_children(tmp_path, signum):
    port = free_port()
    build = tmp_path / "build"
    session_cache.seed_dbt_target(build)  # the code location loads without parsing dbt again
    ui = subprocess.Popen(
        [*MEDIACOOP, "ui", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=pipeline_env(build),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        while not port_open(port):
            assert ui.poll() is None, f"mediacoop ui exited with {ui.returncode}"
            assert time.monotonic() < deadline, "the UI did not start listening"
            time.sleep(0.1)  # signalled as soon as it listens: no second lost to each look
        children = psutil.Process(ui.pid).children(recursive=True)
        assert children, "the UI runs in child processes (dagster dev, webserver, daemon)"
        ui.send_signal(signum)
        assert ui.wait(timeout=90) == 0
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, [p.info for p in alive]
        assert port_free(port)
    finally:
        if ui.poll() is None:
            ui.kill()
            ui.wait()
