"""Self-hosted publishing: each build becomes a release folder, `current` points at one.

`publish` copies a built site into `DIR/releases/<name>` and then repoints the `current`
symlink with a single rename, so the web server (nginx serving `DIR/current`) sees the old
site or the new one, never a mixture. The last `KEEP` releases stay for `rollback`.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
from pathlib import Path

from .. import faults
from ..model.containment import LINK_HINT, OutsideRoot, Root

KEEP = 5
CURRENT = "current"
RELEASES = "releases"
_UNCHANGED = "; the live site is unchanged"


class ReleaseError(Exception):
    """Publishing or rolling back failed; the message is one line an operator can act on."""


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
    temporary.unlink(missing_ok=True)
    try:
        temporary.symlink_to(Path(RELEASES) / release.name)
        os.replace(temporary, target / CURRENT)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _copy(site: Path, staging: Path) -> None:
    """Copy the built site file by file, stopping at the first failure. (`shutil.copytree`
    goes on after a failed file and gathers every error: on a full disk, one per file, which
    made a 100 KB error line.)"""
    contained = Root.of(site)
    for folder, subfolders, files in os.walk(site, followlinks=True):
        subfolders.sort()
        into = staging / Path(folder).relative_to(site)
        into.mkdir(exist_ok=True)  # top-down: its parent was made one step before
        for name in sorted(files):
            contained.require(Path(folder) / name)  # a link out of the site is never published
            shutil.copy2(Path(folder) / name, into / name)


def _clear_partial(folder: Path) -> None:
    """Remove what an interrupted publish left: its space is needed, and it was never live."""
    for leftover in folder.glob(".*.partial"):
        shutil.rmtree(leftover, ignore_errors=True)


def _install(site: Path, folder: Path, name: str) -> tuple[Path, bool]:
    """Copy `site` into `folder/name` through a hidden `.partial` folder renamed when whole;
    (the release, whether this call made it). On any failure no `.partial` is left behind."""
    release = folder / name
    if release.exists():
        return release, False  # the same content, published before: nothing to copy
    needed = faults.tree_size(site)
    free = faults.free_space(folder)
    if free is not None and needed > free:  # fail before filling the disk the live site is on
        full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise ReleaseError(faults.explain(full, "copy the site into", release, needed) + _UNCHANGED)
    staging = folder / f".{name}.partial"
    try:
        _copy(site, staging)
        staging.rename(release)
    except OutsideRoot as escape:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReleaseError(f"{site / escape.rel} {escape.message}; nothing was published") from None
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReleaseError(faults.explain(error, "copy the site into", release, needed) + _UNCHANGED) from None
    return release, True


def _refuse_links_out(site: Path) -> None:
    """A built site holds no links; one that leads out of it would publish whatever it names."""
    for found in Root.of(site).files(site):
        if isinstance(found, OutsideRoot):
            raise ReleaseError(f"{site / found.rel} {found.message}; nothing was published ({LINK_HINT})")


def publish(site: Path, target: Path, now: dt.datetime | None = None) -> Path:
    """Install `site` as a new release and make it live; the live release stays whole and
    live until the new one is complete, whatever fails (`ReleaseError`, one line)."""
    if not (site / "index.html").is_file():
        raise ReleaseError(f"{site} holds no built site (no index.html); run site-builder build first")
    link = target / CURRENT
    if link.exists() and not link.is_symlink():
        raise ReleaseError(f"{link} exists and is not a symlink; move it away first")
    _refuse_links_out(site)
    moment = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    folder = target / RELEASES
    try:
        name = f"{moment}-{_digest(site)}"
    except OSError as error:
        raise ReleaseError(faults.explain(error, "read the built site in", site) + _UNCHANGED) from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReleaseError(faults.explain(error, "create", folder) + _UNCHANGED) from None
    _clear_partial(folder)
    release, made = _install(site, folder, name)
    try:
        _point_current(target, release)
    except OSError as error:
        if made:
            shutil.rmtree(release, ignore_errors=True)  # never live: its space goes back
        raise ReleaseError(faults.explain(error, f"point {link} at", release) + _UNCHANGED) from None
    for old in releases(target)[:-KEEP]:
        if old != current(target):
            shutil.rmtree(old, ignore_errors=True)  # the new release is live either way
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
    try:
        _point_current(target, previous)
    except OSError as error:
        raise ReleaseError(faults.explain(error, f"point {target / CURRENT} at", previous) + _UNCHANGED) from None
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
