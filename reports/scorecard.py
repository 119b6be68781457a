"""One press agency's scorecard for the year: its figures beside the median agency, its
contract lines, payments, coverage by month and any settlement exceptions that name it.
"""

from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd

from ingestion import formatting as fmt
from reports import charts, labels
from reports import markdown as md
from reports import warehouse as wh
from reports.markdown import Md
from reports.year_end import league_order
from reports.year_over_year import previous_scorecards

# (column of mart_agency_scorecard, Vietnamese label, formatter)
KPIS = (
    ("contracts", "Số hợp đồng", fmt.count),
    ("contract_value_vnd", "Giá trị hợp đồng", fmt.vnd),
    ("accepted_value_vnd", "Giá trị đã nghiệm thu", fmt.vnd),
    ("total_disbursed_vnd", "Đã giải ngân", fmt.vnd),
    # Lines counted in items and programme lines counted in minutes each have their own rates.
    ("delivery_rate_items", "Tỷ lệ nghiệm thu (sản phẩm tính theo số lượng)", fmt.percent),
    ("on_time_rate_items", "Tỷ lệ đăng đúng hạn (sản phẩm tính theo số lượng)", fmt.percent),
    ("delivery_rate_minutes", "Tỷ lệ nghiệm thu (chương trình tính theo phút)", fmt.percent),
    ("on_time_rate_minutes", "Tỷ lệ đúng hạn (chương trình tính theo phút)", fmt.percent),
    ("items_published", "Tin bài đã đăng", fmt.count),
    ("contracted_items", "— theo hợp đồng", fmt.count),
    ("organic_items", "— tự phát", fmt.count),
    ("unique_stories", "Câu chuyện khác nhau", fmt.count),
    ("syndicated_copies", "Bản đăng lại", fmt.count),
    ("reach_estimate_total", "Lượt tiếp cận tiềm năng (ước tính)", fmt.count_short),
    ("cost_per_1000_reach_vnd", "Chi phí trên 1.000 lượt tiếp cận (ước tính)", fmt.vnd),
    ("views_total", "Lượt xem (nguồn cơ quan báo chí)", fmt.count),
)


@dataclass
class AgencyScorecard:
    year: int
    province: str
    meta: dict
    card: dict  # this agency's mart_agency_scorecard row
    medians: dict  # the median of each figure over agencies with contracts
    rank: int | None
    ranked: int
    reach_basis: str | None
    reach_is_default: bool
    lines: pd.DataFrame
    contracts: pd.DataFrame
    monthly: pd.DataFrame
    violations: pd.DataFrame
    previous: dict = field(default_factory=dict)  # the agency's row of the year before, if any

    @classmethod
    def load(cls, warehouse: Path, year: int, province: str, agency_id: str) -> "AgencyScorecard":
        shared = _open_set if _open_set is not None and _open_set.serves(warehouse, year) else None
        if shared is not None:
            return cls._read(shared.con, shared.tables, year, province, agency_id)
        with wh.open_read_only(warehouse) as con:
            return cls._read(con, _YearTables.read(con, year), year, province, agency_id)

    @classmethod
    def _read(
        cls,
        con,
        tables: "_YearTables",
        year: int,
        province: str,
        agency_id: str,
    ) -> "AgencyScorecard":
        everyone, ranked = tables.everyone, tables.ranked
        mine = everyone[everyone["agency_id"] == agency_id]
        if mine.empty:
            raise LookupError(f"no scorecard row for agency {agency_id!r} in {year}")
        card = mine.iloc[0].to_dict()
        position = ranked.index[ranked["agency_id"] == agency_id].tolist()
        reach_basis, is_reach_default = tables.reach.get(agency_id, (None, None))
        return cls(
            year=year,
            province=province,
            meta=tables.meta,
            card=card,
            medians=tables.medians,
            rank=position[0] + 1 if position else None,
            ranked=len(ranked),
            reach_basis=reach_basis,
            reach_is_default=bool(is_reach_default),
            lines=_rows_of(tables.lines, "agency_id", agency_id),
            contracts=_rows_of(tables.contracts, "agency_id", agency_id),
            monthly=_rows_of(tables.monthly, "agency_id", agency_id),
            violations=_violations(con, year, card["agency"], tables.present),
            previous=tables.previous.get(agency_id, {}),
        )

    @property
    def agency(self) -> str:
        return str(self.card["agency"])

    def header(self) -> Md:
        tier = labels.label(labels.TIERS, self.card.get("tier"))
        rank = (
            f"Xếp hạng {self.rank}/{self.ranked} cơ quan có hợp đồng năm {self.year}"
            if self.rank
            else f"Không có hợp đồng năm {self.year}"
        )
        text = md.paragraph(md.bold(self.agency), f" — {tier}. {rank}.")
        label = wh.demo_label(self.meta)
        if label is not None:
            text += md.box(
                "warning", md.join(md.bold(label), ": số liệu minh họa, không phải số liệu thật.")
            )
        return Md(text)

    def kpi_table(self) -> Md:
        rows = []
        for column, label, formatter in KPIS:
            rows.append(
                (
                    label,
                    formatter(self.card.get(column)),
                    formatter(self.previous.get(column)),
                    formatter(self.medians.get(column)),
                )
            )
        previous_area = self.previous.get("top_theme_area")
        rows.append(
            (
                "Lĩnh vực có nhiều tin bài nhất",
                labels.theme_short(self.card.get("top_theme_area")),
                fmt.DASH if fmt.is_missing(previous_area) else labels.theme_short(previous_area),
                fmt.DASH,
            )
        )
        text = md.table(
            ["Chỉ tiêu", "Cơ quan", f"Năm {self.year - 1}", "Trung vị các cơ quan"],
            rows,
            align="lrrr",
            caption=f"Chỉ tiêu chính năm {self.year}, so với năm {self.year - 1} (— : không có "
            "số liệu)",
            widths=[5, 3, 3, 3],
        )
        basis = "mức mặc định theo cấp và loại hình" if self.reach_is_default else "số liệu riêng"
        text += md.paragraph(
            "Lượt tiếp cận là ước tính (",
            basis,
            f": {self.reach_basis}" if self.reach_basis else "",
            "), không phải số người thực sự đã tiếp cận.",
        )
        return Md(text)

    def monthly_chart(self) -> alt.Chart | None:
        if self.monthly.empty:
            return None
        data = self.monthly.assign(
            part=lambda d: d["is_contracted"].map({True: charts.CONTRACTED, False: charts.ORGANIC})
        )
        months = pd.DataFrame({"month": range(1, 13), "part": charts.CONTRACTED, "items": 0})
        data = pd.concat([data[["month", "part", "items"]], months], ignore_index=True)
        data = data.sort_values("month", kind="stable").assign(
            period=lambda d: d["month"].map(lambda m: f"Th{int(m)}")
        )
        return charts.stacked_columns(
            data,
            "period",
            "part",
            "items",
            title=f"Tin bài theo tháng, năm {self.year}",
            value_title="Số tin bài",
            part_order=[charts.CONTRACTED, charts.ORGANIC],
            colors=[charts.BLUE, charts.ORANGE],
        )

    def lines_table(self) -> Md:
        if self.lines.empty:
            return md.paragraph(f"Không có hợp đồng năm {self.year}.")
        return md.table(
            [
                "Hợp đồng",
                "Sản phẩm",
                "Loại hình",
                "Lĩnh vực",
                "Đặt hàng",
                "Nghiệm thu",
                "Tỷ lệ NT",
                "Đúng hạn",
                "Giá trị NT",
            ],
            [
                (
                    r.contract_id,
                    labels.label(labels.DELIVERABLE_TYPES, r.deliverable_type),
                    labels.label(labels.CHANNELS, r.channel),
                    fmt.or_dash(_int_or_none(r.theme_area)),
                    _quantity(r.ordered_qty, r.unit),
                    _quantity(r.accepted_qty, r.unit),
                    fmt.percent(r.delivery_rate),
                    fmt.percent(r.on_time_rate),
                    fmt.vnd_short(r.accepted_value_vnd),
                )
                for r in self.lines.itertuples()
            ],
            align="lllrrrrrr",
            caption="Thực hiện từng dòng hợp đồng",
        )

    def payments_table(self) -> Md:
        if self.contracts.empty:
            return Md("")
        return md.table(
            [
                "Hợp đồng",
                "Thời hạn",
                "Giá trị",
                "Nghiệm thu",
                "Tạm ứng",
                "Thanh toán",
                "Còn phải trả",
                "Chi vượt",
            ],
            [
                (
                    r.contract_id,
                    f"{fmt.date_vi(r.start_date)}–{fmt.date_vi(r.end_date)}",
                    fmt.vnd_short(r.contract_value_vnd),
                    fmt.vnd_short(r.accepted_value_vnd),
                    fmt.vnd_short(r.advanced_vnd),
                    fmt.vnd_short(r.paid_vnd),
                    fmt.vnd_short(r.payable_vnd),
                    fmt.vnd_short(r.over_disbursed_vnd),
                )
                for r in self.contracts.itertuples()
            ],
            align="llrrrrrr",
            caption="Giá trị, nghiệm thu và giải ngân theo hợp đồng",
        )

    def exceptions_text(self) -> Md:
        if self.violations.empty:
            return md.paragraph(
                "Lần kiểm tra quyết toán gần nhất không ghi nhận trường hợp nào của cơ quan này."
            )
        return md.table(
            ["Quy tắc", "Loại", "Hợp đồng", "Giá trị", "Chi tiết"],
            [
                (
                    r.name_vi,
                    "Bắt buộc" if r.blocking else "Cảnh báo",
                    fmt.or_dash(r.contract_id),
                    fmt.vnd(r.vnd_at_stake),
                    fmt.or_dash(r.detail_vi),
                )
                for r in self.violations.itertuples()
            ],
            align="lllrl",
            caption="Các trường hợp cần xử lý trong lần kiểm tra quyết toán gần nhất",
        )


@dataclass
class _YearTables:
    """What the scorecards of a year read, for every agency at once: the year's scorecard
    rows, their league order and medians, each agency's reach basis, the inbox description,
    items by month, contract lines, contracts and the row of the year before. A set of
    scorecards reads each table once, not once per agency; a card takes its agency's rows
    (`_rows_of`). The settlement exceptions stay one query per agency: its first 20 by money at
    stake, where equal stakes come in the order DuckDB's top-N gives them, which a query over
    every agency would not give alike."""

    present: set[str]
    meta: dict
    everyone: pd.DataFrame
    ranked: pd.DataFrame
    medians: dict
    reach: dict[str, tuple]  # agency_id -> (reach_basis, is_reach_default)
    monthly: pd.DataFrame  # agency_id, month, is_contracted, items
    lines: pd.DataFrame  # agency_id and the lines table's columns
    contracts: pd.DataFrame  # agency_id and the payments table's columns
    previous: dict[str, dict]  # agency_id -> its mart_agency_scorecard row of the year before

    @classmethod
    def read(cls, con, year: int) -> "_YearTables":
        present = wh.tables(con)
        wh.require(
            con,
            (
                "marts.mart_agency_scorecard",
                "marts.mart_contract_fulfilment",
                "marts.mart_budget",
                "marts.fct_coverage",
                "marts.dim_agency",
            ),
        )
        everyone = wh.frame(con, "select * from marts.mart_agency_scorecard where year = ?", [year])
        ranked = league_order(everyone[everyone["contracts"] > 0])
        rows = con.execute(
            "select agency_id, reach_basis, is_reach_default from marts.dim_agency"
        ).fetchall()
        return cls(
            present=present,
            meta=wh.inbox_meta(con),
            everyone=everyone,
            ranked=ranked,
            medians=ranked.median(numeric_only=True).to_dict() if len(ranked) else {},
            reach={agency_id: (basis, default) for agency_id, basis, default in rows},
            monthly=wh.frame(
                con,
                """select agency_id, month, is_contracted, count(*) as items
                   from marts.fct_coverage where year = ?
                   group by all order by agency_id, month, is_contracted""",
                [year],
            ),
            lines=wh.frame(
                con,
                """select agency_id, contract_id, deliverable_type, channel, theme_area, unit,
                          ordered_qty, accepted_qty, delivery_rate, on_time_rate,
                          accepted_value_vnd
                   from marts.mart_contract_fulfilment
                   where year = ? order by contract_line_id""",
                [year],
            ),
            contracts=wh.frame(
                con,
                """select agency_id, contract_id, start_date, end_date, contract_value_vnd,
                          accepted_value_vnd, advanced_vnd, paid_vnd, payable_vnd,
                          over_disbursed_vnd
                   from marts.mart_budget where year = ?
                   order by contract_id""",
                [year],
            ),
            previous=previous_scorecards(con, year),
        )


@dataclass
class _ScorecardSet:
    """One read-only connection and the year's shared tables for a whole set of scorecards."""

    warehouse: Path
    year: int
    con: object
    tables: _YearTables

    def serves(self, warehouse: Path, year: int) -> bool:
        return Path(warehouse).resolve() == self.warehouse and int(year) == self.year


_open_set: _ScorecardSet | None = None


def open_set(warehouse: Path, year: int) -> None:
    """Read the year's shared tables once and keep one read-only connection for the scorecards
    of the year that follow in this process, until `close_set`. A set of one scorecard per
    agency otherwise opens the warehouse and reads the same league table once per agency."""
    global _open_set
    close_set()
    path = Path(warehouse).resolve()
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}")
    con = duckdb.connect(str(path), read_only=True)
    try:
        _open_set = _ScorecardSet(path, int(year), con, _YearTables.read(con, int(year)))
    except BaseException:
        con.close()
        raise


def close_set() -> None:
    """Release the connection of `open_set` (so no read lock outlives the set)."""
    global _open_set
    shared, _open_set = _open_set, None
    if shared is not None:
        shared.con.close()


def _int_or_none(value):
    return None if fmt.is_missing(value) else int(value)


def _violations(con, year: int, agency: str, present: set[str]) -> pd.DataFrame:
    if not {"quality.gate_runs", "quality.rule_violations"} <= present:
        return pd.DataFrame()
    names = (
        "coalesce(r.name_vi, v.rule_code)" if "quality.rule_results" in present else "v.rule_code"
    )
    blocking = "coalesce(r.blocking, false)" if "quality.rule_results" in present else "false"
    join = (
        "left join quality.rule_results r on r.run_id = v.run_id and r.rule_code = v.rule_code"
        if "quality.rule_results" in present
        else ""
    )
    return wh.frame(
        con,
        f"""select {names} as name_vi, {blocking} as blocking, v.contract_id, v.vnd_at_stake,
                   v.detail_vi
            from quality.rule_violations v {join}
            where v.agency = ? and v.run_id = (
                select run_id from quality.gate_runs where year = ?
                order by evaluated_at desc limit 1)
            order by blocking desc, v.vnd_at_stake desc nulls last limit 20""",
        [agency, year],
    )


def _rows_of(table: pd.DataFrame, column: str, value) -> pd.DataFrame:
    """The rows of one agency, in the table's order, without the column that names it."""
    return table[table[column] == value].drop(columns=column).reset_index(drop=True)


def _quantity(value, unit) -> str:
    """A line's quantity with its unit: programme lines count minutes, the others items."""
    if fmt.is_missing(value):
        return fmt.DASH
    return f"{fmt.number(value)} phút" if unit == "minute" else fmt.number(value)
