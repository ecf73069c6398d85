"""YAML that remembers lines: every key and item knows where an editor has to look."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from site_builder.model.yamlsrc import MAX_DEPTH, MAX_NODES, YamlProblem, nesting_problem, parse

FRONT = """\
title: Tết
date: 2025-01-27
principles:
  - customer-obsession
  - ownership
people: [tran-thi-mai, le-van-hung]
"""


def test_keys_and_items_keep_their_lines() -> None:
    root = parse(FRONT).root
    assert root is not None
    assert [root.key_line(k) for k in ("title", "date", "principles", "people")] == [1, 2, 3, 6]
    assert [item.line for item in root.child("principles").items] == [4, 5]


def test_line_offset_shifts_every_line() -> None:
    """Front matter starts on line 2 of a story: parse with offset 1."""
    root = parse(FRONT, line_offset=1).root
    assert root is not None
    assert root.line == 2
    assert root.key_line("title") == 2
    assert [item.line for item in root.child("principles").items] == [5, 6]
    assert root.child("people").items[1].line == 7


def test_syntax_error_line_includes_the_offset() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("title: Tết\nsummary: Note: this breaks\n", line_offset=1)
    assert caught.value.line == 3
    assert caught.value.message.startswith("YAML syntax error")


def test_values_are_converted() -> None:
    root = parse(FRONT).root
    assert root is not None
    assert root.value["date"] == dt.date(2025, 1, 27)
    assert root.value["people"] == ["tran-thi-mai", "le-van-hung"]


def test_impossible_date_is_kept_as_written_text() -> None:
    """`2025-13-40` looks like a YAML date; the date check, not the parser, reports it."""
    root = parse("date: 2025-13-40\n").root
    assert root is not None
    assert root.value == {"date": "2025-13-40"}


def test_empty_document_has_no_root() -> None:
    assert parse("").root is None
    assert parse("# only a comment\n").root is None


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    parsed = parse("title: One\nkind: profile\ntitle: Two\n", line_offset=1)
    assert parsed.duplicate_keys == [(4, "title", 2)]
    assert parsed.root is not None and parsed.root.value["title"] == "Two"


def test_duplicate_keys_inside_a_list_item() -> None:
    parsed = parse("- id: a\n  name: A\n  id: b\n")
    assert parsed.duplicate_keys == [(3, "id", 1)]


def test_alias_bomb_stops_at_the_node_limit_quickly() -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefghi", "bcdefghij"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")  # 10**10 values
    started = time.monotonic()
    with pytest.raises(YamlProblem) as caught:
        parse("\n".join(lines))
    assert time.monotonic() - started < 5
    assert f"more than {MAX_NODES} values" in caught.value.message
    assert "aliases" in caught.value.hint


def test_a_few_aliases_are_fine() -> None:
    root = parse("base: &base {name: Mai}\nagain: *base\n").root
    assert root is not None
    assert root.value["again"] == {"name": "Mai"}


def test_unsupported_tags_are_refused_with_their_line() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("title: ok\nbad: !!python/object:os.system x\n")
    assert caught.value.line == 2
    assert "unsupported YAML value" in caught.value.message


# -- nesting: a clear error at the line, whatever the depth ----------------------------------

def _flow(depth: int) -> str:
    return "name: " + "[" * depth + "]" * depth + "\n"


def _block(depth: int) -> str:
    """`depth` lists in block style, one level per line: line k+1 opens level k."""
    return "name:\n" + "".join("  " * level + "-\n" for level in range(depth))


@pytest.mark.parametrize("depth", [41, 200, 1000, 5000])
def test_deep_flow_yaml_is_refused_at_its_line(depth: int) -> None:
    """A thousand levels used to end in a RecursionError from PyYAML's composer."""
    with pytest.raises(YamlProblem) as caught:
        parse(_flow(depth), line_offset=1)
    assert caught.value.line == 2
    assert caught.value.message == f"the YAML is nested more than {MAX_DEPTH} levels deep"
    assert f"{MAX_DEPTH} is the limit" in caught.value.hint


@pytest.mark.parametrize("depth", [41, 1000])
def test_deep_block_yaml_is_refused_at_the_first_line_too_deep(depth: int) -> None:
    """The line named is the one that goes past the limit, not the file's first line."""
    with pytest.raises(YamlProblem) as caught:
        parse(_block(depth))
    # Line 1's mapping holds the list that opens on line 2; the list opening on line 42 is the
    # first value inside more than 40 lists and mappings.
    assert caught.value.line == MAX_DEPTH + 2


def test_forty_levels_are_fine() -> None:
    root = parse("name: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n").root
    assert root is not None
    value = root.value["name"]
    for _ in range(MAX_DEPTH - 2):
        value = value[0]
    assert value == ["x"]


def test_nesting_problem_finds_the_line_without_recursion() -> None:
    """What a recursive loader (mkdocs.yml's) asks before it reads a file."""
    problem = nesting_problem("site_name: ok\ntheme:\n  x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n")
    assert problem is not None and problem.line == 3
    assert nesting_problem("site_name: ok\ntheme: {name: material}\n") is None
    assert nesting_problem("a: [unclosed\n") is None  # a syntax error is the parser's to report


def test_a_self_referencing_alias_stops_at_the_depth_limit() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("loop: &a [*a]\n")
    assert (caught.value.line, caught.value.message) == (1, f"the YAML is nested more than {MAX_DEPTH} levels deep")


def test_a_block_scalar_starts_on_the_line_after_its_indicator() -> None:
    """A bio written as `bio: |` has its first line of text below the key: checks of the text
    count from there, so a problem in it is reported at its own line."""
    root = parse("name: Mai\nbio: |\n  First line.\n  Second line.\nnote: >-\n  Folded.\n").root
    assert root is not None
    assert [root.child(k).line for k in ("name", "bio", "note")] == [1, 3, 6]


def test_flow_yaml_past_libyaml_own_limit_is_refused_at_its_line() -> None:
    """libyaml reads `[[[...` to its end before the first event and gives up at 1000 levels;
    the line reported is still the one holding the brackets, not the file's first line."""
    text = "site_name: ok\ntheme:\n  palette: " + "[" * 1500 + "]" * 1500 + "\n"
    problem = nesting_problem(text)
    assert problem is not None and problem.line == 3
    with pytest.raises(YamlProblem) as caught:
        parse(text, line_offset=4)
    assert caught.value.line == 7
