"""The quality gate: run the expectation suites and the settlement rules for one year, store the
results in the warehouse's quality schema, and say whether settlement may go ahead. The offline
quality page is made from the stored results (reports.quality_page).

Settlement is blocked when a blocking rule has a violation or could not be evaluated (a rule
that cannot run certifies nothing). Failed expectations and warning rules never block; they are
reported.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion import formatting as fmt
from ingestion import lineage
from quality.expectations import TableExpectations, with_contract_columns
from quality.rules import RULES, SettlementRule, define_sql_helpers, violations_query
from quality.suites import (
    ExpectationOutcome,
    row_count_floor,
    run_suites,
    suite_key,
    table_schemas,
)
from quality.tables import RUN_TABLES, ensure_quality_tables

DEFAULT_ADVANCE_CAP = 0.30


@dataclass(frozen=True)
class RuleResult:
    code: str
    name_vi: str
    name_en: str
    explanation_vi: str
    explanation_en: str
    blocking: bool
    violations: int
    vnd_at_stake: int
    error: str | None = None  # set when the rule's query could not run

    @property
    def passed(self) -> bool:
        return self.error is None and self.violations == 0


@dataclass(frozen=True)
class GateResult:
    run_id: str
    year: int
    evaluated_at: dt.datetime
    data_hash: str
    advance_cap: float
    rules: list[RuleResult]
    expectations: list[ExpectationOutcome] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(rule.blocking and not rule.passed for rule in self.rules)

    @property
    def expectations_failed(self) -> int:
        return sum(not outcome.success for outcome in self.expectations)

    @property
    def blocking_failures(self) -> list[RuleResult]:
        return [rule for rule in self.rules if rule.blocking and not rule.passed]

    @property
    def warnings(self) -> list[RuleResult]:
        return [rule for rule in self.rules if not rule.blocking and not rule.passed]


def run_gate(
    con: duckdb.DuckDBPyConnection,
    year: int,
    *,
    run_id: str,
    manifest: Path,
    advance_cap: float = DEFAULT_ADVANCE_CAP,
) -> GateResult:
    """Evaluate the gate for `year` and store it under `run_id` in the quality schema.
    `manifest` is dbt's target/manifest.json: the marts' contracts give their columns."""
    specs = with_contract_columns(manifest)
    ensure_quality_tables(con)
    define_sql_helpers(con)
    last_good = _last_good_row_counts(con, year, run_id)
    expectations, counts, keys = _suites_reusing_outcomes(con, last_good, specs)
    rules = _evaluate_rules(con, RULES, year, advance_cap)
    result = GateResult(
        run_id=run_id,
        year=year,
        evaluated_at=dt.datetime.now(),
        data_hash=lineage.data_hash(con),
        advance_cap=advance_cap,
        rules=rules,
        expectations=expectations,
    )
    _store(con, result, counts, keys)
    return result


# Violations of the run being evaluated wait here until the whole run is stored at once.
_PENDING = "quality_pending_violations"


def _evaluate_rules(
    con: duckdb.DuckDBPyConnection,
    rules: tuple[SettlementRule, ...],
    year: int,
    advance_cap: float,
) -> list[RuleResult]:
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_PENDING} AS "
        "SELECT * EXCLUDE (run_id) FROM quality.rule_violations LIMIT 0"
    )
    results = []
    for rule in rules:
        query, params = violations_query(rule, year, advance_cap)
        error = None
        try:
            con.execute(
                f"INSERT INTO {_PENDING} SELECT '{rule.code}' AS rule_code, * FROM ({query})",
                params,
            )
        except duckdb.Error as exc:
            error = f"{type(exc).__name__}: {exc}".splitlines()[0]
        violations, vnd = con.execute(
            f"SELECT count(*), coalesce(sum(vnd_at_stake), 0) FROM {_PENDING} WHERE rule_code = ?",
            [rule.code],
        ).fetchone()
        results.append(
            RuleResult(
                code=rule.code,
                name_vi=rule.name_vi,
                name_en=rule.name_en,
                explanation_vi=rule.explanation_vi,
                explanation_en=rule.explanation_en,
                blocking=rule.blocking,
                violations=int(violations),
                vnd_at_stake=int(vnd),
                error=error,
            )
        )
    return results


def _last_good_row_counts(con: duckdb.DuckDBPyConnection, year: int, run_id: str) -> dict[str, int]:
    """Row counts of the latest earlier run of this year that did not block settlement."""
    rows = con.execute(
        """
        SELECT table_name, row_count FROM quality.row_counts
        WHERE run_id = (
            SELECT run_id FROM quality.gate_runs
            WHERE year = ? AND NOT blocked AND run_id <> ?
            ORDER BY evaluated_at DESC LIMIT 1
        )
        """,
        [year, run_id],
    ).fetchall()
    return {table: int(count) for table, count in rows}


def _definition(definitions: dict, code: str) -> tuple[str | None, int | None]:
    """A rule's VND definition and its place in RULES, stored so the quality page can show
    the rules in their order without importing them."""
    order, rule = definitions.get(code, (None, None))
    return (rule.vnd_definition_vi if rule else None), order


def _suites_reusing_outcomes(
    con: duckdb.DuckDBPyConnection,
    last_good: dict[str, int],
    specs: tuple[TableExpectations, ...],
) -> tuple[list[ExpectationOutcome], dict[str, int], dict[str, str]]:
    """Every suite's outcomes, from GX for the tables whose contents (or suite, or row-count
    floor) changed since a stored gate run, and from that run for the others: the same inputs
    give the same outcomes, and GX costs seconds even on small tables. Settlement rules are not
    concerned: they run on every gate run."""
    schemas = table_schemas(con, [spec.table for spec in specs])
    keys = {
        spec.table: suite_key(
            con, spec, row_count_floor(last_good.get(spec.table)), schemas.get(spec.table, [])
        )
        for spec in specs
    }
    known = _stored_outcomes(con, keys)
    todo = tuple(spec for spec in specs if spec.table not in known)
    fresh, counts = run_suites(con, last_good, todo) if todo else ([], {})
    by_suite: dict[str, list[ExpectationOutcome]] = {}
    for outcome in fresh:
        by_suite.setdefault(outcome.suite, []).append(outcome)
    for table in known:
        (counts[table],) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    outcomes = [
        outcome for spec in specs for outcome in known.get(spec.table, by_suite.get(spec.table, []))
    ]
    return outcomes, counts, {table: key for table, key in keys.items() if key is not None}


def _stored_outcomes(
    con: duckdb.DuckDBPyConnection, keys: dict[str, str | None]
) -> dict[str, list[ExpectationOutcome]]:
    """Outcomes of the latest stored run of each suite with the same key."""
    known = {}
    for table, key in keys.items():
        if key is None:
            continue
        row = con.execute(
            """
            SELECT k.run_id FROM quality.suite_keys AS k JOIN quality.gate_runs AS g USING (run_id)
            WHERE k.suite = ? AND k.suite_key = ?
            ORDER BY g.evaluated_at DESC LIMIT 1
            """,
            [table, key],
        ).fetchone()
        if row is None:
            continue
        stored = con.execute(
            """
            SELECT suite, expectation, column_name, success, observed_value, unexpected_sample
            FROM quality.expectation_results WHERE run_id = ? AND suite = ?
            """,
            [row[0], table],
        ).fetchall()
        if stored:
            known[table] = [ExpectationOutcome(*values) for values in stored]
    return known


def _store(
    con: duckdb.DuckDBPyConnection,
    result: GateResult,
    counts: dict[str, int],
    keys: dict[str, str] | None = None,
) -> None:
    """Replace whatever this run id stored before, all in one transaction."""
    run_id = result.run_id
    con.execute("BEGIN TRANSACTION")
    try:
        for table in RUN_TABLES:
            con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
        con.execute(
            "INSERT INTO quality.gate_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                result.year,
                result.evaluated_at,
                result.data_hash,
                result.blocked,
                len(result.blocking_failures),
                len(result.warnings),
                result.expectations_failed,
                result.advance_cap,
            ],
        )
        definitions = {rule.code: (order, rule) for order, rule in enumerate(RULES)}
        _insert(
            con,
            "quality.rule_results (run_id, year, rule_code, name_vi, name_en, explanation_vi,"
            " explanation_en, blocking, violations, vnd_at_stake, passed, error,"
            " vnd_definition_vi, rule_order)",
            [
                [
                    run_id,
                    result.year,
                    r.code,
                    r.name_vi,
                    r.name_en,
                    r.explanation_vi,
                    r.explanation_en,
                    r.blocking,
                    r.violations,
                    r.vnd_at_stake,
                    r.passed,
                    r.error,
                    *_definition(definitions, r.code),
                ]
                for r in result.rules
            ],
        )
        con.execute(
            "INSERT INTO quality.rule_violations SELECT ? AS run_id, * FROM " + _PENDING,
            [run_id],
        )
        _insert(
            con,
            "quality.expectation_results",
            [
                [
                    run_id,
                    o.suite,
                    o.expectation,
                    o.column_name,
                    o.success,
                    o.observed_value,
                    o.unexpected_sample,
                ]
                for o in result.expectations
            ],
        )
        _insert(
            con, "quality.suite_keys", [[run_id, table, key] for table, key in (keys or {}).items()]
        )
        _insert(
            con,
            "quality.row_counts",
            [[run_id, result.year, t, n, result.evaluated_at] for t, n in counts.items()],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute(f"DROP TABLE IF EXISTS {_PENDING}")


# Rows per INSERT statement of _insert.
INSERT_ROWS = 500


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[list]) -> None:
    """Insert `rows` into `table` (a name, with a column list if need be) a few hundred rows a
    statement: DuckDB's executemany runs one statement a row, several times slower."""
    for start in range(0, len(rows), INSERT_ROWS):
        chunk = rows[start : start + INSERT_ROWS]
        row = "(" + ", ".join("?" * len(chunk[0])) + ")"
        con.execute(
            f"INSERT INTO {table} VALUES " + ", ".join([row] * len(chunk)),
            [value for values in chunk for value in values],
        )


# The console lists at most this many violations per broken rule.
CONSOLE_VIOLATIONS_PER_RULE = 20


def _top_violations(
    con: duckdb.DuckDBPyConnection, run_id: str, limit: int
) -> dict[str, list[tuple]]:
    """{rule code: its violations, largest VND first, at most `limit`}, each as
    (contract, line, item, payment, agency, vnd, detail, file, sheet, row, value)."""
    rows = con.execute(
        """
        SELECT rule_code, contract_id, contract_line_id, item_id, payment_id, agency,
               vnd_at_stake, detail_vi, source_file, source_sheet, source_row, source_value
        FROM (
            SELECT *, row_number() OVER (
                PARTITION BY rule_code
                ORDER BY vnd_at_stake DESC, contract_id, contract_line_id, item_id, payment_id
            ) AS rank
            FROM quality.rule_violations WHERE run_id = ?
        )
        WHERE rank <= ?
        ORDER BY rule_code, rank
        """,
        [run_id, limit],
    ).fetchall()
    grouped: dict[str, list[tuple]] = {}
    for code, *values in rows:
        grouped.setdefault(code, []).append(tuple(values))
    return grouped


def load_gate_result(
    con: duckdb.DuckDBPyConnection, year: int, run_id: str | None = None
) -> GateResult | None:
    """A stored gate run (the latest of `year` when run_id is None), or None if there is none."""
    try:
        run = con.execute(
            """
            SELECT run_id, year, evaluated_at, data_hash, advance_cap FROM quality.gate_runs
            WHERE year = ? AND (? IS NULL OR run_id = ?)
            ORDER BY evaluated_at DESC LIMIT 1
            """,
            [year, run_id, run_id],
        ).fetchone()
    except duckdb.CatalogException:
        return None
    if run is None:
        return None
    run_id = run[0]
    rules = [
        RuleResult(*row)
        for row in con.execute(
            """
            SELECT rule_code, name_vi, name_en, explanation_vi, explanation_en, blocking,
                   violations, vnd_at_stake, error
            FROM quality.rule_results WHERE run_id = ?
            """,
            [run_id],
        ).fetchall()
    ]
    order = {rule.code: i for i, rule in enumerate(RULES)}
    rules.sort(key=lambda r: order.get(r.code, len(order)))
    expectations = [
        ExpectationOutcome(*row)
        for row in con.execute(
            """
            SELECT suite, expectation, column_name, success, observed_value, unexpected_sample
            FROM quality.expectation_results WHERE run_id = ?
            """,
            [run_id],
        ).fetchall()
    ]
    return GateResult(
        run_id=run_id,
        year=run[1],
        evaluated_at=run[2],
        data_hash=run[3],
        advance_cap=run[4],
        rules=rules,
        expectations=expectations,
    )


def top_violations(
    con: duckdb.DuckDBPyConnection, run_id: str, limit: int = CONSOLE_VIOLATIONS_PER_RULE
) -> dict[str, list[tuple]]:
    """The stored violations of a gate run to show, per rule (see _top_violations)."""
    return _top_violations(con, run_id, limit)


def _violation_line(violation: tuple) -> str:
    contract, line, item, payment, agency, vnd, detail, *where = violation
    named = [
        f"hợp đồng / contract {contract}" if contract else None,
        f"dòng hợp đồng / line {line}" if line else None,
        f"chứng từ / voucher {payment}" if payment else None,
        f"tin bài / item {item[:12]}" if item else None,
        agency,
        fmt.vnd(vnd),
    ]
    text = ", ".join(part for part in named if part)
    if detail:
        text += f" — {detail}"
    place = fmt.location(*where[:3]) if where else ""
    if place:
        text += f" [{place}]"
    return "      • " + text


def format_gate_summary(
    result: GateResult,
    violations: dict[str, list[tuple]] | None = None,
    page: object | None = None,
) -> str:
    """Lines for the terminal: the verdict, then every broken rule with its count and VND and,
    when `violations` is given, each violation of a blocking rule (at most
    CONSOLE_VIOLATIONS_PER_RULE a rule); `page` names where the quality page is."""
    verdict = (
        "BỊ CHẶN / BLOCKED: không lập bảng quyết toán / no settlement workbook"
        if result.blocked
        else "ĐẠT / PASSED"
    )
    lines = [f"Cổng quyết toán năm {result.year} / settlement gate {result.year}: {verdict}"]
    lines.append(f"  lần kiểm tra / run: {result.run_id}")
    broken = [*result.blocking_failures, *result.warnings]
    for rule in broken:
        level = "CHẶN / BLOCK" if rule.blocking else "CẢNH BÁO / WARN"
        if rule.error:
            outcome = f"không chạy được / could not run: {rule.error}"
        else:
            outcome = f"{rule.violations} vi phạm / violations, {fmt.vnd(rule.vnd_at_stake)}"
        lines.append(f"  [{level}] {rule.code} — {rule.name_vi} / {rule.name_en}: {outcome}")
        # Blocking rules name every case they stop (up to the limit); warnings keep to counts,
        # their cases are on the quality page and the workbook's exceptions sheet.
        if violations is None or rule.error or not rule.blocking:
            continue
        shown = violations.get(rule.code, [])[:CONSOLE_VIOLATIONS_PER_RULE]
        lines += [_violation_line(v) for v in shown]
        more = rule.violations - len(shown)
        if more > 0:
            lines.append(
                f"      … và {fmt.count(more)} trường hợp khác / and {more} more "
                "(xem trang chất lượng và trang «Ngoại lệ» của bảng quyết toán / see the "
                "quality page and the workbook's exceptions sheet)"
            )
    if not broken:
        lines.append("  Không có vi phạm / no rule broken")
    lines.append(f"  Kỳ vọng dữ liệu không đạt / failed expectations: {result.expectations_failed}")
    if page is not None:
        lines.append(f"  Chi tiết / details: {page}")
    return "\n".join(lines)
