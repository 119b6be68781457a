"""Importing the code location runs nothing: no dbt parse, no file written, no environment set;
loading it gives definitions Dagster accepts.

Dagster and dbt load it on every start and every run; work done at import would be paid by
each of them and by every test that imports a module of it.
"""

import json
import subprocess
import sys

import dagster as dg
from code_location import definitions
from pipeline_run import PROJECT_ROOT, pipeline_env

from orchestration import jobs

# Runs in a fresh interpreter. Dagster itself is imported before the hook goes in: its vendored
# croniter runs `file` through platform.architecture() at import, which is not this project's.
PROBE = """
import json, os, sys

import dagster, dagster_dbt

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
PROCESS_EVENTS = {"subprocess.Popen", "os.posix_spawn", "os.exec", "os.fork", "os.forkpty",
                  "os.system", "os.spawn"}
started, written = [], []

def audit(event, args):
    if event in PROCESS_EVENTS:
        started.append(f"{event}: {args[0]!r}")
    elif event == "open":
        path, mode, flags = args
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        ):
            written.append(str(path))

environ = dict(os.environ)
sys.addaudithook(audit)
import orchestration.definitions
changed = sorted(k for k, v in os.environ.items() if environ.get(k) != v)
print(json.dumps({"started": started, "written": written, "environ": changed}))
"""


def test_importing_the_definitions_runs_no_process_and_writes_nothing(tmp_path):
    build = tmp_path / "build"
    result = subprocess.run(
        [sys.executable, "-B", "-c", PROBE],
        cwd=PROJECT_ROOT,
        env=pipeline_env(build, PYTHONWARNINGS="ignore"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["started"] == []
    assert seen["written"] == []
    assert not [k for k in seen["environ"] if k.startswith(("MEDIACOOP_", "DAGSTER_", "DBT_"))]
    assert not {"DO_NOT_TRACK", "GX_ANALYTICS_ENABLED"} & set(seen["environ"])
    assert not build.exists()


def test_the_code_location_loads_and_validates():
    """What `dagster definitions validate` checks (asset keys, names, jobs, resources, partition
    mappings), on the definitions the session loads anyway: one dbt parse, one load."""
    defs = definitions()
    dg.Definitions.validate_loadable(defs)
    assert {job.name for job in defs.resolve_all_job_defs()} >= {jobs.RUN_JOB, jobs.CHECK_JOB}
