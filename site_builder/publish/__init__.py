"""Where a built site goes live. One interface, so a second target (an object store, an
intranet's upload API) is one more class beside `releases.ReleaseFolder`, and the CLI's
`publish`/`rollback` work with it unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .releases import ReleaseError, ReleaseFolder

__all__ = ["ReleaseError", "ReleaseFolder", "Target"]


class Target(Protocol):
    """A place that serves one release of the site at a time, and keeps earlier ones."""

    def publish(self, site: Path) -> str:
        """Make `site` (a finished build) the live release, all at once; say what is live now.
        Raises `ReleaseError` with a reason an operator can act on."""

    def rollback(self) -> str:
        """Make the previous release live again; say which. Raises `ReleaseError`."""
