"""Outputs: coverage, event lift, theme fit, syndication, share of voice, key messages,
cost and engagement."""

from pathlib import Path

import altair as alt
import pandas as pd

from ingestion import formatting as fmt
from reports import charts, labels
from reports import markdown as md
from reports.markdown import Md
from reports.tone import ToneSection
from reports.year_end.helpers import _area_label, _ratio, _reach


class OutputsSection:
    """Everything the coverage reached and what it cost."""

    def tone(self, warehouse: Path) -> ToneSection:
        """The "Sắc thái tin bài" section (reports.tone)."""
        return ToneSection.load(warehouse, self.year)

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


# ---- helpers for the event table ----------------------------------------------------------


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
