"""The marts' columns have one source, their dbt contracts: the gate's suites and the tests'
warehouses both read them from dbt's manifest."""

import json

import duckdb
import pandas as pd
import pytest
import yaml
from contract_tables import create_marts, insert_frame, manifest_path
from session_cache import PROJECT_ROOT

from quality.expectations import ALL_EXPECTATIONS, MART_EXPECTATIONS, with_contract_columns
from quality.manifest import contract_columns
from quality.suites import run_suites


def yaml_columns(model: str) -> list[str]:
    document = yaml.safe_load(
        (PROJECT_ROOT / "dbt_project" / "models" / "marts" / f"{model}.yml").read_text()
    )
    (node,) = [m for m in document["models"] if m["name"] == model]
    return [column["name"] for column in node["columns"]]


def test_mart_columns_are_those_of_the_contracts():
    specs = {spec.table: spec for spec in with_contract_columns(manifest_path())}
    for mart in MART_EXPECTATIONS:
        assert not mart.columns  # written nowhere else
        model = mart.table.removeprefix("marts.")
        assert list(specs[mart.table].columns) == yaml_columns(model), model
    raw = {spec.table: spec for spec in ALL_EXPECTATIONS if not spec.table.startswith("marts.")}
    assert all(specs[table] == spec for table, spec in raw.items())


def test_a_mart_without_an_enforced_contract_is_refused(tmp_path):
    nodes = json.loads(manifest_path().read_text())["nodes"]
    for node in nodes.values():
        if node["resource_type"] == "model" and node["alias"] == "mart_budget":
            node["config"]["contract"]["enforced"] = False
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"nodes": nodes}))
    assert "marts.mart_budget" not in contract_columns(manifest)
    with pytest.raises(ValueError, match="marts.mart_budget"):
        with_contract_columns(manifest)


def test_suites_refuse_marts_whose_columns_were_not_read():
    with duckdb.connect() as con, pytest.raises(ValueError, match="marts.dim_agency"):
        run_suites(con, {}, ALL_EXPECTATIONS)


def test_a_test_warehouse_cannot_hold_a_column_its_contract_lacks():
    with duckdb.connect() as con:
        create_marts(con, {"marts.dim_agency"})
        described = con.execute("SELECT column_name, column_type FROM (DESCRIBE marts.dim_agency)")
        types = dict(described.fetchall())
        assert types["reach_estimate"] == "BIGINT" and types["is_reach_default"] == "BOOLEAN"
        insert_frame(con, "marts.dim_agency", pd.DataFrame({"agency_id": ["a"], "agency": ["Báo"]}))
        with pytest.raises(duckdb.BinderException):
            insert_frame(
                con, "marts.dim_agency", pd.DataFrame({"agency_id": ["b"], "audience": [5]})
            )
        with pytest.raises(duckdb.ConversionException):
            insert_frame(
                con, "marts.dim_agency", pd.DataFrame({"agency_id": ["c"], "reach_estimate": ["x"]})
            )
        assert con.execute("SELECT count(*) FROM marts.dim_agency").fetchone() == (1,)
