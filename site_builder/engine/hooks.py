"""An engine hook (MkDocs `hooks:`) that puts the generator's trusted fragments into pages.

Story cards, people and pagination are markup our templates build from escaped values.
Sending them through Markdown and the sanitizer cost most of a listing's render time, so
the staged page holds a placeholder and `.fragments/<page>.json` holds the markup, which
goes in after Markdown. Editors' text never reaches a fragment: it stays in the Markdown,
where the sanitizer sees it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_builder.pages.generator import fragment_path
from site_builder.search.pagefind import SLIM, slim_page

_building = False  # `build`, not the live preview (which has no search index)


def on_startup(command: str, dirty: bool) -> None:
    global _building
    _building = command == "build"


def placeholder(index: int) -> str:
    return f'<div data-sb-fragment="{index}"></div>'


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if not (page.meta and page.meta.get("fragments")):
        return html
    path = Path(config["docs_dir"]) / fragment_path(page.file.src_uri)
    fragments = json.loads(path.read_text(encoding="utf-8"))
    for index, fragment in enumerate(fragments):
        marker = placeholder(index)
        if marker not in html:
            raise RuntimeError(f"{page.file.src_uri}: the placeholder {marker} did not survive Markdown")
        html = html.replace(marker, fragment, 1)
    return html


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Keep the slim copy of an indexed page that Pagefind reads (see search_index)."""
    if _building and page.meta and page.meta.get("pagefind"):
        slim = slim_page(output)
        if slim is not None:
            path = Path(config["site_dir"]) / SLIM / page.file.dest_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(slim, encoding="utf-8")
    return output
