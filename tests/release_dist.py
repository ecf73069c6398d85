"""The release's files, made once per test session and shared by the tests that need them.

`make dist`'s sdist and wheel (scripts/build-dist) take about 15 s to build, and a clean virtualenv
with that wheel takes a minute or more, since pip fetches every dependency. The packaging test
reads the files, and the release and init tests use the virtualenv, so each is made only once.
tests/conftest.py imports the fixtures, so any test module can ask for them.

SITE_BUILDER_DIST=DIR tests the files already in DIR instead of building: the release workflow
tests the very files it publishes.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .sitetools import REPO


@dataclass(frozen=True)
class Dist:
    """What `make dist` writes: the sdist, the wheel, SHA256SUMS, and what the build printed."""

    folder: Path
    wheel: Path
    sdist: Path
    build_output: str | None  # scripts/build-dist --verbose; None for files given by SITE_BUILDER_DIST
    epoch: int | None  # the SOURCE_DATE_EPOCH they were built with; None: the last commit's

    @property
    def sums(self) -> Path:
        return self.folder / "SHA256SUMS"


def build_dist(outdir: Path, epoch: int | None = None) -> subprocess.CompletedProcess[str]:
    """`make dist` into `outdir`, with setuptools' and build's whole output (--verbose); dated
    `epoch`, or by the last commit."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return subprocess.run([sys.executable, str(REPO / "scripts/build-dist"), str(outdir), "--verbose"],
                          cwd=REPO, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=600, check=False)


def last_commit_time() -> int:
    return int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    given = os.environ.get("SITE_BUILDER_DIST")
    if given:
        folder, output, epoch = Path(given).resolve(), None, None
    else:
        # Dated explicitly, so a commit made by someone else during the session changes nothing.
        folder, epoch = tmp_path_factory.mktemp("dist"), last_commit_time()
        result = build_dist(folder, epoch)
        assert result.returncode == 0, result.stdout
        output = result.stdout
    [wheel] = folder.glob("site_builder-*-py3-none-any.whl")
    [sdist] = folder.glob("site_builder-*.tar.gz")
    return Dist(folder, wheel, sdist, output, epoch)


@dataclass(frozen=True)
class InstalledWheel:
    """A clean virtualenv (no site-builder checkout on its path) with the release's wheel
    installed from an HTTP URL, as a company's CI installs it; pip recorded that URL and the
    wheel's SHA-256 (PEP 610 direct_url.json), which `init` pins by default."""

    venv: Path
    wheel: Path  # the served copy: a test may change its bytes to play a tampered file store
    url: str
    sha256: str

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name


@pytest.fixture(scope="session")
def installed_wheel(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InstalledWheel]:
    """Served on 127.0.0.1 for the whole session, as a company's file store serves its wheels."""
    files = tmp_path_factory.mktemp("files")
    served = Path(shutil.copy2(dist.wheel, files / dist.wheel.name))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(files))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{served.name}"
        venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, check=False)
        assert made.returncode == 0, made.stderr
        installed = subprocess.run([str(venv / "bin/pip"), "install", "--quiet", "--disable-pip-version-check", url],
                                   text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900,
                                   check=False)
        assert installed.returncode == 0, installed.stdout
        yield InstalledWheel(venv, served, url, sha256(served))
    finally:
        server.shutdown()
        server.server_close()
