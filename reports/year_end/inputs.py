"""Inputs: the budget committed and disbursed."""

import altair as alt
import pandas as pd

from ingestion import formatting as fmt
from reports import charts, labels
from reports import markdown as md
from reports.markdown import Md
from reports.year_end.helpers import _area_label, _ratio, _top_and_rest

CHART_AGENCIES = 15  # bars in the budget chart; the rest are summed into one bar


class InputsSection:
    """Contract value by area and agency, disbursement by month."""

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
