"""Resources the assets share: where the inbox and the warehouse are, and which year and
province a run is about.

Values come from environment variables resolved when a run starts, so a run launched from the
command line and one launched from the UI read the same settings; `orchestration.environment`
sets the defaults.
"""

import contextlib
from collections.abc import Iterator

import dagster as dg
import duckdb


class PipelineSettings(dg.ConfigurableResource):
    """The inbox to read, the warehouse to build, and the year and province being evaluated."""

    inbox: str
    warehouse: str
    year: int
    province: str
    advance_cap_percent: int = 30  # share of the contract value an advance may reach

    @property
    def advance_cap(self) -> float:
        return self.advance_cap_percent / 100

    @contextlib.contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with duckdb.connect(self.warehouse, read_only=read_only) as con:
            yield con


def settings_from_environment() -> PipelineSettings:
    return PipelineSettings(
        inbox=dg.EnvVar("MEDIACOOP_INBOX"),
        warehouse=dg.EnvVar("MEDIACOOP_WAREHOUSE"),
        year=dg.EnvVar.int("MEDIACOOP_YEAR"),
        province=dg.EnvVar("MEDIACOOP_PROVINCE"),
        advance_cap_percent=dg.EnvVar.int("MEDIACOOP_ADVANCE_CAP_PERCENT"),
    )
