"""One Jupyter kernel that executes many report notebooks in turn.

Starting a kernel and importing the report libraries costs a few seconds; the agency
scorecards are one document executed once per agency, so they share one kernel session, and a
run can render the year-end report in the same session. The kernel runs the Python of this
environment (the interpreter running the renderer), whatever kernel specs the user's Jupyter
folders hold.

A session may be started ahead of use (`start`): the kernel process then imports the modules
it is told to preload while the caller does other work, and `ready` waits for it only when
the first notebook is due.
"""

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

KERNEL_NAME = "mediacoop-python"
# What the report documents (year_end.qmd, agency_scorecard.qmd) import: a kernel started ahead
# of use (KernelSession.start) loads them while its caller still works.
REPORT_LIBRARIES = ("reports.display", "reports.scorecard", "reports.year_end")
CELL_TIMEOUT_SECONDS = 600


# Values every kernel gets: telemetry off, and no debugger warnings on start-up.
KERNEL_ENV = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "PYTHONUNBUFFERED": "1",
}


# IPython keeps every executed cell in one SQLite file per user (~/.ipython), written by a
# thread of its own: report cells are generated code nobody recalls, and every run of every
# build folder would write to (and lock) that one file.
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)


def report_warm_up(bundle_folder: Path | None) -> str:
    """The `warm_up` statement of a report kernel started ahead of a run (with REPORT_LIBRARIES
    preloaded): reports.display.warm_up, keeping the chart libraries in `bundle_folder` (None:
    no HTML wanted, no libraries built)."""
    folder = None if bundle_folder is None else str(bundle_folder)
    return f"reports.display.warm_up({folder!r})"


class _ThisPythonKernelSpecs(KernelSpecManager):
    """A kernel spec made in code: ipykernel on this interpreter, no lookup on disk."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                "-Xfrozen_modules=off",
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
            ],
            display_name="Python (mediacoop)",
            language="python",
            env=KERNEL_ENV,
            metadata={},
        )

    def find_kernel_specs(self) -> dict[str, str]:
        return {KERNEL_NAME: ""}


class KernelSession:
    """Executes notebooks one after another in the same kernel, started in `workdir`.

    Use as a context manager; the kernel stops when the block ends, even on failure. Or call
    `start` early, `ready` before use and `close` at the end. `preload` names modules the
    kernel imports as it starts; `warm_up` is a statement it runs right after them (naming
    only preloaded modules, and raising nothing), for work the first document would otherwise
    wait for.
    """

    def __init__(self, workdir: Path, preload: Sequence[str] = (), warm_up: str = ""):
        if warm_up and not preload:
            raise ValueError("a warm-up statement needs the modules it uses preloaded")
        self.workdir = Path(workdir)
        self.preload = tuple(preload)
        self.warm_up = warm_up
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._manager = AsyncKernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=_ThisPythonKernelSpecs(),
            connection_file=str(self.workdir / "kernel-connection.json"),
            # Unix sockets in the work folder: no TCP port open, nothing to eavesdrop on.
            transport="ipc",
            ip=str(self.workdir / "kernel-ipc"),
        )
        self._client = NotebookClient(
            nbformat.v4.new_notebook(),
            km=self._manager,
            timeout=CELL_TIMEOUT_SECONDS,
            allow_errors=False,
            resources={"metadata": {"path": str(self.workdir)}},
        )
        self._setup = None
        self.notebooks_run = 0
        self._namespace_empty = True  # nothing has run in the kernel since it started or reset

    def start(self) -> "KernelSession":
        """Launch the kernel process without waiting for it (it imports `preload` first)."""
        if not self._manager.has_kernel:
            env = {**os.environ, **KERNEL_ENV}
            extra = list(KERNEL_ARGUMENTS)
            if self.preload:
                # Imported, then the names dropped: the namespace stays as empty as a reset
                # leaves it, so the first document needs no reset.
                roots = ", ".join(sorted({name.split(".")[0] for name in self.preload}))
                lines = [f"import {', '.join(self.preload)}", self.warm_up, f"del {roots}"]
                extra.append(f"--IPKernelApp.exec_lines={'; '.join(filter(None, lines))}")
            run_sync(self._manager.start_kernel)(
                cwd=str(self.workdir), env=env, extra_arguments=extra
            )
        return self

    def ready(self) -> "KernelSession":
        """Start the kernel if needed and wait until it answers."""
        if self._setup is None:
            self.start()
            self._setup = self._client.setup_kernel()
            self._setup.__enter__()
        return self

    def close(self, *exc_info) -> None:
        """Stop the kernel (also one that was started and never used)."""
        # nbclient leaves a kernel it was handed running: stop it here.
        try:
            if self._client.kc is not None:
                self._client.kc.stop_channels()
            if self._manager.has_kernel:
                run_sync(self._manager.shutdown_kernel)(now=True)
        finally:
            setup, self._setup = self._setup, None
            if setup is not None:
                setup.__exit__(*(exc_info or (None, None, None)))

    def __enter__(self) -> "KernelSession":
        return self.ready()

    def __exit__(self, *exc_info) -> None:
        self.close(*exc_info)

    def reset(self) -> None:
        """Empty the kernel's namespace (imported modules stay loaded), so a document never
        sees names another document left."""
        self.ready()
        if self._namespace_empty:
            return  # a reset collects the garbage of the whole kernel: a third of a second
        cell = nbformat.v4.new_code_cell("get_ipython().reset(new_session=False)")
        client = self._client
        client.nb = nbformat.v4.new_notebook(cells=[cell])
        client.reset_execution_trackers()
        client.execute_cell(cell, 0)
        self._namespace_empty = True

    @property
    def alive(self) -> bool:
        return self._manager.has_kernel

    def run(self, notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """Execute every code cell in order; a failing cell raises CellExecutionError."""
        self.ready()
        self._namespace_empty = False
        client = self._client
        client.nb = notebook
        client.reset_execution_trackers()
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        self.notebooks_run += 1
        return notebook
