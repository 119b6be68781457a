"""The whole pipeline through the command line, as an analyst runs it."""

import dagster as dg
import duckdb
from pipeline_run import run_mediacoop


def test_demo_writes_warehouse_reports_and_workbook(demo_build):
    warehouse = demo_build / "warehouse.duckdb"
    assert warehouse.exists()
    assert not (demo_build / "warehouse.duckdb.next").exists()
    reports = demo_build / "reports" / "2025"
    assert any(reports.glob("*.html")) and any(reports.glob("*.pdf"))
    assert any((demo_build / "settlement" / "2025").glob("*.xlsx"))
    assert (demo_build / "quality" / "2025" / "index.html").exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (items,) = con.execute("select count(*) from marts.fct_coverage").fetchone()
        (raw_rows,) = con.execute("select count(*) from raw.coverage").fetchone()
        (quarantined,) = con.execute("select count(*) from raw.quarantine").fetchone()
    assert items > 10_000
    assert raw_rows >= items
    assert quarantined > 0


def test_demo_prints_one_progress_line_per_stage(demo_build):
    log = (demo_build / "demo-run.log").read_text()
    for stage in ("raw/contracts", "raw/coverage", "marts/mart_budget", "reports/year_end_report"):
        assert stage in log, f"no progress line for {stage}:\n{log}"
    assert "rows_loaded=" in log


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


def test_a_payment_above_the_contract_blocks_settlement_but_not_the_report(tmp_path):
    """Exit 3: the report still renders and says why, the settlement workbook is not written."""
    import datetime as dt

    import openpyxl

    from ingestion.demo import write_demo_inbox

    inbox = tmp_path / "inbox"
    write_demo_inbox(inbox)
    payments = inbox / "payments" / "chung-tu-thanh-toan-2025.xlsx"
    workbook = openpyxl.load_workbook(payments)
    sheet = workbook.active
    contract_id = sheet.cell(row=4, column=2).value
    overpayment = 100_000_000_000  # far above any demo contract
    paid_on = dt.datetime(2025, 12, 20)
    sheet.append(["UNC-2025-9999", contract_id, paid_on, overpayment, "Thanh toán"])
    workbook.save(payments)

    build = tmp_path / "build"
    result = run_mediacoop(build, "run", "--inbox", str(inbox), "--year", "2025")
    assert result.returncode == 3, result.stdout[-3000:] + result.stderr[-3000:]
    assert "paid_above_contract" in result.stdout
    assert not any((build / "settlement" / "2025").glob("*.xlsx"))
    html = next((build / "reports" / "2025").glob("*.html")).read_text(encoding="utf-8")
    assert "paid_above_contract" in html or "Chi vượt giá trị hợp đồng" in html

    check = run_mediacoop(build, "check", "--year", "2025")
    assert check.returncode == 3
    assert "paid_above_contract" in check.stdout


def test_an_encrypted_workbook_exits_2_naming_the_file(tmp_path):
    import zipfile

    import openpyxl

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
