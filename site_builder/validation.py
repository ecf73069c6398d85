"""What `validate` checks: the content model's rules, every picture decoded, the sanitizer
foreseen, and the root's engine settings.

The model knows the rules of the content; whether a picture's pixels decode and what the
sanitizer will remove are answered by the media and HTML rooms, which this module hands to
the model. `validate`, `build`, `serve` and `import` all check through here, so a picture that
would fail the build fails validation first, at its line.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .cms.admin import AdminError, admin_settings
from .engine import config_text
from .html.sanitize import safe_url, sanitize
from .media.images import check as check_picture
from . import __version__
from .model import Problem, Site, StoryCache, load
from .model.checked_stories import CheckedStories, context_digest
from .model.containment import OutsideRoot, Root
from .paths import WORK_DIR, Paths
from .pages.strings import DEFAULT_LANGUAGE
from .project import ConfigError, Project


class EditorChecks:
    """The model's `Checks`, answered by Pillow (a full decode) and by the sanitizer itself."""

    def picture(self, data: bytes, name: str, suffix: str) -> str | None:
        return check_picture(data, name, suffix)

    def removed(self, html: str) -> list[str]:
        return [removal.what for removal in sanitize(html)[1]]

    def safe_url(self, url: str) -> bool:
        return safe_url(url)


@dataclass
class Checked:
    site: Site
    problems: list[Problem] = field(default_factory=list)
    project: Project | None = None  # the root and its mkdocs.yml, read once; None when that file is broken

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(root: Path, preview: bool = False, cache: StoryCache | None = None, keep: bool = False) -> Checked:
    """Load and validate everything, including the root's mkdocs.yml. With `keep`, each
    story's checks are kept in the work folder by the digest of its bytes, and reused by the
    next run for every story that did not change (`validate` and `build`)."""
    project, broken = None, None
    try:
        project = Project.open(root)
    except ConfigError as exc:
        broken = Problem("mkdocs.yml", exc.line, exc.message, "fix the YAML or remove mkdocs.yml")
    languages = project.languages if project is not None else (DEFAULT_LANGUAGE,)
    committed = _committed_work_folder(root)
    checked = _checked_stories(root, preview, languages) if keep and not committed else None
    site, problems = load(root, preview=preview, cache=cache, checks=EditorChecks(), checked=checked,
                          languages=languages)
    if checked is not None:
        checked.save()
    if committed:
        problems.append(Problem(WORK_DIR, 1, f"{WORK_DIR}/ is in the repository: it is the build's work folder, "
                                "and what it holds is trusted as the build's own",
                                f"remove it with: git rm -r --cached {WORK_DIR}, and add {WORK_DIR}/ to .gitignore"))
    if project is None:
        problems.append(broken)  # type: ignore[arg-type]
    else:
        problems.extend(config_text.check(root))  # text that pages, feeds and email print
        try:
            admin_settings(project)  # the browser editor's settings: wrong ones stop `validate`, not the build
        except AdminError as exc:
            problems.append(Problem("mkdocs.yml", _line_of(root / "mkdocs.yml", "admin:"), str(exc),
                                    "write admin: false, or backend:, publish_mode:, local_backend: under it"))
    return Checked(site, problems, project)


def _committed_work_folder(root: Path) -> bool:
    """Whether git tracks files in the work folder. Its caches are the build's own (CI keeps
    them between runs), so one that arrives by pull request must never be read."""
    if not (root / WORK_DIR).exists():
        return False
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", WORK_DIR],
                                capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False  # no git: nothing arrives by pull request
    return listed.returncode == 0 and bool(listed.stdout)


def _checked_stories(root: Path, preview: bool, languages: tuple[str, ...]) -> CheckedStories:
    """The kept checks, valid while every content file, site-builder and the checks are the same."""
    contained = Root.of(root)
    parts = []
    for found in contained.files(root / "content"):
        if not isinstance(found, OutsideRoot):  # reported by the loader, never read
            try:
                parts.append((contained.rel(found), found.read_bytes()))
            except OSError:
                parts.append((contained.rel(found), b"unreadable"))
    extra = f"{__version__}|{_code_digest()}|{EditorChecks.__name__}|preview={preview}|languages={','.join(languages)}"
    return CheckedStories(Paths(root).checked_stories, context_digest(parts, extra))


@functools.cache
def _code_digest() -> str:
    """The digest of site-builder's own code: a check that changes without a new version
    number (a development checkout, a patched install) must not reuse an old result."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _line_of(path: Path, text: str) -> int:
    """The first line of `path` that contains `text`; 1 when none does."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if text in line:
            return number
    return 1
