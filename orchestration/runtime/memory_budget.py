"""How much memory DuckDB may use to build the models (its memory_limit; beyond it DuckDB
spills to disk).

The analyst's size wins (`--memory-limit`, MEDIACOOP_MEMORY_LIMIT). Without one, the budget is
3GB, which keeps a year of 1.000.000 items under 4 GiB for the whole run, and grows with the
coverage the build reads, by 1GB a million items, up to half the machine's memory: per-item
models hold more at once than they can spill, and at 10.000.000 items 3GB ran out where 10GB
completed.

The budget reaches dbt through profiles.yml, whose rendered settings dbt's partial parsing
compares: a build whose budget differs from the last parse's parses the project again (a few
seconds; only inboxes of more than 3.000.000 items get a budget other than the default).
"""

import contextlib
import math
import os
from collections.abc import Iterator, MutableMapping
from pathlib import Path

import duckdb

from ingestion.lineage import table_exists

VARIABLE = "MEDIACOOP_MEMORY_LIMIT"
DEFAULT_GB = 3
DEFAULT = f"{DEFAULT_GB}GB"  # also profiles.yml's default
GB_PER_MILLION_ITEMS = 1
MACHINE_SHARE = 0.5


def machine_memory() -> int:
    """This machine's physical memory, in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def sized(items: int, machine_bytes: int) -> str:
    """The default budget for a build reading `items` coverage items, on a machine of
    `machine_bytes`: DEFAULT, or GB_PER_MILLION_ITEMS per million items when that is more, never
    above MACHINE_SHARE of the machine (DuckDB reads GB as 10^9 bytes)."""
    wanted = math.ceil(items / 1_000_000 * GB_PER_MILLION_ITEMS)
    room = math.floor(machine_bytes * MACHINE_SHARE / 10**9)
    return f"{max(DEFAULT_GB, min(wanted, room))}GB"


def coverage_items(warehouse: Path) -> int:
    """The rows of raw.coverage in `warehouse` (0 when it has none yet)."""
    with duckdb.connect(str(warehouse)) as con:  # as the build's other readers open it
        if not table_exists(con, "raw.coverage"):
            return 0
        return con.execute("SELECT count(*) FROM raw.coverage").fetchone()[0]


@contextlib.contextmanager
def for_build(
    warehouse: Path, environ: MutableMapping[str, str] = os.environ
) -> Iterator[tuple[str, bool]]:
    """Set the build's budget in `environ` while the block runs: (the budget, whether it was
    sized to the inbox rather than given)."""
    given = environ.get(VARIABLE)
    if given:
        yield given, False
        return
    environ[VARIABLE] = sized(coverage_items(warehouse), machine_memory())
    try:
        yield environ[VARIABLE], True
    finally:
        environ.pop(VARIABLE, None)
