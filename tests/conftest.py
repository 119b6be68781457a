"""Fixtures shared by the whole suite, and how the suite is spread over CPU cores.

`make test` runs pytest-xdist workers (`-n auto`, `--dist loadgroup` from pyproject.toml). What
the session needs once, the dbt manifest, the `mediacoop demo` run and the run of the small
inbox, is made by the first worker that asks for it and shared (session_cache.py). Each test
module runs on one worker, so its module-scoped fixtures are made once; so do the tests sharing
a package's session-scoped fixtures, and all tests of each shared run. A test that makes
pipeline runs of its own (marker `pipeline_runs`) and shares no module fixture is a group of
its own. Groups start heaviest first, by the pipeline runs they make or their measured time,
so the two cores end together.
"""

import json
import math
import os
import shutil
import tempfile
from pathlib import Path

import money_scenarios as scenarios
import preloaded
import pytest
import session_cache
from pipeline_run import run_mediacoop
from small_inbox import run_small_inbox

# Packages whose tests share session-scoped fixtures of their conftest.py: one worker each.
SESSION_SHARING_PACKAGES = ("demo", "reports")
# The session builds, made once and copied or read by their tests: fixture -> its cost in
# pipeline runs of RUN_SECONDS, from their measured times in the suite (`mediacoop demo` runs
# two plan years of an inbox some 15 times the small one). The money scenarios are two runs and
# a `mediacoop check` going on from a copy of the small inbox's run (BUILT_ON): they are made
# once that one is ready.
SHARED_RUNS = {"demo_build": 2.2, "money_scenarios": 2.7, "small_inbox_build": 1.4}
BUILT_ON = {"money_scenarios": "small_inbox_build"}
# What a pipeline run and a test without one cost in the suite, in seconds: only their ratio
# matters, for the order in which the groups start.
RUN_SECONDS = 50.0
TEST_SECONDS = 0.7
# What the groups without pipeline runs took in the suite (seconds, from the groups table of
# `make test PYTEST_ARGS=--durations=60` on 2 workers), so that the long ones start early and
# the short ones fill the end: their tests' count says little (130 normalisation tests take
# half a second, 15 gate tests 39 s). A group not listed is estimated from its tests.
GROUP_SECONDS = {
    "reports": 65.1,
    "quality/test_quality_gate.py": 44.7,
    "dbt/test_dbt_marts.py": 31.1,
    "dbt/test_dbt_assets.py": 28.7,
    "demo": 24.8,
    "dbt/test_dbt_tone.py": 22.2,
    "quality/test_quality_rules.py": 16.0,
    "operations/test_preloaded_commands.py": 14.2,
    "dbt/test_dbt_column_checks.py": 12.9,
    "quality/test_quality_workbook.py": 11.3,
    "quality/test_quality_money_rules.py": 10.8,
    "quality/test_quality_assets.py": 10.3,
    "dbt/test_dbt_memory_limit.py": 10.1,
    "quality/test_suite_reuse.py": 10.0,
    "ingestion/test_ingestion_corpus.py": 9.5,
    "evaluation/test_tone.py": 8.7,
    "quality/test_quality_concern_suites.py": 8.4,
    "operations/test_guard.py": 7.4,
    "test_end_to_end.py": 6.4,
    "ingestion/test_ingestion_load.py": 6.1,
    "operations/test_definitions_import.py": 3.2,
    "operations/test_monthly_partitions.py": 2.8,
    "ingestion/test_ingestion_demo_inbox.py": 2.2,
    "ingestion/test_ingestion_reviews.py": 2.1,
    "operations/test_model_state.py": 1.9,
    "operations/test_inbox_sensor.py": 1.9,
    "ingestion/test_ingestion_readers.py": 1.8,
    "ingestion/test_ingestion_assets.py": 1.8,
    "operations/test_locking.py": 1.7,
    "operations/test_run_history.py": 1.0,
    "ingestion/test_ingestion_workbooks.py": 0.8,
    "operations/test_working_copy.py": 0.8,
    "operations/test_schedules.py": 0.6,
    "ingestion/test_ingestion_normalise.py": 0.5,
    "dbt/test_dbt_project.py": 0.4,
    "operations/test_import_layers.py": 0.4,
    "operations/test_progress_page.py": 0.3,
    "quality/test_quality_contracts.py": 0.3,
    "ingestion/test_ingestion_concerns.py": 0.3,
    "operations/test_console.py": 0.2,
    "operations/test_outputs.py": 0.1,
    "dbt/test_dbt_partial_parse.py": 0.1,
    "ingestion/test_formatting.py": 0.1,
}
DEMO_SEED = 2025  # `mediacoop demo`'s default
GROUPS_FILE = "MEDIACOOP_TEST_XDIST_GROUPS"  # where the workers write each test's group


def pytest_configure(config: pytest.Config) -> None:
    """On the xdist controller: a file for the workers to tell it the groups (below)."""
    if config.getoption("dist", "no") != "no" and not hasattr(config, "workerinput"):
        os.environ[GROUPS_FILE] = str(Path(tempfile.mkdtemp(prefix="xdist-groups-")) / "g.json")
        config.pluginmanager.register(GroupTimes(), "mediacoop-group-times")


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


def shared_run_of(item: pytest.Item) -> str | None:
    return next((fixture for fixture in SHARED_RUNS if fixture in item.fixturenames), None)


def group_of(config: pytest.Config, item: pytest.Item) -> str:
    """A test making pipeline runs of its own and sharing no module fixture is a group of its
    own; the others go with their module (or their package, for SESSION_SHARING_PACKAGES). The
    tests that read a session build are kept apart from those that do not, so a group never
    waits for a build it does not need."""
    if pipeline_runs(item) and not shares_module_fixtures(item):
        return item.nodeid
    path = item.path.relative_to(config.rootpath / "tests")
    shared = shared_run_of(item)
    if shared:
        return f"{shared}:{path.as_posix()}"
    package = path.parts[0] if len(path.parts) > 1 else ""
    return package if package in SESSION_SHARING_PACKAGES else path.as_posix()


def start_order(groups: dict[str, list[pytest.Item]], workers: int) -> list[str]:
    """The groups in the order the workers should take them, worked out by playing the run
    through: each worker, when free, takes the costliest group left (so the long ones start
    first and the short ones fill the end, where the workers should finish together); a group's
    cost is its measured time (GROUP_SECONDS) or, for the others, its pipeline runs and tests.
    A session build is paid by the costliest group that reads it, which therefore starts early;
    the other groups reading it are not started before it should be ready, since they would
    wait for it."""
    cost = {
        name: GROUP_SECONDS.get(
            name, sum(RUN_SECONDS * pipeline_runs(i) + TEST_SECONDS for i in items)
        )
        for name, items in groups.items()
    }
    needs = {name: shared_run_of(items[0]) for name, items in groups.items()}
    maker = {}
    for name in sorted(groups, key=cost.get, reverse=True):
        if needs[name]:
            maker.setdefault(needs[name], name)
    for build, name in maker.items():
        cost[name] += RUN_SECONDS * SHARED_RUNS[build]
    left = sorted(groups, key=cost.get, reverse=True)  # stable: ties keep collection order
    ready: dict[str, float] = {}  # build -> when it should be ready
    free = [0.0] * max(workers, 1)  # worker -> when it is free
    order = []
    while left:
        worker = free.index(min(free))
        now = free[worker]

        def wait(name: str, now: float = now) -> float:
            build = needs[name]
            if build and maker[build] == name:
                build = BUILT_ON.get(build)  # its maker waits for the build it starts from
            if not build or maker.get(build) is None:
                return 0.0
            return max(0.0, ready.get(build, math.inf) - now)

        name = min(left, key=wait)  # the costliest that need not wait, else the least wait
        start = now + wait(name)
        build = needs[name]
        if build and maker[build] == name:
            ready[build] = start + RUN_SECONDS * SHARED_RUNS[build]
        free[worker] = start + cost[name]
        left.remove(name)
        order.append(name)
    return order


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each test its group and put the groups in the order the workers should start
    them (start_order); within a group the tests keep their order."""
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        groups.setdefault(group_of(config, item), []).append(item)
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    items[:] = [item for name in start_order(groups, workers) for item in groups[name]]
    if hasattr(config, "workerinput") and GROUPS_FILE in os.environ:
        by_test = {item.nodeid: name for name, group in groups.items() for item in group}
        path = Path(os.environ[GROUPS_FILE])
        partial = path.with_name(f"{config.workerinput['workerid']}.json")
        partial.write_text(json.dumps(by_test))
        partial.replace(path)  # every worker collects the same tests: same content


class GroupTimes:
    """With --durations: when each group ran, on which worker, and when each worker finished
    (on the xdist controller), to see whether the workers end together."""

    def __init__(self) -> None:
        self.spans: dict[str, list] = {}  # group -> [worker, first start, last stop, tests]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        path = Path(os.environ.get(GROUPS_FILE, ""))
        if not path.is_file() or not hasattr(report, "node"):
            return
        if not hasattr(self, "groups"):
            self.groups = json.loads(path.read_text())
        group = self.groups.get(report.nodeid, report.nodeid)
        worker = report.node.gateway.id
        span = self.spans.setdefault(group, [worker, report.start, report.stop, set()])
        span[1], span[2] = min(span[1], report.start), max(span[2], report.stop)
        span[3].add(report.nodeid)

    def pytest_terminal_summary(self, terminalreporter, config: pytest.Config) -> None:
        if config.getoption("durations", None) is None or not self.spans:
            return
        begin = min(span[1] for span in self.spans.values())
        write = terminalreporter.write_line
        terminalreporter.section("groups: worker, start and end (s after the first test)")
        for group, (worker, start, stop, tests) in sorted(
            self.spans.items(), key=lambda item: item[1][1]
        ):
            write(
                f"{worker} {start - begin:7.1f} {stop - begin:7.1f} {stop - start:7.1f} s"
                f"  {len(tests):3d} tests  {group}"
            )
        ends: dict[str, float] = {}
        for worker, _, stop, _ in self.spans.values():
            ends[worker] = max(ends.get(worker, 0.0), stop - begin)
        write("workers end at: " + ", ".join(f"{w} {t:.1f} s" for w, t in sorted(ends.items())))


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
    preloaded.stop()  # the process the session's commands were forked from (preloaded.py)
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
    from ingestion.demo import DEMO_FILES

    inbox = tmp_path_factory.mktemp("demo-summary") / "inbox"
    summary = session_cache.demo_inbox(inbox)
    assert summary["seed"] == DEMO_SEED
    loaded = demo_build / "demo" / "inbox"
    for name in DEMO_FILES:
        assert (inbox / name).read_bytes() == (loaded / name).read_bytes(), name
    return summary


@pytest.fixture(scope="session")
def small_inbox_build() -> Path:
    """One real `mediacoop run` of the small inbox per session (small_inbox.py): tests that go
    on from it copy the folder (session_cache.copy_build) and never change this one."""
    return session_cache.once("small-inbox-build", lambda build: run_small_inbox(build))


@pytest.fixture(scope="session")
def money_scenarios(small_inbox_build) -> scenarios.Builds:
    """The money scenarios' blocked run and the run after their reviews, made once per session
    from a copy of the small inbox's run (money_scenarios.py); read-only, like the others."""
    folder = session_cache.once("money-scenarios", lambda f: scenarios.make(f, small_inbox_build))
    return scenarios.Builds(folder / "blocked", folder / "resolved")
