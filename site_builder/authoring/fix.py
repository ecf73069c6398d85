"""`site-builder fix`: rewrite stories into the current interview syntax, in place.

An upgrade may make validation stricter, but a story that built before must never be left
failing without one command that repairs it. This module applies exactly the rewrites that
validation proposes in its hints (`body_checks.speaker_findings` and `glued_findings` own what
a speaker label, a bulleted turn or a glued line is and what it should become), so what
`validate` points at and what `fix` changes cannot drift apart. Among those, what needs an
editor's judgement (a speaker nobody in content/people answers to) is left alone and listed.
Other errors, such as an award dated after its story or an interview with no turns at all,
have no mechanical fix: `validate` reports them.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.body_checks import Cast, Directory, Finding, glued_findings, prose, speaker_findings
from ..model.loader import Loader
from ..model.problems import Problem, Problems
from ..model.sources import read_text, split_front_matter
from ..model.yamlsrc import Node, YamlProblem, parse

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
        if not finding.lines[0] and out[finding.index].strip():
            new = f"(empty line) {new}"  # the change is the empty line: show it
        out[finding.index:finding.end] = finding.lines
        done.append((finding, old, new))
    return out, done[::-1]


_FLOW_PEOPLE = re.compile(r"^(?P<head>\s*people\s*:\s*\[)(?P<ids>[^\]\n]*)\](?P<tail>\s*(?:#.*)?)$")
_BLOCK_ITEM = re.compile(r"^(?P<dash>\s*-\s+)[^\s#]+\s*(?:#.*)?$")


@dataclass(frozen=True)
class _Story:
    """A story as `speaker_findings` sees it: who may speak, and where the body starts."""

    head: list[str]  # the front matter's lines, '---' to '---'
    body: str
    body_line: int
    cast: Cast
    people: Node | None  # the 'people:' value as written, to add a speaker to it
    people_line: int  # the line of the 'people:' key; 0 without one

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
        has_key = root is not None and "people" in root.keys
        return cls(text.split("\n")[:split.body_line - 1], split.body, split.body_line,
                   Cast.of(story_people, directory, kind), root.child("people") if root and has_key else None,
                   root.key_line("people") if root and has_key else 0)

    def left(self) -> list[Finding]:
        """The errors that no rewrite settles: those without a corrected line, and those that
        need a speaker added to a 'people:' this cannot extend."""
        can_add = self.with_people(["someone"]) is not None
        return [f for f in self.findings() if not f.warning and (not f.lines or (f.adds and not can_add))]

    def findings(self) -> list[Finding]:
        """What validation points at in the body that a corrected line can settle, and the rest
        of the speaker findings (the same lists `validate` reports from)."""
        return speaker_findings(self.body, self.cast) + glued_findings(list(prose(self.body)))

    def with_people(self, ids: list[str]) -> tuple[list[str], tuple[int, str, str]] | None:
        """The front matter with `ids` added to 'people:', and that change as (line, old, new);
        None where 'people:' is written in a way this cannot extend without guessing."""
        head = list(self.head)
        if not self.people_line:
            head.insert(len(head) - 1, f"people: [{', '.join(ids)}]")
            return head, (len(head) - 1, "(no people:)", head[-2])
        index = self.people_line - 1
        flow = _FLOW_PEOPLE.match(head[index])
        if flow:
            written = flow.group("ids").strip()
            head[index] = f"{flow.group('head')}{', '.join(([written] if written else []) + ids)}]{flow.group('tail')}"
            return head, (self.people_line, self.head[index].strip(), head[index].strip())
        items = self.people.items if self.people is not None else []
        last = items[-1].line - 1 if items else -1
        block = _BLOCK_ITEM.match(head[last]) if items and last > index else None
        if block is None:
            return None
        head[last + 1:last + 1] = [f"{block.group('dash')}{person_id}" for person_id in ids]
        return head, (last + 2, "(end of people:)", ", ".join(f"- {person_id}" for person_id in ids))


_PASSES = 4  # one change can reveal the next (a list line glued to an answer, then a question)


def _one_pass(story: _Story) -> tuple[list[str], list[tuple[Finding, str, str]], tuple[int, str, str] | None]:
    """The story's lines after one round of rewrites, what changed in the body, and the change
    to 'people:' if a speaker had to be added."""
    findings = story.findings()
    body = story.body.split("\n")
    lines, done = apply(body, findings)
    adds = list(dict.fromkeys(finding.adds for finding, _, _ in done if finding.adds))
    edited = story.with_people(adds) if adds else None
    if adds and edited is None:  # leave those speakers to the editor; validation says what to add
        lines, done = apply(body, [f for f in findings if not f.adds])
    head, front = edited if edited else (story.head, None)
    return head + lines, done, front


def fix_story(text: str, directory: Directory,
              dry_run: bool = False) -> tuple[str, list[tuple[int, str, str]], list[Finding], int]:
    """A story's new text, its changes as (line, old, new), the errors left for an editor, and
    the first body line their numbers count from (in the new text, or the old one for a dry
    run). A body change is numbered by the line it had in the file as given, whatever pass
    made it; rounds repeat until nothing changes."""
    first = story = _Story.read(text, directory)
    origin = list(range(len(story.body.split("\n"))))  # each body line's index in the file as given
    changes: list[tuple[int, str, str]] = []
    for _ in range(_PASSES):
        lines, done, front = _one_pass(story)
        if not done:
            break
        changes += ([front] if front else []) + [(first.body_line + origin[finding.index], old, new)
                                                 for finding, old, new in done]
        for finding, _, _ in reversed(done):
            origin[finding.index:finding.end] = [origin[finding.index]] * len(finding.lines)
        text = "\n".join(lines)
        story = _Story.read(text, directory)
    after = first if dry_run else story
    return text, changes, after.left(), after.body_line


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
    """The story files `paths` name (files or folders, relative to the root, else to the
    current folder); all stories when none are given."""
    if not paths:
        return stories
    picked: list[Path] = []
    for given in paths:
        path = root / given if not given.is_absolute() and (root / given).exists() else given
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
