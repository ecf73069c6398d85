"""A story as the reader understands it, before it is written: the lead, turns, pieces, closing.

`structure` fills it, `addressees` settles whom questions are for, `writer` writes it out. Kept
apart so that each of them depends on the data, not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import DateLine


@dataclass
class ListItem:
    text: str
    depth: int
    ordered: bool


@dataclass
class Piece:
    """Body content: a paragraph, a list, a heading, a quote, a rule, code or a picture."""

    kind: str  # "para", "list", "heading", "quote", "rule", "code", "picture"
    line: int
    text: str = ""
    items: list[ListItem] = field(default_factory=list)
    emphasis: str = ""  # "strong" / "em": a paragraph wholly in bold or italics


@dataclass
class Turn:
    line: int
    question: bool
    number: int  # questions only: 1, 2, 3 in order
    speaker: str  # person id; "" for the interviewer
    addressees: list[str]
    pieces: list[Piece] = field(default_factory=list)
    written_number: str = ""  # the number the text gave it
    group: str = ""  # "(to both)", "for both of you": addressed to those who answer

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces if p.kind == "para")


@dataclass
class Draft:
    title: str
    title_line: int
    date: DateLine | None
    date_line: int
    lead: list[Piece]
    parts: list[Turn | Piece]  # turns, and headings or text outside any turn, in order
    closing: list[Piece]
    interviewer: str  # the interviewer's label as written ("" when none)

    @property
    def turns(self) -> list[Turn]:
        return [part for part in self.parts if isinstance(part, Turn)]
