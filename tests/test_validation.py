"""`site-builder validate`, following the editor guide: each mistake is reported as
`PATH:LINE: message (hint)`, the exit code is 1, and nothing crashes.

Every bad-input test starts from the valid root of `make_root` and breaks one thing.
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest

from site_builder.model import load

from .conftest import STORY_PATH, VALID_STORY, line_of, run_cli, write

SVG = "<svg xmlns='http://www.w3.org/2000/svg'/>"


def validate(root: Path, *extra: str) -> tuple[int, str]:
    return run_cli("validate", "--root", root, *extra)


def assert_reported(root: Path, prefix: str, *parts: str) -> str:
    """Validation fails, a line starts with `prefix` ("PATH:LINE:") and contains every part."""
    code, out = validate(root)
    assert code == 1, out
    assert "Traceback" not in out, out
    lines = [line for line in out.splitlines() if line.startswith(prefix + " ")]
    assert lines, f"no problem at {prefix!r} in:\n{out}"
    assert any(all(part in line for part in parts) for line in lines), f"{parts} not in:\n{out}"
    return out


def break_story(root: Path, old: str, new: str) -> None:
    assert old in VALID_STORY
    write(root, STORY_PATH, VALID_STORY.replace(old, new, 1))


# -- the valid root and output formats ---------------------------------------------------

def test_valid_root_exits_0_with_a_one_line_ok_summary(root: Path) -> None:
    code, out = validate(root)
    assert code == 0, out
    assert out.splitlines() == [
        "OK: 1 stories published (0 draft or embargoed held back), 2 principles, 2 departments, 3 people, 1 awards"]


def test_github_format_prints_error_annotations(root: Path) -> None:
    break_story(root, "kind: interview", "kind: intervew")
    code, out = run_cli("validate", "--root", ".", "--format", "github", cwd=root)
    assert code == 1
    assert f"::error file={STORY_PATH},line=5::kind 'intervew' is not one of" in out
    assert "Traceback" not in out


def test_crlf_line_endings_and_utf8_bom_simply_work(root: Path) -> None:
    (root / STORY_PATH).write_bytes(b"\xef\xbb\xbf" + VALID_STORY.replace("\n", "\r\n").encode())
    code, out = validate(root)
    assert code == 0, out


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_file_name_with_spaces_and_vietnamese_letters_gets_an_ascii_slug(root: Path,
                                                                          form: str) -> None:
    write(root, unicodedata.normalize(form, "stories/2025/Tết ở nhà.md"), VALID_STORY)
    code, out = validate(root)
    assert code == 0, out
    site, _ = load(root)
    assert sorted(s.slug for s in site.all_stories) == ["tet-night-shift", "tet-o-nha"]


def test_a_draft_story_is_still_validated(root: Path) -> None:
    write(root, "stories/2025/coming-soon.md", VALID_STORY.replace(
        "principles: [customer-obsession]", "principles: [customr-obsession]\ndraft: true"))
    assert_reported(root, "stories/2025/coming-soon.md:6:", "unknown principle 'customr-obsession'")


def test_build_refuses_invalid_content_and_leaves_site_untouched(root: Path) -> None:
    write(root, "site/index.html", "<p>yesterday's site</p>\n")
    before = {p: p.read_bytes() for p in (root / "site").rglob("*")}
    break_story(root, "kind: interview", "kind: intervew")
    code, out = run_cli("build", "--root", root)
    assert code == 1, out
    assert f"{STORY_PATH}:5: kind 'intervew'" in out
    assert "Traceback" not in out
    assert {p: p.read_bytes() for p in (root / "site").rglob("*")} == before


def test_every_problem_in_every_file_is_reported_in_one_run(root: Path) -> None:
    break_story(root, "kind: interview", "kind: intervew")
    write(root, "stories/2024/old-story.md", VALID_STORY.replace("## Serving", "# Serving"))
    write(root, "content/people/nguyen-thu-ha.yml", "name: Nguyễn Thu Hà\ndepartment: marketing\n")
    with (root / "content/awards.yml").open("a", encoding="utf-8") as awards:
        awards.write("- id: customer-hero\n  name: Customer Hero\n")  # no summary
    code, out = validate(root)
    assert code == 1
    problems = [line for line in out.splitlines() if re.match(r"^\S+:\d+: ", line)]
    assert [p.split(" ")[0] for p in problems] == [
        "content/awards.yml:4:", "content/people/nguyen-thu-ha.yml:2:",
        "stories/2024/old-story.md:14:", f"{STORY_PATH}:5:"]
    assert "4 errors in 4 files; nothing was built" in out


# -- reading the story file --------------------------------------------------------------

def test_file_not_utf8_is_reported_at_the_line_of_the_bad_byte(root: Path) -> None:
    (root / STORY_PATH).write_bytes(VALID_STORY.encode().replace(b"Whether", b"Wh\xe9ther"))
    assert_reported(root, f"{STORY_PATH}:20:", "not UTF-8", "Save with encoding")


@pytest.mark.parametrize("text, line, expected", [
    pytest.param("Tết at the call centre\n\nNo front matter.\n", 1, "the story has no front matter",
                 id="missing-front-matter"),
    pytest.param(VALID_STORY.replace("---\n\n## Serving", "\n## Serving"), 1,
                 "the front matter is not closed", id="unclosed-front-matter"),
    pytest.param("---\n- title: Tết\n- date: 2025-01-27\n---\n\nText.\n", 2,
                 "the front matter must be keys and values", id="front-matter-is-a-list"),
])
def test_front_matter_shape(root: Path, text: str, line: int, expected: str) -> None:
    write(root, STORY_PATH, text)
    assert_reported(root, f"{STORY_PATH}:{line}:", expected)


# -- front matter keys, one broken line each ---------------------------------------------

@pytest.mark.parametrize("old, new, line, expected", [
    pytest.param("summary: How the", "summary: Note: how the", 4,
                 "YAML syntax error: mapping values are not allowed here", id="yaml-syntax-error"),
    pytest.param("principles:", "principle:", 6, "unknown key 'principle' in the front matter "
                 "(did you mean 'principles'?)", id="unknown-key-did-you-mean"),
    pytest.param('title: "Tết at the call centre"\n', "", 2, "the front matter is missing 'title'",
                 id="missing-title"),
    pytest.param("title: \"Tết at the call centre\"", "title: \"Tết\"\ntitle: Again", 3,
                 "key 'title' appears twice (first on line 2)", id="duplicate-key"),
    pytest.param("date: 2025-01-27", "date: 2025-13-40", 3,
                 "'date' must be a date written YYYY-MM-DD, not '2025-13-40'", id="invalid-date"),
    pytest.param("summary: How", "summary: " + "Very long. " * 28 + "How", 4,
                 "the limit is 300", id="summary-too-long"),
    pytest.param("kind: interview", "kind: intervew", 5,
                 "kind 'intervew' is not one of: interview, profile, practice, article "
                 "(did you mean 'interview'?)", id="invalid-kind"),
    pytest.param("principles: [customer-obsession]",
                 "principles:\n  - customer-obsession\n  - ownershp", 8,
                 "unknown principle 'ownershp' (did you mean 'ownership'?)",
                 id="unknown-principle-item-on-its-own-line"),
    pytest.param("principles: [customer-obsession]", "principles: []", 6,
                 "'principles' needs at least one id", id="empty-principles"),
    pytest.param("departments: [customer-care]", "departments: [customer-car]", 7,
                 "unknown department 'customer-car' (did you mean 'customer-care'?)",
                 id="unknown-department"),
    pytest.param("le-van-hung]", "le-van-hung, zed]", 8,
                 "unknown person 'zed' (add it to content/people/ first)", id="unknown-person"),
    pytest.param("award: lotus-stars", "award: lotus-star", 11,
                 "unknown award 'lotus-star' (did you mean 'lotus-stars'?)", id="unknown-award"),
    pytest.param("year: 2025", "year: last year", 11,
                 "an award needs 'year: YYYY', not 'last year'", id="award-without-valid-year"),
    pytest.param("kind: interview", "kind: interview\nslug: Hello World", 6,
                 "'slug' value 'Hello World' is not a valid id", id="invalid-explicit-slug"),
    pytest.param("kind: interview", "kind: interview\ncover: lanterns.svg\ncover_alt: Lanterns",
                 6, "'cover' file 'lanterns.svg' does not exist", id="cover-image-missing"),
])
def test_front_matter_mistake_is_reported_at_its_line(root: Path, old: str, new: str, line: int,
                                                      expected: str) -> None:
    break_story(root, old, new)
    assert_reported(root, f"{STORY_PATH}:{line}:", expected)


def test_cover_without_cover_alt(root: Path) -> None:
    write(root, "stories/2025/lanterns.svg", SVG)
    break_story(root, "kind: interview", "kind: interview\ncover: lanterns.svg")
    assert_reported(root, f"{STORY_PATH}:6:", "'cover' needs 'cover_alt'")


def test_cover_path_escaping_the_root(root: Path) -> None:
    write(root.parent, "outside.svg", SVG)  # the file exists, next to the root
    write(root, "stories/escape.md", VALID_STORY.replace(
        "kind: interview", "kind: interview\ncover: ../../outside.svg\ncover_alt: Elsewhere"))
    assert_reported(root, "stories/escape.md:6:",
                    "'cover' '../../outside.svg' points outside the content root")


def test_duplicate_slug_reports_both_files_each_naming_the_other(root: Path) -> None:
    write(root, "stories/2024/another.md",
          VALID_STORY.replace("date: 2025-01-27", "date: 2024-01-27\nslug: tet-night-shift")
          .replace("year: 2025", "year: 2024"))  # an award cannot be from after the story's date
    out = assert_reported(root, "stories/2024/another.md:4:",
                          f"slug 'tet-night-shift' is also used by {STORY_PATH}:1")
    assert (f"{STORY_PATH}:1: slug 'tet-night-shift' is also used by stories/2024/another.md:4"
            in out)


# -- the body ----------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, expected", [
    pytest.param("## Serving", "# Serving", 14, "a '# ' heading in the body (the title is already",
                 id="h1-heading"),
    pytest.param("@hung: Whether", "@zed: Whether", 20,
                 "speaker '@zed' is not among this story's people "
                 "(the story's people are: @Mai, @Hùng)",
                 id="interview-speaker-not-in-people"),
])
def test_body_mistake_is_reported_at_its_line(root: Path, old: str, new: str, line: int,
                                              expected: str) -> None:
    break_story(root, old, new)
    assert_reported(root, f"{STORY_PATH}:{line}:", expected)


def test_empty_body(root: Path) -> None:
    front_matter = VALID_STORY.split("\n\n", 1)[0]  # lines 1-12, up to the closing '---'
    write(root, STORY_PATH, front_matter + "\n\n   \n")
    assert_reported(root, f"{STORY_PATH}:13:", "the story has no text after the front matter")


# -- content/ files ----------------------------------------------------------------------

def test_yaml_syntax_error_in_departments(root: Path) -> None:
    write(root, "content/departments.yml", """\
        - id: customer-care
          name: Customer Care
        - id: finance
         name: Finance
        """)
    assert_reported(root, "content/departments.yml:4:", "YAML syntax error",
                    "check the indentation")


def test_a_broken_departments_file_is_reported_once_not_at_every_reference(root: Path) -> None:
    write(root, "content/departments.yml", "- id: customer-care\n name: Customer Care\n")
    code, output = run_cli("validate", "--root", str(root))
    assert code == 1
    assert "content/departments.yml:2: YAML syntax error" in output
    assert "unknown department" not in output


def test_duplicate_principle_id_names_the_first_line(root: Path) -> None:
    write(root, "content/principles.yml", """\
        - id: customer-obsession
          name: Customer Obsession
          summary: We start from the customer.
        - id: customer-obsession
          name: Own It
          summary: Problems are yours until solved.
        """)
    assert_reported(root, "content/principles.yml:4:",
                    "principle id 'customer-obsession' is used twice (first on line 1)")


def test_missing_principles_file(root: Path) -> None:
    (root / "content/principles.yml").unlink()
    assert_reported(root, "content/principles.yml:1:", "content/principles.yml is missing")


def test_person_file_with_invalid_name(root: Path) -> None:
    write(root, "content/people/Bad Name.yml", "name: Bad Name\n")
    assert_reported(root, "content/people/Bad Name.yml:1:", "is not a valid person id",
                    "rename it to 'bad-name.yml'")


@pytest.mark.parametrize("text, line, expected", [
    pytest.param("name: Nguyễn Thu Hà\nphoto: photos/ha.svg\n", 2, "'photo' needs 'photo_alt'",
                 id="photo-without-photo-alt"),
    pytest.param("name: Nguyễn Thu Hà\nshort_name: Hà\ndepartment: financ\n", 3,
                 "unknown department 'financ' (did you mean 'finance'?)", id="unknown-department"),
])
def test_person_mistake_is_reported_at_its_line(root: Path, text: str, line: int,
                                                expected: str) -> None:
    write(root, "content/people/photos/ha.svg", SVG)
    write(root, "content/people/nguyen-thu-ha.yml", text)
    assert_reported(root, f"content/people/nguyen-thu-ha.yml:{line}:", expected)


def test_alias_bomb_in_a_person_file_ends_quickly_with_a_clear_error(root: Path) -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    write(root, "content/people/nguyen-thu-ha.yml", "name: Hà\n" + "\n".join(levels) + "\n")
    started = time.monotonic()
    assert_reported(root, "content/people/nguyen-thu-ha.yml:2:", "the YAML expands to more than",
                    "remove YAML aliases")
    assert time.monotonic() - started < 10


def test_html_that_will_be_removed_is_a_warning_with_its_line(root: Path) -> None:
    story = (root / STORY_PATH).read_text(encoding="utf-8")
    write(root, STORY_PATH, story + "\nA <b onclick=\"go()\">bold</b> move. [Open](javascript:go())\n"
                                    "\n```\n<script>fine inside code</script>\n```\n")
    code, output = run_cli("validate", "--root", str(root))
    assert code == 0, output
    last = len(story.splitlines()) + 2
    assert f"{STORY_PATH}:{last}: warning: onclick= on <b> is removed from the published page" in output
    assert f"{STORY_PATH}:{last}: warning: the link 'javascript:go(' is removed" in output
    assert "<script>" not in output, "code blocks are shown as code, not removed"


def test_a_missing_picture_in_the_text_is_an_error_at_its_line(root: Path) -> None:
    story = (root / STORY_PATH).read_text(encoding="utf-8")
    write(root, STORY_PATH, story + "\n![The team](team-photo.jpg)\n")
    assert_reported(root, f"{STORY_PATH}:{len(story.splitlines()) + 2}:", "'picture' file 'team-photo.jpg' does not exist")


def test_an_unknown_person_is_reported_once_not_again_at_every_turn(root: Path) -> None:
    story = VALID_STORY.replace("people: [tran-thi-mai, le-van-hung]", "people: [tran-thi-mai, le-van-hung, nguyen-thi-lan]")
    story += "\n@nguyen-thi-lan: I joined the night shift last week.\n"
    write(root, STORY_PATH, story)
    code, output = run_cli("validate", "--root", root)
    assert code == 1
    errors = [line for line in output.splitlines() if line.startswith(STORY_PATH)]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{STORY_PATH}:{line_of(story, 'people:')}: unknown person 'nguyen-thi-lan'")
