"""The /admin/ folder of a built site: Decap CMS's page, its generated config.yml, the bundle.

The bundle comes from npm (scripts/ensure-cms unpacks it into `vendor/`, which is git-ignored
and shipped in the wheel), so the editor is served by the site itself: an intranet page never
loads a script from a CDN. A root turns the editor off in its mkdocs.yml:

    extra:
      site_builder:
        admin: false
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..engine.config import OWN_CSS
from ..model import Site
from ..project import Project
from .config import cms_config, dump
from .vcs import editor_branch

HERE = Path(__file__).parent
VENDOR = HERE / "vendor"
ADMIN = "admin"
DECAP_VERSION = "3.16.3"  # scripts/ensure-cms pins the same


class AdminError(Exception):
    """/admin/ cannot be built here: the CMS bundle is missing, or its settings are wrong."""


def admin_settings(project: Project) -> dict[str, Any] | None:
    """The root's `extra.site_builder.admin`: None when turned off, else its settings ({} by default)."""
    value = project.extra.get("admin", True)
    if value is False:
        return None
    if value is True or value is None:
        return {}
    if not isinstance(value, dict):
        raise AdminError("extra.site_builder.admin must be true, false or a mapping "
                         "(backend:, branch:, publish_mode:, local_backend:)")
    branch = value.get("branch")
    if branch is not None and not (isinstance(branch, str) and branch.strip() and not branch.startswith("-")):
        raise AdminError(f"extra.site_builder.admin.branch must be a branch name, such as main, not {branch!r}")
    return value


def bundle_files() -> list[Path]:
    """Decap's files from vendor/; `AdminError` with what to do when this install lacks them."""
    files = sorted(p for p in VENDOR.glob("*") if p.is_file() and not p.name.startswith("."))
    if not (VENDOR / "decap-cms.js").is_file() or not (VENDOR / "js-yaml.min.js").is_file():
        raise AdminError(f"the browser editor (/admin/) needs Decap CMS {DECAP_VERSION}, which this "
                         "installation of site-builder lacks: run scripts/ensure-cms in a checkout "
                         "(it needs npm), install site-builder from a wheel, or turn the editor off "
                         "with `extra: {site_builder: {admin: false}}` in mkdocs.yml")
    return files


def admin_ready(project: Project) -> None:
    """Raise `AdminError` now if `write_admin` would fail at the end of a build."""
    if admin_settings(project) is not None:
        bundle_files()


def index_html(preview_styles: list[str]) -> str:
    """The /admin/ page: Decap, js-yaml and our additions, every script a file of /admin/."""
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), undefined=StrictUndefined,
                      autoescape=True, keep_trailing_newline=True)
    return env.get_template("index.html").render(decap_version=DECAP_VERSION, preview_styles=preview_styles)


def preview_styles(site_dir: Path | None) -> list[str]:
    """The built site's own stylesheets (the theme's, then ours), for the preview pane;
    `site_dir` is any folder laid out like the site (`site-builder edit` gives the theme's)."""
    if site_dir is None:
        return [f"../{OWN_CSS}"]
    theme = sorted((site_dir / "assets" / "stylesheets").glob("main.*.css"))
    return [f"../{p.relative_to(site_dir).as_posix()}" for p in theme if p.suffix == ".css"] + [f"../{OWN_CSS}"]


def people_json(site: Site) -> str:
    """Names and public roles for the preview's turn labels: only what the site itself shows."""
    people = {pid: {"name": p.name, "role": p.public_role or "", "short_name": p.short_name or ""}
              for pid, p in sorted(site.people.items())}
    return json.dumps(people, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_admin(project: Project, site: Site, site_dir: Path) -> list[Path]:
    """Write /admin/ into a freshly built site (nothing when the root turned it off)."""
    settings = admin_settings(project)
    if settings is None:
        return []
    target = site_dir / ADMIN
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in [*bundle_files(), HERE / "static" / "site-builder-cms.js"]:
        shutil.copyfile(source, target / source.name)
        written.append(target / source.name)
    config = cms_config(settings, editor_branch(project.root, settings.get("branch")), project.languages)
    (target / "config.yml").write_text(dump(config), encoding="utf-8")
    (target / "people.json").write_text(people_json(site), encoding="utf-8")
    (target / "index.html").write_text(index_html(preview_styles(site_dir)), encoding="utf-8")
    written += [target / "config.yml", target / "people.json", target / "index.html"]
    for path in [target, *written]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return written
