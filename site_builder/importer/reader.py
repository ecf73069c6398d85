"""Input files as numbered blocks, whatever the format they came in.

Everything after this module works on `Block`s, so a new format only needs a reader. A block
keeps what the file's own structure says (a heading, a list item and its depth, a quote, a
rule, a paragraph wholly in bold or italics) and nothing about speakers: who speaks is found
later, by evidence across the whole document (`labels`, `structure`).

- Plain text: every non-blank line is a paragraph (what Word's plain-text export writes); a
  line that starts with a list marker (`-`, `*`, `•`, `1.`, `1)`, `a)`) is a list item, its
  indentation giving the depth. Whether a numbered line is a list item or a numbered question
  is not the reader's call: it keeps the marker and `structure` decides from the neighbours.
- Markdown is read as Markdown: ATX and setext headings, `>` quotes, rules, fenced code, nested
  lists, and paragraphs whose wrapped lines are joined. `*a line in italics*` is emphasis,
  never a list item. A line that starts with a label candidate starts a new paragraph, because
  transcripts pasted into Markdown rarely leave blank lines between turns.
- Word files go through mammoth (docx to semantic HTML: it resolves Word's list numbering,
  heading styles, runs in bold or italics and pictures), then through `html.parser` here.
  mammoth is the runtime dependency; its HTML is stable and small, so reading it is safer than
  re-implementing Word's numbering and style inheritance on document.xml. A Word block's "line"
  is its position in the document (1 for the first paragraph).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from . import labels

SUFFIXES = (".txt", ".md", ".docx")
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a long transcript is 100 KB; more is the wrong file
MAX_DOCX_BYTES = 50 * 1024 * 1024  # Word files carry pictures


class ImporterError(Exception):
    """Input the importer cannot use; `hint` says what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Block:
    """One block of the input, at the line (or Word paragraph) where it starts.

    kind: "para", "heading", "item" (a list item), "quote", "rule", "picture" or "code".
    `text` is inline Markdown; for a paragraph wholly in bold or italics the emphasis is taken
    off `text` and kept in `emphasis`, so a bold question leaves no `**` behind.
    """

    line: int
    kind: str
    text: str
    level: int = 0  # a heading's level (1-6); a list item's depth (0 outermost)
    marker: str = ""  # a list item's marker as written: "-", "•", "1.", "1)", "a)"
    emphasis: str = ""  # "strong" or "em" when the whole paragraph is one emphasised run

    @property
    def ordered(self) -> bool:
        return bool(self.marker) and self.marker[0].isalnum()


@dataclass
class Document:
    blocks: list[Block]
    pictures: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes (Word only)


def read(path: Path) -> Document:
    """Read a .txt, .md or .docx file; raise `ImporterError` for anything it cannot use."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImporterError(f"{path.name}: cannot import {suffix or 'a file without an extension'}",
                            "save it as .docx (Word), .txt or .md first")
    try:
        size = path.stat().st_size
        limit = MAX_DOCX_BYTES if suffix == ".docx" else MAX_TEXT_BYTES
        if size > limit:
            raise ImporterError(f"{path.name}: {size / 1024 / 1024:.0f} MB is too large for a transcript "
                                f"(at most {limit // 1024 // 1024} MB)", "is it the right file?")
        data = path.read_bytes()
    except OSError as exc:
        raise ImporterError(f"{path}: cannot be read ({exc.strerror or exc})", "check the path") from None
    if suffix == ".docx":
        return read_docx(data, path.name)
    text = decode(data, path.name)
    blocks = markdown_blocks(text) if suffix == ".md" else text_blocks(text)
    return Document(blocks)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text, or an error that says what the bytes are instead."""
    if b"\x00" in data[:65536] or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise ImporterError(f"{name}: binary data, not text",
                            "is it the right file? A Word file must end in .docx")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImporterError(f"{name}:{line}: the file is not UTF-8 text",
                            "save it again as UTF-8 (in Word: Save As, Plain Text, Unicode (UTF-8))") from None


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [raw.replace("\u00a0", " ").replace("\u200b", "").replace("\t", "    ").rstrip()
            for raw in text.split("\n")]


# -- emphasis and list markers, shared by every format -----------------------------------------

_WHOLE_EMPHASIS = re.compile(r"^(?P<mark>\*\*|__|\*|_)(?P<inner>[^*_\s](?:.*?[^*_\s])?)(?P=mark)(?P<after>[.:]?)$")
_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+•·▪◦‣●○■□➢►✓–—]|\(?\d{1,3}[.)]|\(?[a-z][.)]|"
                   r"(?P<mark>\*\*|\*|__|_)\d{1,3}[.)](?P=mark))\s+(?P<text>\S.*)$")  # `**1.** …`: a number


def emphasised(text: str) -> tuple[str, str]:
    """("strong" | "em" | "", text without the emphasis) for a paragraph wholly in one run."""
    match = _WHOLE_EMPHASIS.match(text.strip())
    if not match or "**" in match.group("inner") or (len(match.group("mark")) == 1 and "*" in match.group("inner")):
        return "", text
    kind = "strong" if len(match.group("mark")) == 2 else "em"
    return kind, match.group("inner") + match.group("after")


def _marker(raw: str) -> str:
    """A list marker as the story writes it: bullets become "-", numbers keep their style."""
    raw = raw.strip("(")
    if raw[0] in "*_" and any(ch.isdigit() for ch in raw):
        raw = raw.strip("*_")  # `**1.**`
    return raw if raw[0].isalnum() else "-"


def _para(line: int, text: str, kind: str = "para", level: int = 0, marker: str = "") -> Block:
    emphasis, inner = emphasised(text)
    numbered = _ITEM.match(inner.strip()) if emphasis and kind == "para" else None
    if numbered and numbered.group("marker")[-1] in ".)":  # `**1) Diệp, what …?**`
        return Block(line, "item", numbered.group("text"), level, _marker(numbered.group("marker")), emphasis)
    return Block(line, kind, inner.strip(), level, marker, emphasis)


# -- plain text ------------------------------------------------------------------------------

def text_blocks(text: str) -> list[Block]:
    """Every non-blank line is a block; a line with a list marker is an item at its indent."""
    out: list[Block] = []
    indents: list[int] = []  # the indents of the open list levels
    for number, line in enumerate(_lines(text), 1):
        if not line.strip():
            continue
        item = _ITEM.match(line)
        if item and not _is_rule(line):
            depth = _depth(indents, len(item.group("indent")))
            out.append(_para(number, item.group("text"), "item", depth, _marker(item.group("marker"))))
            continue
        indents.clear()
        out.append(_para(number, line.strip()))
    return out


def _depth(indents: list[int], indent: int) -> int:
    """The nesting level of an item indented by `indent`, given the open levels' indents."""
    while indents and indent < indents[-1]:
        indents.pop()
    if not indents or indent > indents[-1] + 1:
        indents.append(indent)
    return len(indents) - 1


_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def _is_rule(line: str) -> bool:
    return bool(_RULE.match(line))


# -- Markdown --------------------------------------------------------------------------------

_ATX = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


class _MarkdownReader:
    """One pass over the lines, keeping the paragraph being joined and the open list levels."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.pending: list[str] = []
        self.pending_line = 0
        self.pending_kind = "para"
        self.pending_level = 0
        self.pending_marker = ""
        self.indents: list[int] = []
        self.fence = ""
        self.code: list[str] = []

    def flush(self) -> None:
        if self.pending:
            text = " ".join(part.strip() for part in self.pending)
            self.out.append(_para(self.pending_line, text, self.pending_kind, self.pending_level, self.pending_marker))
        self.pending = []
        self.pending_kind, self.pending_level, self.pending_marker = "para", 0, ""

    def begin(self, number: int, text: str, kind: str = "para", level: int = 0, marker: str = "") -> None:
        self.flush()
        self.pending, self.pending_line = [text], number
        self.pending_kind, self.pending_level, self.pending_marker = kind, level, marker

    def line(self, number: int, line: str) -> None:
        if self.fence:
            self.code_line(number, line)
            return
        fence = _FENCE.match(line)
        if fence:
            self.flush()
            self.fence, self.code = fence.group("fence"), [line.strip()]
            self.code_start = number
            return
        if not line.strip():
            self.flush()
            return
        self.block_line(number, line)

    def code_line(self, number: int, line: str) -> None:
        self.code.append(line)
        if line.strip().startswith(self.fence[0] * len(self.fence)) and len(self.code) > 1:
            self.out.append(Block(self.code_start, "code", "\n".join(self.code)))
            self.fence, self.code = "", []

    def block_line(self, number: int, line: str) -> None:
        setext = _SETEXT.match(line)
        if setext and self.pending and self.pending_kind == "para":
            text = " ".join(self.pending)
            self.pending = []
            self.out.append(Block(self.pending_line, "heading", text, 1 if setext.group(1)[0] == "=" else 2))
            return
        if _is_rule(line):
            self.flush()
            self.indents.clear()
            self.out.append(Block(number, "rule", "---"))
            return
        heading = _ATX.match(line)
        if heading:
            self.flush()
            self.indents.clear()
            self.out.append(_para(number, heading.group("text"), "heading", len(heading.group("hashes"))))
            return
        if line.lstrip().startswith(">"):
            self.quote_line(number, line)
            return
        item = _ITEM.match(line)
        if item:
            depth = _depth(self.indents, len(item.group("indent")))
            self.begin(number, item.group("text"), "item", depth, _marker(item.group("marker")))
            return
        self.text_line(number, line)

    def quote_line(self, number: int, line: str) -> None:
        text = re.sub(r"^\s*(?:>\s?)+", "", line)
        if self.pending and self.pending_kind == "quote" and text.strip():
            self.pending.append(text)
        elif text.strip():
            self.begin(number, text, "quote")
        else:
            self.flush()

    def text_line(self, number: int, line: str) -> None:
        stripped = line.strip()
        starts_turn = labels.starts_like_a_label(stripped)
        continues = (self.pending and not starts_turn and not self.after_lone_label()
                     and (self.pending_kind in ("para", "quote") or line.startswith(" ")))
        if continues:
            self.pending.append(stripped)
            return
        if not line.startswith(" "):
            self.indents.clear()
        self.begin(number, stripped)

    def after_lone_label(self) -> bool:
        """`**Tuan:**` alone on its line: the answer below it is its own paragraph."""
        return len(self.pending) == 1 and labels.starts_like_a_label(self.pending[0]) \
            and labels.is_alone(self.pending[0])

    def close(self) -> list[Block]:
        self.flush()
        if self.fence and self.code:
            self.out.append(Block(self.code_start, "code", "\n".join(self.code)))
        return self.out


def markdown_blocks(text: str) -> list[Block]:
    reader = _MarkdownReader()
    for number, line in enumerate(_lines(text), 1):
        reader.line(number, line)
    return reader.close()


# -- Word ------------------------------------------------------------------------------------

# Word styles mammoth does not map by default and that mean something in a story (Word's
# "List Bullet 2" is a second level whether or not its numbering says so).
_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='List Bullet 2'] => ul|ol > li > ul > li:fresh
p[style-name='List Bullet 3'] => ul|ol > li > ul|ol > li > ul > li:fresh
p[style-name='List Number 2'] => ul|ol > li > ol > li:fresh
p[style-name='List Number 3'] => ul|ol > li > ul|ol > li > ol > li:fresh
"""


def read_docx(data: bytes, name: str) -> Document:
    """A Word document's paragraphs, headings, lists, quotes and pictures as blocks."""
    if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE container: an encrypted .docx or an old .doc
        raise ImporterError(f"{name}: the Word file is password-protected, or an old .doc renamed .docx",
                            "open it in Word, remove the password (File, Info, Protect Document) and save as .docx")
    if data[:2] != b"PK":
        raise ImporterError(f"{name}: cannot be read as a Word document (it is not a .docx file)",
                            "open it in Word and save it again as .docx")
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
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP, ignore_empty_paragraphs=False,
                                         convert_image=mammoth.images.img_element(keep_picture))
    except Exception as exc:  # noqa: BLE001 - a broken zip, a missing part: mammoth raises many kinds
        raise ImporterError(f"{name}: cannot be read as a Word document ({type(exc).__name__})",
                            "open it in Word and save it again as .docx") from None
    converter = _HtmlToBlocks()
    converter.feed(result.value)
    converter.close()
    return Document(converter.blocks, pictures)


class _HtmlToBlocks(HTMLParser):
    """mammoth's HTML (p, h1-h6, ul/ol/li, blockquote, strong, em, a, img, br, table) as blocks."""

    _BLOCKS: ClassVar[frozenset[str]] = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[list[int]] = []  # per open list: [ordered?, next number]
        self.quotes = 0
        self.text: list[str] = []
        self.block = ""
        self.href = ""
        self.position = 0  # the Word paragraph being read, empty ones counted: a block's "line"

    def _start_block(self, tag: str) -> None:
        self._end_block()
        self.block = tag
        if tag not in ("td", "th"):
            self.position += 1

    def _end_block(self) -> None:
        text = " ".join("".join(self.text).split()).replace("** **", " ").replace("****", "")
        if text and self.block:
            self.blocks.append(self._block(text))
        self.text, self.block = [], ""

    def _block(self, text: str) -> Block:
        line = self.position
        if self.block.startswith("h") and self.block[1:].isdigit():
            return _para(line, text, "heading", int(self.block[1:]))
        if self.block == "li" and self.lists:
            ordered, number = self.lists[-1]
            self.lists[-1][1] += 1
            return _para(line, text, "item", len(self.lists) - 1, f"{number}." if ordered else "-")
        if self.quotes:
            return _para(line, text, "quote")
        typed = _ITEM.match(text)  # "a) …", "- …" typed by hand in a Word paragraph
        if typed and not _is_rule(text):
            return _para(line, typed.group("text"), "item", 0, _marker(typed.group("marker")))
        return _para(line, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("ul", "ol"):
            self._end_block()
            self.lists.append([tag == "ol", 1])
        elif tag == "blockquote":
            self._end_block()
            self.quotes += 1
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
            self._picture(values)

    def _picture(self, values: dict[str, str | None]) -> None:
        block = self.block
        self._end_block()
        alt = (values.get("alt") or "").replace("]", "")
        self.blocks.append(Block(max(self.position, 1), "picture", f"![{alt}]({values.get('src') or ''})"))
        self.block = block if block != "li" else "p"  # text after the picture in the same paragraph

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._end_block()
            if self.lists:
                self.lists.pop()
        elif tag == "blockquote":
            self._end_block()
            self.quotes = max(0, self.quotes - 1)
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

