"""Readers, normalisation, validation and loading of the inbox into the warehouse's raw schema."""

from ingestion.schemas import SOURCES

__all__ = ["SOURCES"]
