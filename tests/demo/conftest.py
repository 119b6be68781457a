"""One demo inbox per test session, written once and read back by every demo test."""

import time

import pytest
from demo_files import (
    CHANNEL,
    DELIVERABLE,
    PAYMENT_KIND,
    Demo,
    as_date,
    read_coverage,
    read_workbook,
)

from ingestion.demo import write_demo_inbox
from orchestration.runtime.paths import DBT_SEEDS_DIR


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    inbox = tmp_path_factory.mktemp("demo") / "inbox"
    started = time.perf_counter()
    summary = write_demo_inbox(inbox, seeds_dir=DBT_SEEDS_DIR)
    seconds = time.perf_counter() - started
    contracts = read_workbook(next((inbox / "contracts").glob("*.xlsx")))[1]
    for line in contracts:
        line["type"] = DELIVERABLE[line["Loại sản phẩm"]]
        line["channel"] = CHANNEL[line["Loại hình"]]
    payments = read_workbook(next((inbox / "payments").glob("*.xlsx")))[1]
    for payment in payments:
        payment["kind"] = PAYMENT_KIND[payment["Loại"]]
        payment["date"] = as_date(payment["Ngày chi"])
    agencies = read_workbook(next((inbox / "agencies").glob("*.xlsx")))[1]
    return Demo(inbox, summary, seconds, contracts, payments, read_coverage(inbox), agencies)
