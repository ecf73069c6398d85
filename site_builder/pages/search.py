"""What the search index records of each page: facet filters (ids), sort keys, result-card data.

The page template prints these as Pagefind's `data-pagefind-*` attributes inside the indexed
region (`theme/overrides/main.html`), and the search dialog reads the facet labels from
`facets.json`, so the index itself holds only ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import KIND_LABELS, Person, Site, Story
from . import strings

Record = dict[str, Any]
Translate = Callable[[str], str]  # English interface text -> the page's language (`strings.text`)


def _english(text: str) -> str:
    return text


def story_record(site: Site, story: Story, t: Translate = _english) -> Record:
    people = [site.people[p] for p in story.people]
    filters = [["type", "story"], ["kind", story.kind], ["year", str(story.year)]]
    filters += [["principle", p] for p in story.principles] + [["department", d] for d in story.departments]
    filters += [["award", g.award] for g in story.awards]
    return {
        "filters": filters,
        "sort": [["date", story.date.isoformat()]],
        "meta": [["kind", t(KIND_LABELS[story.kind])], ["date", story.date.isoformat()],
                 ["summary", story.summary], ["people", ", ".join(p.name for p in people)]],
        "keywords": [p.short_name for p in people if p.short_name and p.short_name not in p.name],
    } | _language(site, story)


def _language(site: Site, story: Story) -> Record:
    """A story not translated into the page's language yet: its language, for the result card
    to mark as the static cards do (`lang`, and "In English")."""
    if story.lang == site.lang:
        return {}
    return {"language": [["lang", story.lang], ["language", strings.language_name(story.lang, site.lang)]]}


def person_record(person: Person, t: Translate = _english) -> Record:
    return {
        "filters": [["type", "person"], ["kind", "person"]],
        "sort": [],
        "meta": [["kind", t("Person")], ["summary", person.role]]
                + ([["short_name", person.short_name]] if person.short_name else []),
        "keywords": [person.short_name] if person.short_name and person.short_name not in person.name else [],
    }


def facet_names(site: Site, t: Translate = _english) -> dict[str, Any]:
    """The labels and order of each search facet's values, in the site view's language; the
    index itself holds only ids."""
    years = sorted({s.year for s in site.stories}, reverse=True)
    return {"facets": [
        {"key": "principle", "label": t("Principle"), "values": [[p.id, p.name] for p in site.principles.values()]},
        {"key": "department", "label": t("Department"),
         "values": [[d.id, d.name] for d in site.departments.values()]},
        {"key": "kind", "label": t("Kind"),
         "values": [[k, t(v)] for k, v in KIND_LABELS.items()] + [["person", t("Person")]]},
        {"key": "year", "label": t("Year"), "values": [[str(y), str(y)] for y in years]},
        {"key": "award", "label": t("Award"), "values": [[a.id, a.name] for a in site.awards.values()]},
    ]}
