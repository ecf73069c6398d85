"""The generated files of a new content repository (`site-builder init`).

The JSON Schemas and the CMS configuration come from the field tables of the installed
site-builder, so they are generated at init time rather than copied from a template.
"""

from __future__ import annotations

from pathlib import Path

from ..cms.generate import write_cms_config
from .schemas import write_schemas

SCHEMAS = "schemas"


def write_generated(root: Path) -> list[Path]:
    """Write schemas/*.schema.json and schemas/cms-config.yml into a new root; return them."""
    out = root / SCHEMAS
    write_schemas(out)
    write_cms_config(root, out / "cms-config.yml")
    return sorted(out.iterdir())
