"""Listings split into pages of a fixed size, so no page grows with the archive.

A principle with 3,000 stories gets 63 pages of 48 cards rather than one 2 MB page; the
first page keeps the listing's address and later ones live under `page/N/`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

PAGE_SIZE = 48  # divides into rows of 2, 3 and 4 cards
T = TypeVar("T")


def page_url(base_url: str, number: int) -> str:
    return base_url if number == 1 else f"{base_url}page/{number}/"


@dataclass(frozen=True)
class Pager:
    """Where one page sits in its listing: what the page links to as previous, next and numbered."""

    base_url: str
    number: int
    count: int

    def url(self, number: int) -> str:
        return page_url(self.base_url, number)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to show: first, last and those near this one; None marks a gap."""
        shown = {1, self.count} | set(range(max(1, self.number - around), min(self.count, self.number + around) + 1))
        out: list[int | None] = []
        for number in sorted(shown):
            if out and out[-1] is not None and number > out[-1] + 1:
                out.append(None)
            out.append(number)
        return out


def split(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """At least one (possibly empty) page, so an empty listing still has its address."""
    return [items[start:start + size] for start in range(0, len(items), size)] or [items[:0]]
