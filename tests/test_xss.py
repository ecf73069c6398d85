"""No story, front matter or content file can run a script in a colleague's browser.

A corpus of classic XSS payloads goes into every place an editor can type, the site is
built for real, and then (1) the HTML is searched for anything active and (2) Chromium
opens every page and the search, watching for dialogs, console markers and globals.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.html.sanitize import sanitize

from .conftest import STORY_PATH, make_root, write
from .sitetools import http_server, site_builder

MARK = "XSSMARK"
# Each payload, if it ever ran, would open a dialog, log MARK or set window.__xss.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=//127.0.0.1:9/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"console.log('XSSMARK')\">",
    "<IMG SRC=\"javascript:alert(1);\">",
    "<img src=\"jav&#x09;ascript:alert(1)\">",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>click</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<div style=\"background:url(javascript:alert(1))\">styled</div>",
    "<div style=\"display:none\">hidden text</div>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<a href=\"javascript:alert(1)\">js link</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">mixed case</a>",
    "<a href=\"&#106;avascript:alert(1)\">entity link</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<a href=\" &#14; javascript:alert(1)\">spaced</a>",
    "[markdown js link](javascript:alert(1))",
    "[encoded md link](javascript&#58;alert(1))",
    "![md image](javascript:alert(1))",
    "[ref link][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "A paragraph with attributes\n{: onclick=\"alert(1)\" onmouseover=\"alert(1)\" style=\"display:none\" }",
    "<p onmouseover=alert(1) markdown=\"1\">md in html</p>",
    "<div markdown=\"1\" onclick=\"alert(1)\">\n\n**bold** inside\n\n</div>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)//",
    "<!--<img src=x onerror=alert(1)>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><script>alert(1)</script></template>",
    "<x onclick=alert(1)>custom element</x>",
    "\"><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<img src=x srcset=\"javascript:alert(1) 1x\">",
    "<img src=ok.png srcset=\"ok.png 1x, data:text/html,&lt;script&gt;alert(1)&lt;/script&gt; 2x\">",
    "<img src=ok.png srcset=\"ok.png 1x, jav&#x09;ascript:alert(1) 2x\">",
    "<picture><source srcset=\"javascript:alert(1)\" onerror=alert(1)><img src=ok.png alt=p></picture>",
    "<source srcset=x onerror=alert(1)>",
]


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content root with every payload in the story body and in the fields editors fill in."""
    root = make_root(tmp_path_factory.mktemp("xss"))
    title_payload = "</title><script>alert(1)</script>"
    body = "\n\n".join(f"Payload {i}: {p}" for i, p in enumerate(PAYLOADS))
    write(root, STORY_PATH, f"""\
---
title: {yaml_string("Night shift " + title_payload)}
date: 2025-01-27
summary: {yaml_string('Summary "><script>alert(1)</script><img src=x onerror=alert(1)>')}
kind: interview
principles: [customer-obsession]
people: [tran-thi-mai, le-van-hung]
tags: [{yaml_string("<img src=x onerror=alert(1)>")}, tết]
cover: cover.svg
cover_alt: {yaml_string('" onerror="alert(1)')}
---

{body}

@mai: {PAYLOADS[3]}

Q1 to @hung: {PAYLOADS[30]}

@hung: done
""")
    write(root, "stories/2025/cover.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    write(root, "content/people/tran-thi-mai.yml", f"""\
name: {yaml_string("Mai <script>alert(1)</script>")}
role: {yaml_string('Lead" onmouseover="alert(1)')}
short_name: Mai
bio: {yaml_string("<img src=x onerror=alert(1)> [x](javascript:alert(1))")}
""")
    principles = (root / "content/principles.yml").read_text(encoding="utf-8")
    write(root, "content/principles.yml", principles + "  description: "
          + yaml_string("<iframe src=javascript:alert(1)></iframe> **fine**") + "\n")
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert "warning:" in result.stdout, "validation tells the editor what was removed"
    return root


class _Audit(HTMLParser):
    """Collects everything active in a page outside the theme's own scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.active: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        theme_palette = tag == "form" and dict(attrs).get("data-md-component") == "palette"
        if tag in ("iframe", "object", "embed", "form", "frame", "base") and not theme_palette:
            self.active.append(f"<{tag}>")
        if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            self.active.append("<meta http-equiv>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            kind = dict(attrs).get("type") or ""
            if src and not re.search(r"assets/(javascripts/bundle\.[0-9a-f]+\.min|site-builder/search)\.js$", src):
                self.active.append(f"<script src={src}>")
            if not src and kind not in ("application/json",):
                pass  # inline theme scripts are checked by text below
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.active.append(f"{name}= on <{tag}>")
            if name == "style" and not re.match(r"^\s*text-align:\s*\w+;?\s*$", value):
                self.active.append(f"style={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                scheme = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.active.append(f"{name}={value!r} on <{tag}>")
            if name in ("srcset", "imagesrcset"):  # every word: stricter than browsers split
                for word in re.split(r"[\s,]+", html.unescape(value)):
                    if re.sub(r"[\x00-\x20]", "", word).lower().startswith(("javascript:", "data:", "vbscript:")):
                        self.active.append(f"{name}={value!r} on <{tag}>")


def test_the_corpus_is_large_enough() -> None:
    assert len(PAYLOADS) >= 40


def test_no_payload_is_active_in_the_built_html(hostile: Path) -> None:
    found = {}
    for page in (hostile / "site").rglob("*.html"):
        if "admin" in page.relative_to(hostile / "site").parts:
            continue  # /admin/ is the browser editor (Decap CMS, its own scripts), not a page
        text = page.read_text(encoding="utf-8")
        audit = _Audit()
        audit.feed(text)
        inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", text, re.S)
        bad_inline = [s for s in inline_scripts if "alert" in s or MARK in s or "__xss" in s]
        if audit.active or bad_inline:
            found[page.relative_to(hostile / "site").as_posix()] = audit.active + bad_inline
    assert found == {}


def test_the_payload_text_is_still_shown_as_text(hostile: Path) -> None:
    story = (hostile / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    assert "Night shift &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in story
    assert "Payload 0:" in story and "Payload 51:" in story


def test_no_payload_runs_in_chromium(browser, hostile: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: events.append(f"console: {message.text}") if MARK in message.text else None)
    pages = sorted(p.relative_to(hostile / "site").parent.as_posix()
                   for p in (hostile / "site").rglob("index.html"))
    with http_server(hostile / "site") as base:
        for url in pages:
            page.goto(base + ("" if url == "." else url + "/"))
            page.wait_for_load_state("load")
            for element in page.locator("article a, article img, article p, article div").all()[:80]:
                element.dispatch_event("mouseover")  # mouse handlers, had any survived
                element.dispatch_event("focus")
            assert page.evaluate("window.__xss") is None, url
        page.goto(base)
        page.keyboard.press("/")
        page.locator("#sb-search-input").fill("payload script alert")
        page.wait_for_selector("[data-sb-search-results] .sb-card")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
    context.close()
    assert events == []


@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe/></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    '<a x:href="javascript:alert(1)"><rect/></a></svg>',
])
def test_an_svg_image_with_scripts_is_refused(tmp_path: Path, svg: str) -> None:
    root = make_root(tmp_path)
    story = (root / STORY_PATH).read_text(encoding="utf-8")
    write(root, STORY_PATH, story.replace("tags:", "cover: bad.svg\ncover_alt: A picture\ntags:", 1))
    write(root, "stories/2025/bad.svg", svg)
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert f"{STORY_PATH}:9: 'cover' 'bad.svg' is an SVG with scripts or event handlers" in result.stdout


RESPONSIVE_COVER = (
    '<picture><source type="image/webp" srcset="../media/a-480.webp 480w, ../media/a-960.webp 960w"'
    ' sizes="(min-width: 76em) 46rem, 100vw">'
    '<img src="../media/a-960.jpg" srcset="../media/a-480.jpg 480w, ../media/a-960.jpg 960w"'
    ' sizes="(min-width: 76em) 46rem, 100vw" width="960" height="480" alt="Lanterns"'
    ' loading="lazy" decoding="async" fetchpriority="low"></picture>'
)


def test_a_responsive_picture_passes_the_sanitizer_unchanged() -> None:
    assert sanitize(RESPONSIVE_COVER) == (RESPONSIVE_COVER, [])


@pytest.mark.parametrize("srcset", [
    "a.jpg 1x, javascript:alert(1) 2x",
    "a.jpg 1x,data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E 2x",
    "a.jpg 1x, jav&#x09;ascript:alert(1) 2x",  # splits into "jav" and a junk descriptor
    "a.jpg 1x, &#10;JAVASCRIPT:alert(1)",
    "a.jpg 2x,vbscript:msgbox(1),",
    "a.jpg 480w onerror=alert(1)",
    "",
])
def test_one_unsafe_candidate_drops_the_whole_srcset(srcset: str) -> None:
    for markup in (f'<img src="a.jpg" srcset="{srcset}">',
                   f'<picture><source srcset="{srcset}"><img src="a.jpg"></picture>'):
        cleaned, removed = sanitize(markup)
        assert "srcset" not in cleaned and "alert" not in cleaned and "msgbox" not in cleaned
        assert [r.what for r in removed] == [f"srcset= on <{'source' if 'picture' in markup else 'img'}>"]


def test_a_srcset_url_may_hold_commas() -> None:
    markup = '<img src="a.jpg" srcset="a.jpg?w=480,q=80 480w, a.jpg?w=960,q=80 960w">'
    assert sanitize(markup) == (markup, [])


def test_a_source_outside_a_picture_is_removed() -> None:
    cleaned, removed = sanitize('<video><source src="clip.mp4"></video><source srcset="a.webp">'
                                '<picture><source srcset="b.webp"></picture>')
    assert cleaned == '<picture><source srcset="b.webp"></picture>'
    assert [r.what for r in removed] == ["<video> tag", "<source> element outside <picture>",
                                         "<source> element outside <picture>"]
