"""Self-hosted publishing: each build becomes a release folder, `current` points at one.

`publish` copies a built site into `DIR/releases/<name>` and then repoints the `current`
symlink with a single rename, so the web server (nginx serving `DIR/current`) sees the old
site or the new one, never a mixture. The last `KEEP` releases stay for `rollback`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

KEEP = 5
CURRENT = "current"
RELEASES = "releases"


class ReleaseError(Exception):
    pass


def _digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def releases(target: Path) -> list[Path]:
    """Release folders, oldest first (names start with a UTC timestamp)."""
    folder = target / RELEASES
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) if folder.is_dir() else []


def current(target: Path) -> Path | None:
    link = target / CURRENT
    return (target / os.readlink(link)).resolve() if link.is_symlink() else None


def _point_current(target: Path, release: Path) -> None:
    """Repoint `current` atomically: a new symlink renamed over the old one."""
    temporary = target / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(Path(RELEASES) / release.name)
    os.replace(temporary, target / CURRENT)


def publish(site: Path, target: Path, now: dt.datetime | None = None) -> Path:
    if not (site / "index.html").is_file():
        raise ReleaseError(f"{site} holds no built site (no index.html); run site-builder build first")
    link = target / CURRENT
    if link.exists() and not link.is_symlink():
        raise ReleaseError(f"{link} exists and is not a symlink; move it away first")
    moment = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    name = f"{moment}-{_digest(site)}"
    folder = target / RELEASES
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging, symlinks=False)
    release = folder / name
    if release.exists():
        shutil.rmtree(staging)
    else:
        staging.rename(release)
    _point_current(target, release)
    for old in releases(target)[:-KEEP]:
        if old != current(target):
            shutil.rmtree(old)
    for leftover in folder.glob(".*.partial"):
        shutil.rmtree(leftover, ignore_errors=True)
    return release


def rollback(target: Path) -> Path:
    """Point `current` at the release before it."""
    known = releases(target)
    live = current(target)
    if live is None or live not in known:
        raise ReleaseError(f"{target / CURRENT} does not point at a release; nothing to roll back")
    index = known.index(live)
    if index == 0:
        raise ReleaseError("this is the oldest release kept; there is nothing earlier to roll back to")
    previous = known[index - 1]
    _point_current(target, previous)
    return previous


class ReleaseFolder:
    """The self-hosted target: release folders under `folder`, served through `folder/current`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def publish(self, site: Path) -> str:
        release = publish(site, self.folder)
        return f"Published {release.name}; {self.folder / CURRENT} points at it"

    def rollback(self) -> str:
        release = rollback(self.folder)
        return f"Rolled back: {self.folder / CURRENT} points at {release.name}"
