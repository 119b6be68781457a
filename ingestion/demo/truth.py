"""What the demo planted, written beside its inbox so classifiers and figures can be scored.

`<demo dir>/truth/` sits next to `<demo dir>/inbox/`; the pipeline never reads it. CSV, UTF-8,
one header row, ISO dates. Every file holds every plan year of the demo (2024 and 2025); its
first column, ``year``, is the plan year a row belongs to (an item's year of publication, a
payment's contract year, an event's year):

- ``items.csv``: every distinct item (a second contract's claim on an item is the same item):
  url, agency, published_at, true_contract_id, true_contract_line (``contract_id#line_no`` as
  the marts name a line), is_claimed (the inbox links it to a contract), true_primary_theme,
  true_themes (';'-joined areas), events (';'-joined ids of the events whose window holds the
  item and whose story it tells), copy_of_url, and title (print items have no address: agency,
  date and title find them).
- ``copies.csv``: copy_url, original_url, kind (how the copy's headline differs).
- ``events.csv``: event_id, name, date, window_start, window_end, themes, keywords,
  generated_effect, baseline_daily. An event's own coverage is the items on its theme area in
  its window, leaving out the extra coverage of other events; generated_effect is that count
  over the same count without the event's extra items (what the generator multiplied it by),
  baseline_daily the latter per day.
- ``payments.csv``: payment_id, contract_id, amount_vnd, paid_on: the true values, including
  the date a payment row's typing slip hides.
- ``concerns.csv`` (written by ingestion/demo/concerns.py): concern_id, first_seen_at,
  response_at, first_response_url, response_hours (the first item the press office confirmed;
  empty when none), answered_within_72h, candidate_response_hours (the first keyword match
  nobody reviewed; empty when none).
"""

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingestion.demo import titles
from ingestion.demo.coverage import CoverageItem
from ingestion.demo.events import KEY_EVENTS, KeyEvent, PlanYear
from ingestion.demo.payments import Payment

TRUTH_FILES = ("items.csv", "copies.csv", "events.csv", "payments.csv")
ITEM_HEADERS = (
    "year", "url", "agency", "published_at", "true_contract_id", "true_contract_line", "is_claimed",
    "true_primary_theme", "true_themes", "events", "copy_of_url", "title",
)  # fmt: skip
COPY_HEADERS = ("year", "copy_url", "original_url", "kind")
EVENT_HEADERS = (
    "year", "event_id", "name", "date", "window_start", "window_end", "themes", "keywords",
    "generated_effect", "baseline_daily",
)  # fmt: skip
PAYMENT_HEADERS = ("year", "payment_id", "contract_id", "amount_vnd", "paid_on")

_SUB_THEMES = {s.key: s for s in titles.SUB_THEMES}


def window(event: KeyEvent) -> tuple[dt.date, dt.date]:
    days = dt.timedelta(days=event.window_days)
    return event.start - days, event.end + days


def item_events(item: CoverageItem, events: Sequence[KeyEvent] = KEY_EVENTS) -> list[str]:
    """The events an item tells the story of: its sub-theme is the event's, inside its window."""
    key = _SUB_THEMES[item.sub_theme].event_id
    return [e.event_id for e in events if key == e.key and window(e)[0] <= item.day <= window(e)[1]]


def distinct_items(coverage: Iterable[CoverageItem]) -> list[CoverageItem]:
    """One entry per item: a second contract's claim row is the first contract's item again."""
    return [i for i in coverage if i.origin != "claim"]


def _item_row(item: CoverageItem, plan: PlanYear) -> list:
    claimed = item.contract_id is not None
    line = f"{item.contract_id}#{item.line_no}" if claimed else ""
    return [
        plan.year,
        item.url or "",
        item.agency,
        item.published_at.isoformat(sep=" "),
        item.contract_id or "",
        line,
        "true" if claimed else "false",
        item.theme_area,
        str(item.theme_area),
        ";".join(item_events(item, plan.events)),
        (item.copy_of.url or "") if item.copy_of else "",
        item.title,
    ]


def event_effects(
    items: Sequence[CoverageItem], events: Sequence[KeyEvent] = KEY_EVENTS
) -> dict[str, tuple[float, float]]:
    """event_id -> (generated_effect, baseline_daily) over the event's own coverage."""
    effects = {}
    for event in events:
        first, last = window(event)
        own = [
            i
            for i in items
            if first <= i.day <= last
            and i.theme_area == event.theme_area
            and i.boosted_by in (None, event.key)
        ]
        extra = sum(1 for i in own if i.boosted_by == event.key)
        without = len(own) - extra
        days = (last - first).days + 1
        effects[event.event_id] = (len(own) / without if without else 0.0, without / days)
    return effects


def _event_keywords(event: KeyEvent) -> str:
    return ";".join(s.name_vi for s in titles.SUB_THEMES_BY_EVENT.get(event.key, ()))


def _year_tables(
    plan: PlanYear, coverage: Sequence[CoverageItem], payments: Sequence[Payment]
) -> dict[str, list[list]]:
    items = distinct_items(coverage)
    copies = [i for i in items if i.copy_of is not None]
    effects = event_effects(items, plan.events)
    return {
        "items.csv": [_item_row(i, plan) for i in items],
        "copies.csv": [
            [plan.year, i.url or "", i.copy_of.url or "", i.copy_kind or ""] for i in copies
        ],
        "events.csv": [
            [
                plan.year,
                e.event_id,
                e.name,
                e.start.isoformat(),
                window(e)[0].isoformat(),
                window(e)[1].isoformat(),
                str(e.theme_area),
                plan.retime(_event_keywords(e)),
                f"{effects[e.event_id][0]:.4f}",
                f"{effects[e.event_id][1]:.4f}",
            ]
            for e in plan.events
        ],
        "payments.csv": [
            [plan.year, p.payment_id, p.contract_id, p.amount_vnd, p.paid_on.isoformat()]
            for p in payments
        ],
    }


def write_truth(
    folder: Path,
    years: Sequence[tuple[PlanYear, Sequence[CoverageItem], Sequence[Payment]]],
) -> dict[str, int]:
    """Write the four truth files of every plan year into `folder` (replacing them), the
    years in the order given; return their row counts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    headers = {
        "items.csv": ITEM_HEADERS,
        "copies.csv": COPY_HEADERS,
        "events.csv": EVENT_HEADERS,
        "payments.csv": PAYMENT_HEADERS,
    }
    rows: dict[str, list[list]] = {name: [] for name in headers}
    for plan, coverage, payments in years:
        for name, table in _year_tables(plan, coverage, payments).items():
            rows[name].extend(table)
    for name, header in headers.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows[name])
    return {name: len(table) for name, table in rows.items()}
