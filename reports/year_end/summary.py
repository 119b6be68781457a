"""The title notice and the executive summary leadership reads first."""

from ingestion import formatting as fmt
from reports import labels
from reports import markdown as md
from reports import warehouse as wh
from reports.markdown import Md
from reports.year_end.helpers import _area_label, _reach
from reports.year_end.loading import Totals
from reports.year_end.outcomes import _rank_move_between, _year_figures


class SummarySection:
    """Demo notice, key figures against last year, key points, index summary."""

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


def _items_cell(t: Totals) -> str:
    if t.items is None:
        return fmt.DASH
    return f"{fmt.count(t.items)} ({fmt.count(t.contracted_items)})"
