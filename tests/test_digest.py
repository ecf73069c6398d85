"""`site-builder digest`: one MIME message with the period's stories and award recipients,
delivered to a real SMTP server on 127.0.0.1 and opened in Chromium."""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from site_builder.pipeline.pipeline import build
from site_builder.model import load

from .conftest import free_port_for_smtp, make_root, write
from .sitetools import copy_sample

SITE = "https://stories.lotus-harbour.example/"
NOW = "2026-06-01T00:00:00+00:00"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():  # type: ignore[no-untyped-def]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port_for_smtp())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("digest"))
    write(root, "stories/2025/embargoed-news.md", "---\ntitle: Embargoed quibb news\ndate: 2025-09-01\n"
          "summary: Not yet.\nkind: article\nprinciples: [ownership]\npeople: [nguyen-thu-ha]\n"
          "awards: [{award: lotus-stars, year: 2025, citation: 'Quibb citation.'}]\n"
          "publish_on: 2999-01-01\n---\n\nBody.\n")
    return root


def digest(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "site_builder", "digest", "--root", str(root), *args],
                          env=dict(os.environ, SITE_BUILDER_NOW=NOW, **(env or {})), text=True,
                          capture_output=True, timeout=120)


def parts(raw: bytes) -> tuple[EmailMessage, str, str]:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage) and msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    return msg, text.get_content(), html.get_content()


def test_send_delivers_both_parts_with_the_periods_stories_newest_first(sample: Path, smtp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller, inbox = smtp
    env = {"SITE_BUILDER_SMTP_HOST": "127.0.0.1", "SITE_BUILDER_SMTP_PORT": str(controller.port),
           "SITE_BUILDER_SMTP_STARTTLS": "false", "SITE_BUILDER_SMTP_FROM": "Stories <stories@example.com>",
           "SITE_BUILDER_SMTP_TO": "all@example.com, comms@example.com"}
    done = digest(sample, "--since", "2025-06-01", "--until", "2026-05-31", "--out", str(tmp_path / "d.eml"),
                  "--send", env=env)
    assert done.returncode == 0, done.stderr
    assert "Sent to all@example.com, comms@example.com" in done.stdout
    (sender, to, raw), = inbox.messages
    assert sender == "stories@example.com"
    assert to == ["all@example.com", "comms@example.com"]
    msg, text, html = parts(raw)
    site, _ = load(sample)
    expected = [s for s in site.stories if "2025-06-01" <= s.date.isoformat() <= "2026-05-31"]
    assert expected and [s.date for s in expected] == sorted((s.date for s in expected), reverse=True)
    links = [link for link in re.findall(r'href="([^"]+/stories/[^"/]+/)"', html)]
    assert list(dict.fromkeys(links)) == [f"{SITE}stories/{s.slug}/" for s in expected]
    for s in expected:
        assert s.title in text and f"{SITE}stories/{s.slug}/" in text
        assert s.summary in " ".join(text.split())
    assert "Lotus Stars 2025" in text and "Saw a fraud ring" in text, "the period's award recipients"
    assert "lotus-stars-2026-shortlist" not in html + text, "a draft is never in a digest"
    assert "quibb" not in (html + text).lower(), "nor an embargoed story"
    assert "Lotus Harbour Stories" in msg["Subject"] and msg["From"] == "Stories <stories@example.com>"
    assert len(html.encode()) < 100_000
    assert "<script" not in html and "<link" not in html


def test_nothing_is_sent_without_send(sample: Path, smtp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller, inbox = smtp
    env = {"SITE_BUILDER_SMTP_HOST": "127.0.0.1", "SITE_BUILDER_SMTP_PORT": str(controller.port),
           "SITE_BUILDER_SMTP_FROM": "s@example.com", "SITE_BUILDER_SMTP_TO": "all@example.com"}
    out = tmp_path / "digest.eml"
    done = digest(sample, "--since", "2025-01-01", "--until", "2025-12-31", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert inbox.messages == []
    _, text, _ = parts(out.read_bytes())
    assert "Tết on the night shift" in text


def test_the_same_period_gives_the_same_bytes(sample: Path, tmp_path: Path) -> None:
    for name in ("a.eml", "b.eml"):
        assert digest(sample, "--since", "2025-01-01", "--until", "2025-12-31", "--out", str(tmp_path / name)).returncode == 0
    assert (tmp_path / "a.eml").read_bytes() == (tmp_path / "b.eml").read_bytes()


def test_a_root_without_site_url_is_told_to_add_it(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    done = digest(root, "--since", "2025-01-01", "--out", str(tmp_path / "d.eml"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "mkdocs.yml has no site_url" in done.stderr and "site_url: https://" in done.stderr
    assert not (tmp_path / "d.eml").exists()


def test_send_without_smtp_settings_names_the_missing_variables(sample: Path, tmp_path: Path) -> None:
    env = {k: "" for k in ("SITE_BUILDER_SMTP_HOST", "SITE_BUILDER_SMTP_FROM", "SITE_BUILDER_SMTP_TO")}
    done = digest(sample, "--since", "2025-01-01", "--out", str(tmp_path / "d.eml"), "--send", env=env)
    assert done.returncode == 1
    assert "set SITE_BUILDER_SMTP_HOST, SITE_BUILDER_SMTP_FROM, SITE_BUILDER_SMTP_TO" in done.stderr


def test_in_chromium_the_html_part_has_no_broken_image_and_links_only_to_the_site(sample: Path, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    built = build(sample)
    assert built.checked.ok
    out = tmp_path / "d.eml"
    assert digest(sample, "--since", "2025-01-01", "--until", "2025-12-31", "--out", str(out)).returncode == 0
    _, _, html = parts(out.read_bytes())
    site = sample / "site"

    def serve(route):  # type: ignore[no-untyped-def]
        path = route.request.url.removeprefix(SITE).split("#")[0]
        file = site / path / "index.html" if path.endswith("/") or not path else site / path
        if file.is_file():
            route.fulfill(status=200, body=file.read_bytes(),
                          content_type="image/png" if file.suffix == ".png" else "text/html")
        else:
            route.fulfill(status=404, body=b"not found")

    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        outside: list[str] = []
        page.route(f"{SITE}**", serve)
        page.route("**/*", lambda route: outside.append(route.request.url) or route.abort()
                   if not route.request.url.startswith(SITE) else route.fallback())
        page.set_content(html, wait_until="load")
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.src, e.complete && e.naturalWidth, e.alt])")
        assert images and all(width == 1200 and alt for _, width, alt in images), images
        links = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
        assert links and all(link.startswith(SITE) for link in links), links
        for link in links:
            path = link.removeprefix(SITE).split("#")[0]
            assert (site / path / "index.html").is_file(), link
        body = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (body == "rgb(18, 20, 22)") == (scheme == "dark"), "dark mode has its own colours"
        assert outside == []
        context.close()


# --- the digest per language (issue 23): one message is one language --------------------------

@pytest.fixture
def two_languages(tmp_path: Path) -> Path:
    """The minimal root in English and Vietnamese: its Tết story translated, one story not."""
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", f"site_name: Lotus Harbour Stories\nsite_url: {SITE}\n"
          "extra:\n  site_builder:\n    languages: [en, vi]\n")
    body = (root / "stories/2025/tet-night-shift.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    write(root, "stories/2025/tet-night-shift.vi.md", "---\ntitle: Tết ở tổng đài\n"
          "summary: Ca đêm đã trả lời mọi cuộc gọi của khách hàng trong dịp lễ.\n---\n" + body)
    write(root, "stories/2025/river-walk.md", "---\ntitle: The river walk\ndate: 2025-02-03\n"
          "summary: A walk along the river.\nkind: article\nprinciples: [customer-obsession]\n"
          "people: [tran-thi-mai]\n---\n\nBody.\n")
    return root


def vi_digest(root: Path, tmp_path: Path) -> tuple[EmailMessage, str, str]:
    out = tmp_path / "vi.eml"
    done = digest(root, "--lang", "vi", "--since", "2025-01-01", "--until", "2025-12-31", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return parts(out.read_bytes())


def test_a_vietnamese_digest_links_the_vietnamese_pages_and_pictures(two_languages: Path, tmp_path: Path) -> None:
    _, text, html = vi_digest(two_languages, tmp_path)
    links = set(re.findall(r'(?:href|src)="([^"]+)"', html))
    assert f"{SITE}vi/stories/tet-night-shift/" in links and f"{SITE}vi/share/tet-night-shift" in " ".join(links)
    assert all(link.startswith(f"{SITE}vi/") for link in links), links
    assert f"{SITE}vi/stories/tet-night-shift/" in text and f"{SITE}vi/" in text


def test_a_vietnamese_digest_shows_a_translated_storys_vietnamese_title(two_languages: Path, tmp_path: Path) -> None:
    _, text, html = vi_digest(two_languages, tmp_path)
    for part in (text, html):
        assert "Tết ở tổng đài" in part and "Tết at the call centre" not in part


def test_a_vietnamese_digest_shows_an_untranslated_story_as_written(two_languages: Path, tmp_path: Path) -> None:
    _, text, html = vi_digest(two_languages, tmp_path)
    assert "The river walk" in text and "The river walk" in html
    assert f"{SITE}vi/stories/river-walk/" in html


def test_a_vietnamese_digest_has_its_text_dates_subject_and_lang_in_vietnamese(two_languages: Path, tmp_path: Path) -> None:
    msg, text, html = vi_digest(two_languages, tmp_path)
    assert '<html lang="vi">' in html
    assert msg["Subject"] == "Lotus Harbour Stories: câu chuyện mới, từ 2025-01-01 đến 2025-12-31"
    assert "Câu chuyện mới, từ 1 tháng 1, 2025 đến 31 tháng 12, 2025" in text
    assert "Đọc câu chuyện" in html and "MỚI ĐƯỢC VINH DANH" in text and "Phỏng vấn, 27 tháng 1, 2025" in text
    english = ("New stories", "Read the story", "Recently recognised", "January", "mailing list", "Open the site")
    assert not [words for words in english if words in text + html]


def test_a_language_the_site_lacks_is_refused_in_one_line(two_languages: Path, tmp_path: Path) -> None:
    done = digest(two_languages, "--lang", "fr", "--since", "2025-01-01", "--out", str(tmp_path / "d.eml"))
    assert done.returncode == 2
    assert done.stderr == "error: --lang fr: 'fr' is not one of the site's languages (en, vi)\n"
    assert not (tmp_path / "d.eml").exists()


def test_by_default_the_digest_is_in_the_sites_first_language(two_languages: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "site_builder", "digest", "--root", str(two_languages),
                           "--since", "2025-01-01", "--until", "2025-12-31"], cwd=tmp_path,
                          env=dict(os.environ, SITE_BUILDER_NOW=NOW), text=True, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    _, text, html = parts((tmp_path / "digest-2025-01-01-2025-12-31.en.eml").read_bytes())
    assert '<html lang="en">' in html and "Tết at the call centre" in text
    assert f"{SITE}stories/tet-night-shift/" in text and "/vi/" not in html


def test_every_text_the_digest_templates_use_has_its_vietnamese() -> None:
    from site_builder.digest.compose import interface_text

    templates = Path(__file__).parent.parent / "site_builder/digest/templates"
    keys = {key for file in templates.iterdir() for key in re.findall(r'\bt\("([^"]+)"\)', file.read_text())}
    assert len(keys) >= 10
    assert [key for key in keys if interface_text("vi", key) == key] == []
