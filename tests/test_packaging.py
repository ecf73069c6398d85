"""The package is declared so that setuptools has nothing to warn about, and what `make dist`
builds carries every file site-builder needs: its code, the theme, the starter, the guide,
the fonts, the templates and the browser editor's bundle. A file missing from the wheel is a
build that fails only in a company's CI, so every file is checked, not a sample."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from .release_dist import Dist, build_dist
from .sitetools import REPO

VENDOR = REPO / "site_builder/cms/vendor"


def shipped_sources() -> set[str]:
    """Every file of the package as git sees the checkout (tracked and new, not ignored), plus
    the editor's bundle (git-ignored, unpacked by scripts/ensure-cms), named as in the wheel."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "site_builder", "theme"],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout.splitlines()
    files = {path for path in listed if (REPO / path).is_file()}
    files |= {p.relative_to(REPO).as_posix() for p in VENDOR.iterdir() if p.is_file() and not p.name.startswith(".")}
    return {"site_builder/theme/" + path.removeprefix("theme/") if path.startswith("theme/") else path
            for path in files}


def setuptools_warnings(output: str) -> list[str]:
    """Lines where setuptools or build warn (file names that merely contain 'warn' do not count)."""
    return [line for line in output.splitlines()
            if re.search(r"(?i)warn", line) and not re.match(r"^(copying|adding|creating) ", line)]


def test_building_the_release_prints_no_setuptools_warning(dist: Dist, tmp_path: Path) -> None:
    output = dist.build_output
    if output is None:  # files given by SITE_BUILDER_DIST: build again to see what setuptools says
        result = build_dist(tmp_path)
        assert result.returncode == 0, result.stdout
        output = result.stdout
    assert "Successfully built" in output, output
    assert setuptools_warnings(output) == []


def test_the_warning_check_sees_what_setuptools_said_before() -> None:
    """Not vacuous: the warnings this project's configuration caused until 2026-12, as `python -m
    build` and pip print them, are caught; a module whose name holds 'warn' is not."""
    before = ("WARNING `project.license` as a TOML table is deprecated\n"
              "WARNING Package 'site_builder.guide' is absent from the `packages` configuration.\n"
              "  /tmp/x/setuptools/config/_apply_pyprojecttoml.py:82: BuildBackendWarning: "
              "`project.license` as a TOML table is deprecated\n"
              "copying site_builder/html/warnings.py -> build/lib/site_builder/html\n")
    assert len(setuptools_warnings(before)) == 3


def test_the_wheel_carries_every_file_of_the_package_and_nothing_else(dist: Dist) -> None:
    names = set(zipfile.ZipFile(dist.wheel).namelist())
    package = {name for name in names if ".dist-info/" not in name}
    assert sorted(shipped_sources() - package) == []
    assert sorted(package - shipped_sources()) == []
    for required in ("site_builder/theme/overrides/main.html",
                     "site_builder/theme/overrides/assets/site-builder/site.css",
                     "site_builder/theme/pages/story.md", "site_builder/theme/pages/_macros.html",
                     "site_builder/starter/stories/YEAR/welcome.md", "site_builder/starter/gitignore",
                     "site_builder/starter/dot-github/workflows/publish.yml",
                     "site_builder/model/loader.py", "site_builder/pages/generator.py",
                     "site_builder/scaffold_templates/story.md", "site_builder/guide/editor-guide.md",
                     "site_builder/cms/templates/index.html", "site_builder/cms/static/site-builder-cms.js",
                     "site_builder/cms/vendor/decap-cms.js", "site_builder/cms/vendor/js-yaml.min.js",
                     "site_builder/cms/vendor/decap-cms.js.LICENSE.txt",
                     "site_builder/media/fonts/BeVietnamPro-Bold.ttf", "site_builder/media/fonts/OFL.txt",
                     "site_builder/digest/templates/digest.html", "site_builder/py.typed",
                     "site_builder/theme/pages/feed.xml"):
        assert required in names, required
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_wheel_declares_its_licences_as_spdx(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        headers = wheel.read(metadata).decode("utf-8").split("\n\n")[0].splitlines()
        licences = [n for n in wheel.namelist() if ".dist-info/licenses/" in n]
    assert "License-Expression: MIT AND OFL-1.1" in headers
    assert not [h for h in headers if h.startswith("License:")]  # the deprecated free-text field
    assert sorted(n.split(".dist-info/licenses/")[1] for n in licences) == ["LICENSE", "site_builder/media/fonts/OFL.txt"]


def test_the_sdist_carries_the_sources_of_every_file_in_the_wheel(dist: Dist) -> None:
    """Whoever builds from the sdist gets the same package, the editor's bundle included
    (`make dist` builds the wheel from it)."""
    with tarfile.open(dist.sdist) as sdist:
        top = sdist.getmembers()[0].name.split("/")[0]
        members = {m.name.removeprefix(top + "/") for m in sdist.getmembers() if m.isfile()}
        assert all(m.uid == 0 and m.uname == "" for m in sdist.getmembers())  # reproducible
    sources = {"theme/" + path.removeprefix("site_builder/theme/") if path.startswith("site_builder/theme/") else path
               for path in shipped_sources()}
    assert sorted(sources - members) == []
    assert {"pyproject.toml", "README.md", "LICENSE", "PKG-INFO"} <= members


def test_an_editable_install_finds_the_theme_and_setuptools_says_nothing(tmp_path: Path) -> None:
    """What `make site` does for a developer: `pip install -e`, with the Makefile's settings."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    [install] = [line.strip().lstrip("@") for line in makefile.splitlines() if "install -e" in line]
    assert install.startswith('PYTHONWARNINGS="ignore:Editable installation" $(PIP) install')
    assert "PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check" in makefile
    venv = tmp_path / "venv"
    assert subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False).returncode == 0
    env = {**os.environ, "PYTHONWARNINGS": "ignore:Editable installation"}
    # --no-deps: the dependencies are not what is tested here, and would take minutes to fetch.
    result = subprocess.run([str(venv / "bin/python"), "-m", "pip", "--quiet", "--disable-pip-version-check",
                             "install", "--no-deps", "-e", str(REPO)], env=env,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600, check=False)
    assert result.returncode == 0, result.stdout
    # Python warnings from the build backend read "...BuildBackendWarning: ..." (a machine's own
    # pip settings may add "WARNING: Location ... is ignored" lines, which are not setuptools').
    ours = [line for line in result.stdout.splitlines() if re.search(r"Warning\b|deprecated|absent from", line)]
    assert ours == [], result.stdout
    found = subprocess.run([str(venv / "bin/python"), "-c",
                            "import site_builder.theme as t, site_builder.resources as r; "
                            "print(t.__file__); print(r.overrides_dir().is_dir() and r.starter_dir().is_dir())"],
                           cwd=tmp_path, env=env, text=True, capture_output=True, check=False)
    assert found.stdout.splitlines() == [str(REPO / "theme/__init__.py"), "True"], found.stderr
