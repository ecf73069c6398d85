"""`site-builder new story|person|principle|department|award`: flags first, questions in a terminal,
none otherwise."""

from __future__ import annotations

import argparse
import sys

from ..authoring.scaffold import (ScaffoldError, StoryRequest, new_award, new_department, new_person, new_principle,
                                  new_story, new_translation)
from ..model import KIND_LABELS, KINDS, load
from .transcript import site_languages
from . import prompts
from .exits import OK as EXIT_OK
from .exits import USAGE as EXIT_USAGE


def _missing(flag: str) -> int:
    print(f"error: --{flag} is needed (or run this in a terminal to be asked)", file=sys.stderr)
    return EXIT_USAGE


def story_request(args: argparse.Namespace, site) -> StoryRequest | None:  # type: ignore[no-untyped-def]
    ask = prompts.interactive()
    title = args.title or (prompts.ask_text("Title") if ask else None)
    if not title:
        return None
    kind = args.kind or (prompts.ask_choices("What kind of story?", [(k, KIND_LABELS[k]) for k in KINDS],
                                             many=False, default=["article"])[0] if ask else "article")
    principles = args.principles
    if principles is None and ask:
        principles = prompts.ask_choices("Which principles does it show?",
                                         [(p.id, p.name) for p in site.principles.values()], many=True)
    people = args.people
    if people is None and ask:
        people = prompts.ask_choices("Who is featured?", [(p.id, p.name) for p in site.people.values()], many=True)
    request = StoryRequest(title=title, kind=kind, principles=principles or [], people=people or [],
                           departments=args.departments or [], summary=args.summary or "")
    if args.date:
        request.date = args.date
    request.slug = args.slug or ""
    return request


def run_new(args: argparse.Namespace) -> int:
    site, _ = load(args.root, languages=site_languages(args.root))
    ask = prompts.interactive()
    lang, source = getattr(args, "lang", None), getattr(args, "from_slug", None)
    if args.thing == "story" and (lang or source):
        if not (lang and source):
            print("error: a translation needs both --lang LANGUAGE and --from SLUG (the story to translate), "
                  "e.g. site-builder new story --lang vi --from tet-night-shift", file=sys.stderr)
            return EXIT_USAGE
    try:
        if args.thing == "story" and lang and source:
            path = new_translation(args.root, site, source, lang)
        elif args.thing == "story":
            request = story_request(args, site)
            if request is None:
                return _missing("title")
            path = new_story(args.root, site, request)
        elif args.thing == "person":
            name = args.name or (prompts.ask_text("Full name") if ask else None)
            if not name:
                return _missing("name")
            department = args.department
            if not department and ask and site.departments:
                department = prompts.ask_choices("Department?", [(d.id, d.name) for d in site.departments.values()],
                                                 many=False)[0]
            path = new_person(args.root, site, name, args.role, department, args.short_name)
        elif args.thing == "department":
            name = args.name or (prompts.ask_text("Department name") if ask else None)
            if not name:
                return _missing("name")
            path, _ = new_department(args.root, site, name, args.summary or "")
        else:
            what = "Principle" if args.thing == "principle" else "Award"
            name = args.name or (prompts.ask_text(f"{what} name") if ask else None)
            summary = args.summary or (prompts.ask_text("One-sentence summary") if ask else None)
            if not name:
                return _missing("name")
            if not summary:
                return _missing("summary")
            make = new_principle if args.thing == "principle" else new_award
            path, _ = make(args.root, site, name, summary)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Created {path.relative_to(args.root)}. Next: edit it, then site-builder validate")
    return EXIT_OK
