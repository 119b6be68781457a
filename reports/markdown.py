"""Markdown building blocks for the report documents, with every data value escaped.

Report cells emit Markdown that pandoc turns into HTML and Typst. A value from the warehouse
(a headline, an agency name, a rule's detail) could hold raw HTML (`<script>`) or characters
that mean something to Markdown or Typst (`#`, `[`, `*`, `$`, `@`, `<`). `escape` backslash-
escapes every ASCII punctuation character, so pandoc reads the value as literal text and then
escapes it correctly for each output format itself. Fragments the documents write themselves
are marked `Md` and pass through untouched; everything else is escaped.
"""

import re
import string
from collections.abc import Iterable, Sequence

from ingestion.formatting import nfc

_PUNCTUATION = frozenset(string.punctuation)
# Line breaks and other control characters would end a table row or start a new block.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


# Typst reads `= `, `- `, `+ `, `/ ` and `1. ` at the start of a content block as a heading or a
# list. Pandoc escapes them at the start of a paragraph but not at the start of a table cell,
# a caption or a list item, so there the report adds the escaping backslash itself.
_TYPST_BLOCK_START = re.compile(r"^\s*(?:=+|[+\-/]|\d+\.)(?:\s|$)")
_TYPST_BACKSLASH = "`\\`{=typst}"


class Md(str):
    """A Markdown fragment written by the report itself (trusted, not escaped again)."""


def escape(value: object) -> Md:
    """Literal text as Markdown: NFC, one line, every ASCII punctuation character escaped."""
    if isinstance(value, Md):
        return value
    text = _LINE_BREAKING.sub(" ", nfc(value))
    return Md("".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text))


def escape_block_start(value: object) -> Md:
    """`escape` for text that opens a Typst content block (cell, caption, list item)."""
    if isinstance(value, Md):
        return value
    text = escape(value).strip()
    if _TYPST_BLOCK_START.match(nfc(value)):
        return Md(_TYPST_BACKSLASH + text)
    return Md(text)


def join(*parts: object) -> Md:
    """Concatenate fragments, escaping every part that is not already Markdown."""
    return Md("".join(escape(p) for p in parts))


def bold(value: object) -> Md:
    return Md(f"**{escape(value)}**")


def heading(level: int, value: object, identifier: str | None = None) -> Md:
    attributes = f" {{#{identifier}}}" if identifier else ""
    return Md(f"{'#' * level} {escape_block_start(value)}{attributes}\n\n")


def paragraph(*parts: object) -> Md:
    # Stripped: leading spaces would turn the paragraph into a code block.
    return Md(join(*parts).strip() + "\n\n")


def bullets(items: Iterable[object]) -> Md:
    lines = [f"- {escape_block_start(item)}" for item in items]
    return Md("\n".join(lines) + "\n\n") if lines else Md("")


def table(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    align: str | None = None,
    caption: object | None = None,
    widths: Sequence[int] | None = None,
) -> Md:
    """A pipe table; `align` has one letter per column: l(eft), r(ight) or c(enter).

    Columns get relative widths (from `widths`, else from the length of their text) so long
    text wraps in its own column rather than squeezing the figures beside it.
    """
    rows = [list(row) for row in rows]
    if not rows:
        return (
            paragraph(caption, ": không có số liệu.") if caption else paragraph("Không có số liệu.")
        )
    align = align or "l" * len(header)
    if len(align) != len(header):
        raise ValueError(f"align {align!r} does not match {len(header)} columns")
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row has {len(row)} cells, header has {len(header)}")
    weights = list(widths) if widths else _column_weights(header, rows)
    # A separator line longer than pandoc's 72 columns makes it honour these widths.
    dashes = [max(3, round(100 * w / sum(weights))) for w in weights]
    rule = {"l": ":{}", "r": "{}:", "c": ":{}:"}
    lines = [
        "| " + " | ".join(escape_block_start(h) for h in header) + " |",
        "|" + "|".join(rule[a].format("-" * n) for a, n in zip(align, dashes, strict=True)) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(escape_block_start(c) for c in row) + " |")
    text = "\n".join(lines) + "\n"
    if caption is not None:
        text += f"\n: {escape_block_start(caption)}\n"
    return Md(text + "\n")


def _column_weights(header: Sequence[object], rows: list[list[object]]) -> list[int]:
    # A header may wrap onto two lines; a long text cell wraps within 40 characters' share.
    weights = []
    for i, title in enumerate(header):
        longest_cell = max((len(str(row[i])) for row in rows), default=0)
        weights.append(max(6, min(len(str(title)), 14), min(longest_cell, 40)))
    return weights


# Boxes that stand out on screen (CSS class) and on paper (Typst block attributes).
_BOX_STYLES = {
    "info": ('rgb(\\"eef4fb\\")', 'rgb(\\"3b6ea8\\")'),
    "warning": ('rgb(\\"fdf5e3\\")', 'rgb(\\"b7791f\\")'),
    "danger": ('rgb(\\"fdecea\\")', 'rgb(\\"b42318\\")'),
    "success": ('rgb(\\"eaf6ee\\")', 'rgb(\\"2f7d46\\")'),
}


def box(kind: str, body: str) -> Md:
    """A highlighted block around Markdown `body` (already escaped where it holds data)."""
    fill, stroke = _BOX_STYLES[kind]
    attributes = (
        f'.box .box-{kind} typst:fill="{fill}" typst:inset="9pt" typst:radius="3pt" '
        f'typst:width="100%" typst:stroke="(left: 3pt + {stroke})"'
    )
    return Md(f"::: {{{attributes}}}\n{body.strip()}\n:::\n\n")


def image(path: str, alt: object, width: str | None = None) -> Md:
    attributes = f"{{width={width}}}" if width else ""
    return Md(f"![{escape_block_start(alt)}]({path}){attributes}\n\n")
