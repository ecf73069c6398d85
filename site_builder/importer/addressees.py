"""Whom a question is for, settled once the whole conversation is known.

From the question's own words, in this order: `to X` in its label or at its start, a note in
parentheses ("(to Hoa)", "(to both)"), a phrase for several people ("for both of you", "cả
hai"), or a vocative ("Bảo, …", "Em Nghĩa, em Đạt và anh Khang, …", "Chị Bích thì sao?").
A group means the people who answer it, in the order the text first names them. Every
addressee read from anything but an explicit `to X` is in the report.
"""

from __future__ import annotations

import re

from . import labels, speakers
from .draft import Piece, Turn
from .evidence import QUOTES
from .report import Report

# Phrases that address a question to several people (matched on folded text). "for both" must
# end there ("for both audiences" addresses nobody); "both of you" may stand anywhere.
GROUP = re.compile(
    r"\b(?:(?:both|all|each|all\s+(?:two|three|four|five))\s+of\s+you|"
    r"(?:to|for)\s+(?:both|everyone|each|all(?:\s+(?:two|three|four|five))?)(?=\s*(?:[).,:;?!]|$))|"
    r"ca\s+(?:hai|ba|bon|nam)|hai\s+(?:anh|chi)(?:\s+(?:anh|chi|em))?|moi\s+nguoi)\b", re.IGNORECASE)
_GROUP_SIZE = {"both": 2, "two": 2, "hai": 2, "three": 3, "ba": 3, "four": 4, "bon": 4, "five": 5, "nam": 5}
_NOTE = re.compile(r"\s*\((?P<note>[^()]{1,60})\)\s*")
NOTE_TO = re.compile(r"^(?:to|for|gửi|hỏi|cho)\s+(?P<to>.+?)[.:!]?$", re.IGNORECASE)
TO_PREFIX = re.compile(r"^(?:to|for|gửi)\s+(?P<to>[^:?.!]{1,80}?)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_VOCATIVE_MAX = 90  # "Em Nghĩa, em Đạt và anh Khang, …": the names before the question
_CALLING = re.compile(r"^(?:thưa|dear|so)\s+|\s+ơi$", re.IGNORECASE)


def address(turn: Turn, written: str, line: int, how: str, roster: speakers.Roster, report: Report) -> None:
    """Set whom `turn` asks, from names as written ("Nadia and Karim") or a group ("both")."""
    if GROUP.search(labels.plain(written)) or GROUP.search("to " + labels.plain(written)):
        turn.group = written
        return
    found, missing = roster.names(written)
    for name in missing:
        found.append(roster.introduce(name, "", line))
        report.guess(line, f"'{name}' in a question's addressees is nobody known: read as a new person")
    turn.addressees = [p for p in dict.fromkeys(found) if p]
    for part, person in zip(re.split(r",|&|\band\b|\bvà\b", written), found, strict=False):
        others = [roster.name_of(i) for i in roster.ambiguous(part.strip()) if i != person]
        if others:
            report.guess(line, f"'{part.strip()}' in a question read as {roster.name_of(person)}, "
                               f"not {', '.join(others)}")
    if how:
        names = " and ".join(roster.name_of(p) for p in turn.addressees)
        report.guess(line, f"a question read as addressed to {names} ({how})")


def settle(parts: list[Turn | Piece], roster: speakers.Roster, guests: list[str], report: Report) -> None:
    """Notes and phrases in the question's text, vocatives; "both" means those who answer."""
    turns = [p for p in parts if isinstance(p, Turn)]
    for position, turn in enumerate(turns):
        if not turn.question:
            continue
        _from_text(turn, roster, guests, report)
        if turn.group:
            _group(turn, turns[position + 1:], roster, guests, report)


def _from_text(turn: Turn, roster: speakers.Roster, guests: list[str], report: Report) -> None:
    first = next((p for p in turn.pieces if p.kind == "para"), None)
    if first is None:
        return
    for note in _NOTE.finditer(first.text):
        inner = note.group("note").strip()
        to = NOTE_TO.match(inner)
        if to or GROUP.search(labels.plain(inner)):
            first.text = " ".join((first.text[:note.start()] + " " + first.text[note.end():]).split())
            first.text = re.sub(r"\s+([?.!,:])", r"\1", first.text)
            if not turn.addressees and not turn.group:
                address(turn, to.group("to") if to else inner, turn.line, f"the note '({inner})'", roster, report)
            break
    prefix = TO_PREFIX.match(first.text)
    if prefix and not turn.addressees and not turn.group and roster.names(prefix.group("to"))[0]:
        first.text = prefix.group("rest")
        address(turn, prefix.group("to"), turn.line, f"'To {prefix.group('to')}:'", roster, report)
    if turn.addressees or turn.group:
        return
    group = GROUP.search(labels.plain(first.text))
    if group:
        turn.group = group.group(0)
        return
    vocative = _vocative(first.text.strip(QUOTES), roster) or _called(first.text, roster, guests)
    if vocative:
        address(turn, vocative, turn.line, "its first words", roster, report)


def _vocative(text: str, roster: speakers.Roster) -> str:
    """The names a question starts by calling, up to the comma after the last of them."""
    head = text[:_VOCATIVE_MAX]
    for comma in reversed([i for i, ch in enumerate(head) if ch == ","]):
        called = _CALLING.sub("", head[:comma].strip())
        if not called or any(len(part.split()) > 4 for part in re.split(r",|\band\b|\bvà\b", called)):
            continue
        found, missing = roster.names(called)
        if found and not missing:
            return called
    return ""


def _called(text: str, roster: speakers.Roster, guests: list[str]) -> str:
    """"Chị Bích thì sao?": an honorific and a guest's name open the question, no comma needed
    (Vietnamese calls people this way)."""
    words = text.strip(QUOTES).split()
    if len(words) < 3 or labels.fold_word(words[0]) not in labels.HONORIFICS:
        return ""
    name = words[1].strip(",.?!:")
    person = roster.match(name)
    return f"{words[0]} {name}" if person and person in guests else ""


def _group(turn: Turn, after: list[Turn], roster: speakers.Roster, guests: list[str], report: Report) -> None:
    """"to both": the people who answer it, in the order the text first names them."""
    answering: list[str] = []
    for following in after:
        if following.question:
            break
        if following.speaker not in answering:
            answering.append(following.speaker)
    size = next((n for word, n in _GROUP_SIZE.items() if re.search(rf"\b{word}\b", labels.plain(turn.group))), 0)
    if len(answering) < 2 and len(guests) >= 2:
        answering = list(guests) if not size or size == len(guests) else answering
    if size and len(answering) != size:
        report.guess(turn.line, f"'{turn.group}' names {size} people but {len(answering)} answer: "
                                "check the question's addressees")
    if len(answering) < 2:
        report.guess(turn.line, f"'{turn.group}': could not tell who is addressed; write `to @a and @b`")
        return
    order = {person: position for position, person in enumerate(guests)}
    turn.addressees = sorted(answering, key=lambda person: order.get(person, len(order)))
    names = " and ".join(roster.name_of(p) for p in answering)
    report.guess(turn.line, f"'{turn.group}' read as addressed to {names} (those who answer it)")
