"""The year-end report rendered from a warehouse the tests build: content, formats, safety."""

import re
import shutil
import struct
import subprocess
import unicodedata
import zlib
from html.parser import HTMLParser

import duckdb
import pytest
from report_helpers import (
    PROVINCE,
    SCRIPT_TITLE,
    TYPST_TITLE,
    YEAR,
    key_figures,
    mart_figures,
    normalise,
    pdf_page_sizes,
    pdf_page_text,
    pdf_text,
    render_into,
)
from sample_warehouse import build_sample_warehouse

from reports import SOURCE_DIR as REPORTS_SOURCE_DIR
from reports.render import render_year_end

HEADINGS = [
    "Mục lục",
    "Tóm tắt điều hành",
    "Đầu vào: kinh phí",
    "Hoạt động: thực hiện hợp đồng",
    "Đầu ra: tin bài và mức độ lan tỏa",
    "Độ phù hợp chủ đề so với kế hoạch",
    "Tin bài theo hợp đồng và tự phát",
    "Thông điệp chủ đạo",
    "Kết quả: biến động chỉ số hành chính",
    "Bảng xếp hạng cơ quan báo chí",
    "Ngoại lệ, kiểm soát chất lượng và quyết toán",
    "Phương pháp và nguồn số liệu",
    "Thuật ngữ",
]
A4 = (595.28, 841.89)


class _Blocks(HTMLParser):
    """Text of each block element (paragraph, list item, table row, heading, term)."""

    BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "dt", "dd", "caption", "figcaption"}

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.blocks.append("")

    def handle_data(self, data):
        if self.blocks:
            self.blocks[-1] += data


def html_blocks(page: str) -> list[str]:
    parser = _Blocks()
    parser.feed(page)
    return [normalise(b) for b in parser.blocks if b.strip()]


def html_text(page: str) -> str:
    return normalise(" ".join(html_blocks(page)))


def test_both_formats_are_written_under_the_year(year_end):
    assert set(year_end) == {"html", "pdf"}
    assert year_end["html"].name == f"bao-cao-tong-ket-{YEAR}.html"
    assert year_end["pdf"].read_bytes().startswith(b"%PDF")
    leftovers = [p for p in year_end["html"].parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_html_loads_nothing_from_the_network(year_end):
    page = year_end["html"].read_text(encoding="utf-8")
    # Inline scripts (the chart libraries and specs) are code and data, not references: the
    # Chromium test in test_report_interactive.py draws the charts with the network off.
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    page = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.DOTALL | re.IGNORECASE)
    remote = re.compile(r"""^\s*['"]?\s*(?:https?:)?//""", re.IGNORECASE)
    for attribute in re.findall(
        r"""\b(?:src|href|srcset|poster|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", page
    ):
        assert not remote.match(attribute), attribute
    for target in re.findall(r"url\(([^)]*)\)", page) + re.findall(r"@import\s+([^;]+)", page):
        assert not remote.match(target), target
    assert "<link" not in page, "stylesheets must be embedded"


def test_pdf_is_a4_with_page_numbers_running_header_and_contents(year_end):
    sizes = pdf_page_sizes(year_end["pdf"])
    assert len(sizes) >= 8
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes), sizes
    text = pdf_text(year_end["pdf"])
    assert f"Trang 1 / {len(sizes)}" in text and f"Trang {len(sizes)} / {len(sizes)}" in text
    assert f"{PROVINCE} · năm {YEAR}" in text
    contents = text.split("Mục lục", 1)[1].split("Tóm tắt điều hành", 2)
    assert len(contents) == 3, "the contents list the sections before the first one starts"


def test_pdf_and_html_hold_the_headings_and_the_key_figures(year_end, warehouse):
    expected = key_figures(mart_figures(warehouse.path, YEAR))
    for text in (pdf_text(year_end["pdf"]), html_text(year_end["html"].read_text())):
        for heading in HEADINGS:
            assert heading in text, heading
        for figure in expected:
            assert normalise(figure) in text, figure


def test_the_executive_summary_is_one_page(year_end):
    pages = [pdf_page_text(year_end["pdf"], n) for n in (2, 3)]
    summary, following = pages
    assert "1. Tóm tắt điều hành" in summary
    for part in ("Kinh phí hợp đồng đã ký", "Tình trạng quyết toán", "PCI", "nhân quả"):
        assert part in summary, part
    assert following.split("năm 2025", 1)[1].strip().startswith("2. Đầu vào: kinh phí")


def test_the_text_is_nfc(year_end):
    page = year_end["html"].read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", page)
    assert unicodedata.is_normalized("NFC", pdf_text(year_end["pdf"]))
    for source in REPORTS_SOURCE_DIR.rglob("*"):
        if source.suffix in {".py", ".qmd", ".typ", ".html", ".css", ".yml"}:
            assert unicodedata.is_normalized("NFC", source.read_text(encoding="utf-8")), source


def test_titles_holding_markup_are_shown_as_text(year_end):
    page = year_end["html"].read_text(encoding="utf-8")
    assert SCRIPT_TITLE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    blocks = html_blocks(page)
    assert any(SCRIPT_TITLE in b for b in blocks) and any(TYPST_TITLE in b for b in blocks)
    text = pdf_text(year_end["pdf"])
    assert SCRIPT_TITLE in text and TYPST_TITLE in text
    assert all(abs(w - A4[0]) < 1 for w, _ in pdf_page_sizes(year_end["pdf"]))


def test_reach_is_always_an_estimate_and_there_is_no_advertising_value(year_end):
    blocks = html_blocks(year_end["html"].read_text(encoding="utf-8"))
    reach = [b for b in blocks if "tiếp cận" in b.lower()]
    assert len(reach) >= 5
    for block in reach:
        assert "ước tính" in block, block
    text = " ".join(blocks).lower()
    for sentence in re.split(r"[.;]", text):
        if "quảng cáo tương đương" in sentence or "ave" in sentence.split():
            assert "không" in sentence, sentence


def test_outcomes_are_read_as_contribution_not_causation(year_end):
    text = pdf_text(year_end["pdf"])
    assert "không khẳng định quan hệ nhân quả" in text
    assert "contribution" in text and "causation" in text
    assert "Độ trễ công bố" in text


def test_demo_data_is_labelled(year_end):
    text = pdf_text(year_end["pdf"])
    assert "Dữ liệu minh họa — không phải số liệu thật" in text
    assert text.count("Dữ liệu minh họa") >= 3  # title page, summary, method


def test_a_passed_gate_allows_settlement_and_lists_warnings(year_end):
    text = pdf_text(year_end["pdf"])
    assert "Đủ điều kiện quyết toán" in text
    assert "Một tin bài được hai hợp đồng kê khai" in text
    assert "Cảnh báo" in text


def test_the_html_renders_in_a_headless_browser(year_end, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is missing: install the Debian package chromium to run this test")
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            year_end["html"].as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    pixels = zlib.decompress(b"".join(_png_chunks(data, b"IDAT")))
    assert len(set(pixels)) > 100, "the screenshot is blank"


def _png_chunks(data: bytes, kind: bytes):
    position = 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        if data[position + 4 : position + 8] == kind:
            yield data[position + 8 : position + 8 + length]
        position += 12 + length


def test_a_blocked_gate_says_settlement_cannot_proceed_and_why(tmp_path, report_kernel):
    blocked = build_sample_warehouse(tmp_path / "w.duckdb", blocked=True, agencies=3)
    (html,) = render_into(
        render_year_end, blocked.path, YEAR, PROVINCE, tmp_path / "out", ("html",), report_kernel
    )
    text = html_text(html.read_text(encoding="utf-8"))
    assert "Không thể quyết toán" in text
    assert "Chi vượt giá trị hợp đồng" in text  # the failed blocking rule, by name
    assert "Giải thích: Chi vượt giá trị hợp đồng." in text  # and its explanation
    assert "Bảng tính quyết toán không được xuất" in text
    assert "Đủ điều kiện quyết toán" not in text


def test_without_a_gate_run_or_last_year_or_demo_flag(tmp_path, report_kernel):
    path = tmp_path / "w.duckdb"
    build_sample_warehouse(path, agencies=3, demo=False, previous_year=False)
    with duckdb.connect(str(path)) as con:
        con.execute("drop schema quality cascade")
    (html,) = render_into(
        render_year_end, path, YEAR, PROVINCE, tmp_path / "out", ("html",), report_kernel
    )
    blocks = html_blocks(html.read_text(encoding="utf-8"))
    text = " ".join(blocks)
    assert "Chưa kiểm tra quyết toán" in text
    assert "Dữ liệu minh họa" not in text
    budget_row = next(b for b in blocks if b.startswith("Kinh phí hợp đồng đã ký"))
    assert budget_row.endswith("—"), budget_row


def test_a_failed_render_leaves_the_last_good_report(year_end, tmp_path, report_kernel):
    out = tmp_path / "out"
    out.mkdir()
    for path in year_end.values():
        shutil.copy2(path, out / path.name)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = build_sample_warehouse(tmp_path / "broken.duckdb", agencies=2)
    with duckdb.connect(str(broken.path)) as con:
        con.execute("drop table marts.mart_theme_fit")
    with pytest.raises(Exception, match="mart_theme_fit"):
        render_into(render_year_end, broken.path, YEAR, PROVINCE, out, kernel=report_kernel)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_year_without_data_renders_with_dashes(warehouse, tmp_path, report_kernel):
    (html,) = render_into(
        render_year_end, warehouse.path, YEAR + 2, PROVINCE, tmp_path, ("html",), report_kernel
    )
    blocks = html_blocks(html.read_text(encoding="utf-8"))
    budget_row = next(b for b in blocks if b.startswith("Kinh phí hợp đồng đã ký"))
    assert budget_row == "Kinh phí hợp đồng đã ký — —"
    assert any("không có số liệu" in b for b in blocks)
    assert "<img" not in html.read_text(encoding="utf-8").split("Kết quả: biến động")[0]


def test_event_rows_show_the_window_count_and_the_baseline_beside_the_lift(year_end, warehouse):
    from ingestion import formatting as fmt

    with duckdb.connect(str(warehouse.path), read_only=True) as con:
        events = con.execute(
            "select row_number() over (order by event_date, name) as number, event_id, name, "
            "window_days_counted, event_items, baseline_items, lift, overlapping_events "
            "from marts.mart_event_lift where year(event_date) = ? order by event_date, name",
            [YEAR],
        ).fetchall()
    numbers = {event_id: number for number, event_id, *_ in events}
    rows = html_blocks(year_end["html"].read_text())
    assert any(events[0][6] is not None and fmt.multiple(events[0][6]) in r for r in rows)
    for _number, _id, name, days, items, baseline, lift, overlapping in events:
        row = next(r for r in rows if normalise(name) in r and fmt.multiple(lift) in r)
        assert f"({fmt.count(days)} ngày" in row
        assert normalise(f"{fmt.number(items, 0)}") in row
        assert normalise(f"{fmt.number(baseline, 0)} tin") in row
        if overlapping:
            others = ", ".join(str(numbers[e]) for e in overlapping.split(";"))
            assert normalise(f"cửa sổ trùng với sự kiện số {others}") in row
    assert any(overlapping for *_, overlapping in events)


def test_conflicting_index_figures_are_shown_each_and_never_averaged(year_end):
    from ingestion import formatting as fmt

    rows = html_blocks(year_end["html"].read_text())
    summary = next(r for r in rows if r.startswith("PAR") and "2024" in r and "2025" in r)
    # The latest figure is a placeholder: its comparison with a published one says so.
    assert normalise("so sánh số liệu giả định năm 2025 với số liệu công bố năm 2024") in summary
    par_2024 = next(r for r in rows if r.startswith("PAR 2024"))
    changes = " hoặc ".join(fmt.signed(96.17 - s, 2) for s in (91.87, 91.81))
    assert normalise(f"{changes} (năm trước có các số liệu chênh lệch)") in par_2024
    mean_change = fmt.signed(96.17 - (91.87 + 91.81) / 2, 2)
    assert all(mean_change not in r for r in rows if r.startswith("PAR"))
    par_2023 = [r for r in rows if r.startswith("PAR 2023")]
    assert len(par_2023) == 2
    assert {"91,87", "91,81"} <= {s for r in par_2023 for s in ("91,87", "91,81") if s in r}


def test_the_figures_resting_on_reviewed_data_are_counted(year_end, warehouse):
    from ingestion import formatting as fmt

    with duckdb.connect(str(warehouse.path), read_only=True) as con:
        (corrected,) = con.execute(
            "select sum(amount_vnd) from marts.fct_payment "
            "where year = ? and corrected_by_review is not null",
            [YEAR],
        ).fetchone()
    text = html_text(year_end["html"].read_text())
    for expected in (
        f"1 khoản chi được sửa theo kết quả duyệt (tổng {fmt.vnd(corrected)})",
        "3 tin bài có kết quả khớp hợp đồng dựa trên quyết định duyệt",
        "2 bản đăng lại được xác nhận qua duyệt",
        "5 quyết định về lĩnh vực chủ đề, trên 4 tin bài",
        "không có quyết định nào gắn tin bài với sự kiện",
        "1 tệp dữ liệu tiền được xác nhận gỡ bỏ",
    ):
        assert normalise(expected) in text


def test_without_reviews_every_count_is_stated_as_none(tmp_path):
    from reports.year_end import YearEndReport

    path = tmp_path / "w.duckdb"
    build_sample_warehouse(path, agencies=2, reviewed=False)
    text = YearEndReport.load(path, YEAR, PROVINCE).reviewed_text()
    assert text.count("không có ") == 6
    assert "₫" not in text
