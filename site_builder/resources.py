"""Where the files shipped inside the package live: the theme, the guide, the scaffolds.

The theme ships as `site_builder.theme` (from `theme/`), so any content root builds with the
full look without copying files; the rest are package data beside this module. Every module
that needs one of these folders asks here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE = Path(__file__).parent


def theme_dir() -> Path:
    return Path(str(resources.files("site_builder.theme")))


def page_templates_dir() -> Path:
    return theme_dir() / "pages"


def overrides_dir() -> Path:
    return theme_dir() / "overrides"


def guide_dir() -> Path:
    return _PACKAGE / "guide"


def starter_dir() -> Path:
    """What `site-builder init` copies into a new content root."""
    return _PACKAGE / "starter"


def scaffold_templates_dir() -> Path:
    """The templates of `site-builder new`."""
    return _PACKAGE / "scaffold_templates"


def fonts_dir() -> Path:
    """Be Vietnam Pro (SIL Open Font License 1.1, `OFL.txt` beside it), for share pictures."""
    return _PACKAGE / "media" / "fonts"
