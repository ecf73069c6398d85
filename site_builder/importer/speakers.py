"""Who speaks: matching label names to `content/people`, and people the text introduces.

A name is matched by id, full name, short name, a given name (first or last word: Vietnamese
names put it last, Western names first) or initials, ignoring case, honorifics, titles and
diacritics (đ = d), so `DR. ĐỖ MINH CHÂU`, `Chị Châu`, `chau`, `ĐMC` and `do-minh-chau` agree.
People that are not in `content/people` but are introduced in the text ("Interview with Đỗ
Minh Châu (Collections Care Team Lead)", "our CHRO - Nadia Kassar") or that speak under a
confirmed label become candidates the command can create, or print a `new person` command for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Person, fold, slugify
from .labels import HONORIFICS, capitalised, plain, split_honorific

_SPLIT_NAMES = re.compile(r"\s*(?:,|&|\band\b|\bvà\b|\bvới\b)\s*", re.IGNORECASE)
_NAME_WORD = r"[^\W\d_][\w'’.-]*"
_ROLE_DASH_RE = re.compile(rf"\b(?:our|the|with)\s+(?P<role>[^.;:–—]{{2,90}}?)\s+[-–—]\s+"
                           rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})")
_NAME_ROLE_RE = re.compile(rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})\s*\((?P<role>[^()\n]{{2,80}})\)")
_CLAUSES = re.compile(r"[,;.()]|\s(?:and|và|with|cùng)\s")
_NAME_DASH_ROLE_RE = re.compile(rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})\s+[-–—]\s+(?P<role>[^,.;()\n–—]{{2,60}})")
# Words that may open a clause before a name ("Interview with …", "Meet …"); folded. Not
# Vietnamese words that are also name parts ("Văn" folds to "van").
_LEADING_WORDS = frozenset({"interview", "with", "and", "our", "the", "meet", "by", "from", "to", "va", "voi",
                            "cung"})
_ROLE_WORDS = re.compile(r"\b(?:manager|director|lead|head|chief|officer|specialist|engineer|analyst|"
                         r"executive|president|founder|coordinator|assistant|associate|designer|developer|"
                         r"consultant|supervisor|agent|representative|conservator|archivist|photographer|"
                         r"ceo|cfo|cto|coo|chro|cmo|vp|trưởng|giám đốc|giám sát|quản lý|kế toán|\w+ viên|phó|kỹ sư)\b",
                         re.IGNORECASE)


def initials(name: str) -> str:
    """"Đỗ Minh Châu" -> "dmc": what a transcript may label a speaker with."""
    words = plain(name).replace("-", " ").split()
    return "".join(word[0] for word in words) if len(words) >= 2 else ""


def normal_case(name: str) -> str:
    """A name written in capitals is not its spelling: `ĐỖ MINH CHÂU` -> `Đỗ Minh Châu`."""
    if not any(ch.isupper() for ch in name) or any(ch.islower() for ch in name):
        return name
    return " ".join(word.capitalize() if len(word) > 1 and not re.fullmatch(r"(?:\w\.)+", word) else word
                    for word in name.split())


@dataclass
class Candidate:
    """A person the text introduces, or who speaks, and who is not in `content/people` yet."""

    name: str
    role: str
    line: int
    short_name: str = ""  # the one-word form the transcript's labels use, when it does

    @property
    def id(self) -> str:
        return slugify(self.name)


class Roster:
    """The people a name can mean: `content/people` first, then people the text introduces."""

    def __init__(self, people: dict[str, Person], text: str) -> None:
        self.people = people
        self.candidates: dict[str, Candidate] = {}
        self.text = text
        self.folded_text = fold(text)
        self.aliases: dict[str, list[str]] = {}
        for person in people.values():
            for alias in aliases(person.id, person.name, person.short_name):
                self.aliases.setdefault(alias, []).append(person.id)

    def introduce(self, name: str, role: str, line: int) -> str:
        """A person named in the text: the known one it matches, or a (new or updated) candidate."""
        known = self.match(name)
        if known:
            candidate = self.candidates.get(known)
            if candidate is not None and role and not candidate.role:
                candidate.role = role
            return known
        _, bare = split_honorific(" ".join(name.split()))
        candidate = Candidate(normal_case(bare), role, line)
        if not candidate.id:
            return ""
        self.candidates.setdefault(candidate.id, candidate)
        for alias in aliases(candidate.id, candidate.name, ""):
            self.aliases.setdefault(alias, []).append(candidate.id)
        return candidate.id

    def full_name(self, word: str) -> str:
        """The one full name the text writes with `word` as its first or last word ("Ravi" ->
        "Ravi Menon" from "Ravi Menon runs the night crew"); "" when none or several."""
        key = plain(word)
        found: set[str] = set()
        for line in self.text.splitlines():
            for run in _capitalised_runs(line):
                if 2 <= len(run) <= 4 and key in (plain(run[0]), plain(run[-1])):
                    found.add(" ".join(run))
        return found.pop() if len(found) == 1 else ""

    def forget(self, person_id: str) -> None:
        """A candidate that turned out not to be a person (the interviewer's label)."""
        if person_id in self.candidates:
            del self.candidates[person_id]
            for alias, ids in list(self.aliases.items()):
                self.aliases[alias] = [i for i in ids if i != person_id]

    def match(self, name: str) -> str:
        """The id a name means, or "": several matches are narrowed to people named in the text."""
        ids = self._ids(name)
        if len(ids) > 1:
            named = [i for i in ids if plain(self.name_of(i)) in self.folded_text]
            ids = named or ids
        return ids[0] if ids else ""

    def _ids(self, name: str) -> list[str]:
        key = plain(name)
        ids = list(dict.fromkeys(self.aliases.get(key, [])))
        if not ids and " " in key:
            honorific, bare = split_honorific(name)
            if honorific:
                ids = list(dict.fromkeys(self.aliases.get(plain(bare), [])))
        return ids

    def ambiguous(self, name: str) -> list[str]:
        """Everyone a name could mean when it could mean several people."""
        ids = self._ids(name)
        named = [i for i in ids if plain(self.name_of(i)) in self.folded_text]
        return (named or ids) if len(named or ids) > 1 else []

    def named_in(self, text: str) -> list[str]:
        """The people whose full name, or a given name, stands as words in `text`."""
        words = " " + " ".join(re.findall(r"\w+", plain(text))) + " "
        return list(dict.fromkeys(person_id for alias, ids in self.aliases.items() if f" {alias} " in words
                                  for person_id in ids if len(ids) == 1))

    def name_of(self, person_id: str) -> str:
        if person_id in self.people:
            return self.people[person_id].name
        return self.candidates[person_id].name

    def short_of(self, person_id: str) -> str:
        """The one-word name the story will use for them (`@short` or the id)."""
        if person_id in self.people:
            return self.people[person_id].short_name or ""
        candidate = self.candidates[person_id]
        return candidate.short_name or self._called(candidate.name) or default_short_name(candidate.name)

    def _called(self, name: str) -> str:
        """The word of a new person's name the text uses on its own most ("Daniel, what …" for
        Daniel Moreau, "Em Huy" for Hoàng Đức Huy); "" when the text never does."""
        words = name.split()
        if len(words) < 2:
            return ""
        rest = self.folded_text
        for full in sorted({plain(c.name) for c in self.candidates.values()} |
                           {plain(p.name) for p in self.people.values()}, key=len, reverse=True):
            rest = rest.replace(full, " ")  # "Ngọc" inside another full name is not a use
        given = [words[-1], words[0]]  # a given name is first or last, never in the middle
        uses = [(len(re.findall(rf"(?<!\w){re.escape(plain(word))}(?!\w)", rest)), -position, word)
                for position, word in enumerate(given)]
        count, _, word = max(uses)
        return word if count else ""

    def names(self, written: str) -> tuple[list[str], list[str]]:
        """"Nadia and Karim" -> (ids found, names not found)."""
        found: list[str] = []
        missing: list[str] = []
        for part in _SPLIT_NAMES.split(written.strip().rstrip(":").strip()):
            if not part:
                continue
            person_id = self.match(part)
            (found if person_id else missing).append(person_id or part)
        return found, missing


_GENERIC = re.compile(r"^(?:speaker|person|participant|guest|attendee|nguoi noi|khach)\s*[a-z0-9]{1,2}$")


def is_generic(name: str) -> bool:
    """"Speaker 1", "Guest B": a transcription service's stand-in, not anyone's name."""
    return bool(_GENERIC.match(plain(name)))


def default_short_name(name: str) -> str:
    """Without a label to learn from: the last word (a Vietnamese given name) when the name has several."""
    words = name.split()
    return words[-1] if len(words) > 1 and plain(words[-1]) != plain(words[0]) else ""


def aliases(person_id: str, name: str, short_name: str) -> set[str]:
    words = plain(name).split()
    out = {person_id, plain(person_id.replace("-", " ")), plain(name), initials(name)}
    if short_name:
        out.add(plain(short_name))
    if len(words) > 1:
        out.update({words[0], words[-1]})
    return {alias for alias in out if alias}


def introductions(text: str) -> list[tuple[str, str]]:
    """(name, role) pairs an introduction gives: "Name (Role)", "our Role - Name", "Name, Role,"."""
    # The name ends where the role starts ("We met Nguyễn Văn An (Cashier)"): its last words.
    found = [(_trailing_name(m.group("name").split()), m.group("role")) for m in _NAME_ROLE_RE.finditer(text)]
    found += [(_trailing_name(m.group("name").split()), m.group("role")) for m in _NAME_DASH_ROLE_RE.finditer(text)
              if _ROLE_WORDS.search(m.group("role"))]
    # The name starts where the role ends ("our CHRO - Nadia Kassar and …"): its first words.
    found += [(_trim_name(m.group("name").split()), m.group("role")) for m in _ROLE_DASH_RE.finditer(text)]
    found += [(name.split(), role) for name, role in _comma_roles(text)]
    return [(" ".join(words), _bare_role(role)) for words, role in found
            if len(words) >= 2 and capitalised(" ".join(words))]


def _comma_roles(text: str) -> list[tuple[str, str]]:
    """"Name, Role," pairs, every one of them: "chị Đinh Ngọc Ánh, Chủ sản phẩm, chị Huỳnh Mỹ
    Duyên, Trưởng kho, và anh …" (each clause is read as a name and as a role in turn)."""
    pieces = [piece.strip() for piece in _CLAUSES.split(text)]
    seps = [m.group(0) for m in _CLAUSES.finditer(text)]
    out = []
    for position in range(len(pieces) - 1):
        if seps[position] != ",":
            continue
        name, role = _trailing_name(pieces[position].split()), pieces[position + 1]
        if len(name) >= 2 and capitalised(" ".join(name)) and 0 < len(role.split()) <= 6 and _reads_as_role(role):
            out.append((" ".join(name), role))
    return out


def _reads_as_role(text: str) -> bool:
    """After "Name, ": "our Senior Teller", "Head of Sales", "chuyên viên tín dụng" are roles;
    "and Karim" or "who joined in May" are not."""
    words = text.split()
    if not words or plain(words[0]) in ("and", "va", "who", "which", "nguoi"):
        return False
    return plain(words[0]) in ("our", "the", "a", "an") or bool(_ROLE_WORDS.search(text)) \
        or (words[0][:1].isupper() and not capitalised(text))  # "Trưởng kho"; not a name


def _bare_role(role: str) -> str:
    """"our Customer Care Agent" -> "Customer Care Agent": the article belongs to the sentence."""
    words = " ".join(role.split()).strip(" ,").split()
    while len(words) > 1 and plain(words[0]) in ("our", "the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _capitalised_runs(line: str) -> list[list[str]]:
    """Runs of capitalised words not broken by punctuation, lead words and honorifics dropped."""
    runs: list[list[str]] = []
    for clause in re.split(r"[,;:.!?()\[\]\"“”*_]|\s[-–—]\s", line):
        run: list[str] = []
        for word in clause.split() + [""]:
            if word and capitalised(word) and word[:1].isalpha():
                run.append(word)
                continue
            while run and (plain(run[0]) in _LEADING_WORDS or fold(run[0]).rstrip(".") in HONORIFICS):
                run = run[1:]
            if run:
                runs.append(run)
            run = []
    return runs


def _trailing_name(words: list[str]) -> list[str]:
    """The capitalised words that end a clause: "We met Phuong Lam" -> ["Phuong", "Lam"]."""
    name: list[str] = []
    for word in reversed(words[-5:]):
        if not capitalised(word) or plain(word) in _LEADING_WORDS:
            break
        name.insert(0, word)
    return split_honorific(" ".join(name))[1].split()


def _trim_name(words: list[str]) -> list[str]:
    """"Interview with Đỗ Minh Châu": the name starts at the first capital after the lead words."""
    while words and (not words[0][:1].isupper() or plain(words[0]) in _LEADING_WORDS
                     or fold(words[0]).rstrip(".") in HONORIFICS):
        words = words[1:]
    end = 0
    while end < len(words) and capitalised(words[end]):
        end += 1
    return words[:end]
