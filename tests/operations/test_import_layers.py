"""The import rule of `make lint` (import-linter's layers contract in pyproject.toml) holds, and
it catches an upward import: planted in a copy of the packages, each one breaks the contract.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.runtime.paths import PROJECT_ROOT

PACKAGES = ("orchestration", "quality", "reports", "ingestion")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (module that gains the import, the module it imports): one for each arrow the rule forbids.
UPWARD = {
    "ingestion/lineage.py": "orchestration.runtime.paths",
    "quality/gate.py": "reports.quality_page",
    "reports/warehouse.py": "quality.tables",
    "reports/render.py": "orchestration.runtime.outputs",
}


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    """The four packages and pyproject.toml, copied as they are."""
    root = tmp_path
    for package in PACKAGES:
        shutil.copytree(
            PROJECT_ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_packages_keep_the_import_rule(copy):
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_rule(copy):
    for module, target in UPWARD.items():
        path = copy / module
        path.write_text(path.read_text(encoding="utf-8") + f"\nimport {target}  # noqa\n")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    for module, target in UPWARD.items():
        importer = module.removesuffix(".py").replace("/", ".")
        assert f"{importer} -> {target}" in result.stdout, (importer, target, result.stdout)
