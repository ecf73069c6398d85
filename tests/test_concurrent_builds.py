"""Two builds of one content root at once: the second waits, or says why it stopped."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from .sitetools import site_builder


def start_build(root: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--root", str(root), *extra],
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_second_build_waits_for_the_first_and_both_succeed(root: Path) -> None:
    first, second = start_build(root), start_build(root)
    outputs = [process.communicate(timeout=300)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert not any("Traceback" in output for output in outputs), outputs
    assert any("Waiting for another build" in output for output in outputs), outputs
    assert (root / "site/stories/tet-night-shift/index.html").is_file()
    assert not list((root / ".site-builder").glob("out-*")), "a build left its output folder behind"


def test_a_build_that_cannot_wait_exits_4_and_leaves_the_site(root: Path) -> None:
    assert site_builder("build", "--root", str(root)).returncode == 0
    before = (root / "site/index.html").read_bytes()
    fd = os.open(root / ".site-builder/build.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
        result = site_builder("build", "--root", str(root), "--wait", "1")
    finally:
        os.close(fd)
    assert result.returncode == 4, result.stdout
    assert "another build of" in result.stdout and "--wait" in result.stdout
    assert "Traceback" not in result.stdout
    assert (root / "site/index.html").read_bytes() == before


def test_a_killed_build_leaves_no_lock(root: Path) -> None:
    build = start_build(root)
    build.kill()
    build.wait()
    result = site_builder("build", "--root", str(root), "--wait", "5")
    assert result.returncode == 0, result.stdout
