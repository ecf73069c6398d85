"""The content root's git repository, as the browser editor needs it: which branch, and commits
of the editor's own files only.

Two facts live here, each with one owner:

- **The branch** the editor reads and saves on. It follows the repository (a setting first,
  then the checked-out branch, then the clone's default branch), so a repository whose branch
  is `trunk` is not shown an editor that waits forever for `main`.
- **What a save commits**: only the files the editor wrote, and only under the content
  folders (`CONTENT_FOLDERS`). A save never sweeps in the built site, the build cache or
  anything else git happens to see, with or without a `.gitignore`, because it names its
  paths to `git commit --only` instead of committing what is staged.
"""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
from pathlib import Path

# The folders the browser editor may write: what a pull request of content changes touches.
CONTENT_FOLDERS = ("stories", "content", "assets")
FALLBACK_BRANCH = "main"  # only when there is no setting, no git, no checked-out or default branch


class GitError(Exception):
    """git refused or is missing; the message is one line an editor can act on."""


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(["git", *args], cwd=root, text=True, capture_output=True, check=False,
                              stdin=subprocess.DEVNULL, timeout=60)
    except FileNotFoundError as exc:
        raise GitError("git is not installed: install it, or edit the files by hand") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} did not finish in 60 s") from exc
    if check and done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        raise GitError(f"git {args[0]} failed: {lines[-1] if lines else f'exit {done.returncode}'}")
    return done


def is_repository(root: Path) -> bool:
    """Whether `root` is inside a git work tree."""
    try:
        done = _git(root, "rev-parse", "--is-inside-work-tree", check=False)
    except GitError:
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def current_branch(root: Path) -> str | None:
    """The checked-out branch (also before its first commit), or None (no git, detached HEAD)."""
    try:
        done = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    except GitError:
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def default_branch(root: Path) -> str | None:
    """The clone's default branch (origin/HEAD), for CI checkouts that are a detached HEAD."""
    try:
        done = _git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", check=False)
    except GitError:
        return None
    name = done.stdout.strip()
    return name.split("/", 1)[1] if done.returncode == 0 and "/" in name else None


# Where CI checks out a detached commit, it names the branch in its environment: a pull
# request's target on GitHub Actions, the project's default branch on GitLab CI.
CI_BRANCH_VARIABLES = ("GITHUB_BASE_REF", "CI_DEFAULT_BRANCH")


def editor_branch(root: Path, setting: object = None) -> str:
    """The branch the editor works on: `admin: {branch: ...}`, else the checked-out branch,
    else the clone's default branch, else the one CI names, else `main`."""
    if isinstance(setting, str) and setting.strip():
        return setting.strip()
    from_ci = next((os.environ[name] for name in CI_BRANCH_VARIABLES if os.environ.get(name)), None)
    return current_branch(root) or default_branch(root) or from_ci or FALLBACK_BRANCH


def content_path(rel: str) -> bool:
    """Whether a path, relative to the content root, is one the editor may write and commit."""
    parts = rel.split("/")
    return (len(parts) >= 2 and parts[0] in CONTENT_FOLDERS and all(parts)
            and not any(p in (".", "..") or p.startswith(".") for p in parts))


def _identity(root: Path) -> list[str]:
    """`-c user.name=... -c user.email=...` when git has no identity configured, so a laptop
    where nobody ran `git config` can still save; the login name stands in for the author."""
    configured = _git(root, "config", "user.email", check=False).stdout.strip()
    if configured:
        return []
    user = getpass.getuser() or "editor"
    return ["-c", f"user.name={user}", "-c", f"user.email={user}@{socket.gethostname() or 'localhost'}"]


def commit_paths(root: Path, paths: list[str], message: str) -> str | None:
    """Commit exactly `paths` (relative to the root, added, changed or deleted) on the current
    branch; return the new commit's short hash, or None when they had no change.

    `git commit --only -- PATHS` commits those paths and nothing else that may be staged.
    Hooks and signing are skipped as decap-server does (`--no-verify`, `--no-gpg-sign`): a
    prompt for a passphrase would hang a save, and the pull request's checks still run."""
    for rel in paths:
        if not content_path(rel):
            raise GitError(f"{rel} is not under {', '.join(f'{f}/' for f in CONTENT_FOLDERS)}: not committed")
    present = [rel for rel in paths if (root / rel).exists()]
    if present:
        _git(root, "add", "--all", "--", *present)
    gone = [rel for rel in paths if rel not in present]
    if gone:
        _git(root, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *gone)
    changed = [rel for rel in paths if _git(root, "status", "--porcelain", "--", rel).stdout.strip()]
    if not changed:
        return None
    _git(root, *_identity(root), "commit", "--quiet", "--no-verify", "--no-gpg-sign",
         "-m", message or "Edit content", "--only", "--", *changed)
    return _git(root, "rev-parse", "--short", "HEAD").stdout.strip()
