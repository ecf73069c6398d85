"""Interview turn markers in plain Markdown.

Editors attribute turns without HTML: `@mai: ...` is an answer by Mai, `Q3 to @mai: ...` is
question 3 addressed to her, `Q4 to @mai and @hung: ...` (or `to @a, @b and @c`) a question to
several people, `Q by @hung: ...` a question Hung asks. A turn runs until the
next marker, a heading or a `---` line. The same scanner serves validation (line numbers)
and page generation (where each turn starts and ends), so the two never disagree.

Speaker labels (`Tuan:`, `**Ms. Lan (Agent):**`) are recognised here too, once, for validation,
page generation and `site-builder fix` alike. The previous release let a turn be written as a
paragraph holding only `**Name:**` or `Name:`, with the answer below; where the name is one of
the story's people, that is still read as their turn, so content written then keeps building.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .entities import Person
from .slugs import fold

_WHO = r"@([^\s:@,]+)"
# `to @a`, `to @a and @b`, `to @a, @b and @c`: a list of names as people write it. A bare
# `to @a, @b` is not one (it reads like a sentence cut short) and validation says so.
_REF = _WHO.replace("(", "(?:", 1)
_TO_LIST = rf"{_REF}(?:(?:\s*,\s*{_REF})*\s*,?\s+and\s+{_REF})?"
MARKER_RE = re.compile(
    rf"^(?:(?P<q>Q(?P<num>\d+)?(?:\s+by\s+{_WHO.replace('(', '(?P<by>', 1)})?"
    rf"(?:\s*,?\s+to\s+(?P<to>{_TO_LIST}))?)"
    rf"|{_WHO.replace('(', '(?P<who>', 1)})\s*:(?:\s+|$)"
)
_REF_RE = re.compile(_WHO)
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_BREAK_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE_STARTS = ("`", "~")
_BREAK_STARTS = ("#", "-", "*", "_")


@dataclass(frozen=True)
class Marker:
    """A turn marker found in a body; `index` is the 0-based line within the body."""

    index: int
    question: bool
    number: str
    speaker_ref: str  # "@" reference as written, without "@"; "" for the interviewer
    addressee_ref: str  # the first addressee, as written
    text: str  # what follows the marker on its line
    more_addressees: tuple[str, ...] = ()  # `to @a and @b`: the ones after the first
    label: str = ""  # an old-style `**Name:**` paragraph read as a turn: the label as written

    @property
    def addressee_refs(self) -> tuple[str, ...]:
        """Every addressee in the order written; empty for a question to nobody in particular."""
        return ((self.addressee_ref,) if self.addressee_ref else ()) + self.more_addressees


@dataclass(frozen=True)
class Segment:
    """A run of body lines: plain Markdown, or one turn (marker line to its last line)."""

    start: int
    end: int  # exclusive
    marker: Marker | None


def _marker(index: int, line: str) -> Marker | None:
    match = MARKER_RE.match(line)
    if not match:
        return None
    text = line[match.end():]
    if match.group("q") is not None:
        to = _REF_RE.findall(match.group("to") or "")
        return Marker(index, True, match.group("num") or "", match.group("by") or "",
                      to[0] if to else "", text, tuple(to[1:]))
    return Marker(index, False, "", match.group("who"), "", text)


def segments(body: str, names: Mapping[str, str] | None = None) -> list[Segment]:
    """Split a body into plain runs and turns, ignoring markers inside fenced code.

    `names` (from `speaker_names`) turns on the old-style turns: a paragraph that is only
    `**Name:**` or `Name:`, naming one of the story's people, followed by the answer."""
    lines = body.split("\n")
    out: list[Segment] = []
    start, current = 0, None
    fence = ""
    previous_blank = True
    for index, line in enumerate(lines):
        head = line.lstrip()[:1]  # most lines are prose: test the first character before any regex
        fence_match = _FENCE_RE.match(line) if head in _FENCE_STARTS else None
        if fence:
            closes = bool(fence_match and fence_match.group(1)[0] == fence[0]
                          and len(fence_match.group(1)) >= len(fence))
            if closes:
                fence = ""
            previous_blank = closes  # a paragraph may start right after a closing fence
            continue
        if fence_match:
            fence = fence_match.group(1)
            previous_blank = False
            continue
        ends_turn = head in _BREAK_STARTS and bool(_HEADING_RE.match(line) or _BREAK_RE.match(line))
        starts = previous_blank and bool(head) and not line.startswith((" ", "\t"))
        marker = _marker(index, line) if starts and head in "@Q" else None
        if marker is None and starts and names and line.rstrip().rstrip("*_").endswith(":"):
            marker = _legacy_turn(lines, index, names)  # only a line that ends with its label can be one
        if marker or (ends_turn and current):
            if index > start:
                out.append(Segment(start, index, current))
            start, current = index, marker
        # A marker may start right after a blank line, a heading or a `---` line.
        previous_blank = not line.strip() or ends_turn
    if len(lines) > start:
        out.append(Segment(start, len(lines), current))
    return out


def markers(body: str, names: Mapping[str, str] | None = None) -> list[Marker]:
    return [s.marker for s in segments(body, names) if s.marker]


# --- speaker labels -------------------------------------------------------------------------

_EMPHASIS = r"\*\*|__|\*|_"
TITLES = ("mrs", "mr", "ms", "miss", "mx", "dr", "prof")  # written with or without a full stop
HONORIFICS = ("anh", "chị", "ông", "bà", "em")  # Vietnamese, before a given name
LABEL_RE = re.compile(
    rf"^\s{{0,3}}(?P<open>{_EMPHASIS})?"
    rf"(?:(?P<honorific>(?:{'|'.join(TITLES)})\.?|{'|'.join(HONORIFICS)})\s+(?=[^\W\d_]))?"
    r"(?P<name>[^\W\d_][^:*_@()\[\]`|<>\n]{0,48}?)"
    r"\s*(?:\((?P<role>[^()\n]{1,80})\))?"
    rf"\s*(?P<mid>{_EMPHASIS})?\s*:(?P<close>{_EMPHASIS})?(?=\s|$)",
    re.I)
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
# The interviewer's labels: a question number, or a role that asks the questions (the
# interviewer needs no person file, so `Q:` is the whole fix).
_QUESTION_NAME = re.compile(r"^(?:q|question|câu hỏi|interviewer|host|moderator|pv|phóng viên)"
                            r"(?:\s*(?P<num>\d{1,3}))?$", re.I)


@dataclass(frozen=True)
class Label:
    """A speaker-like prefix at the start of a line: `Tuan:`, `**Ms. Lan (Agent):**`, `*LAN:**`."""

    text: str  # the prefix as written, emphasis and colon included
    name: str  # without honorific, role and emphasis
    honorific: str
    role: str
    opened: str  # the emphasis before the name ("", "**", "*", ...)
    closed: str  # the emphasis after it, before or after the colon
    rest: str  # what follows on the line

    @property
    def sentence(self) -> bool:
        """Emphasis that opens before the name and closes at the end of the line (`*Photo: Lan
        at her desk*`): an emphasised sentence, such as a caption, rather than a label."""
        return bool(self.opened) and not self.closed and self.rest.endswith(self.opened)

    @property
    def emphasised(self) -> bool:
        """Set in bold or italics as a label, the way transcripts set speakers' names."""
        return bool(self.opened or self.closed) and not self.sentence

    @property
    def broken(self) -> bool:
        """Emphasis that does not close as it opened (`*LAN:**`): Markdown shows stray stars."""
        return self.opened != self.closed and not self.sentence

    @property
    def name_like(self) -> bool:
        """Up to five capitalised words (or initials, or capitals): how names and labels look."""
        words = self.name.split()
        return 1 <= len(words) <= 5 and all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words)

    @property
    def question_number(self) -> str | None:
        """`**Q3:**`, `Question:`, `Interviewer:`: the question number ("" for none), or None
        for other labels."""
        match = _QUESTION_NAME.match(self.name)
        return (match.group("num") or "") if match and not self.honorific else None

    def resolve(self, names: Mapping[str, str]) -> str | None:
        """The person id this label names, with or without its honorific, or None."""
        folded = " ".join(fold(self.name).split())
        found = names.get(folded)
        if found is None and self.honorific:
            found = names.get(f"{fold(self.honorific)} {folded}")
        return found


def label(line: str) -> Label | None:
    """The speaker-like prefix a line starts with, or None (a marker is not a label)."""
    if ":" not in line or MARKER_RE.match(line):
        return None
    match = LABEL_RE.match(line)
    if not match:
        return None
    mid, close = match.group("mid") or "", match.group("close") or ""
    return Label(line[:match.end()].strip(), match.group("name").strip(), match.group("honorific") or "",
                 (match.group("role") or "").strip(), match.group("open") or "",
                 mid + close, line[match.end():].strip())


def name_keys(person: Person) -> set[str]:
    """Every folded name a label may use for a person: id, full name, short name, given name."""
    words = person.name.split()
    keys = {fold(person.name), person.id, fold(person.id.replace("-", " "))}
    if person.short_name:
        keys.add(fold(person.short_name))
    if len(words) > 1:
        keys.update({fold(words[0]), fold(words[-1])})  # a given name, first or last by culture
    return {" ".join(key.split()) for key in keys}


def speaker_names(people: Iterable[Person],
                  keys: Callable[[Person], Iterable[str]] = name_keys) -> dict[str, str]:
    """Folded name -> person id for labels; a name two of these people share names nobody.
    `keys` may be a cached `name_keys`."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    for person in people:
        for key in keys(person):
            if found.setdefault(key, person.id) != person.id:
                shared.add(key)
    return {key: person_id for key, person_id in found.items() if key not in shared}


def legacy_label(lines: list[str], index: int, names: Mapping[str, str]) -> tuple[Label, str] | None:
    """The previous release's turn: a line that is only `**Name:**` or `Name:`, naming one of
    the story's people, with the answer after it; (label, person id) or None."""
    found = label(lines[index])
    if found is None or found.rest or found.broken or found.question_number is not None:
        return None
    person_id = found.resolve(names)
    if person_id is None:
        return None
    for line in lines[index + 1:]:
        if not line.strip():
            continue
        stops = (MARKER_RE.match(line) or _HEADING_RE.match(line) or _BREAK_RE.match(line)
                 or _FENCE_RE.match(line))
        after = label(line)
        return None if stops or (after and not after.rest) else (found, person_id)
    return None


def _legacy_turn(lines: list[str], index: int, names: Mapping[str, str]) -> Marker | None:
    found = legacy_label(lines, index, names)
    if found is None:
        return None
    return Marker(index, False, "", found[1], "", "", label=found[0].text)
