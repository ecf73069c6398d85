"""The story file: front matter from what the text says, the body in the interview syntax.

Front matter is inferred, never invented: principles and awards from `mentions` (or flags),
departments from the people's own files, the summary from the lead. When no principle is known
the file says so in a placeholder that validation refuses. The body is written in the interview
syntax; lists keep their nesting (four spaces a level), quotes, rules and emphasis their meaning.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Site
from ..model.body_checks import speaker_ref
from ..model.fields import SUMMARY_MAX
from .draft import Draft, ListItem, Piece, Turn
from .report import Report

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
    lang: str = ""  # the language it is written in, when not the site's first (`importer.language`)


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


def summary_from(draft: Draft, report: Report) -> str:
    """The lead's first sentences, cut at a word to the summary limit (always reported)."""
    source = [p for p in draft.lead if p.kind == "para"]
    where = "the lead"
    if not source:
        source = [p for t in draft.turns if not t.question for p in t.pieces if p.kind == "para"][:1]
        where = "the first answer (there is no lead)"
    text = " ".join(p.text for p in source)
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
    if front.lang:
        lines.append(f"lang: {front.lang}")
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


def _inline(piece: Piece, question: bool = False) -> str:
    """A paragraph's text with its emphasis back on, except a question's (the badge says it)."""
    if not piece.emphasis or question:
        return piece.text
    mark = "**" if piece.emphasis == "strong" else "*"
    return f"{mark}{piece.text}{mark}"


def _list(items: list[ListItem]) -> list[str]:
    """Nested items indented four spaces a level (what Python-Markdown needs), numbered per level."""
    out: list[str] = []
    counters: dict[int, int] = {}
    for item in items:
        for deeper in [d for d in counters if d > item.depth]:
            del counters[deeper]
        counters[item.depth] = counters.get(item.depth, 0) + 1
        marker = f"{counters[item.depth]}." if item.ordered else "-"
        out.append(f"{'    ' * item.depth}{marker} {item.text}")
    return out


def _pieces(pieces: list[Piece]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if piece.kind == "list":
            out.extend(_list(piece.items))
        elif piece.kind == "heading":
            out.append(f"## {piece.text}")
        elif piece.kind == "quote":
            out.append("> " + _inline(piece))
        elif piece.kind in ("picture", "code", "rule"):
            out.append(piece.text)
        else:
            out.append(_escape(_inline(piece)))
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


def _turn(turn: Turn, site: Site) -> list[str]:
    pieces = turn.pieces
    if pieces and pieces[0].kind == "para":
        out = [f"{_marker(turn, site)} {_inline(pieces[0], turn.question)}", ""]
        pieces = pieces[1:]
    else:
        out = [f"{_marker(turn, site)} …", ""]
    return out + _pieces(pieces)


def body_text(draft: Draft, site: Site) -> str:
    out: list[str] = [""]
    out.extend(_pieces(draft.lead))
    for part in draft.parts:
        out.extend(_pieces([part]) if isinstance(part, Piece) else _turn(part, site))
    if draft.closing:
        out.extend(["---", ""])
        out.extend(_pieces(draft.closing))
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
