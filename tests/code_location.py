"""The Dagster definitions, loaded once per test process."""

import functools

import dagster as dg


@functools.cache
def definitions() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs()
