"""One Jupyter kernel that executes many report notebooks in turn.

Starting a kernel and importing the report libraries costs a few seconds; the agency
scorecards are one document executed once per agency, so they share one kernel session. The
kernel runs the Python of this environment (the interpreter running the renderer), whatever
kernel specs the user's Jupyter folders hold.
"""

import os
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

KERNEL_NAME = "mediacoop-python"
CELL_TIMEOUT_SECONDS = 600
# Values every kernel gets: telemetry off, and no debugger warnings on start-up.
KERNEL_ENV = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "PYTHONUNBUFFERED": "1",
}


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

    Use as a context manager; the kernel stops when the block ends, even on failure.
    """

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
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

    def __enter__(self) -> "KernelSession":
        env = {**os.environ, **KERNEL_ENV}
        self._setup = self._client.setup_kernel(cwd=str(self.workdir), env=env)
        self._setup.__enter__()
        return self

    def __exit__(self, *exc_info) -> None:
        # nbclient leaves a kernel it was handed running: stop it here.
        try:
            if self._client.kc is not None:
                self._client.kc.stop_channels()
            run_sync(self._manager.shutdown_kernel)(now=True)
        finally:
            self._setup.__exit__(*exc_info)

    @property
    def alive(self) -> bool:
        return self._manager.has_kernel

    def run(self, notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """Execute every code cell in order; a failing cell raises CellExecutionError."""
        client = self._client
        client.nb = notebook
        client.reset_execution_trackers()
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        self.notebooks_run += 1
        return notebook
