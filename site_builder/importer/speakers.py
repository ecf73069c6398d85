"""Who speaks: speaker labels as exports write them, and matching them to `content/people`.

Labels come as `Châu:`, `Mr. Doan Dao (Brand Marketing Manager):`, `**Name:**`, `Interviewer:`,
`Q:`, `Q1:`, `Q1: To Rasha:`, `Q4: Rasha:`. A label is matched by id, full name, short name or
a given name (first or last word: Vietnamese names put it last, Western names first), ignoring
case, titles and diacritics (đ = d), so `DR. ĐỖ MINH CHÂU`, `Chau` and `do-minh-chau` agree.
People that are not in `content/people` but introduced in the text ("Interview with Đỗ Minh Châu
(Collections Care Team Lead)", "our CHRO - Rasha Atallah") become candidates the command can
create or print a `new person` command for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Person, fold, slugify

TITLES = ("mr", "ms", "mrs", "miss", "mx", "dr", "prof")
_TITLE_RE = re.compile(rf"^(?:(?:{'|'.join(TITLES)})\.?\s+)+", re.I)
_LABEL_RE = re.compile(
    r"^(?:\*\*|__)?\s*(?P<name>[^\s:*_()@\"“”‘’'][^:*_()\n\"“”]{0,60}?)\s*"
    r"(?:\((?P<role>[^()\n]{1,80})\))?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<rest>.*)$")
_INTERVIEWER_RE = re.compile(r"^(?:interviewer|interview|host|moderator|editor|q|question)\s*(?P<num>\d+)?"
                             r"(?:\s*[-–—.]?\s*to\s+(?P<to>.+))?$", re.I)
_TO_REST_RE = re.compile(r"^(?:\*\*|__)?\s*to\s+(?P<to>[^:]{1,80}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<rest>.*)$",
                         re.I)
_SPLIT_NAMES = re.compile(r"\s*(?:,|&|\band\b|\bvà\b)\s*", re.I)
_BOTH = {"both", "all", "everyone", "both of you", "all of you", "each of you"}
_NAME_WORD = r"[^\W\d_][\w'’.-]*"
_ROLE_DASH_RE = re.compile(rf"\b(?:our|the|with)\s+(?P<role>[^.;:–—]{{2,90}}?)\s+[-–—]\s+"
                           rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})")
_NAME_ROLE_RE = re.compile(rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})\s*\((?P<role>[^()\n]{{2,80}})\)")


def plain(name: str) -> str:
    """The comparable form of a name: titles dropped, folded, single spaces."""
    name = name.replace("*", "").replace("_", " ").strip()
    return " ".join(fold(_TITLE_RE.sub("", name)).replace(".", " ").split())


@dataclass(frozen=True)
class Label:
    """`Name (Role): rest` at the start of a paragraph."""

    name: str  # as written, title kept
    role: str
    rest: str  # what follows the colon on the same line
    titled: bool  # had Mr./Ms./Dr.: a person, even if nobody by that name is known


@dataclass(frozen=True)
class InterviewerLabel:
    number: str  # "4" for Q4, "" otherwise
    to: str  # "Rasha", "Rasha and Zaid", "" : as written
    rest: str


def label(text: str) -> Label | None:
    match = _LABEL_RE.match(text)
    if not match or len(match.group("name").split()) > 6:
        return None
    name = match.group("name").strip()
    return Label(name, (match.group("role") or "").strip(), match.group("rest").strip(),
                 bool(_TITLE_RE.match(name)))


def interviewer(found: Label) -> InterviewerLabel | None:
    """`Interviewer:`, `Q:`, `Q1:`, `Q1 to Rasha:`, `Q1: To Rasha:`, `Q4: Rasha:` as one shape."""
    match = _INTERVIEWER_RE.match(found.name.replace("*", "").strip())
    if not match:
        return None
    to, rest = match.group("to") or "", found.rest
    inner = _TO_REST_RE.match(rest)
    if not to and inner:
        to, rest = inner.group("to"), inner.group("rest")
    return InterviewerLabel(match.group("num") or "", to.strip(), rest.strip())


@dataclass
class Candidate:
    """A person the text introduces who is not in `content/people` yet."""

    name: str
    role: str
    line: int
    short_name: str = ""

    @property
    def id(self) -> str:
        return slugify(self.name)


class Roster:
    """The people a label can mean: `content/people` first, then people the text introduces."""

    def __init__(self, people: dict[str, Person], text: str) -> None:
        self.people = people
        self.candidates: dict[str, Candidate] = {}
        self.folded_text = fold(text)
        self.aliases: dict[str, list[str]] = {}
        for person in people.values():
            for alias in _aliases(person.id, person.name, person.short_name):
                self.aliases.setdefault(alias, []).append(person.id)

    def introduce(self, name: str, role: str, line: int) -> str:
        """A person named with a role in the text: the known one it matches, or a candidate."""
        known = self.match(name)
        if known:
            return known
        candidate = Candidate(" ".join(_TITLE_RE.sub("", name.strip()).split()), role, line)
        if candidate.id and candidate.id not in self.candidates:
            self.candidates[candidate.id] = candidate
            for alias in _aliases(candidate.id, candidate.name, ""):
                self.aliases.setdefault(alias, []).append(candidate.id)
        return candidate.id

    def match(self, name: str) -> str:
        """The id a label means, or "": several matches are narrowed to people named in the text."""
        ids = list(dict.fromkeys(self.aliases.get(plain(name), [])))
        if len(ids) > 1:
            named = [i for i in ids if plain(self.name_of(i)) in self.folded_text]
            ids = named or ids
        return ids[0] if ids else ""

    def named_in(self, text: str) -> list[str]:
        """The people whose full name, or a given name, stands as words in `text`."""
        words = " " + " ".join(re.findall(r"\w+", plain(text))) + " "
        return list(dict.fromkeys(person_id for alias, ids in self.aliases.items() if f" {alias} " in words
                                  for person_id in ids if len(ids) == 1))

    def ambiguous(self, name: str) -> list[str]:
        ids = list(dict.fromkeys(self.aliases.get(plain(name), [])))
        named = [i for i in ids if plain(self.name_of(i)) in self.folded_text]
        return (named or ids) if len(named or ids) > 1 else []

    def name_of(self, person_id: str) -> str:
        if person_id in self.people:
            return self.people[person_id].name
        return self.candidates[person_id].name

    def is_known(self, person_id: str) -> bool:
        return person_id in self.people

    def addressees(self, written: str, speakers: list[str]) -> tuple[list[str], list[str]]:
        """("Rasha and Zaid" | "both") -> (ids found, names not found)."""
        if plain(written) in _BOTH:
            return list(speakers), []
        found, missing = [], []
        for part in _SPLIT_NAMES.split(written.strip().rstrip(":").strip()):
            if not part:
                continue
            person_id = self.match(part)
            (found if person_id else missing).append(person_id or part)
        return found, missing


def _aliases(person_id: str, name: str, short_name: str) -> set[str]:
    words = plain(name).split()
    out = {person_id, plain(person_id.replace("-", " ")), plain(name)}
    if short_name:
        out.add(plain(short_name))
    if len(words) > 1:
        out.update({words[0], words[-1]})
    return {alias for alias in out if alias}


def introductions(text: str) -> list[tuple[str, str]]:
    """(name, role) pairs an introduction gives: "Name (Role)" and "our Role - Name"."""
    found = [(m.group("name"), m.group("role")) for m in _NAME_ROLE_RE.finditer(text)]
    found += [(m.group("name"), m.group("role")) for m in _ROLE_DASH_RE.finditer(text)]
    out = []
    for name, role in found:
        words = name.split()
        while words and (not words[0][:1].isupper() or plain(words[0]) in ("interview", "with", "and", "our")):
            words = words[1:]  # "Interview with Đỗ Minh Châu": the name starts at the first capital after
        while words and not words[-1][:1].isupper():
            words = words[:-1]
        if len(words) >= 2 and all(w[:1].isupper() or w.lower() in ("al", "van", "de", "bin", "von") for w in words):
            out.append((" ".join(words), " ".join(role.split())))
    return out
