"""Dagster assets, one module per stage: ingestion, dbt models, quality gate, reports."""
