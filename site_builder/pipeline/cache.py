"""What the previous build rendered, kept so the next build renders only what changed.

The cache is the HTML of every page the engine rendered (hard links to the output, so it
costs no copy) with a manifest of the staged Markdown each page came from. A page's HTML depends only on its staged source,
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

from .. import folders, staged
from ..engine import config as engine_config
from ..resources import overrides_dir
from ..stamps import Stamp, stamp
from .shards import link_or_copy

FORMAT = 3  # 3: page HTML only
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


Stat = Stamp  # a staged source's size, modification time (ns) and inode (`stamps`)


@dataclass(frozen=True)
class Cached:
    html: Path  # the previous engine output
    pages: dict[str, str]  # staged page -> digest of its source
    stats: dict[str, Stat]  # staged page -> its source's `Stat` when it was digested


def source_digests(docs: Path, sources: list[str], cached: Cached | None) -> tuple[dict[str, str], dict[str, Stat]]:
    """The digest of each staged source, and its `Stat`. A source whose stamp is the one the
    cache recorded keeps the recorded digest, unread (`stamps`: the stage replaces a changed
    file, `stage.write_if_changed`)."""
    digests, stats = {}, {}
    for source in sources:
        path = docs / source
        found = stamp(path)
        if found is not None and cached is not None and cached.stats.get(source) == found and source in cached.pages:
            digests[source] = cached.pages[source]
        else:
            digests[source] = digest(path.read_bytes())
            found = found or stamp(path)
        if found is not None:
            stats[source] = found
    return digests, stats


def load(folder: Path, cache_key: str) -> Cached | None:
    html = folder / "html"
    try:
        manifest = json.loads((html / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(manifest, dict) or manifest.get("key") != cache_key or not isinstance(manifest.get("pages"), dict)
            or not isinstance(manifest.get("stats"), dict)):
        return None
    stats = {source: tuple(stat) for source, stat in manifest["stats"].items() if isinstance(stat, list) and len(stat) == 3}
    return Cached(html, manifest["pages"], stats)  # type: ignore[arg-type]


def save(folder: Path, output: Path, cache_key: str, pages: dict[str, str], stats: dict[str, Stat],
         rendered: set[str], previous: Cached | None) -> None:
    """Make the cache hold the HTML of `pages` (staged page -> digest of its source, whose
    `stats` are recorded with it) from `output` (hard links) for the next build.

    Only page HTML is kept: static files and share pictures are written again by every build.
    After a build that reused `previous`, only the `rendered` pages are linked in and the pages
    gone are removed (a rebuild after one change touches a few files, not thousands); after a
    full render the cache is made to hold exactly these pages. The manifest goes first and comes
    back last: a build killed in between leaves a cache without one, which the next build ignores."""
    html = folder / "html"
    html.mkdir(parents=True, exist_ok=True)
    (html / MANIFEST).unlink(missing_ok=True)
    if previous is None:
        _keep_only(html, {staged.output_path(source) for source in pages})
    else:
        for source in previous.pages.keys() - pages.keys():
            _remove_page(html, staged.output_path(source))
    made: set[str] = set()
    for source in sorted(pages):
        if previous is not None and source not in rendered:
            continue  # linked from the cache into the output: the same file already
        rel = staged.output_path(source)
        parent = os.path.dirname(rel)
        if parent not in made:
            os.makedirs(html / parent, exist_ok=True)
            made.add(parent)
        _link_into(output / rel, html / rel)
    manifest = html / (MANIFEST + ".partial")
    manifest.write_text(json.dumps({"key": cache_key, "pages": dict(sorted(pages.items())),
                                    "stats": {source: list(stat) for source, stat in sorted(stats.items())}}),
                        encoding="utf-8")
    os.replace(manifest, html / MANIFEST)


def _keep_only(html: Path, wanted: set[str]) -> None:
    """Remove every file of the cache but the pages `wanted`, and the folders left empty."""
    folders.prune(html, wanted)


def _remove_page(html: Path, rel: str) -> None:
    """A page gone from the site, and its folders once empty."""
    (html / rel).unlink(missing_ok=True)
    folder = (html / rel).parent
    while folder != html and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


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
