"""What a year's reports are called: the year-end report's name and one file name per agency
for the scorecards. Kept apart from the renderer, so the portal can name the files without
loading what renders them (pandas, Altair, the notebook libraries)."""

from ingestion.normalise import slugify

SCORECARDS_DIR = "scorecards"


def year_end_name(year: int) -> str:
    return f"bao-cao-tong-ket-{year}"


def with_file_names(agencies: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(agency_id, agency, file name): an ASCII slug of the name, unique within the set."""
    seen: dict[str, int] = {}
    named = []
    for agency_id, agency in agencies:
        base = slugify(agency) or slugify(agency_id) or "co-quan"
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        named.append((agency_id, agency, name))
    return named
