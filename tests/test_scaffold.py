"""`site-builder new ...` writes files that validate as they are; `schema` matches the model."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from site_builder.model.loader import translation_language
from site_builder.model import load
from site_builder.model.interview import MARKER_RE

from .conftest import make_root, run_cli
from .sitetools import REPO, site_builder


def test_new_story_from_flags_is_valid_and_explains_every_key(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = site_builder("new", "story", "--root", str(root), "--title", "Tết này về nhà sớm", "--kind", "interview",
                          "--principles", "customer-obsession,ownership", "--people", "tran-thi-mai,le-van-hung",
                          "--date", "2025-02-01")
    assert result.returncode == 0, result.stdout
    path = root / "stories/2025/tet-nay-ve-nha-som.md"
    assert "Created stories/2025/tet-nay-ve-nha-som.md" in result.stdout
    text = path.read_text(encoding="utf-8")
    for key in ("title:", "date:", "summary:", "kind:", "principles:", "departments:", "people:", "tags:",
                "awards:", "# cover:", "# cover_alt:", "# publish_on:", "draft:"):
        assert key in text, key
    assert "Q1 to @mai:" in text and "@hùng:" in text
    check = site_builder("validate", "--root", str(root))
    errors = [line for line in check.stdout.splitlines() if line.startswith("stories/") and ": warning:" not in line]
    assert check.returncode == 1 and errors and all("text left over from a scaffold" in e for e in errors), check.stdout
    # The editor replaces each placeholder and keeps its turn marker: an interview needs its turns.
    filled = [line if not any(f":{n}:" in e for e in errors)
              else (marker.group(0) if (marker := MARKER_RE.match(line)) else "") + "Filled in by the editor."
              for n, line in enumerate(text.split("\n"), 1)]
    path.write_text("\n".join(filled), encoding="utf-8")
    check = site_builder("validate", "--root", str(root))
    assert check.returncode == 0, check.stdout
    story = next(s for s in load(root)[0].stories if s.slug == "tet-nay-ve-nha-som")
    assert story.principles == ("customer-obsession", "ownership")
    assert story.departments == ("customer-care",)


def test_new_story_without_a_terminal_asks_nothing_and_says_what_is_missing(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = site_builder("new", "story", "--root", str(root))
    assert result.returncode == 2
    assert "--title is needed" in result.stdout


def test_new_story_refuses_unknown_ids_and_taken_addresses(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = site_builder("new", "story", "--root", str(root), "--title", "X", "--principles", "owner")
    assert result.returncode == 2
    assert "unknown principle owner; choose from: customer-obsession, ownership" in result.stdout
    taken = site_builder("new", "story", "--root", str(root), "--title", "Tet Night Shift")
    assert taken.returncode == 2 and "already used by stories/2025/tet-night-shift.md" in taken.stdout


def test_new_story_in_a_terminal_offers_choices_from_the_content(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "new", "story", "--root", str(root)],
                               stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    answers = iter(["Đà Nẵng office opening", "4", "2", "1 3"])
    screen = b""
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                screen += os.read(leader, 4096)
            except OSError:
                break
            if screen.rstrip().endswith(b":"):
                os.write(leader, (next(answers) + "\n").encode())
    process.wait(timeout=10)
    os.close(leader)
    text = screen.decode("utf-8", "replace")
    assert process.returncode == 0, text
    assert "1. Customer Obsession (customer-obsession)" in text and "2. Own It End to End (ownership)" in text
    assert "1. Lê Văn Hùng (le-van-hung)" in text and "3. Trần Thị Mai (tran-thi-mai)" in text
    story = (root / f"stories/{dt.date.today().year}/da-nang-office-opening.md").read_text(encoding="utf-8")
    front = yaml.safe_load(story.split("---\n")[1])
    assert (front["kind"], front["principles"], front["people"]) == ("article", ["ownership"],
                                                                     ["le-van-hung", "tran-thi-mai"])
    assert front["date"] == dt.date.today()


def test_new_person_and_new_principle_validate(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    person = site_builder("new", "person", "--root", str(root), "--name", "Phạm Thị Hồng", "--role", "Analyst",
                          "--department", "finance", "--short-name", "Hồng")
    assert person.returncode == 0, person.stdout
    data = yaml.safe_load((root / "content/people/pham-thi-hong.yml").read_text(encoding="utf-8"))
    assert data == {"name": "Phạm Thị Hồng", "role": "Analyst", "department": "finance", "short_name": "Hồng"}
    principle = site_builder("new", "principle", "--root", str(root), "--name", "Stay Curious",
                             "--summary", "We ask one more question.")
    assert principle.returncode == 0, principle.stdout
    site, problems = load(root)
    assert [p for p in problems if p.severity == "error"] == []
    assert "stay-curious" in site.principles and "pham-thi-hong" in site.people


def test_new_department_and_new_award_add_entries_that_validate(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    department = site_builder("new", "department", "--root", str(root), "--name", "Collections Care")
    award = site_builder("new", "award", "--root", str(root), "--name", "DNA Stars", "--summary", "Yearly.")
    assert department.returncode == 0 and award.returncode == 0, department.stdout + award.stdout
    site, problems = load(root)
    assert [p for p in problems if p.severity == "error"] == []
    assert site.departments["collections-care"].name == "Collections Care"
    assert site.awards["dna-stars"].summary == "Yearly."
    again = site_builder("new", "award", "--root", str(root), "--name", "DNA Stars", "--summary", "Again.")
    assert again.returncode == 2 and "award 'dna-stars' already exists in content/awards.yml" in again.stdout


def test_an_unknown_id_names_the_file_and_the_command_that_adds_it(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = site_builder("new", "person", "--root", str(root), "--name", "Đỗ Minh Châu",
                          "--department", "collections-care")
    assert result.returncode == 2
    assert ("unknown department collections-care; choose from: customer-care, finance (they are in "
            "content/departments.yml; to add one: site-builder new department --name NAME)") in result.stdout


def test_new_story_slug_is_at_most_60_characters_cut_at_a_word(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    title = "How the collections care team saved two thousand letters from the flood of the century"
    result = site_builder("new", "story", "--root", str(root), "--title", title, "--date", "2025-02-01")
    assert result.returncode == 0, result.stdout
    [path] = (root / "stories/2025").glob("how-*.md")
    assert path.stem == "how-the-collections-care-team-saved-two-thousand-letters"
    assert len(path.stem) <= 60


def test_new_story_slug_flag_sets_the_address(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = site_builder("new", "story", "--root", str(root), "--title", "Anything", "--slug", "Flood Letters",
                          "--date", "2025-02-01")
    assert result.returncode == 0, result.stdout
    assert (root / "stories/2025/flood-letters.md").is_file()


def test_the_story_template_says_what_the_preview_does_with_drafts() -> None:
    from site_builder.authoring.scaffold import TEMPLATES

    note = next(line for line in (TEMPLATES / "story.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("draft:"))
    assert '"Preview only"' in note and "builds leave it out" in note
    assert "(and the preview)" not in note


def test_committed_schemas_match_the_model() -> None:
    result = site_builder("schema", "--out", str(REPO / "schemas"), "--check")
    assert result.returncode == 0, result.stdout


def test_the_sample_content_satisfies_the_schemas() -> None:
    import jsonschema

    def schema(name: str) -> dict:  # type: ignore[type-arg]
        return json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))

    for file, name in (("principles.yml", "principles"), ("departments.yml", "departments"),
                       ("awards.yml", "awards")):
        jsonschema.validate(yaml.safe_load((REPO / "content" / file).read_text(encoding="utf-8")),
                            schema(f"{name}.schema.json"))
    for person in sorted((REPO / "content/people").glob("*.yml")):
        jsonschema.validate(yaml.safe_load(person.read_text(encoding="utf-8")), schema("person.schema.json"))
    for story in sorted((REPO / "stories").rglob("*.md")):
        front = story.read_text(encoding="utf-8").split("---\n")[1]
        data = yaml.load(front, Loader=yaml.BaseLoader)  # dates as text, as editors' tools see them
        data = {k: (v == "true" if k == "draft" else v) for k, v in data.items()}
        for grant in data.get("awards", []):
            grant["year"] = int(grant["year"])
        language = translation_language(story)
        beside = story.with_name(story.name[:-len(f".{language}.md")] + ".md") if language else None
        kind = "translation" if beside is not None and beside.is_file() else "story"  # <story>.<language>.md
        jsonschema.validate(data, schema(f"{kind}-front-matter.schema.json"))


def test_a_translation_schema_holds_only_what_a_translation_may() -> None:
    import jsonschema

    schema = json.loads((REPO / "schemas/translation-front-matter.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate({"title": "Tết ở tổng đài", "summary": "Ca đêm.", "cover_alt": "Tổng đài"}, schema)
    with pytest.raises(jsonschema.ValidationError, match="'date' was unexpected"):
        jsonschema.validate({"title": "Tết ở tổng đài", "date": "2025-01-27"}, schema)


def test_the_schemas_catch_a_misspelled_key() -> None:
    import jsonschema
    import pytest

    person = json.loads((REPO / "schemas/person.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="'rol' was unexpected"):
        jsonschema.validate({"name": "A", "rol": "B"}, person)


def test_the_editor_settings_point_at_existing_schemas() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file(), schema
    snippets = json.loads((REPO / ".vscode/site-builder.code-snippets").read_text(encoding="utf-8"))
    assert {"Story skeleton", "Interview question", "Interview answer"} <= set(snippets)


@pytest.mark.parametrize("command", [
    ["new", "principle", "--name", "Own\nit", "--summary", "We finish what we start."],
    ["new", "person", "--name", "Lan \u202eevil"],
    ["new", "department", "--name", "Care\rTeam"],
    ["new", "story", "--title", "Night\nshift", "--kind", "practice", "--principles", "customer-obsession"],
])
def test_a_name_with_a_line_break_or_an_invisible_character_is_refused(root: Path, command: list[str]) -> None:
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, out = run_cli(*command, "--root", root)
    assert code == 2, out
    assert "holds a line break or an invisible character (U+" in out, out
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
