"""A Dagster logger that prints one progress line per stage for the command line.

The command line runs the pipeline as a Dagster run and enables only this logger, so the
analyst sees what each stage did (row counts, seconds) instead of Dagster's debug stream.
"""

import logging
import sys
import time

import dagster as dg

# Metadata worth a place on the progress line, in this order.
SHOWN_METADATA = (
    "files",
    "rows_read",
    "rows_loaded",
    "rows_quarantined",
    "rows_duplicate",
    "months_changed",
    "rows",
    "violations",
    "blocked",
    "outputs",
)


def _metadata_text(metadata: dict) -> str:
    parts = []
    for key in SHOWN_METADATA:
        if key in metadata:
            value = getattr(metadata[key], "value", metadata[key])
            if isinstance(value, list):
                value = len(value)
            parts.append(f"{key}={value}")
    return " ".join(parts)


def _partitions_text(partitions: list[str]) -> str:
    """['2025-01', …, '2025-12'] -> '[2025-01…2025-12, 12]'; one partition as itself."""
    ordered = sorted(set(partitions))
    if len(ordered) == 1:
        return f"[{ordered[0]}]"
    return f"[{ordered[0]}…{ordered[-1]}, {len(ordered)}]"


class ProgressHandler(logging.Handler):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.started = time.monotonic()
        self.step_started: dict[str, float] = {}
        # A step that materialises many partitions (a year of months) gets one line per asset,
        # written when the step ends: {step: {asset: (partitions, metadata of the run's own)}}.
        self.partitioned: dict[str, dict[str, tuple[list[str], dict]]] = {}

    def _flush_partitions(self, step: str) -> None:
        for key, (partitions, metadata) in self.partitioned.pop(step, {}).items():
            details = _metadata_text(metadata)
            self._line(f"  ✓ {key + ' ' + _partitions_text(partitions):<42} {details}".rstrip())

    def _line(self, text: str) -> None:
        elapsed = time.monotonic() - self.started
        self.stream.write(f"[{elapsed:6.1f}s] {text}\n")
        self.stream.flush()

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            if record.levelno >= logging.WARNING:
                # The message as the asset logged it, without Dagster's job/run/step prefix.
                self._line(f"  ! {meta.get('orig_message') or record.getMessage()}")
            return
        kind = event.event_type_value
        step = event.step_key or ""
        if kind == "STEP_START":
            self.step_started[step] = time.monotonic()
        elif kind == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            key = "/".join(materialization.asset_key.path)
            metadata = dict(materialization.metadata)
            if materialization.partition is None:
                self._line(f"  ✓ {key:<42} {_metadata_text(metadata)}".rstrip())
                return
            partitions, kept = self.partitioned.setdefault(step, {}).setdefault(key, ([], {}))
            partitions.append(materialization.partition)
            if "files" in metadata or not kept:
                kept.clear()
                kept.update(metadata)
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                severity = getattr(evaluation.severity, "value", evaluation.severity)
                self._line(f"  ✗ check {evaluation.check_name} ({severity})")
        elif kind == "STEP_SUCCESS":
            self._flush_partitions(step)
            seconds = time.monotonic() - self.step_started.get(step, self.started)
            self._line(f"done {step} in {seconds:.1f}s")
        elif kind == "STEP_SKIPPED":
            self._line(f"skipped {step}")
        elif kind == "STEP_FAILURE":
            self._flush_partitions(step)
            error = event.event_specific_data.error
            message = error.message.strip() if error else record.getMessage()
            self._line(f"FAILED {step}: {message}")


@dg.logger(description="One line per stage: what it did, row counts and seconds.")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    log = logging.getLogger(f"mediacoop.progress.{init_context.run_id}")
    log.setLevel(logging.DEBUG)
    log.propagate = False
    log.handlers = [ProgressHandler(sys.stdout)]
    return log
