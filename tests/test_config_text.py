"""Text from mkdocs.yml (the site's name, footer, description, extras) never becomes markup,
a second mail header or a broken feed: it is shown as written, escaped where the theme
prints it, and anything that cannot be shown safely is an error at `mkdocs.yml:LINE`."""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from email.message import EmailMessage
from pathlib import Path

import pytest

from .conftest import make_root, write
from .sitetools import http_server
from .test_xss import MARK, _Audit

NAME = "Lotus & co <script>window.__xss=1</script><img src=x onerror=alert(1)>"
CONFIG = f"""\
site_name: "{NAME}"
site_url: https://stories.lotus-harbour.example/
site_description: 'Stories "><script>alert(2)</script>'
site_author: "<img src=x onerror=alert(3)>"
copyright: '&copy; 2026 Lotus Harbour · <a href="https://intranet.example/privacy">Privacy</a> <script>alert(4)</script><img src=x onerror="console.log(''{MARK}'')">'
extra:
  social:
    - icon: fontawesome/brands/github
      link: https://intranet.example/?team=comms&lang=en
      name: "<script>alert(6)</script>"
"""
WINDOW = ("--since", "2025-01-01", "--until", "2025-12-31")


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI, with stdout and stderr apart (what an operator reads is on stderr)."""
    return subprocess.run([sys.executable, "-m", "site_builder", *map(str, args)], cwd=cwd, text=True,
                          capture_output=True, timeout=300, env=dict(os.environ, NO_COLOR="1"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A root whose mkdocs.yml puts scripts and handlers in every text the theme prints, built."""
    root = make_root(tmp_path_factory.mktemp("config-text"))
    write(root, "mkdocs.yml", CONFIG)
    done = cli("build", "--root", root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def active_parts(page: str) -> list[str]:
    """Everything in a page that could run: the XSS test's audit, and inline scripts."""
    audit = _Audit()
    audit.feed(page)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)
    return audit.active + [s for s in inline if "alert" in s or MARK in s or "__xss" in s]


def test_no_page_has_active_markup_from_mkdocs_yml(hostile: Path) -> None:
    found = {}
    for path in (hostile / "site").rglob("*.html"):
        if path.relative_to(hostile / "site").parts[0] == "admin":
            continue  # the browser editor's own page (tests/test_xss.py audits it)
        active = active_parts(path.read_text(encoding="utf-8"))
        if active:
            found[path.relative_to(hostile / "site").as_posix()] = active
    assert found == {}


def test_nothing_from_mkdocs_yml_runs_in_chromium(browser, hostile: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: events.append(f"console: {message.text}") if MARK in message.text else None)
    pages = sorted(p.relative_to(hostile / "site").parent.as_posix() for p in (hostile / "site").rglob("index.html")
                   if p.relative_to(hostile / "site").parts[0] != "admin")
    with http_server(hostile / "site") as base:
        for url in pages:
            page.goto(base + ("" if url == "." else url + "/"))
            page.wait_for_load_state("load")
            for element in page.locator("header a, footer a, footer img, .md-copyright *").all()[:40]:
                element.dispatch_event("mouseover")
                element.dispatch_event("focus")
            assert page.evaluate("window.__xss") is None, url
    context.close()
    assert events == []


def test_the_site_name_is_shown_as_written_escaped_once(hostile: Path) -> None:
    home = (hostile / "site/index.html").read_text(encoding="utf-8")
    escaped = "Lotus &amp; co &lt;script&gt;window.__xss=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert f"<title>{escaped}</title>" in home
    assert f'aria-label="{escaped}"' in home  # the theme's own `| e` does not escape it a second time
    # ... except in the header's tooltip, which Material's script puts in as HTML (header.html)
    assert 'title="Lotus &amp;amp; co &amp;lt;script&amp;gt;' in home and home.count("&amp;lt;script") == 1
    story = (hostile / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:site_name" content="{escaped}">' in story
    assert '<meta name="author" content="&lt;img src=x onerror=alert(3)&gt;">' in story


def test_the_footer_keeps_simple_html_and_loses_the_rest(hostile: Path) -> None:
    home = (hostile / "site/index.html").read_text(encoding="utf-8")
    footer = home[home.index('<div class="md-copyright__highlight">'):]
    footer = footer[:footer.index("</div>")]
    assert '&copy; 2026 Lotus Harbour · <a href="https://intranet.example/privacy">Privacy</a>' in footer
    assert "<script" not in footer and "onerror" not in footer and "alert" not in footer


def test_validation_warns_at_the_copyright_line_about_what_is_removed(hostile: Path) -> None:
    done = cli("validate", "--root", hostile)
    assert done.returncode == 0
    assert "mkdocs.yml:5: warning: copyright: <script> element will be removed" in done.stdout
    assert "mkdocs.yml:5: warning: copyright: onerror= on <img> will be removed" in done.stdout


def test_extra_strings_are_escaped_and_links_keep_their_address(hostile: Path) -> None:
    home = (hostile / "site/index.html").read_text(encoding="utf-8")
    assert 'href="https://intranet.example/?team=comms&amp;lang=en"' in home
    assert 'title="&lt;script&gt;alert(6)&lt;/script&gt;"' in home


def test_feeds_carry_the_site_name_as_text(hostile: Path) -> None:
    for feed in ("feed.xml", "principles/customer-obsession/feed.xml"):
        tree = ET.parse(hostile / "site" / feed)
        title = tree.getroot().findtext("{http://www.w3.org/2005/Atom}title") or ""
        assert title.endswith(NAME), feed


def read_message(path: Path) -> tuple[EmailMessage, str, str]:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    text, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text is not None and html is not None
    return msg, text.get_content(), html.get_content()


def test_the_digest_escapes_the_site_name_in_html_and_keeps_it_whole_in_headers(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "digest.eml"
    done = cli("digest", "--root", hostile, *WINDOW, "--out", out)
    assert done.returncode == 0, done.stderr
    msg, text, html = read_message(out)
    assert msg["Subject"].startswith(f"{NAME}: new stories")
    assert msg["From"].addresses[0].display_name == NAME  # quoted whole, not cut at ':' or '<'
    assert msg["From"].addresses[0].addr_spec == "noreply@stories.lotus-harbour.example"
    assert text.splitlines()[0] == NAME  # the plain-text part is text: no entities
    assert "Lotus &amp; co &lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    # inline styles are how email is laid out (compose.py); nothing else may be active
    assert [part for part in active_parts(html) if not part.startswith("style=")] == []


# -- CR/LF and other text that cannot be shown --------------------------------------------------

def crlf_root(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", 'site_url: https://stories.example/\nsite_name: "Lotus\\r\\nBcc: everyone@example.com"\n')
    return root


def test_a_line_break_in_the_site_name_is_an_error_at_its_line(tmp_path: Path) -> None:
    done = cli("validate", "--root", crlf_root(tmp_path))
    assert done.returncode == 1
    assert done.stdout.startswith("mkdocs.yml:2: site_name must be one line of text")
    assert "Traceback" not in done.stdout + done.stderr


def test_digest_refuses_a_site_name_with_a_line_break_before_writing(tmp_path: Path) -> None:
    root = crlf_root(tmp_path)
    done = cli("digest", "--root", root, *WINDOW, cwd=tmp_path)
    assert done.returncode == 1
    assert "mkdocs.yml:2: site_name must be one line of text" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr and "ValueError" not in done.stdout + done.stderr
    assert list(tmp_path.rglob("*.eml")) == []


def test_a_sender_with_a_line_break_is_refused_in_one_line(hostile: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SITE_BUILDER_SMTP_FROM": "Stories <s@example.com>\nBcc: everyone@example.com"}
    done = subprocess.run([sys.executable, "-m", "site_builder", "digest", "--root", str(hostile), *WINDOW],
                          cwd=tmp_path, text=True, capture_output=True, timeout=300, env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("error: SITE_BUILDER_SMTP_FROM holds a line break")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert list(tmp_path.rglob("*.eml")) == []


@pytest.mark.parametrize(("line", "expected"), [
    ("repo_url: javascript:alert(1)", "mkdocs.yml:2: repo_url is not a usable address"),
    ('site_url: "https://x.example/\\" onmouseover=alert(1)"', "mkdocs.yml:2: site_url is not a usable address"),
    ("extra:\n  social:\n    - icon: x\n      link: 'data:text/html,<script>alert(1)</script>'",
     "mkdocs.yml:5: extra.social[0].link is not a usable address"),
    ("extra:\n  homepage: vbscript:msgbox(1)", "mkdocs.yml:3: extra.homepage is not a usable address"),
    ('theme:\n  logo: "x.png\\" onerror=\\"alert(1)"', "mkdocs.yml:3: theme.logo is not a usable address"),
    ('copyright: "2026\\x07 Lotus"', "mkdocs.yml:2: copyright holds the control character U+0007"),
    ('extra:\n  consent:\n    title: "a\\x1bb"', "mkdocs.yml:4: extra.consent.title holds the control character U+001B"),
    ('site_name: "Lotus\\u2028Harbour"', "mkdocs.yml:2: site_name must be one line of text"),
    ("edit_uri: 'javascript:alert(1)//'", "mkdocs.yml:2: edit_uri is not a usable address"),
    ("copyright: 2026", "mkdocs.yml:2: copyright must be text"),
    ("site_author: [Comms, HR]", "mkdocs.yml:2: site_author must be text"),
    ('theme:\n  palette:\n    - primary: \'teal" onmouseover="alert(1)\'',
     "mkdocs.yml:4: theme.palette[0].primary may not hold '\"'"),
    ("theme:\n  font:\n    text: 'Roboto} </style><script>alert(1)</script>'",
     "mkdocs.yml:4: theme.font.text may not hold '<'"),
    ("theme:\n  palette:\n    - toggle:\n        name: 'Dark <img src=x onerror=alert(1)>'",
     "mkdocs.yml:5: theme.palette[0].toggle.name may not hold '<'"),
])
def test_text_that_cannot_be_shown_safely_is_an_error_at_its_line(tmp_path: Path, line: str, expected: str) -> None:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", "site_name: Lotus stories\n" + line + "\n")
    done = cli("validate", "--root", root)
    assert done.returncode == 1, done.stdout
    assert expected in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_plain_site_name_with_an_ampersand_reads_the_same_everywhere(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", "site_name: Stories & People\nsite_url: https://stories.example/\n"
          "copyright: Copyright &copy; 2026 Lotus Harbour\n")
    assert cli("build", "--root", root).returncode == 0
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert "<title>Stories &amp; People</title>" in home
    assert "Copyright &copy; 2026 Lotus Harbour" in home  # entities in the footer work as in Material's docs
    out = tmp_path / "d.eml"
    assert cli("digest", "--root", root, *WINDOW, "--out", out).returncode == 0
    msg, text, _ = read_message(out)
    assert msg["Subject"].startswith("Stories & People: new stories") and text.splitlines()[0] == "Stories & People"
