"""The monthly progress page: delivery and budget so far in the year, against the plan.

One short, self-contained HTML page in Vietnamese (no script, no external file), published as
build/reports/<year>/tien-do-<yyyy-mm>.html (page_name): how many planned products have been
accepted, how much of the planned budget is under contract and paid out by the end of the
month, per theme area, next to the share of the year that has passed. Every value from data is
escaped; the page is returned as text and the caller writes it.
"""

import calendar
import datetime as dt
import html
from dataclasses import dataclass

import duckdb

from ingestion import formatting as fmt
from reports import warehouse as wh

REQUIRED = (
    "raw.targets",
    "marts.fct_coverage",
    "marts.dim_contract",
    "marts.fct_payment",
    "marts.dim_theme",
)
# A theme area is flagged when it is this far (as a share of the plan) behind the calendar.
BEHIND_MARGIN = 0.10


def page_name(month: str) -> str:
    return f"tien-do-{month}.html"


def month_end(month: str) -> dt.date:
    """'2025-02' -> 28/02/2025."""
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


@dataclass
class AreaProgress:
    theme_area: int
    name: str
    planned_items: int | None
    accepted_items: int
    published_items: int
    planned_budget_vnd: int | None
    contracted_vnd: int

    @property
    def delivery_rate(self) -> float | None:
        return self.accepted_items / self.planned_items if self.planned_items else None

    @property
    def contracted_rate(self) -> float | None:
        if not self.planned_budget_vnd:
            return None
        return self.contracted_vnd / self.planned_budget_vnd


@dataclass
class Progress:
    year: int
    month: str
    through: dt.date
    elapsed: float  # share of the year passed by `through`
    areas: list[AreaProgress]
    advanced_vnd: int
    paid_vnd: int
    is_demo: bool
    demo_label: str | None

    @property
    def planned_items(self) -> int:
        return sum(a.planned_items or 0 for a in self.areas)

    @property
    def accepted_items(self) -> int:
        return sum(a.accepted_items for a in self.areas)

    @property
    def planned_budget_vnd(self) -> int:
        return sum(a.planned_budget_vnd or 0 for a in self.areas)

    @property
    def contracted_vnd(self) -> int:
        return sum(a.contracted_vnd for a in self.areas)

    @property
    def disbursed_vnd(self) -> int:
        return self.advanced_vnd + self.paid_vnd


def read_progress(con: duckdb.DuckDBPyConnection, month: str) -> Progress:
    """Delivery and budget from 1 January to the end of `month` ('yyyy-mm')."""
    wh.require(con, REQUIRED)
    year, through = int(month[:4]), month_end(month)
    days_in_year = 366 if calendar.isleap(year) else 365
    elapsed = through.timetuple().tm_yday / days_in_year
    plan = {
        area: (items, budget)
        for area, items, budget in con.execute(
            """
            with targets as (
                select * from raw.targets where year = ? and not coalesce(_is_duplicate, false)
            ),
            area_totals as (
                -- a row without a deliverable type is the plan for the whole area
                select theme_area, sum(planned_items) as items, sum(planned_budget_vnd) as budget
                from targets where deliverable_type is null group by theme_area
            ),
            by_type as (
                select theme_area, sum(planned_items), sum(planned_budget_vnd)
                from targets
                where deliverable_type is not null
                  and theme_area not in (select theme_area from area_totals)
                group by theme_area
            )
            select * from area_totals union all select * from by_type
            """,
            [year],
        ).fetchall()
    }
    names = dict(
        con.execute(
            "select theme_area, theme_area_name_vi from marts.dim_theme where level = 'area'"
        ).fetchall()
    )
    accepted = dict(
        con.execute(
            """
            select contract.theme_area, count(*)
            from marts.fct_coverage as item
            join marts.dim_contract as contract
              on item.matched_contract_line_id = contract.contract_line_id
            where item.year = ? and item.published_date <= ? and item.is_accepted
            group by contract.theme_area
            """,
            [year, through],
        ).fetchall()
    )
    published = dict(
        con.execute(
            """
            select primary_theme_area, count(*) from marts.fct_coverage
            where year = ? and published_date <= ? and primary_theme_area is not null
            group by primary_theme_area
            """,
            [year, through],
        ).fetchall()
    )
    contracted = dict(
        con.execute(
            """
            select theme_area, sum(amount_vnd) from marts.dim_contract
            where year = ? and coalesce(signed_on, start_date) <= ?
            group by theme_area
            """,
            [year, through],
        ).fetchall()
    )
    advanced, paid = con.execute(
        """
        select coalesce(sum(amount_vnd) filter (where kind = 'advance'), 0),
               coalesce(sum(amount_vnd) filter (where kind <> 'advance'), 0)
        from marts.fct_payment where year = ? and paid_on <= ?
        """,
        [year, through],
    ).fetchone()
    areas = [
        AreaProgress(
            theme_area=area,
            name=fmt.or_dash(names.get(area)),
            planned_items=plan.get(area, (None, None))[0],
            accepted_items=int(accepted.get(area, 0)),
            published_items=int(published.get(area, 0)),
            planned_budget_vnd=plan.get(area, (None, None))[1],
            contracted_vnd=int(contracted.get(area, 0) or 0),
        )
        for area in sorted(set(plan) | set(accepted) | set(contracted) | set(published))
        if area is not None
    ]
    meta = wh.inbox_meta(con)
    return Progress(
        year=year,
        month=month,
        through=through,
        elapsed=elapsed,
        areas=areas,
        advanced_vnd=int(advanced),
        paid_vnd=int(paid),
        is_demo=wh.is_demo(meta),
        demo_label=wh.demo_label(meta) if wh.is_demo(meta) else None,
    )


def _e(value: object) -> str:
    return html.escape(fmt.nfc(value), quote=True)


def _bar(rate: float | None, elapsed: float) -> str:
    """A progress bar (pure CSS) with a mark where the calendar is."""
    width = 0 if rate is None else max(0.0, min(rate, 1.0)) * 100
    behind = rate is not None and rate < elapsed - BEHIND_MARGIN
    return (
        f'<div class="bar{" behind" if behind else ""}">'
        f'<span style="width:{width:.1f}%"></span>'
        f'<i style="left:{elapsed * 100:.1f}%"></i></div>'
    )


def _status(rate: float | None, elapsed: float) -> str:
    if rate is None:
        return "Chưa có kế hoạch"
    if rate < elapsed - BEHIND_MARGIN:
        return "Chậm tiến độ"
    return "Đạt tiến độ"


STYLE = """
body{font-family:"Libertinus Serif","Noto Serif","DejaVu Serif",serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1d2430;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.sub{color:#555;margin-top:0}.demo{background:#fff3cd;border:1px solid #e0c36b;padding:.5rem .8rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid #d8dde6;padding:.35rem .5rem;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{background:#f2f4f8}
.bar{position:relative;background:#e6e9ef;height:.7rem;min-width:6rem;border-radius:.2rem}
.bar span{position:absolute;left:0;top:0;bottom:0;background:#2f6fb0;border-radius:.2rem}
.bar.behind span{background:#c0392b}
.bar i{position:absolute;top:-.2rem;bottom:-.2rem;width:2px;background:#1d2430}
.kpi{display:flex;gap:1rem;flex-wrap:wrap}.kpi div{flex:1 1 14rem;border:1px solid #d8dde6;
padding:.6rem .8rem;border-radius:.3rem}.kpi b{display:block;font-size:1.3rem}
footer{margin-top:2rem;color:#666;font-size:.85rem}
"""


def render_progress_html(progress: Progress, province: str, made_on: dt.date) -> str:
    p = progress
    month_label = f"{p.month[5:7]}/{p.year}"
    delivery = p.accepted_items / p.planned_items if p.planned_items else None
    contracted = p.contracted_vnd / p.planned_budget_vnd if p.planned_budget_vnd else None
    disbursed = p.disbursed_vnd / p.planned_budget_vnd if p.planned_budget_vnd else None
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(f'Tiến độ kế hoạch truyền thông {province} — tháng {month_label}')}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_e(f'Tiến độ thực hiện kế hoạch hợp tác truyền thông — tháng {month_label}')}</h1>",
        f'<p class="sub">{_e(province)} · số liệu từ 01/01/{p.year} đến hết ngày '
        f"{_e(fmt.date_vi(p.through))} · đã qua {_e(fmt.percent(p.elapsed, 0))} thời gian "
        "của năm</p>",
    ]
    if p.is_demo:
        label = p.demo_label or "Dữ liệu minh họa"
        parts.append(f'<p class="demo"><b>{_e(label)} — không phải số liệu thật.</b></p>')
    parts += [
        '<div class="kpi">',
        f"<div>Sản phẩm đã nghiệm thu<b>{_e(fmt.count(p.accepted_items))} / "
        f"{_e(fmt.count(p.planned_items))}</b>{_e(fmt.percent(delivery))} kế hoạch năm"
        f"{_bar(delivery, p.elapsed)}</div>",
        f"<div>Giá trị hợp đồng đã ký<b>{_e(fmt.vnd_short(p.contracted_vnd))}</b>"
        f"{_e(fmt.percent(contracted))} kinh phí kế hoạch "
        f"({_e(fmt.vnd_short(p.planned_budget_vnd))}){_bar(contracted, p.elapsed)}</div>",
        f"<div>Đã giải ngân<b>{_e(fmt.vnd_short(p.disbursed_vnd))}</b>"
        f"{_e(fmt.percent(disbursed))} kinh phí kế hoạch; tạm ứng "
        f"{_e(fmt.vnd_short(p.advanced_vnd))}{_bar(disbursed, p.elapsed)}</div>",
        "</div>",
        "<h2>Theo lĩnh vực</h2>",
        "<table><thead><tr><th>Lĩnh vực</th><th>Kế hoạch (sản phẩm)</th>"
        "<th>Đã nghiệm thu</th><th>Tỷ lệ</th><th></th><th>Tin, bài đã đăng</th>"
        "<th>Kinh phí kế hoạch</th><th>Hợp đồng đã ký</th><th>Tỷ lệ</th>"
        "<th>Đánh giá</th></tr></thead><tbody>",
    ]
    for area in p.areas:
        parts.append(
            "<tr>"
            f"<td>{_e(area.theme_area)}. {_e(area.name)}</td>"
            f"<td>{_e(fmt.count(area.planned_items))}</td>"
            f"<td>{_e(fmt.count(area.accepted_items))}</td>"
            f"<td>{_e(fmt.percent(area.delivery_rate))}</td>"
            f"<td>{_bar(area.delivery_rate, p.elapsed)}</td>"
            f"<td>{_e(fmt.count(area.published_items))}</td>"
            f"<td>{_e(fmt.vnd_short(area.planned_budget_vnd))}</td>"
            f"<td>{_e(fmt.vnd_short(area.contracted_vnd))}</td>"
            f"<td>{_e(fmt.percent(area.contracted_rate))}</td>"
            f"<td>{_e(_status(area.delivery_rate, p.elapsed))}</td>"
            "</tr>"
        )
    parts += [
        "</tbody></table>",
        "<footer><p>Sản phẩm đã nghiệm thu: tin, bài thuộc hợp đồng được đánh dấu nghiệm thu, "
        "tính theo lĩnh vực của dòng hợp đồng. Tin, bài đã đăng: mọi tin, bài (cả ngoài hợp "
        "đồng) theo lĩnh vực chính đã phân loại. Vạch đen trên thanh tiến độ là phần thời gian "
        "đã qua của năm; thanh màu đỏ: chậm hơn tiến độ thời gian quá "
        f"{_e(fmt.percent(BEHIND_MARGIN, 0))}.</p>",
        f"<p>Ngày lập: {_e(fmt.date_vi(made_on))}</p></footer>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def render_progress_page(
    con: duckdb.DuckDBPyConnection,
    month: str,
    province: str,
    made_on: dt.date | None = None,
) -> str:
    """The page of `month` ('2025-06') as HTML text, to publish under page_name(month)."""
    progress = read_progress(con, month)
    return render_progress_html(progress, province, made_on or dt.date.today())
