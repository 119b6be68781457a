"""The reports of a real `mediacoop demo` run: ingestion, dbt marts, quality gate, reports.

Runs once the marts exist in dbt_project/models/marts; until then it is skipped, and the other
report tests cover the renderer on a warehouse they build with the marts' columns.
"""

import importlib.util

import duckdb
import pytest
from report_helpers import PROVINCE, key_figures, mart_figures, normalise, pdf_page_sizes, pdf_text

from orchestration.runtime.paths import DBT_PROJECT_DIR
from reports.year_end import REQUIRED_MARTS

MISSING = [
    name
    for name in REQUIRED_MARTS
    if not (DBT_PROJECT_DIR / "models" / "marts" / f"{name.split('.')[1]}.sql").exists()
]
if importlib.util.find_spec("orchestration.assets.dbt") is None:
    MISSING.append("orchestration/assets/dbt.py")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING), reason=f"the pipeline is not complete yet: {', '.join(MISSING)} missing"
    ),
]
YEAR = 2025


def test_the_demo_run_renders_the_report_with_the_marts_figures(demo_build):
    warehouse = demo_build / "warehouse.duckdb"
    reports = demo_build / "reports" / str(YEAR)
    pdf, html = reports / f"bao-cao-tong-ket-{YEAR}.pdf", reports / f"bao-cao-tong-ket-{YEAR}.html"
    assert pdf.exists() and html.exists()
    text = pdf_text(pdf)
    for figure in key_figures(mart_figures(warehouse, YEAR)):
        assert normalise(figure) in text, figure
    assert "Dữ liệu minh họa" in text
    assert f"{PROVINCE} · năm {YEAR}" in text
    assert all(abs(w - 595.28) < 1 and abs(h - 841.89) < 1 for w, h in pdf_page_sizes(pdf))


def test_the_demo_run_renders_one_scorecard_per_agency(demo_build):
    with duckdb.connect(str(demo_build / "warehouse.duckdb"), read_only=True) as con:
        (agencies,) = con.execute(
            "select count(*) from marts.mart_agency_scorecard where year = ?", [YEAR]
        ).fetchone()
    scorecards = demo_build / "reports" / str(YEAR) / "scorecards"
    assert len(list(scorecards.glob("*.pdf"))) == agencies
    assert len(list(scorecards.glob("*.html"))) == agencies
