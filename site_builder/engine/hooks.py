"""MkDocs and ProperDocs hooks for the engine's own live server (`site-builder serve`).

A build puts the trusted fragments (cards, people, pagers) into the engine's HTML after the
engine has run (`build.render.finish`). The engine's live server renders pages in memory and
serves them itself, so there the same `staged.fill_fragments` runs inside it, as a hook. This
is the only code that runs inside the engine.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from site_builder.staged import FragmentLost, fill_fragments, fragment_path


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if not (page.meta and page.meta.get("fragments")):
        return html
    path = Path(config["docs_dir"]) / fragment_path(page.file.src_uri)
    try:
        return fill_fragments(html, json.loads(path.read_text(encoding="utf-8")), page.file.src_uri)
    except FragmentLost as lost:
        raise _plugin_error()(str(lost)) from None


def _plugin_error() -> type[Exception]:
    """The running engine's own plugin error, which it prints as one line, not a traceback."""
    for engine in ("properdocs", "mkdocs"):
        module = sys.modules.get(f"{engine}.exceptions")
        if module is not None:
            return module.PluginError  # type: ignore[no-any-return]
    return RuntimeError
