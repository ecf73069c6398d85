"""Decap CMS's config.yml, generated from the field tables in `site_builder.model.fields`.

Validation, the JSON Schemas and this configuration read the same tables, so the form cannot
accept what validation refuses (or refuse what it accepts) without a test failing. Only the
backend (where the repository lives, how editors sign in) comes from the content root.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..model.entities import KINDS
from ..model.fields import (AWARD_FIELDS, CITATION_MAX, DEPARTMENT_FIELDS, MAX_TAGS, PERSON_FIELDS,
                            PRINCIPLE_FIELDS, STORY_FIELDS, SUMMARY_MAX, Field)
from ..model.fields import DATE_PATTERN as DATE, LANGUAGE_PATTERN, MOMENT_PATTERN as MOMENT, SLUG_PATTERN as SLUG

LIST_FORMAT = "site-builder-list"  # registered by site-builder-cms.js: a YAML file that is one list
LIST_KEY = "items"  # the key that format puts the list under, for Decap's fields and relations
PERSON_FORMAT = "site-builder-person"  # a person's YAML, its `role` one text per language (two languages or more)
# What a story's translation holds (`fields.TRANSLATION_KEYS` and the text): Decap's language tabs
# edit these per language and write every other field in the first language's file only.
TRANSLATABLE = ("title", "summary", "cover_alt", "body")
LISTS = (("principles", "Principles", PRINCIPLE_FIELDS), ("departments", "Departments", DEPARTMENT_FIELDS),
         ("awards", "Awards", AWARD_FIELDS))
# Which collection an id field points at, and how its picker shows a choice.
RELATIONS: dict[str, dict[str, Any]] = {
    "principles": {"collection": "principles", "file": "principles", "value_field": f"{LIST_KEY}.*.id",
                   "search_fields": [f"{LIST_KEY}.*.name"], "display_fields": [f"{LIST_KEY}.*.name"]},
    "departments": {"collection": "departments", "file": "departments", "value_field": f"{LIST_KEY}.*.id",
                    "search_fields": [f"{LIST_KEY}.*.name"], "display_fields": [f"{LIST_KEY}.*.name"]},
    "department": {"collection": "departments", "file": "departments", "value_field": f"{LIST_KEY}.*.id",
                   "search_fields": [f"{LIST_KEY}.*.name"], "display_fields": [f"{LIST_KEY}.*.name"]},
    "people": {"collection": "people", "value_field": "{{slug}}", "search_fields": ["name", "role"],
               "display_fields": ["name"]},
    "award": {"collection": "awards", "file": "awards", "value_field": f"{LIST_KEY}.*.id",
              "search_fields": [f"{LIST_KEY}.*.name"], "display_fields": [f"{LIST_KEY}.*.name"]},
}
# Without a `backend:` setting: Decap's local backend at its usual address (`site-builder edit`
# serves its own). The branch is never fixed here: `cms_config` is given the repository's.
DEFAULT_BACKEND = {"name": "proxy", "proxy_url": "http://localhost:8081/api/v1"}
EDIT_PUBLISH_MODE = "simple"  # `site-builder edit`: each save is a commit on the checked-out branch


def _pattern(regex: str, message: str) -> list[str]:
    return [regex, message]


def relation_settings(name: str, languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    """How an id field picks from its collection; with two languages or more a list entry's
    name is one text per language, shown and searched in the first."""
    settings = dict(RELATIONS[name])
    if len(languages) > 1:
        for key in ("search_fields", "display_fields"):
            settings[key] = [f"{v}.{languages[0]}" if v.endswith(".name") else v
                             for v in settings[key] if v != "role"]
    return settings


def words_widget(field: Field, languages: tuple[str, ...]) -> dict[str, Any]:
    """A `words` field (`name: {en: ..., vi: ...}`): with one language a string, with more one
    string per language, the first required (site-builder-cms.js reads plain text into the first
    and writes it back as plain text when only the first is given). `words: true` marks it for
    that script."""
    text = {"widget": "string", "pattern": _pattern(r"\S", "write something, not only spaces")}
    if len(languages) < 2:
        return text
    return {"widget": "object", "words": True, "collapsed": False, "summary": f"{{{{fields.{languages[0]}}}}}",
            "fields": [{"label": lang, "name": lang, **text, "required": field.required and lang == languages[0]}
                       for lang in languages]}


def widget(field: Field, languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    """The form widget for one field: its type, choices and the checks validation makes."""
    kind = field.type
    if kind == "words":
        return words_widget(field, languages)
    if field.name in RELATIONS:
        relation = {"widget": "relation", **relation_settings(field.name, languages)}
        if kind == "ids":
            relation["multiple"] = True
            if field.required:
                relation["min"] = 1
        return relation
    table: dict[str, dict[str, Any]] = {
        "text": {"widget": "string", "pattern": _pattern(r"\S", "write something, not only spaces")},
        "words": {"widget": "string", "pattern": _pattern(r"\S", "write something, not only spaces")},
        "language": {"widget": "string", "pattern": _pattern(LANGUAGE_PATTERN, "a language code such as en or vi")},
        "summary": {"widget": "text", "pattern": _pattern(rf"^\s*\S[\s\S]{{0,{SUMMARY_MAX - 1}}}$",
                                                          f"at most {SUMMARY_MAX} characters")},
        "markdown": {"widget": "markdown", "buttons": ["bold", "italic", "link", "bulleted-list", "numbered-list"],
                     "editor_components": [], "modes": ["raw", "rich_text"]},
        "slug": {"widget": "string", "pattern": _pattern(SLUG, "lowercase letters, digits and hyphens")},
        "id": {"widget": "string", "pattern": _pattern(SLUG, "lowercase letters, digits and hyphens")},
        "tags": {"widget": "list", "max": MAX_TAGS, "allow_add": True},
        "date": {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                 "time_format": False, "pattern": _pattern(DATE, "a date: YYYY-MM-DD")},
        "moment": {"widget": "datetime", "format": "YYYY-MM-DDTHH:mm", "date_format": "YYYY-MM-DD",
                   "time_format": "HH:mm", "picker_utc": True,
                   "pattern": _pattern(MOMENT, "YYYY-MM-DD or YYYY-MM-DDTHH:MM, in UTC")},
        "bool": {"widget": "boolean", "default": field.name == "active"},
        "kind": {"widget": "select", "options": list(KINDS)},
        "path": {"widget": "image", "choose_url": False},
        "awards": {"widget": "list", "fields": [
            {"label": "Award", "name": "award", "widget": "relation", **relation_settings("award", languages)},
            {"label": "Year", "name": "year", "widget": "number", "value_type": "int", "min": 1900, "max": 2200},
            {"label": "Recipients", "name": "people", "widget": "relation", **RELATIONS["people"], "multiple": True,
             "required": False, "hint": "among the story's people; leave empty to recognise all of them"},
            {"label": "Citation", "name": "citation", "widget": "text", "required": False,
             "pattern": _pattern(rf"^(?![\s\S]*(<[A-Za-z/!?]|\*\*|__|`|\]\())[\s\S]{{0,{CITATION_MAX}}}$",
                                 f"plain text, no formatting, at most {CITATION_MAX} characters"),
             "hint": f"why they were recognised, in plain text (at most {CITATION_MAX} characters)"}]},
    }
    return dict(table[kind])


def cms_field(field: Field, languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    entry = {"label": field.name.replace("_", " ").capitalize(), "name": field.name, **widget(field, languages)}
    entry["required"] = field.required
    if field.help:
        entry["hint"] = field.help
    return entry


def fields(table: tuple[Field, ...], languages: tuple[str, ...] = ("en",)) -> list[dict[str, Any]]:
    return [cms_field(f, languages) for f in table]


def i18n_settings(languages: tuple[str, ...]) -> dict[str, Any]:
    """Decap's i18n: one file per language beside each other, `<slug>.<language>.md`; Decap 3.16
    writes the first language's as `<slug>.en.md` too, which the loader takes as the story."""
    return {"structure": "multiple_files", "locales": list(languages), "default_locale": languages[0]}


def story_collection(languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    body = {"label": "Story", "name": "body", "widget": "markdown", "required": True,
            "hint": "the story; interview turns come from the Turn and Question buttons"}
    story_fields = fields(STORY_FIELDS, languages) + [body]
    collection: dict[str, Any] = {
        "name": "stories", "label": "Stories", "label_singular": "Story", "folder": "stories",
        "create": True, "extension": "md", "format": "frontmatter",
        "path": "{{year}}/{{slug}}", "slug": "{{slug}}", "identifier_field": "title",
        "media_folder": "", "public_folder": "",  # pictures beside the story, as validation expects
        "summary": "{{title}} ({{date}})", "sortable_fields": ["date", "title"],
        # A story's address is /stories/<file name>/ (unless its front matter sets `slug:`),
        # for Decap's "View Live" link where `site_url` is known (`site-builder edit`).
        "preview_path": "stories/{{filename}}/",
        "fields": story_fields,
    }
    if len(languages) > 1:  # a translation holds only the translatable fields: the others are the story's
        collection["i18n"] = True
        for entry in story_fields:
            entry["i18n"] = entry["name"] in TRANSLATABLE
    return collection


def people_collection(languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    return {
        "name": "people", "label": "People", "label_singular": "Person", "folder": "content/people",
        "create": True, "extension": "yml", "format": PERSON_FORMAT if len(languages) > 1 else "yml",
        "slug": "{{name}}", "identifier_field": "name",
        "media_folder": "", "public_folder": "", "summary": "{{name}}", "fields": fields(PERSON_FIELDS, languages),
    }


def list_collection(name: str, label: str, table: tuple[Field, ...],
                    languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    shown = f"{{{{fields.name.{languages[0]}}}}}" if len(languages) > 1 else "{{fields.name}}"
    items = {"label": label, "name": LIST_KEY, "widget": "list", "summary": shown,
             "fields": fields(table, languages)}
    return {"name": name, "label": label, "format": LIST_FORMAT, "extension": "yml",
            "files": [{"name": name, "label": label, "file": f"content/{name}.yml", "fields": [items]}]}


def cms_config(settings: dict[str, Any] | None = None, branch: str | None = None,
               languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    """The whole config.yml; `settings` are the root's `extra.site_builder.admin` (backend etc.).

    The backend's branch is, in order: `backend: {branch: ...}`, `admin: {branch: ...}`, then
    `branch` (the repository's, from `vcs.editor_branch`); with none of them it is left out,
    as in the reviewable copy, which must not change with the branch it is checked on."""
    settings = settings or {}
    backend = dict(settings.get("backend") or DEFAULT_BACKEND)
    chosen = backend.get("branch") or settings.get("branch") or branch
    if chosen:
        backend["branch"] = str(chosen)
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": settings.get("publish_mode", "editorial_workflow"),
        "media_folder": "assets/uploads", "public_folder": "/assets/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if "local_backend" in settings:
        config["local_backend"] = settings["local_backend"]
    if len(languages) > 1:  # Decap reads a collection's i18n only when the top level has it too
        config["i18n"] = i18n_settings(languages)
    config["collections"] = [story_collection(languages), people_collection(languages),
                             *(list_collection(*entry, languages) for entry in LISTS)]
    return config


def edit_config(settings: dict[str, Any] | None, branch: str, api_url: str,
                languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    """config.yml as `site-builder edit` serves it: the same form, saved through its own local
    backend at `api_url`, straight to `branch` (the checked-out one), one commit per save."""
    config = cms_config(settings, branch, languages)
    config["backend"] = {"name": "proxy", "proxy_url": api_url, "branch": branch}
    config["publish_mode"] = EDIT_PUBLISH_MODE
    config["site_url"] = api_url.rsplit("/api/", 1)[0] + "/"  # the live preview, same address
    config.pop("local_backend", None)
    return config


HEADER = "# Generated by site-builder from its field tables; do not edit (site-builder cms-config).\n"


def dump(config: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
