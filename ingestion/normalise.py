"""Turning what people type into canonical values: text keys, money, numbers, dates, URLs.

Money grammar (VND; one parser, money_stages, for every money column). After trimming, case
and accent folding, a cell is

    money    := "(" amount ")" | sign? amount           -- "(…)" and "-" both mean negative
    amount   := currency? number unit? currency?
    currency := "₫" | "đ" | "VND" | "VNĐ" | "đồng"       -- carries no value
    unit     := "tỷ" | "tỉ" | "triệu" | "tr" | "nghìn" | "ngàn" | "k"

    without a unit, number is one of
      digits                       1250000
      grouped                      1.250.000 | 1,250,000 | 1 250 000   (groups of three, one
                                   kind of separator; a lone "1.250" is 1250)
      grouped/digits "," d{1,2}    1.250.000,00   (the decimal part after a dot grouping)
      grouped/digits "." d{1,2}    1,250,000.00   (the decimal part after a comma grouping)
    with a unit, number is
      digits ([.,] d{1,9})?        1,25 tỷ | 1.5 tr | 500 triệu   (one decimal separator)
      grouped with two or more separators of one kind     1.500.000 nghìn

The result must be a whole number of đồng ("1.250.000,5" and "0,5 đ" are refused as
fractional_money). Values with two readings are refused as ambiguous_money, never guessed:
separators of both kinds in the shape of groups ("238,000.000", "1.250,000"), and a unit
after a lone separator and three digits ("1.500 triệu": 1,5 or 1.500). Anything else ("1e8",
"1.25.000", "12,34,5", unbalanced parentheses, a sign inside parentheses) is invalid_money.
Whether a negative amount is allowed is the column's business (ingestion.validate).

Every parser is made of Polars expressions, so a million-row file is parsed column by column,
never row by row in Python; the scalar helpers at the bottom (parse_money, parse_date, ...) run
the very same parsers on one value, for callers and tests that hold a single string.
"""

import re
import unicodedata
from datetime import date, datetime

import polars as pl

from ingestion.vocabulary import (
    BIDI_CONTROLS,
    LOCAL_UTC_OFFSET_MINUTES,
    MONEY_UNITS,
    THEME_AREA_MIN_PREFIX,
    THEME_AREA_NAMES,
    THEME_AREA_NUMBER_PREFIXES,
    TICK_MARKS,
)

# --- text keys ----------------------------------------------------------------------------


_BIDI = f"[{BIDI_CONTROLS}]"
# The same characters in UTF-8 (all E2 80 xx or E2 81 xx), to remove them from a whole text
# file at once; the literal first byte keeps the search fast.
BIDI_UTF8 = re.compile(
    b"\xe2(?:" + b"|".join(re.escape(c.encode()[1:]) for c in BIDI_CONTROLS) + b")"
)
assert all(c.encode()[0] == 0xE2 for c in BIDI_CONTROLS)


def nfc(text: object) -> str:
    """Text (of any value) in NFC, without bidirectional control characters
    (vocabulary.BIDI_CONTROLS)."""
    return re.sub(_BIDI, "", unicodedata.normalize("NFC", str(text)))


def fold(text: str) -> str:
    """Drop diacritics: NFD, remove combining marks, and map đ/Đ (a letter of its own) to d/D."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return bare.replace("đ", "d").replace("Đ", "D")


def slugify(text: object, max_length: int = 80) -> str:
    """'Báo Hải Phòng' -> 'bao-hai-phong': lower-case ASCII letters and digits joined by single
    hyphens, at most `max_length` characters, for file names and web addresses. Compatibility
    forms (full-width letters, ligatures) count as their plain letters; None is ''."""
    plain = fold(unicodedata.normalize("NFKC", "" if text is None else str(text)))
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", plain).strip("-").lower()
    return slug[:max_length].rstrip("-")


def label_key(text: str) -> str:
    """The form labels are compared in: accent-folded, lower case, words split by one space."""
    ticked = re.sub(f"[{TICK_MARKS}]", "x", text)
    return re.sub(r"[^0-9a-z]+", " ", fold(ticked).lower()).strip()


def header_key(text: str) -> str:
    """Header labels compare without any spacing or punctuation: "Thời lượng (phút)"."""
    return label_key(text).replace(" ", "")


def fold_expr(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.normalize("NFD")
        .str.replace_all(r"\p{M}+", "")
        .str.replace_all("đ", "d", literal=True)
        .str.replace_all("Đ", "D", literal=True)
    )


def label_key_expr(expr: pl.Expr) -> pl.Expr:
    ticked = expr.str.replace_all(f"[{TICK_MARKS}]", "x")
    return (
        fold_expr(ticked).str.to_lowercase().str.replace_all(r"[^0-9a-z]+", " ").str.strip_chars()
    )


def clean_text_expr(expr: pl.Expr) -> pl.Expr:
    """Trimmed text, with an empty cell read as missing."""
    stripped = expr.str.strip_chars()
    return pl.when(stripped.str.len_chars() > 0).then(stripped)


def identifier_expr(expr: pl.Expr) -> pl.Expr:
    """Ids (contract numbers, voucher numbers) with runs of spaces collapsed to one."""
    return clean_text_expr(expr).str.replace_all(r"\s+", " ")


def label_map(labels: dict) -> dict[str, object]:
    """{label key: code} for an enumeration's labels; each code is also its own label."""
    mapping: dict[str, object] = {}
    for code, names in labels.items():
        for name in (str(code), *names):
            key = label_key(name)
            if key:
                mapping[key] = code
    return mapping


def enum_expr(expr: pl.Expr, labels: dict, dtype: pl.DataType = pl.String) -> pl.Expr:
    """The canonical code for a label, NULL when the label is unknown (or the cell empty)."""
    return label_key_expr(expr).replace_strict(label_map(labels), default=None, return_dtype=dtype)


# --- staged parsers ----------------------------------------------------------------------
# A parser is a list of stages: each stage is a set of named expressions computed together
# (in parallel) from the columns of earlier stages, so a regular expression runs once per
# value however many parts are taken from its match. Columns a parser adds are prefixed with
# its output name; `parse_distinct` evaluates a parser once per distinct value of a column.

Stages = list[dict[str, pl.Expr]]


def apply_stages(frame: pl.DataFrame, stages: Stages) -> pl.DataFrame:
    for stage in stages:
        frame = frame.with_columns(**stage)
    return frame


def parse_distinct(
    frame: pl.DataFrame, column: str, stages: Stages, outputs: list[str]
) -> pl.DataFrame:
    """`frame` with `outputs` added, computed on the distinct values of `column` only: a column
    of a million dates holds a few thousand different ones."""
    distinct = frame.select(pl.col(column).unique())
    parsed = apply_stages(distinct, stages).select(column, *outputs)
    return frame.join(parsed, on=column, how="left", nulls_equal=True, maintain_order="left")


# --- theme areas --------------------------------------------------------------------------

_AREA_NUMBER = re.compile(
    r"^(?:(?:"
    + "|".join(sorted((label_key(p) for p in THEME_AREA_NUMBER_PREFIXES), key=len, reverse=True))
    + r")\s*)?([1-5])(?:\s|$)"
)


def theme_area_stages(column: str, out: str) -> Stages:
    """1..5 from a number ("2", "Lĩnh vực 2", "2. Kinh tế ...") or a clear prefix of a name."""
    key = pl.col(f"{out}__key")
    number = key.str.extract(_AREA_NUMBER.pattern, 1).cast(pl.Int32, strict=False)
    name_hits = [
        (
            pl.lit(label_key(vi)).str.starts_with(key) | pl.lit(label_key(en)).str.starts_with(key)
        ).fill_null(False)
        & (key.str.len_chars() >= THEME_AREA_MIN_PREFIX)
        for vi, en in THEME_AREA_NAMES.values()
    ]
    by_name = pl.coalesce(
        [
            pl.when(hit).then(pl.lit(area, pl.Int32))
            for area, hit in zip(THEME_AREA_NAMES, name_hits, strict=True)
        ]
    )
    unique_name = pl.sum_horizontal([hit.cast(pl.Int32) for hit in name_hits]) == 1
    return [
        {f"{out}__key": label_key_expr(clean_text_expr(pl.col(column)))},
        {out: pl.coalesce([number, pl.when(unique_name).then(by_name)])},
    ]


# --- numbers and money --------------------------------------------------------------------

_UNIT_FACTORS = {label_key(unit): factor for unit, factor in MONEY_UNITS.items()}
_UNIT_ALTERNATION = "|".join(sorted(_UNIT_FACTORS, key=len, reverse=True))
_NUMBER = (
    r"^(?P<sign>[+-]?)\s*(?P<digits>\d(?:[\d.,\s']*\d)?)\s*(?P<unit>" + _UNIT_ALTERNATION + r")?$"
)


def number_stages(column: str, out: str, *, thousands: bool) -> Stages:
    """A Float64 from a number as Vietnamese and English users write it; NULL if unreadable.

    Dots and commas are read by shape: "1.250.000" and "1,250,000" group thousands,
    "1.250.000,5" and "1,250,000.5" carry a decimal part, "1,25 tỷ" and "8,5" are decimals.
    A lone separator followed by exactly three digits ("1.250") is ambiguous: with
    `thousands=True` (money, counts) it groups thousands, otherwise (scores, shares) it is a
    decimal point. Units (tỷ, triệu, nghìn, k) multiply; currency marks (₫, đ, VND) are ignored.
    """
    text = fold_expr(clean_text_expr(pl.col(column)).str.replace_all("₫", " ", literal=True))
    text = (
        text.str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.replace(r"^vnd\s*", "")
        .str.replace(r"\s*(?:vnd|dong|d)\.?$", "")
    )
    parts = pl.col(f"{out}__parts")
    digits = pl.col(f"{out}__digits")
    unit = pl.col(f"{out}__unit")
    separators = digits.str.count_matches(r"[.,]")
    grouped = digits.str.contains(r"^\d{1,3}(?:\.\d{3})+$") | digits.str.contains(
        r"^\d{1,3}(?:,\d{3})+$"
    )
    numeric_text = (
        pl.when(digits.str.contains(r"^\d+$"))
        .then(digits)
        .when(grouped & ((separators > 1) | (pl.lit(thousands) & unit.is_null())))
        .then(digits.str.replace_all(r"[.,]", ""))
        .when(digits.str.contains(r"^\d+\.\d+$"))
        .then(digits)
        .when(digits.str.contains(r"^\d+,\d+$"))
        .then(digits.str.replace(",", ".", literal=True))
        .when(digits.str.contains(r"^\d{1,3}(?:\.\d{3})+,\d+$"))
        .then(digits.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(digits.str.contains(r"^\d{1,3}(?:,\d{3})+\.\d+$"))
        .then(digits.str.replace_all(",", "", literal=True))
    )
    factor = unit.replace_strict(_UNIT_FACTORS, default=1, return_dtype=pl.Float64)
    sign = pl.when(pl.col(f"{out}__sign") == "-").then(-1.0).otherwise(1.0)
    return [
        {f"{out}__parts": text.str.extract_groups(_NUMBER)},
        {
            f"{out}__digits": parts.struct.field("digits").str.replace_all(r"[\s']", ""),
            f"{out}__unit": parts.struct.field("unit"),
            f"{out}__sign": parts.struct.field("sign"),
        },
        {out: numeric_text.cast(pl.Float64, strict=False) * factor * sign},
    ]


_CURRENCY = r"(?:vnd|dong|d)\.?"  # ₫, VNĐ, VND, đồng, đ after folding and lower case
_MONEY = (
    r"^(?P<open>\()?\s*(?:" + _CURRENCY + r"\s*)?(?P<sign>[+-])?\s*(?P<body>\d[\d., ]*?)\s*"
    r"(?P<unit>" + _UNIT_ALTERNATION + r")?\s*(?:" + _CURRENCY + r")?\s*(?P<close>\))?$"
)
_GROUPED = r"^\d{1,3}(?:(?:\.\d{3})+|(?:,\d{3})+|(?: \d{3})+)$"
_GROUPED_TWICE = r"^\d{1,3}(?:(?:\.\d{3}){2,}|(?:,\d{3}){2,}|(?: \d{3}){2,})$"
_DECIMAL_COMMA = r"^(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})$"
_DECIMAL_POINT = r"^(\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,2})$"
_UNIT_DECIMAL = r"^(\d+)[.,](\d{1,9})$"
_LONE_THREE = r"^\d{1,3}[.,]\d{3}$"
_MIXED_GROUPS = r"^\d{1,3}(?:[.,]\d{3})+$"
_MAX_VND = 2**62


def money_stages(column: str, out: str) -> Stages:
    """Whole VND (Int64) by the money grammar of the module docstring, negative for a minus
    sign or parentheses; NULL when the cell gives no amount. `out`__problem says why a present
    value gave none: invalid_money, ambiguous_money or fractional_money."""
    text = fold_expr(clean_text_expr(pl.col(column)).str.replace_all("₫", " vnd ", literal=True))
    text = text.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    parts = pl.col(f"{out}__parts").struct.field
    body, unit = pl.col(f"{out}__body"), pl.col(f"{out}__unit")
    plain = body.str.contains(r"^\d+$")

    def unitless(group: int) -> pl.Expr:
        taken = pl.when(plain).then(body if group == 1 else None)
        if group == 1:
            taken = taken.when(body.str.contains(_GROUPED)).then(body)
        return (
            taken.when(body.str.contains(_DECIMAL_COMMA))
            .then(body.str.extract(_DECIMAL_COMMA, group))
            .when(body.str.contains(_DECIMAL_POINT))
            .then(body.str.extract(_DECIMAL_POINT, group))
        )

    def with_unit(group: int) -> pl.Expr:
        taken = pl.when(body.str.contains(_LONE_THREE)).then(None)
        if group == 1:
            taken = taken.when(plain | body.str.contains(_GROUPED_TWICE)).then(body)
        return taken.when(body.str.contains(_UNIT_DECIMAL)).then(
            body.str.extract(_UNIT_DECIMAL, group)
        )

    whole_text = pl.when(unit.is_null()).then(unitless(1)).otherwise(with_unit(1))
    fraction_text = pl.when(unit.is_null()).then(unitless(2)).otherwise(with_unit(2))
    whole, fraction = pl.col(f"{out}__whole"), pl.col(f"{out}__fraction")
    fraction_digits = pl.col(f"{out}__fraction_digits")
    factor = pl.col(f"{out}__factor")
    scale = pl.lit(10, pl.Int64).pow(fraction_digits)
    fraction_vnd = (fraction * factor).fill_null(0)
    exact = (fraction_vnd % pl.when(fraction.is_null()).then(1).otherwise(scale)) == 0
    amount = whole * factor + pl.when(fraction.is_null()).then(0).otherwise(fraction_vnd // scale)
    sign = pl.when(pl.col(f"{out}__negative")).then(-1).otherwise(1)
    well_formed = pl.col(f"{out}__well_formed")
    value = pl.when(well_formed & (whole <= _MAX_VND // factor) & exact).then(amount * sign)
    ambiguous = body.str.contains(_MIXED_GROUPS) & ~body.str.contains(_GROUPED)
    ambiguous = ambiguous | (unit.is_not_null() & body.str.contains(_LONE_THREE))
    problem = (
        pl.when(text.is_null() | pl.col(out).is_not_null())
        .then(None)
        .when(well_formed & whole.is_not_null() & ~exact)
        .then(pl.lit("fractional_money"))
        .when(ambiguous.fill_null(False))
        .then(pl.lit("ambiguous_money"))
        .otherwise(pl.lit("invalid_money"))
    )
    parenthesised = parts("open").is_not_null()
    return [
        {f"{out}__parts": text.str.extract_groups(_MONEY)},
        {
            f"{out}__body": parts("body").str.strip_chars(),
            f"{out}__unit": parts("unit"),
            f"{out}__negative": parenthesised | (parts("sign") == "-"),
            # Parentheses come in pairs and replace a sign rather than add to one.
            f"{out}__well_formed": (parenthesised == parts("close").is_not_null())
            & ~(parenthesised & parts("sign").is_not_null()),
        },
        {f"{out}__factor": unit.replace_strict(_UNIT_FACTORS, default=1, return_dtype=pl.Int64)},
        {
            f"{out}__whole": whole_text.str.replace_all(r"[., ]", "").cast(pl.Int64, strict=False),
            f"{out}__fraction": fraction_text.cast(pl.Int64, strict=False),
            f"{out}__fraction_digits": fraction_text.str.len_chars().cast(pl.Int64),
        },
        {out: value.cast(pl.Int64)},
        {f"{out}__problem": problem},
    ]


def share_stages(column: str, out: str) -> Stages:
    """A share in 0..1 from "0,35", "35%" or "35" (a plain number above 1 is a percentage)."""
    percent_free = f"{out}__text"
    stages = [
        {
            percent_free: pl.col(column).str.replace_all("%", "", literal=True),
            f"{out}__percent": pl.col(column).str.contains("%", literal=True),
        }
    ]
    stages += number_stages(percent_free, f"{out}__number", thousands=False)
    value = pl.col(f"{out}__number")
    is_percent = pl.col(f"{out}__percent") | (value > 1)
    return stages + [{out: pl.when(is_percent).then(value / 100).otherwise(value)}]


# --- dates and times ----------------------------------------------------------------------

_TIME = r"(?:[Tt\s,]+(?P<H>\d{1,2})[:hH](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
_DATE_PATTERNS = (
    # ISO and year-first: 2025-03-15, 2025/3/15 10:30, 2025-03-15T10:30:00+07:00
    r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    + _TIME
    + r"\s*(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?$",
    # day first, as Vietnamese write dates: 15/03/2025, 1/3/2025, 15-03-2025 08:30
    r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})" + _TIME + r"$",
    # in words: "ngày 15 tháng 3 năm 2025" (text is NFC; accents may be left out)
    r"(?i)^ng[aà]y\s+(?P<d>\d{1,2})\s+th[aá]ng\s+(?P<m>\d{1,2})\s+n[aă]m\s+(?P<y>\d{4})$",
)
# Excel's day count (1900 system; 1899-12-30 is day 0) when a date cell lost its date format.
_EXCEL_SERIAL = r"^(?P<days>\d{5})(?:\.(?P<fraction>\d+))?$"
_EXCEL_EPOCH = datetime(1899, 12, 30)


def timestamp_stages(column: str, out: str) -> Stages:
    """`out`: the local timestamp of a date/time cell; `out`__shaped: whether the text looked
    like a date, which tells "31/02/2025" (no such day) from text that is no date at all.
    A time with a UTC offset is converted to Vietnam's local time."""
    text = clean_text_expr(pl.col(column))
    match_names = [f"{out}__match{i}" for i in range(len(_DATE_PATTERNS))]

    def part(name: str) -> pl.Expr:
        return pl.coalesce(
            [
                pl.col(m).struct.field(name)
                for m, p in zip(match_names, _DATE_PATTERNS, strict=True)
                if f"<{name}>" in p
            ]
        )

    stamp_text = pl.concat_str(
        [
            part("y"),
            pl.lit("-"),
            part("m").str.zfill(2),
            pl.lit("-"),
            part("d").str.zfill(2),
            pl.lit(" "),
            part("H").fill_null("0").str.zfill(2),
            pl.lit(":"),
            part("M").fill_null("00"),
            pl.lit(":"),
            part("S").fill_null("00"),
        ]
    )
    zone = pl.col(match_names[0]).struct.field("tz").str.to_lowercase()
    zone_parts = zone.str.extract_groups(r"^(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})?$")
    offset = (
        pl.when(zone == "z")
        .then(0)
        .otherwise(
            (
                zone_parts.struct.field("h").cast(pl.Int64) * 60
                + zone_parts.struct.field("m").fill_null("0").cast(pl.Int64)
            )
            * pl.when(zone_parts.struct.field("sign") == "-").then(-1).otherwise(1)
        )
    )
    serial = pl.col(f"{out}__serial")
    days = serial.struct.field("days").cast(pl.Int64, strict=False)
    fraction = pl.concat_str([pl.lit("0."), serial.struct.field("fraction").fill_null("0")])
    seconds = (fraction.cast(pl.Float64, strict=False) * 86_400).round(0).cast(pl.Int64)

    stamp = pl.col(f"{out}__stamp")
    local = (
        pl.when(pl.col(f"{out}__offset").is_null())
        .then(stamp)
        .otherwise(stamp + pl.duration(minutes=LOCAL_UTC_OFFSET_MINUTES - pl.col(f"{out}__offset")))
    )
    serial_days = pl.col(f"{out}__days")
    return [
        {
            **{
                m: text.str.extract_groups(p)
                for m, p in zip(match_names, _DATE_PATTERNS, strict=True)
            },
            f"{out}__serial": text.str.extract_groups(_EXCEL_SERIAL),
        },
        {
            f"{out}__stamp": stamp_text.str.strptime(
                pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False
            ),
            f"{out}__offset": offset,
            f"{out}__days": days,
            f"{out}__seconds": seconds,
            f"{out}__shaped": pl.any_horizontal(
                [pl.col(m).struct.field("y").is_not_null() for m in match_names]
                + [days.is_not_null()]
            ),
        },
        {
            out: pl.when(serial_days.is_not_null())
            .then(
                pl.lit(_EXCEL_EPOCH)
                + pl.duration(days=serial_days, seconds=pl.col(f"{out}__seconds"))
            )
            .otherwise(local)
            .cast(pl.Datetime("us"))
        },
    ]


# --- web addresses ------------------------------------------------------------------------

URL_PATTERN = r"(?i)^https?://[^\s/?#@:]+\.[^\s/?#@:]+(?::\d+)?(?:[/?#]\S*)?$"
HOST_PATTERN = r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$"


def url_key_expr(expr: pl.Expr) -> pl.Expr:
    """The URL an item is identified by: scheme and host in lower case, no fragment, no
    trailing slash."""
    parts = expr.str.extract_groups(r"^(?P<origin>[A-Za-z]+://[^/?#]+)(?P<rest>[^#]*)")
    origin = parts.struct.field("origin").str.to_lowercase()
    return pl.concat_str([origin, parts.struct.field("rest").str.replace(r"/+$", "")])


def host_expr(expr: pl.Expr) -> pl.Expr:
    """A bare host from "https://www.baohaiphong.vn/rss" or "baohaiphong.vn"."""
    return (
        expr.str.strip_chars()
        .str.to_lowercase()
        .str.replace(r"^[a-z][a-z0-9+.-]*://", "")
        .str.replace(r"[/?#].*$", "")
        .str.replace(r":\d+$", "")
        .str.replace(r"^www\.", "")
    )


# --- one value at a time (same parsers) --------------------------------------------------


def _one(stages: Stages, text: str | None):
    """Run a parser reading column "text" and writing column "out" on one value."""
    frame = pl.DataFrame({"text": [text]}, schema={"text": pl.String})
    return apply_stages(frame, stages)["out"].item()


def parse_money(text: str | None) -> int | None:
    return _one(money_stages("text", "out"), text)


def parse_number(text: str | None, *, thousands: bool = False) -> float | None:
    return _one(number_stages("text", "out", thousands=thousands), text)


def parse_share(text: str | None) -> float | None:
    return _one(share_stages("text", "out"), text)


def parse_timestamp(text: str | None) -> datetime | None:
    return _one(timestamp_stages("text", "out"), text)


def parse_date(text: str | None) -> date | None:
    value = parse_timestamp(text)
    return value.date() if value else None


def parse_theme_area(text: str | None) -> int | None:
    return _one(theme_area_stages("text", "out"), text)


def bare_host(text: str | None) -> str | None:
    """The host of a link or feed address, without "www.": "https://www.baohaiphong.vn/rss"
    gives "baohaiphong.vn"; None when there is no host."""
    if not text:
        return None
    return _one([{"out": host_expr(pl.col("text"))}], text) or None
