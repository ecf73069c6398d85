"""`site-builder cms-config`: write or check a root's generated CMS configuration file.

The built site always serves a fresh config.yml; the committed copy exists so a reviewer sees
what the form enforces, and `--check` (run by the tests) fails once it and the tables disagree.
"""

from __future__ import annotations

from pathlib import Path

from ..project import Project
from .admin import admin_settings
from .config import cms_config, dump


def write_cms_config(root: Path, out: Path, check: bool = False) -> bool:
    """Write (or with `check`, compare) the config; return True when `out` was out of date."""
    project = Project.open(root)
    text = dump(cms_config(admin_settings(project) or {}, languages=project.languages))
    stale = not out.is_file() or out.read_text(encoding="utf-8") != text
    if stale and not check:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return stale
