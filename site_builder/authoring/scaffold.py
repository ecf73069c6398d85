"""Scaffolding: a new content root (`init`), and new stories, people, principles, departments
and awards (`new`).

Every scaffold is valid as written, with each key present and explained, so an editor starts
from something that builds and fills in the blanks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from .generated import write_generated
from ..model import Site, short_slug, slugify
from ..model.containment import LINK_HINT, OutsideRoot, Root
from ..resources import scaffold_templates_dir, starter_dir
from .install_spec import InstallSpec

STARTER = starter_dir()
TEMPLATES = scaffold_templates_dir()


class ScaffoldError(Exception):
    """The scaffold cannot be written as asked (a name clash, an unknown id)."""


# What a freshly cloned, empty repository may already hold: `init` works beside these, keeps
# each one as it is, and merges the starter's ignore rules into an existing `.gitignore`.
CLONE_FILES = re.compile(r"(?i)^(\.git|\.gitignore|\.gitattributes|readme(\..+)?|licen[cs]e(\..+)?|copying(\..+)?)$")
# The starter's text files are Jinja templates with [[ ]] and [% %], so the `${{ }}` of GitHub
# workflows and the `{{ }}` of Markdown stay as they are.
STARTER_SYNTAX = {"variable_start_string": "[[", "variable_end_string": "]]",
                  "block_start_string": "[%", "block_end_string": "%]",
                  "comment_start_string": "[#", "comment_end_string": "#]"}


@dataclass
class InitResult:
    """What `init` did to each file, so it can say so: nothing a user had is lost silently."""

    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)      # already there: left byte for byte
    merged: list[Path] = field(default_factory=list)    # .gitignore: the starter's rules added


def check_init_target(target: Path) -> None:
    """Refuse a folder with anything but what a fresh clone holds, before anything is written."""
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} is a file; choose a new folder")
    others = sorted(p.name for p in target.iterdir() if not CLONE_FILES.match(p.name)) if target.exists() else []
    if others:
        shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
        raise FileExistsError(f"{target} is not empty (it holds {shown}); init writes into a new "
                              f"folder or a fresh clone that holds only .git, a README, a LICENSE "
                              f"and .gitignore")


def init_root(target: Path, install: InstallSpec, today: dt.date | None = None) -> InitResult:
    """Write the starter root into `target`: missing, empty, or a fresh clone (`CLONE_FILES`).

    `install` is where the written CI installs site-builder from (`install_spec`).
    """
    check_init_target(target)
    today = today or dt.date.today()
    env = Environment(loader=FileSystemLoader(str(STARTER)), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      autoescape=False, **STARTER_SYNTAX)  # type: ignore[arg-type]
    env.filters["yaml_str"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["json_block"] = lambda value: json.dumps(value, indent=2).replace("\n", "\n  ")
    context = {"version": __version__, "today": today.isoformat(), "install": install,
               "branch": clone_branch(target) or "main"}
    result = InitResult()
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        template = source.relative_to(STARTER).as_posix()
        destination = target / _starter_destination(Path(template), today)
        text = env.get_template(template).render(context)
        _place(destination, text, result)
    result.created += write_generated(target)
    return result


def clone_branch(target: Path) -> str:
    """The branch a clone is on (`trunk`, `main`, ...), even before its first commit, so the
    publish workflow runs on merges to it; empty when `target` is not a git checkout."""
    if not (target / ".git").exists():
        return ""
    try:
        result = subprocess.run(["git", "-C", str(target), "symbolic-ref", "--quiet", "--short", "HEAD"],
                                text=True, capture_output=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _starter_destination(relative: Path, today: dt.date) -> Path:
    """The starter ships dot files without the dot (`gitignore`, `dot-github/`) so packaging
    keeps them, and `stories/YEAR/` for the year `init` runs in."""
    parts = [str(today.year) if part == "YEAR" else part for part in relative.parts]
    parts = ["." + part[4:] if part.startswith("dot-") else part for part in parts]
    if parts[-1] == "gitignore":
        parts[-1] = ".gitignore"
    return Path(*parts)


def _place(destination: Path, text: str, result: InitResult) -> None:
    """Write a new file; never overwrite one: keep it, or merge the rules of a `.gitignore`."""
    if not destination.exists():
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
        result.created.append(destination)
        return
    if destination.name == ".gitignore" and destination.is_file():
        existing = destination.read_text(encoding="utf-8")
        have = {line.strip() for line in existing.splitlines()}
        missing = [line for line in text.splitlines() if line.strip() and not line.startswith("#")
                   and line.strip() not in have]
        if missing:
            separator = "" if not existing or existing.endswith("\n") else "\n"
            destination.write_text(existing + separator + "\n# site-builder: the built site and "
                                   "its work folders\n" + "\n".join(missing) + "\n", encoding="utf-8")
            result.merged.append(destination)
            return
    result.kept.append(destination)


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml_str"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


# Where each kind of id is defined, and the command that adds one: named in every "unknown id".
ID_HOMES = {
    "principle": ("content/principles.yml", "site-builder new principle --name NAME --summary SENTENCE"),
    "department": ("content/departments.yml", "site-builder new department --name NAME"),
    "award": ("content/awards.yml", "site-builder new award --name NAME --summary SENTENCE"),
    "person": ("content/people/", "site-builder new person --name NAME"),
}


def _check_ids(kind: str, given: list[str], known: dict[str, object]) -> None:
    unknown = [i for i in given if i not in known]
    if unknown:
        home, command = ID_HOMES[kind]
        raise ScaffoldError(f"unknown {kind} {', '.join(unknown)}; choose from: {', '.join(known) or 'none yet'}"
                            f" (they are in {home}; to add one: {command})")


@dataclass
class StoryRequest:
    title: str
    kind: str = "article"
    principles: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    summary: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    slug: str = ""  # the address; default: the title's, at most SLUG_MAX characters cut at a word


def _one_line(what: str, *values: str) -> None:
    """Names, titles and roles are one line of plain text: a line break or a control or
    direction-override character would break the file written or hide what a reader sees."""
    for value in values:
        bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cf") and c not in "\u200c\u200d"), None)
        if bad is not None:
            raise ScaffoldError(f"the {what} holds a line break or an invisible character (U+{ord(bad):04X}); "
                                "type it again as one line of plain text")


def new_story(root: Path, site: Site, request: StoryRequest) -> Path:
    _one_line("title or summary", request.title, request.summary or "")
    slug = slugify(request.slug) if request.slug else short_slug(request.title)
    if not slug:
        raise ScaffoldError("the title needs letters or digits to make an address from; or give --slug")
    _check_ids("principle", request.principles, site.principles)
    _check_ids("person", request.people, site.people)
    _check_ids("department", request.departments, site.departments)
    taken = {s.slug: s.path for s in site.all_stories}
    if slug in taken:
        raise ScaffoldError(f"the address /stories/{slug}/ is already used by {taken[slug]}; choose another title or --slug")
    path = root / "stories" / str(request.date.year) / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists")
    principles = request.principles or list(site.principles)[:1]
    departments = request.departments or sorted({site.people[p].department for p in request.people
                                                 if site.people[p].department})
    speakers = [site.people[p].short_name.lower() if site.people[p].short_name else p for p in request.people]
    text = _env().get_template("story.md").render(
        title=request.title, date=request.date.isoformat(), kind=request.kind,
        summary=request.summary or "TODO: one or two sentences that make a colleague want to read it.",
        principles=principles, departments=departments, people=request.people, speakers=speakers,
        all_principles=list(site.principles), all_departments=list(site.departments),
        first_award=next(iter(site.awards), "award-id"))
    _inside(root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


TRANSLATE = "TODO: translate: "  # what a translation scaffold starts each text with; validation warns until it goes


def new_translation(root: Path, site: Site, slug: str, language: str) -> Path:
    """`<story file stem>.<language>.md` beside the story `slug`: its title, summary and cover text
    marked to translate, its body copied to translate, nothing else (a translation inherits the rest).

    Refuses an unknown slug, a language the site does not have, the story's own language and a
    translation that is already there, before writing anything."""
    from ..model.loader import translation_language

    languages = site.languages
    if language not in languages:
        raise ScaffoldError(f"'{language}' is not one of the site's languages ({', '.join(languages)}); add it to "
                            "extra.site_builder.languages in mkdocs.yml, or choose one of those")
    story = next((s for s in site.all_stories if s.slug == slug), None)
    if story is None:
        known = ", ".join(sorted(s.slug for s in site.all_stories)[:8]) or "none yet"
        raise ScaffoldError(f"no story has the address /stories/{slug}/ (a story with errors is not counted: run "
                            f"site-builder validate); give --from one of: {known}")
    own = story.lang or languages[0]
    if language == own:
        raise ScaffoldError(f"{story.path} is already written in '{language}'; translate it into another of the "
                            f"site's languages ({', '.join(x for x in languages if x != own) or 'none'}), or set "
                            "'lang:' in it if that is wrong")
    source = root / story.path
    name = source.name[:-len(".md")]
    if translation_language(source) == languages[0]:  # `story.en.md`, as the browser editor writes it
        name = name.rpartition(".")[0]
    path = source.with_name(f"{name}.{language}.md")
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} is already there: the translation into '{language}' exists; "
                            "edit it, or remove it first to start again")

    def marked(text: str, limit: int | None = None) -> str:
        value = TRANSLATE + " ".join(text.split())
        if limit is not None and len(value) > limit:
            value = f"{TRANSLATE}the summary of {story.path.name}, at most {limit} characters"
        return json.dumps(value, ensure_ascii=False)

    from ..model.fields import SUMMARY_MAX, TRANSLATION_KEYS

    lines = ["---",
             f"# {story.path.name} translated into '{language}'. A translation holds only {', '.join(TRANSLATION_KEYS)}",
             "# and the text below; everything else (date, people, principles, cover, ...) comes from the story.",
             "# Replace each TODO with the translation. In the text, keep every @name: and Q1 to @name: marker",
             "# as it is and translate the words after it.",
             f"title: {marked(story.title)}",
             f"summary: {marked(story.summary, SUMMARY_MAX)}"]
    if story.cover_alt:
        lines.append(f"cover_alt: {marked(story.cover_alt)}")
    lines.append("---")
    body = story.body if story.body.startswith("\n") else "\n" + story.body
    _inside(root, path)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n" + body)
    return path


def _inside(root: Path, path: Path) -> None:
    """Refuse to write through a link that leaves the content root (`model.containment`)."""
    try:
        Root.of(root).require(path)
    except OutsideRoot as escape:
        raise ScaffoldError(f"{escape}; nothing was written ({LINK_HINT})") from None


def new_person(root: Path, site: Site, name: str, role: str = "", department: str = "",
               short_name: str = "", guess_department: bool = True) -> Path:
    """`content/people/<id>.yml`; `guess_department=False` leaves the department empty (for
    `import`, which must not invent one) instead of the first department as a start."""
    _one_line("name, role or short name", name, role, short_name)
    person_id = slugify(name)
    if not person_id:
        raise ScaffoldError("the name needs letters or digits to make an id from")
    if department:
        _check_ids("department", [department], site.departments)
    path = root / "content" / "people" / f"{person_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists: someone with this id is already there")
    text = _env().get_template("person.yml").render(
        id=person_id, name=name, role=role, department=department or (next(iter(site.departments), "") if guess_department else ""),
        short_name=short_name or name.split()[-1], all_departments=list(site.departments))
    _inside(root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_principle(root: Path, site: Site, name: str, summary: str) -> tuple[Path, str]:
    return _append_entry(root / "content" / "principles.yml", "principle", site.principles, name, summary)


def new_department(root: Path, site: Site, name: str, summary: str = "") -> tuple[Path, str]:
    return _append_entry(root / "content" / "departments.yml", "department", site.departments, name, summary)


def new_award(root: Path, site: Site, name: str, summary: str) -> tuple[Path, str]:
    return _append_entry(root / "content" / "awards.yml", "award", site.awards, name, summary)


def _append_entry(path: Path, kind: str, known: dict[str, object], name: str, summary: str) -> tuple[Path, str]:
    """Add one `- id: ...` entry to a list file, leaving what is there byte for byte."""
    _one_line("name or summary", name, summary)
    entry_id = slugify(name)
    if not entry_id:
        raise ScaffoldError("the name needs letters or digits to make an id from")
    if entry_id in known:
        raise ScaffoldError(f"{kind} '{entry_id}' already exists in {path.parent.name}/{path.name}")
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    block = _env().get_template(f"{kind}.yml").render(id=entry_id, name=name, summary=summary)
    separator = "" if not existing or existing.endswith("\n") else "\n"
    _inside(path.parent.parent, path)  # content/<list>.yml
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(existing + separator + block.lstrip("\n" if not existing else ""), encoding="utf-8")
    return path, entry_id
