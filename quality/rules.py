"""The settlement rules: what must hold before the Department of Finance settles a contract.

Each rule is data: a code, its names and one-line explanations in Vietnamese and English, whether
it blocks settlement, how its "VND at stake" is defined, and one SQL query over the marts that
returns the violating rows. A rule blocks when a violation changes what may be paid; it warns
when the money is still payable as computed but someone should look.

Every query returns the columns of quality.rule_violations (contract_id, contract_line_id,
item_id, payment_id, agency, vnd_at_stake, detail_vi), one row per violation, and takes the
named parameters $year (contracts of that year; payments and items through their contract) and,
where needed, $advance_cap (share of the contract value an advance may reach). A rule that
reads inbox rows (`located`) also returns where the row is: source_file, source_sheet,
source_row and source_value (the cell as typed).

The money-completeness rules read the raw tables (and raw.quarantine, raw.corrections,
raw.removals) rather than the marts: they answer whether every payment and contract line of
the files reached the marts at all.
"""

import contextlib
from dataclasses import dataclass

import duckdb

from ingestion.normalise import parse_money

# Identity of contract and voucher numbers. Two ids are the same id when they are equal after
# NFC, case folding and collapsing runs of white space (q_id_key). Ids that still differ but
# are equal after the look-alike folding below (q_id_skeleton) are look-alikes: one of them is
# almost surely a typing slip, and money attached to it must not silently go astray.
# This is a small explicit map of the look-alikes met in typed ids — not Unicode's full
# confusables table: Đ written as a Latin D (or D with a combining stroke), Cyrillic letters
# that look Latin, invisible characters, and white space anywhere.
CONFUSABLE_LETTERS = {
    "đ": "d",  # Vietnamese đ and its look-alikes
    "ɖ": "d",
    "ð": "d",
    "а": "a",  # Cyrillic
    "в": "b",
    "с": "c",
    "е": "e",
    "н": "h",
    "к": "k",
    "м": "m",
    "о": "o",
    "р": "p",
    "т": "t",
    "х": "x",
    "у": "y",
}
# Deleted before comparing: zero-width space, non-joiner and joiner, word joiner, BOM, soft
# hyphen, and the combining overlays that draw a stroke through a letter (D + U+0335 = "Đ").
INVISIBLE_OR_OVERLAY = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u0335\u0336\u0337\u0338"
_FROM = "".join(CONFUSABLE_LETTERS) + INVISIBLE_OR_OVERLAY
_TO = "".join(CONFUSABLE_LETTERS.values())

# Helpers the rule queries share, defined per connection: money, dates and quantities as
# leadership reads them, and the value of one item at its contract line's unit price
# (programmes are priced per minute, everything else per item).
SQL_HELPERS = (
    "CREATE OR REPLACE TEMP MACRO q_vnd(x) AS format('{:t.}', round(x)::BIGINT) || ' ₫'",
    "CREATE OR REPLACE TEMP MACRO q_date(d) AS strftime(d, '%d/%m/%Y')",
    """CREATE OR REPLACE TEMP MACRO q_qty(x) AS
       CASE WHEN x = round(x) THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
            ELSE replace(CAST(x AS VARCHAR), '.', ',') END""",
    """CREATE OR REPLACE TEMP MACRO q_item_value(unit_price, deliverable_type, duration_min) AS
       unit_price * CASE WHEN deliverable_type = 'programme' THEN coalesce(duration_min, 0)
                         ELSE 1 END""",
    """CREATE OR REPLACE TEMP MACRO q_id_key(x) AS
       lower(regexp_replace(trim(nfc_normalize(x)), '\\s+', ' ', 'g'))""",
    f"""CREATE OR REPLACE TEMP MACRO q_id_skeleton(x) AS
       regexp_replace(translate(q_id_key(x), '{_FROM}', '{_TO}'), '\\s+', '', 'g')""",
    "CREATE OR REPLACE TEMP MACRO q_where(f, r) AS f || coalesce(' dòng ' || r, '')",
)


@dataclass(frozen=True)
class SettlementRule:
    code: str
    name_vi: str
    name_en: str
    explanation_vi: str  # one line: why this blocks or only warns
    explanation_en: str
    blocking: bool
    vnd_definition_vi: str  # what "VND at stake" means for this rule
    vnd_definition_en: str
    sql: str
    located: bool = False  # the query also returns source_file, _sheet, _row, _value


# Items matched to a contract line, with the line's contract, period and price; the year is
# the contract's year. is_listed: the item was listed under that contract (its claimed contract)
# or accepted under it, as opposed to matched to it only by agency, period and type.
_CONTRACT_ITEMS = """
    SELECT f.item_id, f.agency, f.year AS item_year, f.title,
           coalesce(f.published_date, CAST(f.published_at AS DATE)) AS published_date,
           coalesce(f.is_accepted, false) AS is_accepted,
           coalesce(f.is_accepted OR f.claimed_contract_id = c.contract_id, false) AS is_listed,
           f.primary_theme_area, f.theme_areas, f.is_unclassified,
           c.contract_id, c.contract_line_id, c.year AS contract_year, c.start_date, c.end_date,
           c.theme_area AS contract_theme_area, c.unit_price_vnd,
           q_item_value(c.unit_price_vnd, c.deliverable_type, f.duration_min) AS item_value_vnd
    FROM marts.fct_coverage AS f
    INNER JOIN marts.dim_contract AS c ON c.contract_line_id = f.matched_contract_line_id
"""

# Every contract each item is claimed under (listed under, or accepted under), with whether it
# was accepted under that claim and what the item is worth under it. fct_coverage keeps one row
# per item, so the claims are also read from the loaded coverage rows (exact duplicates left
# out; only contract numbers that exist, since the marts match an unknown number to a line by
# other means). An item's value under a contract uses that contract's line for the item's
# deliverable type: the line on the item's channel first, then the cheapest.
_ITEM_CLAIMS = """
    claim_rows AS (
        SELECT item_id, trim(contract_id) AS contract_id, coalesce(accepted, false) AS is_accepted
        FROM raw.coverage
        WHERE NOT coalesce(_is_duplicate, false)
          AND trim(contract_id) IN (SELECT contract_id FROM marts.dim_contract)
        UNION ALL
        SELECT item_id, matched_contract_id, coalesce(is_accepted, false)
        FROM marts.fct_coverage
        WHERE is_accepted OR claimed_contract_id = matched_contract_id
    ),
    claims AS (
        SELECT item_id, contract_id, bool_or(is_accepted) AS is_accepted
        FROM claim_rows
        WHERE item_id IS NOT NULL AND contract_id IS NOT NULL
        GROUP BY item_id, contract_id
    ),
    items AS (
        SELECT item_id, any_value(agency) AS agency, any_value(year) AS item_year,
               any_value(deliverable_type) AS deliverable_type, any_value(channel) AS channel,
               max(duration_min) AS duration_min, max(coalesce(claim_count, 0)) AS claim_count
        FROM marts.fct_coverage
        GROUP BY item_id
    ),
    contract_years AS (
        SELECT contract_id, any_value(year) AS contract_year
        FROM marts.dim_contract
        GROUP BY contract_id
    ),
    claim_values AS (
        SELECT c.item_id, c.contract_id, c.is_accepted, i.agency, i.claim_count,
               coalesce(y.contract_year, i.item_year) AS year,
               coalesce(min_by(
                   q_item_value(l.unit_price_vnd, l.deliverable_type, i.duration_min),
                   [CASE WHEN l.channel = i.channel THEN 0 ELSE 1 END, l.unit_price_vnd]
               ), 0) AS value_vnd
        FROM claims AS c
        INNER JOIN items AS i ON i.item_id = c.item_id
        LEFT JOIN contract_years AS y ON y.contract_id = c.contract_id
        LEFT JOIN marts.dim_contract AS l
          ON l.contract_id = c.contract_id AND l.deliverable_type = i.deliverable_type
        GROUP BY ALL
    )
"""

# Contract numbers known to the marts, by identity key, with the agency and year of each.
_KNOWN_CONTRACTS = """
    known_contracts AS (
        SELECT q_id_key(contract_id) AS id_key, q_id_skeleton(contract_id) AS skeleton,
               any_value(contract_id) AS contract_id, any_value(agency) AS agency,
               any_value(year) AS contract_year
        FROM marts.dim_contract
        GROUP BY ALL
    )
"""

# The money sources' rows: payments and contract lines as loaded, with where they are.
_PAYMENT_ROWS = """
    payment_rows AS (
        SELECT payment_id, contract_id, paid_on, amount_vnd, _source_file, _sheet, _row_number
        FROM raw.payments
        WHERE NOT coalesce(_is_duplicate, false)
    )
"""

MONEY_RULES: tuple[SettlementRule, ...] = (
    SettlementRule(
        code="quarantined_money_row",
        name_vi="Dòng hợp đồng hoặc chứng từ chi bị cách ly",
        name_en="Quarantined contract or payment row",
        explanation_vi="Một dòng của tệp hợp đồng hoặc chứng từ chi không đọc được nên không "
        "vào sổ: tiền của nó vắng mặt trong quyết toán, nên chặn cho đến khi sửa tệp hoặc có "
        "dòng sửa giá trị trong reviews/.",
        explanation_en="A row of a contracts or payments file could not be read, so its money "
        "is missing from the settlement; it blocks until the file is fixed or a correct_value "
        "review resolves it.",
        blocking=True,
        vnd_definition_vi="Số tiền ghi trên dòng (0 khi chính số tiền không đọc được).",
        vnd_definition_en="The row's amount (0 when the amount itself cannot be read).",
        located=True,
        sql=f"""
            WITH {_KNOWN_CONTRACTS},
            quarantined AS (
                SELECT q.*, json_extract_string(q.record_json, '$.contract_id') AS typed_contract,
                       json_extract_string(q.record_json, '$.payment_id') AS typed_voucher,
                       json_extract_string(q.record_json, '$.amount_vnd') AS typed_amount
                FROM raw.quarantine AS q
                WHERE q.source IN ('contracts', 'payments')
            )
            SELECT coalesce(k.contract_id, q.typed_contract) AS contract_id,
                   NULL AS contract_line_id, NULL AS item_id,
                   CASE WHEN q.source = 'payments' THEN q.typed_voucher END AS payment_id,
                   k.agency, coalesce(q_parse_money(q.typed_amount), 0) AS vnd_at_stake,
                   CASE WHEN q.source = 'payments' THEN 'Chứng từ '
                          || coalesce(q.typed_voucher, '?')
                        ELSE 'Dòng hợp đồng ' || coalesce(q.typed_contract, '?') END
                     || ', số tiền ' || coalesce(q.typed_amount, '?') || ': cột «'
                     || coalesce(q.column_name, '?') || '» = «' || coalesce(q.value, '')
                     || '» — ' || q.reason_vi AS detail_vi,
                   q._source_file AS source_file, q._sheet AS source_sheet,
                   q._row_number AS source_row, q.value AS source_value
            FROM quarantined AS q
            LEFT JOIN known_contracts AS k ON k.id_key = q_id_key(q.typed_contract)
            WHERE k.contract_year IS NULL OR k.contract_year = $year
        """,
    ),
    SettlementRule(
        code="correction_not_applied",
        name_vi="Dòng sửa giá trị trong reviews/ không áp dụng được",
        name_en="Correction in reviews/ not applied",
        explanation_vi="Người duyệt đã quyết định sửa một giá trị tiền hoặc hợp đồng nhưng dòng "
        "duyệt trỏ tới tệp, dòng, cột không có hoặc giá trị mới không đọc được: quyết định "
        "chưa được thực hiện, nên chặn.",
        explanation_en="A reviewer's correction of a contracts or payments value names a file, "
        "row or column that does not exist, or its new value does not read: the decision was "
        "not carried out, so it blocks.",
        blocking=True,
        vnd_definition_vi="Không tính (0 ₫): số tiền của dòng bị cách ly được tính ở quy tắc "
        "dòng bị cách ly.",
        vnd_definition_en="None (0 ₫): the quarantined row's money counts under the "
        "quarantined-row rule.",
        located=True,
        sql="""
            SELECT NULL AS contract_id, NULL AS contract_line_id, NULL AS item_id,
                   NULL AS payment_id, NULL AS agency, 0 AS vnd_at_stake,
                   'Sửa ' || target_file || coalesce(' (trang ' || target_sheet || ')', '')
                     || ' dòng ' || target_row || ', cột «' || column_name || '» thành «'
                     || coalesce(new_value, '') || '» (' || coalesce(reviewer, '?') || ', '
                     || coalesce(q_date(reviewed_on), '?') || '): ' || reason_vi AS detail_vi,
                   review_file AS source_file, review_sheet AS source_sheet,
                   review_row AS source_row, new_value AS source_value
            FROM raw.corrections
            WHERE status <> 'applied' AND source IN ('contracts', 'payments')
            UNION ALL
            SELECT NULL, NULL, NULL, NULL, NULL, 0,
                   'Dòng duyệt bị cách ly: cột «' || coalesce(column_name, '?') || '» = «'
                     || coalesce(value, '') || '» — ' || reason_vi,
                   _source_file, _sheet, _row_number, value
            FROM raw.quarantine
            WHERE source = 'reviews'
              AND regexp_matches(
                    replace(coalesce(json_extract_string(record_json, '$.source_file'), ''),
                            chr(92), '/'),  -- chr(92): a backslash
                    '^\\s*(contracts|payments)/')
        """,
    ),
    SettlementRule(
        code="payment_unknown_contract",
        name_vi="Chứng từ chi không thuộc hợp đồng nào",
        name_en="Payment attached to no known contract",
        explanation_vi="Số hợp đồng trên chứng từ không có trong danh sách hợp đồng (kể cả khi "
        "so không phân biệt hoa thường và khoảng trắng): khoản chi không vào sổ của hợp đồng "
        "nào, nên chặn. Nếu số đó giống một số hợp đồng đã có (Đ gõ thành D, ký tự ẩn…), số "
        "giống được nêu.",
        explanation_en="The payment's contract number is not in the contracts list (compared "
        "ignoring case and spacing): the money is in no contract's ledger, so it blocks. A "
        "look-alike of a known number (D for Đ, hidden characters…) is named.",
        blocking=True,
        vnd_definition_vi="Số tiền của chứng từ.",
        vnd_definition_en="The payment's amount.",
        located=True,
        sql=f"""
            WITH {_KNOWN_CONTRACTS}, {_PAYMENT_ROWS}
            SELECT p.contract_id, NULL AS contract_line_id, NULL AS item_id, p.payment_id,
                   look.agency, p.amount_vnd AS vnd_at_stake,
                   'Chứng từ ' || p.payment_id || ' ngày ' || coalesce(q_date(p.paid_on), '?')
                     || ', ' || q_vnd(p.amount_vnd) || ': số hợp đồng «' || p.contract_id
                     || '» không có trong danh sách hợp đồng'
                     || coalesce('; giống hợp đồng «' || look.contract_id || '» ('
                                 || look.agency || ')', '') AS detail_vi,
                   p._source_file AS source_file, p._sheet AS source_sheet,
                   p._row_number AS source_row, p.contract_id AS source_value
            FROM payment_rows AS p
            LEFT JOIN known_contracts AS k ON k.id_key = q_id_key(p.contract_id)
            LEFT JOIN known_contracts AS look ON look.skeleton = q_id_skeleton(p.contract_id)
            WHERE k.id_key IS NULL
              AND (year(p.paid_on) = $year OR look.contract_year = $year)
        """,
    ),
    SettlementRule(
        code="contract_id_lookalike",
        name_vi="Số hợp đồng gần giống một số hợp đồng khác",
        name_en="Contract number that looks like another",
        explanation_vi="Hai số hợp đồng chỉ khác nhau ở ký tự dễ nhầm (Đ và D, ký tự ẩn, dấu "
        "gạch chồng, khoảng trắng): dòng hợp đồng có thể bị tách khỏi hợp đồng của nó, nên chặn.",
        explanation_en="Two contract numbers differ only by look-alike characters (Đ and D, "
        "hidden characters, a combining stroke, spaces): lines may be split from their "
        "contract, so it blocks.",
        blocking=True,
        vnd_definition_vi="Thành tiền của các dòng mang số hợp đồng ít dòng hơn.",
        vnd_definition_en="The amount of the lines under the less used number.",
        located=True,
        sql="""
            WITH ids AS (
                SELECT contract_id, q_id_key(contract_id) AS id_key,
                       q_id_skeleton(contract_id) AS skeleton, any_value(agency) AS agency,
                       count(*) AS lines, sum(amount_vnd) AS amount_vnd,
                       min(year(start_date)) AS first_year, max(year(end_date)) AS last_year,
                       min(_source_file) AS source_file, min(_sheet) AS source_sheet,
                       min(_row_number) AS source_row
                FROM raw.contracts
                WHERE NOT coalesce(_is_duplicate, false) AND contract_id IS NOT NULL
                GROUP BY contract_id
            ),
            pairs AS (
                SELECT a.*, b.contract_id AS resembles, b.lines AS other_lines
                FROM ids AS a
                INNER JOIN ids AS b ON a.skeleton = b.skeleton AND a.id_key <> b.id_key
                WHERE a.lines < b.lines OR (a.lines = b.lines AND a.contract_id > b.contract_id)
            )
            SELECT contract_id, NULL AS contract_line_id, NULL AS item_id, NULL AS payment_id,
                   agency, amount_vnd AS vnd_at_stake,
                   'Số hợp đồng «' || contract_id || '» (' || lines || ' dòng, '
                     || q_vnd(amount_vnd) || ') giống «' || resembles || '» ('
                     || other_lines || ' dòng)' AS detail_vi,
                   source_file, source_sheet, source_row, contract_id AS source_value
            FROM pairs
            WHERE $year BETWEEN first_year AND last_year
        """,
    ),
    SettlementRule(
        code="voucher_repeated",
        name_vi="Một số chứng từ xuất hiện nhiều lần",
        name_en="One voucher number on several payments",
        explanation_vi="Cùng một số chứng từ (so không phân biệt hoa thường, khoảng trắng và ký "
        "tự dễ nhầm) ở nhiều dòng chi khác nhau, nhất là với số tiền khác nhau: khoản chi bị "
        "tính nhiều lần hoặc không biết số nào đúng, nên chặn.",
        explanation_en="One voucher number (ignoring case, spacing and look-alike characters) "
        "on several different payment rows, above all with different amounts: it is counted "
        "more than once or nobody knows which amount is right, so it blocks.",
        blocking=True,
        vnd_definition_vi="Tổng số tiền các dòng của số chứng từ đó trừ số tiền lớn nhất trong "
        "số đó (phần bị tính thêm).",
        vnd_definition_en="The rows' total minus their largest amount (what is counted extra).",
        located=True,
        sql=f"""
            WITH {_PAYMENT_ROWS},
            grouped AS (
                SELECT q_id_skeleton(payment_id) AS skeleton, count(*) AS n,
                       count(DISTINCT amount_vnd) AS amounts,
                       sum(amount_vnd) - max(amount_vnd) AS extra_vnd,
                       bool_or(year(paid_on) = $year) AS in_year,
                       string_agg('«' || payment_id || '» ' || q_vnd(amount_vnd) || ' ('
                                  || q_where(_source_file, _row_number) || ')', '; '
                                  ORDER BY _source_file, _sheet, _row_number) AS occurrences,
                       arg_max(payment_id, [_source_file, _sheet, _row_number::VARCHAR])
                         AS payment_id,
                       arg_max(contract_id, [_source_file, _sheet, _row_number::VARCHAR])
                         AS contract_id,
                       max([_source_file, _sheet, _row_number::VARCHAR]) AS last_place
                FROM payment_rows
                WHERE payment_id IS NOT NULL
                GROUP BY skeleton
                HAVING count(*) > 1
            )
            SELECT g.contract_id, NULL AS contract_line_id, NULL AS item_id, g.payment_id,
                   c.agency, g.extra_vnd AS vnd_at_stake,
                   'Số chứng từ xuất hiện ' || g.n || ' lần'
                     || CASE WHEN g.amounts > 1 THEN ' với ' || g.amounts || ' số tiền khác nhau'
                             ELSE '' END || ': ' || g.occurrences AS detail_vi,
                   g.last_place[1] AS source_file, g.last_place[2] AS source_sheet,
                   CAST(g.last_place[3] AS INTEGER) AS source_row, g.payment_id AS source_value
            FROM grouped AS g
            LEFT JOIN (
                SELECT contract_id, any_value(agency) AS agency
                FROM marts.dim_contract GROUP BY contract_id
            ) AS c ON q_id_key(c.contract_id) = q_id_key(g.contract_id)
            WHERE g.in_year
        """,
    ),
    SettlementRule(
        code="payment_date_outside_contract",
        name_vi="Ngày chi nằm ngoài thời gian của hợp đồng",
        name_en="Payment dated outside its contract's time",
        explanation_vi="Khoản chi ghi ngày trước ngày ký hợp đồng, hoặc sau ngày 31/12 của năm "
        "sau năm kế hoạch: gần như chắc chắn là ngày gõ nhầm (2099, 1925…), và khoản chi không "
        "được tính vào năm nào cho đúng, nên chặn. Sửa tệp hoặc sửa giá trị trong reviews/.",
        explanation_en="The payment is dated before the contract was signed, or after 31 December "
        "of the year after the plan year: almost surely a mistyped date (2099, 1925…), and the "
        "money would count towards the wrong year, so it blocks. Fix the file or correct the "
        "value in reviews/.",
        blocking=True,
        vnd_definition_vi="Số tiền của chứng từ.",
        vnd_definition_en="The payment's amount.",
        located=True,
        sql=f"""
            WITH {_KNOWN_CONTRACTS}, {_PAYMENT_ROWS},
            signed AS (
                SELECT q_id_key(contract_id) AS id_key, min(signed_on) AS signed_on
                FROM marts.dim_contract
                GROUP BY ALL
            )
            SELECT k.contract_id, NULL AS contract_line_id, NULL AS item_id, p.payment_id,
                   k.agency, p.amount_vnd AS vnd_at_stake,
                   'Chứng từ ' || p.payment_id || ', ' || q_vnd(p.amount_vnd) || ' ghi ngày '
                     || q_date(p.paid_on)
                     || CASE WHEN p.paid_on < s.signed_on
                             THEN ', trước ngày ký hợp đồng ' || q_date(s.signed_on)
                             ELSE ', sau ngày 31/12/' || ($year + 1) END AS detail_vi,
                   p._source_file AS source_file, p._sheet AS source_sheet,
                   p._row_number AS source_row, q_date(p.paid_on) AS source_value
            FROM payment_rows AS p
            INNER JOIN known_contracts AS k ON k.id_key = q_id_key(p.contract_id)
            LEFT JOIN signed AS s ON s.id_key = k.id_key
            WHERE k.contract_year = $year
              AND (p.paid_on < s.signed_on OR p.paid_on > make_date($year + 1, 12, 31))
        """,
    ),
    SettlementRule(
        code="money_file_removed",
        name_vi="Tệp hợp đồng hoặc chứng từ chi bị gỡ hay bớt dòng",
        name_en="Contracts or payments file removed or shrunk",
        explanation_vi="Một tệp tiền đã nạp trước đây nay không còn, hoặc còn ít dòng hơn: số "
        "tiền của các dòng đó biến mất khỏi quyết toán. Chặn cho đến khi tệp được trả lại hoặc "
        "người duyệt xác nhận gỡ tệp (confirm_removal) trong reviews/.",
        explanation_en="A money file loaded before is gone or has fewer rows: those rows' "
        "money left the settlement. It blocks until the file is back or a reviewer confirms "
        "the removal (confirm_removal) in reviews/.",
        blocking=True,
        vnd_definition_vi="Tổng số tiền của các dòng đã mất.",
        vnd_definition_en="The total amount of the rows that left.",
        located=True,
        sql="""
            WITH confirmed AS (
                SELECT DISTINCT replace(trim(source_file), chr(92), '/') AS source_file
                FROM raw.reviews
                WHERE action = 'confirm_removal' AND NOT coalesce(_is_duplicate, false)
            ),
            removed AS (
                SELECT r.source, r._source_file, r.kind, count(*) AS rows,
                       coalesce(sum(r.amount_vnd), 0) AS amount_vnd,
                       string_agg(r.record_id, ', ' ORDER BY r._row_number) AS ids,
                       min(r._row_number) AS first_row, any_value(r._sheet) AS sheet
                FROM raw.removals AS r
                WHERE r._source_file NOT IN (SELECT source_file FROM confirmed)
                GROUP BY ALL
            )
            SELECT NULL AS contract_id, NULL AS contract_line_id, NULL AS item_id,
                   NULL AS payment_id, NULL AS agency, amount_vnd AS vnd_at_stake,
                   CASE WHEN kind = 'file_removed'
                        THEN 'Tệp đã bị gỡ khỏi hộp thư: '
                        ELSE 'Tệp còn ít dòng hơn lần nạp trước: ' END
                     || rows || ' dòng, ' || q_vnd(amount_vnd) || ' đã mất ('
                     || CASE WHEN source = 'payments' THEN 'chứng từ ' ELSE 'hợp đồng ' END
                     || ids || ')' AS detail_vi,
                   _source_file AS source_file, sheet AS source_sheet,
                   first_row AS source_row, NULL AS source_value
            FROM removed
        """,
    ),
)

SETTLEMENT_RULES: tuple[SettlementRule, ...] = MONEY_RULES + (
    SettlementRule(
        code="paid_above_contract",
        name_vi="Chi vượt giá trị hợp đồng",
        name_en="Paid above the contract value",
        explanation_vi="Tổng tạm ứng và thanh toán vượt giá trị hợp đồng: phần vượt không được "
        "quyết toán, nên chặn.",
        explanation_en="Advances plus payments exceed the contract value: the excess cannot be "
        "settled, so it blocks.",
        blocking=True,
        vnd_definition_vi="Tổng đã chi (tạm ứng + thanh toán + quyết toán) − giá trị hợp đồng.",
        vnd_definition_en="Total disbursed (advances + payments + settlements) − contract value.",
        sql="""
            SELECT b.contract_id, NULL AS contract_line_id, NULL AS item_id, NULL AS payment_id,
                   b.agency,
                   b.total_disbursed_vnd - b.contract_value_vnd AS vnd_at_stake,
                   'Đã chi ' || q_vnd(b.total_disbursed_vnd) || ', giá trị hợp đồng '
                     || q_vnd(b.contract_value_vnd) AS detail_vi
            FROM marts.mart_budget AS b
            WHERE b.year = $year AND b.total_disbursed_vnd > b.contract_value_vnd
        """,
    ),
    SettlementRule(
        code="payment_without_acceptance",
        name_vi="Thanh toán vượt giá trị nghiệm thu",
        name_en="Payment without acceptance",
        explanation_vi="Khoản thanh toán, quyết toán vượt giá trị sản phẩm đã nghiệm thu: trả "
        "tiền cho sản phẩm chưa nghiệm thu, nên chặn.",
        explanation_en="Payments and settlements exceed the accepted value: money paid for "
        "items never accepted, so it blocks.",
        blocking=True,
        vnd_definition_vi="Đã thanh toán và quyết toán (không kể tạm ứng) − giá trị nghiệm thu "
        "(đã giới hạn theo giá trị hợp đồng).",
        vnd_definition_en="Paid as payment and settlement (advances excluded) − accepted value "
        "(capped at the contract value).",
        sql="""
            SELECT b.contract_id, NULL AS contract_line_id, NULL AS item_id, NULL AS payment_id,
                   b.agency,
                   b.paid_vnd - b.accepted_value_vnd AS vnd_at_stake,
                   'Đã thanh toán ' || q_vnd(b.paid_vnd) || ', giá trị nghiệm thu '
                     || q_vnd(b.accepted_value_vnd) AS detail_vi
            FROM marts.mart_budget AS b
            WHERE b.year = $year AND b.paid_vnd > b.accepted_value_vnd
        """,
    ),
    SettlementRule(
        code="accepted_outside_period",
        name_vi="Nghiệm thu sản phẩm đăng ngoài thời hạn hợp đồng",
        name_en="Accepted item published outside the contract period",
        explanation_vi="Sản phẩm đăng ngoài thời hạn hợp đồng mà vẫn được nghiệm thu thì không "
        "đủ điều kiện thanh toán, nên chặn.",
        explanation_en="An item published outside the contract period cannot be paid under it, "
        "yet it was accepted, so it blocks.",
        blocking=True,
        vnd_definition_vi="Giá trị sản phẩm theo đơn giá của dòng hợp đồng (chương trình: đơn "
        "giá × số phút).",
        vnd_definition_en="The item's value at its contract line's unit price (programmes: "
        "unit price × minutes).",
        sql=f"""
            WITH contract_items AS ({_CONTRACT_ITEMS})
            SELECT DISTINCT contract_id, contract_line_id, item_id, NULL AS payment_id, agency,
                   item_value_vnd AS vnd_at_stake,
                   'Đăng ngày ' || q_date(published_date) || ', thời hạn hợp đồng '
                     || q_date(start_date) || ' – ' || q_date(end_date) AS detail_vi
            FROM contract_items
            WHERE contract_year = $year AND is_accepted
              AND (published_date < start_date OR published_date > end_date)
        """,
    ),
    SettlementRule(
        code="accepted_by_two_contracts",
        name_vi="Một sản phẩm được nghiệm thu theo hai hợp đồng",
        name_en="One item accepted under two contracts",
        explanation_vi="Một sản phẩm được nghiệm thu ở hai hợp đồng sẽ bị thanh toán hai lần, "
        "nên chặn.",
        explanation_en="An item accepted under two contracts would be paid twice, so it blocks.",
        blocking=True,
        vnd_definition_vi="Tổng giá trị sản phẩm theo các hợp đồng đã nghiệm thu, trừ lần nghiệm "
        "thu có giá trị cao nhất (phần bị trả trùng).",
        vnd_definition_en="The item's value under every accepting contract minus the highest "
        "one (the part paid twice).",
        sql=f"""
            WITH {_ITEM_CLAIMS},
            per_item AS (
                SELECT item_id, any_value(agency) AS agency,
                       count(*) FILTER (WHERE is_accepted) AS accepting_contracts,
                       min(contract_id) FILTER (WHERE is_accepted) AS contract_id,
                       sum(value_vnd) FILTER (WHERE is_accepted)
                         - max(value_vnd) FILTER (WHERE is_accepted) AS vnd_at_stake,
                       string_agg(contract_id, ', ' ORDER BY contract_id)
                         FILTER (WHERE is_accepted) AS contracts,
                       bool_or(year = $year) AS in_year
                FROM claim_values
                GROUP BY item_id
            )
            SELECT contract_id, NULL AS contract_line_id, item_id, NULL AS payment_id, agency,
                   vnd_at_stake,
                   'Nghiệm thu theo các hợp đồng ' || contracts AS detail_vi
            FROM per_item
            WHERE accepting_contracts >= 2 AND in_year
        """,
    ),
    SettlementRule(
        code="unit_price_above_agreed",
        name_vi="Đơn giá vượt mức giá đã thống nhất",
        name_en="Unit price above the agreed ceiling",
        explanation_vi="Đơn giá trong hợp đồng cao hơn mức giá trần đã thống nhất: phần chênh "
        "không được thanh toán, nên chặn.",
        explanation_en="The contract's unit price exceeds the agreed ceiling: the difference "
        "cannot be paid, so it blocks.",
        blocking=True,
        vnd_definition_vi="(Đơn giá − giá trần) × số lượng của dòng hợp đồng.",
        vnd_definition_en="(Unit price − agreed ceiling) × the line's quantity.",
        sql="""
            SELECT contract_id, contract_line_id, NULL AS item_id, NULL AS payment_id, agency,
                   round((unit_price_vnd - max_unit_price_vnd) * quantity) AS vnd_at_stake,
                   'Đơn giá ' || q_vnd(unit_price_vnd) || ' > giá trần '
                     || q_vnd(max_unit_price_vnd) || ' (' || deliverable_type || ', '
                     || coalesce(channel, '?') || ')' AS detail_vi
            FROM marts.dim_contract
            WHERE year = $year AND max_unit_price_vnd IS NOT NULL
              AND unit_price_vnd > max_unit_price_vnd
        """,
    ),
    SettlementRule(
        code="amount_mismatch",
        name_vi="Thành tiền khác số lượng × đơn giá",
        name_en="Amount differs from quantity × unit price",
        explanation_vi="Thành tiền không bằng số lượng × đơn giá thì không biết số nào là đúng "
        "để thanh toán, nên chặn.",
        explanation_en="When the amount is not quantity × unit price nobody knows which figure "
        "is payable, so it blocks.",
        blocking=True,
        vnd_definition_vi="|Thành tiền − số lượng × đơn giá| (làm tròn đến đồng).",
        vnd_definition_en="|amount − quantity × unit price| (rounded to the dong).",
        sql="""
            SELECT contract_id, contract_line_id, NULL AS item_id, NULL AS payment_id, agency,
                   abs(amount_vnd - round(quantity * unit_price_vnd)) AS vnd_at_stake,
                   'Thành tiền ' || q_vnd(amount_vnd) || ' ≠ ' || q_qty(quantity) || ' × '
                     || q_vnd(unit_price_vnd) || ' = ' || q_vnd(quantity * unit_price_vnd)
                     AS detail_vi
            FROM marts.dim_contract
            WHERE year = $year AND abs(amount_vnd - round(quantity * unit_price_vnd)) >= 1
        """,
    ),
    SettlementRule(
        code="non_positive_amount",
        name_vi="Số tiền bằng 0 hoặc âm",
        name_en="Zero or negative amount",
        explanation_vi="Dòng hợp đồng hoặc chứng từ chi có số tiền, đơn giá hay số lượng bằng 0 "
        "hoặc âm làm sai tổng phải trả, nên chặn.",
        explanation_en="A contract line or payment with a zero or negative amount, price or "
        "quantity distorts what is payable, so it blocks.",
        blocking=True,
        vnd_definition_vi="|Số tiền| của dòng hợp đồng hoặc chứng từ chi đó.",
        vnd_definition_en="|amount| of that contract line or payment.",
        sql="""
            SELECT contract_id, contract_line_id, NULL AS item_id, NULL AS payment_id, agency,
                   abs(amount_vnd) AS vnd_at_stake,
                   'Dòng hợp đồng: số lượng ' || q_qty(quantity) || ', đơn giá '
                     || q_vnd(unit_price_vnd) || ', thành tiền ' || q_vnd(amount_vnd)
                     AS detail_vi
            FROM marts.dim_contract
            WHERE year = $year AND (amount_vnd <= 0 OR unit_price_vnd <= 0 OR quantity <= 0)
            UNION ALL
            SELECT p.contract_id, NULL, NULL, p.payment_id, p.agency, abs(p.amount_vnd),
                   'Chứng từ ' || coalesce(p.payment_id, '?') || ' ngày '
                     || coalesce(q_date(p.paid_on), '?')
                     || ': số tiền ' || q_vnd(p.amount_vnd)
            FROM marts.fct_payment AS p
            LEFT JOIN marts.mart_budget AS b ON b.contract_id = p.contract_id
            WHERE coalesce(b.year, p.year) = $year AND p.amount_vnd <= 0
        """,
    ),
    SettlementRule(
        code="claimed_by_two_contracts",
        name_vi="Một sản phẩm được kê khai cho hai hợp đồng",
        name_en="One item claimed by two contracts",
        explanation_vi="Sản phẩm được kê ở hai hợp đồng nhưng chỉ nghiệm thu ở tối đa một hợp "
        "đồng: chưa trả trùng, chỉ cảnh báo.",
        explanation_en="An item is claimed by two contracts but accepted under at most one: "
        "nothing is paid twice, so it only warns.",
        blocking=False,
        vnd_definition_vi="Giá trị sản phẩm theo hợp đồng đã nghiệm thu nó (0 nếu chưa nghiệm "
        "thu).",
        vnd_definition_en="The item's value under the contract that accepted it (0 when none did).",
        sql=f"""
            WITH {_ITEM_CLAIMS},
            per_item AS (
                SELECT item_id, any_value(agency) AS agency,
                       greatest(count(*), max(claim_count)) AS claims,
                       count(*) FILTER (WHERE is_accepted) AS accepting_contracts,
                       min(contract_id) FILTER (WHERE is_accepted) AS accepted_under,
                       coalesce(max(value_vnd) FILTER (WHERE is_accepted), 0) AS vnd_at_stake,
                       string_agg(contract_id, ', ' ORDER BY contract_id) AS claimed_ids,
                       bool_or(year = $year) AS in_year
                FROM claim_values
                GROUP BY item_id
            )
            SELECT accepted_under AS contract_id, NULL AS contract_line_id, item_id,
                   NULL AS payment_id, agency, vnd_at_stake,
                   'Được kê khai cho ' || claims || ' hợp đồng (' || claimed_ids || '); '
                     || coalesce('nghiệm thu theo hợp đồng ' || accepted_under,
                                 'chưa nghiệm thu') AS detail_vi
            FROM per_item
            WHERE claims >= 2 AND accepting_contracts <= 1 AND in_year
        """,
    ),
    SettlementRule(
        code="payment_after_liquidation",
        name_vi="Chi sau ngày thanh lý hợp đồng",
        name_en="Payment after the contract was liquidated",
        explanation_vi="Khoản chi sau ngày thanh lý cần đối chiếu biên bản thanh lý nhưng không "
        "làm thay đổi số phải trả, nên chỉ cảnh báo.",
        explanation_en="A payment after liquidation needs checking against the liquidation "
        "record but does not change what is payable, so it warns.",
        blocking=False,
        vnd_definition_vi="Số tiền của khoản chi sau ngày thanh lý.",
        vnd_definition_en="The amount of the payment made after liquidation.",
        sql="""
            SELECT p.contract_id, NULL AS contract_line_id, NULL AS item_id, p.payment_id,
                   p.agency, p.amount_vnd AS vnd_at_stake,
                   'Chi ngày ' || q_date(p.paid_on) || ', thanh lý ngày '
                     || coalesce(q_date(b.liquidated_on), '?') AS detail_vi
            FROM marts.fct_payment AS p
            LEFT JOIN marts.mart_budget AS b ON b.contract_id = p.contract_id
            WHERE coalesce(b.year, p.year) = $year
              AND (coalesce(p.is_after_liquidation, false) OR p.paid_on > b.liquidated_on)
        """,
    ),
    SettlementRule(
        code="contract_without_delivery",
        name_vi="Hợp đồng chưa có sản phẩm nào được đăng",
        name_en="Contract without any delivered item",
        explanation_vi="Hợp đồng chưa có sản phẩm nào được kê khai hay nghiệm thu thì chưa có gì "
        "để trả; cần theo dõi, nên chỉ cảnh báo.",
        explanation_en="A contract with no item listed or accepted under it has nothing payable "
        "yet; it needs following up, so it warns.",
        blocking=False,
        vnd_definition_vi="Giá trị hợp đồng (chưa được thực hiện).",
        vnd_definition_en="The contract value (not delivered).",
        sql=f"""
            WITH {_ITEM_CLAIMS}
            SELECT b.contract_id, NULL AS contract_line_id, NULL AS item_id, NULL AS payment_id,
                   b.agency, b.contract_value_vnd AS vnd_at_stake,
                   'Chưa có sản phẩm được kê khai; giá trị hợp đồng '
                     || q_vnd(b.contract_value_vnd) || ', đã chi '
                     || q_vnd(coalesce(b.total_disbursed_vnd, 0)) AS detail_vi
            FROM marts.mart_budget AS b
            WHERE b.year = $year
              AND b.contract_id NOT IN (SELECT contract_id FROM claims)
        """,
    ),
    SettlementRule(
        code="advance_above_share",
        name_vi="Tạm ứng vượt tỷ lệ cho phép",
        name_en="Advance above the allowed share",
        explanation_vi="Tạm ứng vượt tỷ lệ cho phép của giá trị hợp đồng cần giải trình nhưng "
        "được trừ khi quyết toán, nên chỉ cảnh báo.",
        explanation_en="Advances above the allowed share of the contract value need explaining "
        "but are deducted at settlement, so it warns.",
        blocking=False,
        vnd_definition_vi="Đã tạm ứng − tỷ lệ cho phép × giá trị hợp đồng.",
        vnd_definition_en="Advanced − allowed share × contract value.",
        sql="""
            SELECT contract_id, NULL AS contract_line_id, NULL AS item_id, NULL AS payment_id,
                   agency,
                   round(advanced_vnd - $advance_cap * contract_value_vnd) AS vnd_at_stake,
                   'Tạm ứng ' || q_vnd(advanced_vnd) || ' = '
                     || replace(format('{:.1f}',
                                       100.0 * advanced_vnd / nullif(contract_value_vnd, 0)),
                                '.', ',')
                     || ' % giá trị hợp đồng, mức cho phép '
                     || format('{:.0f}', 100.0 * $advance_cap) || ' %' AS detail_vi
            FROM marts.mart_budget
            WHERE year = $year AND advanced_vnd > $advance_cap * contract_value_vnd
        """,
    ),
    SettlementRule(
        code="accepted_above_ordered",
        name_vi="Nghiệm thu vượt số lượng đặt hàng",
        name_en="Accepted more than ordered",
        explanation_vi="Phần nghiệm thu vượt số lượng đặt hàng đã bị loại khỏi giá trị được "
        "trả, nên chỉ cảnh báo.",
        explanation_en="Acceptance beyond the ordered quantity is already left out of the "
        "payable value, so it warns.",
        blocking=False,
        vnd_definition_vi="(Số lượng nghiệm thu − số lượng đặt hàng) × đơn giá (không được trả).",
        vnd_definition_en="(Accepted − ordered quantity) × unit price (not payable).",
        sql="""
            SELECT contract_id, contract_line_id, NULL AS item_id, NULL AS payment_id, agency,
                   round((accepted_qty - ordered_qty) * unit_price_vnd) AS vnd_at_stake,
                   'Nghiệm thu ' || q_qty(accepted_qty) || ', đặt hàng ' || q_qty(ordered_qty)
                     || ' ('
                     || deliverable_type || ', ' || coalesce(channel, '?') || ')' AS detail_vi
            FROM marts.mart_contract_fulfilment
            WHERE year = $year AND accepted_qty > ordered_qty
        """,
    ),
    SettlementRule(
        code="published_outside_period",
        name_vi="Sản phẩm đăng ngoài thời hạn hợp đồng (chưa nghiệm thu)",
        name_en="Item published outside the contract period (not accepted)",
        explanation_vi="Sản phẩm kê cho hợp đồng nhưng đăng ngoài thời hạn và chưa nghiệm thu: "
        "không được trả, chỉ cảnh báo.",
        explanation_en="An item claimed for a contract but published outside its period and "
        "not accepted is not paid, so it warns.",
        blocking=False,
        vnd_definition_vi="Giá trị sản phẩm theo đơn giá của dòng hợp đồng (không được trả).",
        vnd_definition_en="The item's value at its contract line's unit price (not payable).",
        sql=f"""
            WITH contract_items AS ({_CONTRACT_ITEMS})
            SELECT DISTINCT contract_id, contract_line_id, item_id, NULL AS payment_id, agency,
                   item_value_vnd AS vnd_at_stake,
                   'Đăng ngày ' || q_date(published_date) || ', thời hạn hợp đồng '
                     || q_date(start_date) || ' – ' || q_date(end_date) AS detail_vi
            FROM contract_items
            WHERE contract_year = $year AND is_listed AND NOT is_accepted
              AND (published_date < start_date OR published_date > end_date)
        """,
    ),
    SettlementRule(
        code="delivered_not_accepted",
        name_vi="Sản phẩm đã đăng nhưng chưa nghiệm thu",
        name_en="Delivered item not accepted",
        explanation_vi="Sản phẩm đăng trong thời hạn nhưng chưa nghiệm thu thì chưa được trả; "
        "cần nghiệm thu hoặc loại, nên cảnh báo.",
        explanation_en="An item published within the period but not accepted is not paid yet; "
        "accept or reject it, so it warns.",
        blocking=False,
        vnd_definition_vi="Giá trị sản phẩm theo đơn giá của dòng hợp đồng (chưa được trả).",
        vnd_definition_en="The item's value at its contract line's unit price (not yet paid).",
        sql=f"""
            WITH contract_items AS ({_CONTRACT_ITEMS})
            SELECT DISTINCT contract_id, contract_line_id, item_id, NULL AS payment_id, agency,
                   item_value_vnd AS vnd_at_stake,
                   'Đăng ngày ' || q_date(published_date) || ': ' || coalesce(title, '')
                     AS detail_vi
            FROM contract_items
            WHERE contract_year = $year AND is_listed AND NOT is_accepted
              AND published_date BETWEEN start_date AND end_date
        """,
    ),
    SettlementRule(
        code="accepted_off_theme",
        name_vi="Sản phẩm nghiệm thu không thuộc lĩnh vực của hợp đồng",
        name_en="Accepted item outside the contract's theme",
        explanation_vi="Lĩnh vực của sản phẩm được phân loại tự động theo từ khóa nên chỉ cảnh "
        "báo để người nghiệm thu xem lại.",
        explanation_en="The item's theme is classified automatically from keywords, so it only "
        "warns for a reviewer to confirm.",
        blocking=False,
        vnd_definition_vi="Giá trị sản phẩm theo đơn giá của dòng hợp đồng.",
        vnd_definition_en="The item's value at its contract line's unit price.",
        sql=f"""
            WITH contract_items AS ({_CONTRACT_ITEMS})
            SELECT DISTINCT contract_id, contract_line_id, item_id, NULL AS payment_id, agency,
                   item_value_vnd AS vnd_at_stake,
                   'Lĩnh vực của sản phẩm: ' || theme_areas || '; hợp đồng: lĩnh vực '
                     || contract_theme_area AS detail_vi
            FROM contract_items
            WHERE contract_year = $year AND is_accepted
              AND NOT coalesce(is_unclassified, false)
              AND nullif(theme_areas, '') IS NOT NULL
              AND contract_theme_area IS NOT NULL
              AND NOT list_contains(
                    string_split(replace(theme_areas, ' ', ''), ';'),
                    CAST(contract_theme_area AS VARCHAR))
        """,
    ),
)

# Beyond settlement: the plan asks the press to answer public concern quickly. Money is not at
# stake, so the rule only warns; it reads the concerns mart and points at the concern's row.
# Only confirmed items answer a concern (mart_public_concern); a keyword-matched candidate
# that would answer in time is named in the detail, so an unreviewed concern is not read as
# an unanswered one, nor the other way round.
CONCERN_RULES: tuple[SettlementRule, ...] = (
    SettlementRule(
        code="concern_unanswered_72h",
        name_vi="Vấn đề dư luận chưa có tin phản hồi đã xác nhận trong 72 giờ",
        name_en="Public concern without a confirmed press answer within 72 hours",
        explanation_vi="Kế hoạch yêu cầu báo chí kịp thời định hướng dư luận; việc này không "
        "làm thay đổi số tiền được quyết toán nên chỉ cảnh báo.",
        explanation_en="The plan asks the press to answer public concern quickly; it does not "
        "change what may be paid, so it warns.",
        blocking=False,
        vnd_definition_vi="Không có số tiền liên quan (0 ₫).",
        vnd_definition_en="No money at stake (0 ₫).",
        located=True,
        # A concern counts only once the coverage reaches 72 hours past its sighting: before
        # that, no answer yet is not a late answer.
        sql="""
            WITH concern_rows AS (
                SELECT concern_id, _source_file, _sheet, _row_number, keywords
                FROM raw.concerns
                WHERE NOT coalesce(_is_duplicate, false)
                QUALIFY row_number() OVER (
                    PARTITION BY trim(concern_id)
                    ORDER BY _loaded_at DESC, _source_file DESC, _sheet DESC, _row_number DESC
                ) = 1
            )
            SELECT NULL AS contract_id, NULL AS contract_line_id,
                   c.first_response_item_id AS item_id, NULL AS payment_id,
                   c.first_response_agency AS agency, 0 AS vnd_at_stake,
                   'Vấn đề ' || c.concern_id || ' (' || coalesce(c.description, '')
                     || '), phát hiện ' || strftime(c.first_seen_at, '%d/%m/%Y %H:%M') || ': '
                     || CASE WHEN c.response_hours IS NULL
                        THEN 'chưa có tin phản hồi đã được xác nhận của cơ quan báo chí trong '
                             || 'danh mục hoặc có hợp đồng'
                        ELSE 'tin phản hồi đã xác nhận đầu tiên sau '
                             || replace(format('{:.1f}', c.response_hours), '.', ',') || ' giờ'
                        END
                     || CASE WHEN c.candidate_response_hours <= 72
                             AND c.candidate_response_hours
                                 < coalesce(c.response_hours, 'infinity'::DOUBLE)
                        THEN '; có tin ứng viên chờ duyệt sau '
                             || replace(format('{:.1f}', c.candidate_response_hours), '.', ',')
                             || ' giờ (chưa được tính)'
                        ELSE '' END AS detail_vi,
                   r._source_file AS source_file, r._sheet AS source_sheet,
                   r._row_number AS source_row, r.keywords AS source_value
            FROM marts.mart_public_concern AS c
            LEFT JOIN concern_rows AS r ON trim(r.concern_id) = c.concern_id
            WHERE c.year = $year AND NOT c.is_answered_within_72h
              AND c.first_seen_at + INTERVAL 72 HOUR
                  <= (SELECT max(published_at) FROM marts.fct_coverage)
        """,
    ),
)

RULES: tuple[SettlementRule, ...] = SETTLEMENT_RULES + CONCERN_RULES

RULES_BY_CODE: dict[str, SettlementRule] = {rule.code: rule for rule in RULES}

VIOLATION_COLUMNS = (
    "contract_id",
    "contract_line_id",
    "item_id",
    "payment_id",
    "agency",
    "vnd_at_stake",
    "detail_vi",
    "source_file",
    "source_sheet",
    "source_row",
    "source_value",
)


def _parse_money(text: str | None) -> int | None:
    return parse_money(text) if text else None


def define_sql_helpers(con: duckdb.DuckDBPyConnection) -> None:
    for statement in SQL_HELPERS:
        con.execute(statement)
    # A quarantined row's amount as typed, read by the very parser ingestion uses.
    with contextlib.suppress(duckdb.Error):  # already defined on this connection
        con.create_function(
            "q_parse_money", _parse_money, ["VARCHAR"], "BIGINT", null_handling="special"
        )


def violations_query(rule: SettlementRule, year: int, advance_cap: float) -> tuple[str, dict]:
    """The rule's query in the shape of quality.rule_violations, and its parameters."""
    params: dict[str, object] = {}
    if "$year" in rule.sql:
        params["year"] = year
    if "$advance_cap" in rule.sql:
        params["advance_cap"] = advance_cap
    # Ids as text and money in whole dong, so every rule's rows share one shape.
    where = (
        "CAST(source_file AS VARCHAR) AS source_file, "
        "CAST(source_sheet AS VARCHAR) AS source_sheet, "
        "CAST(source_row AS INTEGER) AS source_row, "
        "CAST(source_value AS VARCHAR) AS source_value"
        if rule.located
        else "NULL::VARCHAR AS source_file, NULL::VARCHAR AS source_sheet, "
        "NULL::INTEGER AS source_row, NULL::VARCHAR AS source_value"
    )
    query = f"""
        SELECT CAST(contract_id AS VARCHAR) AS contract_id,
               CAST(contract_line_id AS VARCHAR) AS contract_line_id,
               CAST(item_id AS VARCHAR) AS item_id,
               CAST(payment_id AS VARCHAR) AS payment_id,
               CAST(agency AS VARCHAR) AS agency,
               CAST(round(coalesce(vnd_at_stake, 0)) AS BIGINT) AS vnd_at_stake,
               CAST(detail_vi AS VARCHAR) AS detail_vi,
               {where}
        FROM ({rule.sql}) AS violations
    """
    return query, params


def find_violations(
    con: duckdb.DuckDBPyConnection, rule: SettlementRule, year: int, advance_cap: float = 0.30
) -> list[tuple]:
    """The rows that break `rule`, as tuples in VIOLATION_COLUMNS order, largest VND first."""
    query, params = violations_query(rule, year, advance_cap)
    ordered = (
        f"SELECT * FROM ({query}) ORDER BY vnd_at_stake DESC, contract_id, contract_line_id, "
        "item_id, payment_id"
    )
    return con.execute(ordered, params).fetchall()
