"""The small inbox: the demo inbox cut down to a few hundred items, and one `mediacoop run` of
it made once per test session, which the end-to-end tests starting from it copy. That run also
settles a contract paid in two payments files (money_inbox.py), the first run of the money
tests that go on from it."""

import csv
import shutil
from pathlib import Path

import session_cache
from money_inbox import write_settled_money
from pipeline_run import run_mediacoop

DEMO_COVERAGE = "coverage/tin-bai-ve-hai-phong-2025.csv"
HTML_ONLY = {"MEDIACOOP_REPORT_FORMATS": "html"}  # for runs whose PDF no test reads


def write_small_inbox(inbox: Path, every: int = 30) -> int:
    """The demo inbox with one coverage row in `every` from its main file (a few hundred
    items over the whole year) and no payments, so settlement is not blocked by payments for
    items the trimmed file no longer holds, and no reviews (they correct a payment row, which
    would block as a correction with nothing to apply to). Returns the coverage rows kept."""
    session_cache.demo_inbox(inbox)
    shutil.rmtree(inbox / "payments")
    shutil.rmtree(inbox / "reviews")
    for path in (inbox / "coverage").iterdir():
        if path.relative_to(inbox).as_posix() != DEMO_COVERAGE:
            path.unlink()
    source = inbox / DEMO_COVERAGE
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [rows[0], *rows[1::every]]
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(kept)
    return len(kept) - 1


def run_small_inbox(build: Path) -> None:
    """One good run of the small inbox with the settled money of money_inbox.py (kept in
    <build>/inbox), HTML reports only; its console in <build>/run.log."""
    inbox = build / "inbox"
    write_small_inbox(inbox)
    write_settled_money(inbox)
    # Through the installed console script in a new interpreter: the one whole run that does not
    # start from the tests' preloaded process (preloaded.py).
    result = run_mediacoop(
        build, "run", "--inbox", str(inbox), "--year", "2025", console_script=True, **HTML_ONLY
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (build / "run.log").write_text(result.stdout, encoding="utf-8")
