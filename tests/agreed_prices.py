"""The agreed unit price ceilings, read from the dbt seed that the warehouse itself uses."""

import csv
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "agreed_unit_prices.csv"


def agreed_unit_prices() -> dict[tuple[str, str], int]:
    """(deliverable_type, channel) -> the highest unit price agreed, in VND."""
    with SEED.open(encoding="utf-8") as seed:
        return {
            (row["deliverable_type"], row["channel"]): int(row["max_unit_price_vnd"])
            for row in csv.DictReader(seed)
        }
