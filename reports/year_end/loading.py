"""Reading the year's figures from the warehouse: headline totals, the gate, the figures
that rest on reviews, and the frames each section formats."""

from dataclasses import dataclass

import pandas as pd

from reports import warehouse as wh
from reports.gate_status import GateStatus, gate_status
from reports.year_end.helpers import _none_if_missing, _ratio
from reports.year_end.league import league_order

REQUIRED_MARTS = (
    "marts.dim_agency",
    "marts.dim_contract",
    "marts.fct_coverage",
    "marts.fct_payment",
    "marts.mart_contract_fulfilment",
    "marts.mart_budget",
    "marts.mart_cost_effectiveness",
    "marts.mart_theme_fit",
    "marts.mart_event_lift",
    "marts.mart_share_of_voice",
    "marts.mart_key_messages",
    "marts.mart_index_trends",
    "marts.mart_agency_scorecard",
)
THEME_FIT_TOLERANCE = 0.05  # an area within ±5 percentage points of its planned share fits


@dataclass(frozen=True)
class Totals:
    """The headline figures of one year; None where the warehouse has nothing for that year."""

    contracts: int | None
    contract_value: float | None
    accepted_value: float | None
    advanced: float | None
    paid: float | None
    disbursed: float | None
    payable: float | None
    over_disbursed: float | None
    ordered: float | None
    accepted_capped: float | None
    delivered: float | None
    on_time: float | None
    items: int | None
    contracted_items: int | None
    accepted_items: int | None
    unique_stories: int | None
    originals: int | None
    syndicated_copies: int | None
    key_message_items: int | None
    views: float | None
    coverage_reach: float | None
    ce_value: float | None
    ce_reach: float | None
    theme_mean_gap: float | None
    theme_areas_fit: int | None
    theme_areas: int | None

    @property
    def delivery_rate(self) -> float | None:
        return _ratio(self.accepted_capped, self.ordered)

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.on_time, self.delivered)

    @property
    def cost_per_1000_reach(self) -> float | None:
        return _ratio(self.ce_value, None if self.ce_reach is None else self.ce_reach / 1000)

    @property
    def syndication_ratio(self) -> float | None:
        return _ratio(self.syndicated_copies, self.originals)

    @property
    def key_message_share(self) -> float | None:
        return _ratio(self.key_message_items, self.items)


def load_totals(con, year: int) -> Totals:
    budget = wh.row(
        con,
        """select count(*) as contracts, sum(contract_value_vnd) as contract_value,
                  sum(accepted_value_vnd) as accepted_value, sum(advanced_vnd) as advanced,
                  sum(paid_vnd) as paid, sum(total_disbursed_vnd) as disbursed,
                  sum(payable_vnd) as payable, sum(over_disbursed_vnd) as over_disbursed
           from marts.mart_budget where year = ?""",
        [year],
    )
    delivery = wh.row(
        con,
        """select sum(ordered_qty) as ordered,
                  sum(least(accepted_qty, ordered_qty)) as accepted_capped,
                  sum(delivered_qty) as delivered, sum(on_time_qty) as on_time
           from marts.mart_contract_fulfilment where year = ?""",
        [year],
    )
    coverage = wh.row(
        con,
        """select count(*) as items,
                  count(*) filter (where is_contracted) as contracted_items,
                  count(*) filter (where is_accepted) as accepted_items,
                  count(distinct story_id) as unique_stories,
                  count(*) filter (where is_original) as originals,
                  count(*) filter (where is_syndicated_copy) as syndicated_copies,
                  count(*) filter (where has_key_message) as key_message_items,
                  sum(views) as views, sum(reach_estimate) as coverage_reach
           from marts.fct_coverage where year = ?""",
        [year],
    )
    cost = wh.row(
        con,
        """select sum(accepted_value_vnd) as ce_value, sum(reach_estimate_total) as ce_reach
           from marts.mart_cost_effectiveness where year = ?""",
        [year],
    )
    fit = wh.row(
        con,
        """select avg(abs(share_gap)) as theme_mean_gap,
                  count(*) filter (where abs(share_gap) <= ?) as theme_areas_fit,
                  count(*) as theme_areas
           from marts.mart_theme_fit
           where year = ? and level = 'area' and planned_share is not null""",
        [THEME_FIT_TOLERANCE, year],
    )
    values = {**budget, **delivery, **coverage, **cost, **fit}
    if not budget["contracts"]:
        for key in budget:
            values[key] = None
    if not coverage["items"]:
        for key in coverage:
            values[key] = None
    if not fit["theme_areas"]:
        for key in fit:
            values[key] = None
    return Totals(**{k: _none_if_missing(v) for k, v in values.items()})


def load_gate(con, year: int, present: set[str]) -> tuple[GateStatus, pd.DataFrame, pd.DataFrame]:
    """The latest gate run for the year, its rule results and its violations."""
    empty = pd.DataFrame()
    status = gate_status(con, year, present)
    if not status.ran:
        return status, empty, empty
    rules = empty
    if "quality.rule_results" in present:
        # `error` says why a rule could not be evaluated (which blocks like a violation).
        error = "error" if "error" in wh.columns(con, "quality.rule_results") else "null"
        rules = wh.frame(
            con,
            f"""select rule_code, name_vi, explanation_vi, blocking, violations, vnd_at_stake,
                      passed, {error} as error
               from quality.rule_results where run_id = ?
               order by blocking desc, passed, vnd_at_stake desc nulls last, rule_code""",
            [status.run_id],
        )
    violations = empty
    if "quality.rule_violations" in present:
        violations = wh.frame(
            con,
            """select v.rule_code, coalesce(r.name_vi, v.rule_code) as name_vi,
                      coalesce(r.blocking, false) as blocking, v.contract_id, v.agency,
                      v.vnd_at_stake, v.detail_vi,
                      -- Ties (most cases carry no VND) broken by what the row says, so
                      -- the same gate run shows the same cases in the same order.
                      row_number() over (partition by v.rule_code
                                         order by v.vnd_at_stake desc nulls last,
                                                  v.contract_id nulls last, v.agency nulls last,
                                                  v.detail_vi nulls last) as nth
               from quality.rule_violations v
               left join quality.rule_results r
                 on r.run_id = v.run_id and r.rule_code = v.rule_code
               where v.run_id = ?
               qualify nth <= 5
               order by blocking desc, v.rule_code, nth""",
            [status.run_id],
        )
    return status, rules, violations


@dataclass(frozen=True)
class ReviewedFigures:
    """How many of the year's figures rest on the analyst's decisions (reviews/ inbox)."""

    payments: int = 0
    payments_vnd: float = 0
    matches: int = 0
    syndication_copies: int = 0
    theme_decisions: int = 0
    theme_items: int = 0
    events_confirmed: int = 0
    events_rejected: int = 0
    removals_confirmed: int = 0


def load_reviewed(con, year: int, present: set[str]) -> ReviewedFigures:
    row = wh.row(
        con,
        """select
               (select count(*) from marts.fct_payment
                where year = ? and corrected_by_review is not null) as payments,
               (select coalesce(sum(amount_vnd), 0) from marts.fct_payment
                where year = ? and corrected_by_review is not null) as payments_vnd,
               (select count(*) from marts.fct_coverage
                where year = ? and match_review_file is not null) as matches,
               (select count(*) from marts.fct_coverage
                where year = ? and syndication_by_review) as syndication_copies,
               (select coalesce(sum(theme_decisions), 0) from marts.fct_coverage
                where year = ?) as theme_decisions,
               (select count(*) from marts.fct_coverage
                where year = ? and theme_decisions > 0) as theme_items,
               (select coalesce(sum(items_confirmed_by_review), 0) from marts.mart_event_lift
                where year(event_date) = ?) as events_confirmed,
               (select coalesce(sum(items_rejected_by_review), 0) from marts.mart_event_lift
                where year(event_date) = ?) as events_rejected""",
        [year] * 8,
    )
    removals = 0
    if "raw.reviews" in present:
        # a removal is of a file, not of a year: every confirmed one is counted
        removals = wh.row(
            con,
            """select count(distinct source_file) as n from raw.reviews
               where action = 'confirm_removal'""",
        )["n"]
    return ReviewedFigures(
        **{k: v or 0 for k, v in row.items()}, removals_confirmed=int(removals or 0)
    )


def _load_frames(con, year: int, present: set[str]) -> dict:
    f = wh.frame
    frames = {
        "budget_by_agency": f(
            con,
            """select agency, sum(contract_value_vnd) as contract_value_vnd
               from marts.mart_budget where year = ? group by agency
               order by contract_value_vnd desc, agency""",
            [year],
        ),
        "budget_by_theme": f(
            con,
            """select c.theme_area, coalesce(any_value(t.theme_area_name_vi),
                      'Lĩnh vực ' || c.theme_area) as name_vi, sum(c.amount_vnd) as amount_vnd
               from marts.dim_contract c
               left join marts.dim_theme t on t.theme_area = c.theme_area and t.level = 'area'
               where c.year = ? group by c.theme_area order by c.theme_area""",
            [year],
        ),
        # The year's own contracts, paid in the year: a settlement of the year before paid in
        # January is that plan's money, not this one's.
        "disbursement_by_month": f(
            con,
            """select month(paid_on) as month, kind, sum(amount_vnd) as amount_vnd
               from marts.fct_payment
               where year = ? and contract_id in (
                   select contract_id from marts.mart_budget where year = ?)
               group by all order by month, kind""",
            [year, year],
        ),
        "delivery_by_type": f(
            con,
            """select deliverable_type, sum(ordered_qty) as ordered,
                      sum(delivered_qty) as delivered, sum(accepted_qty) as accepted,
                      sum(least(accepted_qty, ordered_qty)) / nullif(sum(ordered_qty), 0)
                        as delivery_rate,
                      sum(on_time_qty) / nullif(sum(delivered_qty), 0) as on_time_rate
               from marts.mart_contract_fulfilment where year = ?
               group by deliverable_type order by sum(ordered_qty) desc""",
            [year],
        ),
        "weekly_coverage": f(
            con,
            """select date_trunc('week', published_date) as week, is_contracted,
                      count(*) as items
               from marts.fct_coverage where year = ? group by all
               order by week, is_contracted""",
            [year],
        ),
        "events": f(
            con,
            """select row_number() over (order by event_date, name) as number, event_id, name,
                      event_date, window_start, window_end, window_days, window_days_counted,
                      holiday_days, overlapping_events, items_in_window, event_items,
                      shared_items, expected_event_items, other_area_items,
                      baseline_items, baseline_daily_avg, lift
               from marts.mart_event_lift where year(event_date) = ?
               order by event_date, name""",
            [year],
        ),
        "theme_fit": f(
            con,
            """select theme_area, name_vi, items, share, planned_share, share_gap
               from marts.mart_theme_fit where year = ? and level = 'area'
               order by theme_area""",
            [year],
        ),
        "sub_theme_fit": f(
            con,
            """select theme_area, sub_theme_id, name_vi, items, has_coverage
               from marts.mart_theme_fit where year = ? and level = 'sub_theme'
               order by theme_area, sub_theme_id""",
            [year],
        ),
        "share_of_voice": f(
            con,
            """select month, contracted_items, organic_items, contracted_share
               from marts.mart_share_of_voice where year = ? order by month""",
            [year],
        ),
        "key_messages": f(
            con,
            """select message_vi, items, share from marts.mart_key_messages
               where year = ? order by items desc, message_id""",
            [year],
        ),
        "cost_by_type": f(
            con,
            """select deliverable_type, sum(accepted_value_vnd) as accepted_value_vnd,
                      sum(accepted_items) as accepted_items, sum(reach_estimate_total) as reach
               from marts.mart_cost_effectiveness where year = ?
               group by deliverable_type order by accepted_value_vnd desc""",
            [year],
        ),
        "top_items": f(
            con,
            """select published_date, agency, title, views from marts.fct_coverage
               where year = ? and views is not null and is_original
               order by views desc, item_id limit 10""",
            [year],
        ),
        "syndication_by_agency": f(
            con,
            """select agency, unique_stories, syndicated_copies
               from marts.mart_agency_scorecard
               where year = ? and syndicated_copies > 0
               order by syndicated_copies desc, agency limit 8""",
            [year],
        ),
        "indices": f(
            con,
            """select i.index_code, i.year, i.score, i.scale_max, i.rank,
                      p.rank as prev_rank, p.is_placeholder as prev_is_placeholder,
                      i.score_change, i.score_changes, i.prev_has_conflict, i.source, i.note,
                      i.is_placeholder, i.release_lag_months, i.methodology_break,
                      i.has_conflict, i.conflicting_scores,
                      (i.score is not null or i.rank is not null) as has_figure
               from marts.mart_index_trends i
               -- one rank per earlier year, even where two sources conflict for that year
               left join (
                   select index_code, component, year, min(rank) as rank,
                          bool_or(is_placeholder) as is_placeholder
                   from marts.mart_index_trends group by all
               ) p
                 on p.index_code = i.index_code and p.component = i.component
                and p.year = i.prev_year
               where i.component = 'overall' and i.year <= ?
               order by i.index_code, i.year""",
            [year],
        ),
        "index_components": f(
            con,
            """select index_code, component, year, score, scale_max, rank
               from marts.mart_index_trends i
               where component <> 'overall' and year = (
                   select max(year) from marts.mart_index_trends j
                   where j.index_code = i.index_code and j.component <> 'overall'
                     and j.year <= ?)
               order by index_code, component limit 24""",
            [year],
        ),
        "league": f(
            con,
            """select agency, contract_value_vnd, accepted_value_vnd, delivery_rate_items,
                      on_time_rate_items, delivery_rate_minutes, items_published,
                      reach_estimate_total,
                      cost_per_1000_reach_vnd
               from marts.mart_agency_scorecard where year = ? and contracts > 0""",
            [year],
        ),
    }
    frames["league"] = league_order(frames["league"])
    frames["quarantine"] = (
        f(con, "select source, count(*) as rows from raw.quarantine group by 1 order by 1")
        if "raw.quarantine" in present
        else pd.DataFrame()
    )
    frames["load_log"] = (
        f(
            con,
            """select source, count(distinct _source_file) as files, sum(rows_read) as rows_read,
                      sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined
               from raw.load_log group by 1 order by 1""",
        )
        if "raw.load_log" in present
        else pd.DataFrame()
    )
    reach = wh.row(
        con,
        """select count(*) filter (where is_reach_default) as defaults, count(*) as total
           from marts.dim_agency""",
    )
    frames["agencies_with_default_reach"] = int(reach["defaults"] or 0)
    frames["agencies_total"] = int(reach["total"] or 0)
    return frames
