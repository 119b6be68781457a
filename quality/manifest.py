"""The marts' columns as their dbt contracts state them, read from dbt's manifest.

Every mart has an enforced contract (dbt_project.yml), so its columns and their types are
written once, in the model's YAML; dbt parses them into target/manifest.json. The quality gate
checks the warehouse against them, and the tests build their small warehouses from them, so a
contract change reaches both without another list to keep in step.
"""

import json
from pathlib import Path

Column = tuple[str, str]  # (name, data type as the contract writes it)


def contract_columns(manifest: Path) -> dict[str, tuple[Column, ...]]:
    """schema.table -> its columns in contract order, for every model whose contract is
    enforced in the manifest at `manifest` (dbt's target/manifest.json)."""
    nodes = json.loads(Path(manifest).read_text(encoding="utf-8"))["nodes"]
    contracts = {}
    for node in nodes.values():
        if node["resource_type"] != "model" or not node["config"]["contract"]["enforced"]:
            continue
        table = f"{node['schema']}.{node['alias']}"
        contracts[table] = tuple(
            (name, column["data_type"]) for name, column in node["columns"].items()
        )
    return contracts
