"""Hostile and broken input: validation always ends with file:line problems, never a crash."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.model import load

from .conftest import STORY_PATH, VALID_STORY, make_root, write
from .sitetools import site_builder

KEYS = ["title", "date", "summary", "kind", "principles", "departments", "people", "tags", "awards",
        "cover", "cover_alt", "slug", "draft", "publish_on", "principle", "award", "year", ""]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=40), st.dates(), st.datetimes(max_value=dt.datetime(9999, 1, 1)))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
front_matter = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=12)), values, max_size=10)
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_root(tmp_path_factory.mktemp("hostile"))


def assert_well_reported(root: Path) -> None:
    site, problems = load(root)  # must not raise
    for problem in problems:
        path = root / problem.path
        assert path.exists() or problem.path in ("stories",), problem
        if path.is_file():
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= problem.line <= lines + 1, problem
        assert problem.message


@SETTINGS
@given(front_matter, st.text(max_size=200))
def test_any_front_matter_gives_located_problems(base: Path, front: dict, body: str) -> None:  # type: ignore[type-arg]
    text = yaml.safe_dump(front, allow_unicode=True) if front else ""
    write(base, STORY_PATH, f"---\n{text}---\n{body}\n")
    assert_well_reported(base)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_as_a_story_gives_located_problems(base: Path, text: str) -> None:
    (base / STORY_PATH).write_text(text, encoding="utf-8")
    assert_well_reported(base)


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_a_person_file_give_located_problems(base: Path, data: bytes) -> None:
    (base / "content/people/nguyen-thu-ha.yml").write_bytes(data)
    assert_well_reported(base)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_principles_gives_located_problems(base: Path, text: str) -> None:
    (base / "content/principles.yml").write_text(text, encoding="utf-8")
    assert_well_reported(base)


# -- limits ---------------------------------------------------------------------------------

def test_a_very_large_file_is_refused_clearly(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, STORY_PATH, VALID_STORY + ("word " * 600_000))
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert f"{STORY_PATH}:1: the file is" in result.stdout and "the limit is 2048 KB" in result.stdout


def test_thousands_of_tags_are_refused_clearly(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    tags = ", ".join(f"tag{i}" for i in range(3000))
    write(root, STORY_PATH, VALID_STORY.replace("tags: [tết, night shift]", f"tags: [{tags}]"))
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert f"{STORY_PATH}:9: 3000 tags; the limit is 30" in result.stdout


def test_deeply_nested_yaml_is_refused_clearly(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "content/people/deep.yml", "name: " + "[" * 200 + "]" * 200 + "\n")
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert "content/people/deep.yml:1: the YAML is nested more than 40 levels deep" in result.stdout
    assert "Traceback" not in result.stdout


@pytest.mark.parametrize("cover, message", [
    ("/etc/hostname", "must be a path relative to the file"),
    ("../../../outside.svg", "points outside the content root"),
    ("link-out.svg", "points outside the content root"),  # a symlink to a file outside
])
def test_images_that_leave_the_root_are_refused(tmp_path: Path, cover: str, message: str) -> None:
    root = make_root(tmp_path)
    outside = tmp_path / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    os.symlink(outside, root / "stories/2025/link-out.svg")
    write(root, STORY_PATH, VALID_STORY.replace("tags:", f"cover: {cover}\ncover_alt: A picture\ntags:", 1))
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert f"{STORY_PATH}:9: 'cover'" in result.stdout
    assert message in result.stdout


# -- nesting in Markdown: refused at the line by validate, so build never meets it ------------

# name: (text, message, the line of the text, from 0, where it first goes too deep)
DEEP_BODIES: dict[str, tuple[str, str] | tuple[str, str, int]] = {
    "a list 1000 deep on one line": ("- " * 1000 + "x", "lists and quotes are nested more than 20 levels deep here"),
    "a list 300 deep by indentation": ("".join("    " * i + "- x\n" for i in range(300)),
                                       "lists and quotes are nested more than 20 levels deep here", 20),
    "a list 1000 deep after a turn's label": ("@mai: " + "- " * 1000 + "x",
                                              "lists and quotes are nested more than 20 levels deep here"),
    "quotes 10,000 deep": (">" * 10_000 + " x", "lists and quotes are nested more than 20 levels deep here"),
    "admonitions 100 deep": ("".join("    " * i + "!!! note\n" for i in range(100)),
                             "lists and quotes are nested more than 20 levels deep here", 20),
    "definitions 600 deep": ("".join("    " * i + "term\n\n" + "    " * i + ":   meaning\n\n" for i in range(600)),
                             "lists and quotes are nested more than 20 levels deep here", 4 * 20 + 2),
    "HTML nested 5,000 deep": ("<div>" * 5000 + "x" + "</div>" * 5000,
                               "HTML elements are nested more than 40 levels deep here"),
    "HTML with '<' in quoted values": ('<div title="<">' * 5000 + "x" + "</div>" * 5000,
                                       "HTML elements are nested more than 40 levels deep here"),
    "5,000 stars": ("*" * 5000 + "x" + "*" * 5000, "5000 emphasis marks ('*', '_', '~') in a row"),
    "stars and underscores": ("a " + "*_" * 300 + "x", "600 emphasis marks ('*', '_', '~') in a row"),
}


@pytest.mark.parametrize("name", sorted(DEEP_BODIES))
def test_deep_markdown_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    """Each of these used to pass validation and end the build in a RecursionError that named a
    staged file; now validation names the story's line and the limit."""
    text, message, *where = DEEP_BODIES[name]
    root = make_root(tmp_path)
    story = VALID_STORY + "\nA paragraph first.\n\n" + text + "\n"
    write(root, STORY_PATH, story)
    line = story.count("\n", 0, story.index(text)) + 1 + (where[0] if where else 0)
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1, result.stdout
    assert f"{STORY_PATH}:{line}: {message}" in result.stdout
    assert "Traceback" not in result.stdout


def test_deep_markdown_in_a_bio_is_refused_at_its_line(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "content/people/le-van-hung.yml",
          "name: Lê Văn Hùng\nbio: |\n  Leads the team.\n  " + ">" * 50 + " deep\n")
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert "content/people/le-van-hung.yml:4: lists and quotes are nested more than 20 levels" in result.stdout


AT_THE_LIMITS = "\n\n".join([
    "- " * 20 + "a list twenty deep",
    ">" * 20 + " quotes twenty deep",
    "".join("    " * i + "- indented\n" for i in range(20)),
    "<div>" * 40 + "forty elements" + "</div>" * 40,
    "**" * 20 + "forty stars" + "**" * 20,
    ">" * 10 + " " + "- " * 10 + "**" * 20 + "all at once" + "**" * 20,
    "".join("    " * i + "!!! note\n" for i in range(20)) + "    " * 20 + "admonitions",
    "Placeholders such as stories/<year>/<slug>.md stay text " * 50,
    "* * * * * * * * * * * * * * * * * * * * * * * * * *",
    "*" * 80,
    "~" * 60 + " text",
    "~" * 60,
])


def test_markdown_at_the_limits_validates_and_builds(tmp_path: Path) -> None:
    """The limits are generous for people and safe for the engine: a story that reaches every
    one of them at once is valid and builds."""
    root = make_root(tmp_path)
    write(root, STORY_PATH, VALID_STORY + "\n" + AT_THE_LIMITS + "\n")
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert "Traceback" not in result.stdout
    page = (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    assert "all at once" in page and "forty elements" in page and "admonitions" in page


# -- the nesting limits are upper bounds: what validation lets through, Markdown renders ---------

def _render(text: str) -> str:
    """The story's Markdown as the engine renders it (its extensions), then sanitized."""
    import markdown

    from site_builder.engine.config import defaults
    from site_builder.html.sanitize import sanitize

    names, configs = [], {}
    for entry in defaults()["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "pymdownx.emoji":
            continue  # its configuration holds the engine's own YAML tags
        names.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name]
    return sanitize(markdown.markdown(text, extensions=names, extension_configs=configs))[0]


def _stack_depth() -> int:
    import inspect

    return len(inspect.stack(0))


nested_lines = st.builds(
    lambda indent, markers, html, run: (" " * 4 * indent + "".join(markers) + "<div>" * html + run + "x"
                                        + run[::-1] + "</div>" * html),
    st.integers(0, 30),
    st.lists(st.sampled_from(["> ", ">", "- ", "* ", "+ ", "1. ", ": ", "!!! note "]), max_size=40),
    st.integers(0, 60),
    st.text(alphabet="*_~", max_size=60),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(nested_lines, min_size=1, max_size=6), st.sampled_from(["\n", "\n\n"]))
def test_what_validation_lets_through_renders_with_a_wide_margin(lines: list[str], joiner: str) -> None:
    """Any mix of lists, quotes, admonitions, HTML and emphasis: either validation refuses it,
    or the engine's Markdown renders it within 250 frames of the stack, a quarter of Python's
    limit, so the engine (deeper in its own stack) never meets a RecursionError."""
    import sys

    from site_builder.model.nesting import check_nesting
    from site_builder.model.problems import Problems

    text = joiner.join(lines)
    problems = Problems("story.md")
    check_nesting(text, 1, problems)
    if problems.has_errors:
        return
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + 250)
    try:
        _render(text)
    except RecursionError:
        pytest.fail(f"validation let through Markdown that Markdown cannot render:\n{text[:2000]}")
    finally:
        sys.setrecursionlimit(limit)
