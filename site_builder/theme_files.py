"""Where the packaged theme lives: mkdocs-material overrides plus the page templates.

The theme ships inside the installed package (as `site_builder.theme`), so any content root
builds with the full look without copying files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def theme_dir() -> Path:
    return Path(str(resources.files("site_builder.theme")))


def page_templates_dir() -> Path:
    return theme_dir() / "pages"


def guide_dir() -> Path:
    return Path(__file__).parent / "guide"
