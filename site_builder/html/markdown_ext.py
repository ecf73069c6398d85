"""A Python-Markdown extension that passes every rendered page through `safe_html.sanitize`.

Registered in the engine configuration (`markdown_extensions`), so it runs inside whichever
engine renders the pages, after Markdown, raw HTML and attribute lists have all produced
their HTML: a `javascript:` link, an `onclick` from `{: ... }` or a raw `<script>` are all
caught at the one place where they have become HTML.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .sanitize import sanitize


class SanitizePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return sanitize(text)[0]


class SafeHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # Priority 1: after raw HTML (30) and `&` substitution (20) have produced the final HTML.
        md.postprocessors.register(SanitizePostprocessor(md), "site_builder_safe_html", 1)


def makeExtension(**kwargs: object) -> SafeHtmlExtension:  # noqa: N802
    return SafeHtmlExtension(**kwargs)
