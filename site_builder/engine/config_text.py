"""Text from the root's `mkdocs.yml` that reaches pages, feeds and email: what it may be, and
how it is handed to the engine. This module is the one owner of those rules.

MkDocs renders its theme without autoescaping, and mkdocs-material prints `site_name`,
`copyright`, `site_description`, `site_author`, `repo_name` and strings under `extra` straight
into every page, so a `<script>` in `site_name` ran on every page. The rules:

- **Plain text** (`PLAIN` keys, and every string under `extra`): shown exactly as written, so
  "Stories & People" reads the same on the site, in feeds, on share pictures and in the email
  digest. It is HTML-escaped where the configuration is handed to the engine (`for_engine`),
  and marked there as markup already escaped (`markupsafe.Markup`), so the theme's own `| e`
  does not escape it twice. (One place escapes it twice on purpose: the header's logo
  tooltip, which Material's script puts in with innerHTML; see partials/header.html.)
- **`copyright`** is simple HTML, as mkdocs-material documents it (`&copy;`, a link, bold):
  the footer is where a comms team puts "© 2026 Lotus Harbour · Privacy" with a link. It goes
  through the same allowlist sanitizer as story bodies, and `validate` warns at its line about
  anything that will be removed.
- **Addresses** (`URL_KEYS`, `extra.homepage`, any `link` under `extra`, the theme's logo and
  favicon) are printed inside attributes: they must be http(s), mailto, tel or relative, with
  no quotes, angle brackets or spaces; anything else is an error at its line.
- **Theme settings** (palette names, fonts, icons, toggle labels) go into attributes, a style
  block and script as they are, so they may not hold angle brackets, quotes, ampersands,
  backticks or backslashes: an error at their line ("deep orange" or "Be Vietnam Pro" never
  needs one).
- **No control characters** in any of this text, and `site_name` is one line: it becomes the
  digest's subject and sender name, where a line break would start a new mail header.

`check` reports every breach as a `Problem` at `mkdocs.yml:LINE`; `validate`, `build` and
`digest` all call it (through `validation.check`) before anything is written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..html.sanitize import safe_url, sanitize
from ..model import Problem
from .yamltags import Loader, Tagged

CONFIG_FILE = "mkdocs.yml"
PLAIN = ("site_name", "site_description", "site_author", "repo_name")
MARKUP = ("copyright",)
URL_KEYS = ("site_url", "repo_url", "edit_uri")
THEME_URL_KEYS = ("logo", "favicon")
EXTRA_URL_KEYS = ("homepage", "link")  # extra.homepage, extra.social[].link, extra.alternate[].link
ONE_LINE = ("site_name",)  # reaches a mail header (the digest's Subject and From name)
OURS = "site_builder"  # extra.site_builder: our own settings, read from the file, never printed
MARKUP_TAG = "tag:yaml.org,2002:python/object/apply:markupsafe.Markup"

# Characters no text here may hold: C0 and C1 controls except tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# What cannot be in one line of a mail header: every control and every Unicode line break.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What would end a theme setting's attribute, style or script early: the theme prints them as they are.
_MARKUP_CHARS = re.compile(r"[<>\"&`\\]")
# What would end an attribute value or a URL early.
_URL_BREAKERS = re.compile(r"[\s\"'<>`\x00-\x1f\x7f-\x9f]")
_STR = "tag:yaml.org,2002:str"


def one_line(text: str) -> bool:
    """Whether `text` can go into a mail header: no line break, no control character."""
    return _NOT_ONE_LINE.search(text) is None


def _escaped(text: str) -> Any:
    """Text as markup already escaped, in a form the engine's YAML loader turns into `Markup`."""
    return Tagged(MARKUP_TAG, [text])


def _escape_extra(value: Any) -> Any:
    if isinstance(value, str):
        return _escaped(html.escape(value))
    if isinstance(value, dict):
        return {key: _escape_extra(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escape_extra(item) for item in value]
    return value


def for_engine(config: dict[str, Any]) -> dict[str, Any]:
    """The configuration as the engine must see it: plain text escaped, `copyright` sanitized.

    Our own uses of the configuration (feeds, share pictures, the digest) take the values as
    written; only what the engine's templates print is escaped, here, once."""
    out = dict(config)
    for key in PLAIN:
        if isinstance(out.get(key), str):
            out[key] = _escaped(html.escape(out[key]))
    for key in MARKUP:
        if isinstance(out.get(key), str):
            out[key] = _escaped(sanitize(out[key])[0])
    if isinstance(out.get("extra"), dict):
        out["extra"] = {key: value if key == OURS else _escape_extra(value) for key, value in out["extra"].items()}
    return out


# -- validation, with lines ---------------------------------------------------------------------

def _compose(path: Path) -> yaml.Node | None:
    """The file as YAML nodes, which keep their lines; read with the loader the engine's copy uses."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=Loader)  # noqa: S506 (safe subclass)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None  # `read_root_config` reports these


def _pairs(node: yaml.Node) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield str(key.value), key, value


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(node: yaml.Node, name: str, at: int) -> tuple[str | None, list[Problem]]:
    """The string a scalar holds, or a problem when it is tagged (its value is unknown here)."""
    if not isinstance(node, yaml.ScalarNode):
        return None, []
    if node.tag.startswith("!") or "python/" in node.tag:
        return None, [Problem(CONFIG_FILE, at, f"{name} has the YAML tag {node.tag}, so its text is not "
                              "known until the engine runs, and cannot be checked or escaped",
                              f"write the text itself, e.g. {name}: Our stories")]
    return (node.value if node.tag == _STR else None), []


def _null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _not_text(name: str, at: int) -> Problem:
    """A list, a mapping, a number or a date where the theme and the digest expect text."""
    return Problem(CONFIG_FILE, at, f"{name} must be text", f"write it as text, in quotes if it looks like a "
                   f"number or a date, e.g. {name}: \"2026\"")


def _controls(text: str, name: str, at: int, one: bool) -> list[Problem]:
    if one and not one_line(text):
        return [Problem(CONFIG_FILE, at, f"{name} must be one line of text, without line breaks or control "
                        "characters: it is also the email digest's subject and sender name",
                        f"write it on one line, e.g. {name}: Lotus Harbour stories")]
    found = _CONTROL.search(text)
    if found:
        return [Problem(CONFIG_FILE, at, f"{name} holds the control character U+{ord(found.group()):04X}, "
                        "which pages, feeds and email cannot show", "remove it")]
    return []


def _address(text: str, name: str, at: int) -> list[Problem]:
    if safe_url(text) and not _URL_BREAKERS.search(text.strip()):
        return []
    return [Problem(CONFIG_FILE, at, f"{name} is not a usable address: {text.strip()[:80]!r}",
                    "use an http(s), mailto or tel address, or a path in the site, without quotes, "
                    "angle brackets or spaces")]


def _copyright(text: str, at: int) -> list[Problem]:
    removed = dict.fromkeys(removal.what for removal in sanitize(text)[1])
    return [Problem(CONFIG_FILE, at, f"copyright: {what} will be removed", "the footer keeps simple HTML "
                    "(links, bold, italics, entities such as &copy;); nothing that runs or styles", "warning")
            for what in removed]


def _check_theme(node: yaml.Node, name: str, key: str) -> list[Problem]:
    if isinstance(node, yaml.MappingNode):
        return [p for child, _, value in _pairs(node) if child != "custom_dir"  # ours replaces it
                for p in _check_theme(value, f"{name}.{child}", child)]
    if isinstance(node, yaml.SequenceNode):
        return [p for index, item in enumerate(node.value) for p in _check_theme(item, f"{name}[{index}]", key)]
    text, problems = _text(node, name, _line(node))
    if text is None:
        return problems
    if key in THEME_URL_KEYS and name.count(".") == 1:
        return _address(text, name, _line(node))
    problems = _controls(text, name, _line(node), one=False)
    found = _MARKUP_CHARS.search(text)
    if found and not problems:
        problems.append(Problem(CONFIG_FILE, _line(node), f"{name} may not hold {found.group()!r}: the theme "
                                "prints it into the page's markup and styles as it is",
                                "write a name or a word, e.g. primary: deep orange, or text: Be Vietnam Pro"))
    return problems


def _check_extra(node: yaml.Node, name: str, key: str) -> list[Problem]:
    if isinstance(node, yaml.MappingNode):
        return [p for child, _, value in _pairs(node) for p in _check_extra(value, f"{name}.{child}", child)]
    if isinstance(node, yaml.SequenceNode):
        return [p for index, item in enumerate(node.value) for p in _check_extra(item, f"{name}[{index}]", key)]
    text, problems = _text(node, name, _line(node))
    if text is None:
        return problems
    problems = _controls(text, name, _line(node), one=False)
    if key in EXTRA_URL_KEYS:
        problems += _address(text, name, _line(node))
    return problems


def check(root: Path) -> list[Problem]:
    """Every problem with the text `mkdocs.yml` gives pages, feeds and email, at its line."""
    path = root / CONFIG_FILE
    document = _compose(path) if path.is_file() else None
    problems: list[Problem] = []
    for name, key_node, value in _pairs(document) if document is not None else ():
        at = _line(key_node)
        if name == "extra":
            problems += [p for child, _, item in _pairs(value) if child != OURS
                         for p in _check_extra(item, f"extra.{child}", child)]
        elif name == "theme":
            problems += _check_theme(value, "theme", "theme")
        elif name in PLAIN + MARKUP + URL_KEYS:
            text, found = _text(value, name, at)
            problems += found
            if text is None:
                problems += [] if found or _null(value) else [_not_text(name, at)]
                continue
            problems += _controls(text, name, at, one=name in ONE_LINE)
            if name in URL_KEYS:
                problems += _address(text, name, at)
            if name in MARKUP:
                problems += _copyright(text, at)
    return problems
