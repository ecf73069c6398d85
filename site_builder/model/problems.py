"""Problems found in content: the one currency validation speaks in.

Every check produces `Problem`s instead of raising, so one run can report all of them with
the file and line an editor has to open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content root, with forward slashes
    line: int  # 1-based
    message: str
    hint: str = ""
    severity: Severity = "error"

    def text(self) -> str:
        tail = f" ({self.hint})" if self.hint else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}{tail}"


@dataclass
class Problems:
    """Collects problems for one file so checks need not repeat its path."""

    path: str
    found: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.found)

    def error(self, line: int, message: str, hint: str = "") -> None:
        self.found.append(Problem(self.path, line, message, hint))

    def warning(self, line: int, message: str, hint: str = "") -> None:
        self.found.append(Problem(self.path, line, message, hint, "warning"))
