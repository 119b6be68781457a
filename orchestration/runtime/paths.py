"""Every path mediacoop uses, defined once.

Sources live beside this package in the project root; everything generated lives under the
build folder (env ``MEDIACOOP_BUILD``), and the warehouse file may be moved on its own with
``MEDIACOOP_WAREHOUSE``.
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DBT_SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
DEFAULT_INBOX = PROJECT_ROOT / "inbox"
CACHE_FOLDER = "cache"  # in the build folder


def build_dir() -> Path:
    return Path(os.environ.get("MEDIACOOP_BUILD", PROJECT_ROOT / "build")).resolve()


def warehouse_path() -> Path:
    default = build_dir() / "warehouse.duckdb"
    return Path(os.environ.get("MEDIACOOP_WAREHOUSE", default)).resolve()


def demo_inbox_dir() -> Path:
    return build_dir() / "demo" / "inbox"


def output_dirs() -> list[Path]:
    """The folders runs publish files into (orchestration.runtime.outputs)."""
    return [build_dir() / name for name in ("reports", "settlement", "quality", "dbt/docs")]


def reports_dir(year: int) -> Path:
    return build_dir() / "reports" / str(year)


def settlement_dir(year: int) -> Path:
    return build_dir() / "settlement" / str(year)


def quality_dir(year: int) -> Path:
    return build_dir() / "quality" / str(year)


def dagster_home() -> Path:
    return build_dir() / "dagster"


def dbt_target_dir() -> Path:
    return build_dir() / "dbt" / "target"


def dbt_docs_dir() -> Path:
    return build_dir() / "dbt" / "docs"


def cache_dir() -> Path:
    """What a run builds once and later runs reuse (the HTML reports' chart libraries)."""
    return build_dir() / CACHE_FOLDER


def logs_dir() -> Path:
    return build_dir() / "logs"


def portal_path() -> Path:
    """The one page that links every output (build/index.html)."""
    return build_dir() / "index.html"
