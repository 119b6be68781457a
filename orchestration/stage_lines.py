"""A Dagster logger that prints one progress line per stage for the command line.

The command line runs the pipeline as a Dagster run and enables only this logger, so the
analyst sees one line per stage (what it made, row counts, seconds) instead of Dagster's debug
stream. Everything the run logs also goes to the run's log file when the command line opened
one (orchestration.console): Dagster's events, dbt's per-node lines, library warnings.
"""

import logging
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

import dagster as dg

# Metadata worth a place on the progress line, in this order.
SHOWN_METADATA = (
    "files",
    "files_unchanged",
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

# A step that made at most this many assets names each of them on its line.
SMALL_STEP_ASSETS = 2

# Where the lines go: the terminal, and the run's log file (None: no log file). The command line
# sets both for the duration of a command; runs started elsewhere keep printing to stdout.
console: TextIO | None = None
console_errors: TextIO | None = None
log_file: TextIO | None = None
# Where the detail goes (Dagster's events): the log file, or the log file and the terminal.
details: TextIO | None = None


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
    if not ordered:
        return ""
    if len(ordered) == 1:
        return f"[{ordered[0]}]"
    return f"[{ordered[0]}…{ordered[-1]}, {len(ordered)}]"


@dataclass
class _Step:
    """What one step did, gathered until it ends: {asset: (partitions, metadata)}, checks."""

    started: float
    assets: dict[str, tuple[list[str], dict]] = field(default_factory=dict)
    checks_passed: int = 0
    warned: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _layer_counts(keys: list[str]) -> str:
    """['staging/a', 'staging/b', 'marts/c'] -> 'staging 2, marts 1' (first-seen order)."""
    counts: dict[str, int] = {}
    for key in keys:
        layer = key.split("/", 1)[0]
        counts[layer] = counts.get(layer, 0) + 1
    return ", ".join(f"{layer} {n}" for layer, n in counts.items())


class ProgressHandler(logging.Handler):
    """One line per finished step; a step that made several assets (the dbt build) is one
    line with the count per layer; failed checks get a line of their own."""

    def __init__(self, stream: TextIO | None = None):
        super().__init__()
        self._stream = stream
        self.started = time.monotonic()
        self.steps: dict[str, _Step] = {}

    @property
    def stream(self) -> TextIO:
        return self._stream or console or sys.stdout

    def _line(self, text: str) -> None:
        line = f"[{time.monotonic() - self.started:6.1f}s] {text}\n"
        self.stream.write(line)
        self.stream.flush()
        if log_file is not None and log_file is not self.stream:
            log_file.write(line)

    def _step(self, key: str) -> _Step:
        return self.steps.setdefault(key, _Step(started=time.monotonic()))

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            if record.levelno >= logging.WARNING:
                # The message as the asset logged it, without Dagster's job/run/step prefix.
                self._line(f"  ! {meta.get('orig_message') or record.getMessage()}")
            return
        kind = event.event_type_value
        step_key = event.step_key or ""
        if kind == "STEP_START":
            self.steps[step_key] = _Step(started=time.monotonic())
        elif kind == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            key = "/".join(materialization.asset_key.path)
            partitions, kept = self._step(step_key).assets.setdefault(key, ([], {}))
            metadata = dict(materialization.metadata)
            if materialization.partition is not None:
                partitions.append(materialization.partition)
            # Of a year of months, the partition that read the files carries the counts.
            if "files" in metadata or not kept:
                kept.clear()
                kept.update(metadata)
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            step = self._step(step_key)
            if evaluation.passed:
                step.checks_passed += 1
            elif evaluation.severity == dg.AssetCheckSeverity.ERROR:
                step.failed.append(evaluation.check_name)
            else:
                step.warned.append(evaluation.check_name)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            self._finish(step_key, event)
        elif kind == "STEP_SKIPPED":
            self._line(f"  – {step_key}: bỏ qua / skipped")

    def _finish(self, step_key: str, event) -> None:
        step = self.steps.pop(step_key, None) or _Step(started=self.started)
        seconds = f"{time.monotonic() - step.started:.1f}s"
        if len(step.assets) == 1:
            ((key, (partitions, metadata)),) = step.assets.items()
            label = f"{key} {_partitions_text(partitions)}".rstrip()
            details = _metadata_text(metadata)
        elif 1 < len(step.assets) <= SMALL_STEP_ASSETS:
            # A step making a few assets (the reports) names each, with its own figures.
            partitions = [p for parts, _ in step.assets.values() for p in parts]
            label = f"{' + '.join(step.assets)} {_partitions_text(partitions)}".rstrip()
            details = "; ".join(_metadata_text(metadata) for _, metadata in step.assets.values())
        elif step.assets:
            label = step_key
            details = f"{len(step.assets)} assets ({_layer_counts(list(step.assets))})"
        else:
            label, details = step_key, ""
        checks = step.checks_passed + len(step.warned) + len(step.failed)
        if checks:
            details += f" checks={step.checks_passed}/{checks}"
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            message = error.message.strip().splitlines()[0] if error else "failed"
            self._line(f"  ✗ {label:<40} {seconds:>7}  LỖI / FAILED: {message}")
        else:
            self._line(f"  ✓ {label:<40} {seconds:>7}  {details.strip()}".rstrip())
        if step.warned:
            self._line(f"    ! cảnh báo / warnings ({len(step.warned)}): {', '.join(step.warned)}")
        for name in step.failed:
            self._line(f"    ✗ {name} (chặn / blocking)")


class RunLogHandler(logging.Handler):
    """Every record of the run, as Dagster formats it, into the run's log file."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        stream = details or log_file
        if stream is None:
            return
        try:
            stream.write(self.format(record) + "\n")
        except Exception:  # noqa: BLE001 - a log line must never fail the run
            self.handleError(record)


@dg.logger(description="One line per stage: what it did, row counts and seconds.")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    # A Logger of its own, not logging.getLogger(): the registry would keep every run's logger
    # (and what its handlers hold) alive until the interpreter shuts down.
    log = logging.Logger(f"mediacoop.progress.{init_context.run_id}", logging.DEBUG)
    log.propagate = False
    log.addHandler(ProgressHandler())
    log.addHandler(RunLogHandler())
    return log
