"""Writing output so that a fault leaves nothing half-done, and saying what the fault was in
one line.

A full disk, a quota, a read-only mount or a vanished folder can stop any write. Whatever
was there before (the last digest, the live release, the published site) must stay whole,
nothing 0-byte or partial may be left where a reader would take it for the real thing, and
the operator needs one line: what failed, where, and how much space it needed when known.
Every command that writes output asks this module, so the wording and the rules are the
same everywhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
FULL_BELOW = 256 * 1024  # bytes free under which a disk counts as full when a write failed


def no_space_in(output: str) -> int | None:
    """The errno of a full disk (or quota, or file-size limit) that a child process reported
    in its own words ("No space left on device"), or None."""
    return next((code for code in NO_SPACE if os.strerror(code) in output), None)


def size(count: int) -> str:
    """A byte count as people read it: 912 bytes, 38 KB, 4.2 MB, 1.3 GB."""
    if count < 1000:
        return f"{count} bytes"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if count < scale * 1000 or unit == "GB":
            value = count / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def free_space(path: Path) -> int | None:
    """Bytes free on the disk that holds `path` (or its nearest existing folder)."""
    for folder in (path, *path.parents):
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            continue
    return None


def explain(error: OSError, what: str, where: Path, needed: int | None = None, approximate: bool = False) -> str:
    """One line: `cannot WHAT WHERE: reason`, and for a full disk, the space needed and free.

    `where` names what the operator knows (the release, the .eml). For a full disk the file
    deep inside that failed adds nothing they can act on; for anything else (a permission, a
    missing file) it is the thing to fix, so it is named."""
    reason = error.strerror or type(error).__name__
    line = f"cannot {what} {where}: {reason}"
    if error.errno not in NO_SPACE and error.filename and Path(os.fsdecode(error.filename)) != where:
        line += f" ({os.fsdecode(error.filename)})"
    if error.errno in NO_SPACE:
        free = free_space(where)
        known = [f"it needs {'about ' if approximate else ''}{size(needed)}"] if needed is not None else []
        known += [f"{size(free)} free there"] if free is not None else []
        line += f" ({'; '.join(known)})" if known else ""
    return line


def tree_size(folder: Path) -> int:
    """The bytes of every file under `folder`: what a copy of it needs."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once: a temporary file beside it, flushed to disk, then
    renamed over it. On any failure the temporary file is removed and `path` is as it was
    (absent, or the previous version), never 0 bytes or cut short."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
