"""Quarto documents (.qmd) as the report renderer reads them when the Quarto CLI is absent.

The documents keep to a subset both Quarto and this reader render the same way: a YAML front
matter block, Markdown, and ```{python} cells whose options are `#|` YAML lines at the top
(`tags: [parameters]` marks the parameters cell, as in Quarto and papermill). Anything outside
that subset — inline code, shortcodes, other engines, Quarto cross-references, callouts,
tabsets — is reported by `unsupported_syntax` so a test can keep the documents portable.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

CODE_OPEN = re.compile(r"^```\{python\}\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")
OPTION = re.compile(r"^#\|\s?(.*)$")

UNSUPPORTED = {
    r"(?<!`)`\{python\}[^`\n]+`": "inline code (`{python} ...`)",
    r"\{\{<": "Quarto shortcodes ({{< ... >}})",
    r"^```\{(?!python\}|=typst\}|=html\})": "code cells of another engine or with attributes",
    r"(?<![\w.])@(fig|tbl|sec|eq|lst)-": "Quarto cross-references (@fig-, @tbl-, @sec-)",
    r"\.callout-": "Quarto callouts",
    r"\.panel-tabset": "Quarto tabsets",
    r"\.column-": "Quarto column layouts",
}


@dataclass
class Cell:
    kind: str  # "markdown" or "code"
    source: str
    options: dict = field(default_factory=dict)

    @property
    def tags(self) -> list[str]:
        tags = self.options.get("tags", [])
        return [tags] if isinstance(tags, str) else list(tags)


@dataclass
class QmdDocument:
    path: Path
    front_matter: dict
    cells: list[Cell]

    @property
    def execute_options(self) -> dict:
        return dict(self.front_matter.get("execute") or {})

    def cell_options(self, cell: Cell) -> dict:
        """A cell's options over the document's `execute` defaults."""
        return {**self.execute_options, **cell.options}


def read_qmd(path: Path) -> QmdDocument:
    path = Path(path)
    return parse_qmd(path.read_text(encoding="utf-8"), path)


def parse_qmd(text: str, path: Path = Path("document.qmd")) -> QmdDocument:
    front_matter, body = _split_front_matter(text)
    cells: list[Cell] = []
    markdown: list[str] = []
    lines = body.splitlines()
    i = 0
    open_fence: str | None = None  # a non-code fenced block inside the Markdown
    while i < len(lines):
        line = lines[i]
        if open_fence is None and CODE_OPEN.match(line):
            _flush_markdown(markdown, cells)
            code, i = _read_code(lines, i + 1, path)
            cells.append(_code_cell(code, path))
            continue
        fence = FENCE.match(line)
        if fence and open_fence is None:
            open_fence = fence.group(1)
        elif fence and open_fence and line.strip() == open_fence:
            open_fence = None
        markdown.append(line)
        i += 1
    _flush_markdown(markdown, cells)
    return QmdDocument(path, front_matter, cells)


def unsupported_syntax(text: str) -> list[str]:
    """Quarto-only constructs in a document's text, by description."""
    return [
        description
        for pattern, description in UNSUPPORTED.items()
        if re.search(pattern, text, flags=re.MULTILINE)
    ]


def to_notebook(document: QmdDocument, parameters: dict) -> nbformat.NotebookNode:
    """The document as a notebook, with the parameters injected as Quarto does it.

    The injected cell goes right after the cell tagged `parameters` (or first when there is
    none), so its values override the defaults.
    """
    cells = []
    injected = False
    for cell in document.cells:
        if cell.kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.source))
            continue
        cells.append(
            nbformat.v4.new_code_cell(
                cell.source, metadata={"tags": cell.tags, "quarto": cell.options}
            )
        )
        if "parameters" in cell.tags and not injected:
            cells.append(_parameters_cell(parameters))
            injected = True
    if not injected:
        cells.insert(0, _parameters_cell(parameters))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def _parameters_cell(parameters: dict) -> nbformat.NotebookNode:
    # repr() writes each value as a Python literal, so no value can become code.
    source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    return nbformat.v4.new_code_cell(
        source, metadata={"tags": ["injected-parameters"], "quarto": {}}
    )


def _split_front_matter(text: str) -> tuple[dict, str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            return meta, "\n".join(lines[end + 1 :])
    raise ValueError("the front matter block is not closed with ---")


def _read_code(lines: list[str], start: int, path: Path) -> tuple[list[str], int]:
    for end in range(start, len(lines)):
        if lines[end].strip() == "```":
            return lines[start:end], end + 1
    raise ValueError(f"{path}: a ```{{python}} cell is not closed")


def _code_cell(code: list[str], path: Path) -> Cell:
    option_lines = []
    for line in code:
        match = OPTION.match(line)
        if not match:
            break
        option_lines.append(match.group(1))
    options = yaml.safe_load("\n".join(option_lines)) if option_lines else {}
    if not isinstance(options, dict):
        raise ValueError(f"{path}: cell options must be `#| key: value` lines")
    source = "\n".join(code[len(option_lines) :]).strip("\n")
    return Cell("code", source, options)


def _flush_markdown(markdown: list[str], cells: list[Cell]) -> None:
    text = "\n".join(markdown).strip("\n")
    if text:
        cells.append(Cell("markdown", text))
    markdown.clear()
