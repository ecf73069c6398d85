"""Scaffolding: a new content root (`init`), and new stories, people, principles, departments
and awards (`new`).

Every scaffold is valid as written, with each key present and explained, so an editor starts
from something that builds and fills in the blanks.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from ..cms.repository import write_generated
from ..model import Site, short_slug, slugify
from ..model.containment import LINK_HINT, OutsideRoot, Root
from ..resources import scaffold_templates_dir, starter_dir

STARTER = starter_dir()
TEMPLATES = scaffold_templates_dir()


class ScaffoldError(Exception):
    """The scaffold cannot be written as asked (a name clash, an unknown id)."""


def init_root(target: Path, today: dt.date | None = None) -> list[Path]:
    """Copy the starter root into `target` (which must be missing or empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty; choose a new folder")
    today = today or dt.date.today()
    created = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or source.name == "__pycache__":
            continue
        relative = source.relative_to(STARTER)
        relative = Path(*(str(today.year) if part == "YEAR" else part for part in relative.parts))
        if relative.name == "gitignore":  # shipped without the dot so packaging keeps it
            relative = relative.with_name(".gitignore")
        # dot-github/ is .github/: dot folders and files are shipped without the dot, as above
        relative = Path(*("." + part[4:] if part.startswith("dot-") else part for part in relative.parts))
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8").replace("{{today}}", today.isoformat())
        destination.write_text(text.replace("{{version}}", __version__), encoding="utf-8")
        created.append(destination)
    return created + write_generated(target)


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


def new_story(root: Path, site: Site, request: StoryRequest) -> Path:
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
