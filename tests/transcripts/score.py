"""Score `site-builder import` against the generated transcripts' known answers (issue 19, item 11).

For each transcript: a small content root (tests/roots/minimal plus the speakers the variant says
exist), the real command `site-builder import FILE --root ROOT --principles customer-obsession
[--create-people]`, then the story it wrote is read back with the project's own interview parser
(`site_builder.model.interview.segments`) and compared with the known answer, part by part:

    exit        the import exits 0 (the story was written and validates)
    title       front matter `title`
    date        front matter `date` (a month-and-year line: that month, any day; no date line:
                today), and the date line is in neither the summary nor the body
    turns       the turns in order, each a question or an answer (speakers aligned by name)
    speakers    who speaks each turn (the interviewer, or the person with that name)
    addressees  whom each question is addressed to
    lists       the lists inside each turn, items in order
    text        each turn's words (labels, numbers, "To X:" and "(to both)" removed), and no
                `*`/`__` left from a bold or italic label or question
    outside     the introduction before the first turn, the closing remarks after the last
    people      `people:` names the speakers; people created with --create-people have the
                name (normal case, no honorific) and role the introduction gives, and nobody else
    awards      `awards:` only from a statement that someone received one

A transcript is exact when no part differs. Each difference is a miss; a miss is *reported* when
the import's output has a `FILE:LINE:` note on a line of the transcript where the missed part is
(a file-level note naming the part when it has no line), or when the import exited non-zero with
a message. Any other miss is *silent*: an editor would publish it without being told.

Imports run in-process through `site_builder.cli.main` with the output captured (about twenty
times faster than a process each), in a pool of worker processes; `--subprocess` runs
`python -m site_builder` instead, and a test checks that both give the same story.

    python -m tests.transcripts.score [--workers 2] [--count 100] [--seed 19] [--show 10]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import io
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import yaml

from . import generate

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "roots" / "minimal"
PRINCIPLE = "customer-obsession"
PARTS = ("exit", "title", "date", "turns", "speakers", "addressees", "lists", "text", "outside", "people",
         "awards")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile(r"\*|__")  # emphasis marks; the known answers' words never contain them
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})


# -- reading a story back -----------------------------------------------------------------------

def fold(text: str) -> str:
    """A name as @references compare it: no accents, đ = d, no case."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def words(text: str) -> list[str]:
    """The words of a text, for comparing what it says: Markdown marks and punctuation drop out."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


@dataclass
class ReadTurn:
    kind: str
    speaker: str  # a person's name, "interviewer", or "?ref" for a reference that names nobody
    addressees: list[str]
    text: str
    lists: list[list[str]]
    line: int  # in the story, 1-based


@dataclass
class Story:
    front: dict[str, Any]
    body: str
    turns: list[ReadTurn]
    lead: str  # the body before the first turn
    after: str  # the body after the last turn (and any other text outside turns after it)


def people_of(root: Path) -> dict[str, dict[str, Any]]:
    """Every person file of a root: id -> its YAML mapping."""
    out = {}
    for path in sorted((root / "content" / "people").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out[path.stem] = data if isinstance(data, dict) else {}
    return out


def resolve(ref: str, people: dict[str, dict[str, Any]]) -> str:
    """The name of the person an @reference names (by id or short name), or "?ref"."""
    key = fold(ref)
    for person_id, data in people.items():
        if key in (fold(person_id), fold(str(data.get("short_name") or ""))):
            return str(data.get("name") or person_id)
    return f"?{ref}"


def _split_lists(lines: list[str]) -> tuple[str, list[list[str]]]:
    """A turn's lines as (its text outside lists, its lists): a list is a run of item lines,
    with blank or indented lines between them; any other line ends it."""
    text: list[str] = []
    lists: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        match = _LIST_ITEM.match(line)
        if match:
            if current is None:
                current = []
                lists.append(current)
            current.append(match.group("text").strip())
        elif current is not None and line.startswith(("  ", "\t")) and line.strip():
            current[-1] += " " + line.strip()
        elif not line.strip():
            continue
        else:
            current = None
            text.append(line)
    return "\n".join(text), lists


def read_story(path: Path, people: dict[str, dict[str, Any]]) -> Story:
    """Front matter and turns of a written story, read with the project's interview parser."""
    from site_builder.model.interview import segments

    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 4)
    front = yaml.safe_load(text[4:end]) or {}
    body = text[end + 5:]
    body_start = text[:end + 5].count("\n") + 1
    lines = body.split("\n")
    turns: list[ReadTurn] = []
    lead: list[str] = []
    after: list[str] = []
    for segment in segments(body):
        chunk = lines[segment.start:segment.end]
        marker = segment.marker
        if marker is None:
            (after if turns else lead).extend(chunk)
            continue
        after = []  # text between turns is not "after the last turn"
        rest, lists = _split_lists([marker.text] + chunk[1:])
        if marker.question:
            speaker = resolve(marker.speaker_ref, people) if marker.speaker_ref else "interviewer"
            addressees = [resolve(ref, people) for ref in marker.addressee_refs]
            turns.append(ReadTurn("question", speaker, addressees, rest, lists, body_start + segment.start))
        else:
            turns.append(ReadTurn("answer", resolve(marker.speaker_ref, people), [], rest, lists,
                                  body_start + segment.start))
    return Story(front if isinstance(front, dict) else {}, body, turns, "\n".join(lead), "\n".join(after))


# -- comparing ------------------------------------------------------------------------------------

@dataclass
class Miss:
    """One part of one transcript that the import got wrong."""

    part: str
    detail: str
    lines: list[int]  # the transcript's lines where the missed part is; [] for the file as a whole
    keywords: tuple[str, ...] = ()  # for a file-level miss: words a note about it would contain
    reported: bool = False


@dataclass
class Result:
    file: str
    structure: str
    format: str
    choices: dict[str, Any]
    code: int
    seconds: float
    misses: list[Miss] = field(default_factory=list)
    output: str = ""

    @property
    def exact(self) -> bool:
        return not self.misses

    @property
    def silent(self) -> list[Miss]:
        return [m for m in self.misses if not m.reported]


def _span(turn: dict[str, Any]) -> list[int]:
    return list(range(turn["lines"][0], turn["lines"][1] + 1))


def _expected_name(speaker: str, names: dict[str, str]) -> str:
    return "interviewer" if speaker == "interviewer" else names[speaker]


def compare(known: dict[str, Any], story: Story, people_after: dict[str, dict[str, Any]],
            people_before: set[str], today: dt.date) -> list[Miss]:
    """Every difference between a story and its known answer, each with its transcript lines."""
    misses: list[Miss] = []
    names = {p["id"]: p["name"] for p in known["people"]}
    front = story.front

    if str(front.get("title", "")).strip() != known["title"]["text"]:
        misses.append(Miss("title", f"title {front.get('title')!r}, expected {known['title']['text']!r}",
                           [known["title"]["line"]], ("title",)))

    date = known["date"]
    got = front.get("date")
    if date is None:
        if got != today:
            misses.append(Miss("date", f"date {got}, expected today ({today}): there is no date line", [],
                               ("date", "today")))
    else:
        ok = isinstance(got, dt.date) and (got.year, got.month) == (date["year"], date["month"]) and (
            date["day"] is None or got.day == date["day"])
        if not ok:
            misses.append(Miss("date", f"date {got}, expected {date['text']!r}", [date["line"]], ("date",)))
        shown = fold(story.body + "\n" + str(front.get("summary", "")))
        if fold(date["text"]) in shown:
            misses.append(Miss("date", f"the date line {date['text']!r} is in the body or the summary",
                               [date["line"]], ("date",)))

    expected = known["turns"]
    want = [(t["kind"], fold(_expected_name(t["speaker"], names))) for t in expected]
    have = [(t.kind, fold(t.speaker)) for t in story.turns]
    matcher = difflib.SequenceMatcher(a=want, b=have, autojunk=False)
    pairs: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
            continue
        span_turns = expected[i1:i2] or expected[max(i1 - 1, 0):i1 + 1]
        lines = sorted({line for t in span_turns for line in _span(t)})
        same_kinds = i2 - i1 == j2 - j1 and [w[0] for w in want[i1:i2]] == [h[0] for h in have[j1:j2]]
        if same_kinds:
            misses.append(Miss("speakers", f"turns {i1 + 1}-{i2}: speakers {[t.speaker for t in story.turns[j1:j2]]}, "
                                           f"expected {[_expected_name(t['speaker'], names) for t in expected[i1:i2]]}",
                               lines))
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
        else:
            misses.append(Miss("turns", f"expected turns {i1 + 1}-{i2} {want[i1:i2]}, the story has {have[j1:j2]}",
                               lines))
    for i, j in pairs:
        exp, got_turn = expected[i], story.turns[j]
        lines = _span(exp)
        want_to = sorted(fold(names[a]) for a in exp["addressees"])
        have_to = sorted(fold(a) for a in got_turn.addressees)
        if exp["kind"] == "question" and want_to != have_to:
            misses.append(Miss("addressees", f"turn {i + 1}: addressed to {got_turn.addressees}, expected "
                                             f"{[names[a] for a in exp['addressees']]}", lines))
        want_lists = [[" ".join(words(item)) for item in items] for items in exp["lists"]]
        have_lists = [[" ".join(words(item)) for item in items] for items in got_turn.lists]
        if want_lists != have_lists:
            misses.append(Miss("lists", f"turn {i + 1}: lists {got_turn.lists}, expected {exp['lists']}", lines))
        if words(exp["text"]) != words(got_turn.text):
            misses.append(Miss("text", f"turn {i + 1}: says {got_turn.text!r}, expected {exp['text']!r}", lines))
        elif _MARKS.search(got_turn.text + " ".join(item for items in got_turn.lists for item in items)):
            # The generated words carry no emphasis; a `**` or `*` left from a bold label or
            # question would show on the page (words() alone would not see it).
            misses.append(Miss("text", f"turn {i + 1}: Markdown marks left in {got_turn.text!r}", lines))

    lead = " ".join(words(story.lead))
    if " ".join(words(known["intro"]["text"])) not in lead:
        misses.append(Miss("outside", "the introduction is not before the first turn", [known["intro"]["line"]]))
    after = " ".join(words(story.after))
    for closing in known["closing"]:
        if " ".join(words(closing["text"])) not in after:
            misses.append(Miss("outside", f"the closing {closing['text']!r} is not after the last turn",
                               [closing["line"]]))

    misses.extend(_people(known, front, people_after, people_before))

    want_awards = sorted((a["award"], a["year"]) for a in known["awards"])
    got_awards = sorted((str(a.get("award")), a.get("year")) for a in front.get("awards") or [] if isinstance(a, dict))
    if want_awards != got_awards:
        misses.append(Miss("awards", f"awards {got_awards}, expected {want_awards}",
                           [c["line"] for c in known["closing"]], ("award",)))
    return misses


def _people(known: dict[str, Any], front: dict[str, Any], after: dict[str, dict[str, Any]],
            before: set[str]) -> list[Miss]:
    misses = []
    by_id = {person_id: str(data.get("name") or person_id) for person_id, data in after.items()}
    listed = sorted(fold(by_id.get(str(p), f"?{p}")) for p in front.get("people") or [])
    expected = sorted(fold(p["name"]) for p in known["people"])
    intro = known["intro"]["line"]

    def lines_of(person: dict[str, Any]) -> list[int]:
        first = next((t for t in known["turns"] if t["speaker"] == person["id"]), None)
        return [intro] + (_span(first) if first else [])

    if listed != expected:
        misses.append(Miss("people", f"people: {front.get('people')}, expected {[p['name'] for p in known['people']]}",
                           sorted({line for p in known["people"] for line in lines_of(p)})))
    created = {person_id: data for person_id, data in after.items() if person_id not in before}
    for person in known["people"]:
        if person["exists"]:
            continue
        match = [data for data in created.values() if fold(str(data.get("name", ""))) == fold(person["name"])]
        if not match:
            misses.append(Miss("people", f"{person['name']} was not created", lines_of(person)))
            continue
        data = match[0]
        if str(data.get("name")) != person["name"] or fold(str(data.get("role") or "")) != fold(person["role"]):
            misses.append(Miss("people", f"created as {data.get('name')!r} ({data.get('role')!r}), expected "
                                         f"{person['name']!r} ({person['role']!r})", lines_of(person)))
    wanted = {fold(p["name"]) for p in known["people"]}
    for person_id, data in created.items():
        if fold(str(data.get("name", ""))) not in wanted:
            misses.append(Miss("people", f"created a person nobody is: {person_id} ({data.get('name')!r})",
                               [intro] + [line for t in known["turns"] if t["kind"] == "question" for line in _span(t)]))
    return misses


def mark_reported(misses: list[Miss], file: str, code: int, output: str) -> None:
    """Set `reported` on each miss the import's output points at (see the module's docstring)."""
    if code != 0 and output.strip():
        for miss in misses:
            miss.reported = True
        return
    noted = {int(n) for n in re.findall(rf"(?m)^\s*{re.escape(file)}:(\d+):", output)}
    file_notes = [fold(line) for line in output.splitlines() if line.strip().startswith(f"{file}: ")]
    for miss in misses:
        if miss.lines:
            miss.reported = bool(noted & set(miss.lines))
        else:
            miss.reported = any(k in note for note in file_notes for k in miss.keywords)


# -- what a perfect import writes ------------------------------------------------------------------

def perfect_story(known: dict[str, Any], today: dt.date) -> str:
    """The story a perfect import of `known` would write, in the documented interview syntax.

    It checks the yardstick, not the importer: `compare` must find nothing wrong with it, and
    the tests change it in one place at a time to see that each change is caught.
    """
    date = known["date"]
    day = dt.date(date["year"], date["month"], date["day"] or 1) if date else today
    ids = [p["id"] for p in known["people"]]
    front = [
        "---",
        f"title: {json.dumps(known['title']['text'], ensure_ascii=False)}",
        f"date: {day.isoformat()}",
        f"summary: {json.dumps(known['intro']['text'][:290], ensure_ascii=False)}",
        "kind: interview",
        f"principles: [{PRINCIPLE}]",
        f"people: [{', '.join(ids)}]",
    ]
    if known["awards"]:
        front.append("awards:")
        front.extend(f"  - {{award: {a['award']}, year: {a['year']}}}" for a in known["awards"])
    body = [known["intro"]["text"]]
    number = 0
    for turn in known["turns"]:
        if turn["kind"] == "question":
            number += 1
            to = [f"@{a}" for a in turn["addressees"]]
            to_text = "" if not to else " to " + (to[0] if len(to) == 1 else ", ".join(to[:-1]) + " and " + to[-1])
            body.append(f"Q{number}{to_text}: {turn['text']}")
        else:
            body.append(f"@{turn['speaker']}: {turn['text']}")
        for items in turn["lists"]:
            body.append("\n".join(f"- {item}" for item in items))
    if known["closing"]:
        body.append("---")
        body.extend(c["text"] for c in known["closing"])
    return "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"


def person_file(person: dict[str, Any]) -> str:
    """A person file as `make_root` writes it for a speaker who exists."""
    return (f"name: {json.dumps(person['name'], ensure_ascii=False)}\n"
            f"role: {json.dumps(person['role'], ensure_ascii=False)}\n"
            f"short_name: {json.dumps(person['given'], ensure_ascii=False)}\n")


# -- running imports --------------------------------------------------------------------------------

def make_root(root: Path, known: dict[str, Any]) -> Path:
    """tests/roots/minimal plus a person file for each speaker the variant says exists."""
    shutil.copytree(MINIMAL, root)
    for person in known["people"]:
        if person["exists"]:
            (root / "content" / "people" / f"{person['id']}.yml").write_text(person_file(person), encoding="utf-8")
    return root


def import_args(source: Path, root: Path, known: dict[str, Any]) -> list[str]:
    args = ["import", str(source), "--root", str(root), "--principles", PRINCIPLE]
    return args + (["--create-people"] if known["create_people"] else [])


def run_in_process(args: list[str]) -> tuple[int, str]:
    """`site-builder ARGS` in this process, stdout and stderr captured together."""
    from site_builder.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception:  # a crash is a result too: loud, and counted as a failed import
            traceback.print_exc(file=out)
            code = 70
    return code, out.getvalue()


def run_subprocess(args: list[str]) -> tuple[int, str]:
    """`python -m site_builder ARGS` as an editor runs it."""
    done = subprocess.run([sys.executable, "-m", "site_builder", *args], text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=300, check=False, cwd=REPO)
    return done.returncode, done.stdout


def score_file(source: Path, known: dict[str, Any], workdir: Path, subprocess_mode: bool = False,
               keep: bool = False) -> Result:
    """Import one transcript into a fresh root and compare the story with the known answer."""
    root = make_root(workdir / f"root-{source.name}", known)
    before = set(people_of(root))
    started = time.perf_counter()
    args = import_args(source, root, known)
    code, output = run_subprocess(args) if subprocess_mode else run_in_process(args)
    seconds = time.perf_counter() - started
    result = Result(source.name, known["structure"], known["format"], known["choices"], code, seconds,
                    output=output)
    stories = [p for p in (root / "stories").rglob("*.md") if p.name != "tet-night-shift.md"]
    if code != 0:
        result.misses.append(Miss("exit", f"exit {code}: {output.strip()[-300:]}", []))
    if len(stories) != 1:
        result.misses.append(Miss("exit", f"{len(stories)} stories written", []))
    else:
        after = people_of(root)
        try:
            story = read_story(stories[0], after)
            result.misses.extend(compare(known, story, after, before, dt.date.today()))
        except (ValueError, yaml.YAMLError) as exc:
            result.misses.append(Miss("exit", f"the story cannot be read: {exc}", []))
    mark_reported(result.misses, source.name, code, output)
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return result


def _score_path(source: str, workdir: str, subprocess_mode: bool, keep: bool = False) -> Result:
    path = Path(source)
    known = json.loads(Path(f"{source}.answer.json").read_text(encoding="utf-8"))
    return score_file(path, known, Path(workdir), subprocess_mode, keep)


def score_corpus(corpus: Path, workers: int = 2, subprocess_mode: bool = False, match: str = "*",
                 keep: Path | None = None) -> list[Result]:
    """Score every transcript in `corpus` (written by `generate.write_corpus`) whose name matches
    the glob `match`, in file order; with `keep`, each content root stays there (`root-FILE`)."""
    import site_builder.cli  # noqa: F401  (imported once here, then shared by the forked workers)

    sources = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md", ".docx") and fnmatch(p.name, match))
    with tempfile.TemporaryDirectory(prefix="import-corpus-") as temporary:
        workdir = str(keep or temporary)
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
        if workers <= 1:
            return [_score_path(str(s), workdir, subprocess_mode, bool(keep)) for s in sources]
        context = multiprocessing.get_context("fork") if os.name == "posix" else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_score_path, [str(s) for s in sources], [workdir] * len(sources),
                                 [subprocess_mode] * len(sources), [bool(keep)] * len(sources), chunksize=4))


# -- figures ------------------------------------------------------------------------------------------

@dataclass
class Figures:
    files: int
    exact: int
    with_silent: int
    silent: int
    reported: int
    by_format: dict[str, tuple[int, int]]
    by_part: dict[str, int]  # files with at least one miss of this part
    silent_by_part: dict[str, int]  # files with at least one silent miss of this part
    by_choice: list[tuple[str, int, int]]  # ("label_style=caps", exact, files), worst first
    seconds: float

    @property
    def exact_share(self) -> float:
        return self.exact / self.files if self.files else 0.0


def figures(results: list[Result], seconds: float) -> Figures:
    by_format: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_part: Counter[str] = Counter()
    silent_by_part: Counter[str] = Counter()
    choice: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        by_format[r.format][0] += r.exact
        by_format[r.format][1] += 1
        by_part.update({m.part for m in r.misses})
        silent_by_part.update({m.part for m in r.silent})
        for name, value in r.choices.items():
            choice[f"{name}={value}"][0] += r.exact
            choice[f"{name}={value}"][1] += 1
    worst = sorted(((k, v[0], v[1]) for k, v in choice.items()), key=lambda x: (x[1] / x[2], x[0]))
    return Figures(len(results), sum(r.exact for r in results), sum(bool(r.silent) for r in results),
                   sum(len(r.silent) for r in results), sum(len(r.misses) - len(r.silent) for r in results),
                   {k: (v[0], v[1]) for k, v in sorted(by_format.items())}, dict(by_part),
                   dict(silent_by_part), worst, seconds)


def summary(f: Figures, seed: int, count: int) -> str:
    """The figures as BENCHMARKS.md reports them."""
    lines = [
        f"{f.files} transcripts ({count} structures x .txt/.md/.docx, seed {seed}), scored in {f.seconds:.0f} s",
        f"exact: {f.exact}/{f.files} ({100 * f.exact_share:.1f}%)",
        f"misses reported: {f.reported}; silent misses: {f.silent}, in {f.with_silent} transcripts",
        "exact by format: " + ", ".join(f"{k} {e}/{n}" for k, (e, n) in f.by_format.items()),
        "transcripts with a miss, by part (with a silent one in brackets): "
        + ", ".join(f"{p} {f.by_part.get(p, 0)} ({f.silent_by_part.get(p, 0)})" for p in PARTS),
        "exact by choice, worst 12: " + ", ".join(f"{k} {e}/{n}" for k, e, n in f.by_choice[:12]),
    ]
    return "\n".join(lines)


BENCHMARK_SECTION = "import-corpus"  # the block of BENCHMARKS.md this command owns (bench.common's markers)


def markdown(f: Figures, seed: int, count: int, commit: str, when: str, workers: int, note: str = "") -> str:
    """The "Importer: generated transcripts" section of BENCHMARKS.md, from one run."""
    parts = " | ".join(PARTS)
    counts = " | ".join(f"{f.by_part.get(p, 0)} ({f.silent_by_part.get(p, 0)})" for p in PARTS)
    worst = ("The choices with the lowest share exact: "
             + ", ".join(f"`{k}` {e}/{n}" for k, e, n in f.by_choice[:10] if e < n) + "."
             if f.exact < f.files else "Every value of every choice was read exactly.")
    return f"""# Importer: generated transcripts (issue 19)

How much of a transcript `site-builder import` reads exactly, measured on transcripts it was never
shown: {f.files} of them, {count} structures from a seeded grammar (seed {seed}) each written as
.txt, .md and a real .docx, every one with its known answer (tests/transcripts/README.md). A
transcript is *exact* when every turn, speaker, addressee, list, the text of each turn, the title,
the date, the people and the awards match; a miss is *silent* when the import's report does not
point at its line (and the import exited 0). The test (`tests/test_import_corpus.py`) wants at least
99% exact and 0 silent misses.

```sh
.venv/bin/python -m tests.transcripts.score --markdown BENCHMARKS.md   # writes this section
.venv/bin/python -m tests.transcripts.score --show 20                  # the misses, file by file
```

- Date: {when}; code: `{commit}`; {workers} worker processes on {os.cpu_count()} cores, scored in {f.seconds:.0f} s
- **Exact: {f.exact}/{f.files} ({100 * f.exact_share:.1f}%)**; by format: {", ".join(f"{k} {e}/{n}" for k, (e, n) in f.by_format.items())}
- **Silent misses: {f.silent}, in {f.with_silent} transcripts**; misses the report points at (or a failed import): {f.reported}

Transcripts with a miss, by part (of which with a silent miss of that part, in brackets):

| {parts} |
| {" | ".join("---" for _ in PARTS)} |
| {counts} |

{worst}
{chr(10) + note + chr(10) if note else ""}"""


def write_markdown(path: Path, text: str) -> None:
    """Replace this command's block of `path`, leaving the other benchmarks' sections alone."""
    sys.path.insert(0, str(REPO))
    from bench.common import replace_section

    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(replace_section(old, BENCHMARK_SECTION, text), encoding="utf-8")


def _commit() -> str:
    done = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=REPO, text=True, capture_output=True,
                          check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "site_builder"], cwd=REPO, text=True,
                           capture_output=True, check=False).stdout.strip()
    return (done.stdout.strip()[:100] or "unknown") + (" (with local changes in site_builder/)" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.transcripts.score", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument("--count", type=int, default=generate.COUNT, help="structures (3 transcripts each)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--subprocess", action="store_true", help="run `python -m site_builder` per file")
    parser.add_argument("--corpus", type=Path, help="score this folder (default: generate into a temporary one)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the misses of N transcripts")
    parser.add_argument("--match", default="*", metavar="GLOB", help="only the transcripts named so (s004-*, *.docx)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep each content root in DIR/root-FILE to read the story")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--markdown", type=Path, metavar="FILE",
                        help=f"write the figures into FILE's '{BENCHMARK_SECTION}' block (BENCHMARKS.md)")
    parser.add_argument("--code", help="what code was measured, for --markdown (default: git's last commit here)")
    parser.add_argument("--note", default="", help="a paragraph to add under the figures, for --markdown")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="transcripts-") as tmp:
        corpus = args.corpus or Path(tmp)
        if not args.corpus:
            generate.write_corpus(corpus, args.seed, args.count)
        results = score_corpus(corpus, args.workers, args.subprocess, args.match, args.keep)
    found = figures(results, time.perf_counter() - started)
    print(summary(found, args.seed, args.count))
    shown = [r for r in results if r.misses][:args.show]
    for r in shown:
        print(f"\n{r.file} (exit {r.code}):")
        for m in r.misses:
            print(f"  {'reported' if m.reported else 'SILENT  '} {m.part}: {m.detail[:300]} (lines {m.lines[:6]})")
    if args.markdown:
        when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        write_markdown(args.markdown, markdown(found, args.seed, args.count, args.code or _commit(), when, args.workers,
                                                args.note))
    if args.json:
        args.json.write_text(json.dumps([{"file": r.file, "code": r.code, "seconds": round(r.seconds, 3),
                                          "misses": [m.__dict__ for m in r.misses]} for r in results],
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
