"""Shared helpers: a minimal valid content root, file writing and the real CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# --- content-root helpers (validation tests) ---------------------------------------------

STORY_PATH = "stories/2025/tet-night-shift.md"

# The valid story of `make_root`, with its line numbers for tests that break one line:
#  1 ---          6 principles    11   - {award: ...}   16 @mai: ...
#  2 title        7 departments   12 ---               17 (blank)
#  3 date         8 people        13 (blank)           18 Q2 to @hung: ...
#  4 summary      9 tags          14 ## Serving ...    19 (blank)
#  5 kind        10 awards:       15 (blank)           20 @hung: ...
VALID_STORY = """\
---
title: "Tết at the call centre"
date: 2025-01-27
summary: How the night shift kept every customer call answered over the holiday.
kind: interview
principles: [customer-obsession]
departments: [customer-care]
people: [tran-thi-mai, le-van-hung]
tags: [tết, night shift]
awards:
  - {award: lotus-stars, year: 2025}
---

## Serving each other first

@mai: Our first customers are the agents on the phones.

Q2 to @hung: What do customers really ask?

@hung: Whether the app works during Tết.
"""


def write(root: Path, relpath: str, text: str) -> Path:
    """Write `text` (dedented) to `root/relpath` as UTF-8, creating folders; return the path."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8", newline="\n")
    return path


def make_root(tmp_path: Path) -> Path:
    """A minimal valid content root: 2 principles, 2 departments, 1 award, 3 people, 1 story."""
    root = tmp_path / "root"
    write(root, "content/principles.yml", """\
        - id: customer-obsession
          name: Customer Obsession
          summary: We start from the customer and work backwards.
        - id: ownership
          name: Own It End to End
          summary: A problem you notice is yours until it is solved.
        """)
    write(root, "content/departments.yml", """\
        - id: customer-care
          name: Customer Care
        - id: finance
          name: Finance
          summary: Keeps the lights on and the numbers honest.
        """)
    write(root, "content/awards.yml", """\
        - id: lotus-stars
          name: Lotus Stars
          summary: Our yearly recognition for people who live the principles.
        """)
    for person_id, name, short, department in [
        ("tran-thi-mai", "Trần Thị Mai", "Mai", "customer-care"),
        ("le-van-hung", "Lê Văn Hùng", "Hùng", "customer-care"),
        ("nguyen-thu-ha", "Nguyễn Thu Hà", "Hà", "finance"),
    ]:
        write(root, f"content/people/{person_id}.yml",
              f"name: {name}\nshort_name: {short}\ndepartment: {department}\n")
    write(root, STORY_PATH, VALID_STORY)
    return root


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
