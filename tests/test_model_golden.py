"""The content model's reading of a small root, held against a golden file.

`tests/roots/golden/` has two published stories and a draft; `golden.expected.yml` beside it
says what the model makes of them: each story's fields and turns, and every index. A change
to the model that changes what pages would show changes this file, in review.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from site_builder.model import Site, load

ROOT = Path(__file__).parent / "roots" / "golden"
EXPECTED = ROOT.parent / "golden.expected.yml"


def describe(site: Site) -> dict[str, Any]:
    """The model's output as plain data: what every page generator relies on."""
    def slugs(index: dict[str, list[Any]]) -> dict[str, list[str]]:
        return {key: [story.slug for story in stories] for key, stories in sorted(index.items())}

    return {
        "stories": [{
            "slug": s.slug, "path": s.path.as_posix(), "title": s.title, "date": s.date.isoformat(),
            "kind": s.kind, "principles": list(s.principles), "departments": list(s.departments),
            "people": list(s.people), "tags": list(s.tags),
            "awards": [[g.award, g.year, list(g.people), g.citation] for g in s.awards],
            "turns": [[t.line, t.kind, t.number, t.speaker, t.addressee] for t in s.turns],
        } for s in site.stories],
        "held_back": [s.slug for s in site.all_stories if s not in site.stories],
        "by_principle": slugs(site.by_principle),
        "by_department": slugs(site.by_department),
        "by_person": slugs(site.by_person),
        "tags": {slug: [tag.name, [s.slug for s in site.by_tag[slug]]] for slug, tag in sorted(site.tags.items())},
        "recipients": {award: {year: [[r.person.id, [story.slug for story in r.stories], r.citation]
                                      for r in recipients]
                               for year, recipients in years.items()}
                       for award, years in sorted(site.recipients.items())},
        "related": {s.slug: [r.slug for r in site.related(s)] for s in site.stories},
    }


def test_the_model_reads_the_golden_root_as_expected() -> None:
    site, problems = load(ROOT, now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert problems == []
    actual = describe(site)
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    assert actual == expected, "the model changed; if intended, update tests/roots/golden.expected.yml to:\n" + \
        yaml.safe_dump(actual, allow_unicode=True, sort_keys=False)
