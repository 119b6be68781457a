"""Singular dbt tests that read several models are asset checks of the one their meta names."""

import dagster as dg
import session_cache

from orchestration.assets.dbt import dbt_models
from orchestration.runtime import paths


def test_the_seed_keywords_test_is_a_check_of_the_themes_seed():
    # Without meta.dagster.ref dagster-dbt logs it as an observation, with a notice each run.
    session_cache.seed_dbt_target(paths.build_dir())  # the session's parse, not one of its own
    key = dg.AssetCheckKey(dg.AssetKey(["seeds", "themes"]), "assert_seed_keywords_are_folded")
    assert key in dbt_models().check_keys
