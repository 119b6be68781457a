"""Output files (reports, pages, the settlement workbook), published with the warehouse.

Every output is written to a temporary file beside its target, flushed to disk and renamed
over the target, so a reader sees the previous file or the new one, never half of one.

Inside a guarded run (orchestration.runtime.guard) the renames wait for the run's end: the run
publishes its warehouse, then renames all its outputs into place (and removes the ones it
withdrew, such as the workbook of a blocked settlement). A run that fails or is killed leaves
the last good warehouse with the reports made from it, never new reports about a warehouse that
was not published. The `.pending` files a killed run leaves behind are removed by the next one.
"""

import contextlib
import os
import tempfile
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

PENDING_SUFFIX = ".pending"


# The current run's changes while they are held: target -> its staged file (None: remove it).
_held: dict[Path, Path | None] | None = None


@contextlib.contextmanager
def held_until_published() -> Iterator[None]:
    """Hold the renames of the outputs written inside the block until publish_held();
    whatever is still held when the block ends is thrown away."""
    global _held
    _held = {}
    try:
        yield
    finally:
        changes, _held = _held, None
        for staged in changes.values():
            if staged is not None:
                staged.unlink(missing_ok=True)


def _hold(target: Path, staged: Path | None) -> None:
    earlier = _held.pop(target, None)
    if earlier is not None:
        earlier.unlink(missing_ok=True)  # a later write of the same output wins
    _held[target] = staged


def publish_held() -> None:
    """Put the held outputs in place (call after the warehouse was published)."""
    if not _held:
        return
    for target, staged in _held.items():
        if staged is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(staged, target)
    for folder in {target.parent for target in _held}:
        fsync(folder)
    _held.clear()


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write; when the block succeeds it replaces
    `path` (at the end of the run, inside a guarded run)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=PENDING_SUFFIX)
    os.close(fd)
    staged = Path(name)
    try:
        yield staged
        os.chmod(staged, 0o644)
        fsync(staged)
        if _held is None:
            os.replace(staged, path)
        else:
            _hold(path, staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, content: str | bytes) -> Path:
    """Write `content` to `path` through atomic_output; returns `path`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_output(path) as staged:
        staged.write_bytes(data)
    return Path(path)


def write_all(folder: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write each file name -> content of a render into `folder`; returns the paths."""
    return [write_atomically(Path(folder) / name, content) for name, content in files.items()]


def replace_set(
    folder: Path, files: Mapping[str, str | bytes], suffixes: Collection[str]
) -> list[Path]:
    """Write a set of files that replaces the folder's previous set: the folder's other files
    with one of `suffixes` (scorecards of agencies no longer in the warehouse) are removed."""
    written = write_all(folder, files)
    kept = set(written)
    for path in listing(folder):
        if path.parent == Path(folder) and path.suffix in suffixes and path not in kept:
            remove(path)
    return written


def remove(path: Path) -> bool:
    """Remove an output (at the end of the run, inside a guarded run); whether it existed."""
    path = Path(path)
    if not path.exists():
        return False
    if _held is None:
        path.unlink()
    else:
        _hold(path, None)
    return True


def size(path: Path) -> int:
    """The size of an output as this run wrote it, held or in place."""
    staged = (_held or {}).get(Path(path))
    return (staged or Path(path)).stat().st_size


def listing(folder: Path) -> set[Path]:
    """The files under `folder` as they will be once the held outputs are in place (hidden
    files, such as pending outputs, left out)."""
    folder = Path(folder)
    found = folder.rglob("*") if folder.is_dir() else []
    files = {
        path
        for path in found
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts)
    }
    for target, staged in (_held or {}).items():
        if target.is_relative_to(folder):
            if staged is None:
                files.discard(target)
            else:
                files.add(target)
    return files


def remove_leftovers(folders: list[Path]) -> list[Path]:
    """Delete the pending outputs of runs that did not finish. Call with the pipeline lock."""
    removed = []
    for folder in folders:
        for path in sorted(folder.rglob(f".*{PENDING_SUFFIX}")) if folder.is_dir() else []:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def fsync(path: Path) -> None:
    """Flush a file's (or a folder's entries') changes to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
