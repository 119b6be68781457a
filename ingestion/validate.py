"""Row validation: each source's columns typed and checked, failing rows set apart.

A row either loads with every value typed and canonical, or goes to quarantine with the first
problem found (in column order), the cell's value, and a reason in English and Vietnamese.
All checks are Polars expressions over whole columns, so a large file validates as fast as a
small one.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from ingestion.agencies import AgencyDirectory
from ingestion.normalise import (
    HOST_PATTERN,
    URL_PATTERN,
    Stages,
    apply_stages,
    clean_text_expr,
    enum_expr,
    host_expr,
    identifier_expr,
    label_key_expr,
    money_stages,
    number_stages,
    parse_distinct,
    share_stages,
    theme_area_stages,
    timestamp_stages,
    url_key_expr,
)
from ingestion.readers import ISSUE_CODE, ISSUE_COLUMN, ISSUE_VALUE, ROW_NUMBER, SHEET, RawRows
from ingestion.schemas import RAW_TABLES, SOURCES
from ingestion.vocabulary import (
    BOOLEAN_LABELS,
    CHANNEL_LABELS,
    DEFAULT_EVENT_WINDOW_DAYS,
    DELIVERABLE_TYPE_LABELS,
    HEADER_ALIASES,
    INDEX_CODE_LABELS,
    MAX_FIELD_CHARS,
    MEDIA_TYPE_LABELS,
    PAYMENT_KIND_LABELS,
    PLAUSIBLE_YEARS,
    REASONS,
    REVIEW_ACTION_LABELS,
    TIER_LABELS,
    TONE_LABELS,
)

URL_KEY = "_url_key"  # coverage only: what item_id is computed from
_VALUE_CHARS = 1_000  # a quarantined cell's value is kept up to this length
_SLICE_ROWS = 200_000


@dataclass(frozen=True)
class Field:
    """How one column is read: its kind, allowed values or range, and a default."""

    name: str
    kind: str  # text, id, agency, date, timestamp, money, number, integer, share, enum,
    # theme, boolean, url, host, aliases, keywords
    labels: dict | None = None  # enum: code -> labels
    unknown: str = ""  # enum: reason code for a label not in `labels`
    minimum: float | None = None
    maximum: float | None = None
    thousands: bool = True  # numbers: does a lone "1.250" group thousands?
    negative: bool = False  # money: may the amount be negative ("-5.000", "(5.000)")?
    default: object = None


FIELDS: dict[str, tuple[Field, ...]] = {
    "contracts": (
        Field("contract_id", "id"),
        Field("agency", "agency"),
        Field("signed_on", "date"),
        Field("start_date", "date"),
        Field("end_date", "date"),
        Field("liquidated_on", "date"),
        Field("deliverable_type", "enum", DELIVERABLE_TYPE_LABELS, "unknown_deliverable_type"),
        Field("channel", "enum", CHANNEL_LABELS, "unknown_channel"),
        Field("theme_area", "theme"),
        Field("quantity", "number", minimum=0),
        Field("unit_price_vnd", "money"),
        Field("amount_vnd", "money"),
    ),
    "payments": (
        Field("payment_id", "id"),
        Field("contract_id", "id"),
        Field("paid_on", "date"),
        Field("amount_vnd", "money"),
        Field("kind", "enum", PAYMENT_KIND_LABELS, "unknown_payment_kind"),
    ),
    "coverage": (
        Field("agency", "agency"),
        Field("published_at", "timestamp"),
        Field("title", "text"),
        Field("url", "url"),
        Field("deliverable_type", "enum", DELIVERABLE_TYPE_LABELS, "unknown_deliverable_type"),
        Field("channel", "enum", CHANNEL_LABELS, "unknown_channel"),
        Field("contract_id", "id"),
        Field("accepted", "boolean"),
        Field("duration_min", "number", minimum=0, thousands=False),
        Field("views", "integer", minimum=0),
        Field("summary", "text"),
    ),
    "indices": (
        Field("index_code", "enum", INDEX_CODE_LABELS, "unknown_index_code"),
        Field("year", "integer", minimum=PLAUSIBLE_YEARS[0], maximum=PLAUSIBLE_YEARS[1]),
        Field("province", "text"),
        Field("component", "text"),
        Field("score", "number", minimum=0, thousands=False),
        Field("scale_max", "number", minimum=0, thousands=False),
        Field("rank", "integer", minimum=1),
        Field("source", "text"),
        Field("note", "text"),
        Field("is_placeholder", "boolean", default=False),
    ),
    "agencies": (
        Field("agency", "text"),
        Field("aliases", "aliases"),
        Field("tier", "enum", TIER_LABELS, "unknown_tier"),
        Field("media_type", "enum", MEDIA_TYPE_LABELS, "unknown_media_type"),
        Field("reach_estimate", "integer", minimum=0),
        Field("reach_basis", "text"),
        Field("feed_host", "host"),
    ),
    "events": (
        Field("event_id", "id"),
        Field("name", "text"),
        Field("start_date", "date"),
        Field("end_date", "date"),
        Field("theme_area", "theme"),
        Field("window_days", "integer", minimum=0, maximum=366, default=DEFAULT_EVENT_WINDOW_DAYS),
    ),
    "reviews": (
        Field("action", "enum", REVIEW_ACTION_LABELS, "unknown_review_action"),
        Field("source_file", "text"),
        Field("sheet", "text"),
        Field("row_number", "integer", minimum=1),
        Field("column_name", "text"),
        Field("new_value", "text"),
        Field("item_url", "url"),
        Field("other_url", "url"),
        Field("contract_id", "id"),
        Field("theme_area", "theme"),
        Field("event_id", "id"),
        Field("tone", "enum", TONE_LABELS, "unknown_tone"),
        Field("concern_id", "id"),
        Field("reviewer", "text"),
        Field("reviewed_on", "date"),
        Field("note", "text"),
    ),
    "targets": (
        Field("year", "integer", minimum=PLAUSIBLE_YEARS[0], maximum=PLAUSIBLE_YEARS[1]),
        Field("theme_area", "theme"),
        Field("deliverable_type", "enum", DELIVERABLE_TYPE_LABELS, "unknown_deliverable_type"),
        Field("planned_items", "integer", minimum=0),
        Field("planned_share", "share", minimum=0, maximum=1),
        Field("planned_budget_vnd", "money"),
    ),
    "concerns": (
        Field("concern_id", "id"),
        Field("first_seen_at", "timestamp"),
        Field("description", "text"),
        Field("keywords", "keywords"),
        Field("theme_area", "theme"),
        Field("response_at", "timestamp"),
        Field("response_channel", "text"),
    ),
}

# (later column, earlier column): the later one may not come before the earlier one.
DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "contracts": (("end_date", "start_date"),),
    "events": (("end_date", "start_date"),),
}

# Money files: their dates must lie within a year of the file's dominant year (the year most
# of its dates fall in). The loader serves every year of an inbox that may hold several, so
# the window comes from the file itself, not from the year a run evaluates: a payment dated
# 15/03/2099 or 1925 in a 2025 file is quarantined, a 2024 file beside it loads as it is.
YEAR_WINDOW_DATES: dict[str, tuple[str, ...]] = {
    "contracts": ("signed_on", "start_date", "end_date", "liquidated_on"),
    "payments": ("paid_on",),
}
YEAR_WINDOW_SPAN = 1  # years either side of the dominant year

# Sources with an agency column, checked against the agencies list (when it is not empty).
# Payments name a contract, not an agency.
AGENCY_CHECKED_SOURCES = ("contracts", "coverage")

_DUCKDB_TYPES = {
    "VARCHAR": pl.String,
    "DATE": pl.Date,
    "TIMESTAMP": pl.Datetime("us"),
    "INTEGER": pl.Int32,
    "BIGINT": pl.Int64,
    "DOUBLE": pl.Float64,
    "BOOLEAN": pl.Boolean,
}


@dataclass(frozen=True)
class Check:
    column: str  # canonical column the problem is reported against
    bad: pl.Expr  # true where the row fails
    code: str  # a key of vocabulary.REASONS
    detail_en: str = ""
    detail_vi: str = ""


@dataclass
class Validated:
    rows: pl.DataFrame  # typed canonical columns, _row_number, _sheet (+ _url_key)
    quarantine: pl.DataFrame  # _row_number, _sheet, column_name, value, reasons, record_json


def _parsed(name: str) -> str:
    return f"__parsed_{name}"


def _shaped(name: str) -> str:
    """Dates: whether the text looked like a date; money: why it gave no amount."""
    return f"__shaped_{name}"


def _range_detail(minimum: float | None, maximum: float | None) -> tuple[str, str]:
    def show(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x)

    if minimum is not None and maximum is not None:
        return (
            f"expected {show(minimum)}–{show(maximum)}",
            f"cần từ {show(minimum)} đến {show(maximum)}",
        )
    if minimum is not None:
        return f"expected at least {show(minimum)}", f"cần ít nhất {show(minimum)}"
    return f"expected at most {show(maximum)}", f"cần nhiều nhất {show(maximum)}"


def _parser(field: Field, agencies: AgencyDirectory) -> tuple[Stages, bool]:
    """Stages computing the typed value of a column into _parsed(name) (dates also
    _shaped(name)), and whether to run them once per distinct value rather than per row."""
    name, kind, raw = field.name, field.kind, pl.col(field.name)
    out = _parsed(name)
    if kind == "text":
        return [{out: clean_text_expr(raw)}], False
    if kind == "id":
        return [{out: identifier_expr(raw)}], False
    if kind == "url":
        return [{out: clean_text_expr(raw)}], False
    if kind == "agency":
        value = clean_text_expr(raw)
        if not agencies.is_empty:
            value = label_key_expr(value).replace_strict(agencies.by_key, default=None)
        return [{out: value}], True
    if kind in ("date", "timestamp"):
        stages = timestamp_stages(name, out)
        stages.append({_shaped(name): pl.col(f"{out}__shaped")})
        if kind == "date":
            stages.append({out: pl.col(out).dt.date()})
        return stages, True
    if kind == "money":
        stages = money_stages(name, out)
        return [*stages, {_shaped(name): pl.col(f"{out}__problem")}], True
    if kind in ("number", "integer"):
        return number_stages(name, out, thousands=field.thousands), True
    if kind == "share":
        return share_stages(name, out), True
    if kind == "enum":
        return [{out: enum_expr(clean_text_expr(raw), field.labels)}], True
    if kind == "theme":
        return theme_area_stages(name, out), True
    if kind == "boolean":
        return [{out: enum_expr(clean_text_expr(raw), BOOLEAN_LABELS, pl.Boolean)}], True
    if kind == "host":
        return [{out: host_expr(clean_text_expr(raw))}], True
    if kind == "aliases":
        separated = clean_text_expr(raw).str.replace_all(r"\s*[;|\n]\s*", "; ")
        return [{out: clean_text_expr(separated.str.strip_chars("; "))}], False
    if kind == "keywords":
        # Phrases are typed with ';', ',' or one per line; kept as '; '-separated phrases.
        separated = clean_text_expr(raw).str.replace_all(r"\s*[;,|\n]\s*", "; ")
        phrases = separated.str.replace_all(r"(; )+", "; ").str.strip_chars("; ")
        return [{out: clean_text_expr(phrases)}], False
    raise ValueError(f"unknown field kind {kind!r}")


def dominant_year(frame: pl.DataFrame, columns: tuple[str, ...]) -> int | None:
    """The plausible year most dates of `columns` fall in (the earlier year on a tie)."""
    years = []
    for column in columns:
        if column not in frame.columns:
            continue
        stages = timestamp_stages(column, "__when")
        parsed = parse_distinct(frame.select(column), column, stages, ["__when"])
        years.append(parsed.select(pl.col("__when").dt.year().alias("year")))
    if not years:
        return None
    counts = (
        pl.concat(years)
        .filter(pl.col("year").is_between(*PLAUSIBLE_YEARS))
        .group_by("year")
        .len()
        .sort(["len", "year"], descending=[True, False])
    )
    return counts["year"][0] if counts.height else None


def _checks(
    source: str, field: Field, agencies: AgencyDirectory, window: int | None = None
) -> list[Check]:
    """The checks of one column, in the order they are reported; `window` is the dominant
    year of a money file (YEAR_WINDOW_DATES)."""
    name, kind = field.name, field.kind
    raw = pl.col(name)
    present = clean_text_expr(raw).is_not_null()
    value = pl.col(_parsed(name))
    checks = [Check(name, raw.str.len_chars() > MAX_FIELD_CHARS, "field_too_long")]
    if name in RAW_TABLES[source].required:
        checks.append(Check(name, ~present, "missing_required"))
    unreadable = present & value.is_null()
    if kind == "agency" and not agencies.is_empty:
        checks.append(Check(name, unreadable, "unknown_agency"))
    elif kind in ("date", "timestamp"):
        shaped = pl.col(_shaped(name))
        year = value.dt.year()
        checks += [
            Check(name, unreadable & ~shaped, "invalid_date"),
            Check(name, unreadable & shaped, "impossible_date"),
            Check(
                name, (year < PLAUSIBLE_YEARS[0]) | (year > PLAUSIBLE_YEARS[1]), "implausible_date"
            ),
        ]
        if window is not None and name in YEAR_WINDOW_DATES.get(source, ()):
            low, high = window - YEAR_WINDOW_SPAN, window + YEAR_WINDOW_SPAN
            checks.append(
                Check(
                    name,
                    (year < low) | (year > high),
                    "outside_year_window",
                    f"most dates of the file are in {window}; accepted 01/01/{low}–31/12/{high}",
                    f"phần lớn ngày trong tệp thuộc năm {window}; chỉ nhận từ 01/01/{low} "
                    f"đến 31/12/{high}",
                )
            )
    elif kind == "money":
        problem = pl.col(_shaped(name))
        checks += [
            Check(name, present & (problem == code), code)
            for code in ("invalid_money", "ambiguous_money", "fractional_money")
        ]
        if not field.negative:
            checks.append(Check(name, value < 0, "negative_money"))
    elif kind in ("number", "integer", "share"):
        checks.append(Check(name, unreadable, "invalid_number"))
        if kind == "integer":
            checks.append(Check(name, value != value.round(0), "invalid_integer"))
        if field.minimum == 0:
            checks.append(Check(name, value < 0, "negative_number"))
        low = field.minimum or None  # a minimum of 0 is the check above
        if low is not None or field.maximum is not None:
            too_low = value < low if low is not None else pl.lit(False)
            too_high = value > field.maximum if field.maximum is not None else pl.lit(False)
            en, vi = _range_detail(field.minimum, field.maximum)
            checks.append(Check(name, too_low | too_high, "out_of_range", en, vi))
    elif kind == "enum":
        checks.append(Check(name, unreadable, field.unknown))
    elif kind == "theme":
        checks.append(Check(name, unreadable, "unknown_theme_area"))
    elif kind == "boolean":
        checks.append(Check(name, unreadable, "invalid_boolean"))
    elif kind == "url":
        checks.append(
            Check(name, present & ~raw.str.strip_chars().str.contains(URL_PATTERN), "invalid_url")
        )
    elif kind == "host":
        checks.append(Check(name, present & ~value.str.contains(HOST_PATTERN), "invalid_host"))
    return checks


# What each review action needs besides action, reviewer and date (checked in this order).
REVIEW_NEEDS: dict[str, tuple[str, ...]] = {
    "correct_value": ("source_file", "row_number", "column_name", "new_value"),
    "confirm_removal": ("source_file",),
    "confirm_match": ("item_url", "contract_id"),
    "reject_match": ("item_url", "contract_id"),
    "confirm_syndication": ("item_url", "other_url"),
    "reject_syndication": ("item_url", "other_url"),
    "confirm_theme": ("item_url", "theme_area"),
    "reject_theme": ("item_url", "theme_area"),
    "confirm_event": ("item_url", "event_id"),
    "reject_event": ("item_url", "event_id"),
    "set_tone": ("item_url", "tone"),
    # A decision that makes a count for leadership names its reason.
    "confirm_concern": ("item_url", "concern_id", "note"),
    "reject_concern": ("item_url", "concern_id", "note"),
}


def _review_checks() -> list[Check]:
    action = pl.col(_parsed("action"))
    checks = []
    for column in dict.fromkeys(c for needs in REVIEW_NEEDS.values() for c in needs):
        needing = [a for a, needs in REVIEW_NEEDS.items() if column in needs]
        missing = pl.col(_parsed(column)).is_null() & action.is_in(needing)
        label = HEADER_ALIASES["reviews"][column][0]
        checks.append(
            Check(column, missing, "review_incomplete", f"{column} is required",
                  f"cần cột {label!r}")
        )  # fmt: skip
    # A file is named as the inbox names it: <source folder>/<file>, "/" as separator.
    folder = pl.col(_parsed("source_file")).str.replace_all("\\", "/", literal=True)
    known = pl.any_horizontal([folder.str.starts_with(f"{s}/") for s in SOURCES])
    checks.append(
        Check("source_file", pl.col(_parsed("source_file")).is_not_null() & ~known,
              "unknown_review_target")
    )  # fmt: skip
    return checks


def _cross_checks(source: str) -> list[Check]:
    checks = [
        Check(later, pl.col(_parsed(later)) < pl.col(_parsed(earlier)), "end_before_start")
        for later, earlier in DATE_ORDER.get(source, ())
    ]
    if source == "reviews":
        checks += _review_checks()
    if source == "concerns":
        checks.append(
            Check(
                "response_at",
                pl.col(_parsed("response_at")) < pl.col(_parsed("first_seen_at")),
                "response_before_first_seen",
            )
        )
    if source == "indices":
        checks.append(
            Check(
                "score",
                pl.col(_parsed("score")) > pl.col(_parsed("scale_max")),
                "out_of_range",
                "score above the scale maximum",
                "điểm vượt thang điểm",
            )
        )
    return checks


def validate(raw: RawRows, source: str, agencies: AgencyDirectory | None = None) -> Validated:
    """Type and check every row of one file; rows in == rows loaded + rows quarantined.

    A large file is validated in slices, which bounds the memory the intermediate columns
    take; the slices' results are joined without copying.
    """
    agencies = agencies if source in AGENCY_CHECKED_SOURCES and agencies else AgencyDirectory()
    window = dominant_year(raw.frame, YEAR_WINDOW_DATES.get(source, ()))
    return _validate_frame(raw.frame, raw.labels, source, agencies, window)


# Files validated together (validate_files) are cut into batches of about this many rows.
_BATCH_ROWS = _SLICE_ROWS
_FILE = "__file"


def validate_files(
    raws: list[RawRows], source: str, agencies: AgencyDirectory | None = None
) -> list[Validated]:
    """validate() of each file in `raws`, in order. Files that read alike (the same header
    labels, column types and year window) are validated together, in batches of about
    _BATCH_ROWS rows: every row is checked on its own, and Polars costs about as much per call
    on a file of a few thousand rows as on a batch of a hundred such files."""
    agencies = agencies if source in AGENCY_CHECKED_SOURCES and agencies else AgencyDirectory()
    dates = YEAR_WINDOW_DATES.get(source, ())
    groups: dict[tuple, list[int]] = {}
    for index, raw in enumerate(raws):
        alike = (
            tuple(raw.labels.items()),
            tuple(raw.frame.schema.items()),
            dominant_year(raw.frame, dates),
        )
        groups.setdefault(alike, []).append(index)
    results: dict[int, Validated] = {}
    for (labels, _, window), members in groups.items():
        for batch in _batches(members, [raw.frame.height for raw in raws]):
            if len(batch) == 1:  # a large file on its own, sliced as validate() slices it
                (index,) = batch
                results[index] = _validate_frame(
                    raws[index].frame, dict(labels), source, agencies, window
                )
                continue
            frame = pl.concat(
                [raws[i].frame.with_columns(pl.lit(i, pl.Int32).alias(_FILE)) for i in batch]
            )
            both = _validate_slice(frame, dict(labels), source, agencies, window, (_FILE,))
            results.update(zip(batch, _split(both, batch), strict=True))
    return [results[index] for index in range(len(raws))]


def _batches(members: list[int], heights: list[int]) -> Iterator[list[int]]:
    """`members` in runs of at most _BATCH_ROWS rows (a larger file makes a run of its own)."""
    batch: list[int] = []
    rows = 0
    for index in members:
        if batch and rows + heights[index] > _BATCH_ROWS:
            yield batch
            batch, rows = [], 0
        batch.append(index)
        rows += heights[index]
    if batch:
        yield batch


def _split(validated: Validated, files: list[int]) -> list[Validated]:
    """A batch's rows and quarantine, back by file (in `files` order), without _FILE."""

    def parts(frame: pl.DataFrame) -> list[pl.DataFrame]:
        by_file = {
            key[0]: part
            for key, part in frame.partition_by(
                _FILE, maintain_order=True, include_key=False, as_dict=True
            ).items()
        }
        empty = frame.drop(_FILE).clear()
        return [by_file.get(i, empty) for i in files]

    return [
        Validated(rows, quarantine)
        for rows, quarantine in zip(parts(validated.rows), parts(validated.quarantine), strict=True)
    ]


def _validate_frame(
    frame: pl.DataFrame,
    labels: dict[str, str],
    source: str,
    agencies: AgencyDirectory,
    window: int | None,
) -> Validated:
    """One file's rows, in slices that bound the memory the intermediate columns take; the
    slices' results are joined without copying."""
    parts = [
        _validate_slice(frame.slice(start, _SLICE_ROWS), labels, source, agencies, window)
        for start in range(0, max(frame.height, 1), _SLICE_ROWS)
    ]
    rows = pl.concat([p.rows for p in parts], rechunk=False)
    quarantine = pl.concat([p.quarantine for p in parts], rechunk=False)
    assert rows.height + quarantine.height == frame.height
    return Validated(rows, quarantine)


def _validate_slice(
    frame: pl.DataFrame,
    labels: dict[str, str],
    source: str,
    agencies: AgencyDirectory,
    window: int | None = None,
    keep: tuple[str, ...] = (),
) -> Validated:
    fields = FIELDS[source]
    height = frame.height
    for field in fields:
        stages, per_distinct = _parser(field, agencies)
        outputs = [_parsed(field.name)]
        if field.kind in ("date", "timestamp", "money"):
            outputs.append(_shaped(field.name))
        if per_distinct:
            frame = parse_distinct(frame, field.name, stages, outputs)
        else:
            frame = apply_stages(frame, stages)

    # The row's first problem: 0 = an issue the reader flagged, k = the k-th check.
    checks: list[Check] = []
    for field in fields:
        checks += _checks(source, field, agencies, window)
    checks += _cross_checks(source)
    first_problem = pl.coalesce(
        [pl.when(pl.col(ISSUE_CODE).is_not_null()).then(pl.lit(0, pl.Int32))]
        + [
            pl.when(check.bad.fill_null(False)).then(pl.lit(k, pl.Int32))
            for k, check in enumerate(checks, start=1)
        ]
    )
    frame = frame.with_columns(__problem=first_problem)
    failing = pl.col("__problem").is_not_null()

    def reason(check: Check, language: int) -> str:
        text = REASONS[check.code][language]
        detail = check.detail_en if language == 0 else check.detail_vi
        return f"{text}; {detail}" if detail else text

    def by_problem(of_issue: pl.Expr, of_check: dict[int, str]) -> pl.Expr:
        problem = pl.col("__problem")
        return (
            pl.when(problem == 0)
            .then(of_issue)
            .otherwise(problem.replace_strict(of_check, default=None, return_dtype=pl.String))
        )

    numbered = dict(enumerate(checks, start=1))
    issue_reason = {
        language: pl.col(ISSUE_CODE).replace_strict(
            {code: texts[language] for code, texts in REASONS.items()}, default=None
        )
        for language in (0, 1)
    }
    value = pl.coalesce(
        [pl.when(pl.col("__problem") == 0).then(pl.col(ISSUE_VALUE))]
        + [pl.when(pl.col("__problem") == k).then(pl.col(c.column)) for k, c in numbered.items()]
    )
    record = pl.struct(
        [pl.col(f.name).str.slice(0, MAX_FIELD_CHARS) for f in fields]
    ).struct.json_encode()
    quarantine = frame.filter(failing).select(
        pl.col(ROW_NUMBER),
        pl.col(SHEET),
        by_problem(
            pl.col(ISSUE_COLUMN), {k: labels.get(c.column, c.column) for k, c in numbered.items()}
        ).alias("column_name"),
        value.str.slice(0, _VALUE_CHARS).alias("value"),
        by_problem(pl.col(ISSUE_CODE), {k: c.code for k, c in numbered.items()}).alias(
            "reason_code"
        ),
        by_problem(issue_reason[0], {k: reason(c, 0) for k, c in numbered.items()}).alias(
            "reason_en"
        ),
        by_problem(issue_reason[1], {k: reason(c, 1) for k, c in numbered.items()}).alias(
            "reason_vi"
        ),
        record.alias("record_json"),
        *keep,
    )

    types = RAW_TABLES[source].columns
    typed = []
    for field in fields:
        column = pl.col(_parsed(field.name))
        if field.default is not None:
            column = column.fill_null(pl.lit(field.default))
        typed.append(column.cast(_DUCKDB_TYPES[types[field.name]]).alias(field.name))
    extra = [url_key_expr(pl.col(_parsed("url"))).alias(URL_KEY)] if source == "coverage" else []
    loadable = frame.filter(~failing) if quarantine.height else frame  # no copy when all pass
    rows = loadable.select(*typed, pl.col(ROW_NUMBER), pl.col(SHEET), *extra, *keep)
    assert rows.height + quarantine.height == height
    return Validated(rows, quarantine)
