"""Interview turn markers in plain Markdown.

Editors attribute turns without HTML: `@mai: ...` is an answer by Mai, `Q3 to @mai: ...` is
question 3 addressed to her, `Q4 to @mai and @hung: ...` (or `to @a, @b and @c`) a question to
several people, `Q by @hung: ...` a question Hung asks. A turn runs until the
next marker, a heading or a `---` line. The same scanner serves validation (line numbers)
and page generation (where each turn starts and ends), so the two never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def segments(body: str) -> list[Segment]:
    """Split a body into plain runs and turns, ignoring markers inside fenced code."""
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
        marker = (_marker(index, line) if previous_blank and head in "@Q" and head
                  and not line.startswith((" ", "\t")) else None)
        if marker or (ends_turn and current):
            if index > start:
                out.append(Segment(start, index, current))
            start, current = index, marker
        # A marker may start right after a blank line, a heading or a `---` line.
        previous_blank = not line.strip() or ends_turn
    if len(lines) > start:
        out.append(Segment(start, len(lines), current))
    return out


def markers(body: str) -> list[Marker]:
    return [s.marker for s in segments(body) if s.marker]
