"""Administrative index figures: the published Hải Phòng figures plus labelled stand-ins.

The published figures (``indices_hai_phong.csv`` beside this module, with their sources) are
copied unchanged, blanks included: a score the source did not confirm stays blank. Where no
figure has been published yet, the demo adds a stand-in marked ``is_placeholder = true`` with
the note "Số liệu giả định — chưa công bố", so reports can show the shape of a trend without
passing an invented number off as real.
"""

import csv
import io
from importlib import resources

from ingestion.demo.reference import DEMO_LABEL_VI, PLACEHOLDER_NOTE_VI, PROVINCE

HEADERS = (
    "index",
    "year",
    "province",
    "component",
    "score",
    "scale_max",
    "rank",
    "source",
    "note",
    "is_placeholder",
)

_PAPI_2024 = {
    "participation": "5.12",
    "transparency": "5.30",
    "vertical accountability": "4.41",
    "control of corruption": "6.52",
    "administrative procedures": "7.05",
    "public service delivery": "8.02",
    "environmental governance": "3.85",
    "e-governance": "4.20",
}
# (index, year, component, score, scale_max, rank)
_PLACEHOLDERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("PAR", "2025", "", "94.6", "100", "2"),
    ("SIPAS", "2025", "", "90.1", "100", "3"),
    ("PCI", "2025", "", "75.2", "100", "2"),
    ("DTI", "2025", "", "0.8012", "1", "4"),
    *(("PAPI", "2024", name, score, "10", "") for name, score in _PAPI_2024.items()),
)


def published_rows() -> list[dict[str, str]]:
    """The published figures exactly as the reference file has them."""
    text = resources.files("ingestion.demo").joinpath("indices_hai_phong.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def index_rows() -> list[list[str]]:
    rows = [[row[h] for h in HEADERS[:-1]] + ["false"] for row in published_rows()]
    for index, year, component, score, scale_max, rank in _PLACEHOLDERS:
        rows.append(
            [
                index,
                year,
                PROVINCE,
                component,
                score,
                scale_max,
                rank,
                DEMO_LABEL_VI,
                PLACEHOLDER_NOTE_VI,
                "true",
            ]  # fmt: skip
        )
    return rows


def index_csv_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(index_rows())
    return out.getvalue()
