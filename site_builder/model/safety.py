"""Tell editors, with the line, what the sanitizer will take out of their Markdown.

The build removes scripts, event handlers, styles and unsafe links whatever happens (see
`site_builder.html`); this only makes it visible at validation time, as warnings. What the
sanitizer removes is asked of the `Checks` the loader was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .checks import Checks
from .problems import Problems

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_TAG = re.compile(r"<!--.*?-->|<!--.*$|</?[A-Za-z][^<>]*>?")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_ATTR_LIST = re.compile(r"\{:?\s*([^{}]*)\}")
_ATTR_NAME = re.compile(r"([A-Za-z_:][-\w:.]*)\s*=")


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code, with inline code removed."""
    fence = ""
    for index, line in enumerate(text.split("\n")):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            continue
        if match:
            fence = match.group(1)
            continue
        if line.startswith(("    ", "\t")):
            continue  # indented code
        yield index, _CODE_SPAN.sub("", line) if "`" in line else line


_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SCHEME_OR_ROOT = re.compile(r"^([a-z][a-z0-9+.\-]*:|/|#)", re.I)


def body_image_refs(text: str) -> list[tuple[int, str, str]]:
    """(line index, alt text, path) of each picture with a relative path, outside code."""
    found = []
    if "![" not in text:
        return found
    for index, line in _prose_lines(text):
        if "![" not in line:
            continue
        for match in _IMAGE.finditer(line):
            if not _SCHEME_OR_ROOT.match(match.group(2)):
                found.append((index, match.group(1), match.group(2)))
    return found


def rewrite_image_paths(text: str, new_paths: dict[str, str]) -> str:
    """`text` with each picture path written as a key of `new_paths` replaced by its value,
    outside code: the same pictures `body_image_refs` finds."""
    if not new_paths or "![" not in text:
        return text
    lines = text.split("\n")

    def replace(match: re.Match[str]) -> str:
        path = match.group(2)
        if path not in new_paths:
            return match.group(0)
        start, end = match.span(2)
        return match.group(0)[:start - match.start()] + new_paths[path] + match.group(0)[end - match.start():]

    for index, line in _prose_lines(text):
        if "![" in line:
            lines[index] = _IMAGE.sub(replace, lines[index])
    return "\n".join(lines)


def check_markup(text: str, first_line: int, problems: Problems, checks: Checks) -> None:
    """Warn about HTML or links in Markdown `text` (starting at `first_line`) that will be removed."""
    for index, line in _prose_lines(text):
        if "<" not in line and "]" not in line and "{" not in line:
            continue
        number = first_line + index
        for tag in _TAG.findall(line):
            for what in checks.removed(tag):
                if what.startswith("markdown="):
                    continue  # md_in_html's switch: consumed by Markdown, never reaches the page
                problems.warning(number, f"{what} is removed from the published page",
                                 "stories may use Markdown and simple HTML; scripts, frames, forms, "
                                 "event handlers and styles are taken out")
            if tag.startswith("<!--"):
                problems.warning(number, "HTML comments are removed from the published page")
        for match in _LINK.finditer(line):
            url = match.group(1) or match.group(2) or ""
            if not checks.safe_url(url):
                problems.warning(number, f"the link {url[:40]!r} is removed from the published page",
                                 "links may use http, https, mailto, tel or a relative address")
        for attrs in _ATTR_LIST.findall(line):
            for name in _ATTR_NAME.findall(attrs):
                lowered = name.lower()
                if lowered.startswith("on") or lowered in ("style", "hidden", "href", "src"):
                    problems.warning(number, f"the attribute {name}= is removed from the published page",
                                     "attribute lists may set classes and ids")
