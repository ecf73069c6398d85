"""`validate` keeps each story's checks by the digest of its bytes and reuses them only while
nothing they depend on changed (issue 21: validate at any archive size)."""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

from site_builder.model.checked_stories import from_line
from site_builder.paths import Paths
from site_builder.validation import check

from .conftest import STORY_PATH, line_of, run_cli


def test_a_second_run_gives_the_same_site_and_problems(root: Path) -> None:
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("title:", "tags: [night shift]\ntitle:", 1),
                     encoding="utf-8")
    fresh = check(root)
    first, second = check(root, keep=True), check(root, keep=True)
    assert Paths(root).checked_stories.is_file()
    assert second.site.all_stories == first.site.all_stories == fresh.site.all_stories
    assert second.problems == fresh.problems


def test_an_edited_story_is_checked_again(root: Path) -> None:
    assert run_cli("validate", "--root", root)[0] == 0
    story = root / STORY_PATH
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("kind: interview", "kind: interveiw", 1), encoding="utf-8")
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert f"{STORY_PATH}:{line_of(text, 'kind:')}:" in out and "interveiw" in out, out


def test_a_changed_content_file_checks_every_story_again(root: Path) -> None:
    assert run_cli("validate", "--root", root)[0] == 0
    people = root / "content" / "people" / "tran-thi-mai.yml"
    people.rename(people.with_name("tran-mai.yml"))
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert "unknown person 'tran-thi-mai'" in out, out


def test_a_planted_or_damaged_cache_file_is_ignored(root: Path, tmp_path: Path) -> None:
    """The work folder sits in the content root: a file there may come from a pull request."""
    marker = tmp_path / "ran"
    file = Paths(root).checked_stories
    file.parent.mkdir(parents=True)

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (open, (str(marker), "w"))

    for planted in (pickle.dumps(Boom()), b"{not json", json.dumps({"context": 1, "stories": []}).encode(),
                    json.dumps({"context": "x", "stories": {"k": {"story": 5}}}).encode()):
        file.write_bytes(planted)
        code, out = run_cli("validate", "--root", root)
        assert code == 0, out
        assert "Traceback" not in out
    assert not marker.exists()


def test_a_forged_entry_for_the_same_bytes_cannot_hide_an_error(root: Path) -> None:
    """Entries are keyed by the story's digest under the content's digest: an entry written
    for other content (or by hand, with an old context) is never used."""
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("kind: interview", "kind: nope", 1), encoding="utf-8")
    assert run_cli("validate", "--root", root)[0] == 1
    file = Paths(root).checked_stories
    saved = json.loads(file.read_text(encoding="utf-8"))
    for entry in saved["stories"].values():
        entry["problems"] = []
    saved["context"] = "0" * 64
    file.write_text(json.dumps(saved), encoding="utf-8")
    assert run_cli("validate", "--root", root)[0] == 1


def test_a_work_folder_committed_to_the_repository_is_refused_and_never_read(root: Path) -> None:
    import subprocess

    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("kind: interview", "kind: nope", 1), encoding="utf-8")
    assert run_cli("validate", "--root", root)[0] == 1
    file = Paths(root).checked_stories  # now an attacker empties every story's problems
    saved = json.loads(file.read_text(encoding="utf-8"))
    for entry in saved["stories"].values():
        entry["problems"] = []
    file.write_text(json.dumps(saved), encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=x", "-c", "user.email=x@example.com"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-f", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "a pull request"], check=True)
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert ".site-builder:1: .site-builder/ is in the repository" in out, out
    assert "nope" in out  # the story's own error, found again


def test_a_run_that_changed_nothing_leaves_the_kept_checks_as_they_are(root: Path) -> None:
    """At 10,000 stories writing the kept checks costs a second: only a change pays for it."""
    check(root, keep=True)
    kept = Paths(root).checked_stories
    before = kept.stat().st_mtime_ns, kept.stat().st_ino
    check(root, keep=True)
    assert (kept.stat().st_mtime_ns, kept.stat().st_ino) == before
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    check(root, keep=True)
    assert (kept.stat().st_mtime_ns, kept.stat().st_ino) != before
    assert len(json.loads(kept.read_text(encoding="utf-8"))["stories"]) >= 1


def test_a_kept_story_s_body_is_cut_where_the_loader_cuts_it() -> None:
    """Generated texts with every kind of line end, cut at every line and past the last."""
    rng = random.Random(21)
    pieces = ["word", " ", "\n", "\r\n", "\n\n", "Đức", "---\n", ""]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        for line in range(1, text.count("\n") + 4):
            assert from_line(text, line) == "\n".join(text.split("\n")[line - 1:]), (text, line)
