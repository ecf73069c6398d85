"""Reading content files as editors save them: UTF-8 (BOM or not), any line endings.

Front matter is split off here so the body keeps its real line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Problems

MAX_FILE_BYTES = 2 * 1024 * 1024


def read_text(path: Path, problems: Problems) -> str | None:
    """The file's text with '\\n' line endings, or None after reporting why it is unreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(1, f"cannot read the file: {exc.strerror}")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.error(1, f"the file is {len(data) // 1024} KB; the limit is {MAX_FILE_BYTES // 1024} KB",
                       "split it, or move large images out of the text")
        return None
    try:
        return decoded(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(line, "the file is not UTF-8 text",
                       "save it as UTF-8 in your editor (\"Save with encoding\" / \"Reopen with encoding\")")
        return None


def decoded(data: bytes) -> str:
    """A content file's text with '\\n' line endings; raises UnicodeDecodeError."""
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Split:
    front: str
    front_line: int  # line of the first front matter line (after the opening ---)
    body: str
    body_line: int


def split_front_matter(text: str, problems: Problems) -> Split | None:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.error(1, "the story has no front matter",
                       "start the file with a line '---', the keys (title, date, ...), then '---'")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return Split("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2)
    problems.error(1, "the front matter is not closed", "add a line '---' after the last key")
    return None
