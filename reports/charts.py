"""Charts for the reports: Altair specifications rendered to static SVG with vl-convert.

Static SVG reads the same on screen and on paper, needs no browser to render and no network
to open; the PDF keeps it. The HTML report also carries each chart's specification and draws
it with Vega in the page (tooltips on hover), showing the SVG when scripts are off. Every chart
is drawn at the printed text width of an A4 page, with Vietnamese labels, Vietnamese number and
date formats, and colours that stay apart in grey print.
"""

import altair as alt
import pandas as pd
import vl_convert

from ingestion.formatting import CHART_NUMBER_LOCALE, CHART_TIME_LOCALE

# The A4 text width in points (21 cm less 2 × 2 cm margins); Typst reads SVG pixels as points.
WIDTH = 480
FONT = '"Libertinus Serif", "Times New Roman", "Noto Serif", serif'
BLUE, ORANGE, GREEN, GREY, RED = "#2f5d8c", "#e69f00", "#2a8a5f", "#8c8c8c", "#b42318"
TIMELINE_HEIGHT = 230
CONTRACTED, ORGANIC = "Theo hợp đồng", "Tự phát (ngoài hợp đồng)"

CONFIG = {
    "font": FONT,
    "background": "white",
    "autosize": {"type": "fit-x", "contains": "padding"},
    "view": {"stroke": None},
    "title": {"fontSize": 14, "fontWeight": "bold", "anchor": "start", "offset": 10},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 270, "gridColor": "#e3e3e3"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "labelLimit": 300},
    "header": {"labelFontSize": 11, "titleFontSize": 11},
}


# The MIME type of a Vega-Lite specification in Jupyter display data (as Altair uses it).
VEGALITE_MIME = "application/vnd.vegalite.v5+json"


def to_spec(chart: "alt.TopLevelMixin | dict") -> dict:
    """The chart's Vega-Lite specification with the report's look, data inlined, for the
    interactive charts of the HTML report (reports.interactive). Takes the chart or its
    `to_dict()` (which validates against the schema: a caller needing both the SVG and the
    spec makes it once)."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return {**spec, "config": {**spec.get("config", {}), **CONFIG}}


def to_svg(chart: "alt.TopLevelMixin | dict") -> str:
    """Render offline: no external data or fonts may be fetched."""
    return vl_convert.vegalite_to_svg(
        chart if isinstance(chart, dict) else chart.to_dict(),
        config=CONFIG,
        format_locale=CHART_NUMBER_LOCALE,
        time_format_locale=CHART_TIME_LOCALE,
        allowed_base_urls=[],
    )


def _bar_height(rows: int) -> int:
    return max(60, 24 * rows)


def horizontal_bars(
    data: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    value_title: str,
    value_format: str = ",.1f",
    color: str = BLUE,
) -> alt.Chart:
    """One bar per category, top to bottom in the order of `data`."""
    order = data[category].tolist()
    return (
        alt.Chart(data, title=title)
        .mark_bar(color=color)
        .encode(
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
            y=alt.Y(f"{category}:N", title=None, sort=order),
            tooltip=[category, alt.Tooltip(f"{value}:Q", format=value_format)],
        )
        .properties(width=WIDTH, height=_bar_height(len(data)))
    )


def grouped_rates(data: pd.DataFrame, category: str, title: str) -> alt.Chart:
    """Two rates per category (columns `rate_name`, `rate`), side by side, in data order."""
    categories = list(dict.fromkeys(data[category].tolist()))
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X(
                "rate:Q",
                title="Tỷ lệ",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, max(1.0, float(data["rate"].max() or 0))]),
            ),
            y=alt.Y(f"{category}:N", title=None, sort=categories),
            yOffset=alt.YOffset("rate_name:N"),
            color=alt.Color("rate_name:N", title=None, scale=alt.Scale(range=[BLUE, ORANGE])),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=" "),
                alt.Tooltip("rate_name:N", title="Chỉ tiêu"),
                alt.Tooltip("rate:Q", title="Tỷ lệ", format=".1%"),
            ],
        )
        .properties(width=WIDTH, height=max(60, 28 * len(categories)))
    )


def stacked_columns(
    data: pd.DataFrame,
    period: str,
    part: str,
    value: str,
    title: str,
    value_title: str,
    part_order: list[str],
    colors: list[str],
    period_title: str | None = None,
) -> alt.Chart:
    """Columns per period (an ordinal label such as 'Th5'), stacked by part."""
    periods = list(dict.fromkeys(data[period].tolist()))
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{period}:O", title=period_title, sort=periods, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"sum({value}):Q", title=value_title, axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                f"{part}:N",
                title=None,
                sort=part_order,
                scale=alt.Scale(domain=part_order, range=colors),
            ),
            order=alt.Order("part_rank:Q"),
            tooltip=[
                alt.Tooltip(f"{period}:O", title=period_title or " "),
                alt.Tooltip(f"{part}:N", title=" "),
                alt.Tooltip(f"sum({value}):Q", title=value_title, format=",.0f"),
            ],
        )
        .transform_calculate(
            part_rank=" + ".join(
                f"(datum['{part}'] === {i!r} ? {n} : 0)" for n, i in enumerate(part_order, start=1)
            )
            or "0"
        )
        .properties(width=WIDTH, height=220)
    )


def coverage_timeline(weekly: pd.DataFrame, events: pd.DataFrame, title: str) -> alt.LayerChart:
    """Items per week (contracted and organic, stacked) with numbered rules at key events.

    `weekly`: week (date), kind (CONTRACTED or ORGANIC), items.
    `events`: number, event_date (date) — the numbers key a table printed below the chart.
    Numbers of events less than three weeks apart are staggered so they do not overlap; the
    value axis leaves head room above the highest week for them.
    """
    weekly = weekly.assign(week=pd.to_datetime(weekly["week"]))
    highest = float(weekly.groupby("week")["items"].sum().max() or 1)
    bars = (
        alt.Chart(weekly)
        .mark_area(interpolate="step-after", opacity=0.9)
        .encode(
            x=alt.X("week:T", title=None, axis=alt.Axis(format="%m/%Y", tickCount="month")),
            y=alt.Y(
                "items:Q",
                title="Số tin bài mỗi tuần",
                stack="zero",
                scale=alt.Scale(domain=[0, highest * 1.35], nice=False),
            ),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=[CONTRACTED, ORGANIC],
                scale=alt.Scale(domain=[CONTRACTED, ORGANIC], range=[BLUE, ORANGE]),
            ),
            order=alt.Order("kind_rank:Q"),
            tooltip=[
                alt.Tooltip("week:T", title="Tuần từ", format="%d/%m/%Y"),
                alt.Tooltip("kind:N", title=" "),
                alt.Tooltip("items:Q", title="Số tin bài", format=",.0f"),
            ],
        )
        .transform_calculate(kind_rank=f"datum.kind === {CONTRACTED!r} ? 1 : 2")
    )
    layers = [bars]
    if not events.empty:
        events = events.assign(event_date=pd.to_datetime(events["event_date"]))
        labels = _event_labels(events)
        # Each rule starts just below its cluster's label and runs to the axis.
        tops = {
            n: y
            for members, y in zip(labels["members"], labels["label_y"], strict=True)
            for n in members
        }
        events = events.assign(rule_top=events["number"].map(tops) + 2)
        rules = (
            alt.Chart(events)
            .mark_rule(color=RED, strokeDash=[4, 3], strokeWidth=1.2)
            .encode(
                x="event_date:T",
                y=alt.Y("rule_top:Q", scale=None),
                y2=alt.value(TIMELINE_HEIGHT),
            )
        )
        numbers = (
            alt.Chart(labels[["event_date", "label", "label_y"]])
            .mark_text(color=RED, fontSize=10, fontWeight="bold", baseline="bottom")
            .encode(x="event_date:T", y=alt.Y("label_y:Q", scale=None), text="label:N")
        )
        layers += [rules, numbers]
    return alt.layer(*layers, title=title).properties(width=WIDTH, height=TIMELINE_HEIGHT)


def _event_labels(events: pd.DataFrame, rows: int = 3) -> pd.DataFrame:
    """One label per cluster of events less than ten days apart ('5–9'), and its height.

    Labels of clusters less than three weeks apart go one row lower so they never overlap;
    `label_y` is the label's offset in pixels from the top of the plot.
    """
    clusters: list[list] = []
    for event in events.sort_values("event_date").itertuples():
        if clusters and (event.event_date - clusters[-1][0].event_date).days < 10:
            clusters[-1].append(event)
        else:
            clusters.append([event])
    last_in_row: list[pd.Timestamp | None] = [None] * rows
    labels = []
    for cluster in clusters:
        date = cluster[0].event_date
        free = [r for r, last in enumerate(last_in_row) if last is None or (date - last).days >= 21]
        row = free[0] if free else min(range(rows), key=lambda r: last_in_row[r])
        last_in_row[row] = date
        first, last = cluster[0].number, cluster[-1].number
        labels.append(
            {
                "event_date": date,
                "label": str(first) if first == last else f"{first}–{last}",
                "label_y": 12 + 13 * row,
                "members": [e.number for e in cluster],
            }
        )
    return pd.DataFrame(labels)


def theme_fit(data: pd.DataFrame, title: str) -> alt.LayerChart:
    """Actual share of coverage per area (bars) against the planned share (ticks).

    `data`: area (label), share, planned_share.
    """
    order = data["area"].tolist()
    base = alt.Chart(data).encode(y=alt.Y("area:N", title=None, sort=order))
    bars = base.mark_bar(color=BLUE).encode(
        x=alt.X("share:Q", title="Tỷ trọng tin bài", axis=alt.Axis(format=".0%")),
        tooltip=[
            alt.Tooltip("area:N", title="Lĩnh vực"),
            alt.Tooltip("share:Q", title="Tỷ trọng thực tế", format=".1%"),
            alt.Tooltip("planned_share:Q", title="Tỷ trọng kế hoạch", format=".1%"),
        ],
    )
    planned = base.mark_tick(color=RED, thickness=3, size=22).encode(x="planned_share:Q")
    return alt.layer(bars, planned, title=title).properties(
        width=WIDTH, height=_bar_height(len(data))
    )


def index_trends(data: pd.DataFrame, title: str) -> alt.Chart:
    """Each index's overall score as a share of its scale, by year. `data`: index, year, pct."""
    return (
        alt.Chart(data, title=title)
        .mark_line(point=alt.OverlayMarkDef(size=45, filled=True), strokeWidth=2)
        .encode(
            x=alt.X("year:O", title="Năm", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "pct:Q",
                title="Điểm so với thang điểm tối đa",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(zero=False),
            ),
            color=alt.Color(
                "index:N",
                title=None,
                scale=alt.Scale(range=[BLUE, ORANGE, GREEN, RED, GREY]),
            ),
            strokeDash=alt.StrokeDash("index:N", title=None),
            tooltip=[
                alt.Tooltip("index:N", title="Chỉ số"),
                alt.Tooltip("year:O", title="Năm"),
                alt.Tooltip("pct:Q", title="Điểm so với tối đa", format=".1%"),
            ],
        )
        .properties(width=WIDTH, height=220)
    )


def warm_up() -> None:
    """Draw one small chart and drop it. A process pays for its first chart ~0,4 s more than
    for the next (vl-convert starts its JavaScript engine and loads its fonts, Altair reads
    its schema): a report kernel started ahead of a run pays it while the run still loads its
    inbox, instead of in the first report it renders."""
    data = pd.DataFrame({"period": ["Th1", "Th2"], "part": [CONTRACTED, ORGANIC], "items": [1, 2]})
    chart = stacked_columns(
        data,
        "period",
        "part",
        "items",
        title="Tin bài",
        value_title="Số tin bài",
        part_order=[CONTRACTED, ORGANIC],
        colors=[BLUE, ORANGE],
    )
    to_svg(chart.to_dict(validate=False))
