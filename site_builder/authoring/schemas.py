"""JSON Schemas of the content files, made from the same field tables validation uses.

Editors' tools (VS Code with the YAML extension) read them for completion and inline
errors; `site-builder validate` remains the authority (cross-references, images, lines).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model.entities import KINDS
from ..model.fields import (AWARD_FIELDS, CITATION_MAX, DATE_PATTERN, LANGUAGE_PATTERN, DEPARTMENT_FIELDS, MAX_TAGS,
                           MOMENT_PATTERN, PERSON_FIELDS, PRINCIPLE_FIELDS, SLUG_PATTERN, STORY_FIELDS,
                           SUMMARY_MAX, TRANSLATION_KEYS, Field)

SLUG, DATE, MOMENT = SLUG_PATTERN, DATE_PATTERN, MOMENT_PATTERN
# The plainest part of `fields.markup_in` as one pattern editors' tools can run: no HTML tags,
# Markdown emphasis, code or links (validation checks the rest, with the line).
CITATION_PATTERN = r"^(?![\s\S]*(<[A-Za-z/!?]|\*\*|__|`|\]\())[\s\S]*$"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://site-builder.invalid/schemas/"


def _type(field: Field) -> dict[str, Any]:
    slug = {"type": "string", "pattern": SLUG}
    types: dict[str, dict[str, Any]] = {
        "text": {"type": ["string", "number"], "minLength": 1},
        # the same text in every language, or one per language (`name: {en: ..., vi: ...}`)
        "words": {"anyOf": [{"type": ["string", "number"], "minLength": 1,
                             "description": "the same text in every language of the site"},
                            {"type": "object", "minProperties": 1, "additionalProperties": False,
                             "description": "one text per language, keyed by language code (en, vi); "
                                            "the site's first language is required",
                             "patternProperties": {LANGUAGE_PATTERN: {"type": ["string", "number"], "minLength": 1}}}]},
        "language": {"type": "string", "pattern": LANGUAGE_PATTERN,
                     "examples": ["en", "vi"]},
        "summary": {"type": "string", "minLength": 1, "maxLength": SUMMARY_MAX},
        "markdown": {"type": "string"},
        "slug": slug,
        "id": slug,
        "ids": {"anyOf": [{"type": "array", "items": slug, "uniqueItems": True}, slug]},
        "tags": {"anyOf": [{"type": "array", "items": {"type": ["string", "number"]}, "maxItems": MAX_TAGS},
                           {"type": "string"}]},
        "date": {"type": "string", "pattern": DATE},
        "moment": {"type": "string", "pattern": MOMENT},
        "bool": {"type": "boolean"},
        "kind": {"enum": list(KINDS)},
        "path": {"type": "string", "minLength": 1},
        "awards": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["award", "year"],
            "properties": {
                "award": slug, "year": {"type": "integer", "minimum": 1900, "maximum": 2200},
                "people": {"anyOf": [{"type": "array", "items": slug, "uniqueItems": True, "minItems": 1}, slug],
                           "description": "the recipients, among the story's people (default: all of them)"},
                "citation": {"type": "string", "minLength": 1, "maxLength": CITATION_MAX,
                             "pattern": CITATION_PATTERN,
                             "description": f"why they were recognised: plain text, at most {CITATION_MAX} characters"},
            }}},
    }
    schema = dict(types[field.type])
    if field.help:
        schema["description"] = field.help
    if field.type == "ids" and field.required:
        schema["anyOf"] = [dict(schema["anyOf"][0], minItems=1), slug]
    return schema


def object_schema(fields: tuple[Field, ...], title: str) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _type(f) for f in fields},
    }


def translation_schema() -> dict[str, Any]:
    """`<story file>.<language>.md`: only what differs from the story (`TRANSLATION_KEYS`), all optional."""
    schema = object_schema(tuple(f for f in STORY_FIELDS if f.name in TRANSLATION_KEYS),
                           "A story's translation: <story file>.<language>.md beside the story")
    schema["required"] = []
    schema["description"] = (f"holds only {', '.join(TRANSLATION_KEYS)} and the text; everything else (date, people, "
                             "principles, cover, ...) comes from the story it translates")
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    files = {
        "story-front-matter": object_schema(STORY_FIELDS, "Story front matter"),
        "translation-front-matter": translation_schema(),
        "person": object_schema(PERSON_FIELDS, "A person: content/people/<id>.yml"),
        "principles": {"title": "content/principles.yml", "type": "array",
                       "items": object_schema(PRINCIPLE_FIELDS, "A principle")},
        "departments": {"title": "content/departments.yml", "type": "array",
                        "items": object_schema(DEPARTMENT_FIELDS, "A department")},
        "awards": {"title": "content/awards.yml", "type": "array",
                   "items": object_schema(AWARD_FIELDS, "An award programme")},
    }
    return {f"{name}.schema.json": {"$schema": DIALECT, "$id": f"{BASE}{name}.schema.json", **schema}
            for name, schema in files.items()}


def write_schemas(out: Path, check: bool = False) -> list[str]:
    """Write (or with `check`, compare) every schema; return the names that were out of date."""
    stale = []
    for name, schema in schemas().items():
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check:
                out.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return stale
