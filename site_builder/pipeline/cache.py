"""What the previous build rendered, kept so the next build renders only what changed.

The cache is the engine's HTML output (hard links, so it costs no copy) with a manifest of
the staged Markdown each page came from. A page's HTML depends only on its staged source,
the engine configuration, the theme and the versions of the engine and of this package:
all of those but the source form the cache key, so any change to them renders everything.
The manifest lives inside the cached folder, is removed while the folder changes and written
last, so a killed build leaves a cache that is whole or one that is ignored. CI can keep
`.site-builder/cache` between runs (see the workflows).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import staged
from ..engine import config as engine_config
from ..resources import overrides_dir
from ..search.pagefind import BUNDLE
from .shards import link_or_copy

FORMAT = 2
MANIFEST = ".site-builder-cache.json"


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
    folder = overrides_dir()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    hasher.update(Path(staged.__file__).read_bytes())  # how fragments are put into the HTML
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
    """Make the cache hold `output` (hard links to its files) for the next build.

    The cache is brought up to date in place, touching only files that differ (a rebuild
    after one change relinks a few dozen files, not thousands). The manifest goes first and
    comes back last: a build killed in between leaves a cache without one, which the next
    build ignores."""
    html = folder / "html"
    html.mkdir(parents=True, exist_ok=True)
    (html / MANIFEST).unlink(missing_ok=True)
    wanted = {MANIFEST}
    for directory, subdirs, files in os.walk(output):
        rel_dir = Path(directory).relative_to(output)
        if rel_dir == Path("."):
            subdirs[:] = [d for d in subdirs if d != BUNDLE]  # search is rebuilt whole every time
        (html / rel_dir).mkdir(parents=True, exist_ok=True)
        for name in files:
            rel = (rel_dir / name).as_posix()
            wanted.add(rel)
            _link_into(output / rel, html / rel)
    for directory, _, files in os.walk(html, topdown=False):
        rel_dir = Path(directory).relative_to(html)
        for name in files:
            if (rel_dir / name).as_posix() not in wanted:
                (Path(directory) / name).unlink()
        if rel_dir != Path(".") and not any(Path(directory).iterdir()):
            Path(directory).rmdir()
    manifest = html / (MANIFEST + ".partial")
    manifest.write_text(json.dumps({"key": cache_key, "pages": dict(sorted(pages.items()))}), encoding="utf-8")
    os.replace(manifest, html / MANIFEST)


def _link_into(source: Path, target: Path) -> None:
    """`target` becomes a hard link to `source`, unless it already is one."""
    try:
        if os.stat(target).st_ino == os.stat(source).st_ino:
            return
    except FileNotFoundError:
        pass
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a killed build
    link_or_copy(source, partial)
    os.replace(partial, target)
