"""The offline quality page: one self-contained HTML file in Vietnamese, no external asset.

Every value that comes from data goes through html.escape before it enters the page.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ingestion import formatting as fmt
from orchestration.outputs import atomic_output

if TYPE_CHECKING:
    from quality.gate import GateResult
    from quality.rules import SettlementRule

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


def write_quality_page(
    path: Path,
    result: GateResult,
    *,
    rules: tuple[SettlementRule, ...],
    violations: dict[str, list[tuple]],
    row_counts: list[tuple[str, int | None, int | None]],
    files: list[tuple[str, str]],
    demo: bool,
    candidates: tuple[tuple[int, int], list[tuple]] | None = None,
) -> Path:
    definitions = {rule.code: rule for rule in rules}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Kiểm tra chất lượng dữ liệu năm {_e(result.year)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Kiểm tra chất lượng dữ liệu và điều kiện quyết toán năm {_e(result.year)}</h1>",
    ]
    if demo:
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
    parts += _rules_table(result, definitions)
    parts += _violation_sections(result, violations)
    parts += _candidates(candidates)
    parts += _expectations(result)
    parts += _row_counts(row_counts)
    parts += _files(files)
    parts.append("</body></html>")
    with atomic_output(path) as temp:
        temp.write_text("\n".join(parts), encoding="utf-8")
    return path


def _verdict(result: GateResult) -> list[str]:
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


def _rules_table(result: GateResult, definitions: dict) -> list[str]:
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
        definition = definitions.get(rule.code)
        rows.append(
            f"<tr><td><code>{_e(rule.code)}</code></td><td>{_e(rule.name_vi)}</td>"
            f"<td>{kind}</td><td>{outcome}</td>"
            f"<td class='num'>{_e(fmt.count(rule.violations))}</td>"
            f"<td class='num'>{_e(fmt.vnd(rule.vnd_at_stake))}</td>"
            f"<td>{_e(rule.explanation_vi)}</td>"
            f"<td>{_e(definition.vnd_definition_vi if definition else '')}</td></tr>"
        )
    rows.append("</tbody></table>")
    return rows


def _violation_sections(result: GateResult, violations: dict[str, list[tuple]]) -> list[str]:
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
                f"<td>{_e(location(*where[:3]))}</td><td>{_e(where[3] if where else None)}</td>"
                "</tr>"
            )
        parts.append("</tbody></table>")
    return parts


def location(file: str | None = None, sheet: str | None = None, row: int | None = None) -> str:
    """Where an inbox row is, as an analyst looks for it: tệp, trang tính, dòng."""
    if not file:
        return ""
    parts = [file]
    if sheet:
        parts.append(f"trang tính «{sheet}»")
    if row is not None:
        parts.append(f"dòng {row}")
    return ", ".join(parts)


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


def _expectations(result: GateResult) -> list[str]:
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
