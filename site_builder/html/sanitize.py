"""An allowlist HTML sanitizer for everything editors write.

Stories are trusted by the whole company, so nothing an editor writes may run a script,
load a frame or form, or hide text with styles. Markdown and a small set of HTML stay; the
rest is dropped. The same rules serve the engine (every page's rendered content passes
through `sanitize`) and validation (which warns, with the line, where something is removed).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements kept as they are (attributes filtered). Anything else loses its tags but keeps text.
ALLOWED_TAGS = frozenset("""
    a abbr article aside b blockquote br caption cite code dd del details dfn div dl dt em
    figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark nav ol p pre q
    s samp section small span strong sub summary sup table tbody td tfoot th thead time tr u ul
    var svg path g picture source
""".split())
# Elements removed together with everything inside them.
DROP_WITH_CONTENT = frozenset("""
    script style iframe frameset object applet template noscript noembed noframes
    textarea select title head xmp foreignobject
""".split())
VOID = frozenset("br hr img path source".split())
# Removed elements that have no content or end tag: never wait for one.
DROP_EMPTY = frozenset("embed frame input meta link base track param keygen col wbr".split())
MAX_RECOVERIES = 50
GLOBAL_ATTRS = frozenset("class id title lang dir role".split())
TAG_ATTRS = {
    "a": frozenset({"href", "rel"}),
    # Responsive pictures: srcset URLs are checked one by one (`safe_srcset`); sizes and media
    # are media queries and lengths, which load nothing.
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes",
                      "fetchpriority"}),
    "source": frozenset({"type", "srcset", "sizes", "width", "height", "media"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "th": frozenset({"colspan", "rowspan", "style", "scope"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "svg": frozenset({"viewbox", "xmlns", "width", "height", "fill", "aria-hidden", "focusable"}),
    "path": frozenset({"d", "fill", "fill-rule", "clip-rule"}),
    "g": frozenset({"fill"}),
}
# Harmless search hints the templates use; filters, metadata and sort keys are not allowed
# here, so an editor cannot change what a search result says or where it links.
SAFE_DATA_ATTRS = frozenset({"data-pagefind-ignore", "data-pagefind-weight"})
_OWN_DATA = re.compile(r"^data-sb-[a-z-]+$")  # hooks for the site's own script; values are never markup
URL_ATTRS = frozenset({"href", "src"})
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_TEXT_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.I)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def safe_url(value: str) -> bool:
    """Relative URLs and http(s)/mailto/tel only; `javascript:`, `data:` and the rest are not."""
    decoded = _INVISIBLE.sub("", html.unescape(value))
    match = _SCHEME.match(decoded)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


_HTML_SPACE = " \t\n\f\r"


def srcset_candidates(value: str) -> list[tuple[str, str]]:
    """(URL, descriptors) pairs, split as browsers split them (HTML's "parse a srcset attribute").

    A URL runs to the next white space and may itself hold commas (`a.jpg?w=1,2 2x`); trailing
    commas end a candidate; descriptors run to the next comma outside parentheses.
    """
    found: list[tuple[str, str]] = []
    position, end = 0, len(value)
    while True:
        while position < end and (value[position] in _HTML_SPACE or value[position] == ","):
            position += 1
        if position >= end:
            return found
        start = position
        while position < end and value[position] not in _HTML_SPACE:
            position += 1
        url, descriptors = value[start:position], ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start, in_parens = position, False
            while position < end:
                char = value[position]
                if char == "(":
                    in_parens = True
                elif char == ")":
                    in_parens = False
                elif char == "," and not in_parens:
                    break
                position += 1
            descriptors = value[start:position]
        found.append((url, descriptors))


_DESCRIPTOR = re.compile(r"^(?:[0-9]+[wh]|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?x)$")


def safe_srcset(value: str) -> bool:
    """Every URL passes `safe_url` and every descriptor is a plain `480w`/`2x`/`100h`.

    One bad candidate loses the whole attribute. Anything odd after a URL (`jav<TAB>ascript:`
    splits into a URL and junk) is refused rather than trusted to split the same way in every
    browser. Checked on the value as the page will carry it (entities decoded once more, as
    `sanitize` writes it).
    """
    candidates = srcset_candidates(html.unescape(value))
    return bool(candidates) and all(
        url and safe_url(url) and all(_DESCRIPTOR.match(d) for d in descriptors.split())
        for url, descriptors in candidates)


_SIZES = re.compile(r"^[\w\s().,:%+\-*/]*$")


def _attr_allowed(tag: str, name: str, value: str) -> bool:
    if name.startswith("aria-"):
        return True
    if name in SAFE_DATA_ATTRS or _OWN_DATA.match(name):
        return True
    if name not in GLOBAL_ATTRS and name not in TAG_ATTRS.get(tag, ()):
        return False
    if name in URL_ATTRS:
        return safe_url(value)
    if name == "srcset":
        return safe_srcset(value)
    if name == "sizes":
        return bool(_SIZES.match(html.unescape(value)))
    if name == "style":
        return bool(_TEXT_ALIGN.match(value))
    return True


@dataclass
class Removal:
    """Something the sanitizer took out; `offset` is the character position in the input."""

    offset: int
    what: str


class _Sanitizer(HTMLParser):
    def __init__(self, offsets: list[int]) -> None:
        super().__init__(convert_charrefs=False)
        self.offsets = offsets
        self.out: list[str] = []
        self.removed: list[Removal] = []
        self.dropping: list[str] = []  # open elements whose content is being dropped
        self.resume_at = 0  # where the outermost dropped element's content starts
        self.pictures = 0  # open <picture> elements: a <source> means something only inside one

    def position(self) -> int:
        line, column = self.getpos()
        return self.offsets[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], raw: str, closed: bool) -> None:
        if self.dropping:
            if tag in DROP_WITH_CONTENT and not closed:
                self.dropping.append(tag)
            return
        if tag in DROP_EMPTY:
            self.removed.append(Removal(self.position(), f"<{tag}> element"))
            return
        if tag in DROP_WITH_CONTENT:
            self.removed.append(Removal(self.position(), f"<{tag}> element"))
            if not closed:
                self.dropping.append(tag)
                self.resume_at = self.position() + len(raw)
            return
        if tag not in ALLOWED_TAGS:
            self.removed.append(Removal(self.position(), f"<{tag}> tag"))
            return
        if tag == "source" and not self.pictures:  # in <video>, <audio>, or on its own
            self.removed.append(Removal(self.position(), "<source> element outside <picture>"))
            return
        if tag == "picture" and not closed:
            self.pictures += 1
        kept = []
        for name, value in attrs:
            value = value or ""
            if _attr_allowed(tag, name, value):
                kept.append(f' {name}="{html.escape(html.unescape(value), quote=True)}"')
            else:
                self.removed.append(Removal(self.position(), f"{name}= on <{tag}>"))
        end = " />" if closed and tag in ("path",) else ">"
        self.out.append(f"<{tag}{''.join(kept)}{end}")

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag == "picture" and self.pictures:
            self.pictures -= 1
        if tag in ALLOWED_TAGS and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&{name};" if html.unescape(f"&{name};") != f"&{name};" else f"&amp;{name};")

    def handle_charref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass  # comments can hide conditional markup for old browsers: drop them

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        if data.upper().startswith("CDATA[") and not self.dropping:
            self.out.append(html.escape(data[6:], quote=False))


def sanitize(markup: str, _depth: int = 0) -> tuple[str, list[Removal]]:
    """Clean HTML and what was removed from it."""
    offsets, total = [], 0
    for line in markup.splitlines(keepends=True) or [""]:
        offsets.append(total)
        total += len(line)
    parser = _Sanitizer(offsets + [total])
    parser.feed(markup)
    parser.close()  # an unfinished tag at the end is passed on as text, and escaped
    out, removed = "".join(parser.out), parser.removed
    if parser.dropping and _depth < MAX_RECOVERIES:
        # A removed element that never closes (`<style>` and no `</style>`) must not take
        # the rest of the page with it: only its tag goes, what follows is cleaned as usual.
        rest, more = sanitize(markup[parser.resume_at:], _depth + 1)
        out += rest
        removed += [Removal(r.offset + parser.resume_at, r.what) for r in more]
    return out, removed
