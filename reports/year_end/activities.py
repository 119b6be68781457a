"""Activities: what the contracts ordered, what was delivered, accepted and on time."""

import altair as alt
import pandas as pd

from ingestion import formatting as fmt
from reports import charts, labels
from reports import markdown as md
from reports.markdown import Md


class ActivitiesSection:
    """Delivery and on-time rates by deliverable type."""

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
