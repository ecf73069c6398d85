"""The files under a folder by their relative names, and pruning a folder to a set of them.

The staged pages, the build cache and the search input each hold tens of thousands of files at
10,000 stories. Each is read as one walk of names: no path object and no `stat` for each file,
and names relative to the folder, with "/" (as the build records them).
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterator
from pathlib import Path


def files(top: Path | str, skip: Container[str] = ()) -> Iterator[str]:
    """Every file under `top` by its relative name; folders at the top named in `skip` are left out."""
    top = str(top)
    for directory, subdirs, names in os.walk(top):
        prefix = directory[len(top) + 1:].replace(os.sep, "/")
        if not prefix:
            subdirs[:] = [name for name in subdirs if name not in skip]
        yield from (f"{prefix}/{name}" if prefix else name for name in names)


def prune(top: Path | str, keep: Container[str], empty_folders: bool = True) -> tuple[set[str], list[str]]:
    """Remove every file under `top` that `keep` does not name, and with `empty_folders` each
    folder left empty (never `top`); return the names kept and the names removed."""
    top = str(top)
    kept: set[str] = set()
    removed: list[str] = []
    for directory, _, names in os.walk(top, topdown=False):
        prefix = directory[len(top) + 1:].replace(os.sep, "/")
        for name in names:
            rel = f"{prefix}/{name}" if prefix else name
            if rel in keep:
                kept.add(rel)
            else:
                os.unlink(os.path.join(directory, name))
                removed.append(rel)
        if empty_folders and prefix and not os.listdir(directory):
            os.rmdir(directory)
    return kept, removed
