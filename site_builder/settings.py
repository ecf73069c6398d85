"""What pages, feeds, share pictures and email need from a site's configuration, as plain values.

`project.Project` reads them once from the root's mkdocs.yml; everything after that is handed
this value, never the file. It knows nothing of the engine or of YAML.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import brand


@dataclass(frozen=True)
class Settings:
    """The site's name, address, colours and logo."""

    name: str = ""
    url: str = ""  # the published address (site_url), for feeds and link previews; may be empty
    primary: str = brand.PRIMARY[brand.DEFAULT_PRIMARY]  # #rrggbb, for share pictures and email
    accent: str = brand.ACCENT[brand.DEFAULT_ACCENT]
    logo: str = ""  # the theme's logo, a path in the site
    languages: tuple[str, ...] = ("en",)  # the first lives at /, each other under /<language>/

    def absolute(self, path: str) -> str:
        """`path` in the site as an absolute address, or "" when the site's address is unknown."""
        return f"{self.url.rstrip('/')}/{path}" if self.url else ""
