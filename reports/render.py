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
from reports import FORMATS, SOURCE_DIR, convert
from reports import markdown as md
from reports import warehouse as wh
from reports.assemble import notebook_markdown, with_front_matter
from reports.file_names import with_file_names, year_end_name
from reports.kernel import REPORT_LIBRARIES, KernelSession
from reports.qmd import QmdDocument, read_qmd, to_notebook

YEAR_END_QMD = SOURCE_DIR / "year_end.qmd"
SCORECARD_QMD = SOURCE_DIR / "agency_scorecard.qmd"
CONVERT_THREADS = 2
# What a render returns: file name -> its content (HTML text, PDF bytes).
Rendered = dict[str, bytes | str]


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
    (rendered,) = render_sets([year_end_set(warehouse, year, province)], workdir, formats, kernel)
    return _result(rendered)


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
    (rendered,) = render_sets([scorecard_set(warehouse, year, province)], workdir, formats, kernel)
    return _result(rendered)


@dataclass
class _Job:
    """One rendering of a document: its output name, parameters and cover metadata."""

    name: str
    parameters: dict
    cover: dict


@dataclass
class DocumentSet:
    """One document rendered once per job (the year-end report once, the scorecard once per
    agency). `around` is code the kernel runs before the first job and after the last (set-up
    and release of what the jobs share)."""

    qmd: Path
    jobs: list[_Job]
    around: tuple[str, str] | None = None


def year_end_set(warehouse: Path, year: int, province: str) -> DocumentSet:
    warehouse = Path(warehouse).resolve()
    cover = _cover(warehouse, year, province, f"{province} — năm {year}")
    parameters = {"year": year, "province": province, "warehouse": str(warehouse)}
    return DocumentSet(YEAR_END_QMD, [_Job(year_end_name(year), parameters, cover)])


def scorecard_set(warehouse: Path, year: int, province: str) -> DocumentSet:
    """The scorecard of each agency with a scorecard row for the year (no job when none)."""
    warehouse = Path(warehouse).resolve()
    with wh.open_read_only(warehouse) as con:
        agencies = con.execute(
            """select agency_id, agency from marts.mart_agency_scorecard
               where year = ? order by agency, agency_id""",
            [year],
        ).fetchall()
    cover = _cover(warehouse, year, province, "")
    jobs = []
    for agency_id, agency, name in with_file_names(agencies):
        parameters = {
            "year": year,
            "province": province,
            "warehouse": str(warehouse),
            "agency_id": agency_id,
        }
        jobs.append(_Job(name, parameters, {**cover, "subtitle": f"{agency} — năm {year}"}))
    # In the kernel the set shares one read-only connection and the year's league table.
    around = (
        f"import reports.scorecard\nreports.scorecard.open_set({str(warehouse)!r}, {int(year)!r})",
        "import reports.scorecard\nreports.scorecard.close_set()",
    )
    return DocumentSet(SCORECARD_QMD, jobs, around)


def render_sets(
    sets: Sequence[DocumentSet],
    workdir: Path,
    formats: Sequence[str] = FORMATS,
    kernel: KernelSession | Sequence[KernelSession] | None = None,
) -> list[Rendered | Exception]:
    """Render several document sets in one pass (file name -> content per set, in order), in
    `kernel` when given (a session of its own otherwise), each in a folder of its own under
    the scratch folder `workdir`. The kernel executes the jobs one after another while the
    documents it finished are converted, so the conversion of one set overlaps the execution
    of the next. Given several kernels, the sets are dealt out to them in turn and each kernel
    executes its sets at the same time as the others. A set that fails gives its error in
    place of its files; the others still render."""
    formats = _check_formats(formats)
    workdir = Path(workdir)
    folders = [workdir / f"set-{number}" for number in range(1, len(sets) + 1)]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("quarto"):
        return [_quarto_set(s, folder, formats) for s, folder in zip(sets, folders, strict=True)]
    if kernel is None:
        kernels = []
    elif isinstance(kernel, KernelSession):
        kernels = [kernel]
    else:
        kernels = list(kernel)
    return _render_with_kernel(list(zip(sets, folders, strict=True)), formats, kernels)


def _result(rendered: Rendered | Exception) -> Rendered:
    if isinstance(rendered, Exception):
        raise rendered
    return rendered


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


def _quarto_set(
    document_set: DocumentSet, workdir: Path, formats: tuple[str, ...]
) -> Rendered | Exception:
    try:
        return _quarto_render(document_set.qmd, document_set.jobs, workdir, formats)
    except Exception as error:  # noqa: BLE001 - the set's error is its result
        return error


class _SetConversions:
    """The conversions of one document set: one pandoc process for its documents (when the
    PDF is wanted) and its Typst compilers, in the set's own folder."""

    def __init__(self, document: QmdDocument, workdir: Path, formats, stack, jobs: int):
        self.document, self.workdir, self.formats = document, workdir, formats
        self.to_pdf = convert.TypstPdf(workdir)
        self.worker = None
        if "pdf" in formats and jobs:
            self.worker = stack.enter_context(convert.PandocWorker(workdir))
        self.pending: list[Future] = []
        self.error: Exception | None = None

    # With the PDF wanted, one pandoc process reads every document of the set and writes its
    # Typst (and its JSON tree, which the HTML writer then starts from); HTML alone is one
    # pandoc run per document from the Markdown.
    def prepare(self, source: str) -> tuple[str | None, str | None]:
        front_matter = self.document.front_matter
        return self.worker.convert(source, front_matter, ast="html" in self.formats, typst=True)

    def html(self, job: _Job, source: str, prepared: Future | None) -> tuple[str, str]:
        front_matter = self.document.front_matter
        if prepared is None:
            text = convert.markdown_to_html(source, front_matter, self.workdir)
        else:
            tree = prepared.result()[0]
            text = convert.markdown_to_html(tree, front_matter, self.workdir, convert.AST)
        return f"{job.name}.html", text

    def pdf(self, job: _Job, source: str, prepared: Future) -> tuple[str, bytes]:
        return f"{job.name}.pdf", self.to_pdf(prepared.result()[1], job.name)

    def submit(self, pool: ThreadPoolExecutor, job: _Job, source: str) -> None:
        # The pool takes tasks in order: a writer waits only on a read already taken.
        prepared = None if self.worker is None else pool.submit(self.prepare, source)
        for name, converter in (("html", self.html), ("pdf", self.pdf)):
            if name in self.formats:
                self.pending.append(pool.submit(converter, job, source, prepared))

    def result(self) -> Rendered | Exception:
        if self.error is not None:
            return self.error
        rendered: Rendered = {}
        for future in self.pending:
            error = future.exception()
            if error is not None:
                return error
            name, content = future.result()
            rendered[name] = content
        return rendered


def _render_with_kernel(
    sets: list[tuple[DocumentSet, Path]],
    formats: tuple[str, ...],
    shared: Sequence[KernelSession] = (),
) -> list[Rendered | Exception]:
    """Execute every job of every set in the kernels `shared` (or one of its own), converting
    each document to the requested formats as soon as it has run, while the kernel runs the
    next. With several kernels, each executes its share of the sets in a thread of its own."""
    # The kernels and pandoc are processes of their own: on two cores, converting one document
    # while a kernel executes the next keeps both busy, and two kernels executing two sets
    # (the year-end report and the scorecards) finish in the time of the longer one.
    with ThreadPoolExecutor(max_workers=CONVERT_THREADS) as pool, contextlib.ExitStack() as stack:
        conversions = [
            _SetConversions(read_qmd(s.qmd), workdir, formats, stack, len(s.jobs))
            for s, workdir in sets
        ]
        work = [
            (document_set, workdir, converting)
            for (document_set, workdir), converting in zip(sets, conversions, strict=True)
            if document_set.jobs
        ]
        kernels = list(shared)
        if work and not kernels:
            kernels = [stack.enter_context(KernelSession(sets[0][1].parent, REPORT_LIBRARIES))]
        lanes = min(len(kernels), len(work))

        def lane(number: int) -> None:
            for document_set, workdir, converting in work[number::lanes]:
                try:
                    _execute_set(
                        kernels[number],
                        converting.document,
                        document_set,
                        workdir,
                        converting,
                        pool,
                    )
                except Exception as error:  # noqa: BLE001 - the set's error is its result
                    converting.error = error

        if lanes == 1:
            lane(0)
        elif lanes > 1:
            with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="kernel") as run:
                list(run.map(lane, range(lanes)))
        # The pandoc processes end with this block: every conversion must be done.
        for converting in conversions:
            for future in converting.pending:
                future.exception()
    return [converting.result() for converting in conversions]


def _execute_set(
    kernel: KernelSession,
    document: QmdDocument,
    document_set: DocumentSet,
    workdir: Path,
    converting: _SetConversions,
    pool: ThreadPoolExecutor,
) -> None:
    kernel.reset()  # a document never sees names another document left
    with contextlib.ExitStack() as stack:
        if document_set.around is not None:
            kernel.run(_code_notebook(document_set.around[0]))
            # The kernel outlives the set: release what the set-up took. After a failed job
            # this is best effort (the kernel stops with the run anyway), so the job's error is
            # the one raised.
            stack.callback(_release, kernel, document_set.around[1])
        for job in document_set.jobs:
            notebook = kernel.run(to_notebook(document, job.parameters))
            body = notebook_markdown(notebook, document, workdir / "figures", job.name)
            source = with_front_matter(document, body, job.cover)
            converting.submit(pool, job, source)


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
