"""Helpers the report tests share: the test year and province, hostile titles, and reading
the figures back from the marts and the text back from a PDF (pdftotext, poppler-utils).
"""

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import duckdb
import pytest

from ingestion import formatting as fmt
from orchestration.runtime import outputs
from reports.render import FORMATS

YEAR = 2025
PROVINCE = "Hải Phòng"
SCRIPT_TITLE = "<script>alert(1)</script>"
TYPST_TITLE = "#set page(width: 1cm)"


def render_into(
    render, warehouse: Path, year: int, province: str, out: Path, formats=FORMATS, kernel=None
):
    """Run a renderer of reports.render in a scratch folder (in `kernel` when given, as a run
    renders its reports in its one kernel) and write what it returns into `out` through the
    pipeline's own writer; the written paths."""
    with tempfile.TemporaryDirectory(prefix="mediacoop-report-test-") as workdir:
        rendered = render(warehouse, year, province, Path(workdir), formats, kernel)
    return outputs.write_all(out, rendered)


def mart_figures(path: Path, year: int) -> dict:
    """Key figures computed straight from the marts, independently of the report code."""
    with duckdb.connect(str(path), read_only=True) as con:
        contract_value, payable = con.execute(
            "select sum(contract_value_vnd), sum(payable_vnd) from marts.mart_budget "
            "where year = ?",
            [year],
        ).fetchone()
        (delivery,) = con.execute(
            "select sum(least(accepted_qty, ordered_qty)) / sum(ordered_qty) "
            "from marts.mart_contract_fulfilment where year = ?",
            [year],
        ).fetchone()
        (items,) = con.execute(
            "select count(*) from marts.fct_coverage where year = ?", [year]
        ).fetchone()
        agencies = [
            a
            for (a,) in con.execute(
                "select agency from marts.mart_agency_scorecard where year = ? and contracts > 0",
                [year],
            ).fetchall()
        ]
        pci = con.execute(
            "select rank from marts.mart_index_trends where index_code = 'PCI' "
            "and component = 'overall' and year <= ? order by year desc limit 1",
            [year],
        ).fetchone()
    return {
        "contract_value": contract_value,
        "payable": payable,
        "delivery": delivery,
        "items": items,
        "agencies": agencies,
        "pci_rank": pci[0] if pci else None,
    }


def key_figures(figures: dict) -> list[str]:
    """The figures as the report writes them."""
    return [
        fmt.vnd(figures["contract_value"]),
        fmt.vnd_short(figures["contract_value"]),
        fmt.vnd(figures["payable"]),
        fmt.percent(figures["delivery"]),
        fmt.count(figures["items"]),
        *([f"hạng {int(figures['pci_rank'])}"] if figures["pci_rank"] is not None else []),
        *figures["agencies"],
    ]


def pdf_text(path: Path) -> str:
    """The PDF's text, NFC, table rows kept on one line, whitespace runs as one space."""
    return pdf_page_text(path)


def pdf_page_text(path: Path, page: int | None = None) -> str:
    """The text of one page (or all pages) as `pdf_text` gives it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install the Debian package poppler-utils")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return normalise(text)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_page_sizes(path: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]
