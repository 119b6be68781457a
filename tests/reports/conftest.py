"""Fixtures for the report tests: small warehouses the tests build, and rendered reports.

Rendering runs a Jupyter kernel, pandoc and Typst, so each rendered set is made once per
session and shared by the tests that read it. The renders of this package share one kernel, as
a run's reports do (each document starts from a reset kernel); starting one takes seconds.
"""

from pathlib import Path

import pytest
from report_helpers import PROVINCE, SCRIPT_TITLE, TYPST_TITLE, YEAR, render_into
from sample_warehouse import SampleWarehouse, build_sample_warehouse

from reports.file_names import SCORECARDS_DIR
from reports.kernel import REPORT_LIBRARIES, KernelSession
from reports.render import render_agency_scorecards, render_year_end


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> SampleWarehouse:
    """Six agencies, two years, a passed gate with warnings; hostile text planted in it."""
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    return build_sample_warehouse(path, year=YEAR, hostile=[SCRIPT_TITLE, TYPST_TITLE])


@pytest.fixture(scope="session")
def report_kernel(tmp_path_factory):
    with KernelSession(tmp_path_factory.mktemp("kernel"), REPORT_LIBRARIES) as kernel:
        yield kernel


@pytest.fixture(scope="session")
def year_end(warehouse, report_kernel, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    paths = render_into(render_year_end, warehouse.path, YEAR, PROVINCE, out, kernel=report_kernel)
    return {p.suffix.lstrip("."): p for p in paths}


@pytest.fixture(scope="session")
def scorecards(warehouse, report_kernel, tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("reports") / SCORECARDS_DIR
    return render_into(
        render_agency_scorecards, warehouse.path, YEAR, PROVINCE, out, kernel=report_kernel
    )
