"""Interview turn markers, as the editor guide's table lists them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from site_builder.model import load
from site_builder.model.interview import Marker, label, markers, segments

from .conftest import STORY_PATH, VALID_STORY, make_root, write


def body(text: str) -> str:
    return textwrap.dedent(text)


@pytest.mark.parametrize("marker, question, number, speaker, addressee", [
    pytest.param("@mai:", False, "", "mai", "", id="answer"),
    pytest.param("Q:", True, "", "", "", id="question"),
    pytest.param("Q3:", True, "3", "", "", id="numbered-question"),
    pytest.param("Q3 to @mai:", True, "3", "", "mai", id="numbered-question-to"),
    pytest.param("Q by @hung:", True, "", "hung", "", id="question-by"),
    pytest.param("Q2 by @hung to @mai:", True, "2", "hung", "mai", id="question-by-to"),
])
def test_the_six_marker_forms(marker: str, question: bool, number: str, speaker: str,
                              addressee: str) -> None:
    found = markers(f"{marker} Why nights?\n")
    assert found == [Marker(0, question, number, speaker, addressee, "Why nights?")]


def test_a_person_id_with_hyphens_is_a_reference() -> None:
    [marker] = markers("@tran-thi-mai: Yes.\n")
    assert marker.speaker_ref == "tran-thi-mai"


@pytest.mark.parametrize("line", [
    "Write to mai@example.com: she answers.",
    "@mai said: hello",
    "Q3 for @mai: not a form in the guide",
    "Question: is this a marker?",
    "@mai:no space after the colon",
])
def test_text_that_is_not_a_marker(line: str) -> None:
    assert markers(line + "\n") == []


def test_marker_must_start_a_paragraph() -> None:
    text = body("""\
        Mai told us about the night shift,
        @mai: which is not a turn, only a continued paragraph.
        """)
    assert markers(text) == []


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_markers_inside_fenced_code_are_ignored(fence: str) -> None:
    text = body(f"""\
        {fence}text

        @zed: an example, not a turn
        {fence}

        @mai: A real turn.
        """)
    assert [(m.index, m.speaker_ref) for m in markers(text)] == [(5, "mai")]


def test_a_turn_goes_on_through_paragraphs_lists_and_quotes() -> None:
    text = body("""\
        @mai: Our first customers are the agents.

        - They get the script first.
        - They can change it.

        > A quote from the floor.

        And one more paragraph.

        @hung: Next turn.
        """)
    first, second = [s for s in segments(text) if s.marker]
    assert (first.start, first.end) == (0, 9)
    assert (second.start, second.marker.speaker_ref) == (9, "hung")


@pytest.mark.parametrize("stop", ["## What next", "### Smaller heading", "---", "***"])
def test_a_turn_ends_at_a_heading_or_a_rule(stop: str) -> None:
    text = body(f"""\
        @mai: More sleep for everyone.

        {stop}

        Plain text after the turn.
        """)
    parts = [(s.start, s.end, s.marker.speaker_ref if s.marker else None) for s in segments(text)]
    assert parts == [(0, 2, "mai"), (2, 6, None)]


def test_segments_cover_every_line_once() -> None:
    text = body("""\
        Intro paragraph.

        @mai: One.

        Q4 to @mai: Two?

        ## Heading

        Outro.
        """)
    parts = segments(text)
    assert parts[0].start == 0 and parts[-1].end == len(text.split("\n"))
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    assert [m.index for m in markers(text)] == [2, 4]


def test_speakers_match_by_id_or_short_name_ignoring_capitals_and_accents(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    more = "\n@HUNG: Again.\n\n@le-van-hung: And again.\n\n@Mái: Yes.\n"  # lines 22, 24, 26
    write(root, STORY_PATH, VALID_STORY + more)
    site, problems = load(root)
    assert problems == []
    [story] = site.all_stories
    assert [(t.line, t.kind, t.speaker, t.addressee) for t in story.turns] == [
        (16, "answer", "tran-thi-mai", ""), (18, "question", "", "le-van-hung"),
        (20, "answer", "le-van-hung", ""), (22, "answer", "le-van-hung", ""),
        (24, "answer", "le-van-hung", ""), (26, "answer", "tran-thi-mai", "")]


@pytest.mark.parametrize("before", ["## Round two", "---", "```\ncode\n```"])
def test_a_marker_may_follow_a_heading_a_break_or_a_fence_directly(before: str) -> None:
    found = markers(f"{before}\n@mai: Straight after it.\n")
    assert [m.speaker_ref for m in found] == ["mai"]


def test_a_turn_right_after_a_heading_is_rendered_as_a_turn(tmp_path: Path) -> None:
    from site_builder.pages.stage import generate

    root = make_root(tmp_path)
    write(root, STORY_PATH, VALID_STORY.replace("## Serving each other first\n\n", "## Serving each other first\n"))
    site, problems = load(root)
    assert [p for p in problems if p.severity == "error"] == []
    page = generate(site)["stories/tet-night-shift.md"]
    heading = page.index("## Serving each other first")
    assert page[heading:].split("\n")[1:3] == ["", '<div class="sb-turn sb-turn--answer" markdown="1">']


# -- speaker labels and the previous release's turns (issue 19) ------------------------------

NAMES = {"mai": "tran-thi-mai", "tran thi mai": "tran-thi-mai", "hung": "le-van-hung"}


@pytest.mark.parametrize("line, name, honorific, role, broken", [
    pytest.param("Mai: Yes.", "Mai", "", "", False, id="plain"),
    pytest.param("**Mai:** Yes.", "Mai", "", "", False, id="bold"),
    pytest.param("**Mai**: Yes.", "Mai", "", "", False, id="bold-colon-outside"),
    pytest.param("*Mai:* Yes.", "Mai", "", "", False, id="italic"),
    pytest.param("MAI: Yes.", "MAI", "", "", False, id="capitals"),
    pytest.param("Mr. Tuan Bui (Brand Manager): Yes.", "Tuan Bui", "Mr.", "Brand Manager", False, id="title-role"),
    pytest.param("Chị Mai: Vâng.", "Mai", "Chị", "", False, id="vietnamese-honorific"),
    pytest.param("*MAI:** Yes.", "MAI", "", "", True, id="broken-word-import"),
])
def test_speaker_label_forms(line: str, name: str, honorific: str, role: str, broken: bool) -> None:
    found = label(line)
    assert found is not None
    assert (found.name, found.honorific, found.role, found.broken) == (name, honorific, role, broken)
    assert found.rest == line.rsplit(" ", 1)[1]  # the words after the label


@pytest.mark.parametrize("line", ["@mai: a marker", "Q3: a marker", "See https://example.com: no", "We asked Mai: why?"])
def test_what_is_not_a_speaker_label(line: str) -> None:
    found = label(line)
    assert found is None or not found.name_like


@pytest.mark.parametrize("written", ["**Mai:**", "Mai:", "*Trần Thị Mai:*", "MAI:"])
def test_a_label_alone_above_the_answer_is_a_turn_only_with_the_storys_names(written: str) -> None:
    text = f"{written}\n\nWe kept the phones on.\n"
    assert markers(text) == []
    [marker] = markers(text, NAMES)
    assert (marker.index, marker.question, marker.speaker_ref, marker.label, marker.text) == (
        0, False, "tran-thi-mai", written, "")


@pytest.mark.parametrize("text", ["**Ha:**\n\nNot one of the story's people.\n", "**Mai:** With text.\n",
                                  "**Mai:**\n\n## A heading, not an answer\n", "**Mai:**\n"])
def test_a_label_alone_is_no_turn_without_a_known_name_or_an_answer(text: str) -> None:
    assert markers(text, NAMES) == []


def test_an_old_turn_runs_until_the_next_turn() -> None:
    text = body("""\
        Hùng:
        The app stays up.

        And the chat too.

        **Mai:**

        We rotate.
        """)
    parts = [(s.start, s.end, s.marker.speaker_ref) for s in segments(text, NAMES) if s.marker]
    assert parts == [(0, 5, "le-van-hung"), (5, 9, "tran-thi-mai")]
