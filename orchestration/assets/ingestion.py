"""The inbox in the asset graph: one asset per source, raw/<source>, and raw/inbox_meta.

Each asset loads its inbox folder into the raw table (ingestion.load.load_source) and records
what it read as materialisation metadata. A file that cannot be read fails the asset with
ingestion.errors.BadInputError and leaves that raw table as it was.
"""

from pathlib import Path

import dagster as dg
import duckdb

from ingestion.load import SourceLoadResult, load_inbox_meta, load_source
from ingestion.schemas import SOURCES
from ingestion.validate import AGENCY_CHECKED_SOURCES
from orchestration import partitions
from orchestration.resources import PipelineSettings

GROUP = "ingestion"
AGENCIES_KEY = dg.AssetKey(["raw", "agencies"])
REVIEWS_KEY = dg.AssetKey(["raw", "reviews"])
INBOX_META_KEY = dg.AssetKey(["raw", "inbox_meta"])

DESCRIPTIONS = {
    "reviews": "The analyst's decisions: corrections of quarantined values (applied when "
    "their file loads), confirmed removals of money files, confirmed or rejected matches, "
    "syndication pairs, themes and event assignments.",
    "agencies": "Press agencies with their aliases, tier, reach estimate and feed host.",
    "events": "Key events and the windows around them.",
    "targets": "Planned items, shares and budget per theme area and deliverable type.",
    "indices": "Administrative index scores and ranks (PAR, SIPAS, PAPI, PCI, DTI).",
    "concerns": "Issues of public concern or untrue information, with the city's official "
    "response when there was one.",
    "contracts": "Contract lines: agency, period, deliverable, theme area, quantity, price.",
    "payments": "Advances, payments and settlements against contracts.",
    "coverage": "Published items from spreadsheets, CSV, JSON Lines and RSS/Atom feeds.",
}


def _connect(settings: PipelineSettings) -> duckdb.DuckDBPyConnection:
    Path(settings.warehouse).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(settings.warehouse)


def load_metadata(result: SourceLoadResult) -> dict[str, object]:
    """What a materialisation reports: counts, and one line per file."""
    lines = [
        f"| {f.path} | {f.rows_read} | {f.rows_loaded} | {f.rows_quarantined} | "
        f"{f.rows_duplicate} | {'unchanged' if f.skipped_unchanged else 'loaded'} |"
        for f in result.files
    ]
    table = "\n".join(
        [
            "| file | rows read | loaded | quarantined | duplicates | |",
            "|---|---:|---:|---:|---:|---|",
            *lines,
        ]
    )
    ignored = [f"{path}: {why}" for path, why in result.ignored_files.items()] + [
        f"{f.path}, sheet {sheet}" for f in result.files for sheet in f.ignored_sheets
    ]
    per_sheet = [
        f"{f.path} | {sheet} | {rows} | {loaded} | {held}"
        for f in result.files
        for sheet, (rows, loaded, held) in f.sheets.items()
    ]
    read = result.files_read
    return {
        "files_ignored": dg.MetadataValue.json(ignored),
        "per_sheet": dg.MetadataValue.json(per_sheet),
        "files": len(result.files),
        "files_unchanged": result.files_skipped_unchanged,
        "files_removed": dg.MetadataValue.json(result.removed_files),
        # What this load read: an unchanged file is not read again, and the counts of its
        # earlier load stay in the per-file table.
        "rows_read": sum(f.rows_read for f in read),
        "rows_loaded": sum(f.rows_loaded for f in read),
        "rows_quarantined": sum(f.rows_quarantined for f in read),
        # Duplicates are ranked again across every file of the source: its count now.
        "rows_duplicate": result.rows_duplicate,
        "per_file": dg.MetadataValue.md(table),
    }


def _source_asset(source: str) -> dg.AssetsDefinition:
    # Agency names are checked against (and normalised to) the loaded agencies list.
    deps = [AGENCIES_KEY] if source in AGENCY_CHECKED_SOURCES else []
    # Every other source may be corrected by a review, applied while its files load.
    if source != "reviews":
        deps.append(REVIEWS_KEY)
    # Coverage and payments by month: a run loads the files, then records the months changed.
    monthly = source in partitions.MONTHLY_SOURCES

    @dg.asset(
        key=dg.AssetKey(["raw", source]),
        group_name=GROUP,
        pool="warehouse",
        kinds={"duckdb"},
        deps=deps,
        partitions_def=partitions.month_partitions if monthly else None,
        backfill_policy=dg.BackfillPolicy.single_run() if monthly else None,
        description=f"raw.{source} from <inbox>/{source}/. {DESCRIPTIONS[source]}",
    )
    def _load(context: dg.AssetExecutionContext, settings: PipelineSettings):
        with _connect(settings) as con, partitions.track_months(context, con, source) as months:
            result = load_source(con, source, Path(settings.inbox))
        metadata = load_metadata(result)
        context.log.info(
            f"{source}: {len(result.files)} files ({len(result.files_read)} read, "
            f"{result.files_skipped_unchanged} unchanged), "
            f"{metadata['rows_read']} rows read, {metadata['rows_loaded']} loaded, "
            f"{metadata['rows_quarantined']} quarantined"
        )
        # Warnings reach the command line: nothing in the inbox is passed over silently.
        for path, why in result.ignored_files.items():
            context.log.warning(f"bỏ qua / not read: {path} ({why})")
        for file in result.files:
            for sheet in file.ignored_sheets:
                context.log.warning(f"bỏ qua trang tính / sheet not read: {file.path}, {sheet}")
        return dg.MaterializeResult(metadata={**metadata, **months.metadata})

    return _load


@dg.asset(
    key=INBOX_META_KEY,
    group_name=GROUP,
    pool="warehouse",
    kinds={"duckdb"},
    description="raw.inbox_meta from <inbox>/_inbox.json (demo flag, seed, province, year).",
)
def inbox_meta(settings: PipelineSettings):
    with _connect(settings) as con:
        meta = load_inbox_meta(con, Path(settings.inbox))
    return dg.MaterializeResult(metadata={"keys": len(meta), "is_demo": meta.get("demo") is True})


ingestion_assets: list[dg.AssetsDefinition] = [
    *(_source_asset(source) for source in SOURCES),
    inbox_meta,
]
