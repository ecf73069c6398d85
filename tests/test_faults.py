"""A full disk says so in one line, and leaves what was published whole.

Each test puts its output on a small tmpfs mounted for it (CI runs as root, like this
machine), and shrinks it to just under what the command needs. Where mounting is not
allowed, the same tests run with a per-file size limit (RLIMIT_FSIZE) instead: a write past
it fails as a full disk does. Neither way is skipped.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from site_builder.engine import runner
from site_builder.faults import tree_size

from .conftest import STORY_PATH, make_root, write

DISK = 64 * 1024 * 1024
PER_FILE = 64 * 1024  # without tmpfs: the largest file a command may write when its disk is "full"
WINDOW = ("--since", "2025-01-01", "--until", "2025-12-31")


class Disk:
    """A small disk at `path`: a tmpfs whose free space `leave` sets, or, where mounting is not
    allowed, the folder with a per-file size limit on the commands `run` starts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK},mode=0755", "tmpfs", str(path)],
                                 capture_output=True, check=False)
        self.tmpfs = mounted.returncode == 0
        self.limit: int | None = None

    def leave(self, free: int) -> None:
        """Leave about `free` bytes for what runs next (rounded up to whole pages)."""
        if self.tmpfs:
            stats = os.statvfs(self.path)
            used = (stats.f_blocks - stats.f_bfree) * stats.f_frsize
            subprocess.run(["mount", "-o", f"remount,size={used + free}", str(self.path)], check=True)
        else:  # no file may grow past this: the site's larger files (scripts, pictures) cannot be written
            self.limit = max(min(free, PER_FILE), 1)

    def roomy(self) -> None:
        self.leave(DISK // 2) if self.tmpfs else setattr(self, "limit", None)

    def run(self, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        limit = self.limit

        def limited() -> None:
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return subprocess.run([sys.executable, "-m", "site_builder", *map(str, args)], cwd=cwd, text=True,
                              capture_output=True, timeout=300, preexec_fn=limited)

    @contextmanager
    def limited(self) -> Iterator[None]:
        """The per-file limit on this process (and the engines it starts) for a while."""
        if self.limit is None:
            yield
            return
        before = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.limit, before[1]))
        try:
            yield
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, before)

    def unmount(self) -> None:
        if self.tmpfs:
            subprocess.run(["umount", "-l", str(self.path)], check=False)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    small = Disk(tmp_path / "disk")
    try:
        yield small
    finally:
        small.unmount()


def fingerprint(folder: Path) -> str:
    """Every file's path and bytes under `folder`: equal fingerprints, equal trees."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def retitle(root: Path, title: str) -> None:
    story = root / STORY_PATH
    story.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", story.read_text(encoding="utf-8")),
                     encoding="utf-8")


def one_line(stream: str) -> str:
    lines = stream.splitlines()
    assert len(lines) == 1, stream
    assert "Traceback" not in stream
    return lines[0]


def built_root(tmp_path: Path, disk: Disk) -> Path:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", "site_name: Lotus stories\nsite_url: https://stories.example/\n")
    done = disk.run("build", "--root", root)
    assert done.returncode == 0, done.stderr
    return root


# -- publish -----------------------------------------------------------------------------------

@pytest.mark.parametrize("when", ["before copying", "while copying"])
def test_publish_onto_a_full_disk_keeps_the_live_release_whole(tmp_path: Path, disk: Disk, when: str) -> None:
    root = built_root(tmp_path, disk)
    target = disk.path / "stories"
    assert disk.run("publish", "--root", root, "--to", target).returncode == 0
    live = (target / "current").resolve()
    before = fingerprint(live)
    retitle(root, "A second edition")
    assert disk.run("build", "--root", root).returncode == 0
    needed = tree_size(root / "site")
    # Before: less room than the site's bytes, refused up front. While: room for its bytes but
    # not for the disk's per-file overhead, so the copy itself runs out part way.
    disk.leave(needed // 3 if when == "before copying" else needed + 64 * 1024)

    done = disk.run("publish", "--root", root, "--to", target)

    assert done.returncode != 0
    line = one_line(done.stderr)
    assert line.startswith(f"error: cannot copy the site into {target / 'releases'}/")
    assert "No space left on device" in line or "File too large" in line
    assert re.search(r"it needs [\d.]+ MB", line) and line.endswith("the live site is unchanged")
    assert [p.name for p in (target / "releases").iterdir()] == [live.name]  # no .partial, nothing new
    assert (target / "current").resolve() == live and fingerprint(live) == before
    disk.roomy()
    assert disk.run("publish", "--root", root, "--to", target).returncode == 0  # once there is room, it works
    assert "A second edition" in ((target / "current") / "stories/tet-night-shift/index.html").read_text(encoding="utf-8")


# -- digest ------------------------------------------------------------------------------------

def test_digest_onto_a_full_disk_leaves_no_empty_message(tmp_path: Path, disk: Disk) -> None:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", "site_name: Lotus stories\nsite_url: https://stories.example/\n")
    kept = disk.path / "last-month.eml"
    kept.write_bytes(b"the digest sent last month\n")
    disk.leave(0)

    for out in (disk.path / "new.eml", kept):
        done = disk.run("digest", "--root", root, *WINDOW, "--out", out)
        assert done.returncode != 0
        line = one_line(done.stderr)
        assert line.startswith(f"error: cannot write the digest to {out}: ")
        assert re.search(r"(No space left on device|File too large) \(it needs [\d.]+ KB", line), line
        assert line.endswith("nothing was written or sent")
    assert sorted(p.name for p in disk.path.iterdir()) == ["last-month.eml"]  # no 0-byte .eml, no temporary file
    assert kept.read_bytes() == b"the digest sent last month\n"


# -- build -------------------------------------------------------------------------------------

def test_build_onto_a_full_disk_keeps_the_previous_site(tmp_path: Path, disk: Disk) -> None:
    root = make_root(disk.path)
    write(root, "mkdocs.yml", "site_name: Lotus stories\n")
    assert disk.run("build", "--root", root).returncode == 0
    before = fingerprint(root / "site")
    retitle(root, "A second edition")
    disk.leave(1024 * 1024)

    done = disk.run("build", "--root", root)

    assert done.returncode == 3
    assert "Traceback" not in done.stderr + done.stdout
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"error: cannot build the site in {root.resolve() / '.site-builder'}: ")
    assert re.search(r"(No space left on device|File too large) \(it needs about [\d.]+ MB", first), first
    assert fingerprint(root / "site") == before
    assert not list((root / ".site-builder").glob("out-*"))
    disk.roomy()
    assert disk.run("build", "--root", root).returncode == 0
    assert "A second edition" in (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")



def test_publish_into_a_folder_it_cannot_write_says_which_in_one_line(tmp_path: Path, disk: Disk) -> None:
    root = built_root(tmp_path, disk)
    target = tmp_path / "stories"
    target.mkdir()
    (target / "releases").write_text("not a folder\n", encoding="utf-8")
    done = disk.run("publish", "--root", root, "--to", target)
    assert done.returncode != 0
    assert one_line(done.stderr) == (f"error: cannot create {target / 'releases'}: File exists; "
                                     "the live site is unchanged")


def test_the_engines_own_message_survives_a_full_disk(disk: Disk) -> None:
    """The engine's output is read through a pipe, not a log file on the disk that is full, so
    its last words are whole: they are what explains the failure."""
    docs = disk.path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Hello\n", encoding="utf-8")
    config = disk.path / "mkdocs.yml"
    config.write_text(f"site_name: Hello\ndocs_dir: {docs}\nsite_dir: {disk.path / 'site'}\n", encoding="utf-8")
    disk.leave(0)  # a log file here would be empty: the engine's message had nowhere to go
    with disk.limited():
        result = runner.build_many("mkdocs", [config], None)
    assert not result.ok
    assert re.search(r"(No space left on device|File too large): '.*' -> '.*'", result.output), result.output[-2000:]
