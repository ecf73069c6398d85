"""From numbered paragraphs to a story's structure: title, lead, turns, sections, closing.

Exports lose the structure an editor sees in Word; these rules put it back, each one named
for the shape it recognises, and every decision that could be wrong is reported with its line:

- a label (`Doan:`, `Q1: To Rasha:`) starts a turn; questions are numbered 1, 2, 3 in order;
- a question addressed to one person and followed by unlabelled text: that text is their answer;
- bullets (`•`, `–`, `-`, `1)`, `1.`) and a run of short lines after a line ending in a colon
  (what a plain-text export leaves of a Word list) become a Markdown list;
- a short line with no final punctuation, between turns, is a section title (`##`), which also
  ends the turn before it (so a conclusion after "To conclude…" is not the last speaker's);
- "Thank you, …" / "Congratulations …" after the last turn is the closing, kept out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import speakers
from .reader import Paragraph
from .report import Report

_BULLET = re.compile(r"^(?:[•·▪◦‣●○■□➢►✓*]|[-–—](?=\s))\s*(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<num>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_CLOSING = re.compile(r"^[\"“]?(?:thank you|thanks|many thanks|congratulations|congrats|we thank)\b", re.I)
_NOTE_TO = re.compile(r"\s*\((?:to|for)\s+(?P<to>[^)]{1,60})\)\s*", re.I)
_FIRST_WORDS = re.compile(r"^(?P<name>[^\W\d_][\w’'-]*(?:\s+[^\W\d_][\w’'-]*){0,2}),\s+\S")
_QUOTES = "\"“”‘’'"
# Meeting-tool exports put a time in front of each turn: "[00:01:15] Zaid:", "00:01 - Zaid:".
_TIMESTAMP = re.compile(r"^[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*(?:[-–—]\s*)?(?=\S)")
# "Q. What …?" / "A. Curiosity." (a period instead of a colon): Q&A columns in newsletters.
_QA_DOT = re.compile(r"^(?P<qa>[QA])\s*[.)]\s+(?P<text>\S.*)$")
SHORT_LINE = 160  # a list item from a plain-text export: longer reads as a paragraph
HEADING_MAX = 100


@dataclass
class Block:
    """Body content: a paragraph, a list, a `##` heading or a picture."""

    kind: str  # "para", "list", "heading", "picture"
    line: int
    items: list[str]  # one text for a paragraph, heading or picture; the items of a list
    ordered: bool = False


@dataclass
class Turn:
    line: int
    question: bool
    number: int  # questions only: 1, 2, 3 in order
    speaker: str  # person id; "" for the interviewer
    addressees: list[str]
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Draft:
    title: str
    title_line: int
    lead: list[Block]
    parts: list[Turn | Block]  # turns, and headings or text outside any turn, in order
    closing: list[Block]

    @property
    def turns(self) -> list[Turn]:
        return [part for part in self.parts if isinstance(part, Turn)]


@dataclass
class _Item:
    """A classified paragraph."""

    kind: str  # "question", "answer", "item", "text", "heading", "title", "picture", "numq"
    para: Paragraph
    text: str = ""
    person: str = ""
    to: str = ""  # a question's addressees as written
    number: str = ""
    ordered: bool = False


def _strip_quotes(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def _ends_with_colon(text: str) -> bool:
    return text.rstrip(" " + _QUOTES).endswith(":")


def _heading_like(text: str) -> bool:
    words = text.split()
    return (len(text) <= HEADING_MAX and 1 <= len(words) <= 14 and text[:1].isupper()
            and not text.rstrip().endswith((".", ",", ";", ":", "!", "?", "\"", "”", "'"))
            and text[:1] not in _QUOTES)


def _list_like(text: str) -> bool:
    return len(text) <= SHORT_LINE and not text.rstrip().endswith((":", "…", "...", "?"))


def classify(paragraphs: list[Paragraph], roster: speakers.Roster, report: Report) -> list[_Item]:
    """Name each paragraph's role; labels are matched to people as they are met."""
    paragraphs = [Paragraph(p.line, _TIMESTAMP.sub("", p.text), p.kind) for p in paragraphs]
    labels = [speakers.label(p.text) for p in paragraphs]
    standalone = [speakers.plain(found.name) for found in labels if found and not found.rest]
    items = []
    for para, found in zip(paragraphs, labels, strict=True):
        items.append(_classify_one(para, found, standalone, roster, report))
    return items


def _classify_one(para: Paragraph, found: speakers.Label | None, standalone: list[str],
                  roster: speakers.Roster, report: Report) -> _Item:
    if para.kind in ("title", "heading", "picture"):
        return _Item(para.kind, para, para.text)
    if para.kind in ("bullet", "numbered"):
        return _Item("item", para, para.text, ordered=para.kind == "numbered")
    dotted = _QA_DOT.match(para.text)
    if dotted:
        kind = "question" if dotted.group("qa") == "Q" else "answer"
        return _Item(kind, para, dotted.group("text"))
    if found is not None and speakers.plain(found.name) in ("a", "answer"):
        return _Item("answer", para, found.rest)  # who answers: worked out from the question
    if found is not None:
        asked = speakers.interviewer(found)
        if asked is not None:
            to, text = asked.to, asked.rest
            inner = speakers.label(text) if text else None
            if not to and inner and not inner.rest and roster.match(inner.name):
                to, text = inner.name, ""  # `Q4: Rasha:`, the question on the next line
            return _Item("question", para, text, to=to, number=asked.number)
        person = roster.match(found.name)
        if not person and (found.role or found.titled):
            person = roster.introduce(found.name, found.role, para.line)
        elif not person and not found.rest and standalone.count(speakers.plain(found.name)) >= 2 \
                and len(found.name.split()) <= 3 and found.name[:1].isupper():
            person = roster.introduce(found.name, "", para.line)
            report.guess(para.line, f"'{found.name}:' read as a speaker nobody introduced")
        if person:
            others = [roster.name_of(i) for i in roster.ambiguous(found.name) if i != person]
            if others:
                report.guess(para.line, f"'{found.name}' read as {roster.name_of(person)}, "
                                        f"not {', '.join(others)}")
            return _Item("answer", para, found.rest, person=person)
    bullet = _BULLET.match(para.text)
    if bullet:
        return _Item("item", para, bullet.group("text"))
    numbered = _NUMBERED.match(para.text)
    if numbered:
        kind = "numq" if _strip_quotes(numbered.group("text")).endswith("?") else "item"
        return _Item(kind, para, numbered.group("text"), number=numbered.group("num"), ordered=True)
    return _Item("text", para, para.text)


class _Builder:
    """Walks the classified paragraphs once, keeping the turn being filled."""

    def __init__(self, items: list[_Item], roster: speakers.Roster, report: Report) -> None:
        self.items = items
        self.roster = roster
        self.report = report
        self.lead: list[Block] = []
        self.parts: list[Turn | Block] = []
        self.turn: Turn | None = None
        self.questions = 0
        self.speakers: list[str] = []  # in order of appearance

    # -- where blocks go ---------------------------------------------------------------------
    def add(self, block: Block) -> None:
        if self.turn is not None:
            self.turn.blocks.append(block)
        elif not self.parts:
            self.lead.append(block)
        else:
            self.parts.append(block)

    def start(self, turn: Turn) -> None:
        self.turn = turn
        self.parts.append(turn)
        for person in ([turn.speaker] if turn.speaker else []) + turn.addressees:
            if person not in self.speakers:
                self.speakers.append(person)

    # -- the walk ----------------------------------------------------------------------------
    def run(self, start: int) -> None:
        index = start
        while index < len(self.items):
            index = self.step(index)

    def step(self, index: int) -> int:
        item = self.items[index]
        if item.kind in ("question", "numq") and not (item.kind == "numq" and self.in_list(index)):
            return self.question(index)
        if item.kind == "answer" and not item.person:
            item.person = self.implied_answerer(item)
            if not item.person:
                self.add(Block("para", item.para.line, [item.text]))
                return index + 1
        if item.kind == "answer":
            self.start(Turn(item.para.line, False, 0, item.person, []))
            if item.text:
                self.add(Block("para", item.para.line, [item.text]))
                if _ends_with_colon(item.text):
                    return self.short_line_list(index + 1)
            return index + 1
        if item.kind in ("heading", "title"):
            self.heading(item)
            return index + 1
        if item.kind == "picture":
            self.add(Block("picture", item.para.line, [item.text]))
            return index + 1
        if item.kind in ("item", "numq"):
            return self.explicit_list(index)
        if item.kind == "text" and self.is_section_title(index):
            self.heading(item)
            self.report.guess(item.para.line, f"'{item.text}' read as a section title (## heading)")
            return index + 1
        self.add(Block("para", item.para.line, [item.text]))
        if _ends_with_colon(item.text):
            return self.short_line_list(index + 1)
        return index + 1

    def implied_answerer(self, item: _Item) -> str:
        """`A:` names nobody: the one person the question was for, or the only person named
        at the top of the text (the title and the lead)."""
        last = next((p for p in reversed(self.parts) if isinstance(p, Turn) and p.question), None)
        if last is not None and len(last.addressees) == 1:
            return last.addressees[0]
        named = self.roster.named_in(" ".join(i.text for i in self.items[:3]))
        if len(named) == 1:
            self.report.guess(item.para.line, f"'A' read as {self.roster.name_of(named[0])}, the only "
                                              "person named at the top")
            return named[0]
        self.report.guess(item.para.line, "an answer with no name: kept as text; write `@who: ` before it")
        return ""

    def in_list(self, index: int) -> bool:
        previous = self.items[index - 1] if index else None
        return previous is not None and (previous.kind == "item" or
                                         (previous.kind == "text" and _ends_with_colon(previous.text)))

    def heading(self, item: _Item) -> None:
        self.turn = None  # a section title ends the turn: what follows is not that speaker's
        self.parts.append(Block("heading", item.para.line, [item.text]))

    def is_section_title(self, index: int) -> bool:
        item = self.items[index]
        if not _heading_like(item.text) or index + 1 >= len(self.items):
            return False
        following = self.items[index + 1]
        if following.kind in ("question", "answer", "numq"):
            return True
        starts_section = self.turn is not None or bool(self.parts)
        return starts_section and following.kind == "text" and len(following.text) >= 2 * HEADING_MAX

    def explicit_list(self, index: int) -> int:
        first = self.items[index]
        items = []
        while index < len(self.items) and self.items[index].kind in ("item", "numq") \
                and self.items[index].ordered == first.ordered:
            items.append(self.items[index].text)
            index += 1
        self.add(Block("list", first.para.line, items, first.ordered))
        return index

    def short_line_list(self, index: int) -> int:
        """After a line ending in ':', a run of two or more short lines is a list."""
        end = index
        while end < len(self.items) and self.items[end].kind == "text" and _list_like(self.items[end].text):
            end += 1
        if end < len(self.items) and end - index >= 3 and self.turn is not None \
                and self.items[end].kind == "answer" and self.items[end].person == self.turn.speaker \
                and _heading_like(self.items[end - 1].text):
            end -= 1  # one speaker twice in a row: the line between the answers is a section title
        if end - index < 2:
            return index
        self.add(Block("list", self.items[index].para.line, [i.text for i in self.items[index:end]]))
        self.report.guess(self.items[index].para.line,
                          f"{end - index} short lines after a colon read as a list (lines "
                          f"{self.items[index].para.line}-{self.items[end - 1].para.line})")
        return end

    def question(self, index: int) -> int:
        item = self.items[index]
        self.questions += 1
        number = self.questions
        if item.number and item.number != str(number):
            self.report.guess(item.para.line, f"question {item.number} in the text is Q{number} in the story "
                                              "(questions are numbered in order)")
        text_parts = [item.text] if item.text else []
        index += 1
        while not text_parts or (not _strip_quotes(text_parts[-1]).endswith("?") and len(text_parts) < 2):
            if index >= len(self.items) or self.items[index].kind != "text" \
                    or self.items[index].text[:1] in _QUOTES:
                break
            text_parts.append(self.items[index].text)
            index += 1
        text = " ".join(text_parts)
        to, text = self.addressed(item, text)
        self.start(Turn(item.para.line, True, number, "", to))
        if text:
            self.add(Block("para", item.para.line, [text]))
        if index < len(self.items) and self.items[index].kind == "text":
            self.implicit_answer(index, number, to)
        return index

    def addressed(self, item: _Item, text: str) -> tuple[list[str], str]:
        """Who a question is for: `to Name`, a note "(to both)", or its first words "Châu, …"."""
        written = item.to
        note = _NOTE_TO.search(text)
        if not written and note:
            written, text = note.group("to"), _NOTE_TO.sub(" ", text, count=1).strip()
        if not written:
            first = _FIRST_WORDS.match(_strip_quotes(text))
            if first and self.roster.match(first.group("name")):
                written = first.group("name")
                self.report.guess(item.para.line, f"Q{self.questions} read as addressed to "
                                                  f"{self.roster.name_of(self.roster.match(written))} "
                                                  "(its first words)")
        if not written:
            return [], text
        found, missing = self.roster.addressees(written, self.speakers_or_all())
        for name in missing:
            person = self.roster.introduce(name, "", item.para.line)
            found.append(person)
        return list(dict.fromkeys(found)), text

    def speakers_or_all(self) -> list[str]:
        """For "(to both)": the people met so far, else everyone the text introduces."""
        answering = [p for p in self.speakers]
        if len(answering) >= 2:
            return answering
        return list(dict.fromkeys(answering + [self.roster.match(c.name) or c.id
                                               for c in self.roster.candidates.values()]))

    def implicit_answer(self, index: int, number: int, to: list[str]) -> None:
        line = self.items[index].para.line
        if len(to) == 1:
            self.start(Turn(line, False, 0, to[0], []))
            self.report.guess(line, f"unlabelled text after Q{number} read as the answer of "
                                    f"{self.roster.name_of(to[0])}, to whom it was addressed")
        else:
            self.report.guess(line, f"text after Q{number} has no speaker label: kept in the question; "
                                    "write `@who: ` before the answer")


def build(paragraphs: list[Paragraph], roster: speakers.Roster, report: Report) -> Draft:
    """The story's structure; every guess is added to `report` with its input line."""
    items = classify(paragraphs, roster, report)
    title, title_line, start = _title(items, report)
    builder = _Builder(items, roster, report)
    builder.run(start)
    closing = _split_closing(builder, report)
    return Draft(title, title_line, builder.lead, builder.parts, closing)


def _title(items: list[_Item], report: Report) -> tuple[str, int, int]:
    for index, item in enumerate(items[:3]):
        if item.kind == "title":
            return item.text, item.para.line, index + 1
    if items and items[0].kind == "text" and len(items[0].text) <= 150 \
            and not items[0].text.rstrip().endswith((".", ":")):
        report.guess(items[0].para.line, "the first line read as the title")
        return _strip_quotes(items[0].text) if items[0].text[:1] in _QUOTES else items[0].text, items[0].para.line, 1
    report.guess(0, "no title line found: 'TODO: title' written, replace it")
    return "TODO: title", 0, 0


def _split_closing(builder: _Builder, report: Report) -> list[Block]:
    """"Thank you, …" in the last turn (or after it) is the interviewer's, not the speaker's."""
    turns = [p for p in builder.parts if isinstance(p, Turn)]
    if not turns:
        return []
    last = turns[-1]
    for position, block in enumerate(last.blocks):
        if position and block.kind == "para" and _CLOSING.match(block.items[0]):
            closing = last.blocks[position:]
            del last.blocks[position:]
            after = builder.parts[builder.parts.index(last) + 1:]
            del builder.parts[builder.parts.index(last) + 1:]
            closing.extend(b for b in after if isinstance(b, Block))
            report.guess(block.line, "closing remarks kept out of the last answer (after a '---' line)")
            return closing
    return []
