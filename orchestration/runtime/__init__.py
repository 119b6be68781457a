"""Run machinery without Dagster wiring: paths, environment, the pipeline lock, the working copy
of the warehouse, the atomic writer for outputs, the guarded run that publishes them, the portal."""
