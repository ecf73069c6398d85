"""Questions for `site-builder new` in a terminal, with the choices the content offers."""

from __future__ import annotations

import sys
from collections.abc import Callable


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask_text(question: str, default: str = "", read: Callable[[str], str] = input) -> str:
    while True:
        suffix = f" [{default}]" if default else ""
        answer = read(f"{question}{suffix}: ").strip() or default
        if answer:
            return answer
        print("  Please type an answer.")


def ask_choices(question: str, choices: list[tuple[str, str]], many: bool, default: list[str] | None = None,
                read: Callable[[str], str] = input) -> list[str]:
    """Numbered choices; `many` accepts several numbers separated by commas or spaces."""
    print(question)
    for number, (value, label) in enumerate(choices, 1):
        print(f"  {number}. {label} ({value})")
    hint = "numbers separated by commas" if many else "a number"
    default_numbers = [str(i) for i, (v, _) in enumerate(choices, 1) if v in (default or [])]
    while True:
        suffix = f" [{','.join(default_numbers)}]" if default_numbers else (" [none]" if many else "")
        raw = read(f"Choose {hint}{suffix}: ").replace(",", " ").split() or default_numbers
        if many and not raw:
            return []
        try:
            picked = [choices[int(n) - 1][0] for n in raw]
        except (ValueError, IndexError):
            print(f"  Please type {hint} from the list.")
            continue
        if many or len(picked) == 1:
            return list(dict.fromkeys(picked))
        print("  Please choose one.")
