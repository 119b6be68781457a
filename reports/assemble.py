"""An executed report notebook back to one Markdown document, as Quarto assembles it.

Markdown cells pass through; a code cell contributes its outputs: `text/markdown` display
data as Markdown, `image/svg+xml` as a figure file referenced from the Markdown (followed by
the chart's Vega-Lite specification for the HTML output, when the cell gave one), plain text as
a code block. Cell options follow Quarto's names (`echo`, `output`, `include`, `fig-cap`).
"""

import json
from pathlib import Path

import nbformat

from reports import markdown as md
from reports.charts import VEGALITE_MIME
from reports.interactive import spec_block
from reports.qmd import QmdDocument

# Front-matter keys that steer execution and rendering rather than describe the document.
_ENGINE_KEYS = {"execute", "jupyter", "format", "engine", "params"}


def notebook_markdown(
    notebook: nbformat.NotebookNode,
    document: QmdDocument,
    figures_dir: Path,
    figure_prefix: str,
) -> str:
    """The document body: Markdown and code-cell outputs in order; figures written as SVG."""
    figures_dir.mkdir(parents=True, exist_ok=True)
    parts: list[str] = []
    figure_count = 0
    defaults = document.execute_options
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        options = {**defaults, **cell.metadata.get("quarto", {})}
        if options.get("include") is False:
            continue
        if options.get("echo") is True:
            parts.append(f"```python\n{cell.source}\n```")
        if options.get("output") is False:
            continue
        captions = options.get("fig-cap") or []
        captions = [captions] if isinstance(captions, str) else list(captions)
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                if output.get("name") == "stdout" and output.get("text", "").strip():
                    parts.append(_plain(output["text"], options))
                continue  # stderr: warnings and logs stay out of the report
            data = output.get("data", {})
            if "text/markdown" in data:
                parts.append(data["text/markdown"])
            elif "image/svg+xml" in data:
                caption = captions[figure_count] if figure_count < len(captions) else ""
                figure_count += 1
                name = f"{figure_prefix}-{figure_count}.svg"
                (figures_dir / name).write_text(data["image/svg+xml"], encoding="utf-8")
                parts.append(md.image(f"{figures_dir.name}/{name}", caption))
                if VEGALITE_MIME in data:
                    parts.append(spec_block(data[VEGALITE_MIME]))
            elif "text/plain" in data and kind == "execute_result":
                parts.append(_plain(data["text/plain"], options))
    return "\n\n".join(part.strip("\n") for part in parts if part.strip()) + "\n"


def _plain(text: str, options: dict) -> str:
    if options.get("output") == "asis":
        return text
    return f"```\n{text.rstrip()}\n```"


def with_front_matter(document: QmdDocument, body: str, extra: dict) -> str:
    """A pandoc Markdown document: the qmd's descriptive front matter, `extra` values, body.

    Pandoc reads string metadata as Markdown, so values from data are escaped first; JSON
    strings are valid YAML scalars and keep every character as written.
    """
    meta = {k: v for k, v in document.front_matter.items() if k not in _ENGINE_KEYS}
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(md.escape(value), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body
