"""The year-end report's content: figures read from the marts, written as Markdown and charts.

Follows the AMEC chain — inputs (budget), activities (delivery), outputs (coverage, theme fit,
syndication, share of voice, key messages, cost), outcomes (administrative indices, read as a
contribution) — then the agency league table, the quality and settlement gate, and the data
sources. `YearEndReport.load` reads everything in one read-only session; the methods only
format. Every value from data is escaped by `reports.markdown`.
"""

from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from reports import charts, labels, public_concern
from reports import formatting as fmt
from reports import markdown as md
from reports import warehouse as wh
from reports.markdown import Md

REQUIRED_MARTS = (
    "marts.dim_agency",
    "marts.dim_contract",
    "marts.fct_coverage",
    "marts.fct_payment",
    "marts.mart_contract_fulfilment",
    "marts.mart_budget",
    "marts.mart_cost_effectiveness",
    "marts.mart_theme_fit",
    "marts.mart_event_lift",
    "marts.mart_share_of_voice",
    "marts.mart_key_messages",
    "marts.mart_index_trends",
    "marts.mart_agency_scorecard",
)
THEME_FIT_TOLERANCE = 0.05  # an area within ±5 percentage points of its planned share fits
CHART_AGENCIES = 15  # bars in the budget chart; the rest are summed into one bar
LEAGUE_ORDER_VI = (
    "Xếp hạng theo tỷ lệ nghiệm thu sản phẩm tính theo số lượng, rồi tỷ lệ nghiệm thu chương "
    "trình tính theo phút, rồi tỷ lệ đăng đúng hạn, rồi giá trị đã nghiệm thu. Sản phẩm tính "
    "theo số lượng và chương trình tính theo phút có tỷ lệ riêng, không cộng chung."
)


@dataclass(frozen=True)
class Totals:
    """The headline figures of one year; None where the warehouse has nothing for that year."""

    contracts: int | None
    contract_value: float | None
    accepted_value: float | None
    advanced: float | None
    paid: float | None
    disbursed: float | None
    payable: float | None
    over_disbursed: float | None
    ordered: float | None
    accepted_capped: float | None
    delivered: float | None
    on_time: float | None
    items: int | None
    contracted_items: int | None
    accepted_items: int | None
    unique_stories: int | None
    originals: int | None
    syndicated_copies: int | None
    key_message_items: int | None
    views: float | None
    coverage_reach: float | None
    ce_value: float | None
    ce_reach: float | None
    theme_mean_gap: float | None
    theme_areas_fit: int | None
    theme_areas: int | None

    @property
    def delivery_rate(self) -> float | None:
        return _ratio(self.accepted_capped, self.ordered)

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.on_time, self.delivered)

    @property
    def cost_per_1000_reach(self) -> float | None:
        return _ratio(self.ce_value, None if self.ce_reach is None else self.ce_reach / 1000)

    @property
    def syndication_ratio(self) -> float | None:
        return _ratio(self.syndicated_copies, self.originals)

    @property
    def key_message_share(self) -> float | None:
        return _ratio(self.key_message_items, self.items)


def _ratio(numerator, denominator) -> float | None:
    if fmt.is_missing(numerator) or fmt.is_missing(denominator) or not denominator:
        return None
    return float(numerator) / float(denominator)


def _none_if_missing(value):
    return None if fmt.is_missing(value) else value


def load_totals(con, year: int) -> Totals:
    budget = wh.row(
        con,
        """select count(*) as contracts, sum(contract_value_vnd) as contract_value,
                  sum(accepted_value_vnd) as accepted_value, sum(advanced_vnd) as advanced,
                  sum(paid_vnd) as paid, sum(total_disbursed_vnd) as disbursed,
                  sum(payable_vnd) as payable, sum(over_disbursed_vnd) as over_disbursed
           from marts.mart_budget where year = ?""",
        [year],
    )
    delivery = wh.row(
        con,
        """select sum(ordered_qty) as ordered,
                  sum(least(accepted_qty, ordered_qty)) as accepted_capped,
                  sum(delivered_qty) as delivered, sum(on_time_qty) as on_time
           from marts.mart_contract_fulfilment where year = ?""",
        [year],
    )
    coverage = wh.row(
        con,
        """select count(*) as items,
                  count(*) filter (where is_contracted) as contracted_items,
                  count(*) filter (where is_accepted) as accepted_items,
                  count(distinct story_id) as unique_stories,
                  count(*) filter (where is_original) as originals,
                  count(*) filter (where is_syndicated_copy) as syndicated_copies,
                  count(*) filter (where has_key_message) as key_message_items,
                  sum(views) as views, sum(reach_estimate) as coverage_reach
           from marts.fct_coverage where year = ?""",
        [year],
    )
    cost = wh.row(
        con,
        """select sum(accepted_value_vnd) as ce_value, sum(reach_estimate_total) as ce_reach
           from marts.mart_cost_effectiveness where year = ?""",
        [year],
    )
    fit = wh.row(
        con,
        """select avg(abs(share_gap)) as theme_mean_gap,
                  count(*) filter (where abs(share_gap) <= ?) as theme_areas_fit,
                  count(*) as theme_areas
           from marts.mart_theme_fit
           where year = ? and level = 'area' and planned_share is not null""",
        [THEME_FIT_TOLERANCE, year],
    )
    values = {**budget, **delivery, **coverage, **cost, **fit}
    if not budget["contracts"]:
        for key in budget:
            values[key] = None
    if not coverage["items"]:
        for key in coverage:
            values[key] = None
    if not fit["theme_areas"]:
        for key in fit:
            values[key] = None
    return Totals(**{k: _none_if_missing(v) for k, v in values.items()})


@dataclass
class GateStatus:
    ran: bool
    blocked: bool = False
    run_id: str | None = None
    evaluated_at: object = None
    blocking_failed: int = 0
    warnings_failed: int = 0
    expectations_failed: int = 0

    def summary_vi(self) -> str:
        if not self.ran:
            return fmt.DASH
        if self.blocked:
            return f"Bị chặn: {self.blocking_failed} quy tắc bắt buộc"
        warnings = f" ({self.warnings_failed} cảnh báo)" if self.warnings_failed else ""
        return f"Đủ điều kiện{warnings}"


def load_gate(con, year: int, present: set[str]) -> tuple[GateStatus, pd.DataFrame, pd.DataFrame]:
    """The latest gate run for the year, its rule results and its violations."""
    empty = pd.DataFrame()
    if "quality.gate_runs" not in present:
        return GateStatus(ran=False), empty, empty
    run = wh.row(
        con,
        """select run_id, evaluated_at, blocked, rules_blocking_failed, rules_warning_failed,
                  expectations_failed
           from quality.gate_runs where year = ? order by evaluated_at desc limit 1""",
        [year],
    )
    if run["run_id"] is None:
        return GateStatus(ran=False), empty, empty
    status = GateStatus(
        ran=True,
        blocked=bool(run["blocked"]),
        run_id=run["run_id"],
        evaluated_at=run["evaluated_at"],
        blocking_failed=int(run["rules_blocking_failed"] or 0),
        warnings_failed=int(run["rules_warning_failed"] or 0),
        expectations_failed=int(run["expectations_failed"] or 0),
    )
    rules = empty
    if "quality.rule_results" in present:
        # `error` says why a rule could not be evaluated (which blocks like a violation).
        error = "error" if "error" in wh.columns(con, "quality.rule_results") else "null"
        rules = wh.frame(
            con,
            f"""select rule_code, name_vi, explanation_vi, blocking, violations, vnd_at_stake,
                      passed, {error} as error
               from quality.rule_results where run_id = ?
               order by blocking desc, passed, vnd_at_stake desc nulls last, rule_code""",
            [status.run_id],
        )
    violations = empty
    if "quality.rule_violations" in present:
        violations = wh.frame(
            con,
            """select v.rule_code, coalesce(r.name_vi, v.rule_code) as name_vi,
                      coalesce(r.blocking, false) as blocking, v.contract_id, v.agency,
                      v.vnd_at_stake, v.detail_vi,
                      row_number() over (partition by v.rule_code
                                         order by v.vnd_at_stake desc nulls last) as nth
               from quality.rule_violations v
               left join quality.rule_results r
                 on r.run_id = v.run_id and r.rule_code = v.rule_code
               where v.run_id = ?
               qualify nth <= 5
               order by blocking desc, v.rule_code, nth""",
            [status.run_id],
        )
    return status, rules, violations


@dataclass(frozen=True)
class ReviewedFigures:
    """How many of the year's figures rest on the analyst's decisions (reviews/ inbox)."""

    payments: int = 0
    payments_vnd: float = 0
    matches: int = 0
    syndication_copies: int = 0
    theme_decisions: int = 0
    theme_items: int = 0
    events_confirmed: int = 0
    events_rejected: int = 0
    removals_confirmed: int = 0


def load_reviewed(con, year: int, present: set[str]) -> ReviewedFigures:
    row = wh.row(
        con,
        """select
               (select count(*) from marts.fct_payment
                where year = ? and corrected_by_review is not null) as payments,
               (select coalesce(sum(amount_vnd), 0) from marts.fct_payment
                where year = ? and corrected_by_review is not null) as payments_vnd,
               (select count(*) from marts.fct_coverage
                where year = ? and match_review_file is not null) as matches,
               (select count(*) from marts.fct_coverage
                where year = ? and syndication_by_review) as syndication_copies,
               (select coalesce(sum(theme_decisions), 0) from marts.fct_coverage
                where year = ?) as theme_decisions,
               (select count(*) from marts.fct_coverage
                where year = ? and theme_decisions > 0) as theme_items,
               (select coalesce(sum(items_confirmed_by_review), 0) from marts.mart_event_lift
                where year(event_date) = ?) as events_confirmed,
               (select coalesce(sum(items_rejected_by_review), 0) from marts.mart_event_lift
                where year(event_date) = ?) as events_rejected""",
        [year] * 8,
    )
    removals = 0
    if "raw.reviews" in present:
        # a removal is of a file, not of a year: every confirmed one is counted
        removals = wh.row(
            con,
            """select count(distinct source_file) as n from raw.reviews
               where action = 'confirm_removal'""",
        )["n"]
    return ReviewedFigures(
        **{k: v or 0 for k, v in row.items()}, removals_confirmed=int(removals or 0)
    )


@dataclass
class YearEndReport:
    year: int
    province: str
    meta: dict
    this_year: Totals
    last_year: Totals
    gate: GateStatus
    last_gate: GateStatus
    rules: pd.DataFrame
    violations: pd.DataFrame
    expectations_failed: pd.DataFrame
    budget_by_agency: pd.DataFrame
    budget_by_theme: pd.DataFrame
    disbursement_by_month: pd.DataFrame
    delivery_by_type: pd.DataFrame
    weekly_coverage: pd.DataFrame
    events: pd.DataFrame
    theme_fit: pd.DataFrame
    sub_theme_fit: pd.DataFrame
    share_of_voice: pd.DataFrame
    key_messages: pd.DataFrame
    cost_by_type: pd.DataFrame
    top_items: pd.DataFrame
    syndication_by_agency: pd.DataFrame
    indices: pd.DataFrame
    index_components: pd.DataFrame
    league: pd.DataFrame
    quarantine: pd.DataFrame
    load_log: pd.DataFrame
    agencies_with_default_reach: int
    agencies_total: int
    reviewed: ReviewedFigures

    @classmethod
    def load(cls, warehouse: Path, year: int, province: str) -> "YearEndReport":
        with wh.open_read_only(warehouse) as con:
            present = wh.tables(con)
            wh.require(con, REQUIRED_MARTS)
            gate, rules, violations = load_gate(con, year, present)
            expectations = pd.DataFrame()
            if gate.ran and "quality.expectation_results" in present:
                expectations = wh.frame(
                    con,
                    """select suite, expectation, column_name, observed_value
                       from quality.expectation_results
                       where run_id = ? and not success order by suite, expectation limit 10""",
                    [gate.run_id],
                )
            return cls(
                year=year,
                province=province,
                meta=wh.inbox_meta(con),
                this_year=load_totals(con, year),
                last_year=load_totals(con, year - 1),
                gate=gate,
                last_gate=load_gate(con, year - 1, present)[0],
                rules=rules,
                violations=violations,
                expectations_failed=expectations,
                reviewed=load_reviewed(con, year, present),
                **_load_frames(con, year, present),
            )

    # ---- title and notices -------------------------------------------------------------

    def demo_notice(self) -> Md:
        label = wh.demo_label(self.meta)
        if label is None:
            return Md("")
        return md.box(
            "warning",
            md.join(
                md.bold(label),
                ": toàn bộ số liệu trong báo cáo này là dữ liệu minh họa, không phải số liệu "
                "thật của địa phương, không dùng để ra quyết định hay quyết toán.",
            ),
        )

    # ---- executive summary --------------------------------------------------------------

    def executive_summary(self) -> Md:
        now, before = self.this_year, self.last_year
        y, y0 = self.year, self.year - 1

        def fit_gap(t: Totals) -> str:
            if t.theme_mean_gap is None:
                return fmt.DASH
            return f"{fmt.number(t.theme_mean_gap * 100, 1)} điểm %"

        def areas_fit(t: Totals) -> str:
            return fmt.DASH if t.theme_areas is None else f"{t.theme_areas_fit}/{t.theme_areas}"

        rows = [
            (
                "Kinh phí hợp đồng đã ký",
                fmt.vnd_short(now.contract_value),
                fmt.vnd_short(before.contract_value),
            ),
            (
                "Đã giải ngân (tạm ứng và thanh toán)",
                fmt.vnd_short(now.disbursed),
                fmt.vnd_short(before.disbursed),
            ),
            (
                "Giá trị sản phẩm đã nghiệm thu",
                fmt.vnd_short(now.accepted_value),
                fmt.vnd_short(before.accepted_value),
            ),
            (
                "Tỷ lệ nghiệm thu so với đặt hàng",
                fmt.percent(now.delivery_rate),
                fmt.percent(before.delivery_rate),
            ),
            (
                "Tỷ lệ đăng đúng thời hạn hợp đồng",
                fmt.percent(now.on_time_rate),
                fmt.percent(before.on_time_rate),
            ),
            (
                "Tin bài về địa phương (trong đó theo hợp đồng)",
                _items_cell(now),
                _items_cell(before),
            ),
            (
                "Lượt tiếp cận tiềm năng của sản phẩm đã nghiệm thu (ước tính)",
                _reach(now.ce_reach),
                _reach(before.ce_reach),
            ),
            (
                "Chi phí trên 1.000 lượt tiếp cận (ước tính)",
                fmt.vnd(now.cost_per_1000_reach),
                fmt.vnd(before.cost_per_1000_reach),
            ),
            ("Độ lệch bình quân tỷ trọng chủ đề so với kế hoạch", fit_gap(now), fit_gap(before)),
            ("Lĩnh vực đạt tỷ trọng kế hoạch (trong ±5 điểm %)", areas_fit(now), areas_fit(before)),
            (
                "Tình trạng quyết toán",
                self.gate.summary_vi() if self.gate.ran else "Chưa kiểm tra",
                self.last_gate.summary_vi(),
            ),
        ]
        text = md.table(
            ["Chỉ tiêu", f"Năm {y}", f"Năm {y0}"],
            rows,
            align="lrr",
            caption=f"Các chỉ tiêu chính năm {y} so với năm {y0} (— : không có số liệu)",
            widths=[6, 3, 2],
        )
        text += md.bullets(self._key_points())
        text += md.table(
            ["Chỉ số", "Kỳ gần nhất", "Kỳ trước", "Hạng thay đổi"],
            self._index_summary_rows(),
            align="llll",
            caption="Chỉ số hành chính của địa phương: kỳ công bố gần nhất so với kỳ trước",
        )
        text += self._settlement_box(short=True)
        text += md.paragraph(
            "Biến động các chỉ số hành chính chịu tác động của nhiều yếu tố; báo cáo đọc đó là "
            "phần đóng góp có thể của công tác truyền thông, không khẳng định quan hệ nhân quả."
        )
        return Md(text)

    def _key_points(self) -> list[Md]:
        """Three or four sentences leadership reads first."""
        now, before = self.this_year, self.last_year
        points = []
        if now.delivery_rate is not None:
            change = ""
            if before.delivery_rate is not None:
                change = (
                    f" ({fmt.percent_points(now.delivery_rate - before.delivery_rate)} so với "
                    f"năm {self.year - 1})"
                )
            points.append(
                md.join(
                    md.bold("Thực hiện: "),
                    f"nghiệm thu {fmt.percent(now.delivery_rate)} sản phẩm đặt hàng{change}.",
                )
            )
        if now.cost_per_1000_reach is not None:
            points.append(
                md.join(
                    md.bold("Hiệu quả chi phí: "),
                    f"{fmt.vnd(now.cost_per_1000_reach)} cho mỗi 1.000 lượt tiếp cận tiềm năng "
                    "(ước tính).",
                )
            )
        gaps = self.theme_fit.dropna(subset=["share_gap"])
        if not gaps.empty:
            worst = gaps.loc[gaps["share_gap"].abs().idxmax()]
            points.append(
                md.join(
                    md.bold("Chủ đề: "),
                    "lĩnh vực lệch kế hoạch nhiều nhất là "
                    f"{_area_label(worst['theme_area'], labels.theme_short(worst['theme_area']))} "
                    f"({fmt.percent_points(worst['share_gap'])}).",
                )
            )
        return points

    def _index_summary_rows(self) -> list[tuple]:
        rows = []
        overall = self.indices
        for code in labels.INDEX_ORDER:
            series = overall[(overall["index_code"] == code) & overall["has_figure"]]
            if series.empty:
                continue
            # A year can hold several conflicting official figures: all of them are shown.
            years = [list(group.itertuples()) for _, group in series.groupby("year", sort=True)]
            latest = years[-1]
            previous = years[-2] if len(years) > 1 else None
            rows.append(
                (
                    code,
                    _year_figures(latest),
                    fmt.DASH if previous is None else _year_figures(previous),
                    fmt.DASH if previous is None else _rank_move_between(latest, previous),
                )
            )
        return rows

    # ---- inputs ---------------------------------------------------------------------------

    def inputs_text(self) -> Md:
        t = self.this_year
        text = md.paragraph(
            f"Năm {self.year} có {fmt.count(t.contracts)} hợp đồng, tổng giá trị "
            f"{fmt.vnd(t.contract_value)}; đã tạm ứng {fmt.vnd_short(t.advanced)}, đã thanh "
            f"toán {fmt.vnd_short(t.paid)}. Giá trị sản phẩm đã nghiệm thu là "
            f"{fmt.vnd_short(t.accepted_value)}; số còn phải trả theo nghiệm thu "
            f"{fmt.vnd_short(t.payable)}, số đã chi vượt giá trị nghiệm thu "
            f"{fmt.vnd_short(t.over_disbursed)}."
        )
        by_theme = self.budget_by_theme
        total = by_theme["amount_vnd"].sum()
        text += md.table(
            ["Lĩnh vực", "Giá trị hợp đồng", "Tỷ trọng"],
            [
                (
                    _area_label(r.theme_area, r.name_vi),
                    fmt.vnd(r.amount_vnd),
                    fmt.percent(_ratio(r.amount_vnd, total)),
                )
                for r in by_theme.itertuples()
            ],
            align="lrr",
            caption="Kinh phí hợp đồng theo lĩnh vực nội dung",
        )
        return Md(text)

    def budget_by_agency_chart(self) -> alt.Chart | None:
        if self.budget_by_agency.empty:
            return None
        data = _top_and_rest(self.budget_by_agency, "agency", "contract_value_vnd", CHART_AGENCIES)
        data = data.assign(billions=lambda d: d["contract_value_vnd"] / fmt.BILLION)
        return charts.horizontal_bars(
            data,
            "agency",
            "billions",
            title=f"Giá trị hợp đồng theo cơ quan báo chí, năm {self.year}",
            value_title="Tỷ đồng",
        )

    def disbursement_chart(self) -> alt.Chart | None:
        if self.disbursement_by_month.empty:
            return None
        every_month = pd.DataFrame({"month": range(1, 13), "kind": "payment", "amount_vnd": 0})
        data = pd.concat([self.disbursement_by_month, every_month], ignore_index=True)
        data = data.sort_values("month", kind="stable").assign(
            millions=lambda d: d["amount_vnd"] / fmt.MILLION,
            kind_vi=lambda d: d["kind"].map(lambda k: labels.label(labels.PAYMENT_KINDS, k)),
            period=lambda d: d["month"].map(lambda m: f"Th{int(m)}"),
        )
        kinds = list(labels.PAYMENT_KINDS.values())
        return charts.stacked_columns(
            data,
            "period",
            "kind_vi",
            "millions",
            title=f"Giải ngân theo tháng, năm {self.year}",
            value_title="Triệu đồng",
            part_order=kinds,
            colors=[charts.ORANGE, charts.BLUE, charts.GREEN],
        )

    # ---- activities ---------------------------------------------------------------------

    def activities_text(self) -> Md:
        t = self.this_year
        text = md.paragraph(
            f"Tính chung, {fmt.percent(t.delivery_rate)} số sản phẩm đặt hàng đã được nghiệm "
            f"thu (năm trước: {fmt.percent(self.last_year.delivery_rate)}); "
            f"{fmt.percent(t.on_time_rate)} sản phẩm đã đăng nằm trong thời hạn hợp đồng."
        )
        text += md.table(
            ["Loại sản phẩm", "Đặt hàng", "Đã đăng", "Nghiệm thu", "Tỷ lệ nghiệm thu", "Đúng hạn"],
            [
                (
                    labels.label(labels.DELIVERABLE_TYPES, r.deliverable_type),
                    fmt.number(r.ordered, 0),
                    fmt.count(r.delivered),
                    fmt.count(r.accepted),
                    fmt.percent(r.delivery_rate),
                    fmt.percent(r.on_time_rate),
                )
                for r in self.delivery_by_type.itertuples()
            ],
            align="lrrrrr",
            caption="Thực hiện hợp đồng theo loại sản phẩm (chương trình tính theo phút)",
        )
        return Md(text)

    def delivery_chart(self) -> alt.Chart | None:
        if self.delivery_by_type.empty:
            return None
        data = self.delivery_by_type.assign(
            type_vi=lambda d: d["deliverable_type"].map(
                lambda k: labels.label(labels.DELIVERABLE_TYPES, k)
            )
        )
        long = pd.concat(
            [
                data[["type_vi"]].assign(rate_name="Tỷ lệ nghiệm thu", rate=data["delivery_rate"]),
                data[["type_vi"]].assign(rate_name="Tỷ lệ đúng hạn", rate=data["on_time_rate"]),
            ]
        ).dropna(subset=["rate"])
        return charts.grouped_rates(
            long, "type_vi", title="Tỷ lệ nghiệm thu và đăng đúng hạn theo loại sản phẩm"
        )

    # ---- outputs ------------------------------------------------------------------------

    def coverage_chart(self) -> alt.LayerChart | None:
        if self.weekly_coverage.empty:
            return None
        weekly = self.weekly_coverage.assign(
            kind=lambda d: d["is_contracted"].map({True: charts.CONTRACTED, False: charts.ORGANIC})
        )
        return charts.coverage_timeline(
            weekly[["week", "kind", "items"]],
            self.events[["number", "event_date"]],
            title=f"Tin bài về địa phương theo tuần, năm {self.year} (số: sự kiện)",
        )

    def coverage_text(self) -> Md:
        t = self.this_year
        text = md.paragraph(
            f"Năm {self.year} ghi nhận {fmt.count(t.items)} tin bài về địa phương, trong đó "
            f"{fmt.count(t.contracted_items)} theo hợp đồng và "
            f"{fmt.count(None if t.items is None else t.items - (t.contracted_items or 0))} "
            f"tự phát. Lượt tiếp cận tiềm năng của toàn bộ tin bài (ước tính) là "
            f"{_reach(t.coverage_reach)}."
        )
        if self.events.empty:
            return Md(text + md.paragraph("Chưa có sự kiện trọng điểm nào trong năm."))
        numbers = dict(zip(self.events["event_id"], self.events["number"], strict=True))
        text += md.paragraph(
            "Mỗi sự kiện chỉ tính các tin bài về chính sự kiện (mang chủ đề của sự kiện) đăng "
            "trong cửa sổ, không tính ngày nghỉ lễ. Mức nền là số tin bài lĩnh vực của sự kiện "
            "sẽ có nếu không có sự kiện: các tin bài cùng lĩnh vực trong cửa sổ không về sự kiện "
            "nào, cộng số tin về chủ đề của sự kiện mà những ngày bình thường cùng thứ trong tuần "
            "mang lại (ngày bình thường: ngoài cửa sổ của mọi sự kiện và ngoài ngày nghỉ lễ). "
            "Hệ số tăng = (tin cùng lĩnh vực không về sự kiện nào + tin về sự kiện) ÷ mức nền: "
            "×1 là sự kiện không làm tăng tin bài của lĩnh vực. Một tin bài về hai sự kiện có "
            "cửa sổ trùng nhau được chia đôi, không tính hai lần."
        )
        text += md.table(
            [
                "Số",
                "Sự kiện",
                "Ngày",
                "Cửa sổ (ngày tính)",
                "Tin về sự kiện",
                "Mức nền của lĩnh vực",
                "Hệ số tăng",
            ],
            [
                (
                    r.number,
                    _event_name(r, numbers),
                    fmt.date_vi(r.event_date),
                    _event_window(r),
                    _event_items(r),
                    _event_baseline(r),
                    fmt.multiple(r.lift),
                )
                for r in self.events.itertuples()
            ],
            align="rlrrrrr",
            caption="Sự kiện trọng điểm: tin bài về sự kiện trong cửa sổ, mức nền và hệ số tăng",
        )
        return Md(text)

    def theme_fit_chart(self) -> alt.LayerChart | None:
        if self.theme_fit.empty:
            return None
        data = self.theme_fit.assign(area=lambda d: d["theme_area"].map(labels.theme_short))
        return charts.theme_fit(
            data[["area", "share", "planned_share"]].fillna({"planned_share": 0}),
            title="Tỷ trọng tin bài theo lĩnh vực (cột) so với kế hoạch (vạch đỏ)",
        )

    def theme_fit_text(self) -> Md:
        text = md.table(
            ["Lĩnh vực", "Tin bài", "Tỷ trọng", "Kế hoạch", "Chênh lệch"],
            [
                (
                    _area_label(r.theme_area, r.name_vi),
                    fmt.count(r.items),
                    fmt.percent(r.share),
                    fmt.percent(r.planned_share),
                    fmt.percent_points(r.share_gap),
                )
                for r in self.theme_fit.itertuples()
            ],
            align="lrrrr",
            caption="Độ phù hợp chủ đề: tỷ trọng tin bài gốc theo lĩnh vực so với kế hoạch",
        )
        uncovered = self.sub_theme_fit[~self.sub_theme_fit["has_coverage"].fillna(False)]
        if not uncovered.empty:
            text += md.paragraph(
                "Các chủ đề trong kế hoạch chưa có tin bài: ",
                "; ".join(uncovered["name_vi"].astype(str).tolist()),
                ".",
            )
        return Md(text)

    def syndication_text(self) -> Md:
        t = self.this_year
        text = md.paragraph(
            f"{fmt.count(t.unique_stories)} câu chuyện khác nhau; {fmt.count(t.originals)} tin "
            f"bài gốc và {fmt.count(t.syndicated_copies)} bản đăng lại (tỷ lệ đăng lại "
            f"{fmt.number(t.syndication_ratio, 2)} bản trên mỗi tin gốc)."
        )
        if not self.syndication_by_agency.empty:
            text += md.table(
                ["Cơ quan báo chí", "Câu chuyện", "Bản đăng lại"],
                [
                    (r.agency, fmt.count(r.unique_stories), fmt.count(r.syndicated_copies))
                    for r in self.syndication_by_agency.itertuples()
                ],
                align="lrr",
                caption="Các cơ quan đăng lại nhiều nhất",
            )
        return Md(text)

    def share_of_voice_chart(self) -> alt.Chart | None:
        sov = self.share_of_voice
        if sov.empty:
            return None
        data = pd.concat(
            [
                sov.assign(part=charts.CONTRACTED, items=sov["contracted_items"]),
                sov.assign(part=charts.ORGANIC, items=sov["organic_items"]),
            ]
        ).assign(period=lambda d: d["month"].map(lambda m: f"Th{int(m)}"))
        data = data.sort_values(["month", "part"])
        return charts.stacked_columns(
            data[["period", "part", "items"]],
            "period",
            "part",
            "items",
            title=f"Tin bài theo hợp đồng và tự phát theo tháng, năm {self.year}",
            value_title="Số tin bài",
            part_order=[charts.CONTRACTED, charts.ORGANIC],
            colors=[charts.BLUE, charts.ORANGE],
        )

    def share_of_voice_text(self) -> Md:
        sov = self.share_of_voice
        contracted, organic = sov["contracted_items"].sum(), sov["organic_items"].sum()
        return md.paragraph(
            f"Tin bài theo hợp đồng chiếm {fmt.percent(_ratio(contracted, contracted + organic))}"
            f" tổng số tin bài gốc về địa phương; phần còn lại là tin bài tự phát. Chưa có dữ "
            f"liệu để so sánh với các tỉnh, thành phố khác."
        )

    def key_messages_text(self) -> Md:
        t = self.this_year
        text = md.paragraph(
            f"{fmt.percent(t.key_message_share)} tin bài mang ít nhất một thông điệp chủ đạo "
            f"của kế hoạch."
        )
        if not self.key_messages.empty:
            text += md.table(
                ["Thông điệp", "Tin bài", "Tỷ lệ"],
                [
                    (r.message_vi, fmt.count(r.items), fmt.percent(r.share))
                    for r in self.key_messages.itertuples()
                ],
                align="lrr",
                caption="Mức độ lan tỏa thông điệp chủ đạo",
            )
        return Md(text)

    def cost_text(self) -> Md:
        return md.table(
            [
                "Loại sản phẩm",
                "Giá trị nghiệm thu",
                "Sản phẩm",
                "Chi phí/sản phẩm",
                "Chi phí/1.000 lượt tiếp cận (ước tính)",
            ],
            [
                (
                    labels.label(labels.DELIVERABLE_TYPES, r.deliverable_type),
                    fmt.vnd_short(r.accepted_value_vnd),
                    fmt.count(r.accepted_items),
                    fmt.vnd_short(_ratio(r.accepted_value_vnd, r.accepted_items)),
                    fmt.vnd(_ratio(r.accepted_value_vnd, (r.reach or 0) / 1000)),
                )
                for r in self.cost_by_type.itertuples()
            ],
            align="lrrrr",
            caption="Chi phí theo loại sản phẩm (lượt tiếp cận là ước tính)",
        )

    def engagement_text(self) -> Md:
        if self.top_items.empty:
            return md.paragraph("Nguồn dữ liệu chưa cung cấp lượt xem.")
        return Md(
            md.paragraph(
                f"Tổng lượt xem do các cơ quan báo chí cung cấp: "
                f"{fmt.count(self.this_year.views)}. Mười tin bài có lượt xem cao nhất:"
            )
            + md.table(
                ["Ngày đăng", "Cơ quan báo chí", "Tiêu đề", "Lượt xem"],
                [
                    (fmt.date_vi(r.published_date), r.agency, r.title, fmt.count(r.views))
                    for r in self.top_items.itertuples()
                ],
                align="llll",
                caption="Tin bài có lượt xem cao nhất",
            )
        )

    # ---- outcomes -----------------------------------------------------------------------

    def index_chart(self) -> alt.Chart | None:
        data = self.indices.dropna(subset=["score", "scale_max"])
        data = data[data["scale_max"] > 0]
        if data.empty:
            return None
        data = data.assign(pct=data["score"] / data["scale_max"], index=data["index_code"])
        return charts.index_trends(
            data[["index", "year", "pct"]], title="Điểm các chỉ số theo năm (% thang điểm)"
        )

    def public_concern(self, warehouse: Path) -> public_concern.PublicConcern:
        """The "Định hướng dư luận" section (reports.public_concern)."""
        return public_concern.load(warehouse, self.year)

    def outcomes_text(self) -> Md:
        text = md.box(
            "info",
            md.join(
                md.bold("Cách đọc: "),
                "các chỉ số hành chính phản ánh kết quả của nhiều chính sách và nhiều yếu tố "
                "ngoài truyền thông. Báo cáo chỉ đọc biến động chỉ số như phần đóng góp có thể "
                "của công tác truyền thông (contribution), không khẳng định truyền thông là "
                "nguyên nhân (causation).",
            ),
        )
        rows = []
        for code in labels.INDEX_ORDER:
            series = self.indices[self.indices["index_code"] == code].tail(5)
            for r in series.itertuples():
                rows.append(
                    (
                        code,
                        str(r.year),
                        _index_score(r),
                        _score_change(r),
                        fmt.or_dash(_int_or_none(r.rank)),
                        _rank_change(r),
                        _index_note(r),
                    )
                )
        text += md.table(
            ["Chỉ số", "Năm", "Điểm", "Thay đổi điểm", "Hạng", "Thay đổi hạng", "Ghi chú"],
            rows,
            align="llrrrll",
            caption="Điểm và xếp hạng các chỉ số (tối đa 5 kỳ gần nhất)",
        )
        lags = self.indices.dropna(subset=["release_lag_months"]).drop_duplicates("index_code")
        if not lags.empty:
            text += md.paragraph(
                f"Độ trễ công bố: chỉ số của năm {self.year} thường được công bố sau khoảng ",
                "; ".join(
                    f"{r.index_code} {fmt.count(r.release_lag_months)} tháng"
                    for r in lags.itertuples()
                ),
                f". Vì vậy tác động có thể có của kế hoạch năm {self.year} chỉ đọc được từ kỳ "
                f"công bố năm {self.year + 1} trở đi.",
            )
        if not self.index_components.empty:
            text += md.table(
                ["Chỉ số", "Thành phần", "Năm", "Điểm", "Hạng"],
                [
                    (
                        r.index_code,
                        r.component,
                        str(r.year),
                        _index_score(r),
                        fmt.or_dash(_int_or_none(r.rank)),
                    )
                    for r in self.index_components.itertuples()
                ],
                align="lllrr",
                caption="Các chỉ số thành phần của kỳ công bố gần nhất",
            )
        return Md(text)

    # ---- agency league table --------------------------------------------------------------

    def league_text(self) -> Md:
        return Md(
            md.paragraph(LEAGUE_ORDER_VI)
            + md.table(
                [
                    "#",
                    "Cơ quan báo chí",
                    "Giá trị HĐ",
                    "Nghiệm thu",
                    "Tỷ lệ NT (sản phẩm)",
                    "Đúng hạn (sản phẩm)",
                    "Tỷ lệ NT (phút)",
                    "Tin bài",
                    "Tiếp cận (ước tính)",
                    "Chi phí/1.000 lượt",
                ],
                [
                    (
                        str(n),
                        r.agency,
                        fmt.vnd_short(r.contract_value_vnd),
                        fmt.vnd_short(r.accepted_value_vnd),
                        fmt.percent(r.delivery_rate_items),
                        fmt.percent(r.on_time_rate_items),
                        fmt.percent(r.delivery_rate_minutes),
                        fmt.count(r.items_published),
                        fmt.count_short(r.reach_estimate_total),
                        fmt.vnd(r.cost_per_1000_reach_vnd),
                    )
                    for n, r in enumerate(self.league.itertuples(), start=1)
                ],
                align="rlrrrrrrrr",
                caption=f"Bảng xếp hạng cơ quan báo chí năm {self.year}",
            )
        )

    # ---- quality and settlement -----------------------------------------------------------

    def _settlement_box(self, short: bool = False) -> Md:
        gate = self.gate
        if not gate.ran:
            return md.box(
                "warning",
                md.join(
                    md.bold("Chưa kiểm tra quyết toán: "),
                    f"chưa có kết quả kiểm tra chất lượng và quyết toán cho năm {self.year}; "
                    "chưa thể lập hồ sơ quyết toán.",
                ),
            )
        if gate.blocked:
            failed = (
                self.rules[self.rules["blocking"] & ~self.rules["passed"]]
                if len(self.rules)
                else self.rules
            )
            reasons = "; ".join(_rule_failure(r) for r in failed.itertuples())
            body = md.join(
                md.bold("Không thể quyết toán. "),
                f"Cổng kiểm soát quyết toán đã chặn vì {gate.blocking_failed} quy tắc bắt buộc "
                "bị vi phạm",
                f": {reasons}." if reasons else ".",
            )
            if not short:
                body = md.join(
                    body,
                    " Cần xử lý từng trường hợp nêu dưới đây, chạy lại kiểm tra và chỉ lập hồ sơ "
                    "quyết toán khi không còn vi phạm bắt buộc. Bảng tính quyết toán không được "
                    "xuất cho đến khi đó.",
                )
            return md.box("danger", body)
        warnings = (
            f" Có {gate.warnings_failed} quy tắc cảnh báo cần xem xét."
            if gate.warnings_failed
            else ""
        )
        return md.box(
            "success",
            md.join(
                md.bold("Đủ điều kiện quyết toán: "),
                "không quy tắc bắt buộc nào bị vi phạm." + warnings,
            ),
        )

    def quality_text(self) -> Md:
        gate = self.gate
        text = self._settlement_box()
        if not gate.ran:
            return text
        if gate.blocked and len(self.rules):
            failed = self.rules[self.rules["blocking"] & ~self.rules["passed"]]
            text += md.paragraph("Vì sao bị chặn:")
            text += md.bullets(
                md.join(md.bold(r.name_vi), ": ", fmt.or_dash(r.explanation_vi))
                for r in failed.itertuples()
            )
        text += md.paragraph(
            f"Lần kiểm tra gần nhất: {fmt.date_vi(gate.evaluated_at)} (mã lần chạy ",
            str(gate.run_id),
            f"). Quy tắc bắt buộc bị vi phạm: {gate.blocking_failed}; quy tắc cảnh báo: "
            f"{gate.warnings_failed}; kiểm định dữ liệu không đạt: {gate.expectations_failed}.",
        )
        t = self.this_year
        text += md.paragraph(
            f"Theo nghiệm thu, số còn phải trả là {fmt.vnd(t.payable)}; số đã chi vượt giá trị "
            f"nghiệm thu là {fmt.vnd(t.over_disbursed)}."
        )
        if len(self.rules):
            text += md.table(
                ["Quy tắc", "Loại", "Vi phạm", "Giá trị liên quan", "Kết quả"],
                [
                    (
                        r.name_vi,
                        "Bắt buộc (chặn)" if r.blocking else "Cảnh báo",
                        fmt.count(r.violations),
                        fmt.vnd(r.vnd_at_stake),
                        _rule_outcome(r),
                    )
                    for r in self.rules.itertuples()
                ],
                align="llrrl",
                caption="Kết quả các quy tắc kiểm soát quyết toán",
            )
        if len(self.violations):
            text += md.table(
                ["Quy tắc", "Hợp đồng", "Cơ quan", "Giá trị", "Chi tiết"],
                [
                    (
                        r.name_vi,
                        fmt.or_dash(r.contract_id),
                        fmt.or_dash(r.agency),
                        fmt.vnd(r.vnd_at_stake),
                        fmt.or_dash(r.detail_vi),
                    )
                    for r in self.violations.itertuples()
                ],
                align="lllrl",
                caption="Các trường hợp vi phạm (tối đa 5 trường hợp lớn nhất mỗi quy tắc)",
            )
        if len(self.expectations_failed):
            text += md.table(
                ["Bộ kiểm định", "Kiểm định", "Cột", "Giá trị quan sát"],
                [
                    (
                        r.suite,
                        r.expectation,
                        fmt.or_dash(r.column_name),
                        fmt.or_dash(r.observed_value),
                    )
                    for r in self.expectations_failed.itertuples()
                ],
                align="llll",
                caption="Kiểm định dữ liệu không đạt",
            )
        if len(self.quarantine):
            text += md.paragraph(
                f"{fmt.count(self.quarantine['rows'].sum())} dòng dữ liệu đầu vào bị cách ly "
                "(không nạp vào kho) do sai định dạng hoặc thiếu thông tin bắt buộc: ",
                "; ".join(
                    f"{labels.label(labels.SOURCES, r.source)} {fmt.count(r.rows)} dòng"
                    for r in self.quarantine.itertuples()
                ),
                ".",
            )
        return Md(text)

    # ---- method and sources ------------------------------------------------------------

    def sources_text(self) -> Md:
        text = self.demo_notice()
        if len(self.load_log):
            text += md.table(
                ["Nguồn", "Số tệp", "Dòng đã đọc", "Dòng đã nạp", "Dòng cách ly"],
                [
                    (
                        labels.label(labels.SOURCES, r.source),
                        fmt.count(r.files),
                        fmt.count(r.rows_read),
                        fmt.count(r.rows_loaded),
                        fmt.count(r.rows_quarantined),
                    )
                    for r in self.load_log.itertuples()
                ],
                align="lrrrr",
                caption="Dữ liệu đầu vào đã nạp vào kho",
            )
        sources = sorted(
            {str(s) for s in self.indices["source"].dropna().tolist() if str(s).strip()}
        )
        if sources:
            text += md.paragraph("Nguồn số liệu chỉ số: ", "; ".join(sources), ".")
        text += md.paragraph(
            f"Lượt tiếp cận là ước tính theo độ phủ của từng cơ quan báo chí; "
            f"{self.agencies_with_default_reach}/{self.agencies_total} cơ quan dùng mức ước "
            "tính mặc định theo cấp và loại hình vì chưa có số liệu riêng."
        )
        return Md(text)

    def reviewed_text(self) -> Md:
        r = self.reviewed

        def counted(n, noun: str, rest: str) -> str:
            return f"{fmt.count(n)} {noun} {rest}" if n else f"không có {noun} nào {rest}"

        payments = counted(r.payments, "khoản chi", "được sửa theo kết quả duyệt")
        if r.payments:
            payments += f" (tổng {fmt.vnd(r.payments_vnd)})"
        themes = counted(r.theme_decisions, "quyết định", "về lĩnh vực chủ đề")
        if r.theme_decisions:
            themes += f", trên {fmt.count(r.theme_items)} tin bài"
        events = r.events_confirmed + r.events_rejected
        event_text = counted(events, "quyết định", "gắn tin bài với sự kiện")
        if events:
            event_text += (
                f" ({fmt.count(r.events_confirmed)} xác nhận, {fmt.count(r.events_rejected)} bác)"
            )
        text = md.paragraph(
            f"Số liệu dựa trên dữ liệu đã được cán bộ phân tích duyệt lại (thư mục reviews/, "
            f"năm {self.year}); mỗi quyết định ghi rõ người duyệt, ngày duyệt và dòng của tệp "
            "duyệt:"
        )
        text += md.bullets(
            [
                payments,
                counted(r.matches, "tin bài", "có kết quả khớp hợp đồng dựa trên quyết định duyệt"),
                counted(r.syndication_copies, "bản đăng lại", "được xác nhận qua duyệt"),
                themes,
                event_text,
                counted(r.removals_confirmed, "tệp dữ liệu tiền", "được xác nhận gỡ bỏ"),
            ]
        )
        return Md(text)


# ---- helpers for the tables -------------------------------------------------------------


def _rule_failure(r) -> str:
    if _flag(r.error):
        return f"{r.name_vi} (không kiểm tra được: {r.error})"
    return f"{r.name_vi} ({fmt.count(r.violations)} trường hợp, {fmt.vnd_short(r.vnd_at_stake)})"


def _rule_outcome(r) -> str:
    if _flag(r.error):
        return "Không kiểm tra được"
    return "Đạt" if r.passed else "Không đạt"


def _event_name(r, numbers: dict) -> str:
    if fmt.is_missing(r.overlapping_events) or not str(r.overlapping_events):
        return str(r.name)
    others = ", ".join(
        str(numbers.get(code, code)) for code in str(r.overlapping_events).split(";")
    )
    return f"{r.name} (cửa sổ trùng với sự kiện số {others})"


def _event_window(r) -> str:
    span = f"{fmt.date_vi(r.window_start)}–{fmt.date_vi(r.window_end)}"
    counted = f"{fmt.count(r.window_days_counted)} ngày"
    if not fmt.is_missing(r.holiday_days) and r.holiday_days:
        counted += f", bỏ {fmt.count(r.holiday_days)} ngày nghỉ lễ"
    return f"{span} ({counted})"


def _event_items(r) -> str:
    text = fmt.number(r.event_items, 0)
    if not fmt.is_missing(r.shared_items) and r.shared_items:
        text += f" (có {fmt.count(r.shared_items)} tin chia với sự kiện khác)"
    return text


def _event_baseline(r) -> str:
    if fmt.is_missing(r.baseline_items):
        return fmt.DASH
    return f"{fmt.number(r.baseline_items, 0)} tin ({fmt.number(r.baseline_daily_avg, 1)}/ngày)"


def _top_and_rest(data: pd.DataFrame, label: str, value: str, top: int) -> pd.DataFrame:
    """The `top` largest rows, and one more row summing the others."""
    data = data.sort_values(value, ascending=False)
    if len(data) <= top:
        return data
    rest = data.iloc[top:]
    other = pd.DataFrame({label: [f"Các cơ quan khác ({len(rest)})"], value: [rest[value].sum()]})
    return pd.concat([data.iloc[:top], other], ignore_index=True)


def _area_label(area, name) -> str:
    """'2. Kinh tế, …'; an unclassified row has no area number."""
    if fmt.is_missing(area):
        return fmt.or_dash(name) if not fmt.is_missing(name) else "Chưa phân loại"
    return f"{int(area)}. {fmt.or_dash(name)}"


def _items_cell(t: Totals) -> str:
    if t.items is None:
        return fmt.DASH
    return f"{fmt.count(t.items)} ({fmt.count(t.contracted_items)})"


def _reach(value) -> str:
    return fmt.DASH if fmt.is_missing(value) else f"{fmt.count_short(value)} lượt"


def _int_or_none(value):
    return None if fmt.is_missing(value) else int(value)


def _flag(value) -> bool:
    """A boolean column (or a free-text note) that is set."""
    if fmt.is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "0", "no")
    return bool(value)


def _index_score(r) -> str:
    if fmt.is_missing(r.score):
        return fmt.DASH
    decimals = 4 if not fmt.is_missing(r.scale_max) and r.scale_max <= 1 else 2
    scale = "" if fmt.is_missing(r.scale_max) else f"/{fmt.number(r.scale_max, 0)}"
    return f"{fmt.number(r.score, decimals)}{scale}"


def _index_figure(r) -> str:
    parts = [str(r.year)]
    if not fmt.is_missing(r.score):
        parts.append(_index_score(r))
    if not fmt.is_missing(r.rank):
        parts.append(f"hạng {int(r.rank)}")
    if _flag(getattr(r, "is_placeholder", None)):
        parts.append("giả định")
    return " · ".join(parts)


def _year_figures(figures: list) -> str:
    """One year's figures; conflicting official scores side by side, never averaged."""
    if len(figures) == 1:
        return _index_figure(figures[0])
    first = figures[0]
    scores = " hoặc ".join(_index_score(r) for r in figures if not fmt.is_missing(r.score))
    parts = [str(first.year), f"{scores} (các nguồn chính thức chênh lệch)"]
    ranks = {int(r.rank) for r in figures if not fmt.is_missing(r.rank)}
    if ranks:
        parts.append("hạng " + " hoặc ".join(str(rank) for rank in sorted(ranks)))
    if any(_flag(getattr(r, "is_placeholder", None)) for r in figures):
        parts.append("giả định")
    return " · ".join(parts)


def _best_rank(figures: list):
    ranks = [r.rank for r in figures if not fmt.is_missing(r.rank)]
    return min(ranks) if ranks else None


def _rank_move_between(latest: list, previous: list) -> str:
    """The rank move between two years, saying so when either year is a placeholder."""
    move = fmt.rank_move(_best_rank(latest), _best_rank(previous))
    if move == fmt.DASH:
        return move
    now_placeholder = any(_flag(getattr(r, "is_placeholder", None)) for r in latest)
    before_placeholder = any(_flag(getattr(r, "is_placeholder", None)) for r in previous)
    if now_placeholder and before_placeholder:
        return f"{move} (cả hai năm là số liệu giả định)"
    if now_placeholder or before_placeholder:
        assumed = latest[0].year if now_placeholder else previous[0].year
        published = previous[0].year if now_placeholder else latest[0].year
        return (
            f"{move} (so sánh số liệu giả định năm {assumed} với số liệu công bố năm "
            f"{published}, chưa phải biến động thật)"
        )
    return move


def _score_change(r) -> str:
    """Change against the previous year's figure; against each one when that year has
    conflicting official figures (never against their mean)."""
    if _flag(getattr(r, "prev_has_conflict", None)) and not fmt.is_missing(r.score_changes):
        changes = " hoặc ".join(
            fmt.signed(float(change), 2) for change in str(r.score_changes).split(" | ")
        )
        text = f"{changes} (năm trước có các số liệu chênh lệch)"
    elif fmt.is_missing(r.score_change):
        return fmt.DASH
    else:
        text = fmt.signed(r.score_change, 2)
    if _flag(getattr(r, "is_placeholder", None)) or _flag(getattr(r, "prev_is_placeholder", None)):
        text += " (có số liệu giả định)"
    return text


def _rank_change(r) -> str:
    move = fmt.rank_move(r.rank, r.prev_rank)
    if move == fmt.DASH:
        return move
    if _flag(getattr(r, "prev_is_placeholder", None)):
        return move + " (so với số liệu giả định)"
    if _flag(getattr(r, "is_placeholder", None)):
        return move + " (số liệu giả định, chưa phải biến động thật)"
    return move


def _index_note(r) -> str:
    notes = []
    if _flag(r.is_placeholder):
        notes.append("số liệu giả định")
    if _flag(r.has_conflict) and not fmt.is_missing(r.conflicting_scores):
        scores = " và ".join(
            fmt.number(float(score), 2) for score in str(r.conflicting_scores).split(" | ")
        )
        notes.append(f"các nguồn chính thức chênh lệch: {scores}")
    if _flag(r.methodology_break):
        notes.append("thay đổi phương pháp")
    if not fmt.is_missing(r.note) and str(r.note).strip():
        notes.append(str(r.note))
    return "; ".join(notes) or fmt.DASH


def league_order(cards: pd.DataFrame) -> pd.DataFrame:
    """The league table's order: the delivery rate of lines counted in items, then that of
    programme minutes, then the on-time rate of items, then accepted value."""
    return cards.sort_values(
        [
            "delivery_rate_items",
            "delivery_rate_minutes",
            "on_time_rate_items",
            "accepted_value_vnd",
            "agency",
        ],
        ascending=[False, False, False, False, True],
        na_position="last",
    ).reset_index(drop=True)


def _load_frames(con, year: int, present: set[str]) -> dict:
    f = wh.frame
    frames = {
        "budget_by_agency": f(
            con,
            """select agency, sum(contract_value_vnd) as contract_value_vnd
               from marts.mart_budget where year = ? group by agency
               order by contract_value_vnd desc, agency""",
            [year],
        ),
        "budget_by_theme": f(
            con,
            """select c.theme_area, coalesce(any_value(t.theme_area_name_vi),
                      'Lĩnh vực ' || c.theme_area) as name_vi, sum(c.amount_vnd) as amount_vnd
               from marts.dim_contract c
               left join marts.dim_theme t on t.theme_area = c.theme_area and t.level = 'area'
               where c.year = ? group by c.theme_area order by c.theme_area""",
            [year],
        ),
        "disbursement_by_month": f(
            con,
            """select month(paid_on) as month, kind, sum(amount_vnd) as amount_vnd
               from marts.fct_payment where year = ? group by all order by month, kind""",
            [year],
        ),
        "delivery_by_type": f(
            con,
            """select deliverable_type, sum(ordered_qty) as ordered,
                      sum(delivered_qty) as delivered, sum(accepted_qty) as accepted,
                      sum(least(accepted_qty, ordered_qty)) / nullif(sum(ordered_qty), 0)
                        as delivery_rate,
                      sum(on_time_qty) / nullif(sum(delivered_qty), 0) as on_time_rate
               from marts.mart_contract_fulfilment where year = ?
               group by deliverable_type order by sum(ordered_qty) desc""",
            [year],
        ),
        "weekly_coverage": f(
            con,
            """select date_trunc('week', published_date) as week, is_contracted,
                      count(*) as items
               from marts.fct_coverage where year = ? group by all order by week""",
            [year],
        ),
        "events": f(
            con,
            """select row_number() over (order by event_date, name) as number, event_id, name,
                      event_date, window_start, window_end, window_days, window_days_counted,
                      holiday_days, overlapping_events, items_in_window, event_items,
                      shared_items, expected_event_items, other_area_items,
                      baseline_items, baseline_daily_avg, lift
               from marts.mart_event_lift where year(event_date) = ?
               order by event_date, name""",
            [year],
        ),
        "theme_fit": f(
            con,
            """select theme_area, name_vi, items, share, planned_share, share_gap
               from marts.mart_theme_fit where year = ? and level = 'area'
               order by theme_area""",
            [year],
        ),
        "sub_theme_fit": f(
            con,
            """select theme_area, sub_theme_id, name_vi, items, has_coverage
               from marts.mart_theme_fit where year = ? and level = 'sub_theme'
               order by theme_area, sub_theme_id""",
            [year],
        ),
        "share_of_voice": f(
            con,
            """select month, contracted_items, organic_items, contracted_share
               from marts.mart_share_of_voice where year = ? order by month""",
            [year],
        ),
        "key_messages": f(
            con,
            """select message_vi, items, share from marts.mart_key_messages
               where year = ? order by items desc, message_id""",
            [year],
        ),
        "cost_by_type": f(
            con,
            """select deliverable_type, sum(accepted_value_vnd) as accepted_value_vnd,
                      sum(accepted_items) as accepted_items, sum(reach_estimate_total) as reach
               from marts.mart_cost_effectiveness where year = ?
               group by deliverable_type order by accepted_value_vnd desc""",
            [year],
        ),
        "top_items": f(
            con,
            """select published_date, agency, title, views from marts.fct_coverage
               where year = ? and views is not null and is_original
               order by views desc, item_id limit 10""",
            [year],
        ),
        "syndication_by_agency": f(
            con,
            """select agency, unique_stories, syndicated_copies
               from marts.mart_agency_scorecard
               where year = ? and syndicated_copies > 0
               order by syndicated_copies desc, agency limit 8""",
            [year],
        ),
        "indices": f(
            con,
            """select i.index_code, i.year, i.score, i.scale_max, i.rank,
                      p.rank as prev_rank, p.is_placeholder as prev_is_placeholder,
                      i.score_change, i.score_changes, i.prev_has_conflict, i.source, i.note,
                      i.is_placeholder, i.release_lag_months, i.methodology_break,
                      i.has_conflict, i.conflicting_scores,
                      (i.score is not null or i.rank is not null) as has_figure
               from marts.mart_index_trends i
               -- one rank per earlier year, even where two sources conflict for that year
               left join (
                   select index_code, component, year, min(rank) as rank,
                          bool_or(is_placeholder) as is_placeholder
                   from marts.mart_index_trends group by all
               ) p
                 on p.index_code = i.index_code and p.component = i.component
                and p.year = i.prev_year
               where i.component = 'overall' and i.year <= ?
               order by i.index_code, i.year""",
            [year],
        ),
        "index_components": f(
            con,
            """select index_code, component, year, score, scale_max, rank
               from marts.mart_index_trends i
               where component <> 'overall' and year = (
                   select max(year) from marts.mart_index_trends j
                   where j.index_code = i.index_code and j.component <> 'overall'
                     and j.year <= ?)
               order by index_code, component limit 24""",
            [year],
        ),
        "league": f(
            con,
            """select agency, contract_value_vnd, accepted_value_vnd, delivery_rate_items,
                      on_time_rate_items, delivery_rate_minutes, items_published,
                      reach_estimate_total,
                      cost_per_1000_reach_vnd
               from marts.mart_agency_scorecard where year = ? and contracts > 0""",
            [year],
        ),
    }
    frames["league"] = league_order(frames["league"])
    frames["quarantine"] = (
        f(con, "select source, count(*) as rows from raw.quarantine group by 1 order by 1")
        if "raw.quarantine" in present
        else pd.DataFrame()
    )
    frames["load_log"] = (
        f(
            con,
            """select source, count(distinct _source_file) as files, sum(rows_read) as rows_read,
                      sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined
               from raw.load_log group by 1 order by 1""",
        )
        if "raw.load_log" in present
        else pd.DataFrame()
    )
    reach = wh.row(
        con,
        """select count(*) filter (where is_reach_default) as defaults, count(*) as total
           from marts.dim_agency""",
    )
    frames["agencies_with_default_reach"] = int(reach["defaults"] or 0)
    frames["agencies_total"] = int(reach["total"] or 0)
    return frames
