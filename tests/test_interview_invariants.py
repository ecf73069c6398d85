"""Issue 19, items 8 and 9: nothing that renders wrong validates, and old content keeps building.

Each test writes one small story into the `minimal` root (people: Trần Thị Mai `@mai`, Lê Văn
Hùng `@hung`; Nguyễn Thu Hà `@ha` exists but is not in the story) and checks what an editor sees.
"""

from __future__ import annotations

import html
import random
import re
from pathlib import Path

import pytest

from site_builder.model import load

from .conftest import INTERVIEW_FRONT as FRONT
from .conftest import STORY_PATH, make_root, run_cli, write

BODY_LINE = FRONT.count("\n") + 1  # the line where the text after FRONT starts


def problems(tmp_path: Path, body: str, front: str = FRONT) -> list[tuple[int, str, str, str]]:
    root = make_root(tmp_path)
    write(root, STORY_PATH, front + body)
    return [(p.line, p.severity, p.message, p.hint) for p in load(root)[1] if p.path == STORY_PATH]


def errors(tmp_path: Path, body: str, front: str = FRONT) -> list[tuple[int, str, str]]:
    return [(line, message, hint) for line, severity, message, hint in problems(tmp_path, body, front)
            if severity == "error"]


# -- item 8: a label-like paragraph that is not a turn --------------------------------------

@pytest.mark.parametrize("label", ["**Mai:**", "*Mai:*", "**Mai**:", "MAI:", "Ms. Mai:", "Chị Mai:",
                                   "Mai (Agent):", "**Trần Thị Mai (Night lead):**"])
def test_a_label_of_a_story_person_with_text_is_an_error_whose_hint_is_the_corrected_line(
        tmp_path: Path, label: str) -> None:
    [(line, message, hint)] = errors(tmp_path, "Q1: Who answers at night?\n\n"
                                               f"{label} The four of us on rotation.\n")
    assert line == BODY_LINE + 2
    assert f"'{label}' looks like an answer by @mai" in message
    assert hint == "write `@mai: The four of us on rotation.`"


def test_the_hint_for_an_old_bold_label_is_never_a_pair_of_stars(tmp_path: Path) -> None:
    body = "Q1: Who answers?\n\n**Mai:**\n\n## Later\n\nThe four of us.\n"  # alone, but no answer follows
    [(_, _, hint)] = errors(tmp_path, body)
    assert "**" not in hint and hint == "write `@mai:`"


@pytest.mark.parametrize("label", ["Mr. Minh (Driver):", "**Anh Tuấn:**", "Bà Lan (Cashier):"])
def test_a_label_with_an_honorific_or_a_role_that_names_nobody_is_an_error(tmp_path: Path, label: str) -> None:
    [(line, message, hint)] = errors(tmp_path, f"@mai: We rotate.\n\n{label} I was on the bus.\n")
    assert line == BODY_LINE + 2
    assert message == f"'{label}' looks like a speaker label but is not a turn, so it is shown as plain text"
    assert "site-builder new person --name" in hint and "I was on the bus." in hint


def test_a_recurring_label_that_names_nobody_is_an_error_at_each_line(tmp_path: Path) -> None:
    body = "@mai: We rotate.\n\nGUEST: First visit.\n\n@hung: Welcome.\n\nGUEST: Thank you all.\n"
    found = errors(tmp_path, body)
    assert [(line, message.split(" looks")[0]) for line, message, _ in found] == [
        (BODY_LINE + 2, "'GUEST:'"), (BODY_LINE + 6, "'GUEST:'")]


def test_a_label_naming_someone_outside_the_story_says_to_add_them(tmp_path: Path) -> None:
    [(line, message, hint)] = errors(tmp_path, "@mai: We rotate.\n\n**Hà:** Finance signs it off.\n")
    assert line == BODY_LINE + 2
    assert message == ("'**Hà:**' looks like an answer by Nguyễn Thu Hà, who is not in this story's "
                       "'people:', so it is shown as plain text")
    assert hint == "add 'nguyen-thu-ha' to 'people:' and write `@ha: Finance signs it off.`"


@pytest.mark.parametrize("label, marker", [("**Q:**", "Q:"), ("**Q2:**", "Q2:"), ("Question 3:", "Q3:"),
                                           ("**Interviewer:**", "Q:"), ("PV:", "Q:")])
def test_a_question_label_is_an_error_whose_hint_is_the_marker(tmp_path: Path, label: str, marker: str) -> None:
    [(line, message, hint)] = errors(tmp_path, f"@mai: We rotate.\n\n{label} Why nights?\n\n@mai: Quiet.\n")
    assert line == BODY_LINE + 2 and "looks like a question" in message
    assert hint == f"write `{marker} Why nights?`"


@pytest.mark.parametrize("text", ["Note: the phones stay on.", "In short: we rotate.", "Why it matters: trust.",
                                  "Update (March 2025): the rota changed.", "*Photo: the team at 3 a.m.*"])
def test_a_lead_in_that_is_no_label_passes(tmp_path: Path, text: str) -> None:
    assert errors(tmp_path, f"@mai: We rotate.\n\n{text}\n") == []


@pytest.mark.parametrize("line, new", [("Hùng: And I sleep.", "@hung: And I sleep."),
                                       ("**Q2:** And then?", "Q2: And then?")])
def test_a_label_on_a_line_inside_a_paragraph_is_an_error(tmp_path: Path, line: str, new: str) -> None:
    [(number, message, hint)] = errors(tmp_path, f"@mai: We rotate.\n{line}\n")
    assert number == BODY_LINE + 1
    assert message == f"'{line.split(' ')[0]}' starts a line inside the paragraph above, so it is shown as part of that paragraph"
    assert hint == f"leave an empty line before it; write `{new}`"


# -- item 8: list items ---------------------------------------------------------------------

@pytest.mark.parametrize("item", ["- **Hùng:** The app stays up.", "- *HÙNG:** The app stays up.",
                                  "* Hùng: The app stays up."])
def test_a_list_item_that_starts_with_a_speakers_label_is_an_error(tmp_path: Path, item: str) -> None:
    [(line, message, hint)] = errors(tmp_path, f"@mai: We rotate.\n\n{item}\n")
    assert line == BODY_LINE + 2
    assert message.startswith("this list item starts with the speaker label")
    assert hint.startswith("write `@hung: The app stays up.` as a paragraph of its own")


def test_a_broken_bold_label_of_an_unknown_speaker_in_a_list_is_an_error(tmp_path: Path) -> None:
    [(line, message, _)] = errors(tmp_path, "@mai: We rotate.\n\n- *KIM LOAN:** I drive the van.\n")
    assert line == BODY_LINE + 2 and "'*KIM LOAN:**'" in message


def test_a_list_of_who_does_what_inside_an_answer_passes(tmp_path: Path) -> None:
    body = "@mai: Each of us has a job:\n\n- Mai: the phones\n- Hùng: the app\n"
    assert errors(tmp_path, body) == []


@pytest.mark.parametrize("item, marker", [("1. What would you change?", "Q1:"), ("2) And for both of you? (to both)", "Q2:"),
                                          ("- What next?", "Q:")])
def test_a_question_written_as_a_list_item_between_turns_is_an_error(tmp_path: Path, item: str,
                                                                    marker: str) -> None:
    body = f"@mai: We rotate.\n\n{item}\n\n@hung: More sleep.\n"
    [(line, message, hint)] = errors(tmp_path, body)
    assert line == BODY_LINE + 2 and "this question is written as a list item" in message
    assert hint == f"write `{marker} {item.split(' ', 1)[1]}`"


def test_a_list_of_questions_inside_an_answer_passes(tmp_path: Path) -> None:
    body = "@mai: Callers ask two things:\n\n- Is the app down?\n- Can I pay later?\n\n@hung: And we answer both.\n"
    assert errors(tmp_path, body) == []


# -- item 8: awards, turns and people ---------------------------------------------------------

def test_an_award_for_a_year_after_the_storys_date_is_an_error_at_its_line(tmp_path: Path) -> None:
    front = FRONT.replace("---\n\n", "awards:\n  - {award: lotus-stars, year: 2026}\n---\n\n")
    [(line, message, hint)] = errors(tmp_path, "@mai: We rotate.\n", front)
    assert line == front.split("\n").index("  - {award: lotus-stars, year: 2026}") + 1
    assert message == "the award year 2026 is after the story's date (2025-01-27)"
    assert hint.startswith("write `year: 2025`")


def test_an_award_in_the_storys_own_year_passes(tmp_path: Path) -> None:
    front = FRONT.replace("---\n\n", "awards:\n  - {award: lotus-stars, year: 2025}\n---\n\n")
    assert errors(tmp_path, "@mai: We rotate.\n", front) == []


def test_an_interview_with_no_turns_is_an_error(tmp_path: Path) -> None:
    [(line, message, hint)] = errors(tmp_path, "We talked about the night shift for an hour.\n")
    assert (line, message) == (BODY_LINE, "this interview has no turns, so nobody's words are attributed")
    assert hint == "start each answer with `@mai: …` and each question with `Q1 to @mai: …`"


def test_an_article_with_no_turns_passes(tmp_path: Path) -> None:
    assert errors(tmp_path, "The night shift, told in prose.\n", FRONT.replace("kind: interview", "kind: article")) == []


def test_a_speaker_missing_from_people_is_an_error(tmp_path: Path) -> None:
    [(line, message, hint)] = errors(tmp_path, "@mai: We rotate.\n\n@ha: I sign it off.\n")
    assert (line, message) == (BODY_LINE + 2, "speaker '@ha' is not among this story's people")
    assert "@Mai" in hint and "@Hùng" in hint


# -- item 9: the previous release's turns ------------------------------------------------------

OLD_SHAPE = """\
Q1: Who answers the phones after midnight?

**Mai:**

The four of us, on a rota we drew up in December.

Q2: And when the app goes down?

Hùng:
We page the on-call engineer and answer by hand.
"""


def test_a_label_alone_above_its_answer_is_that_persons_turn(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, STORY_PATH, FRONT + OLD_SHAPE)
    site, found = load(root)
    assert [p.severity for p in found if p.path == STORY_PATH] == ["warning", "warning"]
    [story] = [s for s in site.all_stories if str(s.path) == STORY_PATH]
    assert [(t.line - BODY_LINE, t.kind, t.speaker) for t in story.turns] == [
        (0, "question", ""), (2, "answer", "tran-thi-mai"), (6, "question", ""), (8, "answer", "le-van-hung")]


def test_the_old_turn_warning_points_at_fix_with_the_new_line(tmp_path: Path) -> None:
    [first, _] = problems(tmp_path, OLD_SHAPE)
    assert first[:3] == (BODY_LINE + 2, "warning", "'**Mai:**' alone on its line is read as @mai's turn, "
                                                   "the way the previous release wrote turns")
    assert first[3] == "run `site-builder fix`, or write `@mai: The four of us, on a rota we drew up in December.`"


def test_a_label_alone_that_names_nobody_in_the_story_is_not_a_turn(tmp_path: Path) -> None:
    body = "@mai: We rotate.\n\n**Hà:**\n\nFinance signs it off.\n"
    [(line, message, _)] = errors(tmp_path, body)
    assert line == BODY_LINE + 2 and "who is not in this story's 'people:'" in message


def turns_on(page: str) -> list[tuple[str, str]]:
    """(kind, markup) of each turn block on a built story page, in order."""
    chunks = page.split('<div class="sb-turn sb-turn--')[1:]
    return [(chunk.split('"', 1)[0], chunk[:chunk.index("\n</div>")]) for chunk in chunks]


def test_a_story_in_the_previous_releases_shape_builds_with_each_turn_attributed(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, STORY_PATH, FRONT + OLD_SHAPE)
    code, out = run_cli("build", "--root", root)
    assert code == 0, out
    page = (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    answers = [html for kind, html in turns_on(page) if kind == "answer"]
    assert len(answers) == 2, page
    assert "Trần Thị Mai" in answers[0] and "The four of us, on a rota" in answers[0]
    assert "Lê Văn Hùng" in answers[1] and "We page the on-call engineer" in answers[1]
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Mai:" not in text and "Hùng:" not in text


# -- the property: whatever validates renders every turn as a turn ----------------------------

# A grammar of turns: the forms that are turns (markers; a label of the story's people alone
# above its answer) and forms that are not (labels with text, labels in lists, unknown labels,
# questions as list items). Most draws are turns, so both accepted and refused stories come out.
TURN_LABELS = ["@mai:", "@hung:", "Mai:", "**Hùng:**", "*Mai:*", "**Mai**:", "MAI:", "Ms. Mai:", "Mai (Agent):",
               "Chị Mai:", "**Trần Thị Mai:**"]
OTHER_LABELS = ["*MAI:**", "**Hà:**", "GUEST:", "Mai", "Hùng said:"]
SHAPES = ["{label} {text}", "{label}\n\n{text}", "{label}\n{text}", "- {label} {text}", "1. {label} {text}"]
QUESTIONS = ["Q{n}: {q}", "Q{n} to @mai: {q}", "**Q{n}:** {q}", "{n}. {q}", "- {q}", "Question {n}: {q}"]


def _pick(rng: random.Random, likely: list[str], others: list[str]) -> str:
    return rng.choice(likely if rng.random() < 0.8 else others)


def _story(rng: random.Random) -> str:
    parts = []
    for n in range(1, rng.randint(2, 4)):
        parts.append(_pick(rng, QUESTIONS[:2], QUESTIONS[2:]).format(n=n, q=f"What changed in week {n}?"))
        label = _pick(rng, TURN_LABELS, OTHER_LABELS)
        shape = SHAPES[0] if label.startswith("@") and rng.random() < 0.8 else _pick(rng, SHAPES[1:3], SHAPES)
        parts.append(shape.format(label=label, text=f"We moved the rota {n} times."))
    text = parts[0]
    for part in parts[1:]:  # now and then no empty line between turns, as some transcripts have
        text += rng.choice(["\n\n", "\n\n", "\n\n", "\n"]) + part
    return text + "\n"


def _leftover_labels(page: str) -> list[str]:
    """Lines of paragraphs and list items that still begin with a speaker's label."""
    blocks = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", page, re.S)
    label = re.compile(r"^(?:<[^>]+>)*\s*@?(?:ms\.\s*|chị\s*)?(?:mai|hùng|trần thị mai|hà|guest|q\d*|question \d*)"
                       r"(?:\s*\([^)]*\))?\s*(?:<[^>]+>)*\s*:", re.I)
    return [line for block in blocks for line in html.unescape(block).split("\n") if label.match(line)]


def test_any_story_that_validates_renders_every_turn_as_a_turn(tmp_path: Path) -> None:
    rng = random.Random(19)
    bodies = list(dict.fromkeys(_story(rng) for _ in range(200)))
    accepted: list[tuple[str, int]] = []
    for index, body in enumerate(bodies):
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        if not errors(folder, body):
            accepted.append((body, index))
    assert 40 <= len(accepted) <= len(bodies) - 40  # the grammar makes both kinds: the test proves something
    root = make_root(tmp_path / "built")
    (root / STORY_PATH).unlink()
    for body, index in accepted:
        front = FRONT.replace('"Night shift"', f'"Night shift {index}"')
        write(root, f"stories/2025/case-{index}.md", front + body)
    code, out = run_cli("build", "--root", root)
    assert code == 0, out
    site, _ = load(root)
    for story in site.all_stories:
        page = (root / f"site/stories/{story.slug}/index.html").read_text(encoding="utf-8")
        assert [kind for kind, _ in turns_on(page)] == [turn.kind for turn in story.turns], story.body
        assert _leftover_labels(page) == [], story.body
