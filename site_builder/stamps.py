"""A file's stamp: its size, modification time (ns) and inode, the one rule by which the build's
caches know a file unchanged without reading it.

Every file those caches watch (staged pages, slim search pages) is replaced when it changes, a
new file then a rename, never rewritten in place, so a changed file has another inode even
within the file system's clock tick. A file whose stamp is the one recorded still holds what
was recorded; anything else is read again, which is always right.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

Stamp = tuple[int, int, int]


def stamp(path: Path | str) -> Stamp | None:
    """The stamp of the regular file at `path`; None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino
