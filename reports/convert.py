"""Markdown to the two report formats, with the engines Quarto drives.

HTML: pandoc, standalone, every resource (CSS, SVG charts, the chart libraries) embedded, so
the file opens with no network. PDF: pandoc writes Typst with the project's template, and the
Typst compiler (fonts bundled with it only, so every machine prints the same) makes an A4 PDF.
The results are returned to reports.render, which returns them to its caller.

Reading the Markdown is most of pandoc's work on a report (its tables above all): a document
wanted in both formats is read once into pandoc's JSON document tree, and both writers start
from that tree. A set of documents (the scorecards) is read and written to Typst by one pandoc
process (`PandocWorker`), since a pandoc process of its own per document costs more in
start-up work than in converting; the HTML writer runs per document, as it embeds the
figures and styles only on the command line.
"""

import json
import subprocess
import tempfile
import threading
from functools import cache
from pathlib import Path

import pypandoc
import typst

from reports import SOURCE_DIR, interactive

TEMPLATES_DIR = SOURCE_DIR / "templates"
WORKER_SCRIPT = SOURCE_DIR / "pandoc_worker.lua"
CSS = SOURCE_DIR / "assets" / "report.css"
READER = "markdown"  # pandoc's Markdown, the dialect Quarto documents are written in
AST = "json"  # pandoc's own document tree, read back with no loss


def _document_options(front_matter: dict) -> list[str]:
    """Pandoc flags for the front-matter keys that Quarto turns into flags."""
    options = []
    if front_matter.get("toc"):
        options += ["--toc", f"--toc-depth={int(front_matter.get('toc-depth', 3))}"]
    if front_matter.get("number-sections"):
        options.append("--number-sections")
    return options


@cache
def _pandoc() -> str:
    return pypandoc.get_pandoc_path()  # the binary shipped with pypandoc-binary


def _run_pandoc(
    markdown: str, to: str, resource_dir: Path, options: list[str], reader: str = READER
) -> str:
    # Run in the resource folder through `cwd` (never os.chdir): renders may run in threads.
    result = subprocess.run(
        [_pandoc(), f"--from={reader}", f"--to={to}", f"--resource-path={resource_dir}", *options],
        input=markdown,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=resource_dir,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pandoc --to={to} failed: {result.stderr.strip()}")
    return result.stdout


def markdown_to_ast(markdown: str, resource_dir: Path) -> str:
    """The document read once (pandoc JSON), for `markdown_to_html` and `markdown_to_typst`
    with `reader=AST`."""
    return _run_pandoc(markdown, AST, resource_dir, [])


def markdown_to_html(
    markdown: str, front_matter: dict, resource_dir: Path, reader: str = READER
) -> str:
    """Self-contained HTML; pages with charts get the chart libraries inlined once."""
    return interactive.with_scripts(_html(markdown, front_matter, resource_dir, reader))


def _html(markdown: str, front_matter: dict, resource_dir: Path, reader: str) -> str:
    return _run_pandoc(
        markdown,
        "html5",
        resource_dir,
        [
            "--standalone",
            "--embed-resources",
            f"--template={TEMPLATES_DIR / 'report.html'}",
            f"--css={CSS}",
            "--wrap=none",
            *_document_options(front_matter),
        ],
        reader,
    )


class PandocWorker:
    """One `pandoc lua` process that reads documents of one folder (its working directory,
    where relative figure paths resolve, as `--resource-path` does for the command line) and
    writes pandoc's JSON tree and Typst, the same bytes as `markdown_to_ast` and
    `markdown_to_typst`. Thread-safe: requests are answered one at a time. Use as a context
    manager; the process ends with the block."""

    def __init__(self, resource_dir: Path):
        self.resource_dir = Path(resource_dir)
        self._lock = threading.Lock()
        self._count = 0
        # Read only to say why the process stopped; closed with the worker.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [_pandoc(), "lua", str(WORKER_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=self.resource_dir,
            text=True,
            encoding="utf-8",
        )

    def __enter__(self) -> "PandocWorker":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """End the process once the request in hand is answered; later requests fail."""
        with self._lock:
            try:
                self._process.stdin.close()  # the script's loop ends at the end of its input
                self._process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
            finally:
                self._process.stdout.close()
                self._stderr.close()

    def convert(
        self, markdown: str, front_matter: dict, ast: bool, typst: bool
    ) -> tuple[str | None, str | None]:
        """(pandoc's JSON tree or None, standalone Typst or None) of the Markdown document."""
        with self._lock:
            self._count += 1
            stem = self.resource_dir / f"pandoc-{self._count}"
            source = stem.with_suffix(".md")
            source.write_text(markdown, encoding="utf-8")
            request = {"input": source.name}
            toc = bool(front_matter.get("toc"))
            if ast:
                request["json"] = f"{stem.name}.json"
            if typst:
                request.update(
                    typst=f"{stem.name}.typ",
                    typst_template=str(TEMPLATES_DIR / "report.typ"),
                    toc=toc,
                    # As `_document_options`: the depth counts only with a table of contents.
                    toc_depth=int(front_matter.get("toc-depth", 3)) if toc else 3,
                    number_sections=bool(front_matter.get("number-sections")),
                )
            answer = self._ask(json.dumps(request, ensure_ascii=False))
            if answer != "ok":
                raise RuntimeError(f"pandoc failed: {answer.removeprefix('error ')}")
            return tuple(
                (stem.with_suffix(suffix).read_text(encoding="utf-8") if wanted else None)
                for suffix, wanted in ((".json", ast), (".typ", typst))
            )

    def _ask(self, line: str) -> str:
        if self._stderr.closed:
            return "error the pandoc worker was closed"
        try:
            self._process.stdin.write(line + "\n")
            self._process.stdin.flush()
            answer = self._process.stdout.readline()
        except OSError:
            answer = ""
        if not answer:  # the process ended: say why
            self._stderr.seek(0)
            detail = self._stderr.read().decode("utf-8", "replace").strip()
            return f"error pandoc stopped ({self._process.poll()}): {detail}"
        return answer.rstrip("\n")


def markdown_to_typst(
    markdown: str, front_matter: dict, resource_dir: Path, reader: str = READER
) -> str:
    return _run_pandoc(
        markdown,
        "typst",
        resource_dir,
        [
            "--standalone",
            f"--template={TEMPLATES_DIR / 'report.typ'}",
            *_document_options(front_matter),
        ],
        reader,
    )


def typst_to_pdf(source: str, workdir: Path, name: str) -> bytes:
    """Compile Typst source whose images are relative to `workdir` (its root)."""
    path = Path(workdir) / f"{name}.typ"
    path.write_text(source, encoding="utf-8")
    return typst.compile(str(path), root=str(workdir), ignore_system_fonts=True)


class TypstPdf:
    """Typst compilers for the documents of one folder (their root), one per thread: a
    compiler keeps its loaded fonts and its caches from one document to the next, where
    `typst_to_pdf` starts afresh each time."""

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self._local = threading.local()

    def __call__(self, source: str, name: str) -> bytes:
        compiler = getattr(self._local, "compiler", None)
        if compiler is None:
            compiler = typst.Compiler(root=str(self.workdir), ignore_system_fonts=True)
            self._local.compiler = compiler
        path = self.workdir / f"{name}.typ"
        path.write_text(source, encoding="utf-8")
        return compiler.compile(input=str(path))
