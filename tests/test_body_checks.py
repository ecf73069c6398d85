"""Validation that cannot pass a broken story: each silent failure of issue 10 is now reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.model import load
from site_builder.model.body_checks import SCAFFOLD_TEXT
from site_builder.authoring.scaffold import TEMPLATES

from .conftest import STORY_PATH, VALID_STORY, make_root, write

END = 21  # the first line after VALID_STORY


def problems_after(tmp_path: Path, extra: str, story: str = VALID_STORY) -> list[tuple[int, str, str, str]]:
    root = make_root(tmp_path)
    write(root, STORY_PATH, story + extra)
    return [(p.line, p.severity, p.message, p.hint) for p in load(root)[1] if p.path == STORY_PATH]


@pytest.mark.parametrize("label", ["Mai:", "mai:", "Trần Thị Mai:", "**Hùng:**", "Ms. Mai (Agent):"])
def test_an_answer_pasted_without_at_is_an_error_naming_the_fix(tmp_path: Path, label: str) -> None:
    [(line, severity, message, hint)] = problems_after(tmp_path, f"\n{label} We stayed all night.\n")
    assert (line, severity) == (END + 1, "error")
    assert "looks like an answer by @" in message
    assert hint.startswith("write `@") and "We stayed all night" in hint


def test_a_name_and_colon_inside_a_sentence_is_not_an_answer(tmp_path: Path) -> None:
    assert problems_after(tmp_path, "\nWe asked Mai: would you do it again?\n") == []


@pytest.mark.parametrize("line", ["Q4 to @mai, @hung: Both of you?", "@ mai: Yes.", "Q1 To Mai: Why?",
                                  "Q3 for @mai: Why?"])
def test_a_turn_marker_that_does_not_parse_is_an_error(tmp_path: Path, line: str) -> None:
    [(number, severity, message, hint)] = problems_after(tmp_path, f"\n{line}\n")
    assert (number, severity) == (END + 1, "error")
    assert "starts like a turn marker but is not one" in message
    assert "`Q3 to @a and @b: …`" in hint


def test_a_marker_glued_to_the_paragraph_above_is_an_error(tmp_path: Path) -> None:
    [(number, _, message, hint)] = problems_after(tmp_path, "\nAnd then she laughed.\n@mai: It was fun.\n")
    assert number == END + 2 and "continues the paragraph above" in message and hint == "leave a blank line before it"


@pytest.mark.parametrize("item", ["- the phones", "* the phones", "1. the phones", "2) the phones"])
def test_a_list_line_right_under_a_paragraph_line_is_an_error(tmp_path: Path, item: str) -> None:
    found = problems_after(tmp_path, f"\nWe kept three things going:\n{item}\n- the app\n")
    assert [(n, m.split(",")[0]) for n, _, m, _ in found] == [(END + 2, "this list line comes right under a "
                                                                        "paragraph line")]
    assert found[0][3] == "leave a blank line before the list"


def test_a_list_after_a_blank_line_and_its_continuation_lines_are_fine(tmp_path: Path) -> None:
    extra = "\nWe kept three things going:\n\n- the phones\n  and the chat\n- the app\n"
    assert problems_after(tmp_path, extra) == []


@pytest.mark.parametrize("text", ["Write the answer here. A turn goes on", "A few sentences about Mai.",
                                  "Introduce the conversation in a paragraph or two: who, why now"])
def test_text_left_over_from_a_scaffold_is_an_error(tmp_path: Path, text: str) -> None:
    [(number, severity, message, hint)] = problems_after(tmp_path, f"\n@mai: {text}\n")
    assert (number, severity) == (END + 1, "error")
    assert message.startswith("text left over from a scaffold")
    assert hint == "replace it with the real text, or delete the line"


def test_a_scaffold_bio_left_in_a_person_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "content/people/tran-thi-mai.yml", "name: Trần Thị Mai\nshort_name: Mai\nbio: |\n"
                                                   "  A few sentences about Mai.\n")
    [problem] = [p for p in load(root)[1] if p.path == "content/people/tran-thi-mai.yml"]
    assert (problem.line, problem.severity) == (4, "error")


def test_every_scaffold_placeholder_the_check_knows_is_still_in_a_template() -> None:
    templates = "".join(p.read_text(encoding="utf-8") for p in TEMPLATES.iterdir())
    for text in SCAFFOLD_TEXT:
        assert text.strip() in templates, text


@pytest.mark.parametrize("remark", ["Thank you, Mai and Hùng, for your time.", "Congratulations to both!"])
def test_a_closing_remark_inside_the_last_turn_is_a_warning(tmp_path: Path, remark: str) -> None:
    [(number, severity, message, hint)] = problems_after(tmp_path, f"\n{remark}\n")
    assert (number, severity) == (END + 1, "warning")
    assert "inside the last turn" in message and "'---'" in hint


def test_a_closing_remark_after_a_rule_is_fine(tmp_path: Path) -> None:
    assert problems_after(tmp_path, "\n---\n\nThank you, Mai and Hùng.\n") == []


def test_a_question_to_two_people_checks_each_addressee(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "\nQ3 to @mai and @ha: And you two?\n")
    assert [(n, m) for n, _, m, _ in found] == [(END + 1, "speaker '@ha' is not among this story's people")]


def test_a_question_to_two_people_names_both_in_the_model(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, STORY_PATH, VALID_STORY + "\nQ3 to @mai and @hung: And you two?\n\nQ to @hung, @mai and @mai: x\n")
    site, problems = load(root)
    [story] = site.all_stories
    assert [(t.number, t.addressee, t.addressees) for t in story.turns[-2:]] == [
        ("3", "tran-thi-mai", ("tran-thi-mai", "le-van-hung")),
        ("", "le-van-hung", ("le-van-hung", "tran-thi-mai", "tran-thi-mai"))]


def test_an_old_single_addressee_turn_is_unchanged(tmp_path: Path) -> None:
    site, _ = load(make_root(tmp_path))
    [story] = site.all_stories
    assert story.turns[1].addressee == "le-van-hung" and story.turns[1].addressees == ("le-van-hung",)


def test_an_award_hint_names_no_other_companys_award(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "", VALID_STORY.replace("awards:\n  - {award: lotus-stars, year: 2025}",
                                                             "awards: lotus-stars"))
    [(_, _, message, hint)] = found
    assert message == "'awards' must be a list" and "lotus" not in hint and "content/awards.yml" in hint


def test_a_damaged_picture_whose_name_has_a_space_is_reported_at_the_line_naming_it(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from .sitetools import site_builder

    root = make_root(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 200)).save(buffer, "JPEG")
    (root / "stories/2025/night shift.jpg").write_bytes(buffer.getvalue()[:900])  # the header alone is fine
    story = VALID_STORY.replace("---\n\n##", "cover: night shift.jpg\ncover_alt: The team\n---\n\n##")
    write(root, STORY_PATH, story)
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 1, result.stdout
    line = story.split("\n").index("cover: night shift.jpg") + 1
    assert f"{STORY_PATH}:{line}: 'cover' 'night shift.jpg' cannot be read as an image" in result.stdout


def test_a_picture_that_fails_in_the_build_is_reported_at_its_own_path_spaces_and_all() -> None:
    from site_builder.pipeline.pipeline import picture_problem
    from site_builder.media.images import ImageError

    problem = picture_problem(ImageError("cannot be read as an image: the file is damaged",
                                         "media/stories/2025/night shift.jpg"))
    assert (problem.path, problem.line) == ("stories/2025/night shift.jpg", 1)
    assert problem.message == "cannot be read as an image: the file is damaged"



def test_the_hint_for_an_unmarked_answer_is_the_whole_corrected_line(tmp_path: Path) -> None:
    [(_, _, _, hint)] = problems_after(tmp_path, "\n**Hùng:** We stayed until the last call at six.\n")
    assert hint == "write `@hung: We stayed until the last call at six.`"


def test_a_turn_marker_inside_a_list_item_is_an_error(tmp_path: Path) -> None:
    [(number, severity, message, hint)] = problems_after(tmp_path, "\n- @hung: And the app.\n")
    assert (number, severity) == (END + 1, "error")
    assert message == ("this turn marker is inside a list item, so the turn is shown as a bullet inside the "
                       "turn before it")
    assert hint == "write `@hung: And the app.` as a paragraph of its own, with an empty line before it"


def test_a_label_after_a_closing_rule_is_still_checked(tmp_path: Path) -> None:
    [(number, _, message, _)] = problems_after(tmp_path, "\n---\n\n**Mai:** One more thing.\n")
    assert number == END + 3 and "looks like an answer by @mai" in message
