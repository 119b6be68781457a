"""Fixtures shared by the whole suite, and how the suite is spread over CPU cores.

`make test` runs pytest-xdist workers (`-n auto`, `--dist loadgroup` from pyproject.toml). What
the session needs once, the dbt manifest and the `mediacoop demo` run, is made by the first
worker that asks for it and shared (session_cache.py). Each test module runs on one worker, so
its module-scoped fixtures are made once; so do the tests sharing a package's session-scoped
fixtures, and all tests of the demo run. The groups holding slow tests start first.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import session_cache
from pipeline_run import run_mediacoop

from orchestration.runtime.paths import DBT_SEEDS_DIR

# Packages whose tests share session-scoped fixtures of their conftest.py: one worker each.
SESSION_SHARING_PACKAGES = ("demo", "reports")
DEMO_SEED = 2025  # `mediacoop demo`'s default
GROUPS_FILE = "MEDIACOOP_TEST_XDIST_GROUPS"  # where the workers write each test's group


def pytest_configure(config: pytest.Config) -> None:
    """On the xdist controller: a file for the workers to tell it the groups (below)."""
    if config.getoption("dist", "no") != "no" and not hasattr(config, "workerinput"):
        os.environ[GROUPS_FILE] = str(Path(tempfile.mkdtemp(prefix="xdist-groups-")) / "g.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and GROUPS_FILE in os.environ:
        shutil.rmtree(Path(os.environ.pop(GROUPS_FILE)).parent, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each test its group and put the groups with slow tests first (the demo run's first
    of all), so the longest work starts while the other workers take the rest."""
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        if "demo_build" in item.fixturenames:
            name = "demo-run"
        else:
            path = item.path.relative_to(config.rootpath / "tests")
            package = path.parts[0] if len(path.parts) > 1 else ""
            name = package if package in SESSION_SHARING_PACKAGES else path.as_posix()
        groups.setdefault(name, []).append(item)

    def weight(name: str) -> int:
        if name == "demo-run":
            return 0
        return 1 if any(item.get_closest_marker("slow") for item in groups[name]) else 2

    items[:] = [item for name in sorted(groups, key=weight) for item in groups[name]]
    if hasattr(config, "workerinput") and GROUPS_FILE in os.environ:
        by_test = {item.nodeid: name for name, group in groups.items() for item in group}
        path = Path(os.environ[GROUPS_FILE])
        partial = path.with_name(f"{config.workerinput['workerid']}.json")
        partial.write_text(json.dumps(by_test))
        partial.replace(path)  # every worker collects the same tests: same content


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """xdist's loadgroup scheduling with the groups above. (xdist marks a test's group in its
    node id, which pytest 9.2 no longer lets a plugin change, so the workers write the groups
    to a file the controller reads once every worker has collected.)"""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if not hasattr(self, "_groups"):
                self._groups = json.loads(Path(os.environ[GROUPS_FILE]).read_text())
            return self._groups[nodeid]

    return GroupScheduling(config, log) if config.getvalue("dist") == "loadgroup" else None


@pytest.fixture(scope="session", autouse=True)
def session_build(tmp_path_factory, worker_id):
    """A build folder for what tests run in this process (MEDIACOOP_BUILD), with the session's
    dbt manifest, and the defaults the code location sets; put back as it was afterwards."""
    base = tmp_path_factory.getbasetemp()
    session_cache.share(base if worker_id == "master" else base.parent)
    build = tmp_path_factory.mktemp("session-build")
    environ = dict(os.environ)
    for key in [k for k in os.environ if k.startswith(("MEDIACOOP_", "DAGSTER_"))]:
        del os.environ[key]
    os.environ["MEDIACOOP_BUILD"] = str(build)
    from orchestration.runtime import environment

    environment.configure()
    yield build
    os.environ.clear()
    os.environ.update(environ)


@pytest.fixture(scope="session")
def demo_build() -> Path:
    """One real `mediacoop demo` run per session, shared read-only by the tests that read it."""

    def demo(build: Path) -> None:
        result = run_mediacoop(build, "demo")
        (build / "demo-run.log").write_text(result.stdout + result.stderr)
        (build / "demo-run.exit").write_text(str(result.returncode))

    build = session_cache.once("demo-build", demo)
    log = (build / "demo-run.log").read_text()
    assert (build / "demo-run.exit").read_text() == "0", log[-6000:]
    return build


@pytest.fixture(scope="session")
def demo_summary(demo_build, tmp_path_factory) -> dict:
    """What the demo run's inbox holds on purpose: the summary of the generator with the same
    seed, whose files are checked to be the ones the run loaded."""
    from ingestion.demo import DEMO_FILES, write_demo_inbox

    inbox = tmp_path_factory.mktemp("demo-summary") / "inbox"
    summary = write_demo_inbox(inbox, seed=DEMO_SEED, seeds_dir=DBT_SEEDS_DIR)
    loaded = demo_build / "demo" / "inbox"
    for name in DEMO_FILES:
        assert (inbox / name).read_bytes() == (loaded / name).read_bytes(), name
    return summary
