"""The year-end report's content: figures read from the marts, written as Markdown and charts.

Follows the AMEC chain — inputs (budget), activities (delivery), outputs (coverage, theme fit,
syndication, share of voice, key messages, cost), outcomes (administrative indices, read as a
contribution) — then the agency league table, the quality and settlement gate, and the data
sources. `YearEndReport.load` reads everything in one read-only session; the methods only
format. Every value from data is escaped by `reports.markdown`.

One module per stage: `loading` (the figures), `summary`, `inputs`, `activities`, `outputs`,
`outcomes`, `league`, `settlement`, `sources`; `report` joins them in `YearEndReport`.
"""

from reports.year_end.league import LEAGUE_ORDER_VI, league_order
from reports.year_end.loading import (
    REQUIRED_MARTS,
    THEME_FIT_TOLERANCE,
    GateStatus,
    ReviewedFigures,
    Totals,
    load_gate,
    load_reviewed,
    load_totals,
)
from reports.year_end.report import YearEndReport

__all__ = [
    "LEAGUE_ORDER_VI",
    "REQUIRED_MARTS",
    "THEME_FIT_TOLERANCE",
    "GateStatus",
    "ReviewedFigures",
    "Totals",
    "YearEndReport",
    "league_order",
    "load_gate",
    "load_reviewed",
    "load_totals",
]
