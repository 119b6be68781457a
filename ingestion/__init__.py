"""Readers, normalisation, validation and loading of the inbox into the warehouse's raw schema."""
