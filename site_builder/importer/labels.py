"""Label candidates: the short prefix before a colon that may name who speaks.

This module only says what a paragraph's start *could* be; whether a candidate is a speaker
label is decided in `structure` from evidence across the document (it recurs, or it names a
known person, or it carries an honorific or a role). The forms read here:

- `Name:`, `**Name:**`, `**Name**:`, `*Name:*`, `NAME:`, `Mr. Name (Role):`, `Chị Hà:`, and a
  label alone on its line with the answer on the next (`rest` is then empty);
- question prefixes: `Q:`, `Q3:`, `Q3.`, `Q.`, `Question 3:`, `Câu 3:`, `Câu hỏi 3:`, `Hỏi:`,
  each optionally followed by its addressee (`Q1 to Nadia:`, `Q1: To Nadia:`, `Q4: Nadia:`),
  and a number alone on its line (`1)`, `2.`) with the question below it;
- answer prefixes that name nobody: `A:`, `A.`, `Answer:`, `Đáp:`, `Trả lời:`;
- meeting-tool timestamps in front of any of them (`[00:01:15] Karim:`, `00:01 - Karim:`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import fold

EMPHASIS = r"(?:\*\*|__|\*|_)"
# Honorifics, folded: English and Vietnamese forms of address that are not part of a name.
HONORIFICS = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "madame",
              "anh", "chi", "ong", "ba", "em", "co", "chu", "bac", "thay")
# Labels that name a role in the conversation, not a person (folded).
INTERVIEWER_WORDS = frozenset({"q", "question", "interviewer", "interview", "host", "moderator", "editor",
                               "reporter", "pv", "phong vien", "nguoi phong van", "hoi", "cau hoi", "mc",
                               "btv", "bien tap vien", "nha bao"})
ANSWER_WORDS = frozenset({"a", "answer", "dap", "tra loi", "tl"})

_TIMESTAMP = re.compile(r"^[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*(?:[-–—]\s*)?(?=\S)")
_QUESTION = re.compile(
    rf"^{EMPHASIS}?\s*(?P<word>Q|Question|Câu hỏi|Câu|Hỏi)(?=[\s\d.:)*_–—-]|$)\s*(?P<num>\d{{1,3}})?"
    rf"\s*(?:\((?P<note>(?:to|for|gửi|hỏi|cho)\s+[^()]{{1,60}})\)\s*)?"
    rf"(?P<punct>[.:)]|[-–—](?=\s))?\s*{EMPHASIS}?\s*(?P<rest>.*)$", re.IGNORECASE)
_TO = re.compile(rf"^{EMPHASIS}?\s*(?:to|for|gửi|hỏi)\s+(?P<to>[^:?.!]{{1,80}}?)\s*{EMPHASIS}?\s*:\s*{EMPHASIS}?"
                 rf"\s*(?P<rest>.*)$", re.IGNORECASE)
_BARE_TO = re.compile(rf"^{EMPHASIS}?\s*(?P<to>[^\W\d_][^:?.!,]{{0,60}}?)\s*{EMPHASIS}?\s*:\s*{EMPHASIS}?"
                      rf"\s*(?P<rest>.*)$")
_ANSWER = re.compile(rf"^{EMPHASIS}?\s*(?P<word>A|Answer|Đáp|Trả lời|TL)\s*\d{{0,3}}\s*[.:)]\s*{EMPHASIS}?"
                     rf"(?:\s+|$)(?P<rest>.*)$")
_LABEL = re.compile(
    rf"^{EMPHASIS}?\s*(?P<label>[^\W\d_][^:()*_\n]{{0,70}}?)\s*(?:\((?P<role>[^()\n]{{1,80}})\))?\s*"
    rf"{EMPHASIS}?\s*:(?!//)\s*{EMPHASIS}?\s*(?P<rest>.*)$")
_BARE_NUMBER = re.compile(rf"^{EMPHASIS}?\(?(?P<num>\d{{1,3}})[.)]{EMPHASIS}?$")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,4}[^\W\d_]?\.?$")
MAX_WORDS = 6


@dataclass(frozen=True)
class Candidate:
    """What a paragraph's start could be.

    kind: "label" (`Name:`), "question" (a question prefix) or "answer" (`A:`).
    """

    kind: str
    name: str  # as written, without emphasis, honorific or role ("ĐỖ MINH CHÂU", "Interviewer")
    honorific: str  # "Mr.", "Chị" ("" when none)
    role: str  # from "(Role)" ("" when none)
    rest: str  # the text after the prefix, inline Markdown
    number: str = ""  # "3" for `Q3:`, `Question 3:`, `Câu 3:`
    to: str = ""  # `Q1 to Nadia:`: "Nadia"; `Q4: Nadia:` gives "Nadia" with `to_bare`
    to_bare: bool = False  # the addressee had no "to": only one if it names a speaker

    @property
    def key(self) -> str:
        """The comparable form: folded, no honorific, single spaces."""
        return plain(self.name)

    @property
    def written(self) -> str:
        """The label as the editor wrote it, for messages."""
        return " ".join(part for part in (self.honorific, self.name) if part) + \
            (f" ({self.role})" if self.role else "")


def plain(name: str) -> str:
    """The comparable form of a name: emphasis and honorifics dropped, folded, single spaces."""
    words = fold(name.replace("*", " ").replace("_", " ")).replace(".", ". ").split()
    words = [w.rstrip(".") for w in words if w.rstrip(".")]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def fold_word(word: str) -> str:
    """A word as honorifics are listed: folded, without a final period ("Mr." -> "mr")."""
    return fold(word).rstrip(".")


def strip_timestamp(text: str) -> str:
    return _TIMESTAMP.sub("", text, count=1)


def candidate(text: str) -> Candidate | None:
    """The label candidate at the start of a paragraph, or None when it starts with none."""
    text = strip_timestamp(text.strip())
    bare = _BARE_NUMBER.match(text)
    if bare:  # "1)" alone on its line: the question's number, its text below
        return Candidate("question", "", "", "", "", bare.group("num"))
    return _question(text) or _answer(text) or _addressed(text) or _label(text)


def _question(text: str) -> Candidate | None:
    match = _QUESTION.match(text)
    if not match:
        return None
    word, number, punct, rest = match.group("word"), match.group("num") or "", match.group("punct"), match.group("rest")
    to = _TO.match(rest)
    note = match.group("note")
    if note and punct:  # `Question 1 (to Hoa): …`
        return Candidate("question", word, "", "", rest.strip(), number, note.split(None, 1)[1].strip())
    if not (punct or number or to):
        return None
    if word.lower() != "q" and punct not in (":", ".", ")") and not to:
        return None  # "Question everything" is a sentence, "Question 3:" a prefix
    if to:
        return Candidate("question", word, "", "", to.group("rest"), number, to.group("to").strip())
    bare = _BARE_TO.match(rest)
    if bare and len(bare.group("to").split()) <= 4 and bare.group("rest"):
        return Candidate("question", word, "", "", bare.group("rest"), number, bare.group("to").strip(), True)
    if bare and len(bare.group("to").split()) <= 4 and not bare.group("rest") and punct:
        return Candidate("question", word, "", "", "", number, bare.group("to").strip(), True)
    return Candidate("question", word, "", "", rest.strip(), number)


def _addressed(text: str) -> Candidate | None:
    """`To Lan: …` at a paragraph's start: a question to Lan if Lan is someone (`evidence`
    checks), else text ("To be honest: …")."""
    match = _TO.match(text)
    if not match or len(match.group("to").split()) > 6:
        return None
    return Candidate("question", "", "", "", match.group("rest"), "", match.group("to").strip(), True)


def _answer(text: str) -> Candidate | None:
    match = _ANSWER.match(text)
    if not match:
        return None
    return Candidate("answer", match.group("word"), "", "", match.group("rest").strip())


def _label(text: str) -> Candidate | None:
    match = _LABEL.match(text)
    if not match:
        return None
    written = " ".join(match.group("label").split())
    honorific, name = split_honorific(written)
    if not _name_like(name):
        return None
    return Candidate("label", name, honorific, " ".join((match.group("role") or "").split()),
                     match.group("rest").strip())


def split_honorific(written: str) -> tuple[str, str]:
    """("Mr.", "Tuan Bui") from "Mr. Tuan Bui"; a lone "Anh" is a name, not a form of address."""
    words = written.split()
    taken = 0
    while taken < len(words) - 1 and fold(words[taken]).rstrip(".") in HONORIFICS:
        taken += 1
    return " ".join(words[:taken]), " ".join(words[taken:])


def _name_like(name: str) -> bool:
    """Short, starting with a capital, no sentence punctuation: what a label looks like."""
    words = name.split()
    if not words or len(words) > MAX_WORDS or not words[0][:1].isupper():
        return False
    if any(ch in name for ch in "?!;\"“”[]{}<>/\\=@#|"):
        return False
    return all("." not in word or _INITIALS.match(word) or fold(word).rstrip(".") in HONORIFICS
               for word in words)


def capitalised(name: str) -> bool:
    """Every word starts with a capital (a person's name, or a label in capitals)."""
    return all(word[:1].isupper() or word.lower() in _PARTICLES or word.isdigit() for word in name.split())


_PARTICLES = frozenset({"al", "van", "de", "der", "bin", "binti", "von", "da", "di", "la", "le", "el"})


def starts_like_a_label(line: str) -> bool:
    """A line that would start a turn if its label is confirmed (for joining Markdown lines)."""
    found = candidate(line)
    if found is None:
        return False
    if found.kind != "label":
        return True
    return len(found.name.split()) <= 4 and (capitalised(found.name) or line.startswith(("*", "_")))


def is_alone(line: str) -> bool:
    found = candidate(line)
    return found is not None and not found.rest
