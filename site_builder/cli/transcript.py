"""`site-builder import FILE`: the command line of the transcript importer (`site_builder.importer`).

`add_parser(subparsers)` and `run(args)` are all `cli/main.py` needs. It never asks anything (a transcript is imported
the same way in a terminal, a script or CI); what it could not decide is in the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from pathlib import Path

from ..importer import labels, language, mentions, speakers, structure, writer
from ..importer.draft import Draft
from ..importer.reader import Block, ImporterError, read
from ..importer.report import Report
from ..model import KINDS, Site, load, short_slug
from ..model.containment import LINK_HINT, Root
from ..pages.strings import DEFAULT_LANGUAGE
from ..project import ConfigError, Project
from ..validation import check
from .exits import INVALID as EXIT_INVALID
from .exits import OK as EXIT_OK
from .exits import USAGE as EXIT_USAGE


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD, e.g. 2025-03-14") from None


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    sub: argparse.ArgumentParser = subparsers.add_parser(
        "import", help="turn a transcript (.docx, .txt, .md) into a story, then validate it")
    sub.add_argument("file", type=Path, metavar="FILE")
    sub.add_argument("--root", type=Path, default=Path("."), help="content root (default: .)")
    sub.add_argument("--date", type=_date, help="publication date YYYY-MM-DD (default: today)")
    sub.add_argument("--kind", choices=KINDS, help="default: interview when there are questions")
    sub.add_argument("--principles", type=_ids, help="principle ids, comma-separated (default: those named)")
    sub.add_argument("--create-people", action="store_true",
                     help="create content/people files for speakers the text introduces")
    sub.add_argument("--dry-run", action="store_true", help="print the story and the report; write nothing")
    return sub


def _error(message: str, hint: str = "") -> int:
    print(f"error: {message}" + (f" ({hint})" if hint else ""), file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    """Read, structure, write, validate: the pipeline in order. Input the reader cannot make
    sense of gets one line and exit 2, never a traceback, and nothing is written."""
    try:
        return _run(args)
    except ImporterError as exc:
        return _error(exc.message, exc.hint)
    except RecursionError:
        return _error(f"{args.file.name}: nested too deeply to read", "is it the right file?")
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the editor a traceback, nor half a story
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return _error(f"{args.file.name}: the importer failed on this file ({type(exc).__name__} at "
                      f"{Path(where.filename).name}:{where.lineno}); nothing was written",
                      "please report it with the file attached")


def _run(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not root.is_dir():
        return _error(f"{root} is not a folder", "give the content root with --root")
    document = read(args.file)
    languages = site_languages(root)
    site, _ = load(root, languages=languages)
    report = Report(args.file.name)
    unknown_principles = [p for p in args.principles or [] if p not in site.principles]
    if unknown_principles:
        return _error(f"unknown principle {', '.join(unknown_principles)}",
                      f"choose from: {', '.join(site.principles) or 'none yet'}")
    if not any(block.kind != "picture" for block in document.blocks):
        return _error(f"{args.file.name}: no text to import"
                      + (" (only pictures)" if document.blocks else ""), "is it the right file?")
    roster = speakers.Roster(site.people, "\n".join(b.text for b in document.blocks))
    draft = structure.build(document.blocks, roster, report)
    if not draft.turns and args.kind in (None, "interview"):
        return _error(f"{args.file.name}: no speaker labels found (such as 'Name:' or 'Q:' at the start of a "
                      "paragraph); nothing was written",
                      "label each turn, or import an article with --kind article")
    people = writer.people_in_order(draft)
    _short_name_clashes(roster, people, site, report)
    created = []
    if args.create_people:
        created = create_people(root, site, roster, people, report)
        if created:
            site, _ = load(root, languages=languages)
    front = front_matter(args, draft, site, people, report, document.blocks)
    front.lang, said = language.story_language(language.guess("\n".join(b.text for b in document.blocks)), languages)
    report.guess(0, said)
    slug = free_slug(short_slug(draft.title) or short_slug(args.file.stem) or "imported-story", site, report)
    path = writer.story_path(root, front.date, slug)
    text = writer.front_matter_text(front) + writer.body_text(draft, site)
    missing = [p for p in people if p not in site.people]
    if args.dry_run:
        print(text, end="")
        print_report(report, roster, missing, root)
        return EXIT_OK
    escape = Root.of(root).escape(path)
    if escape is not None:
        return _error(f"{path.relative_to(root)} {escape}; nothing was written", LINK_HINT)
    if path.exists():
        return _error(f"{path.relative_to(root)} already exists; nothing was written",
                      "move the old file away, or import with another --date year")
    try:
        write_pictures(path, document.pictures, report)
        writer.write_new(path, _with_picture_names(text, path))
    except FileExistsError as exc:
        return _error(f"{exc.filename} already exists; nothing was overwritten", "rename or move it first")
    for person_path in created:
        print(f"Created {person_path.relative_to(root)}")
    print(f"Wrote {path.relative_to(root)}")
    print_report(report, roster, missing, root)
    return validate(root, path)


def site_languages(root: Path) -> tuple[str, ...]:
    """The root's languages (mkdocs.yml); its default when that file cannot be read (validation says why)."""
    try:
        return Project.open(root).languages
    except ConfigError:
        return (DEFAULT_LANGUAGE,)


def _short_name_clashes(roster: speakers.Roster, people: list[str], site: Site, report: Report) -> None:
    """Two people of this story, or a new one and someone in content/people, answering to the
    same short name: `@name` would mean either, so the new ones are written by id (`@linh-tran`,
    and their full name as short name) and the editor is told to choose."""
    owners: dict[str, list[str]] = {}
    for person_id in dict.fromkeys([*people, *site.people]):
        if person_id not in site.people and person_id not in roster.candidates:
            continue
        short = labels.plain(roster.short_of(person_id))
        if short:
            owners.setdefault(short, []).append(person_id)
    for short, ids in owners.items():
        if len(ids) > 1 and any(i in people for i in ids):
            names = " and ".join(roster.name_of(i) for i in ids)
            new = [i for i in ids if i in roster.candidates]
            for person_id in new:
                roster.candidates[person_id].short_name = roster.candidates[person_id].name
            line = next((roster.candidates[i].line for i in new), 0)
            by_id = f"; written as {', '.join('@' + i for i in new)}" if new else ""
            report.guess(line, f"{names} would share the short name '{short}'{by_id}: give them different "
                               "short names (--short-name, or short_name: in their file)")


def free_slug(slug: str, site: Site, report: Report) -> str:
    """The title's address, or `<address>-2`, `-3`… when another story already has it."""
    taken = {story.slug: story.path for story in site.all_stories}
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    report.guess(0, f"the address /stories/{slug}/ is used by {taken[slug]}: this one is {slug}-{number}")
    return f"{slug}-{number}"


def create_people(root: Path, site: Site, roster: speakers.Roster, people: list[str], report: Report) -> list[Path]:
    """Person files for the speakers the text introduced; the department is left for the editor."""
    from ..authoring.scaffold import ScaffoldError, new_person

    made = []
    for person_id in people:
        candidate = roster.candidates.get(person_id)
        if candidate is None or person_id in site.people:
            continue
        if speakers.is_generic(candidate.name):
            report.guess(candidate.line, f"'{candidate.name}' is not a name, so no person was created: replace "
                                         f"@{person_id} in the story with who it is")
            continue
        short = roster.short_of(person_id)
        try:
            made.append(new_person(root, site, candidate.name, candidate.role, "", short, guess_department=False))
        except ScaffoldError as exc:
            report.guess(candidate.line, f"could not create {candidate.name}: {exc}")
            continue
        report.guess(candidate.line, f"created content/people/{person_id}.yml for {candidate.name}"
                                     f"{f' ({candidate.role})' if candidate.role else ''}; add their department")
    return made


def front_matter(args: argparse.Namespace, draft: Draft, site: Site, people: list[str],
                 report: Report, blocks: list[Block]) -> writer.FrontMatter:
    lines = [(b.line, b.text) for b in blocks if b.line != draft.date_line]
    if args.principles:
        principles = list(args.principles)
    else:
        principles = mentions.principles_in(lines, site, report)
        if not principles:
            report.guess(0, "no principle is named in the text: the file says 'principles: []' and does "
                            "not validate until you choose (or import with --principles a,b)")
    questions = any(t.question for t in draft.turns)
    kind = args.kind or ("interview" if questions else "article")
    if not args.kind:
        report.guess(0, f"kind: {kind} ({'it has questions' if questions else 'it has no questions'}); "
                        "--kind sets another")
    departments = list(dict.fromkeys(site.people[p].department for p in people
                                     if p in site.people and site.people[p].department))
    date = story_date(args, draft, report)
    return writer.FrontMatter(
        title=draft.title, date=date, summary=writer.summary_from(draft, report),
        kind=kind, principles=principles, departments=departments, people=people,
        awards=mentions.awards_in(lines, site, date, report), principle_choices=list(site.principles))


def story_date(args: argparse.Namespace, draft: Draft, report: Report) -> dt.date:
    """--date, else the date line, else today (said in the report: it is rarely right)."""
    if args.date:
        if draft.date and draft.date.date != args.date:
            report.guess(draft.date_line, f"--date {args.date.isoformat()} used, not the date line's "
                                          f"{draft.date.date.isoformat()}")
        date: dt.date = args.date
        return date
    if draft.date:
        return draft.date.date
    today = dt.date.today()
    report.guess(0, f"no date line found: dated today, {today.isoformat()}; change 'date:' or import with --date")
    return today


def write_pictures(story: Path, pictures: dict[str, bytes], report: Report) -> None:
    """A Word file's pictures, next to the story as `<slug>-picture-N.ext` (never replacing one)."""
    for name, data in sorted(pictures.items()):
        target = story.with_name(f"{story.stem}-{name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as handle:
            handle.write(data)
        report.guess(0, f"picture saved as {target.name}: check its alt text (the words in ![...])")


def _with_picture_names(text: str, story: Path) -> str:
    return text.replace("](picture-", f"]({story.stem}-picture-")


def print_report(report: Report, roster: speakers.Roster, missing: list[str], root: Path) -> None:
    print("Review these guesses:" if report.guesses else "Nothing was guessed.")
    for line in report.lines():
        print(f"  {line}")
    for person_id in missing:
        candidate = roster.candidates.get(person_id)
        if candidate is not None and speakers.is_generic(candidate.name):
            print(f"'{candidate.name}' is not a name: replace @{person_id} in the story with the person it is "
                  "(add them with site-builder new person if they are new)")
            continue
        name = candidate.name if candidate else person_id
        command = f"site-builder new person --root {root} --name {_quote(name)}"
        if candidate and candidate.role:
            command += f" --role {_quote(candidate.role)}"
        if candidate and roster.short_of(person_id):
            command += f" --short-name {_quote(roster.short_of(person_id))}"
        print(f"Unknown speaker {name}: add them with\n  {command}\n  (or import again with --create-people)")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def validate(root: Path, path: Path) -> int:
    """Validate the content root; show the new story's problems (and say when there are others)."""
    problems = check(root).problems  # as `validate` sees it: pictures decoded, markup foreseen
    rel = path.relative_to(root).as_posix()
    mine = [p for p in problems if p.path == rel or p.path.startswith("content/people/")]
    for problem in mine:
        print(problem.text())
    errors = [p for p in mine if p.severity == "error"]
    if errors:
        print(f"{len(errors)} error{'s' if len(errors) > 1 else ''} to fix in {rel}, then run site-builder validate")
        return EXIT_INVALID
    print(f"{rel} validates. Next: site-builder serve, read it next to the original, then open a pull request")
    return EXIT_OK
