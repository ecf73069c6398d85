"""`site-builder init` makes a whole content repository that CI can run as it is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_builder import __version__

from .sitetools import REPO, site_builder
from .test_workflows import actionlint, check_jsonschema, run

WORKFLOWS = (".github/workflows/pull-request.yml", ".github/workflows/publish.yml", ".github/workflows/digest.yml")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "stories-repo"
    result = site_builder("init", str(target))
    assert result.returncode == 0, result.stdout
    return target


def test_init_writes_ci_templates_editor_settings_schemas_and_a_readme(repo: Path) -> None:
    for relpath in (*WORKFLOWS, ".gitlab-ci.yml", ".github/pull_request_template.md",
                    ".github/ISSUE_TEMPLATE/nominate.yml", ".github/ISSUE_TEMPLATE/config.yml",
                    ".pre-commit-config.yaml", ".vscode/settings.json", ".vscode/extensions.json",
                    "schemas/person.schema.json", "schemas/story-front-matter.schema.json",
                    "schemas/cms-config.yml", "README.md", ".gitignore", "mkdocs.yml"):
        assert (repo / relpath).is_file(), relpath
    for settings_schema in (repo / ".vscode/settings.json").read_text(encoding="utf-8").split('"./')[1:]:
        assert (repo / settings_schema.split('"')[0]).is_file()


def test_ci_installs_the_version_of_site_builder_that_made_it(repo: Path) -> None:
    for relpath in (*WORKFLOWS, ".gitlab-ci.yml", ".pre-commit-config.yaml"):
        text = (repo / relpath).read_text(encoding="utf-8")
        assert f"site-builder=={__version__}" in text, relpath
        assert "pip install -e" not in text and "{{version}}" not in text, relpath


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_the_workflows_pass_actionlint_and_their_schema(repo: Path, workflow: str) -> None:
    result = actionlint(repo / workflow)
    assert result.returncode == 0, result.stdout
    assert "actionlint: 0 finding(s) in 1 file(s)" in result.stdout, result.stdout
    result = check_jsonschema("vendor.github-workflows", repo / workflow)
    assert result.returncode == 0, result.stdout


def test_gitlab_ci_issue_form_and_pre_commit_pass_their_checks(repo: Path) -> None:
    assert check_jsonschema("vendor.gitlab-ci", repo / ".gitlab-ci.yml").returncode == 0
    form = check_jsonschema("vendor.github-issue-forms", repo / ".github/ISSUE_TEMPLATE/nominate.yml")
    assert form.returncode == 0, form.stdout
    config = check_jsonschema("vendor.github-issue-config", repo / ".github/ISSUE_TEMPLATE/config.yml")
    assert config.returncode == 0, config.stdout
    pre_commit = run([str(Path(sys.executable).parent / "pre-commit"), "validate-config",
                      str(repo / ".pre-commit-config.yaml")])
    assert pre_commit.returncode == 0, pre_commit.stdout


def test_a_clean_virtualenv_with_the_wheel_builds_the_new_root(repo: Path, tmp_path: Path) -> None:
    """As a company's CI does: site-builder from a wheel (not this checkout), then a build."""
    wheels = tmp_path / "wheels"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
                 str(wheels), str(REPO)], timeout=300)
    assert built.returncode == 0, built.stdout
    [wheel] = wheels.glob("site_builder-*.whl")
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    installed = run([str(venv / "bin/pip"), "install", "--quiet", str(wheel)], timeout=600)
    assert installed.returncode == 0, installed.stdout
    result = subprocess.run([str(venv / "bin/site-builder"), "build"], cwd=tmp_path.parent / repo,
                            text=True, capture_output=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / "site/admin/decap-cms.js").is_file() and (repo / "site/admin/config.yml").is_file()
    check = run([str(venv / "bin/site-builder"), "cms-config", "--out", "schemas/cms-config.yml",
                 "--check"], cwd=repo)
    assert check.returncode == 0, check.stdout
