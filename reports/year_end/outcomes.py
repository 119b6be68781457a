"""Outcomes: the administrative indices, read as a contribution, never as an effect."""

from pathlib import Path

import altair as alt

from ingestion import formatting as fmt
from reports import charts, labels
from reports import markdown as md
from reports import public_concern as concern_section
from reports import year_over_year as yoy
from reports.markdown import Md
from reports.year_end.helpers import _flag, _int_or_none


class OutcomesSection:
    """Index scores and ranks by year, with conflicts and placeholders said."""

    def index_chart(self) -> alt.Chart | None:
        data = self.indices.dropna(subset=["score", "scale_max"])
        data = data[data["scale_max"] > 0]
        if data.empty:
            return None
        data = data.assign(pct=data["score"] / data["scale_max"], index=data["index_code"])
        return charts.index_trends(
            data[["index", "year", "pct"]], title="Điểm các chỉ số theo năm (% thang điểm)"
        )

    def public_concern(self, warehouse: Path) -> concern_section.PublicConcern:
        """The "Định hướng dư luận" section (reports.public_concern)."""
        return concern_section.load(warehouse, self.year)

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
        text += self._plan_year_index_table()
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

    def _plan_year_index_table(self) -> Md:
        """This plan year and the one before, each against the index editions measured over
        the year before it and over itself (released the next year)."""
        return md.table(
            ["Kế hoạch năm", "Chỉ số", "Kỳ đo năm trước kế hoạch", "Kỳ đo năm kế hoạch",
             "Hạng thay đổi"],
            yoy.plan_year_index_rows(
                self.indices, (self.year - 1, self.year), labels.INDEX_ORDER
            ),
            align="lllll",
            caption="Kế hoạch từng năm đối chiếu với kỳ chỉ số có thể phản ánh kế hoạch đó "
            "(kỳ đo năm kế hoạch, công bố năm sau)",
        )  # fmt: skip


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
