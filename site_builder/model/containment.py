"""Whether a path is inside the content root: the one place that decides.

Everything in a content root arrives by pull request, symbolic links included. A link such as
`assets/notes.txt -> /etc/passwd` or a `content/people` folder linked to a folder elsewhere
would make the build read, and publish, any file the CI runner can read. So every command
asks here before it reads a file of the root or writes one into it: the path is resolved,
symbolic links and `..` included, and must end inside the root's own resolved path. Links
that stay inside the root are fine (a shared picture linked into two folders).
"""

from __future__ import annotations

import fnmatch
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

LINK_HINT = ("replace the link with the file itself, or remove it: "
             "links may only point to files inside the repository")


class OutsideRoot(Exception):
    """A path of the content root that resolves outside it; `rel` is the path as the editor
    sees it, relative to the root."""

    def __init__(self, rel: str, message: str) -> None:
        super().__init__(f"{rel} {message}")
        self.rel, self.message = rel, message


RACY_SECONDS = 2.0  # a folder changed this close to its listing may change again unseen


@dataclass
class Listings:
    """Folder listings kept between walks by the live preview: a folder's entries (name, and
    whether it is a link, a folder, a file) are taken again only when the folder changed
    (its inode, modification time or size), which every file added, removed or renamed in it
    does. Links are judged on every walk all the same: where a link points can change without
    its folder changing. A folder changed within `RACY_SECONDS` of its listing is listed again
    the next time too, since the file system's clock may not have moved for a second change."""

    folders: dict[str, tuple[tuple[int, int, int], float, list[tuple[str, bool, bool, bool]]]] = field(default_factory=dict)

    def entries(self, folder: Path) -> list[tuple[str, bool, bool, bool]]:
        """(name, is a link, is a folder, is a file) of each entry, sorted by name; raises OSError."""
        stat = os.stat(folder)
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        kept = self.folders.get(str(folder))
        if kept is not None and kept[0] == stamp and stat.st_mtime < kept[1] - RACY_SECONDS:
            return kept[2]
        listed_at = time.time()
        entries = scanned(folder)
        self.folders[str(folder)] = (stamp, listed_at, entries)
        return entries


def scanned(folder: Path) -> list[tuple[str, bool, bool, bool]]:
    """(name, is a link, is a folder, is a file) of each entry, sorted by name; raises OSError.
    A link's kind is left to the walk, which judges the link first (it may loop)."""
    out = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        link = entry.is_symlink()
        out.append((entry.name, link, not link and entry.is_dir(), not link and entry.is_file()))
    return out


@dataclass(frozen=True)
class Root:
    """A content root with its resolved path computed once."""

    path: Path
    real: Path

    @classmethod
    def of(cls, path: Path) -> Root:
        return cls(path, path.resolve())

    def rel(self, path: Path) -> str:
        """`path` as the editor sees it: relative to the root, with '/' separators."""
        try:
            return path.relative_to(self.path).as_posix()
        except ValueError:
            return path.as_posix()

    def escape(self, path: Path) -> str | None:
        """Why `path` (inside the root as written) leaves the root once resolved; None if it
        stays inside or does not exist."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
            return "is a symbolic link that cannot be followed (a loop, or a name the system refuses)"
        if resolved.is_relative_to(self.real):
            return None
        link = _link_on_the_way(self.path, path)
        if link is None:
            return "is outside the content root"
        if link == path:
            return f"is a symbolic link to a {'folder' if resolved.is_dir() else 'file'} outside the content root"
        return f"is inside {self.rel(link)}, a symbolic link to a folder outside the content root"

    def inside(self, path: Path) -> bool:
        return self.escape(path) is None

    def require(self, path: Path) -> Path:
        """`path`, or `OutsideRoot` when it leaves the root: for readers and writers that run
        after validation, which has already reported the link at its path."""
        reason = self.escape(path)
        if reason is not None:
            raise OutsideRoot(self.rel(path), reason)
        return path

    def files(self, folder: Path, pattern: str = "*", recursive: bool = True,
              listings: Listings | None = None) -> Iterator[Path | OutsideRoot]:
        """The files under `folder` matching `pattern`, sorted, each either a path inside the
        root or the `OutsideRoot` that says why it is not. Folders that leave the root are
        reported once and not entered; hidden files and folders (a dot first) are skipped.
        `listings` keeps unchanged folders' entries from one walk to the next (the preview)."""
        reason = self.escape(folder)
        if reason is not None:
            yield OutsideRoot(self.rel(folder), reason)
            return
        if not folder.is_dir():
            return
        yield from self._walk(folder, folder.resolve(), pattern, recursive, set(),
                              listings.entries if listings is not None else scanned)

    def _walk(self, folder: Path, real: Path, pattern: str, recursive: bool,
              seen: set[Path], entries_of: Callable[[Path], list[tuple[str, bool, bool, bool]]]) -> Iterator[Path | OutsideRoot]:
        """`real` is `folder` resolved, inside the root: an entry that is not a link is then
        inside too, without resolving it (one `realpath` per file was most of a preview's
        refresh at 10,000 stories); only links are resolved and judged."""
        if real in seen:  # a link to a folder above it: entered once, not forever
            return
        seen.add(real)
        try:
            entries = entries_of(folder)
        except OSError as exc:
            yield OutsideRoot(self.rel(folder), f"cannot be read: {exc.strerror}")
            return
        for name, link, is_dir, is_file in entries:
            if name.startswith("."):
                continue
            path = folder / name
            reason = self.escape(path) if link else None
            if reason is not None:
                yield OutsideRoot(self.rel(path), reason)
                continue
            if link:  # where a link points may have changed since its folder was listed
                is_dir, is_file = path.is_dir(), path.is_file()
            if is_dir:
                if recursive:
                    yield from self._walk(path, path.resolve() if link else real / name, pattern,
                                          recursive, seen, entries_of)
            elif is_file and fnmatch.fnmatchcase(name, pattern):
                yield path


def _link_on_the_way(root: Path, path: Path) -> Path | None:
    """`path` or the folder between it and `root` that is a symbolic link, the nearest first."""
    current = path
    while True:
        if current.is_symlink():
            return current
        if current == root or current.parent == current:
            return None
        current = current.parent
