"""The story file: front matter from what the text says, the body in the interview syntax.

Front matter is inferred, never invented: principles and awards only when their names are in
the text (or given as flags), departments from the people's own files, the summary from the
lead. When no principle is known the file says so in a placeholder that validation refuses.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Site, fold
from ..model.body_checks import speaker_ref
from ..model.fields import SUMMARY_MAX
from .report import Report
from .structure import Block, Draft, Turn

# A paragraph that Markdown (or our turn markers) would read as something else.
_NEEDS_ESCAPE = re.compile(r"^(?:#{1,6}\s|[-*+]\s|\d{1,2}[.)]\s|>|@|Q\d*\s*:|---|===)")


@dataclass
class FrontMatter:
    title: str
    date: dt.date
    summary: str
    kind: str
    principles: list[str]
    departments: list[str]
    people: list[str]
    awards: list[tuple[str, int]] = field(default_factory=list)
    principle_choices: list[str] = field(default_factory=list)  # for the placeholder's note


def ref(person_id: str, site: Site) -> str:
    """How the body names a person: `@short` when the short name is one word, else `@id`."""
    person = site.people.get(person_id)
    return speaker_ref(person) if person else person_id


def people_in_order(draft: Draft) -> list[str]:
    seen: list[str] = []
    for turn in draft.turns:
        for person in ([turn.speaker] if turn.speaker else []) + turn.addressees:
            if person not in seen:
                seen.append(person)
    return seen


def _folded_words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def principles_in(text: str, site: Site, report: Report, lines: list[tuple[int, str]]) -> list[str]:
    """Principles whose name (or id as words) occurs in the text, in the order of `site`."""
    found = []
    for principle in site.principles.values():
        for name in (principle.name, principle.id.replace("-", " ")):
            needle = _folded_words(name)
            if needle.strip() and needle in _folded_words(text):
                line = next((n for n, t in lines if needle in _folded_words(t)), 0)
                report.guess(line, f"principle '{principle.id}' ({principle.name}) named in the text")
                found.append(principle.id)
                break
    return found


def awards_in(lines: list[tuple[int, str]], site: Site, report: Report) -> list[tuple[str, int]]:
    """Awards named with a year ("DNA Stars 2025"); a name without a year is only reported."""
    found: list[tuple[str, int]] = []
    for award in site.awards.values():
        pattern = re.compile(re.escape(fold(award.name)) + r"[\s,]+(?:of\s+|in\s+)?((?:19|20|21)\d\d)\b")
        named_at = 0
        for number, text in lines:
            folded = fold(text)
            match = pattern.search(folded)
            if match and (award.id, int(match.group(1))) not in found:
                found.append((award.id, int(match.group(1))))
                report.guess(number, f"award '{award.id}' {match.group(1)} named in the text")
            elif fold(award.name) in folded and not named_at:
                named_at = number
        if named_at and not any(a == award.id for a, _ in found):
            report.guess(named_at, f"'{award.name}' is named without a year: add "
                                   f"awards: [{{award: {award.id}, year: YYYY}}] if it was granted")
    return found


def summary_from(draft: Draft, report: Report) -> str:
    """The lead's first sentences, cut at a word to the summary limit (always reported)."""
    source = [b for b in draft.lead if b.kind == "para"]
    where = "the lead"
    if not source:
        source = [b for t in draft.turns for b in t.blocks if b.kind == "para"][:1]
        where = "the first answer (there is no lead)"
    text = " ".join(" ".join(b.items) for b in source)
    text = " ".join(text.replace("**", "").strip(speakers_quotes()).split())
    if not text:
        report.guess(0, "no text for a summary: 'TODO: summary' written, replace it")
        return "TODO: summary"
    cut = text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:-–—") + "…"
    report.guess(source[0].line, f"summary taken from {where}{', cut at a word' if cut != text else ''}: "
                                 "review it")
    return cut


def speakers_quotes() -> str:
    return "\"“”‘’' "


def front_matter_text(front: FrontMatter) -> str:
    def flow(values: list[str]) -> str:
        return "[" + ", ".join(values) + "]"

    lines = ["---", f"title: {json.dumps(front.title, ensure_ascii=False)}", f"date: {front.date.isoformat()}",
             f"summary: {json.dumps(front.summary, ensure_ascii=False)}", f"kind: {front.kind}"]
    if front.principles:
        lines.append(f"principles: {flow(front.principles)}")
    else:  # refused by validation ("needs at least one id") until the editor chooses
        choices = ", ".join(front.principle_choices) or "add one with site-builder new principle"
        lines.append(f"principles: []   # TODO: no principle is named in the text; choose from: {choices}")
    lines.append(f"departments: {flow(front.departments)}")
    lines.append(f"people: {flow(front.people)}")
    if front.awards:
        lines.append("awards:")
        lines.extend(f"  - {{award: {award}, year: {year}}}" for award, year in front.awards)
    lines.append("---")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return "\\" + text if _NEEDS_ESCAPE.match(text) else text


def _blocks(blocks: list[Block], first_on_marker: bool) -> list[str]:
    out: list[str] = []
    for position, block in enumerate(blocks):
        if block.kind == "list":
            out.extend(f"{n}. {item}" if block.ordered else f"- {item}" for n, item in enumerate(block.items, 1))
        elif block.kind == "heading":
            out.append(f"## {block.items[0]}")
        elif block.kind == "picture":
            out.append(block.items[0])
        else:
            text = block.items[0]
            out.append(text if position == 0 and first_on_marker else _escape(text))
        out.append("")
    return out


def _marker(turn: Turn, site: Site) -> str:
    if not turn.question:
        return f"@{ref(turn.speaker, site)}:"
    names = [f"@{ref(p, site)}" for p in turn.addressees]
    if not names:
        return f"Q{turn.number}:"
    to = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Q{turn.number} to {to}:"


def body_text(draft: Draft, site: Site) -> str:
    out: list[str] = [""]
    out.extend(_blocks(draft.lead, False))
    for part in draft.parts:
        if isinstance(part, Block):
            out.extend(_blocks([part], False))
            continue
        blocks = part.blocks
        if blocks and blocks[0].kind == "para":
            out.append(f"{_marker(part, site)} {blocks[0].items[0]}")
            out.append("")
            blocks = blocks[1:]
        else:
            out.append(f"{_marker(part, site)} …" if not part.question else _marker(part, site))
            out.append("")
        out.extend(_blocks(blocks, False))
    if draft.closing:
        out.extend(["---", ""])
        out.extend(_blocks(draft.closing, False))
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def story_path(root: Path, date: dt.date, slug: str) -> Path:
    return root / "stories" / str(date.year) / f"{slug}.md"


def write_new(path: Path, text: str) -> None:
    """Create `path`; never replaces a file (exclusive create, so a race cannot either)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
