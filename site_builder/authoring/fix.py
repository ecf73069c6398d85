"""`site-builder fix`: rewrite stories into the current interview syntax, in place.

An upgrade may make validation stricter, but a story that built before must never be left
failing without one command that repairs it. This module applies exactly the rewrites that
validation proposes in its hints (`body_checks.speaker_findings` is the one owner of what a
speaker label is and what it should become), so what `validate` points at and what `fix`
changes cannot drift apart. What needs an editor's judgement (a speaker nobody knows, an award
year) is left alone and listed.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.body_checks import Cast, Directory, Finding, speaker_findings
from ..model.loader import Loader
from ..model.problems import Problem, Problems
from ..model.sources import read_text, split_front_matter
from ..model.yamlsrc import YamlProblem, parse

_SHOWN = 60


@dataclass(frozen=True)
class Change:
    """One rewrite, as `fix` lists it: `path:line: old → new`."""

    path: str  # relative to the content root, forward slashes
    line: int  # 1-based, in the file before the change
    old: str
    new: str

    def text(self) -> str:
        return f"{self.path}:{self.line}: {_short(self.old)} → {_short(self.new)}"


@dataclass
class Outcome:
    """What one `fix` run did: the changes (written unless it was a dry run), and what it left."""

    changes: list[Change] = field(default_factory=list)
    left: list[Problem] = field(default_factory=list)  # errors only an editor can settle
    stories: set[str] = field(default_factory=set)  # the stories that changed


class NotAStory(ValueError):
    """A path given to `fix` that is no story file or folder under `stories/`."""


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN].rsplit(" ", 1)[0] + " …"


def apply(lines: list[str], findings: Iterable[Finding]) -> tuple[list[str], list[tuple[Finding, str, str]]]:
    """The body lines with every rewritable finding applied, and (finding, old, new) for each.
    Findings are applied from the last line up so earlier line numbers stay true."""
    chosen: list[Finding] = []
    taken = -1
    for finding in sorted((f for f in findings if f.lines), key=lambda f: f.index):
        if finding.index > taken:  # two rewrites never overlap; a second run picks up the rest
            chosen.append(finding)
            taken = finding.end - 1
    out = list(lines)
    done = []
    for finding in reversed(chosen):
        old = " ".join(line.strip() for line in out[finding.index:finding.end] if line.strip())
        new = " ".join(line.strip() for line in finding.lines if line.strip())
        out[finding.index:finding.end] = finding.lines
        done.append((finding, old, new))
    return out, done[::-1]


@dataclass(frozen=True)
class _Story:
    """A story's body as `speaker_findings` sees it: who may speak, and where the body starts."""

    head: list[str]  # the front matter's lines, kept as they are
    body: str
    body_line: int
    cast: Cast

    @classmethod
    def read(cls, text: str, directory: Directory) -> _Story:
        """Raises `YamlProblem` or `ValueError` when the front matter cannot be read."""
        split = split_front_matter(text, Problems(""))
        if split is None:
            raise ValueError("the front matter is missing or not closed")
        root = parse(split.front, split.front_line - 1).root
        values: dict[str, Any] = root.value if root is not None and isinstance(root.value, dict) else {}
        ids = values.get("people")
        ids = ids if isinstance(ids, list) else []
        people = directory.people
        story_people = [people[i] for i in ids if isinstance(i, str) and i in people]
        kind = values.get("kind")
        kind = kind if isinstance(kind, str) else ""
        return cls(text.split("\n")[:split.body_line - 1], split.body, split.body_line,
                   Cast.of(story_people, directory, kind))

    def left(self, body: str) -> list[Finding]:
        """The errors in `body` that no rewrite settles."""
        return [f for f in speaker_findings(body, self.cast) if not f.warning and not f.lines]


def fix_story(text: str, directory: Directory,
              dry_run: bool = False) -> tuple[str, list[tuple[int, str, str]], list[Finding], int]:
    """A story's new text, its changes as (line, old, new), the errors left for an editor (at
    their lines in the new text, or in the old one for a dry run), and the body's first line."""
    story = _Story.read(text, directory)
    lines, done = apply(story.body.split("\n"), speaker_findings(story.body, story.cast))
    changes = [(story.body_line + finding.index, old, new) for finding, old, new in done]
    new_body = "\n".join(lines)
    left = story.left(story.body if dry_run else new_body)
    return "\n".join(story.head + lines), changes, left, story.body_line


def _write(path: Path, text: str) -> None:
    """Replace the file in one rename, keeping its byte-order mark and line endings."""
    raw = path.read_bytes()
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    data = (codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b"") + text.encode("utf-8")
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".fix-", suffix=".md")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _chosen(root: Path, stories: list[Path], paths: Sequence[Path]) -> list[Path]:
    """The story files `paths` name (files or folders, relative to the current folder or the
    root); all stories when none are given."""
    if not paths:
        return stories
    picked: list[Path] = []
    for given in paths:
        path = given if given.exists() or given.is_absolute() else root / given
        real = path.resolve()
        inside = [s for s in stories if s.resolve() == real or real in s.resolve().parents]
        if not inside:
            raise NotAStory(f"{given} is not a story file or folder of stories under {root / 'stories'}")
        picked.extend(s for s in inside if s not in picked)
    return picked


def fix(root: Path, paths: Sequence[Path] = (), dry_run: bool = False) -> Outcome:
    """Rewrite the stories under `root` (or those `paths` name) into the current syntax."""
    loader = Loader(root)
    site, _ = loader.load()
    outcome = Outcome()
    directory = Directory(site.people)
    for path in _chosen(root, list(loader.story_files(root / "stories")), paths):
        rel = path.relative_to(root).as_posix()
        problems = Problems(rel)
        text = read_text(path, problems)
        if text is None:
            outcome.left.extend(problems.found)  # unreadable: said once, as validation says it
            continue
        try:
            new_text, changes, left, body_line = fix_story(text, directory, dry_run)
        except (YamlProblem, ValueError):
            continue  # `validate` explains a broken front matter; there is nothing to rewrite yet
        for finding in left:
            finding.report(body_line, problems)
        outcome.left.extend(problems.found)
        if not changes:
            continue
        if not dry_run:
            try:
                _write(path, new_text)
            except OSError as error:
                outcome.left.append(Problem(rel, 1, f"cannot write the file: {error.strerror}",
                                            "check that it is not read-only, then run fix again"))
                continue
        outcome.stories.add(rel)
        outcome.changes.extend(Change(rel, line, old, new) for line, old, new in changes)
    return outcome
