"""One demo inbox per test session, written once and read back by every demo test.

The inbox holds two plan years: `demo` reads the files of 2025 (the latest, the one the plan
describes), `demo_year` each year in turn for the checks every year must pass.
"""

from pathlib import Path

import pytest
import session_cache
from demo_files import (
    CHANNEL,
    DELIVERABLE,
    PAYMENT_KIND,
    Demo,
    as_date,
    read_coverage,
    read_workbook,
    year_file,
)

from ingestion.demo import DEMO_YEARS


@pytest.fixture(scope="session")
def demo_written(tmp_path_factory) -> tuple[Path, dict]:
    """What write_demo_inbox(inbox, seeds_dir=DBT_SEEDS_DIR) writes, copied from the session's
    (session_cache.demo_inbox)."""
    inbox = tmp_path_factory.mktemp("demo") / "inbox"
    return inbox, session_cache.demo_inbox(inbox)


def read_demo(inbox: Path, summary: dict, year: int) -> Demo:
    contracts = read_workbook(year_file(inbox, "contracts", year, ".xlsx"))[1]
    for line in contracts:
        line["type"] = DELIVERABLE[line["Loại sản phẩm"]]
        line["channel"] = CHANNEL[line["Loại hình"]]
    payments = read_workbook(year_file(inbox, "payments", year, ".xlsx"))[1]
    for payment in payments:
        payment["kind"] = PAYMENT_KIND[payment["Loại"]]
        payment["date"] = as_date(payment["Ngày chi"])
    agencies = read_workbook(next((inbox / "agencies").glob("*.xlsx")))[1]
    coverage = read_coverage(inbox, year)
    return Demo(inbox, summary, contracts, payments, coverage, agencies, year)


@pytest.fixture(scope="session")
def demo(demo_written) -> Demo:
    """The 2025 files; the summary is the generator's whole summary (2025's at the top)."""
    return read_demo(*demo_written, 2025)


@pytest.fixture(scope="session", params=DEMO_YEARS, ids=str)
def demo_year(request, demo_written) -> Demo:
    """Each plan year's files, with that year's own summary."""
    inbox, summary = demo_written
    year = request.param
    return read_demo(inbox, summary["years"][str(year)], year)
