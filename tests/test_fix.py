"""`site-builder fix`: one command turns a story validation refuses into one it accepts.

The stories are written in the `minimal` root (Trần Thị Mai `@mai`, Lê Văn Hùng `@hung` in the
story; Nguyễn Thu Hà exists but is not in it).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from .conftest import INTERVIEW_FRONT as FRONT
from .conftest import STORY_PATH, make_root, run_cli, write

FIRST = FRONT.count("\n") + 1  # the line of the body's first text

NEEDS_FIX = """\
**Q1:** Who answers the phones after midnight?

Mai: The four of us, on a rota we drew up in December.

- **Hùng:** We page the on-call engineer.

2. What would you keep for next year?

**Hùng:**

The tea.
"""
FIXED = """\
Q1: Who answers the phones after midnight?

@mai: The four of us, on a rota we drew up in December.

@hung: We page the on-call engineer.

Q2: What would you keep for next year?

@hung: The tea.
"""


def story_root(tmp_path: Path, body: str = NEEDS_FIX) -> Path:
    root = make_root(tmp_path)
    write(root, STORY_PATH, FRONT + body)
    return root


def test_fix_rewrites_a_refused_story_so_that_it_validates(tmp_path: Path) -> None:
    root = story_root(tmp_path)
    assert run_cli("validate", "--root", root)[0] == 1
    code, out = run_cli("fix", "--root", root)
    assert code == 0, out
    assert (root / STORY_PATH).read_text(encoding="utf-8") == FRONT + FIXED
    code, out = run_cli("validate", "--root", root)
    assert code == 0, out


def test_fix_lists_each_change_with_its_path_and_line(tmp_path: Path) -> None:
    code, out = run_cli("fix", "--root", story_root(tmp_path))
    assert out.splitlines() == [
        f"{STORY_PATH}:{FIRST}: **Q1:** Who answers the phones after midnight? → "
        "Q1: Who answers the phones after midnight?",
        f"{STORY_PATH}:{FIRST + 2}: Mai: The four of us, on a rota we drew up in December. → "
        "@mai: The four of us, on a rota we drew up in December.",
        f"{STORY_PATH}:{FIRST + 4}: - **Hùng:** We page the on-call engineer. → @hung: We page the on-call engineer.",
        f"{STORY_PATH}:{FIRST + 6}: 2. What would you keep for next year? → Q2: What would you keep for next year?",
        f"{STORY_PATH}:{FIRST + 8}: **Hùng:** The tea. → @hung: The tea.",
        "5 lines changed in 1 stories",
    ]


def test_fix_run_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    root = story_root(tmp_path)
    run_cli("fix", "--root", root)
    code, out = run_cli("fix", "--root", root)
    assert (code, out.strip()) == (0, "0 lines changed in 0 stories")
    assert (root / STORY_PATH).read_text(encoding="utf-8") == FRONT + FIXED


def test_fix_dry_run_lists_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    root = story_root(tmp_path)
    code, out = run_cli("fix", "--root", root, "--dry-run")
    assert code == 0 and "5 lines would change in 1 stories (nothing written: --dry-run)" in out
    assert f"{STORY_PATH}:{FIRST + 2}: Mai: The four" in out
    assert (root / STORY_PATH).read_text(encoding="utf-8") == FRONT + NEEDS_FIX


def test_fix_splits_turns_written_without_empty_lines_between_them(tmp_path: Path) -> None:
    root = story_root(tmp_path, "Q1: Who answers?\nMai: The four of us.\nHùng: And me.\n")
    code, out = run_cli("fix", "--root", root)
    assert code == 0, out
    body = (root / STORY_PATH).read_text(encoding="utf-8")[len(FRONT):]
    assert body == "Q1: Who answers?\n\n@mai: The four of us.\n\n@hung: And me.\n"
    assert run_cli("validate", "--root", root)[0] == 0


def test_fix_writes_the_previous_releases_turns_in_the_current_syntax(tmp_path: Path) -> None:
    root = story_root(tmp_path, "Q1: Who answers?\n\n**Mai:**\n\nThe four of us.\n\nMore of the answer.\n")
    code, out = run_cli("fix", "--root", root)
    assert code == 0 and f"{STORY_PATH}:{FIRST + 2}: **Mai:** The four of us. → @mai: The four of us." in out
    body = (root / STORY_PATH).read_text(encoding="utf-8")[len(FRONT):]
    assert body == "Q1: Who answers?\n\n@mai: The four of us.\n\nMore of the answer.\n"
    code, out = run_cli("validate", "--root", root)
    assert code == 0 and "warning" not in out, out


def test_fix_leaves_what_needs_an_editor_and_lists_it_with_its_hint(tmp_path: Path) -> None:
    root = story_root(tmp_path, "@mai: We rotate.\n\nMr. Minh (Driver): I bring the night bus.\n")
    code, out = run_cli("fix", "--root", root)
    assert code == 1
    assert out.splitlines()[-1].startswith(
        f"{STORY_PATH}:{FIRST + 2}: 'Mr. Minh (Driver):' looks like a speaker label but is not a turn, so it is "
        "shown as plain text (if Minh speaks here, add them with `site-builder new person --name \"Minh\"`")
    assert "Mr. Minh (Driver):" in (root / STORY_PATH).read_text(encoding="utf-8")


def test_fix_adds_a_known_speaker_to_people_and_writes_the_turn(tmp_path: Path) -> None:
    root = story_root(tmp_path, "@mai: We rotate.\n\n**Hà:** Finance signs it off.\n")
    code, out = run_cli("fix", "--root", root)
    assert code == 0, out
    people = FRONT.split("\n").index("people: [tran-thi-mai, le-van-hung]") + 1
    assert out.splitlines()[:2] == [
        f"{STORY_PATH}:{people}: people: [tran-thi-mai, le-van-hung] → people: [tran-thi-mai, le-van-hung, "
        "nguyen-thu-ha]",
        f"{STORY_PATH}:{FIRST + 2}: **Hà:** Finance signs it off. → @ha: Finance signs it off."]
    text = (root / STORY_PATH).read_text(encoding="utf-8")
    assert "people: [tran-thi-mai, le-van-hung, nguyen-thu-ha]\n" in text and text.endswith("\n@ha: Finance signs it off.\n")
    assert run_cli("validate", "--root", root)[0] == 0


def test_fix_adds_a_speaker_to_people_written_as_a_block_list(tmp_path: Path) -> None:
    front = FRONT.replace("people: [tran-thi-mai, le-van-hung]", "people:\n  - tran-thi-mai\n  - le-van-hung")
    root = make_root(tmp_path)
    write(root, STORY_PATH, front + "@mai: We rotate.\n\nHà:\n\nFinance signs it off.\n")
    assert run_cli("fix", "--root", root)[0] == 0
    text = (root / STORY_PATH).read_text(encoding="utf-8")
    assert "people:\n  - tran-thi-mai\n  - le-van-hung\n  - nguyen-thu-ha\n---\n" in text
    assert text.endswith("@mai: We rotate.\n\n@ha: Finance signs it off.\n")
    assert run_cli("validate", "--root", root)[0] == 0


def test_fix_only_touches_the_paths_it_is_given(tmp_path: Path) -> None:
    root = story_root(tmp_path)
    other = write(root, "stories/2025/other.md", FRONT.replace('"Night shift"', '"Other"') + NEEDS_FIX)
    code, out = run_cli("fix", "--root", root, root / STORY_PATH)
    assert code == 0 and "stories/2025/other.md" not in out
    assert other.read_text(encoding="utf-8") == FRONT.replace('"Night shift"', '"Other"') + NEEDS_FIX


def test_fix_reads_a_relative_path_from_the_root_first(tmp_path: Path) -> None:
    root = story_root(tmp_path)
    repo = Path(__file__).parent.parent  # has a stories/2025 of its own: the sample's
    code, out = run_cli("fix", "--root", root, "stories/2025", "--dry-run", cwd=repo)
    assert code == 0 and f"{STORY_PATH}:{FIRST}:" in out, out


def test_fix_refuses_a_path_that_is_no_story(tmp_path: Path) -> None:
    root = story_root(tmp_path)
    code, out = run_cli("fix", "--root", root, "content/awards.yml")
    assert code == 2 and "is not a story file or folder of stories" in out and "Traceback" not in out


def test_fix_keeps_line_endings_and_the_byte_order_mark(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    path = root / STORY_PATH
    path.write_bytes(codecs.BOM_UTF8 + (FRONT + "@mai: We rotate.\n\nHùng: And I sleep.\n").replace("\n", "\r\n")
                     .encode("utf-8"))
    assert run_cli("fix", "--root", root)[0] == 0
    assert path.read_bytes() == codecs.BOM_UTF8 + (FRONT + "@mai: We rotate.\n\n@hung: And I sleep.\n").replace(
        "\n", "\r\n").encode("utf-8")


def test_the_sample_site_needs_no_fix() -> None:
    repo = Path(__file__).parent.parent
    code, out = run_cli("fix", "--root", repo, "--dry-run")
    assert (code, out.strip()) == (0, "0 lines would change in 0 stories")



def test_fix_says_which_file_it_cannot_write_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from site_builder.authoring import fix
    from site_builder.cli.main import main

    root = story_root(tmp_path)
    other = write(root, "stories/2025/other.md", FRONT.replace('"Night shift"', '"Other"') + NEEDS_FIX)
    real_write = fix._write

    def read_only(path: Path, text: str) -> None:  # the tests run as root, which file modes do not stop
        if path.name == "tet-night-shift.md":
            raise PermissionError(13, "Permission denied")
        real_write(path, text)

    monkeypatch.setattr(fix, "_write", read_only)
    assert main(["fix", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{STORY_PATH}:1: cannot write the file: Permission denied" in out and "Traceback" not in out
    assert "5 lines changed in 1 stories" in out and "stories/2025/other.md:" in out
    assert other.read_text(encoding="utf-8").endswith(FIXED)


def test_any_story_fix_leaves_nothing_for_validates_and_a_second_fix_changes_nothing(tmp_path: Path) -> None:
    """Property: over the turn grammar of test_interview_invariants, what `fix` says it settled,
    validation accepts; and `fix` on its own output is a no-op."""
    import random

    from site_builder.authoring.fix import fix_story
    from site_builder.model import load
    from site_builder.model.body_checks import Directory

    from .test_interview_invariants import _story

    rng = random.Random(9)
    root = make_root(tmp_path)
    directory = Directory(load(root)[0].people)
    settled = 0
    for body in dict.fromkeys(_story(rng) for _ in range(150)):
        text, changes, left, _ = fix_story(FRONT + body, directory)
        assert fix_story(text, directory)[1] == [], text
        if left:
            continue
        write(root, STORY_PATH, text)
        assert [p.text() for p in load(root)[1] if p.severity == "error"] == [], text
        settled += bool(changes)
    assert settled >= 50  # the grammar gives fix real work
