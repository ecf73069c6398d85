"""Whether a path is inside the content root: the one place that decides.

Everything in a content root arrives by pull request, symbolic links included. A link such as
`assets/notes.txt -> /etc/passwd` or a `content/people` folder linked to a folder elsewhere
would make the build read, and publish, any file the CI runner can read. So every command
asks here before it reads a file of the root or writes one into it: the path is resolved,
symbolic links and `..` included, and must end inside the root's own resolved path. Links
that stay inside the root are fine (a shared picture linked into two folders).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LINK_HINT = ("replace the link with the file itself, or remove it: "
             "links may only point to files inside the repository")


class OutsideRoot(Exception):
    """A path of the content root that resolves outside it; `rel` is the path as the editor
    sees it, relative to the root."""

    def __init__(self, rel: str, message: str) -> None:
        super().__init__(f"{rel} {message}")
        self.rel, self.message = rel, message


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

    def files(self, folder: Path, pattern: str = "*", recursive: bool = True) -> Iterator[Path | OutsideRoot]:
        """The files under `folder` matching `pattern`, sorted, each either a path inside the
        root or the `OutsideRoot` that says why it is not. Folders that leave the root are
        reported once and not entered; hidden files and folders (a dot first) are skipped."""
        reason = self.escape(folder)
        if reason is not None:
            yield OutsideRoot(self.rel(folder), reason)
            return
        if not folder.is_dir():
            return
        yield from self._walk(folder, folder.resolve(), pattern, recursive, set())

    def _walk(self, folder: Path, real: Path, pattern: str, recursive: bool,
              seen: set[Path]) -> Iterator[Path | OutsideRoot]:
        """`real` is `folder` resolved, inside the root: an entry that is not a link is then
        inside too, without resolving it (one `realpath` per file was most of a preview's
        refresh at 10,000 stories); only links are resolved and judged."""
        if real in seen:  # a link to a folder above it: entered once, not forever
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield OutsideRoot(self.rel(folder), f"cannot be read: {exc.strerror}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            link = entry.is_symlink()
            reason = self.escape(path) if link else None
            if reason is not None:
                yield OutsideRoot(self.rel(path), reason)
            elif entry.is_dir():
                if recursive:
                    yield from self._walk(path, path.resolve() if link else real / entry.name, pattern,
                                          recursive, seen)
            elif entry.is_file() and path.match(pattern):
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
