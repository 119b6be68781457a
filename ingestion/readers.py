"""Readers: one inbox file in, its rows out as text under canonical column names.

Every reader finds the header (English names or Vietnamese labels, title rows above skipped),
keeps the row number a person sees in the file, normalises text to NFC, and raises
BadInputError when the file cannot be read at all. Typing and validation happen later, in one
place (ingestion.validate), whatever the file format was.

CSV files can be large, so they go through Polars; spreadsheets, JSON Lines and feeds are
small and are read cell by cell.
"""

import codecs
import csv
import functools
import html
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import charset_normalizer
import defusedxml.ElementTree
import feedparser
import openpyxl
import polars as pl
from defusedxml import DefusedXmlException
from openpyxl.utils import column_index_from_string, get_column_letter

from ingestion.agencies import AgencyDirectory
from ingestion.errors import BadInputError
from ingestion.normalise import BIDI_UTF8, bare_host, header_key, nfc
from ingestion.schemas import RAW_TABLES
from ingestion.vocabulary import (
    HEADER_ALIASES,
    HEADER_SCAN_ROWS,
    LOCAL_UTC_OFFSET_MINUTES,
    MAX_FEED_BYTES,
    MAX_XLSX_UNCOMPRESSED_BYTES,
)

CSV_SUFFIXES = (".csv", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
# Spreadsheet formats people may drop by mistake: refused with a clear message, not ignored.
REFUSED_SUFFIXES = (".xls", ".xlsb", ".ods", ".numbers")

# Columns a reader may add to flag one row it could read only in part (e.g. a formula cell
# without a saved value); validation quarantines such rows first.
ISSUE_CODE, ISSUE_COLUMN, ISSUE_VALUE = "_issue_code", "_issue_column", "_issue_value"
ROW_NUMBER, SHEET = "_row_number", "_sheet"
NUL_MARK = "\u2400"  # SYMBOL FOR NULL: where a text file held a NUL byte

_PREFIX_MIN_CHARS = 5  # an alias this long may match a longer header ("Số tiền (VNĐ)")
_CSV_DELIMITERS = (",", ";", "\t", "|")
_REGEX_CHAR = {",": ",", ";": ";", "\t": "\\t", "|": "\\|"}
_HEAD_CHARS = 256 * 1024
_ENCODINGS_TRIED = ["cp1258", "utf_16_le", "utf_16_be"]
_TRANSCODE_STEP = 4 * 1024 * 1024
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")  # <f>, <f t="shared" .../>, <x:f>


@dataclass
class RawRows:
    """A file's rows as text: canonical columns, _row_number, _sheet and issue columns."""

    frame: pl.DataFrame
    labels: dict[str, str]  # canonical column -> its label as written in the file
    sheet: str | None = None  # workbooks: the first sheet read
    encoding: str | None = None  # text files: the encoding the file was in
    sheet_rows: dict[str, int] = field(default_factory=dict)  # workbooks: rows read per sheet
    ignored_sheets: list[str] = field(default_factory=list)  # workbooks: sheets not read


def supported_suffixes(source: str) -> tuple[str, ...]:
    extra = FEED_SUFFIXES if source == "coverage" else ()
    return CSV_SUFFIXES + EXCEL_SUFFIXES + JSONL_SUFFIXES + extra


def read_file(
    path: Path, name: str, source: str, agencies: AgencyDirectory | None = None
) -> RawRows:
    """Read one inbox file of `source`; `name` is how messages refer to it (inbox-relative)."""
    suffix = path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise BadInputError(
            name,
            expected="an .xlsx workbook or a .csv file",
            found=f"a {suffix} file",
            message_vi=f"định dạng {suffix} không được hỗ trợ; hãy lưu lại thành .xlsx hoặc .csv",
        )
    if path.stat().st_size == 0:
        raise _empty(name)
    if suffix in CSV_SUFFIXES:
        return read_csv(path, name, source)
    if suffix in EXCEL_SUFFIXES:
        return read_xlsx(path, name, source)
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(path, name, source)
    if suffix in FEED_SUFFIXES and source == "coverage":
        return read_feed(path, name, agencies or AgencyDirectory())
    raise BadInputError(
        name,
        expected=f"one of {', '.join(supported_suffixes(source))}",
        found=f"a {suffix or 'nameless'} file",
        message_vi="định dạng tệp không được hỗ trợ",
    )


def _empty(name: str) -> BadInputError:
    return BadInputError(
        name,
        expected="a header row and data rows",
        found="an empty file",
        message_vi="tệp rỗng; cần dòng tiêu đề cột và các dòng dữ liệu",
    )


# --- headers ------------------------------------------------------------------------------


@functools.cache
@functools.cache
def _alias_keys(source: str) -> dict[str, tuple[str, ...]]:
    return {
        column: tuple(dict.fromkeys(header_key(a) for a in (column, *labels)))
        for column, labels in HEADER_ALIASES[source].items()
    }


def match_header(cells: Sequence[object], source: str) -> dict[str, int]:
    """{canonical column: cell index} for a header row. Exact label matches win; then a header
    that starts with a long enough alias ("Số tiền (VNĐ)"), the longest alias first."""
    aliases = _alias_keys(source)
    keys = [header_key(str(c)) if c is not None else "" for c in cells]
    mapping: dict[str, int] = {}
    for index, key in enumerate(keys):
        for column, column_keys in aliases.items():
            if key and column not in mapping and key in column_keys:
                mapping[column] = index
                break
    taken = set(mapping.values())
    for index, key in enumerate(keys):
        if not key or index in taken:
            continue
        candidates = [
            (len(alias), column)
            for column, column_keys in aliases.items()
            if column not in mapping
            for alias in column_keys
            if len(alias) >= _PREFIX_MIN_CHARS and key.startswith(alias)
        ]
        if candidates:
            mapping[max(candidates)[1]] = index
            taken.add(index)
    return mapping


def duplicate_labels(cells: Sequence[object], source: str) -> dict[str, list[int]]:
    """{canonical column: cell indexes} for the columns two or more header cells name exactly
    ("Số tiền" twice, or "Số tiền" and "Thành tiền"): which one holds the value is unknown."""
    aliases = _alias_keys(source)
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        key = header_key(str(cell)) if cell is not None else ""
        for column, column_keys in aliases.items():
            if key and key in column_keys:
                found.setdefault(column, []).append(index)
                break
    return {column: indexes for column, indexes in found.items() if len(indexes) > 1}


def _check_duplicates(
    name: str, source: str, cells: Sequence[object], header_row: int | None, sheet: str | None
) -> None:
    duplicates = duplicate_labels(cells, source)
    if not duplicates:
        return
    column, indexes = next(iter(duplicates.items()))
    named = " and ".join(f"{get_column_letter(i + 1)} ({str(cells[i]).strip()!r})" for i in indexes)
    named_vi = " và ".join(
        f"{get_column_letter(i + 1)} ({str(cells[i]).strip()!r})" for i in indexes
    )
    where = f" of sheet {sheet!r}" if sheet else ""
    raise BadInputError(
        name,
        row=header_row,
        column=str(cells[indexes[1]]).strip(),
        expected=f"one column for {column} in the header row{where}",
        found=f"columns {named} both mean {column}",
        message_vi=f"các cột {named_vi} cùng là {HEADER_ALIASES[source][column][0]!r}; "
        "hãy giữ một cột hoặc đổi tên cột kia",
    )


def find_header(rows: Sequence[Sequence[object]], source: str) -> tuple[int | None, dict[str, int]]:
    """(index of the header among `rows`, its mapping): the row among the first few that names
    the most columns; title rows above it are skipped."""
    best_index, best = None, {}
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping = match_header(cells, source)
        if len(mapping) > len(best):
            best_index, best = index, mapping
    return best_index, best


def _check_columns(
    name: str, source: str, mapping: dict[str, int], header_row: int | None, sheet: str | None
):
    where = f" (sheet {sheet!r})" if sheet else ""
    if not mapping:
        examples = ", ".join(repr(labels[0]) for labels in HEADER_ALIASES[source].values())
        raise BadInputError(
            name,
            expected=f"a header row{where} with the {source} columns, e.g. {examples}",
            found=f"no recognisable column names in the first {HEADER_SCAN_ROWS} rows",
            message_vi=f"không tìm thấy dòng tiêu đề cột trong {HEADER_SCAN_ROWS} dòng đầu; "
            f"cần các cột như {examples}",
        )
    missing = [c for c in RAW_TABLES[source].required if c not in mapping]
    if missing:
        labels = [HEADER_ALIASES[source][c][0] for c in missing]
        named = ", ".join(f"{label!r} ({c})" for label, c in zip(labels, missing, strict=True))
        plural = "s" if len(missing) > 1 else ""
        raise BadInputError(
            name,
            row=header_row,
            column=labels[0],
            expected=f"the column{plural} {named} in the header row{where}",
            found=f"no such column{plural}",
            message_vi=f"thiếu cột bắt buộc {', '.join(repr(label) for label in labels)}",
        )


def _labels(cells: Sequence[object], mapping: dict[str, int]) -> dict[str, str]:
    return {column: str(cells[index]).strip() for column, index in mapping.items()}


# --- text files ---------------------------------------------------------------------------


def to_utf8(data: bytes, name: str) -> tuple[bytes, str]:
    """The file's text as UTF-8 bytes in NFC, and the encoding the file was in: UTF-8 (with or
    without BOM), UTF-16 (with or without BOM) or Windows-1258.

    UTF-8 that is already NFC passes through undecoded (the common case, and the large one).
    Anything else is decoded, NFC-normalised and re-encoded; Windows-1258 in particular writes
    Vietnamese tones as combining marks, which NFC composes.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcode(data, "utf-16", name), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    elif _looks_utf16(data[:_HEAD_CHARS]):  # UTF-16 without a BOM
        encoding = _guess_encoding(data, name)
        return _transcode(data, encoding, name), encoding
    else:
        body, encoding = data, "utf-8"
    if not _is_utf8(body):
        if encoding == "utf-8-sig":
            _undecodable(body, "utf-8", name, skipped=len(codecs.BOM_UTF8))
        encoding = _guess_encoding(data, name)
        return _transcode(data, encoding, name), encoding
    # Decomposed Vietnamese carries combining marks from U+0300-U+036F, whose UTF-8 bytes
    # start with 0xCC or 0xCD; without them there is nothing for NFC to compose.
    if b"\xcc" in body or b"\xcd" in body:
        return _transcode(body, "utf-8", name), encoding
    return body, encoding


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 puts a NUL byte beside every ASCII character (digits, separators, line ends);
    a stray NUL or two in a UTF-8 or Windows-1258 file does not make it UTF-16."""
    return head.count(b"\x00") * 8 > len(head)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text in NFC, encoding) for a small text file; see to_utf8."""
    utf8, encoding = to_utf8(data, name)
    return utf8.decode("utf-8"), encoding


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    step = 1 << 22  # decode in slices so a large file is never held twice as a str
    try:
        for start in range(0, len(data), step):
            decoder.decode(view[start : start + step])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(
    data: bytes,
    encoding: str,
    name: str,
    exc: UnicodeDecodeError | None = None,
    skipped: int = 0,
):
    """Refuse a file whose bytes are not `encoding`, naming the line and the byte offset (in
    the file, counting `skipped` bytes of BOM before `data`) of the first bad byte."""
    if exc is None:
        try:
            data.decode(encoding)
        except UnicodeDecodeError as found:
            exc = found
    where, line = "", None
    if exc is not None:
        line = data.count(b"\n", 0, exc.start) + 1
        where = f" at line {line}, byte offset {exc.start + skipped}"
        if skipped and encoding == "utf-8":
            where += " (the file starts with a UTF-8 BOM but is not UTF-8)"
    raise BadInputError(
        name,
        row=line,
        expected="text in UTF-8, UTF-16 or Windows-1258",
        found=f"bytes that are not valid {encoding}{where}",
        message_vi="không đọc được bảng mã của tệp; cần UTF-8, UTF-16 hoặc Windows-1258"
        + (f" (byte thứ {exc.start + skipped} không hợp lệ)" if exc else ""),
    ) from exc


def _transcode(data: bytes, encoding: str, name: str) -> bytes:
    """Decode, NFC-normalise and encode as UTF-8, a few MiB at a time so that a large file is
    never held as one Python string. Slices end at a line break, which NFC never composes
    across."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    parts: list[bytes] = []
    carry = ""
    for start in range(0, len(data) + 1, _TRANSCODE_STEP):
        final = start + _TRANSCODE_STEP > len(data)
        try:
            text = carry + decoder.decode(view[start : start + _TRANSCODE_STEP], final=final)
        except UnicodeDecodeError as exc:
            exc.start += start
            _undecodable(data, encoding, name, exc)
        cut = len(text) if final else text.rfind("\n") + 1
        parts.append(unicodedata.normalize("NFC", text[:cut]).encode("utf-8"))
        carry = text[cut:]
    utf8 = b"".join(parts)
    return utf8[3:] if utf8.startswith(codecs.BOM_UTF8) else utf8


def _guess_encoding(data: bytes, name: str) -> str:
    """Not UTF-8: charset-normalizer chooses among the legacy encodings Vietnamese files use."""
    head = data[:_HEAD_CHARS]
    sample = head[: len(head) - len(head) % 2]  # whole UTF-16 code units
    best = charset_normalizer.from_bytes(sample, cp_isolation=_ENCODINGS_TRIED).best()
    if best is None:
        # Name the first byte that is not UTF-8, which is where a person should look.
        try:
            data.decode("utf-8")
            line, offset = None, None
        except UnicodeDecodeError as exc:
            line, offset = data.count(b"\n", 0, exc.start) + 1, exc.start
        where = f" (first non-UTF-8 byte at line {line}, byte offset {offset})" if line else ""
        raise BadInputError(
            name,
            row=line,
            expected="text in UTF-8, UTF-16 or Windows-1258",
            found=f"bytes in an unknown encoding{where}",
            message_vi="không nhận ra bảng mã của tệp; cần UTF-8, UTF-16 hoặc Windows-1258"
            + (f" (byte thứ {offset} không hợp lệ)" if line else ""),
        )
    return best.encoding


def _head_records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The first records of a CSV text with the line each starts on (1-based)."""
    reader = csv.reader(io.StringIO(text[:_HEAD_CHARS]), delimiter=delimiter)
    records, line = [], 1
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
            if len(records) >= HEADER_SCAN_ROWS:
                break
    except csv.Error:
        pass  # a quote left open in the head: keep what was read
    return records


_RECORD_STEP = 32 * 1024 * 1024


def _records(
    utf8: bytes, delimiter: str, header_line: int, width: int
) -> tuple[pl.Series, dict[int, str]]:
    """The structure of a CSV body: the line each non-blank record starts on, and
    {start line: raw text} for the records whose field count differs from the header's
    `width`.

    The body is read in slices of whole records (cut after a line end with an even number
    of quote characters before it), so a large file never has all its lines held at once;
    see _slice_records for how one slice is read."""
    offset = 0
    for _ in range(header_line):
        found = utf8.find(b"\n", offset)
        if found < 0:
            return pl.Series("__n", [], dtype=pl.Int64), {}
        offset = found + 1
    # Lines are read as one column: split on a byte the file does not hold.
    separator = next((c for c in "\x1f\x1e\x1d\x1c\x01\x02" if c.encode() not in utf8), None)
    if separator is None:
        return _records_by_csv_module(utf8, delimiter, header_line, width)
    starts: list[pl.Series] = []
    ragged: dict[int, str] = {}
    first_line = header_line + 1
    while offset < len(utf8):
        end = offset
        while True:  # extend the slice until it ends outside a quoted cell
            cut = utf8.find(b"\n", min(end + _RECORD_STEP, len(utf8)))
            end = len(utf8) if cut < 0 else cut + 1
            if end == len(utf8) or utf8.count(b'"', offset, end) % 2 == 0:
                break
        part = utf8[offset:end]
        part_starts, part_ragged = _slice_records(part, delimiter, first_line, width, separator)
        starts.append(part_starts)
        ragged |= part_ragged
        first_line += part.count(b"\n") + (0 if part.endswith(b"\n") else 1)
        offset = end
    return pl.concat(starts) if starts else pl.Series("__n", [], dtype=pl.Int64), ragged


def _slice_records(
    part: bytes, delimiter: str, first_line: int, width: int, separator: str
) -> tuple[pl.Series, dict[int, str]]:
    """_records of a slice of whole records whose first line is `first_line`.

    A line starts a record unless it begins inside a quoted cell (an odd number of quote
    characters before it); a record's fields are its delimiters outside quoted cells, plus
    one. Done with Polars expressions over the lines: about a second of CPU for a million.
    """
    lines = pl.read_csv(
        part,
        has_header=False,
        separator=separator,
        quote_char=None,
        raise_if_empty=False,
        schema={"line": pl.String},
    )
    line = pl.col("line").fill_null("")
    number = pl.int_range(first_line, first_line + pl.len(), dtype=pl.Int64)
    lines = lines.with_columns(__n=number, __record=number, __inside=pl.lit(False))
    quoted = b'"' in part
    if quoted:
        quotes = line.str.count_matches('"', literal=True)
        lines = lines.with_columns(__inside=(quotes.cum_sum().shift(1, fill_value=0) % 2) == 1)
    spanning = lines["__inside"].any()
    inside = pl.col("__inside")
    outside = line
    if quoted:  # quoted cells hold no delimiters; a quote opens one only at a cell's start
        outside = pl.when(inside).then(pl.concat_str([pl.lit('"'), line])).otherwise(line)
        cell_start = f"(^|{_REGEX_CHAR[delimiter]})"
        outside = outside.str.replace_all(cell_start + r'"(?:[^"]|"")*(?:"|$)', "${1}")
    lines = lines.with_columns(
        __record=(~inside).cum_sum() if spanning else pl.col("__record"),
        __fields=outside.str.count_matches(delimiter, literal=True),
        __blank=line.str.contains(f'^[{_REGEX_CHAR[delimiter]}"]*$'),
    )
    records = (
        lines.group_by("__record", maintain_order=True).agg(
            pl.col("__n").first(),
            (pl.col("__fields").sum() + 1).alias("__fields"),
            pl.col("__blank").all(),
        )
        if spanning
        else lines.with_columns(__fields=pl.col("__fields") + 1)
    )
    records = records.filter(~pl.col("__blank"))
    wrong = records.filter(pl.col("__fields") != width)
    ragged: dict[int, str] = {}
    if wrong.height:
        texts = (
            lines.filter(pl.col("__record").is_in(wrong["__record"].implode()))
            .group_by("__record", maintain_order=True)
            .agg(pl.col("__n").first(), pl.col("line").fill_null("").str.join("\n"))
        )
        ragged = dict(zip(texts["__n"], texts["line"], strict=True))
    return records["__n"], ragged


def _records_by_csv_module(
    utf8: bytes, delimiter: str, header_line: int, width: int
) -> tuple[pl.Series, dict[int, str]]:
    """_records by Python's csv module, record by record: slower, but it reads a quote
    character inside an unquoted cell (5" màn hình) as Polars does, where counting quotes
    per line would take it for the start of a quoted cell."""
    stream = io.TextIOWrapper(io.BytesIO(utf8), encoding="utf-8", newline="")
    pending: list[str] = []
    line = 0

    def lines():
        nonlocal line
        for text in stream:
            line += 1
            if line > header_line:
                pending.append(text)
                yield text

    starts: list[int] = []
    ragged: dict[int, str] = {}
    start = header_line + 1
    for cells in csv.reader(lines(), delimiter=delimiter, strict=False):
        if any(cells):
            starts.append(start)
            if len(cells) != width:
                ragged[start] = "".join(pending).rstrip("\r\n")
        pending.clear()
        start = line + 1
    return pl.Series("__n", starts, dtype=pl.Int64), ragged


def read_csv(path: Path, name: str, source: str) -> RawRows:
    utf8, encoding = to_utf8(path.read_bytes(), name)
    if not re.search(rb"\S", utf8):
        raise _empty(name)
    # A lone CR ends a line as LF and CRLF do (old Mac exports, hand-edited files).
    if re.search(rb"\r(?!\n)", utf8):
        utf8 = utf8.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # Bidirectional controls reorder displayed text; removed here as from every text value.
    utf8 = BIDI_UTF8.sub(b"", utf8)
    # A NUL byte is kept as a visible mark; rows holding one are quarantined.
    had_nul = b"\x00" in utf8
    if had_nul:
        utf8 = utf8.replace(b"\x00", NUL_MARK.encode())

    # The delimiter is the one under which some row reads as the best header.
    head = utf8[:_HEAD_CHARS].decode("utf-8", errors="ignore")  # may cut the last character
    best = None
    for rank, delimiter in enumerate(_CSV_DELIMITERS):
        records = _head_records(head, delimiter)
        index, mapping = find_header([cells for _, cells in records], source)
        score = (len(mapping), -rank)
        if index is not None and (best is None or score > best[0]):
            best = (score, delimiter, records[index], mapping)
    if best is None:
        _check_columns(name, source, {}, None, None)
    _, delimiter, (header_line, header_cells), mapping = best
    _check_columns(name, source, mapping, header_line, None)
    _check_duplicates(name, source, header_cells, header_line, None)

    # Row numbers as a person sees them (the line each record starts on) and the records
    # whose field count differs from the header's, read before the cells so that the two
    # passes over the text are never held at once.
    starts, ragged = _records(utf8, delimiter, header_line, len(header_cells))
    try:
        table = pl.read_csv(
            utf8,
            has_header=True,
            skip_lines=header_line - 1,  # title rows above the header
            separator=delimiter,
            quote_char='"',
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise BadInputError(
            name,
            expected="a well-formed CSV file",
            found=str(exc).splitlines()[0][:300],
            message_vi="tệp CSV bị lỗi cấu trúc, không đọc được",
        ) from exc

    # Blank lines (and rows of empty cells) are not rows; a row of spaces is read, and
    # quarantined if it lacks required values.
    blank = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c) == "") for c in table.columns])
    columns = table.columns
    frame = table.filter(~blank)
    if frame.height != len(starts):
        starts, ragged = _records_by_csv_module(utf8, delimiter, header_line, len(header_cells))
    if frame.height != len(starts):
        raise BadInputError(
            name,
            row=starts[min(frame.height, len(starts) - 1)] if len(starts) else None,
            expected="a well-formed CSV file",
            found=f"{len(starts)} records by one reading and {frame.height} by another "
            "(a quote character left open?)",
            message_vi="tệp CSV bị lỗi cấu trúc (có thể thiếu dấu ngoặc kép đóng), không đọc được",
        )
    del utf8
    frame = frame.select(
        [pl.col(columns[index]).alias(column) for column, index in mapping.items()]
    ).with_columns(starts.alias(ROW_NUMBER))
    labels = _labels(header_cells, mapping)
    frame = _complete(frame, source, sheet=None)
    if ragged or had_nul:
        hits = {c: pl.col(c).str.contains(NUL_MARK, literal=True).fill_null(False) for c in mapping}
        wrong = pl.DataFrame(
            {ROW_NUMBER: list(ragged), "__raw": list(ragged.values())},
            schema={ROW_NUMBER: pl.Int64, "__raw": pl.String},
        )
        raw_text = pl.col("__raw")
        marked = pl.any_horizontal(list(hits.values()))
        frame = (
            frame.join(wrong, on=ROW_NUMBER, how="left", maintain_order="left")
            .with_columns(
                pl.when(raw_text.is_not_null())
                .then(pl.lit("wrong_field_count"))
                .when(marked)
                .then(pl.lit("nul_byte"))
                .alias(ISSUE_CODE),
                pl.when(raw_text.is_null())
                .then(
                    pl.coalesce([pl.when(hit).then(pl.lit(labels[c])) for c, hit in hits.items()])
                )
                .alias(ISSUE_COLUMN),
                pl.coalesce(
                    [raw_text] + [pl.when(hit).then(pl.col(c)) for c, hit in hits.items()]
                ).alias(ISSUE_VALUE),
            )
            .drop("__raw")
        )
    return RawRows(frame, labels, None, encoding)


def _complete(frame: pl.DataFrame, source: str, sheet: str | None) -> pl.DataFrame:
    """Add the columns a file lacks (as NULL) and the lineage/issue columns, in table order."""
    extra = {
        SHEET: pl.lit(sheet, pl.String),
        ISSUE_CODE: pl.lit(None, pl.String),
        ISSUE_COLUMN: pl.lit(None, pl.String),
        ISSUE_VALUE: pl.lit(None, pl.String),
    }
    wanted = list(RAW_TABLES[source].columns)
    return frame.select(
        [pl.col(c) if c in frame.columns else pl.lit(None, pl.String).alias(c) for c in wanted]
        + [pl.col(ROW_NUMBER).cast(pl.Int64)]
        + [pl.col(c) if c in frame.columns else e.alias(c) for c, e in extra.items()]
    )


# --- cells of spreadsheets and JSON -------------------------------------------------------


def cell_text(value: object) -> str | None:
    """A cell as text the parsers read unambiguously (dates ISO, numbers without grouping)."""
    if value is None:
        return None
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits; beyond them is binary noise of a calculation
        # (=B2*1,1 giving 89705000.00000001), not a fraction of a đồng.
        value = float(f"{value:.15g}")
        if value.is_integer():
            return str(int(value))
        text = f"{value:.12f}".rstrip("0")  # never "1e-05"
        # "1250.125" would read as thousands grouping; a trailing zero keeps it a decimal.
        return text + "0" if re.fullmatch(r"-?\d+\.(?:\d{3})?", text) else text
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value.total_seconds() / 60)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return nfc(str(value))


def _frame_from_rows(rows: list[dict[str, object]], source: str, sheet: str | None) -> pl.DataFrame:
    schema = {c: pl.String for c in RAW_TABLES[source].columns}
    schema |= {ROW_NUMBER: pl.Int64, ISSUE_CODE: pl.String, ISSUE_COLUMN: pl.String}
    schema |= {ISSUE_VALUE: pl.String}
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return _complete(frame, source, sheet)


# --- .xlsx --------------------------------------------------------------------------------


@dataclass
class _SheetPart:
    """What one worksheet's XML says before any cell is parsed."""

    has_formulas: bool
    last_row: int | None  # the last row holding a value or formula; None when unknown
    merges: list[tuple[int, int, int, int]]  # (min_row, min_col, max_row, max_col)


_VALUE_MARKS = (b"<v>", b"<v ", b"<is>", b"<f>", b"<f ")
_ROW_NUMBER_ATTR = re.compile(rb"<row\b[^>]*?\br=\"(\d+)\"")
_MERGE_REF = re.compile(rb"<mergeCell\b[^>]*?\bref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


def _scan_sheet(data: bytes) -> _SheetPart:
    """Formulas, the last row with content and the merged ranges of a worksheet's XML.

    Sheets often carry formatting far below their data (a million styled, empty rows);
    knowing the last row that holds a value lets the reader stop there instead of walking
    every empty row."""
    last_row = None
    if b"<row" in data:  # the usual unprefixed SpreadsheetML; otherwise read every row
        last_mark = max(data.rfind(mark) for mark in _VALUE_MARKS)
        if last_mark < 0:
            last_row = 0
        else:
            row_at = data.rfind(b"<row", 0, last_mark)
            found = _ROW_NUMBER_ATTR.match(data, row_at) if row_at >= 0 else None
            last_row = int(found.group(1)) if found else None
    merges = [
        (
            int(m.group(2)),
            column_index_from_string(m.group(1).decode()),
            int(m.group(4)),
            column_index_from_string(m.group(3).decode()),
        )
        for m in _MERGE_REF.finditer(data, max(data.rfind(b"</sheetData>"), 0))
    ]
    return _SheetPart(bool(_FORMULA_ELEMENT.search(data)), last_row, merges)


def _refuse_workbook(name: str, found: str, message_vi: str, exc=None) -> BadInputError:
    error = BadInputError(
        name, expected="a readable .xlsx workbook", found=found, message_vi=message_vi
    )
    error.__cause__ = exc
    return error


def _check_workbook_container(path: Path, name: str) -> dict[str, _SheetPart]:
    """A workbook is a zip of XML parts; refuse one that is not, that is encrypted, or that
    unpacks enormous. Returns what each worksheet part holds, by its path in the zip."""
    with path.open("rb") as handle:
        if handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise _refuse_workbook(
                name,
                "an encrypted (password-protected) workbook or an old .xls file",
                "tệp Excel có mật khẩu hoặc là tệp .xls cũ; hãy bỏ mật khẩu và lưu lại thành .xlsx",
            )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            encrypted = [i.filename for i in parts if i.flag_bits & 0x1]
            if encrypted:
                raise _refuse_workbook(
                    name,
                    f"encrypted zip entries ({', '.join(encrypted[:3])})",
                    "tệp Excel có phần bị mã hóa, không đọc được; hãy bỏ mật khẩu và lưu lại",
                )
            unpacked = sum(info.file_size for info in parts)
            if unpacked > MAX_XLSX_UNCOMPRESSED_BYTES:
                limit = MAX_XLSX_UNCOMPRESSED_BYTES // 2**20
                raise BadInputError(
                    name,
                    expected=f"a workbook under {limit} MiB unpacked",
                    found=f"{unpacked // 2**20} MiB of content",
                    message_vi="tệp Excel quá lớn khi giải nén",
                )
            return {
                i.filename: _scan_sheet(archive.read(i.filename))
                for i in parts
                if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
            }
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error) as exc:
        raise _refuse_workbook(
            name,
            f"a corrupt or non-Excel file ({exc})",
            "tệp Excel bị hỏng hoặc không phải tệp .xlsx",
            exc,
        ) from exc


def _sheet_rows(sheet, part: _SheetPart | None, limit: int | None = None):
    """(row number, values) for each row up to the last one with content (or `limit`), merged
    ranges filled with their top-left value so that a contract number merged down its lines
    belongs to every line."""
    last = part.last_row if part else None
    if limit is not None:
        last = limit if last is None else min(last, limit)
    if last == 0:
        return
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    for min_row, min_col, max_row, max_col in part.merges if part else ():
        for row in range(min_row, min(max_row, last or max_row) + 1):
            for col in range(min_col, max_col + 1):
                fill[(row, col)] = (min_row, min_col)
    firsts: dict[tuple[int, int], object] = {}
    for row_number, values in enumerate(sheet.iter_rows(max_row=last, values_only=True), start=1):
        cells = list(values)
        for col in range(1, len(cells) + 1):
            anchor = fill.get((row_number, col))
            if anchor == (row_number, col):
                firsts[anchor] = cells[col - 1]
            elif anchor is not None:
                cells[col - 1] = firsts.get(anchor)
        yield row_number, cells


def read_xlsx(path: Path, name: str, source: str) -> RawRows:
    """Every visible sheet whose header row names the source's columns is read (one sheet
    per quarter, say); the other sheets are listed in RawRows.ignored_sheets."""
    sheet_parts = _check_workbook_container(path, name)
    has_formulas = any(part.has_formulas for part in sheet_parts.values())
    try:
        # Read-only workbooks stream rows. Cached values of formula cells come from the
        # data_only view; the formula view tells a formula never calculated from a blank.
        values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formula_book = (
            openpyxl.load_workbook(path, read_only=True, data_only=False) if has_formulas else None
        )
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _refuse_workbook(
            name, f"{type(exc).__name__}: {exc}", "tệp Excel bị hỏng, không đọc được", exc
        ) from exc
    try:
        return _read_sheets(values_book, formula_book, sheet_parts, name, source)
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()


def _read_sheets(values_book, formula_book, sheet_parts, name: str, source: str) -> RawRows:
    required = RAW_TABLES[source].required
    frames: list[pl.DataFrame] = []
    labels: dict[str, str] = {}
    sheet_rows: dict[str, int] = {}
    ignored: list[str] = []
    partial = None  # the best header among sheets that lack a required column
    for ws in values_book.worksheets:
        # The part path tells which XML scan belongs to this sheet.
        part = sheet_parts.get(getattr(ws, "_worksheet_path", "").lstrip("/"))
        if ws.sheet_state != "visible":
            ignored.append(f"{ws.title} (hidden)")
            continue
        head = list(_sheet_rows(ws, part, limit=HEADER_SCAN_ROWS))
        index, mapping = find_header([cells for _, cells in head], source)
        complete = index is not None and all(c in mapping for c in required)
        if not complete:
            named = sum(c in mapping for c in required)
            if index is not None and (partial is None or named > partial[0]):
                partial = (named, ws.title, head[index][0], mapping)
            ignored.append(ws.title)
            continue
        header_row, header_cells = head[index]
        _check_duplicates(name, source, header_cells, header_row, ws.title)
        sheet_labels = _labels(header_cells, mapping)
        for column, label in sheet_labels.items():
            labels.setdefault(column, label)
        formulas = _sheet_rows(formula_book[ws.title], part) if formula_book else None
        rows = []
        for row_number, cells in _sheet_rows(ws, part):
            formula_cells = next(formulas)[1] if formulas is not None else None
            if row_number <= header_row:
                continue
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            record: dict[str, object] = {ROW_NUMBER: row_number}
            for column, col_index in mapping.items():
                value = cells[col_index] if col_index < len(cells) else None
                record[column] = cell_text(value)
                formula = None
                if value is None and formula_cells is not None and col_index < len(formula_cells):
                    formula = formula_cells[col_index]
                if formula is not None and ISSUE_CODE not in record and _is_formula(formula):
                    record |= {
                        ISSUE_CODE: "formula_without_value",
                        ISSUE_COLUMN: sheet_labels[column],
                        ISSUE_VALUE: str(getattr(formula, "text", formula)),
                    }
            rows.append(record)
        frames.append(_frame_from_rows(rows, source, ws.title))
        sheet_rows[ws.title] = len(rows)
    if not frames:
        # A sheet that names some of the columns is the one the analyst meant: say which
        # column it lacks; with none, say that no header was found.
        if partial is not None and partial[0] * 2 >= len(required):
            _, title, header_row, mapping = partial
            _check_columns(name, source, mapping, header_row, title)
        _check_columns(name, source, {}, None, None)
    # A sheet that names most of the columns but not all would silently drop its rows.
    if partial is not None and partial[0] * 2 >= len(required):
        _, title, header_row, mapping = partial
        _check_columns(name, source, mapping, header_row, title)
    frame = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
    first = next(iter(sheet_rows))
    return RawRows(frame, labels, first, sheet_rows=sheet_rows, ignored_sheets=ignored)


def _is_formula(value: object) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or hasattr(value, "text")


# --- JSON Lines ---------------------------------------------------------------------------


def read_jsonl(path: Path, name: str, source: str) -> RawRows:
    text, encoding = decode_text(path.read_bytes(), name)
    if not text.strip():
        raise _empty(name)
    objects: list[tuple[int, dict]] = []
    broken: list[tuple[int, str]] = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        if isinstance(value, dict):
            objects.append((line_number, value))
        else:
            broken.append((line_number, line.strip()))
    if not objects:
        raise BadInputError(
            name,
            row=broken[0][0],
            expected="JSON Lines: one JSON object per line",
            found=repr(broken[0][1][:80]),
            message_vi="tệp không phải JSON Lines (mỗi dòng một đối tượng JSON)",
        )
    # Each key is matched on its own: lines may label the same column differently.
    by_key: dict[str, str] = {}
    for key in dict.fromkeys(k for _, obj in objects for k in obj):
        matched = match_header([key], source)
        if matched:
            by_key[key] = next(iter(matched))
    labels: dict[str, str] = {}
    for key, column in by_key.items():
        labels.setdefault(column, key)
    _check_columns(name, source, {column: 0 for column in labels}, None, None)

    rows: list[dict[str, object]] = []
    for line_number, obj in objects:
        record: dict[str, object] = {ROW_NUMBER: line_number}
        for key, value in obj.items():
            column = by_key.get(key)
            if column and record.get(column) is None:
                record[column] = cell_text(value)
        rows.append(record)
    for line_number, line in broken:
        rows.append(
            {
                ROW_NUMBER: line_number,
                ISSUE_CODE: "invalid_json",
                ISSUE_COLUMN: None,
                ISSUE_VALUE: line[:1000],
            }
        )
    rows.sort(key=lambda r: r[ROW_NUMBER])
    return RawRows(_frame_from_rows(rows, source, None), labels, None, encoding)


# --- RSS 2.0 / Atom -----------------------------------------------------------------------


def _vet_xml(data: bytes, name: str) -> None:
    """Refuse XML that declares entities (billion laughs, external entities) or is malformed,
    before any feed parser sees it."""
    try:
        defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise BadInputError(
            name,
            expected="an RSS 2.0 or Atom feed without entity declarations",
            found=f"XML that declares entities ({type(exc).__name__}); refused as unsafe",
            message_vi="tệp XML khai báo thực thể (entity), có thể là tấn công; đã từ chối",
        ) from exc
    except defusedxml.ElementTree.ParseError as exc:
        line, column = exc.position
        raise BadInputError(
            name,
            row=line,
            column=str(column),
            expected="well-formed XML (an RSS 2.0 or Atom feed)",
            found=str(exc),
            message_vi="tệp XML sai cấu trúc, không đọc được",
        ) from exc


def feed_timestamp(text: str | None) -> str | None:
    """A feed date (RFC 822 in RSS, RFC 3339 in Atom) as local ISO time; unreadable text is
    passed on as it is, for validation to quarantine."""
    if not text:
        return None
    moment = None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    if moment.tzinfo is not None:
        local = timezone(timedelta(minutes=LOCAL_UTC_OFFSET_MINUTES))
        moment = moment.astimezone(local).replace(tzinfo=None)
    return moment.isoformat(" ")


def _plain_text(markup: str | None) -> str | None:
    if not markup:
        return None
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return nfc(re.sub(r"\s+", " ", text).strip()) or None


def read_feed(path: Path, name: str, agencies: AgencyDirectory) -> RawRows:
    size = path.stat().st_size
    if size > MAX_FEED_BYTES:
        raise BadInputError(
            name,
            expected=f"a feed under {MAX_FEED_BYTES // 2**20} MiB",
            found=f"{size // 2**20} MiB",
            message_vi="tệp RSS/Atom quá lớn",
        )
    data = path.read_bytes()
    _vet_xml(data, name)
    feed = feedparser.parse(data)  # the bytes are vetted: no DTD entities, well-formed
    if not feed.version:
        raise BadInputError(
            name,
            expected="an RSS 2.0 or Atom feed",
            found="XML of another kind",
            message_vi="tệp XML không phải RSS 2.0 hoặc Atom",
        )
    atom = feed.version.startswith("atom")
    stem_agency = agencies.canonical(path.stem)
    rows = []
    for position, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        host = bare_host(link)
        # Unmatched, the host is shown: adding it to the agencies list is the fix.
        agency = agencies.for_host(host) or stem_agency or host or path.stem
        rows.append(
            {
                ROW_NUMBER: position,
                "agency": nfc(agency),
                "published_at": feed_timestamp(entry.get("published") or entry.get("updated")),
                "title": _plain_text(entry.get("title")),
                "url": link,
                "summary": _plain_text(entry.get("summary")),
                "deliverable_type": "article",
                "channel": "online",
            }
        )
    labels = {
        "agency": "link",
        "url": "link",
        "title": "title",
        "published_at": "published" if atom else "pubDate",
        "summary": "summary" if atom else "description",
        "deliverable_type": "deliverable_type",
        "channel": "channel",
    }
    return RawRows(_frame_from_rows(rows, "coverage", None), labels, None, None)
