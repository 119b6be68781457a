"""Fixtures shared by the whole suite, and how the suite is spread over CPU cores.

`make test` runs pytest-xdist workers (`-n auto`, `--dist loadgroup` from pyproject.toml). What
the session needs once, the dbt manifest, the `mediacoop demo` run and the run of the small
inbox, is made by the first worker that asks for it and shared (session_cache.py). Each test
module runs on one worker, so its module-scoped fixtures are made once; so do the tests sharing
a package's session-scoped fixtures, and all tests of each shared run. A test that makes
pipeline runs of its own (marker `pipeline_runs`) and shares no module fixture is a group of
its own. Groups start heaviest first, by the pipeline runs they make, so the two cores end
together.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import session_cache
from pipeline_run import run_mediacoop
from small_inbox import run_small_inbox

from orchestration.runtime.paths import DBT_SEEDS_DIR

# Packages whose tests share session-scoped fixtures of their conftest.py: one worker each.
SESSION_SHARING_PACKAGES = ("demo", "reports")
# The session builds, made once and copied or read by their tests: (fixture, group, the
# pipeline runs it costs, the demo inbox being some 15 times the small one).
SHARED_RUNS = (("demo_build", "demo-run", 2.0), ("small_inbox_build", "small-inbox-run", 1.0))
DEMO_SEED = 2025  # `mediacoop demo`'s default
GROUPS_FILE = "MEDIACOOP_TEST_XDIST_GROUPS"  # where the workers write each test's group


def pytest_configure(config: pytest.Config) -> None:
    """On the xdist controller: a file for the workers to tell it the groups (below)."""
    if config.getoption("dist", "no") != "no" and not hasattr(config, "workerinput"):
        os.environ[GROUPS_FILE] = str(Path(tempfile.mkdtemp(prefix="xdist-groups-")) / "g.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and GROUPS_FILE in os.environ:
        shutil.rmtree(Path(os.environ.pop(GROUPS_FILE)).parent, ignore_errors=True)


def pipeline_runs(item: pytest.Item) -> float:
    """The full pipeline runs (or dbt builds) the test makes itself: its cost, for ordering."""
    marker = item.get_closest_marker("pipeline_runs")
    return float(marker.args[0]) if marker else 0.0


def shares_module_fixtures(item: pytest.Item) -> bool:
    return any(
        definition.scope in ("module", "class", "package")
        for definitions in item._fixtureinfo.name2fixturedefs.values()
        for definition in definitions
    )


def group_of(config: pytest.Config, item: pytest.Item) -> str:
    for fixture, group, _ in SHARED_RUNS:
        if fixture in item.fixturenames:
            return group
    path = item.path.relative_to(config.rootpath / "tests")
    package = path.parts[0] if len(path.parts) > 1 else ""
    if package in SESSION_SHARING_PACKAGES:
        return package
    if pipeline_runs(item) and not shares_module_fixtures(item):
        return item.nodeid
    return path.as_posix()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each test its group and put the groups in order of the pipeline runs they make,
    the shared runs' own included (stable: the rest keep their order), so the longest work
    starts while the other worker takes the rest."""
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        groups.setdefault(group_of(config, item), []).append(item)
    shared = {group: runs for _, group, runs in SHARED_RUNS}

    def weight(name: str) -> float:
        return shared.get(name, 0.0) + sum(pipeline_runs(item) for item in groups[name])

    items[:] = [item for name in sorted(groups, key=weight, reverse=True) for item in groups[name]]
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

        def _reschedule(self, node) -> None:
            """The next group goes to a worker when it has one test left (which a worker
            holds back until it knows what follows), not two: a group given early may wait
            behind a test of minutes while the other worker runs out of work."""
            busy = self._pending_of(self.assigned_work[node]) > 1
            if node.shutting_down or not self.workqueue or not busy:
                super()._reschedule(node)

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


@pytest.fixture(scope="session")
def small_inbox_build() -> Path:
    """One real `mediacoop run` of the small inbox per session (small_inbox.py): tests that go
    on from it copy the folder (session_cache.copy_build) and never change this one."""
    return session_cache.once("small-inbox-build", lambda build: run_small_inbox(build))
