"""The importer against transcripts it was never shown (issue 19, item 11).

`tests/transcripts/generate.py` writes 100 structures x .txt/.md/.docx from a seeded grammar,
each with its known answer; `tests/transcripts/score.py` imports each one with the real command
and compares the story with the answer. The yardstick is checked first (a perfect story scores
exact, a wrong one is caught, the line numbers point where they should, the in-process import is
the real command), then the importer is measured against it: at least 99% exact, 0 silent misses.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.transcripts import generate, score

SEED, COUNT = generate.SEED, generate.COUNT


@pytest.fixture(scope="module")
def structures() -> list[generate.Structure]:
    return generate.structures(SEED, COUNT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("transcripts")
    generate.write_corpus(folder, SEED, COUNT)
    return folder


def known_of(structure: generate.Structure, fmt: str) -> tuple[bytes, dict[str, Any]]:
    data, known = generate.render(structure, fmt)
    return data, json.loads(json.dumps(known))  # as the harness reads it from disk


# -- the generator ----------------------------------------------------------------------------

def test_the_corpus_has_at_least_300_transcripts_and_every_choice(structures: list[generate.Structure]) -> None:
    assert len(structures) * len(generate.FORMATS) >= 300
    for name, values in generate.DIMENSIONS.items():
        seen = {s.choices[name] for s in structures}
        assert seen == set(values), name
    assert {p["exists"] for s in structures for p in s.people} == {True, False}
    assert {len(s.people) for s in structures} == {2, 3}


def test_the_same_seed_writes_the_same_bytes(structures: list[generate.Structure]) -> None:
    again = generate.structures(SEED, COUNT)
    for first, second in zip(structures[:6], again[:6]):
        for fmt in generate.FORMATS:
            assert generate.render(first, fmt) == generate.render(second, fmt)
    assert generate.render(generate.structures(SEED + 1, 1)[0], "txt") != generate.render(structures[0], "txt")


def test_a_word_transcript_is_a_real_word_file_with_styles_bold_labels_and_list_styles(
        structures: list[generate.Structure]) -> None:
    for style in ("List Number", "List Bullet"):
        bold = next(s for s in structures if s.choices["label_style"] == "bold" and not s.choices["question_bold"]
                    and generate.WORD_LIST_STYLE[s.choices["list_form"]] == style)
        data, known = known_of(bold, "docx")
        paragraphs = docx.Document(io.BytesIO(data)).paragraphs
        assert paragraphs[0].style.name == "Heading 1" and paragraphs[0].text == known["title"]["text"]
        items = [p for p in paragraphs if p.style.name == style]
        assert [p.text for p in items] == [item for t in known["turns"] for items in t["lists"] for item in items]
        first_answer = next(t for t in known["turns"] if t["kind"] == "answer")
        label = paragraphs[first_answer["lines"][0] - 1].runs[0]
        assert label.bold and label.text.endswith(":")


def _folded_words(text: str) -> str:
    return " ".join(score.words(score.fold(text)))


@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_each_known_line_is_the_line_of_that_part(structures: list[generate.Structure], fmt: str) -> None:
    """The reported/silent verdict rests on these line numbers, so check them in every file."""
    for structure in structures:
        data, known = known_of(structure, fmt)
        if fmt == "docx":
            lines = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        else:
            lines = data.decode("utf-8").split("\n")
        at = lambda n: _folded_words(lines[n - 1])  # noqa: E731
        assert _folded_words(known["title"]["text"]) in at(known["title"]["line"])
        assert _folded_words(known["intro"]["text"]) == at(known["intro"]["line"])
        if known["date"]:
            assert _folded_words(known["date"]["text"]) == at(known["date"]["line"])
        for closing in known["closing"]:
            assert _folded_words(closing["text"]) == at(closing["line"])
        given = {p["id"]: score.fold(p["given"]) for p in known["people"]}
        for turn in known["turns"]:
            first, last = turn["lines"]
            span = " ".join(at(n) for n in range(first, last + 1))
            if turn["kind"] == "answer":
                assert given[turn["speaker"]] in at(first), (known["file"], turn)
            for items in turn["lists"]:
                assert all(_folded_words(item) in span for item in items)
            assert _folded_words(turn["text"].split(" ")[0]) in span


# -- the yardstick --------------------------------------------------------------------------------

def _root_with_story(tmp_path: Path, known: dict[str, Any], text: str) -> tuple[Path, set[str], Path]:
    root = score.make_root(tmp_path / "root", known)
    before = set(score.people_of(root))
    for person in known["people"]:
        if not person["exists"]:  # what --create-people is expected to write
            (root / "content/people" / f"{person['id']}.yml").write_text(score.person_file(person), encoding="utf-8")
    story = root / "stories/2025/imported.md"
    story.write_text(text, encoding="utf-8")
    return root, before, story


def _compare(tmp_path: Path, known: dict[str, Any], text: str) -> list[score.Miss]:
    root, before, story = _root_with_story(tmp_path, known, text)
    after = score.people_of(root)
    misses = score.compare(known, score.read_story(story, after), after, before, dt.date.today())
    shutil.rmtree(root)
    return misses


def test_a_perfect_import_scores_exact_on_every_structure(structures: list[generate.Structure],
                                                          tmp_path: Path) -> None:
    for index, structure in enumerate(structures):
        _, known = known_of(structure, generate.FORMATS[index % 3])
        perfect = score.perfect_story(known, dt.date.today())
        assert _compare(tmp_path, known, perfect) == [], known["file"]


def test_each_kind_of_wrong_import_is_caught_and_is_silent_without_a_note(
        structures: list[generate.Structure], tmp_path: Path) -> None:
    structure = next(s for s in structures if s.awards and s.date and any(t.lists for t in s.turns))
    _, known = known_of(structure, "txt")
    perfect = score.perfect_story(known, dt.date.today())
    answer = next(t for t in known["turns"] if t["kind"] == "answer")
    with_list = next(t for t in known["turns"] if t["lists"])
    closing = known["closing"][0]["text"]
    other = next(p["id"] for p in known["people"] if p["id"] != answer["speaker"])
    wrong = {
        "speakers": perfect.replace(f"@{answer['speaker']}: {answer['text']}", f"@{other}: {answer['text']}", 1),
        "addressees": re.sub(r"(?m)^(Q\d+ to @[^\s,:]+)(?:, @[^\s,:]+)* and @[^\s,:]+:", r"\1:", perfect, count=1),
        "lists": perfect.replace(f"- {with_list['lists'][0][-1]}\n", "", 1),
        "turns": perfect.replace(f"@{answer['speaker']}: {answer['text']}", answer["text"], 1),
        "outside": perfect.replace(f"---\n\n{closing}", closing, 1),
        "date": re.sub(r"(?m)^date: .*$", "date: 2001-01-01", perfect, count=1),
        "title": perfect.replace('title: "', 'title: "Untitled ', 1),
        "awards": re.sub(r"(?m)^awards:\n(?:  - .*\n)+", "", perfect, count=1),
        "text": perfect.replace(answer["text"], answer["text"] + " Extra words.", 1),
        "marks": perfect.replace(f"@{answer['speaker']}: {answer['text']}", f"@{answer['speaker']}: **{answer['text']}**", 1),
    }
    for part, text in wrong.items():
        assert text != perfect, part
        misses = _compare(tmp_path, known, text)
        assert {"marks": "text"}.get(part, part) in {m.part for m in misses}, (part, misses)
        score.mark_reported(misses, known["file"], 0, "Wrote stories/2025/imported.md\nNothing was guessed.\n")
        assert all(not m.reported for m in misses), part
    # A note on the line of the turn makes the same miss a reported one; a failed import, all of them.
    misses = _compare(tmp_path, known, wrong["speakers"])
    score.mark_reported(misses, known["file"], 0, f"  {known['file']}:{answer['lines'][0]}: guessed the speaker\n")
    assert all(m.reported for m in misses)
    misses = _compare(tmp_path, known, wrong["lists"])
    score.mark_reported(misses, known["file"], 1, "1 error to fix in stories/2025/imported.md\n")
    assert all(m.reported for m in misses)


def test_the_in_process_import_is_the_real_command(structures: list[generate.Structure], tmp_path: Path) -> None:
    """The corpus runs imports in-process for speed; they must be what `python -m site_builder` does."""
    for structure, fmt in ((structures[0], "txt"), (structures[1], "docx")):
        data, known = known_of(structure, fmt)
        source = tmp_path / known["file"]
        source.write_bytes(data)
        outputs = []
        for mode, run in (("in-process", score.run_in_process), ("subprocess", score.run_subprocess)):
            root = score.make_root(tmp_path / mode / structure.name / fmt, known)
            code, output = run(score.import_args(source, root, known))
            stories = sorted(p.relative_to(root).as_posix() for p in (root / "stories").rglob("*.md"))
            written = [(root / s).read_text(encoding="utf-8") for s in stories]
            outputs.append((code, output.replace(str(root), "ROOT"), stories, written))
        assert outputs[0] == outputs[1]


# -- the importer, measured -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def results(corpus: Path) -> list[score.Result]:
    workers = max(1, min(2, os.cpu_count() or 1))
    return score.score_corpus(corpus, workers=workers)


def _failures(results: list[score.Result], silent_only: bool) -> str:
    bad = [r for r in results if (r.silent if silent_only else r.misses)]
    lines = []
    for r in bad[:8]:
        for m in (r.silent if silent_only else r.misses)[:3]:
            lines.append(f"{r.file}: {m.part}: {m.detail[:160]}")
    return "\n".join(lines)


def test_import_reads_at_least_99_percent_of_generated_transcripts_exactly(results: list[score.Result]) -> None:
    found = score.figures(results, 0)
    assert found.files >= 300
    assert found.exact_share >= 0.99, (score.summary(found, SEED, COUNT) + "\n" + _failures(results, False))


def test_import_never_misses_silently(results: list[score.Result]) -> None:
    found = score.figures(results, 0)
    assert found.silent == 0, (score.summary(found, SEED, COUNT) + "\n" + _failures(results, True))
