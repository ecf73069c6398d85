"""Shared helpers: a minimal valid content root, file writing and the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# `make dist`'s files and a clean virtualenv with the wheel, made once per session (tests/release_dist.py).
from .release_dist import dist, installed_wheel  # noqa: F401

# --- content-root helpers (validation tests) ---------------------------------------------

ROOTS = Path(__file__).parent / "roots"
STORY_PATH = "stories/2025/tet-night-shift.md"

# The one story of the `minimal` root (tests/roots/minimal/), an interview with front matter of
# every kind: tests write variations of it. `line_of` finds a line by what it starts with.
VALID_STORY = (ROOTS / "minimal" / STORY_PATH).read_text(encoding="utf-8")


# The front matter of a two-person interview in the `minimal` root, for tests that write bodies.
INTERVIEW_FRONT = """\
---
title: "Night shift"
date: 2025-01-27
summary: How the night shift kept every call answered.
kind: interview
principles: [customer-obsession]
people: [tran-thi-mai, le-van-hung]
---

"""


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of `text` that starts with `start`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(start):
            return number
    raise ValueError(f"no line starts with {start!r}")


def write(root: Path, relpath: str, text: str) -> Path:
    """Write `text` (dedented) to `root/relpath` as UTF-8, creating folders; return the path."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8", newline="\n")
    return path


def copy_root(name: str, tmp_path: Path) -> Path:
    """A copy of the content root `tests/roots/NAME`, to change freely."""
    root = tmp_path / "root"
    shutil.copytree(ROOTS / name, root)
    return root


def make_root(tmp_path: Path) -> Path:
    """A minimal valid content root: 2 principles, 2 departments, 1 award, 3 people, 1 story."""
    return copy_root("minimal", tmp_path)


def run_cli(*args: str | Path, cwd: Path | None = None) -> tuple[int, str]:
    """Run `python -m site_builder ARGS`; return (exit code, stdout + stderr)."""
    done = subprocess.run([sys.executable, "-m", "site_builder", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path)


# --- real-browser helpers (search, facets, accessibility) ---------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample organisation, built once for all browser tests."""
    from .sitetools import copy_sample, site_builder

    root = copy_sample(tmp_path_factory.mktemp("browser-sample"))
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    return root


@pytest.fixture(scope="session")
def sample_url(built_sample: Path):  # type: ignore[no-untyped-def]
    from .sitetools import http_server

    with http_server(built_sample / "site") as base:
        yield base


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright; a missing browser fails loudly (make test installs it)."""
    import os

    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    assert Path(executable).exists(), f"Chromium not found at {executable}: run 'make test', which installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def free_port_for_smtp() -> int:
    """A free port on 127.0.0.1 for a test's own SMTP server."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
