"""Which label candidates are speaker labels, who they are, and who asks the questions.

Decided by evidence across the whole document, never by a label's spelling alone:

- a candidate is a speaker label when it recurs, names a known (or introduced) person or the
  first or last word of a full name the text gives, carries an honorific or a role in parentheses, or is a word for the interviewer (`Q`, `Interviewer`,
  `PV`) or for an answer that names nobody (`A`);
- the label whose turns are questions is the interviewer, whatever it is called: the share of
  its turns whose first paragraph asks something is compared with every other label's;
- a candidate that looks like a label but has no evidence is text, and the report says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import labels, speakers
from .reader import Block
from .report import Report

INTERVIEWER = "interviewer"
SPEAKER = "speaker"
QUESTION = "question"  # a question prefix (`Q3:`, `Question 3:`): the interviewer's, whoever that is
IMPLIED = "implied"  # `A:`: an answer whose speaker comes from the question
MIN_INTERVIEWER_SHARE = 0.5
QUOTES = "\"“”‘’'"


@dataclass
class Label:
    """A block's confirmed label."""

    role: str  # INTERVIEWER, SPEAKER, QUESTION or IMPLIED
    candidate: labels.Candidate
    person: str = ""  # SPEAKER: the person's id


@dataclass
class Evidence:
    labels: dict[int, Label]  # block index -> its label
    interviewer_label: str  # how the interviewer's label was written ("" when none)

    def role(self, index: int) -> str:
        found = self.labels.get(index)
        return found.role if found else ""


def asks(text: str) -> bool:
    """Text that asks something: it ends with a question mark, once quotes, emphasis and a
    trailing note in parentheses are taken off."""
    text = text.strip().rstrip(QUOTES + "*_ ").strip()
    while text.endswith(")") and "(" in text:
        text = text[:text.rfind("(")].rstrip(QUOTES + "*_ ").strip()
    return text.endswith(("?", "？"))


def weigh(blocks: list[Block], start: int, roster: speakers.Roster, report: Report) -> Evidence:
    """Confirm labels, match them to people, and find the interviewer."""
    candidates: dict[int, labels.Candidate] = {}
    for index in range(start, len(blocks)):
        if blocks[index].kind in ("para", "heading"):
            found = labels.candidate(blocks[index].text)
            if found is not None and (blocks[index].kind == "para" or found.kind == "question"):
                candidates[index] = found
    counts = Counter(c.key for c in candidates.values() if c.kind == "label")
    confirmed: dict[int, Label] = {}
    for index, found in candidates.items():
        role = _role(found, counts, roster)
        if role:
            confirmed[index] = Label(role, found)
        elif _looks_like_a_label(found, blocks[index]):
            report.guess(blocks[index].line, f"'{found.written}:' looks like a speaker label but appears once "
                                             "and names nobody known: read as text (write `@who: ` if it is a turn)")
    _match_people(confirmed, blocks, roster, report)
    written = _interviewer(confirmed, blocks, roster, report)
    return Evidence(confirmed, written)


def _role(found: labels.Candidate, counts: Counter[str], roster: speakers.Roster) -> str:
    if found.kind == "question" and not found.name and not found.number:  # `To Lan:`: if Lan is someone
        return QUESTION if found.to and not roster.names(found.to)[1] else ""
    if found.kind == "question":
        return QUESTION
    if found.kind == "answer" or found.key in labels.ANSWER_WORDS:
        return IMPLIED
    if found.key in labels.INTERVIEWER_WORDS:
        return INTERVIEWER
    if roster.match(found.written.split(" (")[0]) or roster.match(found.name):
        return SPEAKER
    short = len(found.name.split()) <= 4
    if (found.honorific or found.role) and labels.capitalised(found.name):
        return SPEAKER
    if " " not in found.name and labels.capitalised(found.name) and roster.full_name(found.name):
        return SPEAKER  # "Ravi:" once, and the text names Ravi Menon
    if counts[found.key] >= 2 and short and labels.capitalised(found.name):
        return SPEAKER
    return ""


def _looks_like_a_label(found: labels.Candidate, block: Block) -> bool:
    return found.kind == "label" and len(found.name.split()) <= 3 and labels.capitalised(found.name) \
        and (not found.rest or block.text.startswith(("*", "_")) or found.name.isupper())


def _match_people(confirmed: dict[int, Label], blocks: list[Block], roster: speakers.Roster,
                  report: Report) -> None:
    """Each speaker label's person: a known one, or a candidate named as the label writes it."""
    reported: set[str] = set()
    for index, found in sorted(confirmed.items()):
        if found.role != SPEAKER:
            continue
        candidate = found.candidate
        line = blocks[index].line
        person = roster.match(" ".join(filter(None, (candidate.honorific, candidate.name)))) \
            or roster.match(candidate.name)
        full = roster.full_name(candidate.name) if not person and " " not in candidate.name else ""
        if full:
            person = roster.introduce(full, candidate.role, line)
            if candidate.key not in reported:
                report.guess(line, f"'{candidate.name}:' read as {full}, the one full name the text gives them")
        elif not person:
            person = roster.introduce(candidate.name, candidate.role, line)
            if candidate.key not in reported and not (candidate.role or candidate.honorific):
                report.guess(line, f"'{candidate.name}:' read as a speaker nobody introduced "
                                   f"({roster.name_of(person)})")
        elif candidate.role:
            roster.introduce(candidate.name, candidate.role, line)
        _learn_short_name(roster, person, candidate.name)
        others = [roster.name_of(i) for i in roster.ambiguous(candidate.name) if i != person]
        if others and candidate.key not in reported:
            report.guess(line, f"'{candidate.name}' read as {roster.name_of(person)}, not {', '.join(others)}")
        reported.add(candidate.key)
        found.person = person


def _learn_short_name(roster: speakers.Roster, person: str, written: str) -> None:
    """A new person's short name is the one-word form the transcript's labels use for them."""
    candidate = roster.candidates.get(person)
    words = written.split()
    if candidate is None or len(words) != 1 or candidate.short_name:
        return
    name_words = candidate.name.split()
    match = [w for w in name_words if labels.plain(w) == labels.plain(words[0])]
    if match and len(name_words) > 1:
        candidate.short_name = match[0]


def _interviewer(confirmed: dict[int, Label], blocks: list[Block], roster: speakers.Roster,
                 report: Report) -> str:
    """The label whose turns ask: by its word (`Interviewer`, `Q`), else by the share of questions."""
    words = [f for f in confirmed.values() if f.role == INTERVIEWER or (f.role == QUESTION and f.candidate.name)]
    if words:  # `Interviewer:`, `PV:`, `Q3:`: the text names its interviewer
        return words[0].candidate.written
    asked: Counter[str] = Counter()
    spoke: Counter[str] = Counter()
    first_line: dict[str, int] = {}
    for index, found in sorted(confirmed.items()):
        if found.role != SPEAKER:
            continue
        spoke[found.person] += 1
        first_line.setdefault(found.person, blocks[index].line)
        if _turn_asks(index, found, blocks, confirmed):
            asked[found.person] += 1
    if len(spoke) < 2:
        return ""
    shares = sorted(((asked[p] / spoke[p], p) for p in spoke), reverse=True)
    best_share, best = shares[0]
    if best_share < MIN_INTERVIEWER_SHARE or (len(shares) > 1 and shares[1][0] == best_share):
        return ""
    written = next(f.candidate.written for f in confirmed.values() if f.person == best)
    name = roster.name_of(best)
    for found in confirmed.values():
        if found.person == best:
            found.role = INTERVIEWER
            found.person = ""
    roster.forget(best)
    report.guess(first_line[best], f"'{written}:' read as the interviewer ({asked[best]} of its {spoke[best]} "
                                   f"turns are questions); {name} is not listed in people:")
    return written


def _turn_asks(index: int, found: Label, blocks: list[Block], confirmed: dict[int, Label]) -> bool:
    """Whether the turn starting at `index` asks: its first paragraph (the one under a label
    alone on its line) ends with '?'. Only the first: the paragraph after an answer may be an
    unlabelled question, which says nothing about who answered."""
    if found.candidate.rest:
        return asks(found.candidate.rest)
    following = index + 1
    if following < len(blocks) and following not in confirmed and blocks[following].kind == "para":
        return asks(blocks[following].text)
    addressed = confirmed.get(following)
    if addressed is not None and addressed.role == QUESTION and not addressed.candidate.name:
        return asks(addressed.candidate.rest)  # `JENNY:` alone, then `To Khang: How …?`
    return False
