"""Tone of coverage in the year-end report: positive / neutral / negative items by content
area, agency and month (marts.fct_coverage_tone), with the method's measured accuracy beside
the figures (seeds.tone_accuracy, written by tests/evaluation/tone.py from the hand-labelled
set). Tone is a label of coverage, never a money figure: nothing here carries VND.
"""

from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from ingestion import formatting as fmt
from reports import charts
from reports import markdown as md
from reports import warehouse as wh
from reports.markdown import Md

TONES = ("positive", "neutral", "negative")
TONE_LABELS = {"positive": "Tích cực", "neutral": "Trung tính", "negative": "Tiêu cực"}
TONE_COLORS = [charts.GREEN, charts.GREY, charts.RED]
TABLE_AGENCIES = 12  # agencies listed by name; the rest are summed into one row
MART = "marts.fct_coverage_tone"
ACCURACY = "seeds.tone_accuracy"


@dataclass(frozen=True)
class ToneSection:
    year: int
    available: bool
    totals: dict[str, int]
    reviewed: int
    by_area: pd.DataFrame
    by_agency: pd.DataFrame
    by_month: pd.DataFrame
    accuracy: pd.DataFrame

    @classmethod
    def load(cls, warehouse: Path | str, year: int) -> "ToneSection":
        with wh.open_read_only(Path(warehouse)) as con:
            present = wh.tables(con)
            if MART not in present:
                empty = pd.DataFrame()
                return cls(year, False, {}, 0, empty, empty, empty, empty)
            return cls(year=year, available=True, **_load(con, year, present))

    # ---- text ---------------------------------------------------------------------------

    def text(self) -> Md:
        if not self.available:
            return md.paragraph("Kho dữ liệu chưa có sắc thái tin bài (cần chạy lại quy trình).")
        items = sum(self.totals.values())
        if items == 0:
            return md.paragraph(f"Năm {self.year} chưa có tin bài để xác định sắc thái.")
        shares = "; ".join(
            f"{TONE_LABELS[t].lower()} {fmt.percent(self.totals.get(t, 0) / items)} "
            f"({fmt.count(self.totals.get(t, 0))})"
            for t in TONES
        )
        text = md.paragraph(
            f"Trong {fmt.count(items)} tin bài năm {self.year} (kể cả bản đăng lại): {shares}."
            + (
                f" {fmt.count(self.reviewed)} tin bài có sắc thái do cán bộ xác định trong "
                f"thư mục duyệt (reviews/), thay cho kết quả tự động."
                if self.reviewed
                else ""
            )
        )
        text += self.method_text()
        text += _share_table(
            self.by_area, "area", "Lĩnh vực", "Sắc thái tin bài theo lĩnh vực (lĩnh vực chính)"
        )
        text += _share_table(
            self.by_agency, "agency", "Cơ quan báo chí", "Sắc thái tin bài theo cơ quan báo chí"
        )
        return Md(text)

    def method_text(self) -> Md:
        intro = (
            "Sắc thái (tích cực, trung tính, tiêu cực) được xác định tự động từ tiêu đề và sa pô "
            "theo bộ từ điển tiếng Việt của hệ thống (từ, cụm từ có trọng số; xử lý phủ định "
            "như “không”, “chưa” và từ nhấn mạnh như “rất”, "
            "“nghiêm trọng”; vế sau “nhưng”, “tuy nhiên” được tính nặng hơn; tin thông báo, "
            "họp báo, hội nghị được tính nhẹ), không quy đổi thành tiền. "
        )
        held = self.accuracy[self.accuracy["split"] == "heldout"] if len(self.accuracy) else None
        if held is None or held.empty:
            return md.paragraph(intro, "Độ chính xác của phương pháp chưa được đo.")
        measured_on = fmt.date_vi(held["measured_on"].iloc[0])
        per_class = "; ".join(
            f"{TONE_LABELS[r.tone].lower()}: độ chính xác {fmt.percent(r.precision, 0)}, "
            f"độ phủ {fmt.percent(r.recall, 0)}"
            for r in held.set_index("tone").loc[list(TONES)].reset_index().itertuples()
        )
        return md.paragraph(
            intro,
            f"Đo trên {fmt.count(int(held['items'].sum()))} tin bài gán nhãn thủ công không dùng "
            f"để hiệu chỉnh từ điển (ngày {measured_on}): F1 trung bình "
            f"{fmt.number(float(held['macro_f1'].iloc[0]), 2)}; {per_class}. Số liệu sắc thái "
            f"vì vậy là ước lượng, nên đọc theo xu hướng và tỷ trọng, không theo từng tin bài.",
        )

    # ---- chart --------------------------------------------------------------------------

    def chart(self) -> alt.Chart | None:
        if self.by_month.empty:
            return None
        data = self.by_month.assign(
            period=lambda d: d["month"].map(lambda m: f"Th{int(m)}"),
            part=lambda d: d["tone"].map(TONE_LABELS),
        ).sort_values(["month", "tone"])
        return charts.stacked_columns(
            data[["period", "part", "items"]],
            "period",
            "part",
            "items",
            title=f"Sắc thái tin bài theo tháng, năm {self.year}",
            value_title="Số tin bài",
            part_order=[TONE_LABELS[t] for t in TONES],
            colors=TONE_COLORS,
        )


def _share_table(data: pd.DataFrame, key: str, heading: str, caption: str) -> Md:
    if data.empty:
        return Md("")
    rows = []
    for r in data.itertuples():
        total = r.items or 0
        rows.append(
            (
                getattr(r, key),
                fmt.count(total),
                *(fmt.percent(getattr(r, t) / total if total else None) for t in TONES),
            )
        )
    return md.table(
        [heading, "Tin bài", *(TONE_LABELS[t] for t in TONES)],
        rows,
        align="lrrrr",
        caption=caption,
    )


def _load(con, year: int, present: set[str]) -> dict:
    f = wh.frame
    pivot = ", ".join(f"count(*) filter (where tone = '{t}') as {t}" for t in TONES)
    totals = f(con, f"select tone, count(*) as items from {MART} where year = ? group by 1", [year])
    reviewed = wh.row(
        con,
        f"select count(*) as n from {MART} where year = ? and tone_source = 'review'",
        [year],
    )
    by_area = f(
        con,
        f"""select c.primary_theme_area,
                   coalesce(
                       case when c.primary_theme_area is null then 'Chưa phân loại' end,
                       any_value(t.theme_area_name_vi), 'Lĩnh vực ' || c.primary_theme_area
                   ) as area,
                   count(*) as items, {pivot}
            from {MART} c
            left join marts.dim_theme t
              on t.theme_area = c.primary_theme_area and t.level = 'area'
            where c.year = ?
            group by c.primary_theme_area
            order by c.primary_theme_area nulls last""",
        [year],
    )
    by_agency = f(
        con,
        f"""with per_agency as (
                select coalesce(agency, 'Không rõ cơ quan') as agency, count(*) as items, {pivot}
                from {MART} where year = ? group by 1
            ),
            ranked as (
                select *, row_number() over (order by items desc, agency) as n from per_agency
            )
            select agency, items, positive, neutral, negative, n from ranked
            where n <= {TABLE_AGENCIES}
            union all
            select 'Các cơ quan khác', sum(items), sum(positive), sum(neutral), sum(negative),
                   {TABLE_AGENCIES + 1}
            from ranked where n > {TABLE_AGENCIES} having count(*) > 0
            order by n""",
        [year],
    )
    by_month = f(
        con,
        f"select month, tone, count(*) as items from {MART} where year = ? group by all",
        [year],
    )
    accuracy = (
        f(
            con,
            f"""select split, tone, items, precision, recall, f1, macro_f1, measured_on
                from {ACCURACY}""",
        )
        if ACCURACY in present
        else pd.DataFrame()
    )
    return {
        "totals": {r.tone: int(r.items) for r in totals.itertuples()},
        "reviewed": int(reviewed["n"] or 0),
        "by_area": by_area,
        "by_agency": by_agency,
        "by_month": by_month,
        "accuracy": accuracy,
    }
