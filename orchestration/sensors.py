"""The inbox sensor: a new, changed or removed file starts a load of its source and a rebuild of
the models downstream of it.

The cursor is the inbox as last seen: every data file's sha256 (with its size and modification
time, so a file is hashed again only when those change). A file whose bytes did not change
never starts a run, even when it was touched or copied over with the same content. A file is
picked up once it has stopped changing for SETTLE_SECONDS, so a file still being copied in is
not loaded half-written.
"""

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

import dagster as dg
import duckdb

from ingestion.load import INBOX_META_FILE, file_sha256, inbox_files
from ingestion.schemas import SOURCES
from orchestration import jobs, partitions
from orchestration.runtime import paths
from orchestration.schedules import TRIGGER_TAG

SETTLE_SECONDS = 10.0
INBOX_META_KEY = dg.AssetKey(["raw", "inbox_meta"])
CURSOR_VERSION = 1


def source_key(source: str) -> dg.AssetKey:
    return INBOX_META_KEY if source == INBOX_META_FILE else dg.AssetKey(["raw", source])


def _source_of(relative_path: str) -> str:
    """coverage/tin-bai.csv -> coverage; _inbox.json -> _inbox.json."""
    return relative_path.split("/", 1)[0]


def inbox_state(
    inbox: Path, previous: Mapping[str, list], now: float, settle_seconds: float = SETTLE_SECONDS
) -> dict[str, list]:
    """{relative path: [sha256, size, mtime_ns]} of the inbox's data files.

    A file still changing (modified less than settle_seconds ago) keeps its previous entry,
    or stays out when it is new, until it has settled.
    """
    paths = [path for source in SOURCES for path in inbox_files(inbox, source)[0]]
    meta = inbox / INBOX_META_FILE
    if meta.is_file():
        paths.append(meta)
    state: dict[str, list] = {}
    for path in paths:
        name = path.relative_to(inbox).as_posix()
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue  # removed while we looked
        before = previous.get(name)
        if now - stat.st_mtime < settle_seconds:
            if before:
                state[name] = before
            continue
        if before and before[1:] == [stat.st_size, stat.st_mtime_ns]:
            state[name] = before
            continue
        state[name] = [file_sha256(path), stat.st_size, stat.st_mtime_ns]
    return state


def changed_files(before: Mapping[str, list], after: Mapping[str, list]) -> list[str]:
    """Files added, removed or changed in content (their sha256 differs)."""
    return sorted(
        name
        for name in before.keys() | after.keys()
        if (before.get(name) or [None])[0] != (after.get(name) or [None])[0]
    )


def changed_sources(before: Mapping[str, list], after: Mapping[str, list]) -> list[str]:
    """Sources (and _inbox.json) with a file added, removed or changed in content."""
    order = [*SOURCES, INBOX_META_FILE]
    return sorted({_source_of(name) for name in changed_files(before, after)}, key=order.index)


def read_cursor(cursor: str | None) -> dict[str, list]:
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except ValueError:
        return {}
    if data.get("version") != CURSOR_VERSION:
        return {}
    return data.get("files", {})


def write_cursor(files: Mapping[str, list]) -> str:
    return json.dumps({"version": CURSOR_VERSION, "files": dict(sorted(files.items()))})


def missing_models(warehouse: Path, keys: set[dg.AssetKey]) -> set[dg.AssetKey]:
    """The models among `keys` ([schema, table]) that the published warehouse lacks."""
    if not warehouse.exists():
        return set(keys)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        existing = set(
            con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
        )
    return {key for key in keys if tuple(key.path) not in existing}


def refresh_selection(sources: list[str], asset_graph, warehouse: Path) -> list[dg.AssetKey]:
    """The changed sources' raw assets (and the sources loaded against them) and every model
    downstream of them, plus what those
    models are built from that the warehouse does not have yet (a warehouse built from
    nothing, a source loaded for the first time) and the seeds (small reference tables)."""
    changed = dg.AssetSelection.assets(*(source_key(s) for s in sources))
    # Sources loaded against a changed one load again too: reviews correct their rows, the
    # agencies list names their agencies (an unchanged file is re-read only if that changed).
    raw = changed | (changed.downstream() & jobs.INGESTION)
    downstream = raw.downstream() & jobs.MODELS
    inputs = (downstream.upstream() & jobs.MODELS).resolve(asset_graph)
    absent = dg.AssetSelection.assets(*missing_models(warehouse, inputs))
    selection = (raw | downstream | jobs.SEEDS | absent) & jobs.REFRESH
    return sorted(selection.resolve(asset_graph), key=lambda key: key.to_user_string())


def inbox_dir() -> Path:
    return Path(os.environ.get("MEDIACOOP_INBOX", "inbox"))


@dg.sensor(
    name="inbox_sensor",
    job=jobs.refresh_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="A new, changed or removed inbox file loads its source and rebuilds the "
    "models downstream of it. Unchanged files (same sha256) never start a run.",
)
def inbox_sensor(context: dg.SensorEvaluationContext):
    inbox = inbox_dir()
    if not inbox.is_dir():
        return dg.SkipReason(f"no inbox folder at {inbox}")
    before = read_cursor(context.cursor)
    after = inbox_state(inbox, before, time.time())
    cursor = write_cursor(after)
    changed = changed_files(before, after)
    if not changed:
        return dg.SensorResult(skip_reason="no new or changed files in the inbox", cursor=cursor)
    sources = changed_sources(before, after)
    selection = refresh_selection(
        sources, context.repository_def.asset_graph, paths.warehouse_path()
    )
    loaded = {key.path[-1] for key in selection if key.path[0] == "raw"}
    # No run key: the cursor alone says what was seen. A file changed back to earlier bytes is
    # a change again, and must load again.
    return dg.SensorResult(
        cursor=cursor,
        run_requests=[
            dg.RunRequest(
                asset_selection=selection,
                # Dated sources load under the month in progress (see orchestration.partitions).
                partition_key=(
                    partitions.month_key(partitions.local_now().date())
                    if loaded & set(partitions.MONTHLY_SOURCES)
                    else None
                ),
                tags={TRIGGER_TAG: "inbox_sensor", "mediacoop/sources": ",".join(sources)},
            )
        ],
    )
