"""Input files as numbered paragraphs, whatever the format they came in.

Everything after this module works on `Paragraph`s, so a new format only needs a reader.
Plain text and Markdown keep their own line numbers. Word files go through mammoth (docx to
semantic HTML: headings, lists, bold, pictures; it ignores Word's visual styling, which is what
we want) and then through a small HTML-to-Markdown pass written here on the standard library's
`html.parser`, so the Markdown we get is deterministic and limited to what stories use. A Word
paragraph's "line" is its position in the document (1 for the first paragraph).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SUFFIXES = (".txt", ".md", ".docx")


class ImporterError(Exception):
    """Input the importer cannot use; `hint` says what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the input, at the line (or Word paragraph) where it starts."""

    line: int
    text: str
    kind: str = "text"  # "text", "heading", "title", "bullet", "numbered" or "picture"


@dataclass
class Document:
    paragraphs: list[Paragraph]
    pictures: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes (Word only)


def read(path: Path) -> Document:
    """Read a .txt, .md or .docx file; raise `ImporterError` for anything else or unreadable."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImporterError(f"{path.name}: cannot import {suffix or 'a file without an extension'}",
                            "save it as .docx (Word), .txt or .md first")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImporterError(f"{path}: cannot be read ({exc.strerror or exc})", "check the path") from None
    if suffix == ".docx":
        return read_docx(data, path.name)
    return Document(text_paragraphs(_decode(data, path.name), markdown=suffix == ".md"))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImporterError(f"{name}:{line}: the file is not UTF-8 text",
                            "save it again as UTF-8 (in Word: Save As, Plain Text, Unicode (UTF-8))") from None


_MD_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+•]\s|\d{1,2}[.)]\s|>|```)")


def text_paragraphs(text: str, markdown: bool) -> list[Paragraph]:
    """Each non-blank line is a paragraph, as Word's plain-text export writes them. In Markdown,
    lines wrapped inside one paragraph are joined back (a blank line ends a paragraph there)."""
    out: list[Paragraph] = []
    previous_blank = True
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.replace("\u00a0", " ").replace("\u200b", "").rstrip()
        if not line.strip():
            previous_blank = True
            continue
        joins = (markdown and not previous_blank and out and out[-1].kind == "text"
                 and not _MD_BLOCK_START.match(line))
        if joins:
            out[-1] = Paragraph(out[-1].line, f"{out[-1].text} {line.strip()}")
        elif markdown and re.match(r"^#{1,6}\s", line.lstrip()):
            hashes = len(line.lstrip()) - len(line.lstrip().lstrip("#"))
            out.append(Paragraph(number, line.lstrip().lstrip("#").strip(), "title" if hashes == 1 else "heading"))
        else:
            out.append(Paragraph(number, line.strip()))
        previous_blank = False
    return out


# -- Word ------------------------------------------------------------------------------------

def read_docx(data: bytes, name: str) -> Document:
    import mammoth  # imported here: only Word files need it

    pictures: dict[str, bytes] = {}

    def keep_picture(image: object) -> dict[str, str]:
        extension = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
                     "image/webp": "webp"}.get(getattr(image, "content_type", ""), "png")
        with image.open() as stream:  # type: ignore[attr-defined]
            picture = f"picture-{len(pictures) + 1}.{extension}"
            pictures[picture] = stream.read()
        alt = getattr(image, "alt_text", None) or ""
        return {"src": picture, "alt": alt}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(keep_picture))
    except Exception as exc:  # a broken zip, a .doc renamed .docx: mammoth raises many kinds
        raise ImporterError(f"{name}: cannot be read as a Word document ({type(exc).__name__})",
                            "open it in Word and save it again as .docx") from None
    converter = _HtmlToParagraphs()
    converter.feed(result.value)
    converter.close()
    return Document(converter.paragraphs, pictures)


class _HtmlToParagraphs(HTMLParser):
    """mammoth's HTML (p, h1-h6, ul/ol/li, strong, em, a, img, br, table) as paragraphs."""

    _BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Paragraph] = []
        self.lists: list[str] = []  # "ul" / "ol", innermost last
        self.text: list[str] = []
        self.block = ""
        self.href = ""

    def _start_block(self, tag: str) -> None:
        self._end_block()
        self.block = tag

    def _end_block(self) -> None:
        text = " ".join("".join(self.text).split())
        if text and self.block:
            kind = {"h1": "title", "li": "numbered" if self.lists[-1:] == ["ol"] else "bullet"}.get(
                self.block, "heading" if self.block.startswith("h") else "text")
            self.paragraphs.append(Paragraph(len(self.paragraphs) + 1, text, kind))
        self.text, self.block = [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("ul", "ol"):
            self._end_block()
            self.lists.append(tag)
        elif tag in self._BLOCKS:
            self._start_block(tag)
        elif tag in ("strong", "b"):
            self.text.append("**")
        elif tag in ("em", "i"):
            self.text.append("*")
        elif tag == "a":
            self.href = values.get("href") or ""
            self.text.append("[" if self.href else "")
        elif tag == "br":
            self.text.append(" ")
        elif tag == "img":
            self._end_block()
            alt = (values.get("alt") or "").replace("]", "")
            self.paragraphs.append(Paragraph(len(self.paragraphs) + 1, f"![{alt}]({values.get('src') or ''})",
                                             "picture"))
            self.block = "p"  # text after the picture in the same Word paragraph

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._end_block()
            if self.lists:
                self.lists.pop()
        elif tag in self._BLOCKS:
            self._end_block()
        elif tag in ("strong", "b"):
            self.text.append("**")
        elif tag in ("em", "i"):
            self.text.append("*")
        elif tag == "a" and self.href:
            self.text.append(f"]({self.href})")
            self.href = ""

    def handle_data(self, data: str) -> None:
        if self.block or self.lists:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        self._end_block()
