"""The local editor's backend and server, without a browser: what a save commits, which paths it
refuses, which branch the editor is configured for, and how `site-builder edit` fails.

The browser journey is tests/test_edit_browser.py; these pin the rules behind it, one each.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from site_builder.cms import server as edit_server
from site_builder.cms.local_backend import LocalBackend, Refused

from .conftest import make_root, run_cli
from .sitetools import free_port, site_builder

GIT = ["git", "-c", "user.name=Setup", "-c", "user.email=setup@example.invalid", "-c", "commit.gpgsign=false"]
NEW_STORY = "stories/2025/a-new-story.md"


def git(root: Path, *args: str) -> str:
    result = subprocess.run([*GIT, *args], cwd=root, text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def repository(tmp_path: Path, branch: str = "trunk") -> Path:
    root = make_root(tmp_path)
    git(root, "init", "-q", "-b", branch)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content")
    return root


def persist(backend: LocalBackend, path: str, raw: str, assets: list[dict[str, str]] | None = None) -> None:
    backend.handle("persistEntry", {"dataFiles": [{"slug": "x", "path": path, "raw": raw}], "assets": assets or [],
                                    "options": {"commitMessage": f"Create {path}", "useWorkflow": False}})


def committed(root: Path) -> list[str]:
    return git(root, "show", "--format=", "--name-only", "HEAD").split()


def test_a_save_commits_only_its_own_files_whatever_else_git_sees(tmp_path: Path) -> None:
    root = repository(tmp_path)
    (root / "site").mkdir()
    (root / "site/index.html").write_text("built", encoding="utf-8")
    (root / ".site-builder/cache").mkdir(parents=True)
    (root / ".site-builder/cache/x").write_text("cache", encoding="utf-8")
    (root / "notes.txt").write_text("someone's staged work", encoding="utf-8")
    git(root, "add", "notes.txt")
    picture = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode("ascii")
    persist(LocalBackend(root), NEW_STORY, "---\ntitle: New\n---\nText\n",
            [{"path": "stories/2025/a-new-story.png", "content": picture, "encoding": "base64"}])
    assert committed(root) == [NEW_STORY, "stories/2025/a-new-story.png"]
    assert git(root, "log", "-1", "--format=%s").strip() == f"Create {NEW_STORY}"
    assert git(root, "symbolic-ref", "--short", "HEAD").strip() == "trunk"
    assert git(root, "diff", "--cached", "--name-only").split() == ["notes.txt"], "others' staged work stays staged"


def test_deleting_an_entry_commits_the_deletion_alone(tmp_path: Path) -> None:
    root = repository(tmp_path)
    backend = LocalBackend(root)
    backend.handle("deleteFile", {"path": "stories/2025/tet-night-shift.md", "options": {"commitMessage": "Delete"}})
    assert not (root / "stories/2025/tet-night-shift.md").exists()
    assert committed(root) == ["stories/2025/tet-night-shift.md"]
    assert git(root, "status", "--porcelain").strip() == ""


@pytest.mark.parametrize("path", ["site/index.html", ".site-builder/cache/x", "mkdocs.yml", "../outside.md",
                                  "stories/../site/x.md", ".git/config", "stories/.hidden.md", "/etc/passwd.md"])
def test_paths_outside_the_content_folders_are_refused_before_anything_is_written(tmp_path: Path, path: str) -> None:
    root = repository(tmp_path)
    head = git(root, "rev-parse", "HEAD")
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(root), path, "x")
    assert refused.value.status == 422 and "stories/, content/, assets/" in str(refused.value)
    assert git(root, "rev-parse", "HEAD") == head and git(root, "status", "--porcelain").strip() == ""


def test_a_link_out_of_the_root_is_neither_read_nor_written(tmp_path: Path) -> None:
    root = repository(tmp_path)
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "key.md").write_text("secret", encoding="utf-8")
    (root / "assets").mkdir()
    (root / "assets/elsewhere").symlink_to(outside)
    backend = LocalBackend(root)
    for action, params in (("getEntry", {"path": "assets/elsewhere/key.md"}),
                           ("getMediaFile", {"path": "assets/elsewhere/key.md"})):
        with pytest.raises(Refused, match="symbolic link to a folder outside"):
            backend.handle(action, params)
    with pytest.raises(Refused):
        persist(backend, "assets/elsewhere/new.md", "x")
    assert sorted(p.name for p in outside.iterdir()) == ["key.md"]


def test_the_backend_lists_and_reads_what_decap_asks_for(tmp_path: Path) -> None:
    root = repository(tmp_path)
    backend = LocalBackend(root)
    assert backend.handle("info", {}) == {"repo": "root", "publish_modes": ["simple"], "type": "local_git"}
    listed = backend.handle("entriesByFolder", {"folder": "stories", "extension": "md", "depth": 2})
    assert [e["file"]["path"] for e in listed] == ["stories/2025/tet-night-shift.md"]
    assert listed[0]["data"].startswith("---") and len(listed[0]["file"]["id"]) == 64
    assert backend.handle("entriesByFolder", {"folder": "stories", "extension": "md", "depth": 1}) == []
    with pytest.raises(Refused, match="Unknown action unpublishedEntries"):
        backend.handle("unpublishedEntries", {})


def test_the_built_editor_follows_the_repository_branch_or_the_setting(tmp_path: Path) -> None:
    root = repository(tmp_path / "git", branch="trunk")
    assert site_builder("build", "--root", str(root)).returncode == 0
    config = yaml.safe_load((root / "site/admin/config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["branch"] == "trunk"
    (root / "mkdocs.yml").write_text("site_name: T\nextra:\n  site_builder:\n    admin:\n      branch: production\n",
                                     encoding="utf-8")
    assert site_builder("build", "--root", str(root)).returncode == 0
    config = yaml.safe_load((root / "site/admin/config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["branch"] == "production"


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = repository(tmp_path)
    server = edit_server.start(("127.0.0.1", free_port()), root, say=lambda line: None)
    try:
        yield root, f"127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_edit_server_serves_config_yml_as_yaml_for_the_checked_out_branch(served: tuple[Path, str]) -> None:
    root, host = served
    with urllib.request.urlopen(f"http://{host}/admin/config.yml", timeout=10) as response:  # noqa: S310
        assert response.headers["Content-Type"].startswith("text/yaml")
        config = yaml.safe_load(response.read())
    assert config["backend"] == {"name": "proxy", "proxy_url": f"http://{host}/api/v1", "branch": "trunk"}
    assert config["publish_mode"] == "simple"
    git(root, "checkout", "-q", "-b", "story/late-shift")
    with urllib.request.urlopen(f"http://{host}/admin/config.yml", timeout=10) as response:  # noqa: S310
        assert yaml.safe_load(response.read())["backend"]["branch"] == "story/late-shift"


def test_the_edit_server_answers_only_its_own_address_and_only_json(served: tuple[Path, str]) -> None:
    _, host = served
    rebinding = urllib.request.Request(f"http://{host}/admin/config.yml", headers={"Host": "evil.example:80"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(rebinding, timeout=10)  # noqa: S310
    assert refused.value.code == 403
    form = urllib.request.Request(f"http://{host}/api/v1", data=b"action=deleteFile",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(form, timeout=10)  # noqa: S310
    assert refused.value.code == 415
    bad = urllib.request.Request(f"http://{host}/api/v1", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"action": "getEntry", "params": {"path": "site/index.html"}}).encode())
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bad, timeout=10)  # noqa: S310
    assert refused.value.code == 422 and "stories/, content/, assets/" in json.load(refused.value)["error"]


def test_edit_says_in_one_line_what_is_wrong(tmp_path: Path) -> None:
    code, out = run_cli("edit", "--root", tmp_path)
    assert code == 2 and out.count("\n") == 1 and "is not a content root" in out, out
    root = make_root(tmp_path / "root")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, out = run_cli("edit", "--root", root, "--dev-addr", f"127.0.0.1:{taken.getsockname()[1]}")
    assert code == 2 and out.count("\n") == 1 and "choose another with --dev-addr" in out, out
    code, out = run_cli("edit", "--root", root, "--dev-addr", "nowhere")
    assert code == 2 and "expected HOST:PORT" in out and "Traceback" not in out, out
    (root / "mkdocs.yml").write_text("site_name: T\nextra:\n  site_builder:\n    admin: false\n", encoding="utf-8")
    code, out = run_cli("edit", "--root", root)
    assert code == 2 and out.count("\n") == 1 and "turned off in mkdocs.yml" in out, out
    assert os.path.isdir(root / "stories")


def test_a_renamed_story_moves_alone_and_the_move_is_one_commit(tmp_path: Path) -> None:
    """Decap renames an entry with `newPath`; decap-server would also move every other file of
    the old folder (its `hasSubfolders` default), here the other stories of that year."""
    root = repository(tmp_path)
    persist(LocalBackend(root), "stories/2025/neighbour.md", "---\ntitle: Neighbour\n---\nText\n")
    backend = LocalBackend(root)
    backend.handle("persistEntry", {
        "dataFiles": [{"slug": "2026/night-shift", "path": "stories/2025/tet-night-shift.md", "raw": "renamed\n",
                       "newPath": "stories/2026/night-shift.md"}],
        "assets": [], "options": {"commitMessage": "Rename", "useWorkflow": False}})
    assert (root / "stories/2026/night-shift.md").read_text(encoding="utf-8") == "renamed\n"
    assert sorted(p.name for p in (root / "stories/2025").iterdir()) == ["neighbour.md"]
    assert sorted(committed(root)) == ["stories/2025/tet-night-shift.md", "stories/2026/night-shift.md"]
    assert git(root, "status", "--porcelain").strip() == ""


def test_without_a_branch_checked_out_the_editor_takes_the_one_ci_names_then_main(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.cms.vcs import editor_branch

    for name in ("GITHUB_BASE_REF", "CI_DEFAULT_BRANCH"):
        monkeypatch.delenv(name, raising=False)
    root = repository(tmp_path)
    git(root, "checkout", "-q", "--detach")
    assert editor_branch(root) == "main"
    monkeypatch.setenv("CI_DEFAULT_BRANCH", "develop")
    assert editor_branch(root) == "develop"
    monkeypatch.setenv("GITHUB_BASE_REF", "trunk")
    assert editor_branch(root) == "trunk"
    assert editor_branch(root, "production") == "production"
    git(root, "checkout", "-q", "trunk")
    monkeypatch.delenv("GITHUB_BASE_REF")
    assert editor_branch(root) == "trunk"
    assert editor_branch(tmp_path / "no-git") == "develop"


def test_a_broken_mkdocs_yml_gets_a_sentence_not_a_dropped_connection(served: tuple[Path, str]) -> None:
    root, host = served
    (root / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(f"http://{host}/admin/config.yml", timeout=10)  # noqa: S310
    assert failed.value.code == 500 and failed.value.read().decode().startswith("the editor cannot start: mkdocs.yml")
