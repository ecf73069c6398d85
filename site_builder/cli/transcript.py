"""`site-builder import FILE`: the command line of the transcript importer (`site_builder.importer`).

`add_parser(subparsers)` and `run(args)` are all `cli/main.py` needs. It never asks anything (a transcript is imported
the same way in a terminal, a script or CI); what it could not decide is in the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..importer import speakers, structure, writer
from ..importer.reader import ImporterError, Paragraph, read
from ..importer.report import Report
from ..model import KINDS, Site, load, short_slug
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
    root: Path = args.root
    if not root.is_dir():
        return _error(f"{root} is not a folder", "give the content root with --root")
    try:
        document = read(args.file)
    except ImporterError as exc:
        return _error(exc.message, exc.hint)
    site, _ = load(root)
    report = Report(args.file.name)
    unknown_principles = [p for p in args.principles or [] if p not in site.principles]
    if unknown_principles:
        return _error(f"unknown principle {', '.join(unknown_principles)}",
                      f"choose from: {', '.join(site.principles) or 'none yet'}")
    roster = speakers.Roster(site.people, "\n".join(p.text for p in document.paragraphs))
    introduce(document.paragraphs, roster)
    draft = structure.build(document.paragraphs, roster, report)
    if not draft.turns and not draft.lead and not draft.parts:
        return _error(f"{args.file.name}: no text to import", "is it the right file?")
    people = writer.people_in_order(draft)
    created = []
    if args.create_people:
        created = create_people(root, site, roster, people, report)
        if created:
            site, _ = load(root)
    front = front_matter(args, draft, site, people, report, document.paragraphs)
    slug = free_slug(short_slug(draft.title) or short_slug(args.file.stem) or "imported-story", site, report)
    path = writer.story_path(root, front.date, slug)
    text = writer.front_matter_text(front) + writer.body_text(draft, site)
    missing = [p for p in people if p not in site.people]
    if args.dry_run:
        print(text, end="")
        print_report(report, roster, missing, root)
        return EXIT_OK
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


def introduce(paragraphs: list[Paragraph], roster: speakers.Roster) -> None:
    """People named with a role before the first speaker label: "Name (Role)", "our Role - Name"."""
    for paragraph in paragraphs:
        found = speakers.label(paragraph.text)
        if found and (found.role or found.titled) and not speakers.interviewer(found):
            roster.introduce(found.name, found.role, paragraph.line)
            continue
        for name, role in speakers.introductions(paragraph.text):
            roster.introduce(name, role, paragraph.line)


def create_people(root: Path, site: Site, roster: speakers.Roster, people: list[str], report: Report) -> list[Path]:
    """Person files for the speakers the text introduced; the department is left for the editor."""
    from ..authoring.scaffold import ScaffoldError, new_person

    made = []
    for person_id in people:
        candidate = roster.candidates.get(person_id)
        if candidate is None or person_id in site.people:
            continue
        short = _short_name(candidate)
        try:
            made.append(new_person(root, site, candidate.name, candidate.role, "", short, guess_department=False))
        except ScaffoldError as exc:
            report.guess(candidate.line, f"could not create {candidate.name}: {exc}")
            continue
        report.guess(candidate.line, f"created content/people/{person_id}.yml for {candidate.name}"
                                     f"{f' ({candidate.role})' if candidate.role else ''}; add their department")
    return made


def _short_name(candidate: speakers.Candidate) -> str:
    words = candidate.name.split()
    return words[-1] if len(words) > 1 and speakers.plain(words[-1]) != speakers.plain(words[0]) else ""


def front_matter(args: argparse.Namespace, draft: structure.Draft, site: Site, people: list[str],
                 report: Report, paragraphs: list[Paragraph]) -> writer.FrontMatter:
    lines = [(p.line, p.text) for p in paragraphs]
    full_text = "\n".join(text for _, text in lines)
    if args.principles:
        principles = list(args.principles)
    else:
        principles = writer.principles_in(full_text, site, report, lines)
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
    return writer.FrontMatter(
        title=draft.title, date=args.date or dt.date.today(), summary=writer.summary_from(draft, report),
        kind=kind, principles=principles, departments=departments, people=people,
        awards=writer.awards_in(lines, site, report), principle_choices=list(site.principles))


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
        name = candidate.name if candidate else person_id
        command = f"site-builder new person --root {root} --name {_quote(name)}"
        if candidate and candidate.role:
            command += f" --role {_quote(candidate.role)}"
        if candidate and _short_name(candidate):
            command += f" --short-name {_quote(_short_name(candidate))}"
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
