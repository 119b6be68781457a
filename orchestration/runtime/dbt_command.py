"""`mediacoop-dbt`: dbt's own command line, run in the folder of the warehouse it builds.

dbt reuses its parse of the project (partial parsing) only while the profile renders to the
same connection settings: it hashes every value of the connection, the DuckDB file's path
included, and parses the whole project again when one changed ("Unable to do partial parsing
because profile has changed"; dbt/parser/manifest.py, build_manifest_state_check). A value read
through a DBT_ENV_SECRET_ variable is hashed too: the hash is taken of the rendered value.
Given an absolute path, dbt therefore parses everything again in every new build folder, even
when the folder was given a parse made elsewhere (a fresh build's copy of a parsed target, the
test session's parse).

Run in the warehouse's folder and given only the file's name (MEDIACOOP_DBT_WAREHOUSE_FILE,
which profiles.yml prefers to MEDIACOOP_WAREHOUSE), dbt sees the same profile in every build
folder. The file's name also names DuckDB's catalog ("warehouse"), which compiled SQL carries;
it stays in the hash, so a parse is only ever reused for a database of the same name.

The process environment keeps MEDIACOOP_WAREHOUSE absolute: a later run recognises a dbt left
running by a killed run by it (orchestration.runtime.working_copy).
"""

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

# The warehouse file, relative to this process's working folder; read by profiles.yml.
FILE_VARIABLE = "MEDIACOOP_DBT_WAREHOUSE_FILE"


def enter_warehouse_folder(environ: MutableMapping[str, str] = os.environ) -> Path | None:
    """Change into the folder of MEDIACOOP_WAREHOUSE and name the file relative to it; the
    folder, or None when there is none to change into (dbt then gets the path as it is)."""
    environ.pop(FILE_VARIABLE, None)
    warehouse = environ.get("MEDIACOOP_WAREHOUSE")
    if not warehouse or not Path(warehouse).is_absolute() or not Path(warehouse).parent.is_dir():
        return None
    folder = Path(warehouse).parent
    os.chdir(folder)
    environ[FILE_VARIABLE] = Path(warehouse).name
    return folder


def main() -> None:
    enter_warehouse_folder()
    from dbt.cli.main import cli

    sys.exit(cli())
