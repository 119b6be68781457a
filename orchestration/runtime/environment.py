"""The process environment every mediacoop entry point sets before Dagster or dbt load.

Defaults only: a value already in the environment wins, so an analyst can point a run at
another inbox, warehouse or year by exporting a variable.
"""

import json
import os
from pathlib import Path

from orchestration.runtime import paths

DEFAULTS = {
    "MEDIACOOP_YEAR": "2025",
    "MEDIACOOP_PROVINCE": "Hải Phòng",
    "MEDIACOOP_ADVANCE_CAP_PERCENT": "30",
}
# DuckDB's budget for the model build (MEDIACOOP_MEMORY_LIMIT) has no default here: without one,
# each build sizes it to the inbox (orchestration.runtime.memory_budget).

# Telemetry stays off everywhere: the machines are offline and public data stays local.
TELEMETRY_OFF = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
}

# The run history's events go to one SQLite file (Dagster's consolidated event log) instead of
# one file per run plus an index file that repeats every asset and check event: a run stores
# about a thousand events, each through a connection of its own, so writing each once and
# reading one file halves what the history costs a run. Run storage (runs.db), schedules, pool
# slots and run monitoring are unchanged; the UI, the daemon and the sensors read the same file.
DAGSTER_YAML = """\
telemetry:
  enabled: false
concurrency:
  pools:
    default_limit: 1
  runs:
    max_concurrent_runs: 1
# Pool slots of runs that ended (however they ended) are freed by the daemon.
run_monitoring:
  enabled: true
  free_slots_after_run_end_seconds: 30
event_log_storage:
  module: dagster._core.storage.event_log
  class: ConsolidatedSqliteEventLogStorage
  config:
    base_dir: {events_dir}
"""


def dagster_yaml(home: Path) -> str:
    """The instance configuration of the Dagster home `home`."""
    return DAGSTER_YAML.format(events_dir=json.dumps(str(Path(home).resolve() / "history")))


def configure(inbox: Path | None = None) -> None:
    """Set the environment for this process and the processes it starts (dbt, Jupyter)."""
    for key, value in {**DEFAULTS, **TELEMETRY_OFF}.items():
        os.environ.setdefault(key, value)
    if inbox is not None:
        os.environ["MEDIACOOP_INBOX"] = str(Path(inbox).resolve())
    os.environ.setdefault("MEDIACOOP_INBOX", str(paths.DEFAULT_INBOX))
    os.environ.setdefault("MEDIACOOP_WAREHOUSE", str(paths.warehouse_path()))
    home = paths.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config_file, config = home / "dagster.yaml", dagster_yaml(home)
    if not config_file.exists() or config_file.read_text() != config:
        config_file.write_text(config)
    os.environ.setdefault("DAGSTER_HOME", str(home))
