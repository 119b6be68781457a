"""The report documents stay within the Quarto syntax both rendering paths handle."""

import nbformat
import pytest
import yaml

from reports import SOURCE_DIR as REPORTS_SOURCE_DIR
from reports.qmd import parse_qmd, read_qmd, to_notebook, unsupported_syntax

DOCUMENTS = sorted(REPORTS_SOURCE_DIR.glob("*.qmd"))


def test_the_quarto_project_lists_every_document():
    project = yaml.safe_load((REPORTS_SOURCE_DIR / "_quarto.yml").read_text(encoding="utf-8"))
    assert sorted(project["project"]["render"]) == sorted(p.name for p in DOCUMENTS)
    assert {p.name for p in DOCUMENTS} == {"year_end.qmd", "agency_scorecard.qmd"}
    for key in ("template", "css"):
        assert (REPORTS_SOURCE_DIR / project["format"]["html"][key]).exists()
    assert (REPORTS_SOURCE_DIR / project["format"]["typst"]["template"]).exists()


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_documents_use_only_the_portable_subset(path):
    text = path.read_text(encoding="utf-8")
    assert unsupported_syntax(text) == []
    document = read_qmd(path)
    assert document.front_matter["lang"] == "vi"
    assert document.front_matter["execute"]["echo"] is False
    code = [c for c in document.cells if c.kind == "code"]
    assert [c for c in code if "parameters" in c.tags] == [code[0]], "one parameters cell, first"
    for cell in code:
        compile(cell.source, str(path), "exec")  # every cell is valid Python
        assert not cell.source.lstrip().startswith("#|"), "options only at the top of a cell"


def test_unsupported_syntax_is_reported():
    found = unsupported_syntax(
        "Tổng `{python} total` tin bài {{< pagebreak >}}\n```{r}\n1\n```\nXem @fig-a.\n"
        "::: {.callout-note}\nx\n:::\n"
    )
    assert len(found) == 5


def test_cells_options_and_fenced_blocks_are_parsed():
    document = parse_qmd(
        "---\ntitle: T\nexecute:\n  echo: false\n---\n\n# Đầu mục\n\n"
        "```{python}\n#| tags: [parameters]\nyear = 2024\n```\n\n"
        "```{=typst}\n#pagebreak()\n```\n\n"
        "```text\n```{python}\nnot a cell\n```\n\n"
        "```{python}\n#| output: false\nprint(year)\n```\n"
    )
    kinds = [c.kind for c in document.cells]
    assert kinds == ["markdown", "code", "markdown", "code"]
    assert document.cells[1].tags == ["parameters"]
    assert document.cells[1].source == "year = 2024"
    assert "#pagebreak()" in document.cells[2].source and "not a cell" in document.cells[2].source
    assert document.cell_options(document.cells[3]) == {"echo": False, "output": False}


def test_parameters_are_injected_after_the_parameters_cell_as_literals():
    document = parse_qmd("```{python}\n#| tags: [parameters]\nyear = 2024\n```\n\nText\n")
    hostile = "x'); import os; os.system('echo owned') #"
    notebook = to_notebook(document, {"year": 2025, "province": hostile})
    nbformat.validate(notebook)
    sources = [c.source for c in notebook.cells]
    assert sources[0] == "year = 2024"
    assert notebook.cells[1].metadata["tags"] == ["injected-parameters"]
    namespace: dict = {}
    exec(sources[1], namespace)  # noqa: S102 - the injected cell is plain assignments
    assert namespace["year"] == 2025 and namespace["province"] == hostile


def test_parameters_go_first_when_no_cell_is_tagged():
    notebook = to_notebook(parse_qmd("```{python}\nx = 1\n```\n"), {"year": 2025})
    assert notebook.cells[0].source == "year = 2025"
