"""`site-builder init` makes a whole content repository that CI can run as it is, and that a
security reviewer would sign: every action pinned to a commit, write permission only where Pages
is deployed, and site-builder installed from a pinned source the company controls, never the
bare name from the public index."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.authoring.install_spec import (InstallSpec, InstallSpecError, from_direct_url, parse,
                                                 running_direct_url)

from .release_dist import InstalledWheel
from .sitetools import site_builder
from .test_workflows import actionlint, check_jsonschema, load, permission_problems, run, unpinned_uses

WORKFLOWS = (".github/workflows/pull-request.yml", ".github/workflows/publish.yml", ".github/workflows/digest.yml")
INSTALLING = (*WORKFLOWS, ".gitlab-ci.yml", ".pre-commit-config.yaml")
COMMIT = "0123456789abcdef0123456789abcdef01234567"
DIGEST = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
GIT_SPEC = f"git+https://git.example.com/tools/site-builder.git@{COMMIT}"
WHEEL_SPEC = f"https://files.example.com/tools/site_builder-0.1.0-py3-none-any.whl#sha256={DIGEST}"
INDEX_SPEC = "--index-url https://pypi.example.com/simple site-builder==0.1.0"
SPECS = {"git": GIT_SPEC, "wheel": WHEEL_SPEC, "index": INDEX_SPEC}


def init(target: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return site_builder("init", str(target), *extra)


@pytest.fixture(scope="module", params=sorted(SPECS))
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository per kind of install source."""
    target = tmp_path_factory.mktemp("init") / f"stories-{request.param}"
    result = init(target, "--install", SPECS[request.param])
    assert result.returncode == 0, result.stdout
    return target


def kind_of(repo: Path) -> str:
    return repo.name.removeprefix("stories-")


def test_init_writes_ci_templates_editor_settings_schemas_and_a_readme(repo: Path) -> None:
    for relpath in (*WORKFLOWS, ".gitlab-ci.yml", ".github/pull_request_template.md",
                    ".github/ISSUE_TEMPLATE/nominate.yml", ".github/ISSUE_TEMPLATE/config.yml",
                    ".github/dependabot.yml", "renovate.json",
                    ".pre-commit-config.yaml", ".vscode/settings.json", ".vscode/extensions.json",
                    "schemas/person.schema.json", "schemas/story-front-matter.schema.json",
                    "schemas/cms-config.yml", "README.md", ".gitignore", "mkdocs.yml"):
        assert (repo / relpath).is_file(), relpath
    for settings_schema in (repo / ".vscode/settings.json").read_text(encoding="utf-8").split('"./')[1:]:
        assert (repo / settings_schema.split('"')[0]).is_file()
    assert not [p for p in repo.rglob("*") if p.is_file() and re.search(r"\[\[|\[%", p.read_text(encoding="utf-8"))]


# --- site-builder comes from the pinned source, in every file that installs it -------------------

def test_every_ci_file_installs_site_builder_from_the_pinned_source(repo: Path) -> None:
    spec = parse(SPECS[kind_of(repo)], "0.1.0")
    for relpath in (*WORKFLOWS, ".gitlab-ci.yml"):
        text = (repo / relpath).read_text(encoding="utf-8")
        assert f".venv/bin/pip install {spec.pip_shell()}" in text or \
            f".venv/bin/pip install --quiet {spec.pip_shell()}" in text, relpath
    [hook] = load(repo / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    assert hook["additional_dependencies"] == spec.pre_commit_dependencies()
    assert spec.pip_shell() in (repo / "README.md").read_text(encoding="utf-8")


def test_nothing_init_writes_installs_the_bare_name_from_the_public_index(repo: Path) -> None:
    """`site-builder==V` only ever appears beside the company's own --index-url. (renovate.json
    holds the pattern that finds the pin, and installs nothing.)"""
    for path in sorted(p for p in repo.rglob("*") if p.is_file() and p.name != "renovate.json"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"site[-_]builder\s*(==|>=|~=)", line, re.I):
                assert "--index-url" in line and "pypi.example.com" in line, f"{path}:{number}: {line}"
            assert "pip install -e" not in line and "{{version}}" not in line, f"{path}:{number}"


def test_a_git_source_gets_git_in_gitlabs_slim_image(repo: Path) -> None:
    install = load(repo / ".gitlab-ci.yml")[".install"]
    assert any("apt-get install" in line and " git" in line for line in install) == (kind_of(repo) == "git")


# --- actions pinned, permissions least, update bots configured ----------------------------------

@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_the_workflows_pin_every_action_and_grant_write_only_to_the_deployment(repo: Path, workflow: str) -> None:
    text = (repo / workflow).read_text(encoding="utf-8")
    assert unpinned_uses(text) == []
    assert permission_problems(load(repo / workflow)) == []
    if workflow.endswith("publish.yml"):
        assert load(repo / workflow)[True]["push"]["branches"] == ["main"]  # not a clone: main
        jobs = load(repo / workflow)["jobs"]
        assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
        assert not any(level == "write" for level in jobs["build"]["permissions"].values())


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_the_workflows_pass_actionlint_and_their_schema(repo: Path, workflow: str) -> None:
    result = actionlint(repo / workflow)
    assert result.returncode == 0, result.stdout
    assert "actionlint: 0 finding(s) in 1 file(s)" in result.stdout, result.stdout
    result = check_jsonschema("vendor.github-workflows", repo / workflow)
    assert result.returncode == 0, result.stdout


def test_dependabot_keeps_the_actions_current(repo: Path) -> None:
    config = load(repo / ".github/dependabot.yml")
    assert [u["package-ecosystem"] for u in config["updates"]] == ["github-actions"]
    result = check_jsonschema("vendor.dependabot", repo / ".github/dependabot.yml")
    assert result.returncode == 0, result.stdout


def test_renovate_keeps_the_image_digest_and_the_pinned_install_current(repo: Path) -> None:
    result = check_jsonschema("vendor.renovate", repo / "renovate.json")
    assert result.returncode == 0, result.stdout
    config = json.loads((repo / "renovate.json").read_text(encoding="utf-8"))
    assert "docker:pinDigests" in config["extends"] and "gitlabci" in config["enabledManagers"]
    managers = config["customManagers"]
    if kind_of(repo) == "wheel":
        assert managers == []  # no feed lists newer wheels: README says the pin is raised by hand
        return
    [manager] = managers
    [pattern] = manager["matchStrings"]
    # Renovate's named groups are (?<name>...); Python spells them (?P<name>...).
    found = re.search(pattern.replace("(?<", "(?P<"), (repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert found, pattern
    if kind_of(repo) == "git":
        assert manager["datasourceTemplate"] == "git-refs"
        assert found["currentDigest"] == COMMIT
        assert found["packageName"] == "https://git.example.com/tools/site-builder.git"
    else:
        assert manager["datasourceTemplate"] == "pypi"
        assert manager["registryUrlTemplate"] == "https://pypi.example.com/simple"
        assert found["currentValue"] == "0.1.0"


def test_gitlab_ci_issue_form_and_pre_commit_pass_their_checks(repo: Path) -> None:
    assert check_jsonschema("vendor.gitlab-ci", repo / ".gitlab-ci.yml").returncode == 0
    form = check_jsonschema("vendor.github-issue-forms", repo / ".github/ISSUE_TEMPLATE/nominate.yml")
    assert form.returncode == 0, form.stdout
    config = check_jsonschema("vendor.github-issue-config", repo / ".github/ISSUE_TEMPLATE/config.yml")
    assert config.returncode == 0, config.stdout
    pre_commit = run([str(Path(sys.executable).parent / "pre-commit"), "validate-config",
                      str(repo / ".pre-commit-config.yaml")])
    assert pre_commit.returncode == 0, pre_commit.stdout


# --- --install: what is accepted, what is refused and why ----------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    (GIT_SPEC, InstallSpec("git", "https://git.example.com/tools/site-builder.git", COMMIT)),
    (f"site-builder @ {GIT_SPEC}", InstallSpec("git", "https://git.example.com/tools/site-builder.git", COMMIT)),
    (f"git+ssh://git@git.example.com/tools/site-builder.git@{COMMIT}",
     InstallSpec("git", "ssh://git@git.example.com/tools/site-builder.git", COMMIT)),
    (f"{GIT_SPEC}#subdirectory=python",
     InstallSpec("git", "https://git.example.com/tools/site-builder.git#subdirectory=python", COMMIT)),
    (WHEEL_SPEC, InstallSpec("wheel", WHEEL_SPEC.split("#")[0], DIGEST)),
    (f"{WHEEL_SPEC.split('#')[0]} --hash=sha256:{DIGEST.upper()}", InstallSpec("wheel", WHEEL_SPEC.split("#")[0], DIGEST)),
    (INDEX_SPEC, InstallSpec("index", "https://pypi.example.com/simple", "0.1.0")),
    ("--index-url=https://pypi.example.com/simple site-builder==0.2.0rc1",
     InstallSpec("index", "https://pypi.example.com/simple", "0.2.0rc1")),
])
def test_install_accepts_a_pinned_source(given: str, expected: InstallSpec) -> None:
    spec = parse(given, "0.1.0")
    assert spec == expected
    assert parse(str(spec), "0.1.0") == spec  # what init prints can be passed back as it is


def test_install_renders_pip_arguments_that_pin_the_bytes() -> None:
    assert parse(GIT_SPEC, "0.1.0").pip_arguments() == [f"site-builder @ {GIT_SPEC}"]
    assert parse(WHEEL_SPEC, "0.1.0").pip_arguments() == [f"site-builder @ {WHEEL_SPEC}"]
    index = parse(INDEX_SPEC, "0.1.0")
    assert index.pip_arguments() == ["--index-url", "https://pypi.example.com/simple", "site-builder==0.1.0"]
    assert index.pre_commit_dependencies() == ["--index-url=https://pypi.example.com/simple", "site-builder==0.1.0"]


@pytest.mark.parametrize(("given", "message"), [
    ("site-builder==0.1.0", "public index (pypi.org), where the name 'site-builder' is not this project's"),
    ("site-builder", "public index (pypi.org)"),
    ("git+https://git.example.com/tools/site-builder.git", "names no commit"),
    ("git+https://git.example.com/tools/site-builder.git@v0.1.0", "'v0.1.0' in 'git+https://git.example.com/tools/site-builder.git@v0.1.0' is a tag or branch"),
    ("git+https://git.example.com/tools/site-builder.git@3d3c42e", "is a short commit"),
    (f"git+file:///srv/site-builder@{COMMIT}", "over https or ssh, not file"),
    (f"git+http://git.example.com/tools/site-builder.git@{COMMIT}", "over https or ssh, not http"),
    ("https://files.example.com/tools/site_builder-0.1.0-py3-none-any.whl", "has no hash"),
    (f"https://files.example.com/tools/site_builder-0.1.0-py3-none-any.whl#md5={DIGEST[:32]}", "pinned with '#sha256="),
    ("https://files.example.com/tools/site_builder-0.1.0-py3-none-any.whl#sha256=abc", "is not a SHA-256"),
    (f"https://files.example.com/tools/evil-0.1.0-py3-none-any.whl#sha256={DIGEST}", "not a site-builder wheel"),
    (f"https://files.example.com/tools/site_builder-0.1.0.tar.gz#sha256={DIGEST}", "is not a wheel (.whl)"),
    (f"file:///tmp/site_builder-0.1.0-py3-none-any.whl#sha256={DIGEST}", "is not a URL CI can download"),
    ("--index-url http://pypi.example.com/simple site-builder==0.1.0", "must be https"),
    ("--index-url https://pypi.example.com/simple site-builder>=0.1.0", "name one exact version"),
    ("--index-url https://pypi.example.com/simple", "--index-url URL site-builder==VERSION"),
    ("--index-url https://pypi.org/simple site-builder==0.1.0", "must be your own index"),
    ("--extra-index-url https://pypi.example.com/simple site-builder==0.1.0", "dependency confusion"),
    (f"git+https://git.example.com/$(id)/site-builder.git@{COMMIT}", "characters CI files cannot carry safely: '$'"),
    ("", "the spec is empty"),
])
def test_install_refuses_what_would_not_pin_a_source_the_company_controls(given: str, message: str) -> None:
    with pytest.raises(InstallSpecError) as refused:
        parse(given, "0.1.0")
    assert message in str(refused.value)


@pytest.mark.parametrize(("given", "message"), [
    ("site-builder==0.1.0", "where the name 'site-builder' is not this project's"),
    ("git+https://git.example.com/tools/site-builder.git@main", "'main' in "),
    ("https://files.example.com/site_builder-0.1.0-py3-none-any.whl", "has no hash"),
])
def test_init_with_a_refused_install_exits_2_and_writes_nothing(tmp_path: Path, given: str, message: str) -> None:
    target = tmp_path / "new"
    result = init(target, "--install", given)
    assert result.returncode == 2, result.stdout
    assert f"error: --install: " in result.stdout and message in result.stdout
    assert "Traceback" not in result.stdout
    assert not target.exists()


# --- the default: where the running site-builder came from (PEP 610 direct_url.json) -------------

def test_the_default_of_a_git_install_is_its_commit() -> None:
    record = {"url": "https://git.example.com/tools/site-builder.git",
              "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "v0.1.0"}}
    assert str(from_direct_url(json.dumps(record), "0.1.0")) == GIT_SPEC


def test_the_default_of_a_wheel_downloaded_from_a_url_is_that_url_and_its_hash() -> None:
    url = WHEEL_SPEC.split("#")[0]
    record = {"url": url, "archive_info": {"hash": f"sha256={DIGEST}", "hashes": {"sha256": DIGEST}}}
    assert str(from_direct_url(json.dumps(record), "0.1.0")) == WHEEL_SPEC
    older_pip = {"url": url, "archive_info": {"hash": f"sha256={DIGEST}"}}
    assert str(from_direct_url(json.dumps(older_pip), "0.1.0")) == WHEEL_SPEC


@pytest.mark.parametrize(("record", "message"), [
    (None, "installed from a package index, and which index is not recorded"),
    ({"url": "file:///home/me/site_builder-0.1.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": DIGEST}}},
     f"put it where CI can download it and pass --install 'https://<where you put it>/"
     f"site_builder-0.1.0-py3-none-any.whl#sha256={DIGEST}'"),
    ({"url": "file:///home/me/site-builder", "dir_info": {"editable": True}},
     "runs from the folder /home/me/site-builder (editable), which CI cannot fetch"),
    ({"url": "https://files.example.com/site_builder-0.1.0-py3-none-any.whl", "archive_info": {}},
     "with no SHA-256 recorded"),
    ({"url": "https://hg.example.com/site-builder", "vcs_info": {"vcs": "hg", "commit_id": "abc"}},
     "without a git commit to pin"),
])
def test_a_default_without_a_pinnable_source_is_refused_with_the_fix(record: dict | None, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InstallSpecError) as refused:
        from_direct_url(None if record is None else json.dumps(record), "0.1.0")
    assert message in str(refused.value)
    assert "--install '--index-url https://pypi.example.com/simple site-builder==0.1.0'" in str(refused.value)


def test_an_editable_checkout_is_refused_and_told_its_commit(tmp_path: Path) -> None:
    """This checkout runs the tests (editable): init says how to pin it instead of guessing."""
    target = tmp_path / "new"
    result = init(target)
    assert result.returncode == 2, result.stdout
    assert "(editable), which CI cannot fetch" in result.stdout and "Pass --install" in result.stdout
    source = json.loads(running_direct_url() or "{}")
    folder = source["url"].removeprefix("file://")
    head = run(["git", "-C", folder, "rev-parse", "HEAD"]).stdout.strip()
    assert re.fullmatch("[0-9a-f]{40}", head) and f"@{head}'" in result.stdout
    assert not target.exists()


# --- init into a fresh clone (issue 22) --------------------------------------------------------

def test_init_works_in_a_fresh_clone_and_keeps_what_it_holds(tmp_path: Path) -> None:
    clone = tmp_path / "culture-site"
    clone.mkdir()
    assert run(["git", "init", "-q", "-b", "trunk", str(clone)]).returncode == 0
    (clone / "README.md").write_text("# Culture site\nOur own words.\n", encoding="utf-8")
    (clone / "LICENSE").write_text("All rights reserved.\n", encoding="utf-8")
    (clone / ".gitignore").write_text("*.pyc\n/site/", encoding="utf-8")  # no final newline
    result = init(clone, "--install", GIT_SPEC)
    assert result.returncode == 0, result.stdout
    assert "kept README.md" in result.stdout and "merged .gitignore" in result.stdout
    assert (clone / "README.md").read_text(encoding="utf-8") == "# Culture site\nOur own words.\n"
    assert (clone / "LICENSE").read_text(encoding="utf-8") == "All rights reserved.\n"
    ignored = (clone / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ignored[:2] == ["*.pyc", "/site/"] and ".site-builder/" in ignored
    assert ignored.count("/site/") == 1
    publish = load(clone / ".github/workflows/publish.yml")
    assert publish.get("on", publish.get(True))["push"]["branches"] == ["trunk"]  # the clone's branch
    assert (clone / "mkdocs.yml").is_file()
    # git sees the new files and none of the build output: the clone is ready to commit.
    assert site_builder("build", "--root", str(clone)).returncode == 0
    status = run(["git", "-C", str(clone), "status", "--porcelain", "--untracked-files=all"]).stdout
    untracked = [line[3:] for line in status.splitlines()]
    assert "mkdocs.yml" in untracked and ".github/workflows/publish.yml" in untracked
    assert not [path for path in untracked if path.startswith(("site/", ".site-builder/"))]


def test_init_refuses_a_clone_that_already_holds_other_files_and_writes_nothing(tmp_path: Path) -> None:
    clone = tmp_path / "busy"
    (clone / ".git").mkdir(parents=True)
    (clone / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = init(clone, "--install", GIT_SPEC)
    assert result.returncode == 2, result.stdout
    assert "busy is not empty (it holds notes.txt)" in result.stdout
    assert sorted(p.name for p in clone.iterdir()) == [".git", "notes.txt"]


# --- from the wheel alone, as a company would start ----------------------------------------------

def test_a_clean_virtualenv_with_the_wheel_inits_pinned_to_it_and_builds(installed_wheel: InstalledWheel,
                                                                          tmp_path: Path) -> None:
    """As a company's CI does: site-builder from a wheel (not this checkout), then init and a
    build. With no --install, the CI it writes installs that very wheel, by URL and SHA-256.
    The wheel is `make dist`'s, served over HTTP and installed once per session (tests/release_dist.py)."""
    venv, wheel = installed_wheel.venv, installed_wheel.wheel

    repo = tmp_path / "stories-repo"
    made = run([str(venv / "bin/site-builder"), "init", str(repo)])
    assert made.returncode == 0, made.stdout
    pinned = f"site-builder @ {installed_wheel.url}#sha256={installed_wheel.sha256}"
    for relpath in INSTALLING:
        assert pinned in (repo / relpath).read_text(encoding="utf-8"), relpath

    result = subprocess.run([str(venv / "bin/site-builder"), "build"], cwd=repo,
                            text=True, capture_output=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / "site/admin/decap-cms.js").is_file() and (repo / "site/admin/config.yml").is_file()
    check = run([str(venv / "bin/site-builder"), "cms-config", "--out", "schemas/cms-config.yml",
                 "--check"], cwd=repo)
    assert check.returncode == 0, check.stdout

    # pre-commit installs the hook's site-builder from the same pin, and the hook passes.
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    assert run(["git", "init", "-q"], cwd=repo, env=env).returncode == 0
    assert run(["git", "add", "-A"], cwd=repo, env=env).returncode == 0
    hooked = run([str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files"], cwd=repo,
                 env=env, timeout=900)
    assert hooked.returncode == 0 and "site-builder validate" in hooked.stdout, hooked.stdout
    assert "Passed" in hooked.stdout, hooked.stdout

    # The install line CI runs fetches that wheel, and refuses it once a byte differs.
    [line] = [line.strip() for line in (repo / WORKFLOWS[0]).read_text(encoding="utf-8").splitlines()
              if line.strip().startswith(".venv/bin/pip install ")]
    arguments = shlex.split(line)[2:]
    download = [str(venv / "bin/pip"), "download", "--no-deps", "-d", str(tmp_path / "fetched"), *arguments]
    fetched = run(download, timeout=300)
    assert fetched.returncode == 0, fetched.stdout
    original = wheel.read_bytes()
    wheel.write_bytes(original + b"\0")  # the file store now serves other bytes
    try:
        shutil.rmtree(tmp_path / "fetched")
        tampered = run(download, timeout=300)
    finally:
        wheel.write_bytes(original)  # the served wheel is shared by the session
    assert tampered.returncode != 0 and "DO NOT MATCH THE HASHES" in tampered.stdout, tampered.stdout
