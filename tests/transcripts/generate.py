"""Seeded transcripts with known answers: the importer's yardstick (issue 19, item 11).

A reader tuned to the fixtures it was shown reads those fixtures right and the next transcript
wrong. So the inputs here come from a grammar: every structure combines one choice on each
dimension a real transcript varies on (label style, how the interviewer is called, how a question
is numbered and addressed, list markers, the date line, closing remarks, two or three speakers,
English or Vietnamese, people who exist or must be created) and is written as .txt, .md and a
real .docx. Next to each file the generator keeps what a perfect import must produce, so the
harness (`score.py`) can measure the share read exactly instead of checking shapes one by one.

The choices are dealt from balanced, shuffled columns (`plan`, seeded with the seed) and each
structure's words by `random.Random(f"{seed}:{index}")`, so the same seed and count give the same
files on every machine. Another seed gives a fresh corpus of the same grammar: a reader tuned to
seed 19's files, rather than to the shapes, shows it there (`score --seed N`).

    python -m tests.transcripts.generate OUTDIR [--seed 19] [--count 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import banks
from .banks import Person

SEED = 19
COUNT = 100  # structures; each is written in three formats, so 300 transcripts
FORMATS = ("txt", "md", "docx")

# The dimensions and their values. Each value appears about equally often over a corpus (see
# `_balanced`), so a value the reader gets wrong costs its share, never a rounding error.
DIMENSIONS: dict[str, tuple[Any, ...]] = {
    "language": ("en", "vi"),
    "label_style": ("plain", "bold", "italic", "caps"),
    "name_form": ("full", "given", "honorific_given", "honorific_full"),
    "role_in_first_label": (False, True),
    "label_alone": (False, False, True),
    "interviewer": ("word", "abbreviation", "initials", "name"),
    # "none": the interviewer's label starts each question; the others number it instead.
    "numbering": ("none", "none", "none", "dot", "paren", "q", "question", "heading"),
    "single_address": ("vocative", "to_prefix"),
    "group_address": ("paren", "phrase", "vocative"),
    "list_form": ("dash", "star", "bullet", "number_dot", "number_paren", "letter"),
    "date_form": ("month_year", "full", "numeric", "month_year", "full", "numeric", "none"),
    "closing": ("thanks", "congratulations", "thanks+announcement", "award+announcement",
                "congratulations+announcement"),
    "speakers": (2, 2, 3),
    "existing": ("all", "none", "some"),
    "create_flag_when_all_exist": (False, True),
    "intro_form": ("parenthesis", "apposition"),
    "question_bold": (False, False, True),
    "closing_italic": (False, True),
    "blank_lines": (False, True),  # .txt only: a blank line between paragraphs
    "colon_sentence": (False, False, False, False, True),
    "open_question": (False, True),  # a question addressed to nobody, answered by everyone
}

LIST_MARKERS = {"dash": "-", "star": "*", "bullet": "•", "number_dot": "{n}.", "number_paren": "{n})",
                "letter": "{a})"}
WORD_LIST_STYLE = {"dash": "List Bullet", "star": "List Bullet", "bullet": "List Bullet",
                   "number_dot": "List Number", "number_paren": "List Number", "letter": ""}


@dataclass(frozen=True)
class Run:
    """Text with its emphasis; .txt and .md write `**`/`*`, .docx sets the run's font."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """One paragraph of the abstract transcript, before it is written in a format.

    `role` says what it is (title, date, intro, question, label, answer, item, closing); `turn`
    is the index of the turn it belongs to (-1 outside turns); `marker` is a list item's marker
    as typed ("-", "1.", "a)"), `word_style` the Word list style that replaces it in .docx.
    """

    role: str
    runs: list[Run]
    turn: int = -1
    heading: int = 0
    marker: str = ""
    word_style: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Turn:
    """The known answer for one turn. `text` is what the turn says, labels and markers removed."""

    kind: str  # "question" or "answer"
    speaker: str  # a person id, or "interviewer"
    addressees: list[str]
    text: str
    lists: list[list[str]] = field(default_factory=list)


@dataclass
class Structure:
    """One transcript before it is written: its choices, its paragraphs and its known answer."""

    name: str
    choices: dict[str, Any]
    paragraphs: list[Para]
    turns: list[Turn]
    people: list[dict[str, Any]]  # id, name, given, role, exists
    title: str
    date: dict[str, Any] | None  # year, month, day (None for a month and year), text
    intro: str
    closing: list[str]
    awards: list[dict[str, Any]]

    @property
    def create_people(self) -> bool:
        return any(not p["exists"] for p in self.people) or bool(self.choices["create_flag_when_all_exist"])


def _balanced(rng: random.Random, values: tuple[Any, ...], count: int) -> list[Any]:
    """`count` values in which each value appears as often as the others (within one)."""
    out = list(values) * (count // len(values) + 1)
    rng.shuffle(out)
    return out[:count]


def plan(seed: int = SEED, count: int = COUNT) -> list[dict[str, Any]]:
    """The choices of every structure: balanced per dimension, then made consistent."""
    rng = random.Random(f"{seed}:plan")
    columns = {name: _balanced(rng, values, count) for name, values in DIMENSIONS.items()}
    choices = [{name: columns[name][i] for name in DIMENSIONS} for i in range(count)]
    for c in choices:
        # "To Lan:" is an English form; a Vietnamese question calls the person by name instead.
        if c["language"] == "vi" and c["single_address"] == "to_prefix":
            c["single_address"] = "vocative"
        # A question that is itself a heading has no room for a "To Lan:" prefix.
        if c["numbering"] == "heading" and c["single_address"] == "to_prefix":
            c["single_address"] = "vocative"
    return choices


def _label_name(person: Person, form: str, honorific: str) -> str:
    if form == "full":
        return person.name
    if form == "given":
        return person.given
    if form == "honorific_given" and not person.western:
        return f"{honorific} {person.given}"
    return f"{honorific} {person.name}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(names: list[str], language: str) -> str:
    conj = " and " if language == "en" else " và "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + conj + names[-1]


def _date(rng: random.Random, form: str, language: str) -> dict[str, Any] | None:
    if form == "none":
        return None
    year, month = rng.choice((2024, 2025)), rng.randint(1, 12)
    day = rng.randint(13, 28)  # above 12, so 17/03/2025 cannot be read as the 3rd of month 17
    if form == "month_year":
        text = (f"{banks.MONTHS_EN[month - 1]} {year}" if language == "en"
                else rng.choice((f"Tháng {month}, {year}", f"Tháng {month} năm {year}")))
        return {"year": year, "month": month, "day": None, "text": text}
    if form == "numeric":
        text = f"{day:02d}/{month:02d}/{year}"
    elif language == "en":
        text = rng.choice((f"{day} {banks.MONTHS_EN[month - 1]} {year}", f"{banks.MONTHS_EN[month - 1]} {day}, {year}"))
    else:
        text = rng.choice((f"ngày {day} tháng {month} năm {year}", f"Ngày {day} tháng {month} năm {year}"))
    return {"year": year, "month": month, "day": day, "text": text}


class _Builder:
    """Builds one structure's paragraphs and known answer from its choices."""

    def __init__(self, name: str, c: dict[str, Any], rng: random.Random) -> None:
        self.name, self.c, self.rng = name, c, rng
        self.lang: str = c["language"]
        self.paragraphs: list[Para] = []
        self.turns: list[Turn] = []
        self.question_number = 0
        self.labelled: set[str] = set()
        pool = [p for p in banks.PEOPLE if self.lang == "en" or not p.western]
        self.speakers: list[Person] = rng.sample(pool, c["speakers"])
        roles = rng.sample(banks.ROLES, len(self.speakers))
        self.roles = {p.id: r[0 if self.lang == "en" else 1] for p, r in zip(self.speakers, roles)}
        self.honorifics = {p.id: rng.choice(banks.HONORIFICS[self.lang][p.female]) for p in self.speakers}
        kind = c["interviewer"]
        self.interviewer = rng.choice(banks.INTERVIEWERS[kind][self.lang])
        questions = list(banks.QUESTIONS[self.lang])
        rng.shuffle(questions)
        self.questions = questions
        sentences = list(banks.ANSWER_SENTENCES[self.lang])
        rng.shuffle(sentences)
        self.sentences = sentences
        items = list(banks.LIST_ITEMS[self.lang])
        rng.shuffle(items)
        self.items = items
        self.colon_sentences = list(banks.COLON_SENTENCES[self.lang]) if c["colon_sentence"] else []

    # -- pieces ------------------------------------------------------------------------------

    def _pronoun(self, people: list[Person]) -> str:
        """How a Vietnamese question says "you": the honorific of the person asked, lower case."""
        if len(people) > 1:
            return "anh chị"
        return self.honorifics[people[0].id].lower()

    def _vocative(self, person: Person) -> str:
        """How a question calls someone by name: "Lan" in English, "Chị Lan" in Vietnamese
        (with the same honorific as the person's label, as one interview would use)."""
        if self.lang == "en" or person.western:
            return person.given
        return f"{self.honorifics[person.id]} {person.given}"

    def _question(self, people: list[Person]) -> str:
        return self.questions.pop().replace("{p}", self._pronoun(people) if people else "anh chị")

    def _sentences(self, count: int) -> str:
        out = []
        for _ in range(count):
            if not self.sentences:  # a long interview reuses sentences: reshuffle, deterministically
                self.sentences = list(banks.ANSWER_SENTENCES[self.lang])
                self.rng.shuffle(self.sentences)
            out.append(self.sentences.pop())
        return " ".join(out)

    def _speaker_label(self, person: Person) -> list[Run]:
        name = _label_name(person, self.c["name_form"], self.honorifics[person.id])
        style = self.c["label_style"]
        if style == "caps":
            name = name.upper()
        if self.c["role_in_first_label"] and person.id not in self.labelled:
            name = f"{name} ({self.roles[person.id]})"
        self.labelled.add(person.id)
        if style == "caps":
            return [Run(name + ":")]
        return [Run(name + ":", bold=style == "bold", italic=style == "italic")]

    # -- paragraphs --------------------------------------------------------------------------

    def add(self, role: str, runs: list[Run], **extra: Any) -> Para:
        para = Para(role, runs, turn=extra.pop("turn", -1), **extra)
        self.paragraphs.append(para)
        return para

    def question(self, to: list[Person], group_form: str = "") -> None:
        """One interviewer question in the structure's numbering, addressed as chosen."""
        self.question_number += 1
        number = self.question_number
        turn = len(self.turns)
        c = self.c
        q = self._question(to)
        if not to:
            body = text = _cap(q)
        elif len(to) == 1 and c["single_address"] == "vocative" or len(to) > 1 and group_form == "vocative":
            body = text = f"{self._vocatives(to)}, {q}"
        elif len(to) == 1:
            body, text = f"To {to[0].given}: {_cap(q)}", _cap(q)
        else:
            body, text = self._group(q, group_form, len(to))
        self.turns.append(Turn("question", "interviewer", [p.id for p in to], text))
        numbering = c["numbering"]
        if numbering == "heading":
            self.add("question", [Run(body, bold=c["question_bold"])], turn=turn, heading=2)
            return
        prefix = {"dot": f"{number}.", "paren": f"{number})", "q": f"Q{number}.",
                  "question": f"{'Question' if self.lang == 'en' else 'Câu hỏi'} {number}:"}.get(numbering, "")
        if numbering == "q" and c["label_alone"]:
            prefix = f"Q{number}:"  # "Q3:" alone on its line, the question below
        style = c["label_style"]
        if prefix:
            label_text = prefix
        else:
            label_text = (self.interviewer.upper() if style == "caps" else self.interviewer) + ":"
        if c["question_bold"]:
            label = [Run(label_text, bold=True)]
            inline = [Run(f"{label_text} {body}", bold=True)]
            rest = [Run(body, bold=True)]
        else:
            label = [Run(label_text, bold=style == "bold", italic=style == "italic")]
            inline = label + [Run(" " + body)]
            rest = [Run(body)]
        if c["label_alone"]:
            self.add("label", label, turn=turn)
            self.add("question", rest, turn=turn)
        else:
            self.add("question", inline, turn=turn)

    def _vocatives(self, people: list[Person]) -> str:
        """"Lan", "Lan and Đạt", "Chị Lan và anh Đạt": how a question starts by calling people."""
        names = [self._vocative(p) for p in people]
        names = names[:1] + [n[0].lower() + n[1:] if self.lang == "vi" else n for n in names[1:]]
        return _join(names, self.lang)

    def _group(self, q: str, form: str, size: int) -> tuple[str, str]:
        """A question to everyone: (what is written, what the question says once the form is dropped)."""
        forms = banks.GROUP_QUESTIONS[self.lang]
        if self.lang == "en":
            key = {("paren", 2): self.rng.choice(("paren_both", "to_both_of_you")),
                   ("paren", 3): "paren_all_three", ("phrase", 2): "for_both",
                   ("phrase", 3): "for_all_three"}[(form, size)]
        else:
            key = {("paren", 2): "paren_ca_hai", ("paren", 3): "paren_ca_ba",
                   ("phrase", 2): "ca_hai", ("phrase", 3): "ca_ba"}[(form, size)]
        body = forms[key].format(q=q, Q=_cap(q), p="anh chị")
        if key.startswith("paren") or key == "to_both_of_you":
            return body, _cap(q)  # the parenthesis is dropped from the question's text
        return body, body

    def answer(self, person: Person, with_list: bool) -> None:
        """One answer: a label, one or two paragraphs, maybe a list inside."""
        turn = len(self.turns)
        c = self.c
        label = self._speaker_label(person)
        paragraphs: list[str] = [self._sentences(self.rng.randint(1, 3))]
        lists: list[list[str]] = []
        list_at = -1
        if with_list:
            intro = self.rng.choice(banks.LIST_INTROS[self.lang])
            if self.rng.random() < 0.5:
                paragraphs = [intro]
            else:
                paragraphs.append(intro)
            list_at = len(paragraphs)
            lists.append([self.items.pop() for _ in range(self.rng.randint(3, 5))])
            if self.rng.random() < 0.5:
                paragraphs.append(self.rng.choice(banks.LIST_OUTROS[self.lang]))
        elif self.colon_sentences and self.rng.random() < 0.6:
            paragraphs.append(self.colon_sentences.pop(0) + " " + self._sentences(1))
        elif self.rng.random() < 0.3:
            paragraphs.append(self._sentences(2))
        words = " ".join(paragraphs)
        self.turns.append(Turn("answer", person.id, [], words, lists))
        if c["label_alone"]:
            self.add("label", label, turn=turn)
            self.add("answer", [Run(paragraphs[0])], turn=turn)
        else:
            self.add("answer", label + [Run(" " + paragraphs[0])], turn=turn)
        for index, text in enumerate(paragraphs[1:], start=1):
            if index == list_at:
                self._list(lists[0], turn)
            self.add("answer", [Run(text)], turn=turn)
        if list_at == len(paragraphs):
            self._list(lists[0], turn)

    def _list(self, items: list[str], turn: int) -> None:
        form = self.c["list_form"]
        for n, item in enumerate(items, start=1):
            marker = LIST_MARKERS[form].format(n=n, a="abcdefgh"[n - 1])
            self.add("item", [Run(item)], turn=turn, marker=marker, word_style=WORD_LIST_STYLE[form])

    # -- the whole transcript ----------------------------------------------------------------

    def build(self) -> Structure:
        c, rng, lang = self.c, self.rng, self.lang
        title = rng.choice(banks.TITLES[lang])
        self.add("title", [Run(title)], heading=1)
        date = _date(rng, c["date_form"], lang)
        if date:
            self.add("date", [Run(date["text"], italic=rng.random() < 0.3)])
        intro = self._intro()
        self.add("intro", [Run(intro)])
        # Each speaker gets a question of their own; a list goes into one or two answers.
        order = list(self.speakers)
        rng.shuffle(order)
        singles = order + rng.sample(self.speakers, rng.randint(0, len(self.speakers) - 1))
        list_answers = set(rng.sample(range(len(singles)), min(len(singles), rng.randint(1, 2))))
        open_at = rng.randint(1, len(singles) - 1) if c["open_question"] else -1
        for index, person in enumerate(singles):
            if index == open_at:
                self.question([])
                for other in rng.sample(self.speakers, len(self.speakers)):
                    self.answer(other, with_list=False)
            self.question([person])
            self.answer(person, with_list=index in list_answers)
        group = c["group_address"]
        self.question(list(self.speakers), group_form=group)
        for person in rng.sample(self.speakers, len(self.speakers)):
            self.answer(person, with_list=False)
        closing, awards = self._closing(date)
        for text in closing:
            self.add("closing", [Run(text, italic=c["closing_italic"])])
        people = []
        existing = {"all": len(self.speakers), "none": 0, "some": 1}[c["existing"]]
        for index, person in enumerate(self.speakers):
            people.append({"id": person.id, "name": person.name, "given": person.given,
                           "role": self.roles[person.id], "exists": index < existing})
        return Structure(self.name, dict(c), self.paragraphs, self.turns, people, title, date, intro, closing, awards)

    def _intro(self) -> str:
        """The paragraph that introduces every speaker with their role."""
        pieces = []
        for person in self.speakers:
            role = self.roles[person.id]
            name = person.name
            if self.lang == "vi":
                name = f"{'chị' if person.female else 'anh'} {name}"
            if self.c["intro_form"] == "parenthesis":
                pieces.append(f"{name} ({role})")
            else:
                pieces.append(f"{name}, our {role}," if self.lang == "en" else f"{name}, {role},")
        conj = "and" if self.lang == "en" else "và"
        if self.c["intro_form"] == "parenthesis":
            joined = _join(pieces, self.lang)
        else:  # "A, our R1, and B, our R2," / "A, our R1, B, our R2, and C, our R3,"
            joined = " ".join(pieces[:-1]) + f" {conj} " + pieces[-1]
        return self.rng.choice(banks.INTROS[self.lang]).format(people=joined)

    def _closing(self, date: dict[str, Any] | None) -> tuple[list[str], list[dict[str, Any]]]:
        year = date["year"] if date else 2025  # fixed, so the files never depend on the day they are made
        names = self._vocatives(self.speakers)
        if self.lang == "vi":
            names = names[0].lower() + names[1:]
        first = self.speakers[0]
        first_name = self._vocative(first) if self.lang == "vi" else first.given
        first_name = first_name[0].lower() + first_name[1:] if self.lang == "vi" else first_name
        out, awards = [], []
        for kind in self.c["closing"].split("+"):
            out.append(banks.CLOSINGS[self.lang][kind].format(names=names, first=first_name, year=year, next=year + 1))
            if kind == "award":
                awards.append({"award": "lotus-stars", "year": year})
        return out, awards


def structures(seed: int = SEED, count: int = COUNT) -> list[Structure]:
    """Every structure of a corpus, in order; the same seed and count give the same list."""
    out = []
    for index, choices in enumerate(plan(seed, count)):
        name = f"s{index + 1:03d}-{choices['language']}"
        out.append(_Builder(name, choices, random.Random(f"{seed}:{index}")).build())
    return out


# -- writing a structure in each format ---------------------------------------------------------

def _markdown_runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = run.text
        stripped = text.strip()
        if stripped and (run.bold or run.italic):
            mark = "**" if run.bold else "*"
            lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            text = f"{lead}{mark}{stripped}{mark}{trail}"
        out.append(text)
    return "".join(out)


def _lines(structure: Structure, fmt: str) -> tuple[list[str], list[int]]:
    """The text lines of a .txt or .md file, and each paragraph's 1-based line number."""
    lines: list[str] = []
    where: list[int] = []
    blank = fmt == "md" or bool(structure.choices["blank_lines"])
    previous = ""
    for para in structure.paragraphs:
        is_item = para.role == "item"
        if lines and blank and not (is_item and previous == "item"):
            lines.append("")
        text = _markdown_runs(para.runs)
        if fmt == "md" and para.heading:
            text = "#" * para.heading + " " + para.text
        if is_item:
            text = f"{para.marker} {para.text}"
        where.append(len(lines) + 1)
        lines.append(text)
        previous = para.role
    return lines, where


def _docx(structure: Structure) -> tuple[bytes, list[int]]:
    """A real Word file: Heading 1 title, bold or italic runs, Word's list styles for lists."""
    import docx  # python-docx, a test dependency

    document = docx.Document()
    fixed = dt.datetime(2025, 1, 1)
    document.core_properties.created = document.core_properties.modified = fixed
    document.core_properties.author = "site-builder tests"
    where = []
    for number, para in enumerate(structure.paragraphs, start=1):
        where.append(number)
        if para.heading:
            document.add_heading(para.text, level=para.heading)
            continue
        if para.role == "item" and para.word_style:
            document.add_paragraph(para.text, style=para.word_style)
            continue
        paragraph = document.add_paragraph()
        runs = [Run(f"{para.marker} ")] + para.runs if para.role == "item" else para.runs
        for run in runs:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue()), where


def _fixed_zip(data: bytes) -> bytes:
    """The same .docx bytes on every run: zip entries get one fixed timestamp, in name order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render(structure: Structure, fmt: str) -> tuple[bytes, dict[str, Any]]:
    """The file's bytes in `fmt` and its known answer (with this format's line numbers)."""
    if fmt == "docx":
        data, where = _docx(structure)
    else:
        lines, where = _lines(structure, fmt)
        if fmt == "md":
            lines[0] = "# " + structure.paragraphs[0].text
        data = ("\n".join(lines) + "\n").encode("utf-8")
    return data, answer(structure, fmt, where)


def answer(structure: Structure, fmt: str, where: list[int]) -> dict[str, Any]:
    """The known answer of one file: what a perfect import writes, and where each part came from."""
    turn_lines: dict[int, list[int]] = {}
    for para, line in zip(structure.paragraphs, where):
        if para.turn >= 0:
            turn_lines.setdefault(para.turn, []).append(line)
    roles = [para.role for para in structure.paragraphs]
    turns = []
    for index, turn in enumerate(structure.turns):
        item = asdict(turn)
        item["lines"] = [min(turn_lines[index]), max(turn_lines[index])]
        turns.append(item)
    date = dict(structure.date) if structure.date else None
    if date:
        date["line"] = where[roles.index("date")]
    return {
        "file": f"{structure.name}.{fmt}",
        "format": fmt,
        "structure": structure.name,
        "choices": structure.choices,
        "title": {"text": structure.title, "line": where[0]},
        "date": date,
        "intro": {"text": structure.intro, "line": where[roles.index("intro")]},
        "people": structure.people,
        "create_people": structure.create_people,
        "turns": turns,
        "closing": [{"text": text, "line": line} for text, line, role in
                    zip([p.text for p in structure.paragraphs], where, roles) if role == "closing"],
        "awards": structure.awards,
    }


def write_corpus(outdir: Path, seed: int = SEED, count: int = COUNT) -> list[Path]:
    """Write every transcript and its `<file>.answer.json`; returns the transcripts' paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for structure in structures(seed, count):
        for fmt in FORMATS:
            data, known = render(structure, fmt)
            path = outdir / f"{structure.name}.{fmt}"
            path.write_bytes(data)
            (outdir / f"{path.name}.answer.json").write_text(
                json.dumps(known, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.transcripts.generate", description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--count", type=int, default=COUNT, help=f"structures, each in 3 formats (default {COUNT})")
    args = parser.parse_args(argv)
    written = write_corpus(args.outdir, args.seed, args.count)
    print(f"{len(written)} transcripts and their known answers in {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
