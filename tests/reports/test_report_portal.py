"""The portal (build/index.html): every output linked, the gate's verdict, offline."""

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from browser import assert_opens_offline, dump_dom, page_requests, references
from report_helpers import PROVINCE, SCRIPT_TITLE, YEAR
from sample_warehouse import build_sample_warehouse

from orchestration.runtime import outputs, paths, portal
from reports.file_names import with_file_names


def build_outputs(build: Path, warehouse: Path, *, workbook: bool) -> None:
    """The files a run leaves for YEAR, empty except for their names."""
    import duckdb

    reports = build / "reports" / str(YEAR)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        agencies = con.execute(
            "select agency_id, agency from marts.mart_agency_scorecard where year = ?", [YEAR]
        ).fetchall()
    names = [
        reports / f"bao-cao-tong-ket-{YEAR}.html",
        reports / f"bao-cao-tong-ket-{YEAR}.pdf",
        reports / f"tien-do-{YEAR}-06.html",
        reports / f"tien-do-{YEAR}-05.html",
        build / "quality" / str(YEAR) / "index.html",
        *(reports / "scorecards" / f"{slug}.{ext}" for *_, slug in with_file_names(agencies)
          for ext in ("html", "pdf")),
    ]  # fmt: skip
    if workbook:
        names.append(build / "settlement" / str(YEAR) / f"quyet-toan-{YEAR}.xlsx")
    for path in names:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")


@pytest.fixture
def build(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "build"
    monkeypatch.setenv("MEDIACOOP_BUILD", str(folder))
    monkeypatch.setenv("MEDIACOOP_PROVINCE", PROVINCE)
    return folder


def test_the_portal_links_every_output_and_names_agencies_as_text(build, tmp_path):
    sample = build_sample_warehouse(tmp_path / "w.duckdb", hostile=[SCRIPT_TITLE])
    build_outputs(build, sample.path, workbook=True)
    page = portal.portal_html(sample.path)
    links = [r for r in references(page) if not r.startswith("#")]
    for link in links:
        assert not urlparse(link).scheme, link
        assert (build / unquote(link)).is_file(), link
    linked = {build / unquote(link) for link in links}
    expected = outputs.listing(build / "reports") | outputs.listing(build / "quality")
    expected |= outputs.listing(build / "settlement")
    assert expected <= linked
    assert SCRIPT_TITLE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Đủ điều kiện" in page  # the gate's verdict
    assert "Tháng 05/2025" in page and "Tháng 06/2025" in page
    assert "mediacoop docs" in page  # no dbt docs yet: how to make them


def test_a_missing_workbook_says_why(build, tmp_path):
    sample = build_sample_warehouse(tmp_path / "w.duckdb", blocked=True, agencies=3)
    build_outputs(build, sample.path, workbook=False)
    page = portal.portal_html(sample.path)
    assert "Không lập: cổng quyết toán bị chặn" in page
    assert "Bị chặn" in page


def test_held_outputs_are_listed_and_withdrawn_ones_are_not(build, tmp_path):
    sample = build_sample_warehouse(tmp_path / "w.duckdb", agencies=3)
    build_outputs(build, sample.path, workbook=True)
    workbook = build / "settlement" / str(YEAR) / f"quyet-toan-{YEAR}.xlsx"
    docs = paths.dbt_docs_dir() / "static_index.html"
    with outputs.held_until_published():
        outputs.remove(workbook)
        outputs.write_atomically(docs, "<html></html>")
        page = portal.portal_html(sample.path)
    assert "quyet-toan-" not in page
    assert "dbt/docs/static_index.html" in page


def test_the_portal_works_offline_in_chromium(build, tmp_path):
    sample = build_sample_warehouse(tmp_path / "w.duckdb")
    build_outputs(build, sample.path, workbook=True)
    index = portal.write_portal(sample.path)
    assert index == build / "index.html"
    assert_opens_offline(index, tmp_path, agencies=len(sample.agencies))


def test_the_offline_check_sees_what_a_page_asks_for_and_not_the_browser(tmp_path):
    """The check counts the page's own requests (a web font, a script from a CDN), however
    the browser's calls to its services change between versions."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><img src="https://fonts.googleapis.com/icon.png">'
        '<script src="http://cdn.example.com/chart.js"></script></body></html>',
        encoding="utf-8",
    )
    netlog = tmp_path / "netlog.json"
    dump_dom(page, tmp_path / "profile", f"--log-net-log={netlog}")
    assert page_requests(netlog) == {
        "https://fonts.googleapis.com/icon.png",
        "http://cdn.example.com/chart.js",
    }
