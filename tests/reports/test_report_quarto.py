"""With the Quarto CLI on PATH the renderer hands the documents to `quarto render`.

Quarto cannot be installed on these machines, so a stand-in `quarto` on PATH records the
command line and writes the file Quarto would write; the test checks what the renderer asks
for and that it publishes the result.
"""

import json
import os
import stat
import sys

from report_helpers import PROVINCE, YEAR, render_into

from reports import SOURCE_DIR as REPORTS_SOURCE_DIR
from reports.render import render_year_end

STAND_IN = """#!{python}
import json, pathlib, sys
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--output-dir") + 1]) / args[args.index("--output") + 1]
out.write_text(json.dumps(args))
with open({log!r}, "a") as log:
    log.write(json.dumps(args) + "\\n")
"""


def test_quarto_renders_each_format_with_the_parameters(warehouse, tmp_path, monkeypatch):
    bin_dir, log = tmp_path / "bin", tmp_path / "quarto.log"
    bin_dir.mkdir()
    quarto = bin_dir / "quarto"
    quarto.write_text(STAND_IN.format(python=sys.executable, log=str(log)))
    quarto.chmod(quarto.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    paths = render_into(render_year_end, warehouse.path, YEAR, PROVINCE, tmp_path / "out")

    assert sorted(p.name for p in paths) == [
        f"bao-cao-tong-ket-{YEAR}.html",
        f"bao-cao-tong-ket-{YEAR}.pdf",
    ]
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert [c[c.index("--to") + 1] for c in calls] == ["html", "typst"]
    for call in calls:
        assert call[:2] == ["render", str(REPORTS_SOURCE_DIR / "year_end.qmd")]
        parameters = [call[i + 1] for i, a in enumerate(call) if a == "-P"]
        assert f"year:{YEAR}" in parameters
        assert f"province:{json.dumps(PROVINCE, ensure_ascii=False)}" in parameters
        assert f"warehouse:{json.dumps(str(warehouse.path.resolve()))}" in parameters
    assert json.loads(paths[0].read_text()) in calls
