"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from pipeline_run import run_mediacoop


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """One real `mediacoop demo` run for the tests that read its outputs."""
    build = tmp_path_factory.mktemp("demo-build")
    result = run_mediacoop(build, "demo")
    (build / "demo-run.log").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return build
