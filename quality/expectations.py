"""What every raw and mart table is expected to look like, as data.

One TableExpectations per table: the columns it must have (a mart's are those of its dbt
contract, read from dbt's manifest by `with_contract_columns`), which may not be NULL, which are
unique, the ranges and value sets that hold, and which date pairs are ordered. The suites in
quality.suites turn these into Great Expectations suites; row-count sanity against the last good
gate run is added there.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingestion.schemas import (
    CHANNELS,
    DELIVERABLE_TYPES,
    INDEX_CODES,
    LINEAGE_COLUMNS,
    PAYMENT_KINDS,
    RAW_TABLES,
    REVIEW_ACTIONS,
)
from quality.manifest import contract_columns

THEME_AREAS = (1, 2, 3, 4, 5)
TIERS = ("central", "local")
MEDIA_TYPES = ("newspaper", "tv", "radio", "online", "news_agency", "magazine")
# Plan years the system is meant for; a date outside is a typo in the inbox.
FIRST_DAY = dt.datetime(2000, 1, 1)
LAST_DAY = dt.datetime(2100, 12, 31)
YEARS = (2000, 2100)


@dataclass(frozen=True)
class TableExpectations:
    table: str  # schema.table
    # Raw tables: ingestion.schemas; marts: their dbt contracts (with_contract_columns).
    columns: tuple[str, ...] = ()
    exact_columns: bool = False  # raw tables are fixed; marts may gain columns
    key: tuple[str, ...] = ()  # identifies a row in samples of unexpected rows
    unique: tuple[str, ...] = ()
    unique_together: tuple[str, ...] = ()
    not_null: tuple[str, ...] = ()
    between: dict[str, tuple[object, object]] = field(default_factory=dict)
    in_set: dict[str, tuple] = field(default_factory=dict)
    ordered: tuple[tuple[str, str], ...] = ()  # (later, earlier): later >= earlier
    min_rows: int = 0

    def referenced_columns(self) -> list[str]:
        """Columns the value expectations read (a big table loads only these)."""
        names = [
            *self.key,
            *self.unique,
            *self.unique_together,
            *self.not_null,
            *self.between,
            *self.in_set,
            *(c for pair in self.ordered for c in pair),
        ]
        return list(dict.fromkeys(names))


def _raw(source: str, **kwargs) -> TableExpectations:
    table = RAW_TABLES[source]
    return TableExpectations(
        table=table.table,
        columns=(*table.columns, *LINEAGE_COLUMNS),
        exact_columns=True,
        key=("_source_file", "_row_number"),
        not_null=(*table.required, "_source_file", "_file_hash", "_row_hash", "_loaded_at"),
        **kwargs,
    )


RAW_EXPECTATIONS = (
    _raw(
        "contracts",
        between={
            "theme_area": (1, 5),
            "quantity": (0, None),
            "unit_price_vnd": (0, None),
            "amount_vnd": (0, None),
            "start_date": (FIRST_DAY, LAST_DAY),
            "end_date": (FIRST_DAY, LAST_DAY),
        },
        in_set={"deliverable_type": DELIVERABLE_TYPES, "channel": CHANNELS},
        ordered=(("end_date", "start_date"),),
        min_rows=1,
    ),
    _raw(
        "payments",
        between={"amount_vnd": (0, None), "paid_on": (FIRST_DAY, LAST_DAY)},
        in_set={"kind": PAYMENT_KINDS},
    ),
    _raw(
        "coverage",
        between={
            "views": (0, None),
            "duration_min": (0, None),
            "published_at": (FIRST_DAY, LAST_DAY),
        },
        in_set={"deliverable_type": DELIVERABLE_TYPES, "channel": CHANNELS},
        min_rows=1,
    ),
    _raw(
        "indices",
        between={"year": YEARS, "score": (0, None), "scale_max": (0, None), "rank": (1, None)},
        in_set={"index_code": INDEX_CODES},
    ),
    _raw(
        "agencies",
        between={"reach_estimate": (0, None)},
        in_set={"tier": TIERS, "media_type": MEDIA_TYPES},
    ),
    _raw(
        "events",
        between={"theme_area": (1, 5), "window_days": (0, 90)},
        ordered=(("end_date", "start_date"),),
    ),
    _raw(
        "reviews",
        between={"row_number": (1, None), "theme_area": (1, 5)},
        in_set={"action": REVIEW_ACTIONS},
    ),
    _raw(
        "targets",
        between={
            "year": YEARS,
            "theme_area": (1, 5),
            "planned_items": (0, None),
            "planned_share": (0, 1),
            "planned_budget_vnd": (0, None),
        },
        in_set={"deliverable_type": DELIVERABLE_TYPES},
    ),
    _raw(
        "concerns",
        between={"theme_area": (1, 5)},
        ordered=(("response_at", "first_seen_at"),),
    ),
)

MART_EXPECTATIONS = (
    TableExpectations(
        table="marts.dim_agency",
        key=("agency_id",),
        unique=("agency_id",),
        not_null=("agency_id", "agency"),
        between={"reach_estimate": (0, None)},
        in_set={"tier": TIERS},
        min_rows=1,
    ),
    TableExpectations(
        table="marts.dim_contract",
        key=("contract_line_id",),
        unique=("contract_line_id",),
        unique_together=("contract_id", "line_no"),
        not_null=(
            "contract_line_id",
            "contract_id",
            "line_no",
            "agency",
            "year",
            "start_date",
            "end_date",
            "deliverable_type",
            "quantity",
            "unit_price_vnd",
            "amount_vnd",
            "contract_value_vnd",
        ),
        between={
            "year": YEARS,
            "theme_area": (1, 5),
            "quantity": (0, None),
            "unit_price_vnd": (0, None),
            "amount_vnd": (0, None),
            "contract_value_vnd": (0, None),
            "max_unit_price_vnd": (0, None),
        },
        in_set={"deliverable_type": DELIVERABLE_TYPES, "channel": CHANNELS},
        ordered=(("end_date", "start_date"),),
        min_rows=1,
    ),
    TableExpectations(
        table="marts.dim_theme",
        key=("theme_key",),
        unique=("theme_key",),
        not_null=("theme_key", "theme_area", "theme_area_name_vi", "level"),
        between={"theme_area": (1, 5)},
        in_set={"level": ("area", "sub_theme")},
        min_rows=5,
    ),
    TableExpectations(
        table="marts.dim_date",
        key=("date_day",),
        unique=("date_day",),
        not_null=("date_day", "year", "month", "quarter", "date_label_vi"),
        between={"month": (1, 12), "quarter": (1, 4), "day_of_week": (0, 7)},
        min_rows=1,
    ),
    TableExpectations(
        table="marts.fct_coverage",
        key=("item_id",),
        unique=("item_id",),
        not_null=("item_id", "agency", "published_at", "year", "title", "is_contracted"),
        between={
            "month": (1, 12),
            "claim_count": (0, None),
            "primary_theme_area": (1, 5),
            "views": (0, None),
            "duration_min": (0, None),
            "reach_estimate": (0, None),
        },
        in_set={"deliverable_type": DELIVERABLE_TYPES, "channel": CHANNELS},
        min_rows=1,
    ),
    TableExpectations(
        table="marts.fct_coverage_theme",
        key=("item_id",),
        not_null=("item_id", "theme_area"),
        between={"theme_area": (1, 5)},
    ),
    TableExpectations(
        table="marts.fct_payment",
        key=("payment_id",),
        unique=("payment_id",),
        not_null=("payment_id", "contract_id", "paid_on", "amount_vnd", "kind"),
        between={"amount_vnd": (0, None), "year": YEARS},
        in_set={"kind": PAYMENT_KINDS},
    ),
    TableExpectations(
        table="marts.mart_contract_fulfilment",
        key=("contract_line_id",),
        unique=("contract_line_id",),
        not_null=("contract_line_id", "contract_id", "ordered_qty", "accepted_value_vnd"),
        between={
            "delivered_qty": (0, None),
            "accepted_qty": (0, None),
            "delivery_rate": (0, None),
            "on_time_rate": (0, 1),
            "accepted_value_vnd": (0, None),
        },
        ordered=(("delivered_qty", "accepted_qty"), ("amount_vnd", "accepted_value_vnd")),
        min_rows=1,
    ),
    TableExpectations(
        table="marts.mart_budget",
        key=("contract_id",),
        unique=("contract_id",),
        not_null=(
            "contract_id",
            "year",
            "contract_value_vnd",
            "accepted_value_vnd",
            "advanced_vnd",
            "paid_vnd",
            "total_disbursed_vnd",
            "payable_vnd",
            "over_disbursed_vnd",
        ),
        between={
            "accepted_value_vnd": (0, None),
            "advanced_vnd": (0, None),
            "paid_vnd": (0, None),
            "payable_vnd": (0, None),
            "over_disbursed_vnd": (0, None),
            "delivered_items": (0, None),
            "accepted_items": (0, None),
        },
        ordered=(
            ("contract_value_vnd", "accepted_value_vnd"),
            ("delivered_items", "accepted_items"),
            ("end_date", "start_date"),
        ),
        min_rows=1,
    ),
    TableExpectations(
        table="marts.mart_cost_effectiveness",
        key=("agency_id", "deliverable_type", "theme_area"),
        unique_together=("year", "agency_id", "deliverable_type", "theme_area"),
        between={
            "theme_area": (1, 5),
            "accepted_value_vnd": (0, None),
            "accepted_items": (0, None),
            "cost_per_item_vnd": (0, None),
            "cost_per_1000_reach_vnd": (0, None),
        },
        in_set={"deliverable_type": DELIVERABLE_TYPES},
    ),
    TableExpectations(
        table="marts.mart_theme_fit",
        key=("level", "theme_area", "sub_theme_id"),
        not_null=("year", "level"),  # theme_area NULL: the unclassified items
        between={
            "theme_area": (1, 5),
            "items": (0, None),
            "share": (0, 1),
            "planned_share": (0, 1),
        },
        in_set={"level": ("area", "sub_theme")},
    ),
    TableExpectations(
        table="marts.mart_event_lift",
        key=("event_id",),
        unique=("event_id",),
        not_null=("event_id", "name", "event_date"),
        between={"items_in_window": (0, None), "lift": (0, None), "window_days": (0, 90)},
        ordered=(("window_end", "window_start"),),
    ),
    TableExpectations(
        table="marts.mart_share_of_voice",
        key=("year", "month"),
        unique_together=("year", "month"),
        between={
            "month": (1, 12),
            "contracted_items": (0, None),
            "organic_items": (0, None),
            "contracted_share": (0, 1),
        },
    ),
    TableExpectations(
        table="marts.mart_key_messages",
        key=("message_id",),
        not_null=("message_id", "message_vi"),
        between={"items": (0, None), "share": (0, 1)},
    ),
    TableExpectations(
        table="marts.mart_index_trends",
        key=("index_code", "component", "year"),
        not_null=("index_code", "component", "year"),
        between={"year": YEARS, "score": (0, None), "rank": (1, None)},
        in_set={"index_code": INDEX_CODES},
    ),
    TableExpectations(
        table="marts.mart_agency_scorecard",
        key=("agency_id",),
        unique_together=("year", "agency_id"),
        not_null=("year", "agency_id", "agency"),
        between={
            "contract_value_vnd": (0, None),
            "accepted_value_vnd": (0, None),
            "delivery_rate_items": (0, None),
            "on_time_rate_items": (0, 1),
            "delivery_rate_minutes": (0, None),
            "on_time_rate_minutes": (0, 1),
            "top_theme_area": (1, 5),
        },
    ),
    # Public concern: the counts nest (24 h within 72 h within 7 days within the window, which
    # lasts at least 30 days) and no item comes before the concern was first seen. Every item
    # has its standing as evidence (confirmed, candidate or rejected).
    TableExpectations(
        table="marts.mart_public_concern",
        key=("concern_id",),
        unique=("concern_id",),
        not_null=(
            "concern_id",
            "description",
            "year",
            "first_seen_at",
            "window_end_at",
            "is_answered_within_72h",
            "items_in_window",
        ),
        between={
            "year": YEARS,
            "theme_area": (1, 5),
            "first_seen_at": (FIRST_DAY, LAST_DAY),
            "response_hours": (0, None),
            "items_24h": (0, None),
            "contracted_items": (0, None),
            "contracted_share": (0, 1),
            "answer_outlets": (0, None),
            "candidate_items": (0, None),
            "candidate_response_hours": (0, None),
            "rejected_items": (0, None),
        },
        ordered=(
            ("response_at", "first_seen_at"),
            ("first_response_at", "first_seen_at"),
            ("window_end_at", "first_seen_at"),
            ("items_72h", "items_24h"),
            ("items_7d", "items_72h"),
            ("items_in_window", "items_7d"),
            ("items_in_window", "contracted_items"),
            ("items_in_window", "answer_items"),
            ("outlets", "answer_outlets"),
            ("candidate_items", "candidate_items_72h"),
        ),
    ),
    TableExpectations(
        table="marts.mart_public_concern_items",
        key=("concern_id", "item_id"),
        unique_together=("concern_id", "item_id"),
        not_null=(
            "concern_id",
            "item_id",
            "published_at",
            "hours_after_first_seen",
            "is_official_outlet",
            "is_contracted_outlet",
            "is_response_outlet",
            "is_after_response",
            "is_keyword_match",
            "review_status",
        ),
        between={"hours_after_first_seen": (0, None), "published_at": (FIRST_DAY, LAST_DAY)},
        in_set={"review_status": ("confirmed", "candidate", "rejected")},
    ),
)

# The marts' columns are filled in from the manifest by with_contract_columns.
ALL_EXPECTATIONS = (*RAW_EXPECTATIONS, *MART_EXPECTATIONS)


def with_contract_columns(
    manifest: Path, specs: tuple[TableExpectations, ...] = ALL_EXPECTATIONS
) -> tuple[TableExpectations, ...]:
    """`specs` with each mart's columns taken from its enforced dbt contract in `manifest`
    (dbt's target/manifest.json); a mart without one is an error, not a table left unchecked."""
    contracts = contract_columns(manifest)
    resolved = []
    for spec in specs:
        if spec.table.startswith("marts."):
            if spec.table not in contracts:
                raise ValueError(f"{spec.table} has no enforced dbt contract in {manifest}")
            spec = replace(spec, columns=tuple(name for name, _ in contracts[spec.table]))
        resolved.append(spec)
    return tuple(resolved)
