"""Principles and awards the text names: front matter is inferred from statements, never invented.

- A principle counts when its name (in any language the content gives it), or its id of two or
  more words, stands in the text ("craft" alone is too common a word to mean the principle).
- An award counts only from a statement that someone received it ("won", "received", "was
  named", "congratulations on becoming", "nhận", "được trao"), in the sentence that names it.
  Its year is the one written next to it, else the story's year (reported). A year after the
  story's date is never an award already given ("Nominations for DNA Stars 2027 open in
  January"), and neither is a sentence about nominations or the future.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..model import Site, fold
from .report import Report

_RECEIVED = re.compile(
    r"\b(?:receiv\w*|won|win(?:s|ning)?|award(?:ed)?\s+(?:to|the)|was\s+awarded|were\s+awarded|"
    r"(?:was|were|been|being)\s+named|nam(?:ed|ing)\s+(?:a|an|the|as)|becom\w*|became|earn\w*|honou?red|"
    r"recipients?|winners?|congrat\w*|"
    r"nhan|dat\s+(?:giai|danh\s+hieu)|duoc\s+(?:trao|vinh\s+danh|binh\s+chon)|vinh\s+danh|chuc\s+mung)\b")
_NOT_YET = re.compile(r"\b(?:nominat\w*|will|next\s+year|upcoming|open\w*\s+(?:in|on|until|from)|apply|"
                      r"applications?|de\s+cu|sap\s+toi|nam\s+sau)\b")
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")
_YEAR = r"((?:19|20|21)\d\d)"


def names_of(entry: object) -> list[str]:
    """Every name an entry has: `name`, and its translations when the content gives them
    (`name: {en: …, vi: …}` or a `names` mapping)."""
    out: list[str] = []
    for attribute in ("name", "names", "name_vi", "name_en"):
        value = getattr(entry, attribute, None)
        if isinstance(value, str) and value:
            out.append(value)
        elif isinstance(value, dict):
            out.extend(v for v in value.values() if isinstance(v, str) and v)
    # the loader keeps the first language's name in `name`, the others as (language, field, text)
    out.extend(text for _, key, text in getattr(entry, "translations", ()) if key == "name" and text)
    return list(dict.fromkeys(out))


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def principles_in(lines: list[tuple[int, str]], site: Site, report: Report) -> list[str]:
    """Principles whose name (any language) or id as words occurs in the text, in `site` order."""
    found = []
    for principle in site.principles.values():
        ids = [principle.id.replace("-", " ")] if "-" in principle.id else []  # one word is too common
        for name in [*names_of(principle), *ids]:
            needle = _words(name)
            line = next((n for n, t in lines if needle.strip() and needle in _words(t)), None)
            if line is not None:
                report.guess(line, f"principle '{principle.id}' ({name}) named in the text")
                found.append(principle.id)
                break
    return found


def _sentences(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for number, text in lines:
        for sentence in _SENTENCE.findall(fold(text)):
            yield number, sentence


def awards_in(lines: list[tuple[int, str]], site: Site, date: dt.date, report: Report) -> list[tuple[str, int]]:
    """(award id, year) for each statement that someone received an award."""
    found: list[tuple[str, int]] = []
    for award in site.awards.values():
        for name in names_of(award):
            _award(award.id, name, lines, date, found, report)
    return found


def _award(award_id: str, name: str, lines: list[tuple[int, str]], date: dt.date,
           found: list[tuple[str, int]], report: Report) -> None:
    stem = re.escape(fold(name)).rstrip("s") if fold(name).endswith("s") else re.escape(fold(name))
    named = re.compile(rf"\b{stem}s?\b(?:[\s,]+(?:of\s+|in\s+|nam\s+)?{_YEAR}\b)?")
    year_before = re.compile(rf"\b{_YEAR}\s+{stem}s?\b")
    for number, sentence in _sentences(lines):
        match = named.search(sentence)
        if not match:
            continue
        before = year_before.search(sentence)
        year = int(match.group(1) or (before.group(1) if before else 0) or 0)
        if any(a == award_id for a, _ in found):
            continue
        if _NOT_YET.search(sentence) or not _RECEIVED.search(sentence):
            report.guess(number, f"'{name}' is named, but not as given to someone: no award added (add "
                                 f"awards: [{{award: {award_id}, year: YYYY}}] if it was granted)")
            continue
        if year > date.year:
            report.guess(number, f"'{name}' {year} is after the story's date ({date.isoformat()}): no award added")
            continue
        how = "" if year else f" (no year next to it: the story's year, {date.year})"
        found.append((award_id, year or date.year))
        report.guess(number, f"award '{award_id}' {year or date.year} read from a statement that it was "
                             f"received{how}")
