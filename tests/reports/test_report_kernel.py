"""One Jupyter kernel executes many report notebooks in turn."""

import sys

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from reports.kernel import KernelSession


def notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def text_output(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_many_notebooks_share_one_kernel_running_this_python(tmp_path):
    with KernelSession(tmp_path) as kernel:
        first = kernel.run(notebook("import os, sys", "print(os.getpid(), sys.executable)"))
        second = kernel.run(notebook("import os", "print(os.getpid())", "print(os.getcwd())"))
        history = kernel.run(notebook("print(get_ipython().history_manager.enabled)"))
        assert kernel.notebooks_run == 3 and kernel.alive
    pid, executable = text_output(first.cells[1]).split()
    assert text_output(second.cells[1]).strip() == pid
    assert executable == sys.executable
    assert text_output(second.cells[2]).strip() == str(tmp_path)
    # Generated report cells are not kept in the user's IPython history file.
    assert text_output(history.cells[0]).strip() == "False"


def test_a_failing_cell_raises_and_the_kernel_stops(tmp_path):
    kernel = KernelSession(tmp_path)
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"), kernel:
        kernel.run(notebook("x = 1", "1 / 0", "print('never')"))
    assert not kernel.alive


def test_a_kernel_started_ahead_has_its_preload_and_reset_empties_the_namespace(tmp_path):
    kernel = KernelSession(tmp_path, preload=("colorsys", "xml.dom")).start()
    assert kernel.alive  # launched, not yet waited for
    try:
        kernel.reset()  # nothing ran yet: the preload left no names
        first = kernel.run(
            notebook(
                "import sys",
                "print('colorsys' in sys.modules, 'xml.dom' in sys.modules)",
                "print('colorsys' in dir(), 'xml' in dir())",
                "x = 1",
            )
        )
        kernel.reset()
        second = kernel.run(notebook("print('x' in dir(), 'sys' in dir())"))
    finally:
        kernel.close()
    assert text_output(first.cells[1]).split() == ["True", "True"]
    assert text_output(first.cells[2]).split() == ["False", "False"]
    assert text_output(second.cells[0]).split() == ["False", "False"]
    assert not kernel.alive


def test_a_kernel_started_and_never_used_stops_on_close(tmp_path):
    kernel = KernelSession(tmp_path).start()
    kernel.close()
    assert not kernel.alive


def test_a_report_kernel_warms_up_before_it_answers_and_keeps_its_namespace_empty(tmp_path):
    from reports.kernel import REPORT_LIBRARIES, report_warm_up

    folder = tmp_path / "cache"
    kernel = KernelSession(tmp_path / "k", REPORT_LIBRARIES, report_warm_up(folder)).start()
    try:
        kernel.ready()  # answers once its start-up lines ran
        (bundle,) = folder.glob("vega-bundle-*.js")
        checked = kernel.run(
            notebook(
                "import sys, vl_convert",
                "print('reports.display' in sys.modules, 'reports' in dir())",
            )
        )
    finally:
        kernel.close()
    assert text_output(checked.cells[1]).split() == ["True", "False"]
    # The libraries the HTML pages inline, whole: the renderer reads this file, not vl-convert.
    text = bundle.read_text(encoding="utf-8")
    assert len(text) > 500_000 and "vegaEmbed" in text and "vegaLite" in text
    assert not list(folder.glob("*.partial"))


def test_a_warm_up_needs_its_modules_preloaded(tmp_path):
    with pytest.raises(ValueError, match="preloaded"):
        KernelSession(tmp_path, warm_up="reports.display.warm_up('x')")
