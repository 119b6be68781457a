"""The portal: one offline page (build/index.html, in Vietnamese) linking every output.

For each year with outputs: the year-end report (HTML, PDF), the quality page with the gate's
verdict, the settlement workbook or why there is none, the monthly progress pages and the
agency scorecards (a list filtered as one types, by a few lines of inline script). Then the
warehouse documentation (dbt docs) when it was generated. Links are relative to the build
folder; nothing is loaded from the network.

`render_portal` returns the page's text; the orchestration layer writes it (with the outputs
of the run, orchestration.runtime.outputs) and says which files exist, so the page can list
outputs a run wrote and has not yet put in place.
"""

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingestion import formatting as fmt
from reports import warehouse as wh
from reports.file_names import SCORECARDS_DIR, with_file_names, year_end_name
from reports.gate_status import gate_status

PROGRESS_PAGE = re.compile(r"^tien-do-(\d{4})-(\d{2})\.html$")


@dataclass
class YearOutputs:
    """The outputs of one year, as paths relative to the build folder (None: absent)."""

    year: int
    report_html: str | None = None
    report_pdf: str | None = None
    quality_page: str | None = None
    gate: str = "Chưa kiểm tra quyết toán"
    gate_blocked: bool | None = None
    workbook: str | None = None
    workbook_note: str = ""
    progress_pages: list[tuple[str, str]] = field(default_factory=list)  # (label, href)
    scorecards: list[tuple[str, str, str | None]] = field(default_factory=list)  # name, html, pdf


def _folded(text: str) -> str:
    """Sort key that files 'Đài' with 'Dai' and 'Ấp' with 'Ap', as readers expect."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _href(path: Path, build: Path) -> str:
    return path.relative_to(build).as_posix()


def year_outputs(
    build: Path, files: set[Path], year: int, warehouse: Path | None
) -> YearOutputs | None:
    """What exists for `year` among `files` (absolute paths under `build`), with the gate's
    verdict and the agencies' names read from the warehouse; None when nothing exists."""
    reports = build / "reports" / str(year)
    out = YearOutputs(year)
    name = year_end_name(year)
    for suffix in ("html", "pdf"):
        path = reports / f"{name}.{suffix}"
        if path in files:
            setattr(out, f"report_{suffix}", _href(path, build))
    quality = build / "quality" / str(year) / "index.html"
    if quality in files:
        out.quality_page = _href(quality, build)
    workbook = build / "settlement" / str(year) / f"quyet-toan-{year}.xlsx"
    if workbook in files:
        out.workbook = _href(workbook, build)
    months = sorted(
        (match.group(2), path)
        for path in files
        if path.parent == reports and (match := PROGRESS_PAGE.match(path.name))
    )
    out.progress_pages = [(f"Tháng {month}/{year}", _href(path, build)) for month, path in months]
    names: dict[str, str] = {}
    if warehouse is not None and Path(warehouse).exists():
        with wh.open_read_only(Path(warehouse)) as con:
            present = wh.tables(con)
            gate = gate_status(con, year, present)
            if "marts.mart_agency_scorecard" in present:
                agencies = con.execute(
                    """select agency_id, agency from marts.mart_agency_scorecard
                       where year = ? order by agency, agency_id""",
                    [year],
                ).fetchall()
                names = {slug: agency for _, agency, slug in with_file_names(agencies)}
        if gate.ran:
            out.gate, out.gate_blocked = gate.summary_vi(), gate.blocked
    if out.workbook is None:
        out.workbook_note = (
            "Không lập: cổng quyết toán bị chặn (xem trang chất lượng)."
            if out.gate_blocked
            else "Chưa lập: chạy `mediacoop run` để kiểm tra và lập bảng tính."
        )
    cards = reports / SCORECARDS_DIR
    for path in sorted(p for p in files if p.parent == cards and p.suffix == ".html"):
        pdf = path.with_suffix(".pdf")
        out.scorecards.append(
            (
                names.get(path.stem, path.stem),
                _href(path, build),
                _href(pdf, build) if pdf in files else None,
            )
        )
    out.scorecards.sort(key=lambda card: _folded(card[0]))
    anything = (
        out.report_html or out.report_pdf or out.quality_page or out.workbook or out.scorecards
    )
    return out if anything or out.progress_pages else None


def years_with_outputs(build: Path, files: Iterable[Path]) -> list[int]:
    """Years that have a folder of outputs (reports, quality, settlement), newest first."""
    years = set()
    for path in files:
        parts = path.relative_to(build).parts
        if (
            len(parts) >= 3
            and parts[0] in ("reports", "quality", "settlement")
            and parts[1].isdigit()
        ):
            years.add(int(parts[1]))
    return sorted(years, reverse=True)


def _link(href: str | None, text: str) -> str:
    if href is None:
        return f'<span class="missing">{html.escape(text)} (chưa có)</span>'
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def _year_section(year: YearOutputs) -> str:
    e = html.escape
    verdict_class = {True: "blocked", False: "passed"}.get(year.gate_blocked, "unknown")
    parts = [
        f'<section id="nam-{year.year}">',
        f"<h2>Năm {year.year}</h2>",
        "<h3>Báo cáo tổng kết</h3>",
        f"<p>{_link(year.report_html, 'Bản HTML')} · {_link(year.report_pdf, 'Bản PDF (A4)')}</p>",
        "<h3>Chất lượng dữ liệu và cổng quyết toán</h3>",
        f'<p>Cổng quyết toán: <strong class="{verdict_class}">{e(year.gate)}</strong>'
        f" — {_link(year.quality_page, 'trang chất lượng dữ liệu')}</p>",
        "<h3>Bảng tính quyết toán</h3>",
        f"<p>{_link(year.workbook, f'quyet-toan-{year.year}.xlsx')}</p>"
        if year.workbook
        else f'<p class="note">{e(year.workbook_note)}</p>',
        "<h3>Tiến độ hằng tháng</h3>",
    ]
    if year.progress_pages:
        parts.append(
            '<ul class="months">'
            + "".join(f"<li>{_link(href, label)}</li>" for label, href in year.progress_pages)
            + "</ul>"
        )
    else:
        parts.append(
            '<p class="note">Chưa có trang tiến độ: chạy <code>mediacoop progress</code>.</p>'
        )
    parts.append(f"<h3>Thẻ điểm cơ quan báo chí ({len(year.scorecards)})</h3>")
    if year.scorecards:
        list_id = f"the-diem-{year.year}"
        parts.append(
            f'<p><input type="search" class="filter" data-list="{list_id}" hidden '
            'placeholder="Lọc theo tên cơ quan…" aria-label="Lọc theo tên cơ quan"> '
            f'<span class="count" data-count="{list_id}"></span></p>'
        )
        items = []
        for name, html_href, pdf_href in year.scorecards:
            pdf = f" · {_link(pdf_href, 'PDF')}" if pdf_href else ""
            items.append(f'<li data-name="{e(name)}">{_link(html_href, name)}{pdf}</li>')
        parts.append(f'<ul class="agencies" id="{list_id}">' + "".join(items) + "</ul>")
    else:
        parts.append('<p class="note">Chưa có thẻ điểm.</p>')
    parts.append("</section>")
    return "\n".join(parts)


STYLE = """
body { font-family: "Noto Serif", "Times New Roman", serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1d; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #2f5d8c; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
a { color: #2f5d8c; }
.missing, .note, .generated { color: #666; }
.passed { color: #2a8a5f; } .blocked { color: #b42318; } .unknown { color: #666; }
.demo { background: #fff4d6; border: 1px solid #e69f00; padding: .4rem .8rem; }
ul.agencies { columns: 2 20rem; padding-left: 1.2rem; }
ul.months { columns: 4 8rem; padding-left: 1.2rem; }
input.filter { font: inherit; padding: .3rem .5rem; width: 20rem; max-width: 100%; }
"""

# Filters a list of agencies as one types; accents and case are ignored ("hai phong" finds
# "Hải Phòng"). Without scripts the box stays hidden and the whole list shows.
SCRIPT = """
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("input.filter").forEach(function (box) {
    var list = document.getElementById(box.dataset.list);
    var count = document.querySelector('[data-count="' + box.dataset.list + '"]');
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    function apply() {
      var query = fold(box.value.trim());
      var shown = 0;
      items.forEach(function (item) {
        var match = fold(item.dataset.name).indexOf(query) !== -1;
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = shown + " / " + items.length + " cơ quan";
    }
    box.hidden = false;
    box.addEventListener("input", apply);
    apply();
  });
})();
"""


def render_portal(
    years: list[YearOutputs],
    *,
    province: str,
    dbt_docs: str | None,
    demo: bool = False,
    generated_at: dt.datetime | None = None,
) -> str:
    """The portal page's HTML."""
    e = html.escape
    generated_at = generated_at or dt.datetime.now()
    body = [
        f"<h1>Đánh giá hợp tác truyền thông — {e(province)}</h1>",
        '<p class="generated">Cập nhật lúc '
        f"{generated_at:%H:%M} ngày {fmt.date_vi(generated_at.date())}</p>",
    ]
    if demo:
        body.append('<p class="demo">Dữ liệu minh họa — không phải số liệu thật.</p>')
    if years:
        body.append(
            "<nav><p>Các năm: "
            + " · ".join(f'<a href="#nam-{y.year}">{y.year}</a>' for y in years)
            + "</p></nav>"
        )
        body.extend(_year_section(year) for year in years)
    else:
        body.append('<p class="note">Chưa có báo cáo nào: chạy <code>mediacoop run</code>.</p>')
    body.append("<section><h2>Tài liệu kho dữ liệu</h2>")
    if dbt_docs:
        body.append(
            f"<p>{_link(dbt_docs, 'Mô hình, cột, kiểm thử và sơ đồ dòng dữ liệu (dbt docs)')}</p>"
        )
    else:
        body.append(
            '<p class="note">Chưa tạo: chạy <code>mediacoop docs</code> để tạo tài liệu '
            "mô hình dữ liệu (dbt docs).</p>"
        )
    body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Cổng báo cáo — {e(province)}</title>\n<style>{STYLE}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
