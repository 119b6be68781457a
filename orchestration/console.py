"""What a command prints: its stage lines and a closing summary on the terminal; everything else
(dbt's per-node lines, Dagster's event stream, library warnings) in a log file per run under
build/logs/, whose path the summary names. `--verbose` shows the log live as well.
"""

import contextlib
import datetime as dt
import os
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from orchestration import stage_lines
from orchestration.runtime import paths


class _Tee:
    """A text stream writing to several streams (the log file, and the terminal when verbose)."""

    def __init__(self, *streams: TextIO):
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return "utf-8"


def log_path(command: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return paths.logs_dir() / f"{stamp}-{command}-{os.getpid()}.log"


@contextlib.contextmanager
def run_log(command: str, *, verbose: bool = False) -> Iterator[Path]:
    """Send this process's stdout, stderr and Python warnings to a new log file for the block;
    the stage lines (orchestration.stage_lines) still reach the terminal, and with `verbose`
    everything does."""
    path = log_path(command)
    path.parent.mkdir(parents=True, exist_ok=True)
    terminal, terminal_err = sys.stdout, sys.stderr
    with open(path, "w", encoding="utf-8", buffering=1) as log:
        out = _Tee(log, terminal) if verbose else log
        err = _Tee(log, terminal_err) if verbose else log
        previous = (
            stage_lines.console,
            stage_lines.console_errors,
            stage_lines.log_file,
            stage_lines.details,
        )
        stage_lines.console, stage_lines.console_errors = terminal, terminal_err
        stage_lines.log_file, stage_lines.details = log, out
        sys.stdout, sys.stderr = out, err
        try:
            with warnings.catch_warnings():
                # Warnings are for the log: an analyst cannot act on a library's deprecation.
                warnings.simplefilter("default")

                def to_log(message, category, filename, lineno, file=None, line=None):
                    log.write(warnings.formatwarning(message, category, filename, lineno, line))

                warnings.showwarning = to_log
                yield path
        finally:
            sys.stdout.flush()
            sys.stdout, sys.stderr = terminal, terminal_err
            (
                stage_lines.console,
                stage_lines.console_errors,
                stage_lines.log_file,
                stage_lines.details,
            ) = previous


def say(text: str = "", *, error: bool = False) -> None:
    """A line for the analyst: on the terminal, and in the run's log when one is open."""
    stream = (
        (stage_lines.console_errors or sys.stderr) if error else (stage_lines.console or sys.stdout)
    )
    print(text, file=stream, flush=True)
    if stage_lines.log_file is not None:
        stage_lines.log_file.write(text + "\n")


@dataclass
class Outputs:
    """The files of one year that an analyst opens, and whether each exists."""

    year: int

    @property
    def report_html(self) -> Path:
        return paths.reports_dir(self.year) / f"bao-cao-tong-ket-{self.year}.html"

    @property
    def report_pdf(self) -> Path:
        return self.report_html.with_suffix(".pdf")

    @property
    def scorecards(self) -> Path:
        return paths.reports_dir(self.year) / "scorecards"

    @property
    def quality_page(self) -> Path:
        return paths.quality_dir(self.year) / "index.html"

    @property
    def workbook(self) -> Path:
        return paths.settlement_dir(self.year) / f"quyet-toan-{self.year}.xlsx"


def shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _warehouse_figures(year: int) -> tuple[int | None, int | None, object]:
    """Items published, contracts and the stored gate result of `year` (None when unknown)."""
    import duckdb

    from quality.gate import load_gate_result

    warehouse = paths.warehouse_path()
    if not warehouse.exists():
        return None, None, None
    items = contracts = None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        with contextlib.suppress(duckdb.Error):
            (items,) = con.execute(
                "select count(*) from marts.fct_coverage where year = ?", [year]
            ).fetchone()
        with contextlib.suppress(duckdb.Error):
            (contracts,) = con.execute(
                "select count(distinct contract_id) from marts.dim_contract where year = ?",
                [year],
            ).fetchone()
        gate = load_gate_result(con, year)
    return items, contracts, gate


def summary_lines(
    year: int, code: int, log: Path | None, also: tuple[tuple[str, Path], ...] = ()
) -> list[str]:
    """The closing summary: the figures, the gate's verdict and the files to open."""
    from orchestration.exit_codes import EXIT_GATE_BLOCKED, EXIT_OK

    items, contracts, gate = _warehouse_figures(year)
    files = Outputs(year)
    lines = ["", f"== Tóm tắt / summary — năm {year} =="]
    if items is not None:
        lines.append(f"  Tin bài / items:          {items:,}".replace(",", "."))
    if contracts is not None:
        lines.append(f"  Hợp đồng / contracts:     {contracts:,}".replace(",", "."))
    if gate is None:
        verdict = "chưa kiểm tra / not checked yet (mediacoop check)"
    elif gate.blocked:
        broken = ", ".join(rule.code for rule in gate.blocking_failures)
        verdict = f"BỊ CHẶN / BLOCKED ({broken})"
    else:
        verdict = f"ĐẠT / PASSED ({len(gate.warnings)} cảnh báo / warnings)"
    lines.append(f"  Cổng quyết toán / gate:   {verdict}")
    lines.append("  Mở / open:")
    shown = [
        ("Cổng thông tin / portal", paths.portal_path()),
        ("Báo cáo / report (HTML)", files.report_html),
        ("Báo cáo / report (PDF)", files.report_pdf),
        ("Chất lượng / quality", files.quality_page),
        *also,
    ]
    for label, path in shown:
        state = "" if path.exists() else "  (chưa có / not written yet)"
        lines.append(f"    {label:<26} {shown_path(path)}{state}")
    if files.workbook.exists():
        lines.append(f"    {'Quyết toán / workbook':<26} {shown_path(files.workbook)}")
    else:
        why = (
            "cổng quyết toán bị chặn / the gate blocked settlement"
            if gate is not None and gate.blocked
            else "chưa chạy / not made yet (mediacoop run)"
        )
        lines.append(f"    {'Quyết toán / workbook':<26} không có / none: {why}")
    docs = paths.dbt_docs_dir() / "static_index.html"
    if docs.exists():
        lines.append(f"    {'Tài liệu kho / dbt docs':<26} {shown_path(docs)}")
    if log is not None:
        lines.append(f"  Nhật ký chi tiết / full log: {shown_path(log)}")
    outcome = {
        EXIT_OK: "xong / done",
        EXIT_GATE_BLOCKED: "xong, cổng quyết toán bị chặn / done, settlement blocked",
    }.get(code, f"lỗi / failed (exit {code})")
    lines.append(f"  Kết quả / result: {outcome}")
    return lines
