"""The whole pipeline through the command line, as an analyst runs it."""

import re
from itertools import takewhile
from pathlib import Path
from urllib.parse import unquote

import dagster as dg
import duckdb
import openpyxl
import pytest
import session_cache
from browser import assert_opens_offline, references
from money_scenarios import OVERPAID, console, demo_contract_of_the_year
from pipeline_run import run_mediacoop


def test_demo_writes_warehouse_reports_and_workbook(demo_build):
    warehouse = demo_build / "warehouse.duckdb"
    assert warehouse.exists()
    assert not (demo_build / "warehouse.duckdb.next").exists()
    for year in ("2024", "2025"):  # each plan year of the demo is settled on its own
        reports = demo_build / "reports" / year
        assert any(reports.glob("*.html")) and any(reports.glob("*.pdf"))
        assert any((demo_build / "settlement" / year).glob("*.xlsx"))
        assert (demo_build / "quality" / year / "index.html").exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (items,) = con.execute("select count(*) from marts.fct_coverage").fetchone()
        (raw_rows,) = con.execute("select count(*) from raw.coverage").fetchone()
        (quarantined,) = con.execute("select count(*) from raw.quarantine").fetchone()
    assert items > 10_000
    assert raw_rows >= items
    assert quarantined > 0


def test_demo_prints_one_progress_line_per_stage(demo_build):
    log = (demo_build / "demo-run.log").read_text()
    for stage in ("raw/contracts", "raw/coverage", "dbt_models", "reports/year_end_report"):
        assert stage in log, f"no progress line for {stage}:\n{log}"
    assert "rows_loaded=" in log


def test_demo_console_is_short_and_ends_with_what_to_open(demo_build):
    console = (demo_build / "demo-run.log").read_text()
    for noise in ("Traceback", "leaked", "nanobind", "AssetObservation", "Warning", "START sql"):
        assert noise not in console, f"{noise!r} on the console:\n{console}"
    assert len(console.splitlines()) <= 60, console
    # One summary per plan year, 2024 first; the last is 2025's.
    assert console.index("summary — năm 2024") < console.index("summary — năm 2025")
    summary = console.rsplit("Tóm tắt / summary", 1)[1]
    for output in (
        demo_build / "index.html",
        demo_build / "reports" / "2025" / "bao-cao-tong-ket-2025.html",
        demo_build / "reports" / "2025" / "bao-cao-tong-ket-2025.pdf",
        demo_build / "quality" / "2025" / "index.html",
        demo_build / "settlement" / "2025" / "quyet-toan-2025.xlsx",
    ):
        assert str(output) in summary and output.is_file(), output
    assert "ĐẠT / PASSED" in summary
    # dbt's per-node lines and Dagster's events are in each year's log file, named on the
    # console. The models (every year's) are built once, in the first year's run; the later
    # years find them current and run no dbt.
    logs = dict.fromkeys(re.findall(r"full log: (\S+)", console))  # each year's, in order
    first, last = [Path(log) for log in logs]
    assert first.parent == last.parent == demo_build / "logs"
    built, reused = first.read_text(encoding="utf-8"), last.read_text(encoding="utf-8")
    assert "OK created sql table model marts.mart_budget" in built
    assert "OK created sql table model" not in reused
    assert "ASSET_MATERIALIZATION" in built and "ASSET_MATERIALIZATION" in reused
    assert "the models are current, dbt not run" in console.split("summary — năm 2024", 1)[1]


def test_the_demo_portal_links_every_output_and_opens_offline(demo_build, tmp_path):
    index = demo_build / "index.html"
    links = [r for r in references(index.read_text(encoding="utf-8")) if not r.startswith("#")]
    targets = {(demo_build / unquote(link)).resolve() for link in links}
    missing = sorted(target for target in targets if not target.is_file())
    assert not missing, missing
    outputs = {
        path.resolve()
        for folder in ("reports", "quality", "settlement")
        for path in (demo_build / folder).rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
    assert outputs <= targets, sorted(outputs - targets)
    agencies = len(list((demo_build / "reports" / "2025" / "scorecards").glob("*.html")))
    assert_opens_offline(index, tmp_path, agencies=agencies)


def test_demo_run_is_in_the_dagster_run_history(demo_build):
    with dg.DagsterInstance.from_config(str(demo_build / "dagster")) as instance:
        runs = instance.get_runs()
    assert any(run.job_name == "mediacoop_run" and run.is_success for run in runs)


def test_run_on_a_missing_inbox_is_a_usage_error(tmp_path):
    result = run_mediacoop(tmp_path / "build", "run", "--inbox", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "nowhere" in result.stderr


def test_report_without_a_warehouse_says_run_first(tmp_path):
    result = run_mediacoop(tmp_path / "build", "report", "--year", "2025")
    assert result.returncode == 2
    assert "mediacoop run" in result.stderr


def test_a_payment_above_the_contract_blocks_settlement_but_not_the_report(money_scenarios):
    """Exit 3: the report still renders and says why, the settlement workbook is not written.
    The session's money scenarios (money_scenarios.py) went on from the small inbox's run,
    which settled, with a payment far above a demo contract of the year."""
    build = money_scenarios.blocked
    contract_id = demo_contract_of_the_year(build / "inbox")
    assert (build / "inbox" / OVERPAID).is_file()

    # Only the HTML report is read here; the demo run's tests read the PDF.
    result = console(build)
    assert result["exit"] == 3, result["stdout"][-3000:] + result["stderr"][-3000:]
    lines = result["stdout"].splitlines()
    start = next(i for i, x in enumerate(lines) if "] paid_above_contract —" in x)
    listed = takewhile(lambda x: x.startswith("      "), lines[start + 1 :])
    assert any(contract_id in x for x in listed), lines[start:]
    assert "cổng quyết toán bị chặn / the gate blocked settlement" in result["stdout"]
    assert "Traceback" not in result["stdout"] + result["stderr"]
    assert not any((build / "settlement" / "2025").glob("*.xlsx"))
    html = next((build / "reports" / "2025").glob("*.html")).read_text(encoding="utf-8")
    assert "paid_above_contract" in html or "Chi vượt giá trị hợp đồng" in html

    check = console(build, "check")
    assert check["exit"] == 3
    assert "paid_above_contract" in check["stdout"] and contract_id in check["stdout"]


def test_an_encrypted_workbook_exits_2_naming_the_file(tmp_path):
    import zipfile

    inbox = tmp_path / "inbox"
    (inbox / "payments").mkdir(parents=True)
    path = inbox / "payments" / "chung-tu.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Số chứng từ", "Số hợp đồng", "Ngày chi", "Số tiền", "Loại"])
    book.save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data[info.header_offset + 6] |= 0x01  # the local header's "encrypted" flag
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:  # and the central directory's, which readers go by
        data[entry + 8] |= 0x01
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))

    result = run_mediacoop(tmp_path / "build", "run", "--inbox", str(inbox), "--year", "2025")
    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    assert "payments/chung-tu.xlsx" in result.stderr
    assert "encrypted" in result.stderr


@pytest.mark.pipeline_runs(0.4)  # `mediacoop docs`: dbt parses and reads the catalog
def test_docs_writes_the_dbt_docs_and_the_portal_links_them(small_inbox_build, tmp_path):
    """On a copy of the small inbox's run: the docs describe the models and their columns,
    whatever the inbox holds, so the cheapest session build serves (the demo's is read by the
    tests of its figures)."""
    build = session_cache.copy_build(small_inbox_build, tmp_path / "build")
    result = run_mediacoop(build, "docs")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    docs = build / "dbt" / "docs" / "static_index.html"
    assert docs.stat().st_size > 100_000
    assert str(docs) in result.stdout
    assert 'href="dbt/docs/static_index.html"' in (build / "index.html").read_text()
    # dbt reused the runs' parse of the project instead of parsing all of it again.
    (log,) = (build / "logs").glob("*-docs-*.log")
    assert "Unable to do partial parsing" not in log.read_text(encoding="utf-8")
