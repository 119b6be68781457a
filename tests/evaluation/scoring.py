"""Score the demo warehouse against the truth the demo generator planted.

The truth (``<demo dir>/truth/*.csv``, see ingestion/demo/truth.py) is read next to the
warehouse with DuckDB; nothing here reads how the pipeline computed a figure, only what it
published (intermediate models, marts and the settlement rules' rows). Every classifier gets
precision, recall and F1; every headline figure its value beside the true one. The demo holds
two plan years: each is scored on its own, against the truth rows of its year and the
warehouse's rows of that year (`connect(..., year)`).
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from quality.rules import RULES_BY_CODE, define_sql_helpers, violations_query

YEAR = 2025  # the demo's latest plan year
YEARS = (2024, 2025)  # every plan year the demo holds, oldest first

# The URL an item is known by in the warehouse: scheme and host in lower case, no fragment,
# no trailing slash (as ingestion computes item ids).
_URL_KEY = """
    regexp_replace(
        lower(regexp_extract({u}, '^[A-Za-z]+://[^/?#]+')) || regexp_extract({u}, '^[A-Za-z]+://[^/?#]+([^#]*)', 1),
        '/+$', ''
    )
"""  # noqa: E501


def url_key(column: str) -> str:
    return _URL_KEY.format(u=column)


@dataclass
class Score:
    """One row of the evaluation table."""

    area: str
    measure: str
    value: float
    target: str = ""
    passed: bool | None = None
    detail: str = ""
    year: int | None = None

    def cells(self) -> list[str]:
        verdict = {True: "ok", False: "FAIL", None: ""}[self.passed]
        value = f"{self.value:,.4f}" if isinstance(self.value, float) else f"{self.value:,}"
        year = "" if self.year is None else str(self.year)
        return [year, self.area, self.measure, value, self.target, verdict, self.detail]


def prf(true_positives: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = true_positives / predicted if predicted else 1.0
    recall = true_positives / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def connect(warehouse: Path, truth: Path, year: int = YEAR) -> duckdb.DuckDBPyConnection:
    """A read-only view of the warehouse with the truth rows of one plan year as tables
    (truth_*); the year itself is in the table truth_year."""
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("CREATE TEMP TABLE truth_year AS SELECT CAST(? AS INTEGER) AS year", [year])
    for name in ("items", "copies", "events", "payments", "concerns"):
        con.execute(
            f"CREATE TEMP TABLE truth_{name} AS SELECT * EXCLUDE (year) FROM read_csv(?, "
            "header = true, all_varchar = true) WHERE CAST(year AS INTEGER) = ?",
            [str(truth / f"{name}.csv"), year],
        )
    # Truth items as the warehouse knows them: by address, else by agency, title and day.
    con.execute(f"""
        CREATE TEMP TABLE truth_matched AS
        WITH known AS (
            SELECT item_id, agency, title, published_date, {url_key("url")} AS url_key
            FROM intermediate.int_coverage__items
        )
        SELECT t.*, {url_key("t.url")} AS url_key,
               coalesce(by_url.item_id, by_text.item_id) AS item_id
        FROM truth_items AS t
        LEFT JOIN known AS by_url ON nullif(t.url, '') IS NOT NULL
            AND by_url.url_key = {url_key("t.url")}
        LEFT JOIN known AS by_text ON nullif(t.url, '') IS NULL
            AND by_text.url_key IS NULL AND by_text.agency = t.agency
            AND by_text.title = t.title
            AND by_text.published_date = CAST(CAST(t.published_at AS TIMESTAMP) AS DATE)
    """)
    return con


def scored_year(con: duckdb.DuckDBPyConnection) -> int:
    """The plan year `connect` opened the truth of."""
    return con.execute("SELECT year FROM truth_year").fetchone()[0]


def syndication(con: duckdb.DuckDBPyConnection) -> list[Score]:
    """Copy -> original pairs, directed, over the planted copies whose two items loaded."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE truth_pairs AS
        SELECT copy.item_id AS item_id, original.item_id AS parent_item_id, c.kind
        FROM truth_copies AS c
        JOIN truth_matched AS copy ON copy.url = c.copy_url
        JOIN truth_matched AS original ON original.url = c.original_url
        WHERE copy.item_id IS NOT NULL AND original.item_id IS NOT NULL
    """)
    # The copies the pipeline found among the items published in the year scored.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE found_pairs AS
        SELECT s.item_id, s.parent_item_id FROM intermediate.int_coverage__syndication AS s
        JOIN marts.fct_coverage AS f USING (item_id)
        WHERE s.is_syndicated_copy AND f.year = (SELECT year FROM truth_year)
    """)
    actual, predicted, hits, undirected = con.execute("""
        SELECT (SELECT count(*) FROM truth_pairs), (SELECT count(*) FROM found_pairs),
               (SELECT count(*) FROM found_pairs JOIN truth_pairs USING (item_id, parent_item_id)),
               (SELECT count(*) FROM found_pairs AS f JOIN truth_pairs AS t
                  ON (f.item_id, f.parent_item_id) IN ((t.item_id, t.parent_item_id),
                                                       (t.parent_item_id, t.item_id)))
    """).fetchone()
    precision, recall, f1 = prf(hits, predicted, actual)
    by_kind = con.execute("""
        SELECT t.kind, count(*), count(f.item_id)
        FROM truth_pairs AS t
        LEFT JOIN found_pairs AS f USING (item_id, parent_item_id)
        GROUP BY t.kind ORDER BY t.kind
    """).fetchall()
    kinds = ", ".join(f"{k} {found}/{n}" for k, n, found in by_kind)
    return [
        Score("syndication", "precision (copy -> original)", precision, ">= 0.90",
              precision >= 0.90, f"{hits:,} of {predicted:,} pairs found"),
        Score("syndication", "recall", recall, ">= 0.90", recall >= 0.90,
              f"{hits:,} of {actual:,} planted; by kind: {kinds}"),
        Score("syndication", "F1", f1),
        Score("syndication", "pairs with the direction swapped", undirected - hits, "0",
              undirected - hits == 0),
    ]  # fmt: skip


def delivery(con: duckdb.DuckDBPyConnection) -> list[Score]:
    """Items counted under a contract line against the planted claims."""
    truth_claimed, found, hits = con.execute("""
        WITH t AS (SELECT item_id, true_contract_line FROM truth_matched
                   WHERE is_claimed = 'true' AND item_id IS NOT NULL),
             f AS (SELECT item_id, matched_contract_line_id FROM marts.fct_coverage
                   WHERE is_contracted AND year = (SELECT year FROM truth_year))
        SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM f),
               (SELECT count(*) FROM f JOIN t ON f.item_id = t.item_id
                  AND f.matched_contract_line_id = t.true_contract_line)
    """).fetchone()
    precision, recall, f1 = prf(hits, found, truth_claimed)
    wrong_lines, lines = con.execute("""
        WITH t AS (SELECT true_contract_line AS contract_line_id, count(*) AS items
                   FROM truth_matched WHERE is_claimed = 'true' AND item_id IS NOT NULL
                   GROUP BY ALL)
        SELECT count(*) FILTER (WHERE coalesce(t.items, 0) <> m.delivered_items), count(*)
        FROM marts.mart_contract_fulfilment AS m
        LEFT JOIN t USING (contract_line_id)
        WHERE m.year = (SELECT year FROM truth_year)
    """).fetchone()
    return [
        Score("contract delivery", "contracted items", found, f"== {truth_claimed:,} claimed",
              found == truth_claimed),
        Score("contract delivery", "matching precision (item -> line)", precision),
        Score("contract delivery", "matching recall", recall),
        Score("contract delivery", "matching F1", f1),
        Score("contract delivery", "lines with a wrong delivered count", wrong_lines, "0",
              wrong_lines == 0, f"of {lines} lines"),
    ]  # fmt: skip


def themes(con: duckdb.DuckDBPyConnection) -> list[Score]:
    """Primary theme against the planted one, over every loaded item."""
    rows = con.execute("""
        SELECT CAST(t.true_primary_theme AS INTEGER), f.primary_theme_area
        FROM truth_matched AS t JOIN marts.fct_coverage AS f USING (item_id)
    """).fetchall()
    accuracy = sum(1 for truth, found in rows if truth == found) / len(rows)
    f1s = []
    for area in range(1, 6):
        tp = sum(1 for truth, found in rows if truth == area and found == area)
        predicted = sum(1 for _truth, found in rows if found == area)
        actual = sum(1 for truth, _found in rows if truth == area)
        f1s.append(prf(tp, predicted, actual)[2])
    macro_f1 = sum(f1s) / len(f1s)
    per_area = ", ".join(f"{area}: {f1:.2f}" for area, f1 in enumerate(f1s, 1))
    return [
        Score("themes", "primary theme accuracy", accuracy, ">= 0.97", accuracy >= 0.97,
              f"{len(rows):,} items"),
        Score("themes", "primary theme macro F1", macro_f1, ">= 0.92", macro_f1 >= 0.92,
              f"F1 by area {per_area}"),
    ]  # fmt: skip


def off_theme(con: duckdb.DuckDBPyConnection) -> list[Score]:
    """The settlement rule's off-theme warnings: an item whose true themes include its
    line's area is a false warning."""
    define_sql_helpers(con)
    query, params = violations_query(RULES_BY_CODE["accepted_off_theme"], scored_year(con), 0.30)
    con.execute(f"CREATE OR REPLACE TEMP TABLE off_theme AS {query}", params)
    warned, false_warnings, false_vnd = con.execute("""
        SELECT count(*),
               count(*) FILTER (WHERE list_contains(string_split(t.true_themes, ';'),
                                                    CAST(l.theme_area AS VARCHAR))),
               coalesce(sum(o.vnd_at_stake) FILTER (WHERE list_contains(
                   string_split(t.true_themes, ';'), CAST(l.theme_area AS VARCHAR))), 0)
        FROM off_theme AS o
        JOIN truth_matched AS t USING (item_id)
        JOIN intermediate.int_contract_lines AS l USING (contract_line_id)
    """).fetchone()
    return [
        Score("off-theme", "false off-theme warnings", false_warnings, "0", false_warnings == 0,
              f"{warned} warnings, {int(false_vnd):,} VND at stake on false ones"),
    ]  # fmt: skip


def event_lift(con: duckdb.DuckDBPyConnection) -> list[Score]:
    """Each boosted event's lift: above 1, at most 1.5 x the effect the generator gave it."""
    rows = con.execute("""
        SELECT e.event_id, CAST(e.generated_effect AS DOUBLE), m.lift
        FROM truth_events AS e
        LEFT JOIN marts.mart_event_lift AS m ON m.event_id = e.event_id
        ORDER BY e.event_id
    """).fetchall()
    scores = []
    for event_id, effect, lift in rows:
        ok = lift is not None and 1 < lift <= 1.5 * effect
        scores.append(
            Score("event lift", f"{event_id} lift", lift if lift is not None else float("nan"),
                  f"> 1 and <= {1.5 * effect:.2f}", ok, f"generated effect x{effect:.2f}")
        )  # fmt: skip
    return scores


def disbursed(con: duckdb.DuckDBPyConnection) -> list[Score]:
    truth_total, raw_rows = con.execute(
        "SELECT sum(CAST(amount_vnd AS BIGINT)), count(*) FROM truth_payments"
    ).fetchone()
    found = con.execute(
        "SELECT coalesce(sum(total_disbursed_vnd), 0) FROM marts.mart_budget WHERE year = ?",
        [scored_year(con)],
    ).fetchone()[0]
    return [
        Score("money", "disbursed (VND)", int(found), f"== {int(truth_total):,} in the file",
              int(found) == int(truth_total), f"{raw_rows} payment rows"),
    ]  # fmt: skip


def concerns(con: duckdb.DuckDBPyConnection) -> list[Score]:
    """Each planted concern's response time (hours to the first press item confirmed to
    answer it) and first response item, against the truth; no response must stay no
    response. The first candidate awaiting review must be the planted one too."""
    rows = con.execute(f"""
        SELECT t.concern_id, TRY_CAST(t.response_hours AS DOUBLE) AS truth_hours,
               m.response_hours, {url_key("t.first_response_url")} AS truth_url,
               {url_key("m.first_response_url")} AS found_url,
               t.answered_within_72h = 'true' AS truth_72h, m.is_answered_within_72h,
               m.concern_id IS NOT NULL AS in_mart,
               TRY_CAST(t.candidate_response_hours AS DOUBLE), m.candidate_response_hours
        FROM truth_concerns AS t
        LEFT JOIN marts.mart_public_concern AS m ON m.concern_id = t.concern_id
        ORDER BY t.concern_id
    """).fetchall()

    def same(truth, found) -> bool:
        return (truth is None and found is None) or (
            truth is not None and found is not None and abs(truth - found) < 0.005
        )

    scores = []
    for (concern_id, truth, found, truth_url, found_url, truth_72h, found_72h, in_mart,
         truth_candidate, found_candidate) in rows:  # fmt: skip
        ok = (
            in_mart
            and same(truth, found)
            and truth_url == found_url
            and truth_72h == found_72h
            and same(truth_candidate, found_candidate)
        )
        scores.append(
            Score("public concern", f"{concern_id} response hours",
                  found if found is not None else float("nan"),
                  f"== {truth:g}" if truth is not None else "no response", ok,
                  "first response item, 72 h flag and first candidate as planted" if ok else
                  f"planted {truth_url or 'none'} (candidate {truth_candidate}), "
                  f"found {found_url or 'none'} (candidate {found_candidate})")
        )  # fmt: skip
    return scores


PARTS = (syndication, delivery, themes, off_theme, event_lift, disbursed, concerns)


def evaluate(warehouse: Path, truth: Path, years: tuple[int, ...] = YEARS) -> list[Score]:
    """Every part scored for each plan year, the years in the order given."""
    scores = []
    for year in years:
        with connect(warehouse, truth, year) as con:
            for part in PARTS:
                for score in part(con):
                    score.year = year
                    scores.append(score)
    return scores


def table(scores: list[Score]) -> str:
    headers = ["year", "area", "measure", "value", "target", "", "detail"]
    rows = [headers] + [s.cells() for s in scores]
    widths = [max(len(r[i]) for r in rows) for i in range(len(headers) - 1)]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    stamp = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    return f"Evaluation against the demo's truth ({stamp})\n" + "\n".join(lines)
