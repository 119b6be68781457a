"""The Dagster definitions, loaded once per test process, in the session's build folder with
the session's dbt manifest (conftest.py)."""

import functools

import dagster as dg
import session_cache


@functools.cache
def definitions() -> dg.Definitions:
    from orchestration.definitions import defs
    from orchestration.runtime import paths

    session_cache.seed_dbt_target(paths.build_dir())
    return defs()
