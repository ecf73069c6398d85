"""What the previous build rendered, kept so the next build renders only what changed.

The cache is the engine's HTML output (hard links, so it costs no copy) with a manifest of
the staged Markdown each page came from. A page's HTML depends only on its staged source,
the engine configuration, the theme and the versions of the engine and of this package:
all of those but the source form the cache key, so any change to them renders everything.
The manifest lives inside the cached folder and the folder is swapped in one step, so a
killed build leaves the old cache or the new one, never a mix. CI can keep
`.site-builder/cache` between runs (see the workflows).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import engine_config
from .swap import publish
from .theme_files import theme_dir

FORMAT = 1
MANIFEST = ".site-builder-cache.json"
NOT_CACHED = ("pagefind",)  # rebuilt whole every time; never reused


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _versions() -> list[str]:
    out = []
    for name in ("site-builder", "mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions"):
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}==none")
    return out


def _theme_digest() -> str:
    hasher = hashlib.sha256()
    folder = theme_dir() / "overrides"
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    hooks = Path(__file__).with_name("engine_hooks.py")
    hasher.update(hooks.read_bytes())
    return hasher.hexdigest()


def key(engine: str, config: dict[str, Any]) -> str:
    """Everything besides a page's own source that its HTML depends on."""
    settings = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir")}
    text = json.dumps([FORMAT, engine, _versions(), _theme_digest(), engine_config.dump(settings)])
    return digest(text.encode("utf-8"))


@dataclass(frozen=True)
class Cached:
    html: Path  # the previous engine output
    pages: dict[str, str]  # staged page -> digest of its source


def load(folder: Path, cache_key: str) -> Cached | None:
    html = folder / "html"
    try:
        manifest = json.loads((html / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("key") != cache_key or not isinstance(manifest.get("pages"), dict):
        return None
    return Cached(html, manifest["pages"])


def save(folder: Path, output: Path, cache_key: str, pages: dict[str, str]) -> None:
    """Keep `output` (links to its files) as the cache for the next build."""
    folder.mkdir(parents=True, exist_ok=True)
    fresh = folder / "html.new"
    if fresh.exists():
        shutil.rmtree(fresh)
    for source in sorted(output.rglob("*")):
        rel = source.relative_to(output)
        if rel.parts[0] in NOT_CACHED or not source.is_file():
            continue
        target = fresh / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    manifest = {"key": cache_key, "pages": dict(sorted(pages.items()))}
    fresh.mkdir(parents=True, exist_ok=True)
    (fresh / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    publish(fresh, folder / "html")
