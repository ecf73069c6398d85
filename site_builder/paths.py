"""Where everything of a content root lives: the one module that derives a path.

The published site, the work folder and what is in it (staging, caches, the lock) were each
spelled in three or four places. Every command asks here instead, so moving a folder is a
one-line change and two commands can never disagree about where a file is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WORK_DIR = ".site-builder"  # CI keeps it between runs: caches make the next build faster
SITE_DIR = "site"


@dataclass(frozen=True)
class Paths:
    """The paths of one content root."""

    root: Path

    @property
    def site(self) -> Path:
        """The published site, swapped in whole by each build."""
        return self.root / SITE_DIR

    @property
    def work(self) -> Path:
        return (self.root / WORK_DIR).resolve()

    @property
    def staging(self) -> Path:
        """The staged pages and the engine's configuration. In the cache, which CI keeps: a
        rebuild then writes again only the pages whose inputs changed (`pages.inputs`), where
        a fresh checkout used to render all of them (22 s of a 30 s rebuild at 10,000 stories)."""
        return self.cache / "staging"

    @property
    def earlier_staging(self) -> Path:
        """Where versions before the staging moved into the cache put it; removed by a build."""
        return self.work / "staging"

    @property
    def staged_docs(self) -> Path:
        """The engine's docs folder: the staged pages."""
        return self.staging / "docs"

    @property
    def staged_config(self) -> Path:
        """The engine's configuration, beside the staged pages."""
        return self.staging / "mkdocs.yml"

    @property
    def cache(self) -> Path:
        return self.work / "cache"

    @property
    def image_cache(self) -> Path:
        return self.cache / "images"

    @property
    def share_card_cache(self) -> Path:
        return self.cache / "share-cards"

    @property
    def page_records(self) -> Path:
        """What each staged story page was made from, to keep it when that did not change
        (`pages.inputs`)."""
        return self.cache / "page-records.json"

    @property
    def search_parts(self) -> Path:
        """The search index's parts: each part's Pagefind bundle, prepared for the merge, by the
        digests of its pages (`search.pagefind.Indexing`)."""
        return self.cache / "search-parts"

    @property
    def checked_stories(self) -> Path:
        """Each story's checks by the digest of its bytes (`model.checked_stories`)."""
        return self.cache / "checked-stories.json"
