"""The engine configuration derived from a content root.

A content root's own `mkdocs.yml` may set the site name, logo, colours and extras; we lay it
over our defaults and then force what the pipeline owns (where pages and output live, the
packaged theme, the navigation).

The root's `mkdocs.yml` arrives by pull request like everything else, and MkDocs reads its
configuration with PyYAML's unsafe loader: a `!!python/object/apply:os.system [...]` would run
in CI. So only the tags a theme needs pass (`!!python/name:` of the emoji and pymdownx
functions, carried through for the engine to resolve); any other tag, `!ENV` included (CI
variables hold secrets, and the page would print them), and `hooks:` (Python files from the
pull request) are refused at their line. A `mkdocs.yml` that is a link out of the root is
never read.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..model.containment import LINK_HINT, Root
from ..model.yamlsrc import nesting_problem
from .config_text import for_engine
from .yamltags import Dumper, Loader, Tagged
from ..resources import theme_dir

OWN_CSS = "assets/site-builder/site.css"
OWN_JS = {"path": "assets/site-builder/search.js", "type": "module"}
REPLACED_PLUGINS = ("search", "material/search")
SAFE_HTML = "site_builder.html.markdown_ext"  # sanitizes every page's HTML; always last
LIVE_HOOKS = str(Path(__file__).with_name("hooks.py"))  # the live preview only


class ConfigError(Exception):
    """The content root's mkdocs.yml cannot be used; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


DEFAULT_SITE_NAME = "Our stories"


def defaults() -> dict[str, Any]:
    return {
        "site_name": DEFAULT_SITE_NAME,
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "en",
            "font": False,  # system fonts: no request leaves the intranet, nothing to download
            "features": ["navigation.tabs", "navigation.top", "content.tooltips"],
            "palette": [
                {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo",
                 "accent": "deep orange", "toggle": {"icon": "material/weather-night",
                                                      "name": "Switch to dark mode"}},
                {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo",
                 "accent": "orange", "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"}},
            ],
        },
        "markdown_extensions": [
            "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
            {"toc": {"permalink": True}},
            "pymdownx.details", "pymdownx.superfences", "pymdownx.tilde",
            {"pymdownx.emoji": {
                "emoji_index": Tagged("tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji", ""),
                "emoji_generator": Tagged("tag:yaml.org,2002:python/name:material.extensions.emoji.to_svg", ""),
            }},
            SAFE_HTML,
        ],
        # Search is Pagefind (see search_index.py): Material's lunr index grows with the archive
        # and every page would download it.
        "plugins": [],
        "extra_css": [],
        "extra_javascript": [],
    }


def read_root_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    escape = Root.of(root).escape(path)
    if escape is not None:
        raise ConfigError(1, f"mkdocs.yml {escape}; {LINK_HINT}")
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
        too_deep = nesting_problem(text)  # PyYAML's loader recurses once per level: check first
        if too_deep is not None:
            raise ConfigError(too_deep.line, f"{too_deep.message}; {too_deep.hint}")
        data = yaml.load(text, Loader=Loader)  # noqa: S506 (safe subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = exc.problem if isinstance(exc, yaml.constructor.ConstructorError) else f"YAML syntax error: {exc.problem}"
        raise ConfigError(mark.line + 1 if mark else 1, str(problem)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(1, f"cannot read mkdocs.yml: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(1, "mkdocs.yml must be a mapping of settings")
    theme = data.get("theme")
    for key in ("logo", "favicon"):
        value = theme.get(key) if isinstance(theme, dict) else None
        if isinstance(value, str) and "://" not in value:
            reason = Root.of(root).escape(root / value.lstrip("/"))
            if reason is not None:
                raise ConfigError(key_line(path, key), f"theme '{key}' {value!r} {reason}; "
                                  "put the file in assets/ and write its path, such as assets/logo.png")
    if data.get("hooks"):
        raise ConfigError(key_line(path, "hooks"), "'hooks:' would run Python files from the content "
                          "repository in CI, which site-builder never does; remove 'hooks:'")
    _check_extensions(data.get("markdown_extensions"), path)
    _check_plugins(data.get("plugins"), path)
    _check_extras(data, path)
    return data


# Python-Markdown's own extensions, by their short names; with pymdownx.* and
# material.extensions.*, what a content root may switch on. Python-Markdown imports any
# other name as `module:Class` and calls it with the settings: `subprocess:Popen` would run a
# command in CI. pymdownx.snippets pastes files from the runner's disk into pages.
MARKDOWN_BUILTINS = ("abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
                     "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
                     "smarty", "tables", "toc", "wikilinks")
REFUSED_EXTENSIONS = ("pymdownx.snippets",)


def allowed_extension(name: str) -> bool:
    """Whether a content root's mkdocs.yml may switch on the Markdown extension `name`."""
    if name in REFUSED_EXTENSIONS or ":" in name:
        return False
    short = name.removeprefix("markdown.extensions.")
    return (short in MARKDOWN_BUILTINS or name == SAFE_HTML
            or re.fullmatch(r"(pymdownx|material\.extensions)\.[a-z_][a-z0-9_.]*", name) is not None)


def _check_extensions(extensions: Any, path: Path) -> None:
    for entry in extensions if isinstance(extensions, list) else []:
        name = _name(entry)
        if not isinstance(name, str) or not allowed_extension(name):
            raise ConfigError(key_line(path, str(name).strip() or "markdown_extensions"),
                              f"the Markdown extension {str(name)!r} is not allowed in mkdocs.yml: it could "
                              "run code or read files in CI; use Python-Markdown's own extensions, "
                              "pymdownx.* (not snippets) or material.extensions.*")


def _check_plugins(plugins: Any, path: Path) -> None:
    """site-builder makes every page itself, and a plugin's settings can reach outside the root
    (`material/projects` builds other mkdocs.yml files, `material/privacy` downloads from the
    internet): only the search plugins, which Pagefind replaces, may be named."""
    for entry in plugins if isinstance(plugins, list) else []:
        name = _name(entry)
        if name not in REPLACED_PLUGINS:
            raise ConfigError(key_line(path, str(name)), f"the plugin {str(name)!r} is not used by site-builder, "
                              "which makes the pages, search and feeds itself; remove it from 'plugins:'")


def _check_extras(data: dict[str, Any], path: Path) -> None:
    """No script from the content repository on every page; styles only from the site itself."""
    if data.get("extra_javascript"):
        raise ConfigError(key_line(path, "extra_javascript"), "'extra_javascript' would put a script from "
                          "the content repository on every page, which site-builder never does; remove it")
    for entry in data.get("extra_css") or []:
        if not isinstance(entry, str) or re.match(r"^([a-z][a-z0-9+.-]*:|//)", entry.strip(), re.I):
            raise ConfigError(key_line(path, "extra_css"), f"extra_css {entry!r} must be a stylesheet "
                              "in the site's assets/, such as assets/brand.css (an intranet loads nothing "
                              "from elsewhere)")


def key_line(path: Path, key: str) -> int:
    """The first line of `path` that sets `key:` or lists `- key`; 1 when none does."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        stripped = line.lstrip().removeprefix("- ").strip().strip("'\"")
        if stripped.startswith(f"{key}:") or stripped.startswith((f"{key}':", f'{key}":')) or stripped == key:
            return number
    return 1


def _name(entry: Any) -> Any:
    return next(iter(entry)) if isinstance(entry, dict) else entry


def _merge_list(ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Union by entry name; the root's settings for an entry win."""
    names = {_name(e): i for i, e in enumerate(ours)}
    merged = list(ours)
    for entry in theirs:
        if _name(entry) in names:
            merged[names[_name(entry)]] = entry
        else:
            merged.append(entry)
    return merged


def derive(theirs: Mapping[str, Any], docs_dir: Path, site_dir: Path, nav: list[tuple[str, str]],
           live: bool = False) -> dict[str, Any]:
    """The engine configuration for staged pages in `docs_dir`, rendered into `site_dir`, with
    the header tabs `nav` as (title, staged page), from the root's checked mkdocs.yml `theirs`
    (`read_root_config`, once per command: `project.Project`). `live` is for the engine's own
    server, which puts trusted fragments in as it renders (a build does that after the engine,
    see `pipeline.render.finish`)."""
    config = defaults()
    for key, value in copy.deepcopy(dict(theirs)).items():
        if key == "theme" and isinstance(value, dict):
            config["theme"] |= value
        elif key in ("markdown_extensions", "plugins", "extra_css", "extra_javascript") and isinstance(value, list):
            config[key] = _merge_list(config.get(key, []), value)
        elif key not in ("docs_dir", "site_dir", "nav", "INHERIT", "hooks"):
            config[key] = value
    config["theme"]["name"] = "material"
    config["theme"]["custom_dir"] = str(theme_dir() / "overrides")
    config["extra_css"] = [OWN_CSS] + [c for c in config["extra_css"] if c != OWN_CSS]
    config["extra_javascript"] = [OWN_JS] + [j for j in config["extra_javascript"] if j != OWN_JS]
    config["plugins"] = [p for p in config["plugins"] if _name(p) not in REPLACED_PLUGINS]
    config["markdown_extensions"] = [e for e in config["markdown_extensions"] if _name(e) != SAFE_HTML] + [SAFE_HTML]
    config["hooks"] = [LIVE_HOOKS] if live else []  # never the root's (read_root_config refuses them)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["nav"] = [{title: path} for title, path in nav]
    config.setdefault("validation", {"omitted_files": "ignore", "absolute_links": "info",
                                     "unrecognized_links": "info"})
    return config


def dump(config: dict[str, Any]) -> str:
    """The configuration file the engine reads. This is where configuration is handed to the
    engine, so text the theme prints is escaped here (`config_text.for_engine`), once."""
    return yaml.dump(for_engine(config), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)
