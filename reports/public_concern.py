"""The year-end report's "Định hướng dư luận" section: how fast and how widely the press carried
the city's answer to each issue of public concern (marts.mart_public_concern and its items).

Only items an analyst confirmed are stated as fact; keyword matches awaiting review are shown
as candidates ("ứng viên, chờ duyệt") with their count, and rejected items are not shown.

Plain functions over a warehouse connection or frames, returning Markdown and Altair charts;
the year-end report calls them through one thin method.
"""

import textwrap
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from ingestion import formatting as fmt
from reports import charts
from reports import markdown as md
from reports import warehouse as wh
from reports.markdown import Md

CONCERNS_MART = "marts.mart_public_concern"
ITEMS_MART = "marts.mart_public_concern_items"
RESPONSE_DEADLINE_HOURS = 72  # the quality page warns about a concern unanswered this long
CONTRACTED_KIND = "Có hợp đồng"
OFFICIAL_KIND = "Trong danh mục, không hợp đồng"
OTHER_KIND = "Nguồn khác"
CANDIDATE_KIND = "Ứng viên, chờ duyệt"
KINDS = (CONTRACTED_KIND, OFFICIAL_KIND, OTHER_KIND, CANDIDATE_KIND)
_NAMES_SHOWN = 6  # outlets named per concern before "và N cơ quan khác"
_TITLE_CHARS = 85  # a chart's subtitle wraps at this width (the A4 text width)


@dataclass(frozen=True)
class PublicConcern:
    year: int
    concerns: pd.DataFrame  # mart_public_concern rows of the year
    items: pd.DataFrame  # mart_public_concern_items rows of those concerns

    @classmethod
    def from_connection(cls, con, year: int) -> "PublicConcern":
        present = wh.tables(con)
        if CONCERNS_MART not in present or ITEMS_MART not in present:
            return cls(year, pd.DataFrame(), pd.DataFrame())
        concerns = wh.frame(
            con,
            f"""select * from {CONCERNS_MART} where year = ?
                order by first_seen_at, concern_id""",
            [year],
        )
        items = wh.frame(
            con,
            f"""select i.* from {ITEMS_MART} i
                join {CONCERNS_MART} c using (concern_id)
                where c.year = ? order by i.concern_id, i.published_at, i.item_id""",
            [year],
        )
        return cls(year, concerns, items)

    def text(self) -> Md:
        return section_text(self.concerns, self.year)

    def timelines(self) -> list[alt.LayerChart]:
        shown = self.items
        if len(shown):  # a rejected item is not about the concern: it is not drawn
            shown = shown[shown["review_status"] != "rejected"]
        return [
            timeline_chart(concern, shown[shown["concern_id"] == concern.concern_id])
            for concern in self.concerns.itertuples()
        ]


def load(warehouse: Path, year: int) -> PublicConcern:
    with wh.open_read_only(warehouse) as con:
        return PublicConcern.from_connection(con, year)


def _duration(hours) -> str:
    """Hours as leadership reads a delay: '4 giờ 15 phút', '75 giờ'."""
    if fmt.is_missing(hours):
        return fmt.DASH
    whole, minutes = divmod(round(float(hours) * 60), 60)
    return f"{fmt.count(whole)} giờ" + (f" {minutes} phút" if minutes else "")


def _moment(value) -> str:
    if fmt.is_missing(value):
        return fmt.DASH
    moment = pd.Timestamp(value)
    return f"{fmt.date_vi(moment)} {moment:%H:%M}"


def _first_response(r) -> str:
    if fmt.is_missing(r.first_response_at):
        return "Chưa có"
    return f"{r.first_response_agency}, sau {_duration(r.response_hours)}"


def _candidates(r) -> str:
    """A concern's candidates as the section lists them: how many, and how soon the first of a
    listed or contracted outlet came (what the response time would be if it were confirmed)."""
    text = f"{fmt.count(r.candidate_items)} tin ứng viên, chờ duyệt"
    if not fmt.is_missing(r.candidate_response_hours):
        text += (
            ", tin sớm nhất của cơ quan trong danh mục hoặc có hợp đồng sau "
            f"{_duration(r.candidate_response_hours)}"
        )
    return text


def _official_answer(r) -> str:
    if fmt.is_missing(r.response_at):
        return "Chưa có"
    channel = "" if fmt.is_missing(r.response_channel) else f" ({r.response_channel})"
    return f"{_moment(r.response_at)}{channel}"


def _names(text, count) -> str:
    names = [] if fmt.is_missing(text) else str(text).split("; ")
    if len(names) > _NAMES_SHOWN:
        rest = fmt.count(len(names) - _NAMES_SHOWN)
        return "; ".join(names[:_NAMES_SHOWN]) + f" và {rest} cơ quan khác"
    return "; ".join(names) if names else f"{fmt.count(count)} cơ quan"


def section_text(concerns: pd.DataFrame, year: int) -> Md:
    """The section's method note, its table and the concerns left unanswered for 72 hours."""
    if concerns.empty:
        return md.paragraph(
            f"Năm {year} chưa có vấn đề dư luận nào được ghi nhận trong thư mục concerns/ "
            "của hộp thư đầu vào."
        )
    text = md.paragraph(
        "Với mỗi vấn đề dư luận hoặc thông tin sai sự thật được ghi nhận, chỉ tin bài đã được "
        "cán bộ duyệt xác nhận là nói về vấn đề (thư mục reviews/, có người duyệt, ngày duyệt "
        "và lý do) mới được tính. Tin phản hồi là tin bài đã xác nhận đầu tiên của cơ quan báo "
        "chí trong danh mục hoặc có hợp đồng, đăng từ thời điểm phát hiện. Số tin bài 24 giờ, "
        "72 giờ và 7 ngày tính tin đã xác nhận của mọi nguồn, kể từ thời điểm phát hiện. Tin bài "
        "chỉ khớp từ khóa (so khớp không dấu, theo nguyên cụm từ, cùng lĩnh vực khi vấn đề có ghi "
        "lĩnh vực) là tin ứng viên, chờ duyệt: chưa được tính vào các số liệu dưới đây, vì tin "
        "lan truyền tin đồn cũng chứa cùng từ khóa như tin phản bác. Tin đã bị bác không được tính."
    )
    rows = [
        (
            md.join(md.bold(r.concern_id), ": ", r.description),
            _moment(r.first_seen_at),
            _official_answer(r),
            _first_response(r),
            fmt.count(r.items_24h),
            fmt.count(r.items_72h),
            fmt.count(r.items_7d),
            fmt.percent(None if fmt.is_missing(r.contracted_share) else r.contracted_share),
        )
        for r in concerns.itertuples()
    ]
    text += md.table(
        [
            "Vấn đề",
            "Phát hiện lúc",
            "Trả lời chính thức",
            "Tin phản hồi đầu tiên (đã xác nhận)",
            "24 giờ",
            "72 giờ",
            "7 ngày",
            "Theo hợp đồng",
        ],
        rows,
        align="llllrrrr",
        caption=f"Thời gian phản hồi và mức độ lan tỏa, năm {year}",
    )
    pending = concerns[concerns["candidate_items"] > 0]
    if not pending.empty:
        text += md.paragraph("Tin ứng viên, chờ duyệt (chưa tính vào bảng trên):")
        text += md.bullets(
            md.join(md.bold(r.concern_id), ": ", _candidates(r)) for r in pending.itertuples()
        )
    answered = concerns[concerns["answer_outlets"] > 0]
    if not answered.empty:
        text += md.paragraph("Cơ quan báo chí đã đăng nội dung trả lời chính thức của thành phố:")
        text += md.bullets(
            md.join(md.bold(r.concern_id), ": ", _names(r.answer_outlet_names, r.answer_outlets))
            for r in answered.itertuples()
        )
    late = concerns[~concerns["is_answered_within_72h"].astype(bool)]
    if not late.empty:
        text += md.box(
            "warning",
            md.join(
                f"{fmt.count(len(late))} vấn đề chưa có tin phản hồi đã được xác nhận của cơ "
                "quan báo chí trong danh mục hoặc có hợp đồng trong "
                f"{RESPONSE_DEADLINE_HOURS} giờ: ",
                "; ".join(_late(r) for r in late.itertuples()),
                ".",
            ),
        )
    return Md(text)


def _late(r) -> str:
    """A late concern as the warning names it; a candidate that would answer it in time is
    said, so the warning tells an unanswered concern from an unreviewed one."""
    text = f"{r.concern_id} ({r.description})"
    hours = r.candidate_response_hours
    if not fmt.is_missing(hours) and float(hours) <= RESPONSE_DEADLINE_HOURS:
        text += f", có tin ứng viên sau {_duration(hours)}, chờ duyệt"
    return text


def _kind(item) -> str:
    if item.review_status == "candidate":
        return CANDIDATE_KIND
    if item.is_contracted_outlet:
        return CONTRACTED_KIND
    if item.is_official_outlet:
        return OFFICIAL_KIND
    return OTHER_KIND


def timeline_chart(concern, items: pd.DataFrame) -> alt.LayerChart:
    """Items about one concern, cumulative per kind of outlet (confirmed items) and the
    candidates apart, by hours since first seen, with the official response and the 24 h /
    72 h marks as rules."""
    title = alt.TitleParams(
        text=str(concern.concern_id),
        subtitle=textwrap.wrap(str(concern.description), _TITLE_CHARS),
        subtitleFontSize=11,
    )
    points = pd.DataFrame(
        {
            "hours": items["hours_after_first_seen"].astype(float),
            "kind": [_kind(i) for i in items.itertuples()],
            "agency": items["agency"].fillna(fmt.DASH),
            "title": items["title"].fillna(""),
        }
    ).sort_values("hours", kind="stable")
    points["items"] = points.groupby("kind").cumcount() + 1
    marks = pd.DataFrame(
        {"hours": [24.0, 72.0], "label": ["24 giờ", "72 giờ"], "color": [charts.GREY] * 2}
    )
    if not fmt.is_missing(concern.response_at):
        answered = (
            pd.Timestamp(concern.response_at) - pd.Timestamp(concern.first_seen_at)
        ).total_seconds() / 3600
        marks.loc[len(marks)] = [answered, "Trả lời chính thức", charts.RED]
    right = max(168.0, float(points["hours"].max()) if len(points) else 0.0, marks["hours"].max())
    x = alt.X(
        "hours:Q",
        title="Số giờ kể từ khi phát hiện",
        scale=alt.Scale(domain=[0, right], nice=False),
        axis=alt.Axis(values=list(range(0, int(right) + 1, 24))),  # whole days
    )
    lines = (
        alt.Chart(points)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=x,
            y=alt.Y("items:Q", title="Số tin bài (cộng dồn)", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=list(KINDS),
                legend=alt.Legend(columns=2),  # four kinds do not fit one line of A4
                scale=alt.Scale(
                    domain=list(KINDS),
                    range=[charts.BLUE, charts.GREEN, charts.ORANGE, charts.GREY],
                ),
            ),
            tooltip=[
                alt.Tooltip("hours:Q", title="Sau (giờ)", format=",.1f"),
                alt.Tooltip("agency:N", title="Cơ quan"),
                alt.Tooltip("title:N", title="Tiêu đề"),
            ],
        )
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], strokeWidth=1.2)
        .encode(x="hours:Q", color=alt.Color("color:N", scale=None))
    )
    # The response's label hangs from the top, the 24 h / 72 h labels stand on the axis, so
    # a response near one of them does not write over its label.
    height = round(charts.TIMELINE_HEIGHT * 0.75)
    response = marks["color"] == charts.RED
    top = (
        alt.Chart(marks[response])
        .mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=10)
        .encode(x="hours:Q", y=alt.value(0), text="label:N", color=alt.Color("color:N", scale=None))
    )
    bottom = (
        alt.Chart(marks[~response])
        .mark_text(angle=270, align="left", baseline="bottom", dx=4, dy=-3, fontSize=10)
        .encode(
            x="hours:Q", y=alt.value(height), text="label:N", color=alt.Color("color:N", scale=None)
        )
    )
    return alt.layer(lines, rules, top, bottom, title=title).properties(
        width=charts.WIDTH, height=height
    )
