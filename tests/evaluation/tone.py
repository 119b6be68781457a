"""Score the tone model (dbt int_coverage__tone) against the hand-labelled set.

`tone_labelled.csv` holds realistic headlines with their leads about Hai Phong, each labelled
by hand as an annotator reads it (guideline below), with a `split`: `dev`, the half the
lexicon and thresholds may be tuned on, and `heldout`, the half that only measures. The split
was fixed when the set was written (md5 of the title, even = dev), before any tuning.

Guideline: positive = the item reports a gain, success, improvement, praise, or a problem
solved; negative = harm, failure, wrongdoing (arrests and trials included), delay, complaint,
price rises or criticism; neutral = it announces, informs, plans or convenes, or weighs good
and bad without a lean. `note` explains the hard cases.

The labelled rows are loaded as coverage items into a fresh warehouse and the real dbt models
are built on them (`dbt build --select +int_coverage__tone`), so the score is the model's.
Run as a script to print the scores and write them to the `tone_accuracy` seed, which the
year-end report states beside the tone figures:

    .venv/bin/python tests/evaluation/tone.py [--write-seed]
"""

import argparse
import csv
import datetime as dt
import hashlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
for path in (ROOT, ROOT / "tests"):  # run as a script: the project and the test helpers
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import session_cache  # noqa: E402

from orchestration.runtime.paths import DBT_PROJECT_DIR  # noqa: E402
from tests.dbt.dbt_testkit import (  # noqa: E402
    create_raw_schema,
    insert_rows,
    query,
    run_dbt,
    warehouse_in,
)

LABELLED = Path(__file__).with_name("tone_labelled.csv")
ACCURACY_SEED = DBT_PROJECT_DIR / "seeds" / "tone_accuracy.csv"
CLASSES = ("positive", "neutral", "negative")
AGENCY = "Báo Hải Phòng"


@dataclass(frozen=True)
class Labelled:
    title: str
    lead: str
    label: str
    split: str
    note: str

    @property
    def url(self) -> str:
        return "https://baohaiphong.vn/tone-" + hashlib.md5(self.title.encode()).hexdigest()


def labelled() -> list[Labelled]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return [Labelled(**row) for row in csv.DictReader(handle)]


def predict(rows: list[Labelled], workdir: Path) -> dict[str, str]:
    """{url: tone} from the dbt models built on the rows as coverage items."""
    warehouse = warehouse_in(workdir)
    with duckdb.connect(str(warehouse)) as con:
        create_raw_schema(con)
        published = dt.datetime(2025, 6, 2, 8, 0)
        insert_rows(
            con,
            "coverage",
            [
                {
                    "item_id": hashlib.sha256(r.url.encode()).hexdigest(),
                    "agency": AGENCY,
                    "published_at": published,
                    "title": r.title,
                    "url": r.url,
                    "deliverable_type": "article",
                    "channel": "online",
                    "summary": r.lead,
                }
                for r in rows
            ],
        )
    # cautious: leave out tests that also read models outside the selection
    result = run_dbt(
        warehouse,
        workdir,
        *("build", "--select", "+int_coverage__tone", "--indirect-selection", "cautious"),
    )
    if result.returncode != 0:
        raise RuntimeError(result.stdout[-6000:] + result.stderr[-3000:])
    found = query(
        warehouse,
        """select i.url, t.tone from intermediate.int_coverage__tone t
           join intermediate.int_coverage__items i using (item_id)""",
    )
    return {r["url"]: r["tone"] for r in found}


@dataclass(frozen=True)
class Scores:
    split: str
    items: int
    per_class: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support

    @property
    def macro_f1(self) -> float:
        return sum(f1 for _, _, f1, _ in self.per_class.values()) / len(self.per_class)

    @property
    def accuracy_items(self) -> int:
        return self.items


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score(split: str, pairs: list[tuple[str, str]]) -> Scores:
    """pairs: (true label, predicted tone)."""
    per_class = {}
    for tone in CLASSES:
        tp = sum(1 for t, p in pairs if t == tone and p == tone)
        predicted = sum(1 for _, p in pairs if p == tone)
        actual = sum(1 for t, _ in pairs if t == tone)
        precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
        f1 = _ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0
        per_class[tone] = (precision, recall, f1, actual)
    return Scores(split, len(pairs), per_class)


def evaluate(workdir: Path) -> dict[str, Scores]:
    rows = labelled()
    tones = predict(rows, workdir)
    return {
        split: score(split, [(r.label, tones[r.url]) for r in rows if r.split == split])
        for split in ("dev", "heldout")
    }


def write_seed(scores: dict[str, Scores], measured_on: dt.date) -> None:
    with ACCURACY_SEED.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["split", "tone", "items", "precision", "recall", "f1", "macro_f1", "measured_on"]
        )
        for s in scores.values():
            for tone, (precision, recall, f1, support) in s.per_class.items():
                writer.writerow(
                    [
                        s.split,
                        tone,
                        support,
                        f"{precision:.4f}",
                        f"{recall:.4f}",
                        f"{f1:.4f}",
                        f"{s.macro_f1:.4f}",
                        measured_on.isoformat(),
                    ]
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-seed", action="store_true", help=f"write {ACCURACY_SEED.name}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # the dbt project parsed once in this folder, as a test session does
        session_cache.share(Path(tmp))
        workdir = Path(tmp) / "tone"
        workdir.mkdir()
        scores = evaluate(workdir)
    for s in scores.values():
        print(f"{s.split}: {s.items} items, macro F1 {s.macro_f1:.3f}")
        for tone, (precision, recall, f1, support) in s.per_class.items():
            print(f"  {tone:9} n={support:3}  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    if args.write_seed:
        write_seed(scores, dt.datetime.now(dt.UTC).date())
        print(f"written {ACCURACY_SEED}")


if __name__ == "__main__":
    main()
