"""Readers, normalisation, validation and loading of the inbox into the warehouse's raw schema."""

# Load order: agencies first, because contracts, payments and coverage name agencies by the
# agencies list; reference data before the transactions that point at it.
SOURCES: tuple[str, ...] = (
    "agencies",
    "events",
    "targets",
    "indices",
    "contracts",
    "payments",
    "coverage",
)
