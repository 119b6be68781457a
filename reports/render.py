"""Render the year-end report and the agency scorecards from the warehouse.

With the Quarto CLI on PATH the .qmd documents are rendered by `quarto render`. Without it the
same documents go through the engines Quarto drives: the cells run in a Jupyter kernel (with
the parameters injected after the `parameters` cell), the outputs are assembled into pandoc
Markdown, pandoc writes self-contained HTML and Typst, and Typst writes the A4 PDF. A render
works in the scratch folder it is given and returns every file it made (file name -> content)
once all of it rendered; the caller writes them, so a failure leaves the last good report.
"""

import contextlib
import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ingestion import formatting as fmt
from ingestion.normalise import slugify
from reports import SOURCE_DIR, convert, interactive
from reports import markdown as md
from reports import warehouse as wh
from reports.assemble import notebook_markdown, with_front_matter
from reports.kernel import REPORT_LIBRARIES, KernelSession
from reports.qmd import QmdDocument, read_qmd, to_notebook

YEAR_END_QMD = SOURCE_DIR / "year_end.qmd"
SCORECARD_QMD = SOURCE_DIR / "agency_scorecard.qmd"
FORMATS = ("html", "pdf")
CONVERT_THREADS = 2
SCORECARDS_DIR = "scorecards"

# What a render returns: file name -> its content (HTML text, PDF bytes).
Rendered = dict[str, bytes | str]


def year_end_name(year: int) -> str:
    return f"bao-cao-tong-ket-{year}"


def render_year_end(
    warehouse: Path,
    year: int,
    province: str,
    workdir: Path,
    formats: Sequence[str] = FORMATS,
    kernel: KernelSession | None = None,
) -> Rendered:
    """The year-end report: bao-cao-tong-ket-<year>.html and .pdf, made in the scratch folder
    `workdir`, in `kernel` when given (a session of its own otherwise)."""
    formats = _check_formats(formats)
    warehouse = Path(warehouse).resolve()
    cover = _cover(warehouse, year, province, f"{province} — năm {year}")
    parameters = {"year": year, "province": province, "warehouse": str(warehouse)}
    jobs = [_Job(year_end_name(year), parameters, cover)]
    return _render(YEAR_END_QMD, jobs, workdir, formats, kernel)


def render_agency_scorecards(
    warehouse: Path,
    year: int,
    province: str,
    workdir: Path,
    formats: Sequence[str] = FORMATS,
    kernel: KernelSession | None = None,
) -> Rendered:
    """One scorecard per agency with a scorecard row for the year (file name -> content, to
    publish together in the year's scorecards/ folder), made in the scratch folder `workdir`.

    All agencies run in one Jupyter kernel session: `kernel` when given.
    """
    formats = _check_formats(formats)
    warehouse = Path(warehouse).resolve()
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
    if not jobs:
        return {}
    # In the kernel the set shares one read-only connection and the year's league table.
    around = (
        f"import reports.scorecard\nreports.scorecard.open_set({str(warehouse)!r}, {int(year)!r})",
        "import reports.scorecard\nreports.scorecard.close_set()",
    )
    return _render(SCORECARD_QMD, jobs, workdir, formats, kernel, around)


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


def _render(
    qmd: Path,
    jobs: list["_Job"],
    workdir: Path,
    formats: tuple[str, ...],
    kernel: KernelSession | None = None,
    around: tuple[str, str] | None = None,
) -> Rendered:
    """Render every job of one document, with Quarto when it is installed. `around` is code
    the kernel runs before the first job and after the last (set-up and release of what the
    jobs share)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if shutil.which("quarto"):
        return _quarto_render(qmd, jobs, workdir, formats)
    return _render_with_kernel(read_qmd(qmd), jobs, workdir, formats, kernel, around)


def _render_with_kernel(
    document: QmdDocument,
    jobs: list[_Job],
    workdir: Path,
    formats: tuple[str, ...],
    shared: KernelSession | None = None,
    around: tuple[str, str] | None = None,
) -> Rendered:
    """Execute every job in one kernel (`shared`, emptied first, or one of its own),
    converting each to the requested formats as soon as it has run, while the kernel runs the
    next."""

    to_pdf = convert.TypstPdf(workdir)
    front_matter = document.front_matter

    # With the PDF wanted, one pandoc process reads every document of the set and writes its
    # Typst (and its JSON tree, which the HTML writer then starts from); HTML alone is one
    # pandoc run per document from the Markdown.
    def prepare(worker: convert.PandocWorker, source: str) -> tuple[str | None, str | None]:
        return worker.convert(source, front_matter, ast="html" in formats, typst=True)

    def html(job: _Job, source: str, prepared: Future | None) -> tuple[str, str]:
        if prepared is None:
            text = convert.markdown_to_html(source, front_matter, workdir)
        else:
            tree = prepared.result()[0]
            text = convert.markdown_to_html(tree, front_matter, workdir, convert.AST)
        return f"{job.name}.html", text

    def pdf(job: _Job, source: str, prepared: Future) -> tuple[str, bytes]:
        return f"{job.name}.pdf", to_pdf(prepared.result()[1], job.name)

    converters = [c for f, c in (("html", html), ("pdf", pdf)) if f in formats]

    rendered: Rendered = {}
    # The kernel and pandoc are processes of their own: on two cores, converting one document
    # while the kernel executes the next keeps both busy.
    with ThreadPoolExecutor(max_workers=CONVERT_THREADS) as pool:
        if "html" in formats:
            pool.submit(interactive.javascript_bundle)  # built while the kernel runs
        pending = []
        with contextlib.ExitStack() as stack:
            worker = None
            if "pdf" in formats:
                worker = stack.enter_context(convert.PandocWorker(workdir))
            if shared is None:
                kernel = stack.enter_context(KernelSession(workdir, REPORT_LIBRARIES))
            else:
                kernel = shared
                kernel.reset()
            if around is not None:
                kernel.run(_code_notebook(around[0]))
                # A shared kernel outlives this render: release what the set-up took. After a
                # failed job this is best effort (the kernel stops with the run anyway), so
                # the job's error is the one raised.
                stack.callback(_release, kernel, around[1])
            for job in jobs:
                notebook = kernel.run(to_notebook(document, job.parameters))
                body = notebook_markdown(notebook, document, workdir / "figures", job.name)
                source = with_front_matter(document, body, job.cover)
                # The pool takes tasks in order: a writer waits only on a read already taken.
                prepared = None if worker is None else pool.submit(prepare, worker, source)
                pending += [pool.submit(c, job, source, prepared) for c in converters]
            # The worker ends with this block: every conversion it was given must be done.
            for future in pending:
                future.exception()
        for future in pending:
            name, content = future.result()
            rendered[name] = content
    return rendered


def _release(kernel: KernelSession, source: str) -> None:
    if kernel.alive:
        with contextlib.suppress(Exception):
            kernel.run(_code_notebook(source))


def _code_notebook(source: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])


def _quarto_render(
    qmd: Path, jobs: list[_Job], workdir: Path, formats: tuple[str, ...]
) -> Rendered:
    """`quarto render` once per job and format, into the scratch folder."""
    to = {"html": "html", "pdf": "typst"}
    rendered: Rendered = {}
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
                str(workdir),
                "--output",
                output,
            ]
            for key, value in job.parameters.items():
                command += ["-P", f"{key}:{json.dumps(value, ensure_ascii=False)}"]
            for key, value in job.cover.items():
                command += ["-M", f"{key}:{json.dumps(md.escape(value), ensure_ascii=False)}"]
            subprocess.run(command, cwd=qmd.parent, check=True, capture_output=True)
            rendered[output] = (workdir / output).read_bytes()
    return rendered


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
