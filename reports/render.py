"""Render the year-end report and the agency scorecards from the warehouse.

With the Quarto CLI on PATH the .qmd documents are rendered by `quarto render`. Without it the
same documents go through the engines Quarto drives: the cells run in a Jupyter kernel (with
the parameters injected after the `parameters` cell), the outputs are assembled into pandoc
Markdown, pandoc writes self-contained HTML and Typst, and Typst writes the A4 PDF. Every
output is written atomically once all of it rendered, so a failure leaves the last good report
in place; inside a run, the files go into place with the warehouse (orchestration.outputs).
"""

import datetime as dt
import json
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from orchestration import outputs
from orchestration.paths import REPORTS_SOURCE_DIR
from reports import convert, interactive
from reports import formatting as fmt
from reports import markdown as md
from reports import warehouse as wh
from reports.assemble import notebook_markdown, with_front_matter
from reports.kernel import KernelSession
from reports.qmd import QmdDocument, read_qmd, to_notebook

YEAR_END_QMD = REPORTS_SOURCE_DIR / "year_end.qmd"
SCORECARD_QMD = REPORTS_SOURCE_DIR / "agency_scorecard.qmd"
FORMATS = ("html", "pdf")
CONVERT_THREADS = 2
SCORECARDS_DIR = "scorecards"


def year_end_name(year: int) -> str:
    return f"bao-cao-tong-ket-{year}"


def render_year_end(
    warehouse: Path,
    year: int,
    province: str,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """The year-end report as out_dir/bao-cao-tong-ket-<year>.html and .pdf."""
    formats = _check_formats(formats)
    warehouse, out_dir = Path(warehouse).resolve(), Path(out_dir)
    cover = _cover(warehouse, year, province, f"{province} — năm {year}")
    parameters = {"year": year, "province": province, "warehouse": str(warehouse)}
    return _render(YEAR_END_QMD, [_Job(year_end_name(year), parameters, cover)], out_dir, formats)


def render_agency_scorecards(
    warehouse: Path,
    year: int,
    province: str,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """One scorecard per agency with a scorecard row for the year, under out_dir/scorecards/.

    All agencies run in one Jupyter kernel session. Scorecards of agencies no longer in the
    warehouse are removed once the new set is in place.
    """
    formats = _check_formats(formats)
    warehouse, target = Path(warehouse).resolve(), Path(out_dir) / SCORECARDS_DIR
    with wh.open_read_only(warehouse) as con:
        agencies = con.execute(
            """select agency_id, agency from marts.mart_agency_scorecard
               where year = ? order by agency, agency_id""",
            [year],
        ).fetchall()
    cover = _cover(warehouse, year, province, "")
    jobs = []
    for agency_id, agency, name in _with_file_names(agencies):
        parameters = {
            "year": year,
            "province": province,
            "warehouse": str(warehouse),
            "agency_id": agency_id,
        }
        jobs.append(_Job(name, parameters, {**cover, "subtitle": f"{agency} — năm {year}"}))
    paths = _render(SCORECARD_QMD, jobs, target, formats) if jobs else []
    _remove_stale(target, paths, formats)
    return paths


@dataclass
class _Job:
    """One rendering of a document: its output name, parameters and cover metadata."""

    name: str
    parameters: dict
    cover: dict


def _check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(formats))
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be among {FORMATS}, not {formats}")
    return formats


def _cover(warehouse: Path, year: int, province: str, subtitle: str) -> dict:
    """Title-page and running-header text (escaped for Markdown when written)."""
    with wh.open_read_only(warehouse) as con:
        meta = wh.inbox_meta(con)
    cover = {
        "subtitle": subtitle,
        "date": f"Ngày lập: {fmt.date_vi(dt.date.today())}",
        "running-header": f"{province} · năm {year}",
    }
    label = wh.demo_label(meta)
    if label is not None:
        cover["demo-label"] = f"{label} — không phải số liệu thật"
    return cover


def _render(qmd: Path, jobs: list["_Job"], out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Render every job of one document, with Quarto when it is installed, and publish."""
    if shutil.which("quarto"):
        return _quarto_render(qmd, jobs, out_dir, formats)
    document = read_qmd(qmd)
    with tempfile.TemporaryDirectory(prefix="mediacoop-report-") as tmp:
        return _publish(_render_with_kernel(document, jobs, Path(tmp), formats), out_dir)


def _render_with_kernel(
    document: QmdDocument, jobs: list[_Job], workdir: Path, formats: tuple[str, ...]
) -> dict[Path, bytes | str]:
    """Execute every job in one kernel, converting each to the requested formats as soon as it
    has run, while the kernel runs the next.

    Returns the rendered files by their name relative to the output folder.
    """

    def to_html(job: _Job, source: str) -> tuple[Path, str]:
        return Path(f"{job.name}.html"), convert.markdown_to_html(
            source, document.front_matter, workdir
        )

    def to_pdf(job: _Job, source: str) -> tuple[Path, bytes]:
        typ = convert.markdown_to_typst(source, document.front_matter, workdir)
        return Path(f"{job.name}.pdf"), convert.typst_to_pdf(typ, workdir, job.name)

    converters = [c for f, c in (("html", to_html), ("pdf", to_pdf)) if f in formats]

    rendered: dict[Path, bytes | str] = {}
    # The kernel and pandoc are processes of their own: on two cores, converting one document
    # while the kernel executes the next keeps both busy.
    with ThreadPoolExecutor(max_workers=CONVERT_THREADS) as pool:
        if "html" in formats:
            pool.submit(interactive.javascript_bundle)  # built while the kernel starts
        pending = []
        with KernelSession(workdir) as kernel:
            for job in jobs:
                notebook = kernel.run(to_notebook(document, job.parameters))
                body = notebook_markdown(notebook, document, workdir / "figures", job.name)
                source = with_front_matter(document, body, job.cover)
                pending += [pool.submit(converter, job, source) for converter in converters]
        for future in pending:
            name, content = future.result()
            rendered[name] = content
    return rendered


def _publish(rendered: dict[Path, bytes | str], out_dir: Path) -> list[Path]:
    return [outputs.write_atomically(out_dir / name, data) for name, data in rendered.items()]


def _quarto_render(
    qmd: Path, jobs: list[_Job], out_dir: Path, formats: tuple[str, ...]
) -> list[Path]:
    """`quarto render` once per job and format, into a temporary folder, then publish."""
    to = {"html": "html", "pdf": "typst"}
    rendered: dict[Path, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="mediacoop-quarto-") as tmp:
        for job in jobs:
            for fmt_name in formats:
                output = f"{job.name}.{fmt_name}"
                command = [
                    "quarto",
                    "render",
                    str(qmd),
                    "--to",
                    to[fmt_name],
                    "--output-dir",
                    tmp,
                    "--output",
                    output,
                ]
                for key, value in job.parameters.items():
                    command += ["-P", f"{key}:{json.dumps(value, ensure_ascii=False)}"]
                for key, value in job.cover.items():
                    command += ["-M", f"{key}:{json.dumps(md.escape(value), ensure_ascii=False)}"]
                subprocess.run(command, cwd=qmd.parent, check=True, capture_output=True)
                rendered[Path(output)] = (Path(tmp) / output).read_bytes()
    return _publish(rendered, out_dir)


def _with_file_names(agencies: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(agency_id, agency, file name): an ASCII slug of the name, unique within the set."""
    seen: dict[str, int] = {}
    named = []
    for agency_id, agency in agencies:
        base = slugify(agency) or slugify(agency_id) or "co-quan"
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        named.append((agency_id, agency, name))
    return named


def slugify(text: object) -> str:
    """'Báo Hải Phòng' -> 'bao-hai-phong': lower-case ASCII letters, digits and hyphens."""
    text = str(text or "").replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in ascii_text).split()
    return "-".join(words)[:80].strip("-")


def _remove_stale(folder: Path, keep: list[Path], formats: tuple[str, ...]) -> None:
    kept = {p.resolve() for p in keep}
    suffixes = {f".{f}" for f in formats}
    for path in folder.glob("*"):
        if path.suffix in suffixes and path.resolve() not in kept:
            path.unlink()
