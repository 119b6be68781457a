"""The year-end report: the figures loaded in one read-only session, and every section."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reports import warehouse as wh
from reports.year_end.activities import ActivitiesSection
from reports.year_end.inputs import InputsSection
from reports.year_end.league import LeagueSection
from reports.year_end.loading import (
    REQUIRED_MARTS,
    GateStatus,
    ReviewedFigures,
    Totals,
    _load_frames,
    load_gate,
    load_reviewed,
    load_totals,
)
from reports.year_end.outcomes import OutcomesSection
from reports.year_end.outputs import OutputsSection
from reports.year_end.settlement import SettlementSection
from reports.year_end.sources import SourcesSection
from reports.year_end.summary import SummarySection


@dataclass
class YearEndReport(
    SummarySection,
    InputsSection,
    ActivitiesSection,
    OutputsSection,
    OutcomesSection,
    LeagueSection,
    SettlementSection,
    SourcesSection,
):
    """The year's figures, loaded once; each section's methods (own modules) format them."""

    year: int
    province: str
    meta: dict
    this_year: Totals
    last_year: Totals
    gate: GateStatus
    last_gate: GateStatus
    rules: pd.DataFrame
    violations: pd.DataFrame
    expectations_failed: pd.DataFrame
    budget_by_agency: pd.DataFrame
    budget_by_theme: pd.DataFrame
    disbursement_by_month: pd.DataFrame
    delivery_by_type: pd.DataFrame
    weekly_coverage: pd.DataFrame
    events: pd.DataFrame
    theme_fit: pd.DataFrame
    sub_theme_fit: pd.DataFrame
    share_of_voice: pd.DataFrame
    key_messages: pd.DataFrame
    cost_by_type: pd.DataFrame
    top_items: pd.DataFrame
    syndication_by_agency: pd.DataFrame
    indices: pd.DataFrame
    index_components: pd.DataFrame
    league: pd.DataFrame
    quarantine: pd.DataFrame
    load_log: pd.DataFrame
    agencies_with_default_reach: int
    agencies_total: int
    reviewed: ReviewedFigures

    @classmethod
    def load(cls, warehouse: Path, year: int, province: str) -> "YearEndReport":
        with wh.open_read_only(warehouse) as con:
            present = wh.tables(con)
            wh.require(con, REQUIRED_MARTS)
            gate, rules, violations = load_gate(con, year, present)
            expectations = pd.DataFrame()
            if gate.ran and "quality.expectation_results" in present:
                expectations = wh.frame(
                    con,
                    """select suite, expectation, column_name, observed_value
                       from quality.expectation_results
                       where run_id = ? and not success order by suite, expectation limit 10""",
                    [gate.run_id],
                )
            return cls(
                year=year,
                province=province,
                meta=wh.inbox_meta(con),
                this_year=load_totals(con, year),
                last_year=load_totals(con, year - 1),
                gate=gate,
                last_gate=load_gate(con, year - 1, present)[0],
                rules=rules,
                violations=violations,
                expectations_failed=expectations,
                reviewed=load_reviewed(con, year, present),
                **_load_frames(con, year, present),
            )
