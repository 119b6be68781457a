"""Small warehouses for the quality gate's tests, built with SQL.

A test describes contract lines, coverage items and payments; `build_warehouse` writes them into
a DuckDB file with the raw tables of ingestion.schemas and every mart as its dbt contract
defines it (contract_tables), deriving the rows of dim_contract, fct_coverage, fct_payment,
mart_contract_fulfilment and mart_budget by their documented definitions.
"""

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from contract_tables import create_marts

from ingestion.demo.reference import agreed_unit_prices
from ingestion.schemas import (
    CORRECTIONS_DDL,
    LOAD_LOG_DDL,
    QUARANTINE_DDL,
    RAW_TABLES,
    REMOVALS_DDL,
)
from orchestration.runtime.paths import DBT_SEEDS_DIR

YEAR = 2025

CEILINGS = agreed_unit_prices(DBT_SEEDS_DIR)


@dataclass
class Line:
    contract_id: str
    line_no: int = 1
    agency: str = "Báo Hải Phòng"
    deliverable_type: str = "article"
    channel: str = "online"
    theme_area: int = 2
    quantity: float = 10
    unit_price_vnd: int = 4_000_000
    amount_vnd: int | None = None  # None: quantity × unit price
    start_date: str = "2025-02-01"
    end_date: str = "2025-11-30"
    signed_on: str = "2025-01-20"
    liquidated_on: str | None = None
    year: int = YEAR

    @property
    def line_id(self) -> str:
        return f"{self.contract_id}#{self.line_no}"

    @property
    def amount(self) -> int:
        if self.amount_vnd is not None:
            return self.amount_vnd
        return round(self.quantity * self.unit_price_vnd)


@dataclass
class Item:
    item_id: str
    line_id: str | None = None  # the contract line it is matched to; None = organic
    accepted: bool = False
    published: str = "2025-03-10"
    agency: str = "Báo Hải Phòng"
    deliverable_type: str = "article"
    channel: str = "online"
    claimed_contract_id: str | None = None  # default: the matched line's contract
    # False: the item names no contract; the marts matched it to line_id by agency and period.
    listed: bool = True
    claim_count: int | None = None  # default: 1 when claimed, else 0
    theme_areas: str = "2"
    duration_min: float | None = None
    views: int = 100
    title: str = "Hải Phòng đẩy mạnh chuyển đổi số"
    # False: a second claim of an item that the marts keep as one row (raw.coverage only).
    in_marts: bool = True


@dataclass
class Payment:
    payment_id: str
    contract_id: str
    amount_vnd: int
    kind: str = "payment"
    paid_on: str = "2025-06-15"
    agency: str = "Báo Hải Phòng"


@dataclass
class Dataset:
    lines: list[Line] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    demo: bool = False


def clean_dataset() -> Dataset:
    """Two contracts that break no blocking rule: every paid item accepted in period."""
    lines = [
        Line("HD-01/2025", 1, quantity=4, unit_price_vnd=4_000_000),
        Line(
            "HD-01/2025",
            2,
            deliverable_type="news",
            channel="online",
            quantity=5,
            unit_price_vnd=1_000_000,
        ),
        Line(
            "HD-02/2025",
            1,
            agency="Đài PT-TH Hải Phòng",
            deliverable_type="programme",
            channel="tv",
            quantity=30,
            unit_price_vnd=5_000_000,
            theme_area=4,
            liquidated_on="2025-12-20",
        ),
    ]
    items = [
        *(
            Item(f"a{i}", "HD-01/2025#1", accepted=True, published=f"2025-0{i + 2}-10")
            for i in range(4)
        ),
        *(Item(f"n{i}", "HD-01/2025#2", accepted=i < 3, deliverable_type="news") for i in range(4)),
        Item(
            "p1",
            "HD-02/2025#1",
            accepted=True,
            agency="Đài PT-TH Hải Phòng",
            deliverable_type="programme",
            channel="tv",
            duration_min=20,
            theme_areas="4",
        ),
        Item("o1", None, agency="Báo Nhân Dân"),
    ]
    payments = [
        Payment("C-001", "HD-01/2025", 5_000_000, kind="advance", paid_on="2025-02-05"),
        Payment("C-002", "HD-01/2025", 10_000_000, paid_on="2025-09-01"),
        Payment(
            "C-003",
            "HD-02/2025",
            40_000_000,
            kind="advance",
            paid_on="2025-02-10",
            agency="Đài PT-TH Hải Phòng",
        ),
        Payment(
            "C-004",
            "HD-02/2025",
            60_000_000,
            kind="settlement",
            paid_on="2025-12-15",
            agency="Đài PT-TH Hải Phòng",
        ),
    ]
    return Dataset(lines, items, payments)


def large_dataset(items: int = 15_000):
    """150 contracts of 3 lines, 30 items per line (25 accepted), the rest organic."""
    lines, payments, coverage = [], [], []
    for c in range(150):
        contract = f"HD-{c:03d}/2025"
        agency = f"Báo số {c % 40}"
        for line_no in (1, 2, 3):
            lines.append(Line(contract, line_no, agency=agency, quantity=40))
        payments.append(Payment(f"TU-{c}", contract, 30_000_000, "advance", "2025-02-10"))
        payments.append(Payment(f"TT-{c}", contract, 100_000_000, "payment", "2025-10-10"))
    for line in lines:
        for k in range(30):
            published = f"2025-{2 + k % 10:02d}-{1 + k % 28:02d}"
            coverage.append(Item(f"i{len(coverage)}", line.line_id, k < 25, published, line.agency))
    coverage += [Item(f"o{k}", None, agency=f"Báo số {k % 60}") for k in range(items - 13_500)]
    return dataclasses.replace(clean_dataset(), lines=lines, items=coverage, payments=payments)


def build_warehouse(path: Path, data: Dataset) -> Path:
    with duckdb.connect(str(path)) as con:
        _create_raw(con, data)
        _create_marts(con, data)
    return path


def _agency_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[list], columns: list[str] | None = None
) -> None:
    """Insert rows in one statement (row-by-row inserts take minutes for 15,000 items).

    `columns` names the values of each row (default: all of the table's columns, in order);
    columns left out stay NULL.
    """
    if not rows:
        return
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {table})").fetchall())
    columns = columns or list(types)
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    casts = ", ".join(f'CAST("{c}" AS {types[c]})' for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    con.register("new_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {casts} FROM new_rows")
    finally:
        con.unregister("new_rows")


def _records(con: duckdb.DuckDBPyConnection, table: str, records: list[dict]) -> None:
    """Insert dicts by column name; columns a record leaves out stay NULL."""
    if records:
        columns = list(records[0])
        _insert(con, table, [[r[c] for c in columns] for r in records], columns)


def _create_raw(con: duckdb.DuckDBPyConnection, data: Dataset) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table in RAW_TABLES.values():
        con.execute(table.ddl())
    for ddl in (QUARANTINE_DDL, LOAD_LOG_DDL, CORRECTIONS_DDL, REMOVALS_DDL):
        con.execute(ddl)
    con.execute(
        "CREATE TABLE IF NOT EXISTS raw.inbox_meta"
        " (key VARCHAR, value VARCHAR, _source_file VARCHAR, _loaded_at TIMESTAMP)"
    )
    loaded_at = dt.datetime(2026, 1, 10, 9, 0)
    files = {
        "contracts": "contracts/hop-dong.csv",
        "payments": "payments/chi.csv",
        "coverage": "coverage/tin-bai.csv",
        "agencies": "agencies/co-quan.csv",
    }
    hashes = {s: hashlib.sha256(f.encode()).hexdigest() for s, f in files.items()}

    def lineage(source: str, row: int) -> dict:
        return {
            "_source_file": files[source],
            "_sheet": None,
            "_row_number": row + 2,
            "_file_hash": hashes[source],
            "_row_hash": hashlib.sha256(f"{source}{row}".encode()).hexdigest(),
            "_is_duplicate": False,
            "_loaded_at": loaded_at,
        }

    _records(
        con,
        "raw.contracts",
        [
            {
                "contract_id": line.contract_id,
                "agency": line.agency,
                "signed_on": line.signed_on,
                "start_date": line.start_date,
                "end_date": line.end_date,
                "liquidated_on": line.liquidated_on,
                "deliverable_type": line.deliverable_type,
                "channel": line.channel,
                "theme_area": line.theme_area,
                "quantity": line.quantity,
                "unit_price_vnd": line.unit_price_vnd,
                "amount_vnd": line.amount,
                **lineage("contracts", i),
            }
            for i, line in enumerate(data.lines)
        ],
    )
    _records(
        con,
        "raw.payments",
        [
            {
                "payment_id": p.payment_id,
                "contract_id": p.contract_id,
                "paid_on": p.paid_on,
                "amount_vnd": p.amount_vnd,
                "kind": p.kind,
                **lineage("payments", i),
            }
            for i, p in enumerate(data.payments)
        ],
    )
    lines = {line.line_id: line for line in data.lines}
    _records(
        con,
        "raw.coverage",
        [
            {
                "item_id": item.item_id,
                "agency": item.agency,
                "published_at": item.published,
                "title": item.title,
                "url": f"https://bao.example/{item.item_id}",
                "deliverable_type": item.deliverable_type,
                "channel": item.channel,
                "contract_id": _claimed(item, lines),
                "accepted": item.accepted,
                "duration_min": item.duration_min,
                "views": item.views,
                **lineage("coverage", i),
            }
            for i, item in enumerate(data.items)
        ],
    )
    _records(
        con,
        "raw.agencies",
        [
            {
                "agency": agency,
                "tier": "local",
                "media_type": "newspaper",
                "reach_estimate": 50000,
                "reach_basis": "ước tính",
                **lineage("agencies", i),
            }
            for i, agency in enumerate(sorted({line.agency for line in data.lines}))
        ],
    )
    _records(
        con,
        "raw.load_log",
        [
            {
                "source": source,
                "_source_file": name,
                "_file_hash": hashes[source],
                "rows_read": 1,
                "rows_loaded": 1,
                "rows_quarantined": 0,
                "rows_duplicate": 0,
                "_loaded_at": loaded_at,
            }
            for source, name in files.items()
        ],
    )
    if data.demo:
        _records(
            con,
            "raw.inbox_meta",
            [
                {"key": k, "value": v, "_source_file": "_inbox.json", "_loaded_at": loaded_at}
                for k, v in (("demo", "true"), ("label_vi", "Dữ liệu minh họa"))
            ],
        )


def _claimed(item: Item, lines: dict[str, Line]) -> str | None:
    if not item.listed:
        return None
    if item.claimed_contract_id is not None:
        return item.claimed_contract_id
    if item.line_id is not None:
        return lines[item.line_id].contract_id
    return None


def _claim_count(item: Item, lines: dict[str, Line]) -> int:
    if item.claim_count is not None:
        return item.claim_count
    return int(_claimed(item, lines) is not None)


def _create_marts(con: duckdb.DuckDBPyConnection, data: Dataset) -> None:
    create_marts(con)
    con.execute("CREATE SCHEMA IF NOT EXISTS seeds")
    con.execute(
        "CREATE TABLE seeds.agreed_unit_prices (deliverable_type VARCHAR, channel VARCHAR,"
        " max_unit_price_vnd BIGINT)"
    )
    _insert(con, "seeds.agreed_unit_prices", [[t, c, v] for (t, c), v in CEILINGS.items()])
    con.execute(
        """
        CREATE TEMP TABLE lines (
          contract_id VARCHAR, line_no INTEGER, agency VARCHAR, year INTEGER, signed_on DATE,
          start_date DATE, end_date DATE, liquidated_on DATE, deliverable_type VARCHAR,
          channel VARCHAR, theme_area INTEGER, quantity DOUBLE, unit_price_vnd BIGINT,
          amount_vnd BIGINT)
        """
    )
    _insert(
        con,
        "lines",
        [
            [
                line.contract_id,
                line.line_no,
                line.agency,
                line.year,
                line.signed_on,
                line.start_date,
                line.end_date,
                line.liquidated_on,
                line.deliverable_type,
                line.channel,
                line.theme_area,
                line.quantity,
                line.unit_price_vnd,
                line.amount,
            ]
            for line in data.lines
        ],
    )
    lines = {line.line_id: line for line in data.lines}
    con.execute(
        """
        CREATE TEMP TABLE items (
          item_id VARCHAR, agency VARCHAR, published_date DATE, title VARCHAR,
          deliverable_type VARCHAR, channel VARCHAR, claimed_contract_id VARCHAR,
          claim_count INTEGER, matched_contract_line_id VARCHAR, is_accepted BOOLEAN,
          theme_areas VARCHAR, duration_min DOUBLE, views BIGINT)
        """
    )
    _insert(
        con,
        "items",
        [
            [
                item.item_id,
                item.agency,
                item.published,
                item.title,
                item.deliverable_type,
                item.channel,
                _claimed(item, lines),
                _claim_count(item, lines),
                item.line_id,
                item.accepted,
                item.theme_areas,
                item.duration_min,
                item.views,
            ]
            for item in data.items
            if item.in_marts
        ],
    )
    con.execute(
        """
        CREATE TEMP TABLE payments (payment_id VARCHAR, contract_id VARCHAR, agency VARCHAR,
          paid_on DATE, amount_vnd BIGINT, kind VARCHAR)
        """
    )
    _insert(
        con,
        "payments",
        [
            [p.payment_id, p.contract_id, p.agency, p.paid_on, p.amount_vnd, p.kind]
            for p in data.payments
        ],
    )
    for statement in MART_SQL:
        con.execute(statement)


# The marts' rows, derived from the temp tables lines, items and payments and inserted by name
# into the tables the contracts define (marts with no statement here stay empty).
MART_SQL = (
    """
    INSERT INTO marts.dim_agency BY NAME
    SELECT DISTINCT substr(sha256(agency), 1, 12) AS agency_id, agency, 'local' AS tier,
           'newspaper' AS media_type, 50000::BIGINT AS reach_estimate,
           'ước tính' AS reach_basis, true AS is_reach_default
    FROM (SELECT agency FROM lines UNION SELECT agency FROM items)
    """,
    """
    INSERT INTO marts.dim_contract BY NAME
    SELECT l.contract_id || '#' || l.line_no AS contract_line_id, l.contract_id, l.line_no,
           substr(sha256(l.agency), 1, 12) AS agency_id, l.agency, l.year, l.signed_on,
           l.start_date, l.end_date, l.liquidated_on, l.deliverable_type, l.channel,
           l.theme_area, l.quantity, l.unit_price_vnd, l.amount_vnd,
           sum(l.amount_vnd) OVER (PARTITION BY l.contract_id) AS contract_value_vnd,
           p.max_unit_price_vnd
    FROM lines AS l
    LEFT JOIN seeds.agreed_unit_prices AS p
      ON p.deliverable_type = l.deliverable_type AND p.channel = l.channel
    """,
    """
    INSERT INTO marts.dim_theme BY NAME
    SELECT 'area-' || a AS theme_key, a AS theme_area, 'Lĩnh vực ' || a AS theme_area_name_vi,
           'Area ' || a AS theme_area_name_en, NULL::VARCHAR AS sub_theme_id,
           NULL::VARCHAR AS sub_theme_name_vi, NULL::VARCHAR AS sub_theme_name_en,
           'area' AS level
    FROM range(1, 6) AS t(a)
    """,
    """
    INSERT INTO marts.dim_date BY NAME
    SELECT CAST(d AS DATE) AS date_day, year(d) AS year, month(d) AS month,
           quarter(d) AS quarter, isodow(d) AS day_of_week,
           strftime(d, '%d/%m/%Y') AS date_label_vi
    FROM range(DATE '2025-01-01', DATE '2026-01-01', INTERVAL 1 DAY) AS t(d)
    """,
    """
    INSERT INTO marts.fct_coverage BY NAME
    SELECT i.item_id, substr(sha256(i.agency), 1, 12) AS agency_id, i.agency,
           CAST(i.published_date AS TIMESTAMP) + INTERVAL 8 HOUR AS published_at,
           i.published_date, year(i.published_date) AS year, month(i.published_date) AS month,
           i.title, 'https://bao.example/' || i.item_id AS url, NULL::VARCHAR AS summary,
           i.deliverable_type, i.channel, i.claimed_contract_id, i.claim_count,
           i.matched_contract_line_id, c.contract_id AS matched_contract_id,
           i.claimed_contract_id IS NOT NULL AS is_contracted, coalesce(i.is_accepted, false)
             AS is_accepted,
           CASE WHEN c.contract_id IS NOT NULL
                THEN i.published_date BETWEEN c.start_date AND c.end_date END AS is_on_time,
           i.item_id AS story_id, true AS is_original, false AS is_syndicated_copy,
           TRY_CAST(split_part(i.theme_areas, ';', 1) AS INTEGER) AS primary_theme_area,
           i.theme_areas, i.theme_areas IS NULL AS is_unclassified, false AS has_key_message,
           i.views, i.duration_min, 50000::BIGINT AS reach_estimate
    FROM items AS i
    LEFT JOIN marts.dim_contract AS c ON c.contract_line_id = i.matched_contract_line_id
    """,
    """
    INSERT INTO marts.fct_coverage_theme BY NAME
    SELECT item_id, TRY_CAST(trim(t) AS INTEGER) AS theme_area, NULL::VARCHAR AS sub_theme_id
    FROM (SELECT item_id, unnest(string_split(theme_areas, ';')) AS t FROM items)
    """,
    """
    INSERT INTO marts.fct_payment BY NAME
    SELECT p.payment_id, p.contract_id, substr(sha256(p.agency), 1, 12) AS agency_id,
           p.agency, coalesce(c.year, year(p.paid_on)) AS year, p.paid_on, p.amount_vnd, p.kind,
           coalesce(p.paid_on > c.liquidated_on, false) AS is_after_liquidation
    FROM payments AS p
    LEFT JOIN (SELECT DISTINCT contract_id, year, liquidated_on FROM lines) AS c
      ON c.contract_id = p.contract_id
    """,
    """
    INSERT INTO marts.mart_contract_fulfilment BY NAME
    WITH delivered AS (
        SELECT f.matched_contract_line_id AS contract_line_id,
               sum(CASE WHEN f.deliverable_type = 'programme' THEN f.duration_min ELSE 1 END)
                 AS delivered_qty,
               sum(CASE WHEN f.deliverable_type = 'programme' THEN f.duration_min ELSE 1 END)
                 FILTER (WHERE f.is_accepted) AS accepted_qty,
               sum(CASE WHEN f.deliverable_type = 'programme' THEN f.duration_min ELSE 1 END)
                 FILTER (WHERE f.is_on_time) AS on_time_qty
        FROM marts.fct_coverage AS f
        WHERE f.matched_contract_line_id IS NOT NULL
        GROUP BY 1
    )
    SELECT c.contract_line_id, c.contract_id, c.agency_id, c.agency, c.year,
           c.deliverable_type, c.channel, c.theme_area, c.quantity AS ordered_qty,
           coalesce(d.delivered_qty, 0) AS delivered_qty,
           coalesce(d.accepted_qty, 0) AS accepted_qty,
           coalesce(d.on_time_qty, 0) AS on_time_qty,
           coalesce(d.accepted_qty, 0) / nullif(c.quantity, 0) AS delivery_rate,
           coalesce(d.on_time_qty, 0) / nullif(d.delivered_qty, 0) AS on_time_rate,
           c.unit_price_vnd, c.amount_vnd,
           CAST(round(least(coalesce(d.accepted_qty, 0), c.quantity) * c.unit_price_vnd)
                AS BIGINT) AS accepted_value_vnd
    FROM marts.dim_contract AS c
    LEFT JOIN delivered AS d ON d.contract_line_id = c.contract_line_id
    """,
    """
    INSERT INTO marts.mart_budget BY NAME
    WITH contracts AS (
        SELECT contract_id, any_value(agency_id) AS agency_id, any_value(agency) AS agency,
               any_value(year) AS year, min(signed_on) AS signed_on,
               min(start_date) AS start_date, max(end_date) AS end_date,
               max(liquidated_on) AS liquidated_on, sum(amount_vnd) AS contract_value_vnd
        FROM marts.dim_contract GROUP BY contract_id
    ),
    accepted AS (
        SELECT contract_id, sum(accepted_value_vnd) AS accepted_value_vnd
        FROM marts.mart_contract_fulfilment GROUP BY contract_id
    ),
    paid AS (
        SELECT contract_id,
               coalesce(sum(amount_vnd) FILTER (WHERE kind = 'advance'), 0) AS advanced_vnd,
               coalesce(sum(amount_vnd) FILTER (WHERE kind <> 'advance'), 0) AS paid_vnd
        FROM marts.fct_payment GROUP BY contract_id
    ),
    items AS (
        SELECT matched_contract_id AS contract_id, count(DISTINCT item_id) AS delivered_items,
               count(DISTINCT item_id) FILTER (WHERE is_accepted) AS accepted_items
        FROM marts.fct_coverage WHERE matched_contract_id IS NOT NULL GROUP BY 1
    )
    SELECT c.*,
           CAST(least(coalesce(a.accepted_value_vnd, 0), c.contract_value_vnd) AS BIGINT)
             AS accepted_value_vnd,
           CAST(coalesce(p.advanced_vnd, 0) AS BIGINT) AS advanced_vnd,
           CAST(coalesce(p.paid_vnd, 0) AS BIGINT) AS paid_vnd,
           CAST(coalesce(p.advanced_vnd, 0) + coalesce(p.paid_vnd, 0) AS BIGINT)
             AS total_disbursed_vnd,
           CAST(greatest(least(coalesce(a.accepted_value_vnd, 0), c.contract_value_vnd)
                - coalesce(p.advanced_vnd, 0) - coalesce(p.paid_vnd, 0), 0) AS BIGINT)
             AS payable_vnd,
           CAST(greatest(coalesce(p.advanced_vnd, 0) + coalesce(p.paid_vnd, 0)
                - least(coalesce(a.accepted_value_vnd, 0), c.contract_value_vnd), 0) AS BIGINT)
             AS over_disbursed_vnd,
           coalesce(i.delivered_items, 0) AS delivered_items,
           coalesce(i.accepted_items, 0) AS accepted_items
    FROM contracts AS c
    LEFT JOIN accepted AS a USING (contract_id)
    LEFT JOIN paid AS p USING (contract_id)
    LEFT JOIN items AS i USING (contract_id)
    """,
    """
    INSERT INTO marts.mart_cost_effectiveness BY NAME
    SELECT f.year, c.agency_id, c.agency, c.deliverable_type, c.theme_area,
           sum(f.accepted_value_vnd) AS accepted_value_vnd, sum(f.accepted_qty) AS accepted_items,
           50000 * sum(f.accepted_qty) AS reach_estimate_total,
           sum(f.accepted_value_vnd) / nullif(sum(f.accepted_qty), 0) AS cost_per_item_vnd,
           sum(f.accepted_value_vnd) / nullif(50 * sum(f.accepted_qty), 0)
             AS cost_per_1000_reach_vnd
    FROM marts.mart_contract_fulfilment AS f
    JOIN marts.dim_contract AS c USING (contract_line_id)
    GROUP BY ALL
    """,
    """
    INSERT INTO marts.mart_theme_fit BY NAME
    SELECT 2025 AS year, 'area' AS level, theme_area, NULL::VARCHAR AS sub_theme_id,
           'Lĩnh vực ' || theme_area AS name_vi, count(*) AS items,
           count(*) / sum(count(*)) OVER () AS share, 0.2 AS planned_share,
           count(*) / sum(count(*)) OVER () - 0.2 AS share_gap, true AS has_coverage
    FROM marts.fct_coverage_theme GROUP BY theme_area
    """,
    """
    INSERT INTO marts.mart_share_of_voice BY NAME
    SELECT year, month, count(*) FILTER (WHERE is_contracted) AS contracted_items,
           count(*) FILTER (WHERE NOT is_contracted) AS organic_items,
           count(*) FILTER (WHERE is_contracted) / count(*) AS contracted_share
    FROM marts.fct_coverage GROUP BY year, month
    """,
    """
    INSERT INTO marts.mart_agency_scorecard BY NAME
    SELECT b.year, b.agency_id, b.agency, 'local' AS tier, count(*) AS contracts,
           sum(b.contract_value_vnd) AS contract_value_vnd,
           sum(b.accepted_value_vnd) AS accepted_value_vnd,
           sum(b.total_disbursed_vnd) AS total_disbursed_vnd, NULL::DOUBLE AS ordered_items,
           NULL::DOUBLE AS accepted_items, NULL::DOUBLE AS delivery_rate_items,
           NULL::DOUBLE AS on_time_rate_items, NULL::DOUBLE AS ordered_minutes,
           NULL::DOUBLE AS accepted_minutes, NULL::DOUBLE AS delivery_rate_minutes,
           NULL::DOUBLE AS on_time_rate_minutes, sum(b.delivered_items) AS items_published,
           sum(b.delivered_items) AS contracted_items, 0 AS organic_items,
           sum(b.delivered_items) AS unique_stories, 0 AS syndicated_copies,
           NULL::BIGINT AS reach_estimate_total, NULL::DOUBLE AS cost_per_1000_reach_vnd,
           NULL::BIGINT AS views_total, NULL::INTEGER AS top_theme_area
    FROM marts.mart_budget AS b GROUP BY ALL
    """,
)


def rule_outcome(con: duckdb.DuckDBPyConnection, run_id: str, code: str) -> tuple[int, int]:
    """(violations, vnd_at_stake) stored for one rule of one run."""
    row = con.execute(
        "SELECT violations, vnd_at_stake FROM quality.rule_results"
        " WHERE run_id = ? AND rule_code = ?",
        [run_id, code],
    ).fetchone()
    return int(row[0]), int(row[1])
