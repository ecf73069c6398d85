"""Date lines: a line under the title that only says when ("March 2025", "Hà Nội, ngày 14 tháng 3
năm 2025", "Published 2025-03-14"), in English or Vietnamese.

A line is a date line when the date is nearly all it says: once the date and a few filler words
("published", "posted on", "ngày đăng", a place) are taken away, at most three words are left.
"In March 2025 we sat down with…" mentions a date but is a sentence, not a date line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import fold

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
# Vietnamese month words, folded: "tháng Ba" is March, "tháng Chạp" December.
_VI_MONTHS = {"mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
              "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
_VI_MONTH = "|".join(sorted(_VI_MONTHS, key=len, reverse=True))
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_PATTERNS = (
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    ("vi", re.compile(r"(?:\bngay\s+(?P<d>\d{1,2})\s*(?:,\s*)?)?\bthang\s+(?P<m>\d{1,2})\s*(?:,?\s*nam|[/.,-])\s*"
                      r"(?P<y>\d{4})\b")),
    ("vi_word", re.compile(rf"(?:\bngay\s+(?P<d>\d{{1,2}})\s*)?\bthang\s+(?P<vm>{_VI_MONTH})\s*,?\s*(?:nam\s+)?"
                           r"(?P<y>\d{4})\b")),
    ("vi_short", re.compile(r"\bngay\s+(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})\b")),
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b")),
    ("en_dmy", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mn>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b")),
    ("en_mdy", re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})\b")),
    ("en_my", re.compile(rf"\b(?P<mn>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b")),
    ("vi_my", re.compile(r"\b(?P<m>\d{1,2})/(?P<y>\d{4})\b")),
)
_FILLER = frozenset(["published", "posted", "on", "date", "dated", "updated", "issue", "edition", "interviewed", "written", "by", "in", "at", "of", "ngay", "dang", "cap", "nhat", "vao", "luc", "nam", "thang", "phong", "van"])
MAX_OTHER_WORDS = 3
MAX_BYLINE_WORDS = 10


@dataclass(frozen=True)
class DateLine:
    date: dt.date
    day_given: bool  # "March 2025" gives no day: the story is dated the 1st
    note: str  # why it was read so, when that was a choice ("" otherwise)


def find_date(text: str) -> tuple[DateLine, re.Match[str]] | None:
    """The first date written in `text`, in any form above."""
    folded = fold(text)
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            found = _date(name, match)
            if found:
                return found, match
    return None


def date_line(text: str, byline: bool = False) -> DateLine | None:
    """A date, when `text` is a date line: the date is nearly all the line says, or (`byline`,
    for the lines under a title) a short line that is no sentence gives a full date
    ("Interview by the Comms team, 5 May 2025")."""
    found = find_date(text)
    if found is None:
        return None
    date, match = found
    folded = fold(text)
    other = re.findall(r"[^\W\d_]+", folded[:match.start()] + " " + folded[match.end():])
    others = len([word for word in other if word not in _FILLER])
    if others <= MAX_OTHER_WORDS:
        return date
    if byline and date.day_given and others <= MAX_BYLINE_WORDS and not text.rstrip("*_ ").endswith((".", "?", "!")):
        return date
    return None


def _date(name: str, match: re.Match[str]) -> DateLine | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("vm"):
        month = _VI_MONTHS[groups["vm"]]
    else:
        month = _MONTHS[groups["mn"]] if groups.get("mn") else int(groups["m"])
    day = int(groups["d"]) if groups.get("d") else 0
    note = ""
    if name == "dmy" and month > 12 and day <= 12:
        day, month = month, day
        note = "read as month/day/year"
    elif name == "dmy" and day <= 12 and month <= 12 and day != month:
        note = "read as day/month/year"
    if not 1900 <= year <= 2200:
        return None
    try:
        return DateLine(dt.date(year, month, day or 1), bool(day), note)
    except ValueError:
        return None
