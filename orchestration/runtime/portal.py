"""Write the portal (build/index.html) with the outputs of a run.

Every guarded run rewrites it just before its outputs are put in place
(orchestration.runtime.guard), so the page lists what the run wrote, including files still held
back, and what earlier runs left: reports of other years, progress pages, the dbt docs.
"""

import os
from pathlib import Path

from orchestration.runtime import environment, outputs, paths


def portal_html(warehouse: Path | None) -> str:
    """The page for the outputs under the build folder, reading names and verdicts from
    `warehouse` (the run's working copy while a run is open)."""
    # Imported here: the report modules load pandas and Altair, which a run that writes no
    # report (and every process importing the guard) need not pay for.
    from reports.portal import render_portal, year_outputs, years_with_outputs
    from reports.warehouse import inbox_meta, is_demo, open_read_only

    build = paths.build_dir()
    files: set[Path] = set()
    for folder in paths.output_dirs():
        files |= outputs.listing(folder)
    years = []
    for year in years_with_outputs(build, files):
        found = year_outputs(build, files, year, warehouse)
        if found is not None:
            years.append(found)
    docs = paths.dbt_docs_dir() / "static_index.html"
    docs_href = docs.relative_to(build).as_posix() if docs in files else None
    demo = False
    if warehouse is not None and Path(warehouse).exists():
        with open_read_only(Path(warehouse)) as con:
            demo = is_demo(inbox_meta(con))
    province = os.environ.get("MEDIACOOP_PROVINCE", environment.DEFAULTS["MEDIACOOP_PROVINCE"])
    return render_portal(
        years,
        province=province,
        dbt_docs=docs_href,
        demo=demo,
    )


def write_portal(warehouse: Path | None) -> Path:
    return outputs.write_atomically(paths.portal_path(), portal_html(warehouse))


def remove_leftovers() -> list[Path]:
    """Pending portal files of runs that did not finish (call with the pipeline lock)."""
    portal = paths.portal_path()
    found = sorted(portal.parent.glob(f".{portal.name}.*{outputs.PENDING_SUFFIX}"))
    for path in found:
        path.unlink(missing_ok=True)
    return found
