"""A release a company can pin (issue 22, item 4).

`make dist` builds the sdist and the wheel. The wheel installs into a clean virtualenv with no
Node and no checkout, and with nothing else `site-builder init` and `site-builder build` make a
site whose browser editor at /admin/ is served from the site itself. The files are reproducible,
SHA256SUMS lists them, and .github/workflows/release.yml builds, tests and publishes exactly these
files on a tag, writing only in a job that runs no code of the repository. The pin the
documentation shows (docs/publishing.md, "Releases") is a SPEC `init --install` accepts.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from site_builder.authoring.install_spec import InstallSpec, parse

from .release_dist import Dist, InstalledWheel
from .sitetools import REPO
from .test_workflows import RELEASE_WRITE_JOBS, load, permission_problems, run_commands, steps_using, triggers, unpinned_uses

RELEASE_WORKFLOW = REPO / ".github/workflows/release.yml"


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.sources.append(dict(attrs).get("src") or "<inline>")


def run_in(venv_env: dict[str, str], *command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=venv_env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600, check=False)


def test_the_wheel_alone_inits_and_builds_a_site_that_serves_its_own_editor(
        installed_wheel: InstalledWheel, dist: Dist, tmp_path: Path) -> None:
    # Only the virtualenv on PATH: no Node, no npm, no git, no checkout of site-builder.
    env = {"PATH": str(installed_wheel.venv / "bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    for tool in ("node", "npm", "npx"):
        assert not any((Path(folder) / tool).exists() for folder in env["PATH"].split(os.pathsep)), tool
    where = run_in(env, installed_wheel.bin("python"), "-c",
                   "import site_builder, site_builder.theme; print(site_builder.__file__); print(site_builder.theme.__file__)",
                   cwd=tmp_path)
    site_packages = installed_wheel.venv / "lib"
    assert [Path(line).is_relative_to(site_packages) for line in where.stdout.splitlines()] == [True, True], where.stdout
    assert where.stdout.splitlines()[1].endswith("site-packages/site_builder/theme/__init__.py")

    stories = tmp_path / "stories"
    made = run_in(env, installed_wheel.bin("site-builder"), "init", stories, cwd=tmp_path)
    assert made.returncode == 0, made.stdout
    built = run_in(env, installed_wheel.bin("site-builder"), "build", cwd=stories)
    assert built.returncode == 0, built.stdout
    assert "Traceback" not in built.stdout

    admin = stories / "site/admin"
    page = _Scripts()
    page.feed((admin / "index.html").read_text(encoding="utf-8"))
    assert page.sources == ["js-yaml.min.js", "decap-cms.js", "site-builder-cms.js"]
    for source in page.sources:  # every script is a file of the site, none from another host
        assert not urlsplit(source).scheme and not urlsplit(source).netloc, source
        assert (admin / source).is_file(), source
    # The whole bundle, lazy chunks and licences included, is the wheel's, byte for byte.
    with zipfile.ZipFile(dist.wheel) as wheel:
        bundle = {name.rsplit("/", 1)[1]: wheel.read(name) for name in wheel.namelist()
                  if name.startswith("site_builder/cms/vendor/")}
    assert "decap-cms.js" in bundle and len(bundle) > 50
    assert {name: (admin / name).read_bytes() == data for name, data in bundle.items()} == dict.fromkeys(bundle, True)
    assert (admin / "config.yml").is_file()


def test_sha256sums_lists_every_release_file_with_its_digest(dist: Dist) -> None:
    lines = dist.sums.read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)  # `sha256sum --check` format
    assert sorted(listed) == sorted([dist.wheel.name, dist.sdist.name])
    for name, digest in listed.items():
        assert hashlib.sha256((dist.folder / name).read_bytes()).hexdigest() == digest, name


def test_the_same_commit_gives_byte_identical_release_files(tmp_path: Path) -> None:
    """So anyone can check a release against its source. Built twice from one clone of the last
    commit (and the editor's bundle), at different times and in different folders."""
    clone = tmp_path / "clone"
    cloned = subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)],
                            capture_output=True, text=True, check=False)
    assert cloned.returncode == 0, cloned.stderr
    shutil.copytree(REPO / "site_builder/cms/vendor", clone / "site_builder/cms/vendor")
    sums = []
    for attempt in ("first", "second"):
        built = subprocess.run([sys.executable, str(clone / "scripts/build-dist"), str(tmp_path / attempt)],
                               cwd=tmp_path, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=600, check=False)
        assert built.returncode == 0, built.stdout
        sums.append((tmp_path / attempt / "SHA256SUMS").read_text(encoding="utf-8"))
        time.sleep(1.1)  # a build that stamped the time of day would differ now
    assert sums[0] == sums[1]
    assert len(sums[0].splitlines()) == 2


def test_make_dist_refuses_to_build_a_wheel_without_the_editor(tmp_path: Path) -> None:
    """A wheel without the bundle would fail every company build that has /admin/."""
    clone = tmp_path / "clone"
    assert subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=False).returncode == 0
    built = subprocess.run([sys.executable, str(clone / "scripts/build-dist"), str(tmp_path / "dist")],
                           cwd=tmp_path, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=120, check=False)
    assert built.returncode == 1
    assert "the browser editor's bundle is missing" in built.stdout and "run scripts/ensure-cms" in built.stdout
    assert not (tmp_path / "dist").exists()


def test_the_wheel_is_dated_by_the_commit_it_was_built_from(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        dates = {info.date_time for info in wheel.infolist()}
    assert len(dates) == 1  # SOURCE_DATE_EPOCH, not the time of the build


# --- the release workflow --------------------------------------------------------------------

def test_a_pushed_tag_builds_tests_and_publishes_the_files_with_their_checksums() -> None:
    workflow = load(RELEASE_WORKFLOW)
    assert triggers(workflow) == {"push": {"tags": ["v*"]}}
    build, release = workflow["jobs"]["build"], workflow["jobs"]["release"]
    commands = [str(step.get("run", "")) for step in build["steps"]]
    order = [next(i for i, c in enumerate(commands) if needle in c)
             for needle in ("make install", "scripts/ensure-cms", "make dist", "pytest tests/test_release.py")]
    assert order == sorted(order), commands
    tested = next(step for step in build["steps"] if "pytest tests/test_release.py" in str(step.get("run")))
    assert tested["env"] == {"SITE_BUILDER_DIST": "dist"}  # the very files that are published
    [upload] = steps_using(workflow, "actions/upload-artifact")
    assert upload["with"]["path"] == "dist/" and upload["with"]["if-no-files-found"] == "error"

    assert release["needs"] == "build"
    [download, publish] = release["steps"]
    assert download["uses"].startswith("actions/download-artifact@")
    assert download["with"] == {"name": "dist", "path": "dist"}
    script = publish["run"]
    assert script.index("sha256sum --check --strict SHA256SUMS") < script.index("gh release create")
    assert '--verify-tag' in script
    assert re.search(r'"\$wheel" "site_builder-\$\{TAG#v\}\.tar\.gz" SHA256SUMS\s*$', script), script
    assert publish["env"] == {"GH_TOKEN": "${{ github.token }}", "TAG": "${{ github.ref_name }}"}
    assert "${{" not in script  # the tag reaches the shell through the environment, never as code


def test_the_release_workflow_writes_only_in_the_release_job_and_pins_every_action() -> None:
    workflow = load(RELEASE_WORKFLOW)
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["release"]["permissions"] == {"contents": "write"}
    assert permission_problems(workflow, RELEASE_WRITE_JOBS) == []
    # Only this repository's release.yml may do that: in any other workflow it is flagged.
    assert permission_problems(workflow) == ["job release may write contents"]
    assert unpinned_uses(RELEASE_WORKFLOW.read_text(encoding="utf-8")) == []
    for step in steps_using(workflow, "actions/checkout"):
        assert step["with"]["persist-credentials"] is False
    assert "make dist" in run_commands(workflow)


# --- the pin a company writes ----------------------------------------------------------------

def test_the_documented_pin_and_the_release_notes_are_specs_init_accepts() -> None:
    publishing = (REPO / "docs/publishing.md").read_text(encoding="utf-8")
    section = publishing.split("\n## Releases\n", 1)[1].split("\n## ", 1)[0]
    [spec] = re.findall(r"--install '([^']+)'", section)
    digest = "ab" * 32
    spec = spec.replace("OWNER", "example").replace("<SHA-256 of the wheel, from SHA256SUMS>", digest)
    pinned = parse(spec, "0.1.0")
    assert (pinned.kind, pinned.pin) == ("wheel", digest)
    assert pinned.url.endswith("/releases/download/v0.1.0/site_builder-0.1.0-py3-none-any.whl")

    notes = load(RELEASE_WORKFLOW)["jobs"]["release"]["steps"][1]["run"]
    [template] = re.findall(r"--install '([^']+)'", notes)
    url = "https://github.com/example/site-builder/releases/download/v0.1.0/site_builder-0.1.0-py3-none-any.whl"
    filled = template.replace("${url}", url).replace("${digest}", digest)
    assert parse(filled, "0.1.0") == InstallSpec("wheel", url, digest)
