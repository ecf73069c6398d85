"""What the importer guessed, each with the input line, so the editor knows what to review."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Guess:
    line: int  # in the input file (a Word file: its paragraph number); 0 for the file as a whole
    message: str


@dataclass
class Report:
    source: str  # the input's file name, as the editor gave it
    guesses: list[Guess] = field(default_factory=list)

    def guess(self, line: int, message: str) -> None:
        self.guesses.append(Guess(line, message))

    def lines(self) -> list[str]:
        """`FILE:LINE: message`, in input order (ties keep the order they were made in)."""
        ordered = sorted(enumerate(self.guesses), key=lambda pair: (pair[1].line, pair[0]))
        return [f"{self.source}:{g.line}: {g.message}" if g.line else f"{self.source}: {g.message}"
                for _, g in ordered]
