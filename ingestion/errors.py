"""The one error a reader raises when a file cannot be read at all.

Row-level problems never raise: those rows go to raw.quarantine and the load continues. A
BadInputError means the whole file is unusable (corrupt, hostile, empty, no recognisable
columns), so the load of its source stops and leaves the warehouse as it was.
"""

from pathlib import Path


class BadInputError(Exception):
    """A file that cannot be read; the message names the file, row, column and what was expected.

    `path` is the file as the analyst knows it (relative to the inbox where possible), `row` the
    row a person sees in the file (1-based), `column` the column label as typed in the file.
    """

    def __init__(
        self,
        path: str | Path,
        row: int | None = None,
        column: str | None = None,
        expected: str = "",
        message_vi: str | None = None,
        *,
        found: str | None = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        self.message_vi = message_vi
        super().__init__(self._message())

    def __reduce__(self):
        # Keeps every field when the error crosses a process boundary (pickled by Dagster).
        fields = (self.path, self.row, self.column, self.expected, self.message_vi, self.found)
        return _rebuild, fields

    def _where(self) -> str:
        parts = [f"file {self.path}"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def _message(self) -> str:
        text = f"{self._where()}: expected {self.expected}"
        if self.found:
            text += f"; found {self.found}"
        return text

    def message_for_people(self) -> str:
        """The Vietnamese message when there is one, else the English one."""
        if not self.message_vi:
            return str(self)
        parts = [f"tệp {self.path}"]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column!r}")
        return ", ".join(parts) + f": {self.message_vi}"


def _rebuild(path, row, column, expected, message_vi, found) -> BadInputError:
    return BadInputError(path, row, column, expected, message_vi, found=found)
