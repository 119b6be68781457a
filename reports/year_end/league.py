"""The agency league table and its order (also used by the agency scorecards)."""

import pandas as pd

from ingestion import formatting as fmt
from reports import markdown as md
from reports.markdown import Md

LEAGUE_ORDER_VI = (
    "Xếp hạng theo tỷ lệ nghiệm thu sản phẩm tính theo số lượng, rồi tỷ lệ nghiệm thu chương "
    "trình tính theo phút, rồi tỷ lệ đăng đúng hạn, rồi giá trị đã nghiệm thu. Sản phẩm tính "
    "theo số lượng và chương trình tính theo phút có tỷ lệ riêng, không cộng chung."
)


class LeagueSection:
    """The agencies ranked by delivery, on-time rate and accepted value."""

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
