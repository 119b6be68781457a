"""The offline quality page: one self-contained HTML file in Vietnamese, no external asset.

It is made from what the quality gate stored in the warehouse's `quality` schema (the run, its
rule results and violations, its expectation outcomes and row counts), the load log and the
candidate contract matches; it returns the page's text, and the caller writes it. Every value
that comes from data goes through html.escape before it enters the page.
"""

import datetime as dt
import html
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from ingestion import formatting as fmt
from ingestion import lineage

# The page lists at most this many violations per rule (and candidate matches), largest VND first.
PAGE_VIOLATIONS_PER_RULE = 50


@dataclass(frozen=True)
class RuleRow:
    """One rule's stored result (quality.rule_results)."""

    code: str
    name_vi: str
    explanation_vi: str
    vnd_definition_vi: str | None
    blocking: bool
    violations: int
    vnd_at_stake: int
    error: str | None

    @property
    def passed(self) -> bool:
        return self.error is None and self.violations == 0


@dataclass(frozen=True)
class ExpectationRow:
    """One stored expectation outcome (quality.expectation_results)."""

    suite: str
    expectation: str
    column_name: str | None
    success: bool
    observed_value: str | None
    unexpected_sample: str | None


@dataclass(frozen=True)
class GateRun:
    """A stored gate run with its rules and expectations, as the page shows it."""

    run_id: str
    year: int
    evaluated_at: dt.datetime
    data_hash: str
    advance_cap: float
    rules: list[RuleRow]
    expectations: list[ExpectationRow] = field(default_factory=list)

    @property
    def blocking_failures(self) -> list[RuleRow]:
        return [rule for rule in self.rules if rule.blocking and not rule.passed]

    @property
    def warnings(self) -> list[RuleRow]:
        return [rule for rule in self.rules if not rule.blocking and not rule.passed]


STYLE = """
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 2rem;
       color: #1d2430; line-height: 1.45; max-width: 80rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #d8dde6; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #d8dde6; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #eef1f6; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
code { font-size: .85rem; }
.verdict { padding: .8rem 1rem; border-radius: .4rem; font-weight: 600; font-size: 1.1rem; }
.blocked { background: #fde2e1; border: 1px solid #c62828; color: #8e1c1c; }
.passed { background: #e3f4e6; border: 1px solid #2e7d32; color: #1b5e20; }
.demo { background: #fff4d6; border: 1px solid #c99a06; padding: .5rem 1rem;
        border-radius: .4rem; font-weight: 600; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: .3rem; font-size: .8rem; }
.tag-block { background: #c62828; color: #fff; }
.tag-warn { background: #f2b705; color: #222; }
.tag-ok { background: #2e7d32; color: #fff; }
.muted { color: #5b6472; font-size: .85rem; }
.fail { color: #8e1c1c; font-weight: 600; }
.sample { font-family: monospace; font-size: .8rem; word-break: break-all; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def render_quality_page(
    con: duckdb.DuckDBPyConnection, year: int, run_id: str | None = None
) -> str:
    """The page of the stored gate run `run_id` of `year` (the latest when None)."""
    result = read_gate_run(con, year, run_id)
    if result is None:
        raise LookupError(f"no quality gate run {run_id or ''} for {year}")
    row_counts = _row_count_changes(con, result)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Kiểm tra chất lượng dữ liệu năm {_e(result.year)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Kiểm tra chất lượng dữ liệu và điều kiện quyết toán năm {_e(result.year)}</h1>",
    ]
    if lineage.is_demo(lineage.inbox_meta(con)):
        parts.append(
            '<p class="demo">Dữ liệu minh họa: số liệu trên trang này không phải số liệu thật.</p>'
        )
    parts.append(
        '<p class="muted">'
        f"Mã lần kiểm tra: <code>{_e(result.run_id)}</code> · "
        f"Thời điểm: {_e(fmt.datetime_vi(result.evaluated_at))} · "
        f"Mã băm dữ liệu (SHA-256): <code>{_e(result.data_hash)}</code> · "
        f"Mức tạm ứng tối đa: {_e(f'{result.advance_cap:.0%}')} giá trị hợp đồng</p>"
    )
    parts += _verdict(result)
    parts += _rules_table(result)
    parts += _violation_sections(result, _top_violations(con, result.run_id))
    parts += _candidates(_match_candidates(con, year))
    parts += _expectations(result)
    parts += _row_counts(row_counts)
    parts += _files(lineage.loaded_files(con))
    parts.append("</body></html>")
    return "\n".join(parts)


def read_gate_run(
    con: duckdb.DuckDBPyConnection, year: int, run_id: str | None = None
) -> GateRun | None:
    """A stored gate run (the latest of `year` when run_id is None), or None."""
    if not lineage.table_exists(con, "quality.gate_runs"):
        return None
    run = con.execute(
        """
        SELECT run_id, year, evaluated_at, data_hash, advance_cap FROM quality.gate_runs
        WHERE year = ? AND (? IS NULL OR run_id = ?)
        ORDER BY evaluated_at DESC LIMIT 1
        """,
        [year, run_id, run_id],
    ).fetchone()
    if run is None:
        return None
    present = set(_columns(con, "quality.rule_results"))
    definition = "vnd_definition_vi" if "vnd_definition_vi" in present else "NULL"
    order = "rule_order" if "rule_order" in present else "NULL"
    rules = [
        RuleRow(*row)
        for row in con.execute(
            f"""
            SELECT rule_code, name_vi, explanation_vi, {definition}, blocking, violations,
                   vnd_at_stake, error
            FROM quality.rule_results WHERE run_id = ?
            ORDER BY {order} NULLS LAST, rule_code
            """,
            [run[0]],
        ).fetchall()
    ]
    expectations = [
        ExpectationRow(*row)
        for row in con.execute(
            """
            SELECT suite, expectation, column_name, success, observed_value, unexpected_sample
            FROM quality.expectation_results WHERE run_id = ?
            """,
            [run[0]],
        ).fetchall()
    ]
    return GateRun(*run, rules=rules, expectations=expectations)


def _columns(con: duckdb.DuckDBPyConnection, qualified_name: str) -> list[str]:
    schema, name = qualified_name.split(".", 1)
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = ? AND table_name = ?",
        [schema, name],
    ).fetchall()
    return [column for (column,) in rows]


def _top_violations(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, list[tuple]]:
    """{rule code: its violations, largest VND first}, each as
    (contract, line, item, payment, agency, vnd, detail, file, sheet, row, value)."""
    rows = con.execute(
        """
        SELECT rule_code, contract_id, contract_line_id, item_id, payment_id, agency,
               vnd_at_stake, detail_vi, source_file, source_sheet, source_row, source_value
        FROM quality.rule_violations WHERE run_id = ?
        QUALIFY row_number() OVER (
            PARTITION BY rule_code
            ORDER BY vnd_at_stake DESC, contract_id, contract_line_id, item_id, payment_id
        ) <= ?
        ORDER BY rule_code, vnd_at_stake DESC, contract_id, contract_line_id, item_id, payment_id
        """,
        [run_id, PAGE_VIOLATIONS_PER_RULE],
    ).fetchall()
    grouped: dict[str, list[tuple]] = {}
    for code, *values in rows:
        grouped.setdefault(code, []).append(tuple(values))
    return grouped


def _row_count_changes(
    con: duckdb.DuckDBPyConnection, result: GateRun
) -> list[tuple[str, int | None, int | None]]:
    """(table, rows in this run, rows in the latest earlier run of the year that did not block)."""
    rows = con.execute(
        """
        WITH last_good AS (
            SELECT run_id FROM quality.gate_runs
            WHERE year = ? AND NOT blocked AND run_id <> ? AND evaluated_at <= ?
            ORDER BY evaluated_at DESC LIMIT 1
        ),
        now AS (SELECT table_name, row_count FROM quality.row_counts WHERE run_id = ?),
        before AS (
            SELECT table_name, row_count FROM quality.row_counts
            WHERE run_id = (SELECT run_id FROM last_good)
        )
        SELECT coalesce(now.table_name, before.table_name) AS table_name,
               now.row_count, before.row_count
        FROM now FULL OUTER JOIN before USING (table_name)
        ORDER BY table_name
        """,
        [result.year, result.run_id, result.evaluated_at, result.run_id],
    ).fetchall()
    return [(t, _int(n), _int(b)) for t, n, b in rows]


def _int(value: object) -> int | None:
    return None if value is None else int(value)


def _match_candidates(
    con: duckdb.DuckDBPyConnection, year: int
) -> tuple[tuple[int, int], list[tuple]] | None:
    """Candidate contract matches of the year (never counted), the most valuable first."""
    if not lineage.table_exists(con, "marts.mart_match_candidates"):
        return None
    totals = con.execute(
        "SELECT count(*), coalesce(sum(item_value_vnd), 0) FROM marts.mart_match_candidates "
        "WHERE year = ?",
        [year],
    ).fetchone()
    rows = con.execute(
        """
        SELECT candidate_contract_id, candidate_contract_line_id, agency, published_date, title,
               item_id, reason, item_value_vnd
        FROM marts.mart_match_candidates
        WHERE year = ?
        ORDER BY item_value_vnd DESC, candidate_contract_line_id, published_date, item_id
        LIMIT ?
        """,
        [year, PAGE_VIOLATIONS_PER_RULE],
    ).fetchall()
    return (int(totals[0]), int(totals[1])), rows


def _verdict(result: GateRun) -> list[str]:
    blocking = result.blocking_failures
    if blocking:
        names = ", ".join(_e(rule.name_vi) for rule in blocking)
        return [
            '<p class="verdict blocked">Bị chặn: chưa đủ điều kiện quyết toán. '
            f"Bảng quyết toán không được lập. Quy tắc vi phạm: {names}.</p>"
        ]
    return [
        '<p class="verdict passed">Đạt: mọi quy tắc chặn đều được đáp ứng; bảng quyết toán '
        f"được lập. Cảnh báo: {len(result.warnings)} quy tắc.</p>"
    ]


def _rules_table(result: GateRun) -> list[str]:
    rows = [
        "<h2>Quy tắc quyết toán</h2>",
        '<p class="muted">Quy tắc <b>chặn</b> làm thay đổi số tiền được thanh toán; quy tắc '
        "<b>cảnh báo</b> cần xem lại nhưng không làm thay đổi số phải trả. Số tiền liên quan của "
        "các quy tắc có thể trùng nhau, không cộng dồn.</p>",
        "<table><thead><tr><th>Mã</th><th>Quy tắc</th><th>Loại</th><th>Kết quả</th>"
        "<th>Số vi phạm</th><th>Số tiền liên quan</th><th>Vì sao</th>"
        "<th>Cách tính số tiền</th></tr></thead><tbody>",
    ]
    for rule in result.rules:
        kind = (
            '<span class="tag tag-block">Chặn</span>'
            if rule.blocking
            else '<span class="tag tag-warn">Cảnh báo</span>'
        )
        if rule.error:
            outcome = f'<span class="fail">Không chạy được: {_e(rule.error)}</span>'
        elif rule.passed:
            outcome = '<span class="tag tag-ok">Đạt</span>'
        else:
            outcome = '<span class="fail">Vi phạm</span>'
        rows.append(
            f"<tr><td><code>{_e(rule.code)}</code></td><td>{_e(rule.name_vi)}</td>"
            f"<td>{kind}</td><td>{outcome}</td>"
            f"<td class='num'>{_e(fmt.count(rule.violations))}</td>"
            f"<td class='num'>{_e(fmt.vnd(rule.vnd_at_stake))}</td>"
            f"<td>{_e(rule.explanation_vi)}</td>"
            f"<td>{_e(rule.vnd_definition_vi or '')}</td></tr>"
        )
    rows.append("</tbody></table>")
    return rows


def _violation_sections(result: GateRun, violations: dict[str, list[tuple]]) -> list[str]:
    broken = [rule for rule in result.rules if rule.violations]
    if not broken:
        return []
    parts = ["<h2>Chi tiết vi phạm</h2>"]
    for rule in sorted(broken, key=lambda r: (not r.blocking, -r.vnd_at_stake)):
        rows = violations.get(rule.code, [])
        shown = f"{fmt.count(len(rows))} / {fmt.count(rule.violations)}"
        parts.append(
            f"<h3>{_e(rule.name_vi)} (<code>{_e(rule.code)}</code>) — "
            f"{_e(fmt.vnd(rule.vnd_at_stake))}</h3>"
            f'<p class="muted">Hiển thị {_e(shown)} vi phạm có số tiền lớn nhất; danh sách đầy '
            "đủ ở bảng quality.rule_violations của kho dữ liệu.</p>"
            "<table><thead><tr><th>Hợp đồng</th><th>Dòng hợp đồng</th><th>Mã tin bài</th>"
            "<th>Chứng từ</th><th>Cơ quan báo chí</th><th>Số tiền liên quan</th>"
            "<th>Chi tiết</th><th>Tệp, trang tính, dòng</th><th>Giá trị trong tệp</th>"
            "</tr></thead><tbody>"
        )
        for contract, line, item, payment, agency, vnd, detail, *where in rows:
            parts.append(
                f"<tr><td>{_e(contract)}</td><td>{_e(line)}</td>"
                f"<td class='sample' title='{_e(item)}'>{_e(_short(item))}</td>"
                f"<td>{_e(payment)}</td><td>{_e(agency)}</td>"
                f"<td class='num'>{_e(fmt.vnd(vnd))}</td><td>{_e(detail)}</td>"
                f"<td>{_e(fmt.location(*where[:3]))}</td><td>{_e(where[3] if where else None)}</td>"
                "</tr>"
            )
        parts.append("</tbody></table>")
    return parts


def _candidates(candidates: tuple[tuple[int, int], list[tuple]] | None) -> list[str]:
    """Items that fit a contract line but that the inbox does not link to it: never counted."""
    if candidates is None:
        return []
    (count, value), rows = candidates
    parts = [
        "<h2>Tin bài có thể thuộc hợp đồng, chờ xem xét</h2>",
        f"<p>{_e(fmt.count(count))} tin bài không ghi số hợp đồng (hoặc ghi số hợp đồng không có "
        "trong danh sách) nhưng khớp một dòng hợp đồng của chính cơ quan báo chí về thời gian, "
        "loại sản phẩm và lĩnh vực. Các tin bài này <b>không được tính</b> vào khối lượng thực "
        "hiện, nghiệm thu hay chi phí; cán bộ xác nhận hoặc bác từng tin trong thư mục "
        f"<code>reviews/</code>. Giá trị nếu được xác nhận: {_e(fmt.vnd(value))}.</p>",
    ]
    if not rows:
        return parts
    parts.append(
        f'<p class="muted">Hiển thị {_e(fmt.count(len(rows)))} / {_e(fmt.count(count))} tin '
        "có giá trị lớn nhất; danh sách đầy đủ ở bảng marts.mart_match_candidates và trang "
        "tính “Chờ xác nhận” của bảng quyết toán.</p>"
        "<table><thead><tr><th>Hợp đồng</th><th>Dòng hợp đồng</th><th>Cơ quan báo chí</th>"
        "<th>Ngày đăng</th><th>Tiêu đề</th><th>Mã tin bài</th><th>Lý do</th>"
        "<th>Giá trị nếu xác nhận</th></tr></thead><tbody>"
    )
    reasons = {
        "no_contract_number": "Không ghi số hợp đồng",
        "unknown_contract": "Số hợp đồng không có trong danh sách",
    }
    for contract, line, agency, published, title, item, reason, vnd in rows:
        parts.append(
            f"<tr><td>{_e(contract)}</td><td>{_e(line)}</td><td>{_e(agency)}</td>"
            f"<td>{_e(fmt.date_vi(published))}</td><td>{_e(title)}</td>"
            f"<td class='sample' title='{_e(item)}'>{_e(_short(item))}</td>"
            f"<td>{_e(reasons.get(reason, reason))}</td>"
            f"<td class='num'>{_e(fmt.vnd(vnd))}</td></tr>"
        )
    parts.append("</tbody></table>")
    return parts


def _short(item_id: str | None) -> str | None:
    """Item ids are sha256 hashes: the first 12 characters tell them apart on a page."""
    if item_id is None or len(item_id) <= 16:
        return item_id
    return item_id[:12] + "…"


def _expectations(result: GateRun) -> list[str]:
    by_suite: dict[str, list] = defaultdict(list)
    for outcome in result.expectations:
        by_suite[outcome.suite].append(outcome)
    parts = [
        "<h2>Kiểm tra dữ liệu (Great Expectations)</h2>",
        '<p class="muted">Cấu trúc bảng, giá trị trống, tính duy nhất, khoảng giá trị, danh mục '
        "và số dòng so với lần kiểm tra đạt gần nhất (giảm quá 50 % là không đạt). Các kiểm tra "
        "này không chặn quyết toán.</p>",
        "<table><thead><tr><th>Bảng</th><th>Số kiểm tra</th><th>Không đạt</th></tr></thead><tbody>",
    ]
    for suite, outcomes in sorted(by_suite.items()):
        failed = sum(not o.success for o in outcomes)
        css = " class='num fail'" if failed else " class='num'"
        parts.append(
            f"<tr><td><code>{_e(suite)}</code></td><td class='num'>{len(outcomes)}</td>"
            f"<td{css}>{failed}</td></tr>"
        )
    parts.append("</tbody></table>")
    failures = [o for o in result.expectations if not o.success]
    if failures:
        parts.append(
            "<h3>Kiểm tra không đạt</h3><table><thead><tr><th>Bảng</th><th>Kiểm tra</th>"
            "<th>Cột</th><th>Kết quả quan sát</th><th>Mẫu dòng không đạt</th></tr></thead><tbody>"
        )
        for o in failures:
            parts.append(
                f"<tr><td><code>{_e(o.suite)}</code></td><td><code>{_e(o.expectation)}</code></td>"
                f"<td>{_e(o.column_name)}</td><td>{_e(o.observed_value)}</td>"
                f"<td class='sample'>{_e(o.unexpected_sample)}</td></tr>"
            )
        parts.append("</tbody></table>")
    return parts


def _row_counts(row_counts: list[tuple[str, int | None, int | None]]) -> list[str]:
    parts = [
        "<h2>Số dòng theo bảng</h2>",
        "<table><thead><tr><th>Bảng</th><th>Lần này</th><th>Lần đạt gần nhất</th>"
        "<th>Thay đổi</th></tr></thead><tbody>",
    ]
    for table, now, before in row_counts:
        change = ""
        if now is not None and before:
            change = f"{(now - before) / before:+.1%}".replace(".", ",")
        parts.append(
            f"<tr><td><code>{_e(table)}</code></td>"
            f"<td class='num'>{_e(fmt.count(now))}</td>"
            f"<td class='num'>{_e(fmt.count(before))}</td>"
            f"<td class='num'>{_e(change)}</td></tr>"
        )
    parts.append("</tbody></table>")
    return parts


def _files(files: list[tuple[str, str]]) -> list[str]:
    if not files:
        return []
    parts = [
        "<h2>Tệp dữ liệu đã nạp</h2>",
        "<table><thead><tr><th>Tệp</th><th>SHA-256</th></tr></thead><tbody>",
    ]
    for name, file_hash in files:
        parts.append(f"<tr><td>{_e(name)}</td><td class='sample'>{_e(file_hash)}</td></tr>")
    parts.append("</tbody></table>")
    return parts
