"""How problems are shown: `PATH:LINE: message` for people, annotations for GitHub."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Problem, Site


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problem: Problem, root: Path) -> str:
    """A workflow command; the path is made relative to the working directory (the repository)."""
    path = os.path.relpath(root / problem.path).replace(os.sep, "/")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return (f"::{problem.severity} file={_escape_property(path)},line={problem.line}"
            f"::{_escape_data(message)}")


def lines(problems: list[Problem], root: Path, fmt: str) -> list[str]:
    if fmt == "github":
        return [github(p, root) for p in problems]
    return [p.text() for p in problems]


def summary(site: Site, problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    if errors:
        files = len({p.path for p in errors})
        return (f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {files} "
                f"file{'s' if files != 1 else ''}; nothing was built")
    held = len(site.all_stories) - len(site.stories)
    text = (f"OK: {len(site.stories)} stories published ({held} draft or embargoed held back), "
            f"{len(site.principles)} principles, {len(site.departments)} departments, "
            f"{len(site.people)} people, {len(site.awards)} awards")
    return text + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "")
