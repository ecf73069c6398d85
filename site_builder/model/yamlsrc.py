"""YAML that remembers where each value came from.

PyYAML's plain loaders drop positions, but editors need `file:line` for every mistake. We
compose the node graph, then convert it ourselves, keeping the line of every key and item,
reporting duplicate keys (PyYAML silently keeps the last) and refusing alias bombs.

Nesting is bounded at MAX_DEPTH levels. PyYAML's composer recurses once per level, so a
document a few hundred levels deep ends in Python's RecursionError before our converter sees
it: then `nesting_problem` walks the parser's events, which come without recursion, to find
the line where the document first goes too deep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_NODES = 20_000  # far above any real content file; stops "billion laughs" expansions
MAX_DEPTH = 40
DEPTH_HINT = f"flatten it: content needs a few levels of lists and mappings, and {MAX_DEPTH} is the limit"
# libyaml composes about ten times faster than the pure-Python reader; marks are the same.
_STR = "tag:yaml.org,2002:str"
_BLOCK_STYLES = ("|", ">")
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """A YAML file that cannot be read; `line` is 1-based within the parsed text."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass
class Node:
    """A converted YAML value with its line, and its children's lines for mappings and lists."""

    value: Any
    line: int
    keys: dict[str, tuple[int, Node]] = field(default_factory=dict)  # key -> (key line, value)
    items: list[Node] = field(default_factory=list)

    def key_line(self, key: str) -> int:
        return self.keys[key][0] if key in self.keys else self.line

    def child(self, key: str) -> Node | None:
        return self.keys[key][1] if key in self.keys else None


@dataclass
class Parsed:
    root: Node | None  # None for an empty document
    duplicate_keys: list[tuple[int, str, int]]  # (line, key, first line)


class _Converter:
    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.count = 0
        self.duplicates: list[tuple[int, str, int]] = []
        self.constructor = yaml.SafeLoader("")

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                self.line(node),
                f"the YAML expands to more than {MAX_NODES} values",
                "remove YAML aliases (*name) that repeat large blocks",
            )
        if depth > MAX_DEPTH:
            raise _too_deep(self.line(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(child, depth + 1) for child in node.value]
            return Node([i.value for i in items], self.line(node), items=items)
        if node.tag == _STR:
            # A `|` or `>` block's text starts on the line after its indicator.
            return Node(node.value, self.line(node) + (node.style in _BLOCK_STYLES))
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise YamlProblem(
                self.line(node),
                f"unsupported YAML value {node.tag!r}: {getattr(exc, 'problem', exc)}",
                "write plain text, numbers, dates, lists and mappings only",
            ) from None
        except ValueError:
            # Looks like a YAML date but is not one (`2025-13-40`): keep the text as written,
            # so the field's own check reports it at this line.
            value = node.value
        return Node(value, self.line(node))

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Node:
        self.constructor.flatten_mapping(node)  # resolves `<<:` merge keys
        out = Node({}, self.line(node))
        for key_node, value_node in node.value:
            key = self.convert(key_node, depth + 1).value
            key_text = "" if key is None else str(key)
            child = self.convert(value_node, depth + 1)
            if key_text in out.keys:
                self.duplicates.append((self.line(key_node), key_text, out.keys[key_text][0]))
            out.keys[key_text] = (self.line(key_node), child)
            out.value[key_text] = child.value
        return out


def _too_deep(line: int) -> YamlProblem:
    return YamlProblem(line, f"the YAML is nested more than {MAX_DEPTH} levels deep", DEPTH_HINT)


_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_START_EVENTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def nesting_problem(text: str, line_offset: int = 0) -> YamlProblem | None:
    """The first value of `text` inside more than MAX_DEPTH lists and mappings, as a problem at
    its line; None when there is none, or when a syntax error comes first (`parse` reports it).

    The parser's events arrive one by one without recursion, so this is safe on a document of
    any depth; it is the check to run before a recursive loader (`mkdocs.yml`'s) sees a file."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_COMPOSER):
            if isinstance(event, _NODE_EVENTS) and depth > MAX_DEPTH:
                return _too_deep(int(event.start_mark.line) + 1 + line_offset)
            if isinstance(event, _START_EVENTS):
                depth += 1
            elif isinstance(event, _END_EVENTS):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml reads a flow collection (`[[[...`) to its end before the first event and stops
        # at 1000 levels: too deep, at the line where it stopped.
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            return _too_deep(int(exc.problem_mark.line) + 1 + line_offset)
        return None
    except yaml.YAMLError:
        return None
    return None


def parse(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; line numbers are shifted by `line_offset` (front matter)."""
    try:
        node = _compose(text, line_offset)
    except RecursionError:
        # Hundreds of levels: the composer gave up before our own depth check could run.
        raise nesting_problem(text, line_offset) or _too_deep(1 + line_offset) from None
    if node is None:
        return Parsed(None, [])
    converter = _Converter(line_offset)
    root = converter.convert(node)
    return Parsed(root, converter.duplicates)


def _compose(text: str, line_offset: int) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError:
        return _compose_slowly(text, line_offset)  # its messages are clearer; errors are rare


def _compose_slowly(text: str, line_offset: int) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        what = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        raise YamlProblem(
            line,
            f"YAML syntax error: {what}{context}",
            "check the indentation and put text containing ': ' or '#' in quotes",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1 + line_offset, f"YAML error: {exc}") from None
