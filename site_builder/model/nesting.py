"""Bounded nesting in Markdown: lists and quotes, emphasis, and HTML elements.

Python-Markdown parses nested lists, quotes and admonitions by recursion, and Python-Markdown's
tree processors, the table of contents and ElementTree walk the finished page by recursion
too. A list a thousand levels deep (`- - - - ... x`), a run of five thousand `*`, or five
thousand nested `<div>`s passed validation and then stopped the build with a RecursionError
that named a staged file and no line. Real stories nest a few levels, so `validate` refuses
more, at the line where the text first goes too deep, and `build` never meets it.

Each count is an upper bound of what Markdown makes of the text, never an estimate below it:
it does not skip code blocks (a code block twenty levels deep is as rare as a list); every
`>`, list marker, admonition opener and four columns of indentation at the start of a line, or
after an interview label, counts as one level; and every closed HTML element counts, in a
comment or code too. One problem per kind and text is enough: the first line is where to look.
"""

from __future__ import annotations

import re

from .problems import Problems

MAX_BLOCK_DEPTH = 20  # lists, quotes and admonitions inside one another
MAX_EMPHASIS_RUN = 40  # `*`, `_` and `~` in a row: each can open one more level of emphasis
MAX_HTML_DEPTH = 40  # HTML elements inside one another

BLOCK_HINT = (f"flatten the list or quote to at most {MAX_BLOCK_DEPTH} levels; each '>', list marker, "
              "'!!!' or 4 spaces of indentation at the start of a line is one")
EMPHASIS_HINT = (f"at most {MAX_EMPHASIS_RUN} in a row, since each can open another level of emphasis; "
                 "use a line of only '*', '-' or '_' for a rule")
HTML_HINT = (f"put fewer elements inside one another, at most {MAX_HTML_DEPTH} (a <div> in a <div> is two); "
             "Markdown and simple HTML need a few")

_TAB = 4
# One container marker, with the spaces before it: a quote, a bullet, a number, an admonition.
_MARKER = re.compile(r"( *)(>|(?:[-*+:]|\d{1,9}[.)]|!!!|\?\?\?\+?|\[\^[^\]]*\]:)(?= |$))")
# A thematic break (`* * *`, `-----`) is no list, however many markers it seems to have.
_RULE = re.compile(r" *+(?:(?:\* *+){3,}+|(?:- *+){3,}+|(?:_ *+){3,}+)$")
# A line can only be too deep if it starts with more than MAX_BLOCK_DEPTH of these (each level
# takes at least one): finding those lines in one search keeps validation of a large archive fast.
# An interview turn's label (`@mai:`, `Q1 to @hung:`) is taken off when the page is made, and
# what follows it starts a line there: so the text after a line's first colon counts too.
_DEEP_CANDIDATE = re.compile(r"^(?:[^\n:]{0,200}:)?(?P<start>)(?:[ \t>*+\-:!?.)\d]|\[\^[^\]\n]*+\]:){%d,}"
                             % (MAX_BLOCK_DEPTH + 1), re.M)
_FENCE = re.compile(r"^ *(?:`{3,}|~{3,})")
# Quick tests first: a deep line has more than MAX_BLOCK_DEPTH of these characters in a row, and
# a long run of emphasis is one of '*', '_' and '~' repeated; `str.translate` maps each set to
# one character (in UTF-8 bytes, where translating is a table lookup), so one substring search
# rules a whole story out.
_MARKER_BYTES = b" \t>*+-:!?.)0123456789[]^"
_BLOCK_CHARS = bytes.maketrans(_MARKER_BYTES, b"\x01" * len(_MARKER_BYTES))
_BLOCK_RUN = b"\x01" * (MAX_BLOCK_DEPTH + 1)
_EMPHASIS_CHARS = bytes.maketrans(b"_~", b"**")
_EMPHASIS_MARKS = b"*" * (MAX_EMPHASIS_RUN + 1)
_EMPHASIS_RUN = re.compile(r"[*_~]{%d,}" % (MAX_EMPHASIS_RUN + 1))
# Elements that never hold others, and those a new sibling of the same name closes (`<li>`).
_VOID = frozenset("area base br col embed hr img input keygen link meta param path source track wbr".split())
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option".split())
# A start or end tag as an HTML parser reads it: quoted values may hold '<' and '>'.
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/<>\x00]*+)(?:[^<>"'/]++|/(?!>)|"[^"]*+"|'[^']*+')*+(/?)>""")


def check_nesting(text: str, first_line: int, problems: Problems) -> None:
    """Report where Markdown `text` (its first line is `first_line`) nests too deep."""
    _check_blocks(text, first_line, problems)
    _check_emphasis(text, first_line, problems)
    if "<" in text:
        _check_html(text, first_line, problems)


def block_depth(line: str) -> int:
    """How many lists, quotes and admonitions a line opens, counting markers and indentation,
    up to one more than the limit (a 2 MB line of '>' is not counted to the end)."""
    rest = line.expandtabs(_TAB) if "\t" in line else line
    depth, position = 0, 0
    while depth <= MAX_BLOCK_DEPTH:
        if _RULE.match(rest, position):
            break
        match = _MARKER.match(rest, position)
        if match is None:
            break
        depth += len(match.group(1)) // _TAB + 1
        position = match.end()
        if rest.startswith(" ", position) and not rest.startswith("  ", position):
            position += 1  # the one space after a marker belongs to the marker
    return depth


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _line_at(text: str, index: int) -> tuple[str, int, int]:
    """The line of `text` holding `index`: its text, where it starts, and its 0-based number."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start:end if end >= 0 else len(text)], start, text.count("\n", 0, start)


def _check_blocks(text: str, first_line: int, problems: Problems) -> None:
    if "[^" not in text and _BLOCK_RUN not in _encoded(text).translate(_BLOCK_CHARS):
        return  # no line starts with enough markers: most stories, found at C speed
    for candidate in _DEEP_CANDIDATE.finditer(text):
        line, start, number = _line_at(text, candidate.start())
        after_label = line[candidate.start("start") - start:].lstrip(" ")
        if block_depth(line) > MAX_BLOCK_DEPTH or block_depth(after_label) > MAX_BLOCK_DEPTH:
            problems.error(first_line + number, f"lists and quotes are nested more than {MAX_BLOCK_DEPTH} levels "
                           "deep here", BLOCK_HINT)
            return


def _check_emphasis(text: str, first_line: int, problems: Problems) -> None:
    if _EMPHASIS_MARKS not in _encoded(text).translate(_EMPHASIS_CHARS):
        return
    for run in _EMPHASIS_RUN.finditer(text):
        line, start, number = _line_at(text, run.start())
        if _RULE.match(line.expandtabs(_TAB)):
            continue  # `*****` alone on its line is a rule, not emphasis
        fence = _FENCE.match(line)
        if fence is not None and start + fence.end() >= run.end():
            continue  # `~~~~~~` opening a code block
        problems.error(first_line + number, f"{len(run.group())} emphasis marks ('*', '_', '~') in a row",
                       EMPHASIS_HINT)
        return


def _check_html(text: str, first_line: int, problems: Problems) -> None:
    """Elements inside one another, counting only those that are closed, by their own end tag
    or an outer one: Markdown builds a tree of those, while an unclosed tag (`<slug>` written
    as a placeholder) stays text. A tag inside a comment or a code block counts too. A regex
    with possessive quantifiers keeps this linear on 2 MB of unclosed '<'."""
    starts: list[tuple[int, int]] = []  # (where the tag starts, index of the open parent or -1)
    closed: list[bool] = []
    stack: list[tuple[str, int]] = []  # open elements: (name, index in starts)
    open_names: dict[str, int] = {}
    for match in _TAG.finditer(text):
        name = match.group(2).lower()
        if match.group(1):  # an end tag closes its element and any left open inside it
            if open_names.get(name):
                while True:
                    top, index = stack.pop()
                    open_names[top] -= 1
                    closed[index] = True
                    if top == name:
                        break
            continue
        if name in _VOID or match.group(3):
            continue
        if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1][0] == name:
            top, index = stack.pop()
            open_names[top] -= 1
            closed[index] = True
        starts.append((match.start(), stack[-1][1] if stack else -1))
        closed.append(False)
        stack.append((name, len(starts) - 1))
        open_names[name] = open_names.get(name, 0) + 1
    depth: list[int] = []  # closed elements from the top down to each element, itself included
    for index, (position, parent) in enumerate(starts):
        depth.append((depth[parent] if parent >= 0 else 0) + closed[index])
        if depth[-1] > MAX_HTML_DEPTH:
            problems.error(first_line + text.count("\n", 0, position),
                           f"HTML elements are nested more than {MAX_HTML_DEPTH} levels deep here", HTML_HINT)
            return
