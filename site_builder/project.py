"""One content root as every command sees it: where its files are and what its mkdocs.yml says.

The root's mkdocs.yml used to be read about five times a build (validation, the engine's
configuration, the page settings, the editor's settings, the digest), each reader with its own
idea of a default. A command now opens the `Project` once: the file is read and checked
(`engine.config.read_root_config`, which refuses what could run code), and the typed settings
are derived here, in one place, from that one reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .engine.config import DEFAULT_SITE_NAME, ConfigError, key_line, read_root_config
from .pages.strings import DEFAULT_LANGUAGE, INTERFACE_LANGUAGES
from . import brand
from .paths import Paths
from .settings import Settings

__all__ = ["ConfigError", "Project", "Settings"]


@dataclass(frozen=True)
class Project:
    """A content root, its paths, and its configuration read once."""

    root: Path
    config: Mapping[str, Any] = field(default_factory=dict)  # the root's own mkdocs.yml, checked

    @classmethod
    def open(cls, root: Path) -> Project:
        """Read the root's mkdocs.yml; `ConfigError` (with its line) when it cannot be used."""
        project = cls(root, read_root_config(root))
        project.languages  # noqa: B018 (checked now, with the rest of the file, not at first use)
        return project

    @property
    def paths(self) -> Paths:
        return Paths(self.root)

    @property
    def theme(self) -> Mapping[str, Any]:
        theme = self.config.get("theme")
        return theme if isinstance(theme, dict) else {}

    @property
    def extra(self) -> Mapping[str, Any]:
        """`extra.site_builder`: site-builder's own settings ({} when none)."""
        extra = self.config.get("extra")
        ours = extra.get("site_builder") if isinstance(extra, dict) else None
        return ours if isinstance(ours, dict) else {}

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """`extra.site_builder.languages`: the site's languages, the first at /; ("en",) by default."""
        value = self.extra.get("languages")
        if value is None:
            return (DEFAULT_LANGUAGE,)
        line = key_line(self.root / "mkdocs.yml", "languages")
        known = ", ".join(INTERFACE_LANGUAGES)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise ConfigError(line, f"extra.site_builder.languages must be a list of languages, such as [en, vi] "
                              f"(site-builder has interface text in {known})")
        for code in value:
            if code not in INTERFACE_LANGUAGES:
                raise ConfigError(line, f"extra.site_builder.languages has {code!r}; site-builder has interface text "
                                  f"in {known}")
        if len(set(value)) != len(value):
            raise ConfigError(line, "extra.site_builder.languages names a language twice")
        return tuple(value)

    @cached_property
    def settings(self) -> Settings:
        """The typed settings pages, feeds, share pictures and email are made with."""
        primary, accent = brand.colours(dict(self.theme))
        name = self.config.get("site_name")
        return Settings(DEFAULT_SITE_NAME if name is None else str(name), str(self.config.get("site_url") or ""),
                        primary, accent, brand.logo_path(dict(self.theme)), self.languages)
