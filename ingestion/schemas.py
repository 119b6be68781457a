"""The raw tables: one per inbox source, each with the same lineage columns.

This is the contract between the readers (which fill these columns) and the dbt sources
(which read them). Canonical codes for enumerations are listed here too; readers map the
Vietnamese and English labels people type onto them.
"""

from dataclasses import dataclass

LINEAGE_COLUMNS: dict[str, str] = {
    "_source_file": "VARCHAR",  # path relative to the inbox folder, e.g. contracts/hop-dong.xlsx
    "_sheet": "VARCHAR",  # sheet name for .xlsx, NULL otherwise
    "_row_number": "INTEGER",  # the row a person sees in the file (1-based, header included)
    "_file_hash": "VARCHAR",  # sha256 of the file's bytes
    "_row_hash": "VARCHAR",  # sha256 of the row's normalised values (duplicate detection)
    "_is_duplicate": "BOOLEAN",  # an exact copy of an earlier row of the same source
    "_loaded_at": "TIMESTAMP",
    # The review rows (file#row, '; '-separated) whose correct_value decisions changed this row
    # before validation; NULL when the row loaded as typed. Details in raw.corrections.
    "_corrected_by": "VARCHAR",
}

DELIVERABLE_TYPES = (
    "news",  # tin
    "article",  # bài viết
    "reportage",  # phóng sự
    "film",  # phim
    "photo",  # ảnh
    "special_page",  # chuyên trang / chuyên mục / chuyên đề
    "talk_show",  # tọa đàm / đối thoại
    "programme",  # chương trình truyền hình / phát thanh, measured in minutes
    "event",  # sự kiện / hội thảo / hội nghị
)
CHANNELS = ("print", "online", "tv", "radio", "social")
PAYMENT_KINDS = ("advance", "payment", "settlement")  # tạm ứng, thanh toán, quyết toán
INDEX_CODES = ("PAR", "SIPAS", "PAPI", "PCI", "DTI")
# What a row of reviews/ decides (see README, "The reviews folder").
REVIEW_ACTIONS = (
    "correct_value",  # sửa giá trị: a cell of an inbox file, applied before validation
    "confirm_removal",  # xác nhận gỡ tệp: a money file (or rows of it) removed on purpose
    "confirm_match",
    "reject_match",
    "confirm_syndication",
    "reject_syndication",
    "confirm_theme",
    "reject_theme",
    "confirm_event",
    "reject_event",
    "set_tone",  # the item's tone (positive / neutral / negative), replacing the lexicon's
    # An item is / is not about a public concern (concern_id + item_url): only confirmed items
    # count in the response to public concern, keyword matches stay candidates.
    "confirm_concern",
    "reject_concern",
)
# Tone of a coverage item: tích cực, trung tính, tiêu cực.
TONES = ("positive", "neutral", "negative")
# Sources whose rows carry money: what the settlement gate holds complete.
MONEY_SOURCES = ("contracts", "payments")


@dataclass(frozen=True)
class RawTable:
    source: str  # the inbox sub-folder and the raw table's name
    columns: dict[str, str]  # business columns and their DuckDB types
    required: tuple[str, ...]  # columns a row cannot load without

    @property
    def table(self) -> str:
        return f"raw.{self.source}"

    def ddl(self) -> str:
        cols = {**self.columns, **LINEAGE_COLUMNS}
        body = ",\n  ".join(f"{name} {kind}" for name, kind in cols.items())
        return f"CREATE TABLE IF NOT EXISTS {self.table} (\n  {body}\n)"


RAW_TABLES: dict[str, RawTable] = {
    t.source: t
    for t in (
        RawTable(
            "contracts",
            {
                "contract_id": "VARCHAR",
                "agency": "VARCHAR",
                "signed_on": "DATE",
                "start_date": "DATE",
                "end_date": "DATE",
                "liquidated_on": "DATE",  # thanh lý; NULL while the contract is open
                "deliverable_type": "VARCHAR",
                "channel": "VARCHAR",
                "theme_area": "INTEGER",  # 1..5
                "quantity": "DOUBLE",  # items, or minutes for programmes
                "unit_price_vnd": "BIGINT",
                "amount_vnd": "BIGINT",
            },
            (
                "contract_id",
                "agency",
                "start_date",
                "end_date",
                "deliverable_type",
                "theme_area",
                "quantity",
                "unit_price_vnd",
                "amount_vnd",
            ),
        ),
        RawTable(
            "payments",
            {
                "payment_id": "VARCHAR",
                "contract_id": "VARCHAR",
                "paid_on": "DATE",
                "amount_vnd": "BIGINT",
                "kind": "VARCHAR",
            },
            ("payment_id", "contract_id", "paid_on", "amount_vnd", "kind"),
        ),
        RawTable(
            "coverage",
            {
                "item_id": "VARCHAR",  # sha256 of the normalised url, else of agency|title|date
                "agency": "VARCHAR",
                "published_at": "TIMESTAMP",
                "title": "VARCHAR",
                "url": "VARCHAR",
                "deliverable_type": "VARCHAR",
                "channel": "VARCHAR",
                "contract_id": "VARCHAR",
                "accepted": "BOOLEAN",
                "duration_min": "DOUBLE",
                "views": "BIGINT",
                "summary": "VARCHAR",
            },
            ("agency", "published_at", "title"),
        ),
        RawTable(
            "indices",
            {
                "index_code": "VARCHAR",
                "year": "INTEGER",
                "province": "VARCHAR",
                "component": "VARCHAR",  # NULL = the overall index
                "score": "DOUBLE",
                "scale_max": "DOUBLE",
                "rank": "INTEGER",
                "source": "VARCHAR",
                "note": "VARCHAR",
                "is_placeholder": "BOOLEAN",  # demo stand-in where no figure was published
            },
            ("index_code", "year", "province"),
        ),
        RawTable(
            "agencies",
            {
                "agency": "VARCHAR",  # the name used everywhere else
                "aliases": "VARCHAR",  # other spellings, separated by ';'
                "tier": "VARCHAR",  # central | local
                "media_type": "VARCHAR",  # newspaper, tv, radio, online, news_agency, magazine
                "reach_estimate": "BIGINT",  # potential reach of one item (an estimate)
                "reach_basis": "VARCHAR",  # what the estimate counts
                "feed_host": "VARCHAR",  # host of its RSS/Atom feed, for mapping feed items
            },
            ("agency",),
        ),
        RawTable(
            "events",
            {
                "event_id": "VARCHAR",
                "name": "VARCHAR",
                "start_date": "DATE",
                "end_date": "DATE",
                "theme_area": "INTEGER",
                "window_days": "INTEGER",  # default 7
            },
            ("event_id", "name", "start_date"),
        ),
        RawTable(
            "reviews",
            {
                "action": "VARCHAR",  # a REVIEW_ACTIONS code
                "source_file": "VARCHAR",  # inbox-relative file a decision is about
                "sheet": "VARCHAR",
                "row_number": "INTEGER",  # as a person sees it in that file (header included)
                "column_name": "VARCHAR",  # header as typed in that file, or canonical name
                "new_value": "VARCHAR",  # text, parsed by the corrected column's own parser
                "item_url": "VARCHAR",
                "other_url": "VARCHAR",
                "contract_id": "VARCHAR",
                "theme_area": "INTEGER",
                "event_id": "VARCHAR",
                "tone": "VARCHAR",  # a TONES code (set_tone)
                "concern_id": "VARCHAR",  # confirm_concern / reject_concern
                "reviewer": "VARCHAR",
                "reviewed_on": "DATE",
                "note": "VARCHAR",
            },
            ("action", "reviewer", "reviewed_on"),
        ),
        RawTable(
            "targets",
            {
                "year": "INTEGER",
                "theme_area": "INTEGER",
                "deliverable_type": "VARCHAR",  # NULL = all types
                "planned_items": "INTEGER",
                "planned_share": "DOUBLE",  # planned share of coverage for the area, 0..1
                "planned_budget_vnd": "BIGINT",
            },
            ("year", "theme_area"),
        ),
        RawTable(
            "concerns",
            {
                "concern_id": "VARCHAR",
                "first_seen_at": "TIMESTAMP",  # when the concern or rumour was first noticed
                "description": "VARCHAR",
                "keywords": "VARCHAR",  # phrases separated by '; ' (see README, "concerns/")
                "theme_area": "INTEGER",  # 1..5, NULL when not given
                "response_at": "TIMESTAMP",  # the city's official answer, NULL when none yet
                "response_channel": "VARCHAR",  # e.g. họp báo (press conference), công văn
            },
            ("concern_id", "first_seen_at", "description", "keywords"),
        ),
    )
}

# Load order (also ingestion.SOURCES): agencies first, because contracts, payments and coverage
# name agencies by the agencies list; reference data before the transactions that point at it.
# Reviews come before every source they may correct: corrections apply while a file loads.
SOURCES: tuple[str, ...] = (
    "reviews",
    "agencies",
    "events",
    "targets",
    "indices",
    "concerns",
    "contracts",
    "payments",
    "coverage",
)
assert set(SOURCES) == set(RAW_TABLES)

QUARANTINE_DDL = """
CREATE TABLE IF NOT EXISTS raw.quarantine (
  source VARCHAR,
  _source_file VARCHAR,
  _sheet VARCHAR,
  _row_number INTEGER,
  column_name VARCHAR,
  value VARCHAR,
  reason_code VARCHAR,
  reason_en VARCHAR,
  reason_vi VARCHAR,
  record_json VARCHAR,
  _file_hash VARCHAR,
  _loaded_at TIMESTAMP
)
"""

LOAD_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.load_log (
  source VARCHAR,
  _source_file VARCHAR,
  _file_hash VARCHAR,
  rows_read INTEGER,
  rows_loaded INTEGER,
  rows_quarantined INTEGER,
  rows_duplicate INTEGER,
  _loaded_at TIMESTAMP,
  reference_hash VARCHAR,  -- the agencies list a file was checked against ('' when none)
  file_stat VARCHAR  -- device, inode, size, mtime and ctime when hashed; NULL: hash it again
)
"""

# Added after the first release; warehouses created before it gain the column on next load.
LOAD_LOG_MIGRATIONS = (
    "ALTER TABLE raw.load_log ADD COLUMN IF NOT EXISTS reference_hash VARCHAR",
    "ALTER TABLE raw.load_log ADD COLUMN IF NOT EXISTS file_stat VARCHAR",
    *(
        f"ALTER TABLE raw.{source} ADD COLUMN IF NOT EXISTS _corrected_by VARCHAR"
        for source in RAW_TABLES
    ),
    "ALTER TABLE raw.reviews ADD COLUMN IF NOT EXISTS tone VARCHAR",
    "ALTER TABLE raw.reviews ADD COLUMN IF NOT EXISTS concern_id VARCHAR",
)

# Every correct_value review as the load of its target file found it: applied, or why not.
# Rows of a target file are replaced whenever that file is loaded again.
CORRECTIONS_DDL = """
CREATE TABLE IF NOT EXISTS raw.corrections (
  source VARCHAR,  -- the corrected source (contracts, payments, ...)
  target_file VARCHAR,  -- inbox-relative file the correction names
  target_sheet VARCHAR,
  target_row INTEGER,
  column_name VARCHAR,
  old_value VARCHAR,  -- the cell as typed in the file (NULL when the row was not found)
  new_value VARCHAR,
  status VARCHAR,  -- applied | file_not_found | row_not_found | column_unknown | value_invalid
  reason_en VARCHAR,
  reason_vi VARCHAR,
  review_file VARCHAR,  -- the review row that decided it
  review_sheet VARCHAR,
  review_row INTEGER,
  reviewer VARCHAR,
  reviewed_on DATE,
  note VARCHAR,
  _loaded_at TIMESTAMP
)
"""

# Rows of a money file that left the warehouse because the file was removed or shrank, kept
# until the rows are back (same row hash, in any file of the source) or a confirm_removal
# review names the file. The settlement gate blocks on the unconfirmed ones.
REMOVALS_DDL = """
CREATE TABLE IF NOT EXISTS raw.removals (
  source VARCHAR,
  _source_file VARCHAR,
  _sheet VARCHAR,
  _row_number INTEGER,
  record_id VARCHAR,  -- voucher number (payments) or contract number (contracts)
  amount_vnd BIGINT,
  _row_hash VARCHAR,
  _file_hash VARCHAR,  -- the file as it was loaded before
  kind VARCHAR,  -- file_removed | rows_removed
  removed_at TIMESTAMP
)
"""

INBOX_META_DDL = """
CREATE TABLE IF NOT EXISTS raw.inbox_meta (
  key VARCHAR,
  value VARCHAR,  -- JSON scalars as text: true, 2025, Hải Phòng; objects and lists as JSON
  _source_file VARCHAR,
  _loaded_at TIMESTAMP
)
"""
