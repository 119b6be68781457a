"""Dagster orchestration and the `mediacoop` command line: a thin layer over plain functions."""
