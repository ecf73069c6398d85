"""The two checks the model asks of the outside world: can a picture be published, and what
will the sanitizer take out of a piece of HTML.

Both answers belong to other rooms (`site_builder.media` decodes pictures with Pillow,
`site_builder.html` owns the sanitizer), and the model stays free of both: whoever loads a
content root for editors passes them in (`site_builder.validation`). Without them the model
checks structure only: that a picture exists and stays inside the root, not that it decodes.
"""

from __future__ import annotations

from typing import Protocol


class Checks(Protocol):
    def picture(self, data: bytes, name: str, suffix: str) -> str | None:
        """Why a picture cannot be published, as a sentence starting with `name`; None if it can.
        Its format, SVG or raster, is decided by `data`, never by the file name's `suffix`."""

    def removed(self, html: str) -> list[str]:
        """What the sanitizer takes out of `html` (one tag), each as a phrase such as 'the <script> tag'."""

    def safe_url(self, url: str) -> bool:
        """Whether a link to `url` survives the sanitizer."""


class StructureOnly:
    """No picture decoding and no markup warnings: for tools that only need the content's shape."""

    def picture(self, data: bytes, name: str, suffix: str) -> str | None:
        return None

    def removed(self, html: str) -> list[str]:
        return []

    def safe_url(self, url: str) -> bool:
        return True
