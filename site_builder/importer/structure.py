"""From blocks to a story's structure: title, date line, lead, turns, sections, closing.

The order is one sequence (`build`): the title and date line are taken off the top; the
evidence (`evidence.weigh`) says which paragraphs start turns and who asks; one walk over the
blocks then fills turns; addressees, the closing and question numbers are settled last, when
the whole conversation is known. Every decision that could be wrong is reported with its line:

- a numbered paragraph or a heading between turns that asks is a question, never a list item;
- a question's addressees are settled by `addressees` once every turn is known;
- unlabelled text after a question addressed to one person (or in a one-guest interview) is
  that person's answer;
- list items, and a run of short lines after a line ending in a colon, stay lists in the turn;
- a short line with no final punctuation just before a turn is a section title (`##`);
- thanks, congratulations and announcements after the last answer are the closing.
"""

from __future__ import annotations

import re

from . import addressees, dates, evidence, labels, speakers
from .draft import Draft, ListItem, Piece, Turn
from .evidence import IMPLIED, INTERVIEWER, QUESTION, QUOTES, SPEAKER, asks
from .reader import Block
from .report import Report

SHORT_LINE = 160  # a list item from a plain-text export: longer reads as a paragraph
HEADING_MAX = 100
TITLE_MAX = 150
DATE_LINE_WINDOW = 4  # a date line sits just under the title

_CLOSING = re.compile(
    r"^(?:once again,?\s*|and\s+)?(?:thank you|thanks|many thanks|a big thank|congratulations|congrats|we thank|"
    r"we wish|best wishes|good luck|stay tuned|our thanks|nominations?\b|applications?\b.*\bopen|"
    r"(?:xin\s+)?(?:chan thanh\s+|tran trong\s+)?cam on|(?:xin\s+)?chuc mung|de cu)", re.IGNORECASE)



def build(blocks: list[Block], roster: speakers.Roster, report: Report) -> Draft:
    """The story's structure; every guess is added to `report` with its input line."""
    title, title_line, start = _title(blocks, report)
    date, date_line, blocks = _date_line(blocks, start, report)
    for block in blocks:
        if block.kind in ("para", "heading", "quote"):
            for name, role in speakers.introductions(block.text):
                roster.introduce(name, role, block.line)
    found = evidence.weigh(blocks, start, roster, report)
    walker = _Walker(blocks, found, roster, report)
    walker.run(start)
    addressees.settle(walker.parts, roster, walker.guests, report)
    closing = _closing(walker, report)
    _number(walker.parts, report)
    return Draft(title, title_line, date, date_line, walker.lead, walker.parts, closing, found.interviewer_label)


# -- the top -----------------------------------------------------------------------------------

def _title(blocks: list[Block], report: Report) -> tuple[str, int, int]:
    for index, block in enumerate(blocks[:3]):
        if block.kind == "heading" and block.level == 1:
            return block.text, block.line, index + 1
    first = blocks[0] if blocks else None
    if first is not None and first.kind == "heading" and not asks(first.text):
        return first.text, first.line, 1
    if first is not None and first.kind == "para" and len(first.text) <= TITLE_MAX \
            and not first.text.rstrip().endswith((".", ":")) and not _starts_a_turn(first, blocks) \
            and dates.date_line(first.text) is None:
        report.guess(first.line, "the first line read as the title")
        text = first.text.strip(QUOTES) if first.text[:1] in QUOTES else first.text
        return text, first.line, 1
    report.guess(0, "no title line found: 'TODO: title' written, replace it")
    return "TODO: title", 0, 0


def _starts_a_turn(first: Block, blocks: list[Block]) -> bool:
    """Whether the first line could be a turn rather than the title: a question or answer
    prefix, or a label that comes back later ("Q&A: the new branch" is a title)."""
    found = labels.candidate(first.text)
    if found is None:
        return False
    if found.kind != "label":
        return True
    later = (labels.candidate(b.text) for b in blocks[1:] if b.kind == "para")
    return any(c is not None and c.kind == "label" and c.key == found.key for c in later)


def _date_line(blocks: list[Block], start: int, report: Report) -> tuple[dates.DateLine | None, int, list[Block]]:
    """A line near the top that only gives a date: it dates the story and leaves the text."""
    for index in range(start, min(len(blocks), start + DATE_LINE_WINDOW)):
        block = blocks[index]
        if block.kind not in ("para", "heading"):
            continue
        found = dates.date_line(block.text, byline=True)
        if found:
            how = "" if found.day_given else " (no day given: the 1st)"
            note = f"; {found.note}" if found.note else ""
            report.guess(block.line, f"date line '{block.text}' read as the story's date {found.date.isoformat()}"
                                     f"{how}{note}; it is not copied into the story")
            return found, block.line, blocks[:index] + blocks[index + 1:]
    return None, 0, blocks


# -- the walk ----------------------------------------------------------------------------------

class _Walker:
    """One pass over the blocks, keeping the turn being filled."""

    def __init__(self, blocks: list[Block], found: evidence.Evidence, roster: speakers.Roster,
                 report: Report) -> None:
        self.blocks = blocks
        self.found = found
        self.roster = roster
        self.report = report
        self.lead: list[Piece] = []
        self.parts: list[Turn | Piece] = []
        self.turn: Turn | None = None
        self.question_open = False  # the current question's text is not complete yet
        self.guests = list(dict.fromkeys(f.person for f in found.labels.values() if f.role == SPEAKER))
        self.has_interviewer = any(f.role in (INTERVIEWER, QUESTION) for f in found.labels.values())

    # -- where pieces go -------------------------------------------------------------------
    def add(self, piece: Piece) -> None:
        if self.turn is not None:
            self.turn.pieces.append(piece)
        elif not self.parts:
            self.lead.append(piece)
        else:
            self.parts.append(piece)

    def start(self, turn: Turn) -> None:
        self.turn = turn
        self.parts.append(turn)
        self.question_open = False

    def end(self) -> None:
        self.turn = None
        self.question_open = False

    def run(self, start: int) -> None:
        index = start
        while index < len(self.blocks):
            index = self.step(index)

    def step(self, index: int) -> int:
        block = self.blocks[index]
        label = self.found.labels.get(index)
        if label is not None:
            return self.labelled(index, label)
        if block.kind == "item":
            return self.items(index)
        if block.kind == "heading":
            return self.heading(index)
        if block.kind == "rule":
            self.end()
            self.add(Piece("rule", block.line, "---"))
            return index + 1
        if block.kind in ("quote", "code", "picture"):
            self.add(Piece(block.kind, block.line, block.text, emphasis=block.emphasis))
            return index + 1
        return self.paragraph(index)

    def labelled(self, index: int, label: evidence.Label) -> int:
        block, candidate = self.blocks[index], label.candidate
        if label.role in (INTERVIEWER, QUESTION):
            if self.question_open and self.turn is not None and not self.turn.pieces and not candidate.number:
                return self.complete(index, candidate)  # `1)` then `To Lan: …` on the next line
            return self.question(index, candidate.rest, candidate.number, candidate.to, candidate.to_bare)
        person = label.person if label.role == SPEAKER else self.implied(block)
        if not person:
            self.add(Piece("para", block.line, candidate.rest))
            return index + 1
        self.start(Turn(block.line, False, 0, person, []))
        if candidate.rest:
            return self.add_paragraph(index, candidate.rest, block.emphasis)
        return index + 1

    def implied(self, block: Block) -> str:
        """`A:` names nobody: the one person the question was for, the one guest, or the only
        person named at the top of the text."""
        last = next((p for p in reversed(self.parts) if isinstance(p, Turn) and p.question), None)
        if last is not None and len(last.addressees) == 1:
            return last.addressees[0]
        if len(self.guests) == 1:
            self.report.guess(block.line, f"'A' read as {self.roster.name_of(self.guests[0])}, the only person "
                                          "who answers in this text")
            return self.guests[0]
        named = self.roster.named_in(" ".join(b.text for b in self.blocks[:3]))
        if len(named) == 1:
            self.report.guess(block.line, f"'A' read as {self.roster.name_of(named[0])}, the only person "
                                          "named at the top")
            return named[0]
        self.report.guess(block.line, "an answer with no name: kept as text; write `@who: ` before it")
        return ""

    # -- questions -------------------------------------------------------------------------
    def question(self, index: int, text: str, number: str, to: str, to_bare: bool) -> int:
        block = self.blocks[index]
        if to and to_bare and not self.roster.match(to):
            text, to = f"{to}: {text}".strip(), ""  # `Q: Budgets: where do they start?`
        turn = Turn(block.line, True, 0, "", [], written_number=number)
        self.start(turn)
        if to:
            addressees.address(turn, to, block.line, "", self.roster, self.report)
        if text:
            turn.pieces.append(Piece("para", block.line, text))
        self.question_open = not asks(text)
        return index + 1

    def complete(self, index: int, candidate: labels.Candidate) -> int:
        """The text (and addressee) of a question whose number stood alone on the line before."""
        assert self.turn is not None
        block = self.blocks[index]
        if candidate.to and (not candidate.to_bare or self.roster.match(candidate.to)):
            addressees.address(self.turn, candidate.to, block.line, "", self.roster, self.report)
            text = candidate.rest
        else:
            text = block.text
        if text:
            self.turn.pieces.append(Piece("para", block.line, text))
        self.question_open = not asks(text)
        return index + 1

    # -- paragraphs ------------------------------------------------------------------------
    def paragraph(self, index: int) -> int:
        block = self.blocks[index]
        if self.question_open and self.turn is not None and self.turn.question:
            if self.turn.pieces:  # a question in two paragraphs: say so, it may be the answer instead
                self.report.guess(block.line, "read as the second paragraph of a question (the one before it "
                                              "does not ask)")
            self.turn.pieces.append(Piece("para", block.line, block.text))
            self.question_open = not asks(block.text) and len(self.turn.pieces) < 2
            return index + 1
        if self.asks_between_turns(index):
            how = f"in {'bold' if block.emphasis == 'strong' else 'italics'}" if block.emphasis \
                else "just before an answer"
            self.report.guess(block.line, f"'{_short(block.text)}' read as a question (it asks, {how})")
            preamble = self.preamble(index)
            following = self.question(index, block.text, "", "", False)
            if preamble is not None and self.turn is not None:
                self.turn.pieces.insert(0, preamble)
                self.report.guess(preamble.line, f"'{_short(preamble.text)}' read as the start of that question")
            return following
        if self.turn is not None and self.turn.question and not self.question_open:
            self.implicit_answer(block)
        elif (self.turn is None or not self.turn.question) and self.is_section_title(index):
            return self.section(index)
        return self.add_paragraph(index, block.text, block.emphasis)

    def preamble(self, index: int) -> Piece | None:
        """"Last question, for both of you." on its own line before an unlabelled question: the
        question's first words, not the end of the answer before it (taken off that answer)."""
        turn = self.turn
        if turn is None or turn.question or len(turn.pieces) < 2 or index in self.found.labels:
            return None
        last = turn.pieces[-1]
        previous = self.blocks[index - 1]
        if last.kind != "para" or last.line != previous.line or asks(last.text) or len(last.text) > HEADING_MAX:
            return None
        folded = labels.plain(last.text)
        if not (addressees.GROUP.search(folded) or re.search(r"\b(?:question|cau hoi)\b", folded)):
            return None
        return turn.pieces.pop()

    def add_paragraph(self, index: int, text: str, emphasis: str) -> int:
        self.add(Piece("para", self.blocks[index].line, text, emphasis=emphasis))
        if _ends_with_colon(text):
            return self.short_line_list(index + 1)
        return index + 1

    def asks_between_turns(self, index: int) -> bool:
        """An unlabelled paragraph that asks and is followed by a labelled answer, when the
        text has no interviewer label: bold or italic questions, or plain ones."""
        block = self.blocks[index]
        if not asks(block.text) or (self.has_interviewer and not block.emphasis) or not self.guests:
            return False
        following = self.found.labels.get(index + 1)
        answered = following is not None and following.role in (SPEAKER, IMPLIED)
        return answered and (bool(block.emphasis) or self.turn is None or not self.turn.question)

    def implicit_answer(self, block: Block) -> None:
        assert self.turn is not None
        number = sum(1 for p in self.parts if isinstance(p, Turn) and p.question)
        who = self.turn.addressees[0] if len(self.turn.addressees) == 1 else ""
        why = "to whom it was addressed"
        if not who and len(self.guests) == 1 and not self.turn.group:
            who, why = self.guests[0], "the only person who answers in this text"
        if who:
            self.start(Turn(block.line, False, 0, who, []))
            self.report.guess(block.line, f"unlabelled text after Q{number} read as the answer of "
                                          f"{self.roster.name_of(who)}, {why}")
        else:
            self.report.guess(block.line, f"text after Q{number} has no speaker label: kept in the "
                                          "question; write `@who: ` before the answer")

    def is_section_title(self, index: int) -> bool:
        block = self.blocks[index]
        if not _heading_like(block.text) or block.emphasis == "em" or index + 1 >= len(self.blocks):
            return False
        following = self.blocks[index + 1]
        if index + 1 in self.found.labels or following.kind == "heading":
            return self.turn is not None or bool(self.parts) or index + 1 in self.found.labels
        if following.kind != "para" or index + 1 in self.found.labels:
            return False
        if self.turn is None and not self.parts and index > 0:  # between paragraphs of a lead
            previous = self.blocks[index - 1]
            return previous.kind == "para" and previous.text.rstrip(QUOTES + "*_ ").endswith((".", "!", "?")) \
                and labels.candidate(block.text) is None
        return bool(self.parts) and len(following.text) >= 2 * HEADING_MAX

    def heading(self, index: int) -> int:
        block = self.blocks[index]
        if asks(block.text) and (self.parts or self.found.labels):
            self.report.guess(block.line, f"heading '{_short(block.text)}' read as a question (it asks)")
            return self.question(index, block.text, "", "", False)
        self.end()
        self.parts.append(Piece("heading", block.line, block.text))
        return index + 1

    def section(self, index: int) -> int:
        block = self.blocks[index]
        self.report.guess(block.line, f"'{block.text}' read as a section title (## heading)")
        self.end()
        self.parts.append(Piece("heading", block.line, block.text))
        return index + 1

    # -- lists -----------------------------------------------------------------------------
    def items(self, index: int) -> int:
        end = self.list_end(index)
        if end - index == 1 and self.numbered_question(index):
            block = self.blocks[index]
            self.report.guess(block.line, f"'{block.marker} {_short(block.text)}' read as a question, not a "
                                          "list item (a numbered paragraph between turns)")
            candidate = labels.candidate(block.text)
            if candidate is not None and candidate.kind == "question":
                return self.question(index, candidate.rest, block.marker.rstrip(".)"), candidate.to,
                                     candidate.to_bare)
            to = addressees.TO_PREFIX.match(block.text)
            if to:
                return self.question(index, to.group("rest"), block.marker.rstrip(".)"), to.group("to"), False)
            return self.question(index, block.text, block.marker.rstrip(".)"), "", False)
        if self.question_open:
            self.question_open = False
        elif self.turn is not None and self.turn.question:
            self.implicit_answer(self.blocks[index])
        items = [ListItem(b.text, b.level, b.ordered) for b in self.blocks[index:end]]
        self.add(Piece("list", self.blocks[index].line, items=items))
        return end

    def list_end(self, index: int) -> int:
        """Where the list starting at `index` ends: at a block that is not an item, at an outer
        item with another kind of marker (`-` then `5.`: two lists), or before a last item that
        asks and is answered (a numbered question right after a list)."""
        first = self.blocks[index]
        end = index + 1
        while end < len(self.blocks) and self.blocks[end].kind == "item" and end not in self.found.labels:
            item = self.blocks[end]
            if item.level == first.level and _marker_kind(item.marker) != _marker_kind(first.marker):
                break
            end += 1
        last = self.blocks[end - 1]
        if end - index > 1 and asks(last.text) and last.level == 0 and self.answered(end):
            end -= 1
        return end

    def answered(self, index: int) -> bool:
        following = self.found.labels.get(index)
        return following is not None and following.role in (SPEAKER, IMPLIED)

    def numbered_question(self, index: int) -> bool:
        """One numbered (or bulleted) paragraph that is not introduced by a colon and is followed
        by an answer, or asks: a question the transcript numbered."""
        block = self.blocks[index]
        previous = self.blocks[index - 1] if index else None
        if previous is not None and previous.kind in ("para", "quote") and _ends_with_colon(previous.text):
            return False
        following = self.found.labels.get(index + 1)
        answered = following is not None and following.role in (SPEAKER, IMPLIED)
        if not block.ordered:
            return answered and asks(block.text) and not self.has_interviewer
        return answered or (asks(block.text) and (self.turn is None or not self.turn.question))

    def short_line_list(self, index: int) -> int:
        """After a line ending in ':', a run of two or more short lines is a list (a plain-text
        export of a Word list)."""
        end = index
        while end < len(self.blocks) and end not in self.found.labels and self.blocks[end].kind == "para" \
                and _list_like(self.blocks[end].text):
            end += 1
        following = self.found.labels.get(end)
        if end - index >= 3 and self.turn is not None and following is not None \
                and following.person == self.turn.speaker and _heading_like(self.blocks[end - 1].text):
            end -= 1  # one speaker twice in a row: the line between the answers is a section title
        if end - index < 2:
            return index
        first, last = self.blocks[index], self.blocks[end - 1]
        self.add(Piece("list", first.line, items=[ListItem(b.text, 0, False) for b in self.blocks[index:end]]))
        self.report.guess(first.line, f"{end - index} short lines after a colon read as a list "
                                      f"(lines {first.line}-{last.line})")
        return end


# -- after the walk ----------------------------------------------------------------------------

def _closing(walker: _Walker, report: Report) -> list[Piece]:
    """Thanks, congratulations, announcements and an editor's note after the last answer."""
    parts = walker.parts
    turns = [p for p in parts if isinstance(p, Turn)]
    if not turns:
        return []
    last = turns[-1]
    after = parts[parts.index(last) + 1:]
    closing: list[Piece] = []
    if last.question and not any(asks(p.text) for p in last.pieces if p.kind == "para") \
            and any(_CLOSING.match(labels.plain(p.text)) for p in last.pieces if p.kind == "para"):
        parts.remove(last)
        report.guess(last.line, "the interviewer's last words are thanks, not a question: kept as the closing")
        closing = list(last.pieces)
    else:
        cut = _closing_start(last)
        if cut is not None:
            closing = last.pieces[cut:]
            del last.pieces[cut:]
            report.guess(closing[0].line, "closing remarks kept out of the last answer (after a '---' line)")
    trailing = [p for p in after if isinstance(p, Piece) and p.kind != "rule"]
    ruled = any(isinstance(p, Piece) and p.kind == "rule" for p in after[:1])
    closes = trailing and trailing[0].kind == "para" and (
        ruled or trailing[0].emphasis == "em" or _CLOSING.match(labels.plain(trailing[0].text)))
    if not closes and not closing:
        return []  # a section after the last turn ("In closing…") is content, not a closing
    if trailing and not closing:
        report.guess(trailing[0].line, "text after the last turn kept as the closing (after a '---' line)")
    for piece in after:
        parts.remove(piece)
    return closing + trailing


def _closing_start(last: Turn) -> int | None:
    for position, piece in enumerate(last.pieces):
        if position and piece.kind == "para" and _CLOSING.match(labels.plain(piece.text)):
            return position
    final = last.pieces[-1] if len(last.pieces) > 1 else None
    if final is not None and final.kind == "para" and final.emphasis == "em":
        return len(last.pieces) - 1  # an editor's note in italics
    return None


def _number(parts: list[Turn | Piece], report: Report) -> None:
    number = 0
    for part in parts:
        if isinstance(part, Turn) and part.question:
            number += 1
            part.number = number
            if part.written_number and part.written_number != str(number):
                report.guess(part.line, f"question {part.written_number} in the text is Q{number} in the story "
                                        "(questions are numbered in order)")


# -- shapes of text ----------------------------------------------------------------------------

def _marker_kind(marker: str) -> str:
    """"-" bullets, "1" numbers, "a" letters: a change of kind starts another list."""
    if not marker or not marker[0].isalnum():
        return "-"
    return "1" if marker[0].isdigit() else "a"


def _ends_with_colon(text: str) -> bool:
    return text.rstrip(" *_" + QUOTES).endswith(":")


def _heading_like(text: str) -> bool:
    words = text.split()
    return (len(text) <= HEADING_MAX and 1 <= len(words) <= 14 and text[:1].isupper()
            and not text.rstrip().endswith((".", ",", ";", ":", "!", "?", "\"", "”", "'"))
            and text[:1] not in QUOTES)


def _list_like(text: str) -> bool:
    return len(text) <= SHORT_LINE and not text.rstrip().endswith((":", "…", "...", "?")) \
        and labels.candidate(text) is None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"
