"""The process environment every mediacoop entry point sets before Dagster or dbt load.

Defaults only: a value already in the environment wins, so an analyst can point a run at
another inbox, warehouse or year by exporting a variable.
"""

import os
from pathlib import Path

from orchestration.runtime import paths

DEFAULTS = {
    "MEDIACOOP_YEAR": "2025",
    "MEDIACOOP_PROVINCE": "Hải Phòng",
    "MEDIACOOP_ADVANCE_CAP_PERCENT": "30",
    # DuckDB's budget for the model build; beyond it DuckDB spills to disk (a size DuckDB reads).
    "MEDIACOOP_MEMORY_LIMIT": "3GB",
}

# Telemetry stays off everywhere: the machines are offline and public data stays local.
TELEMETRY_OFF = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
}

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
"""


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
    dagster_yaml = home / "dagster.yaml"
    if not dagster_yaml.exists() or dagster_yaml.read_text() != DAGSTER_YAML:
        dagster_yaml.write_text(DAGSTER_YAML)
    os.environ.setdefault("DAGSTER_HOME", str(home))
