"""Compose the digest: pure, from the loaded site and the page settings, no I/O.

The HTML part is what email clients render, which is not a browser: one table layout with
inline styles (Outlook and Gmail drop or ignore style sheets and scripts), images by absolute
address with alt text, `color-scheme` and a small `prefers-color-scheme` block for the clients
that honour them, and colours with enough contrast that clients which invert colours for dark
mode keep it readable. The plain-text part says the same for clients that show only text.
The message is the same bytes for the same content and window (its date is the window's end).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
import urllib.parse
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..model import KIND_LABELS, Recipient, Site, Story
from ..pages import share, strings, urls
from ..settings import Settings

MAX_BYTES = 100_000  # what the HTML part must stay under (Gmail clips messages past about 102 KB)

# The digest's own interface text, English -> Vietnamese, with the conventions of
# pages/strings.py (the English text is the key, names and dates are placeholders). Text the
# pages share (a story's kind) comes from pages/strings.py; these come first.
DIGEST_VI: dict[str, str] = {
    "Every award and its recipients": "Tất cả giải thưởng và người nhận",
    "Every award: {url}": "Tất cả giải thưởng: {url}",
    "{name}: new stories, {since} to {until}": "{name}: câu chuyện mới, từ {since} đến {until}",
    "New stories, {since} to {until}": "Câu chuyện mới, từ {since} đến {until}",
    "No new stories in this period.": "Không có câu chuyện mới nào trong thời gian này.",
    "Open the site": "Mở trang",
    "Read the story": "Đọc câu chuyện",
    "Recently recognised": "Mới được vinh danh",
    "Stories": "Câu chuyện",
    "With {names}": "Cùng {names}",
    "with {names}": "cùng {names}",
    "You receive this because you are on the {name} mailing list.":
        "Bạn nhận được thư này vì bạn có tên trong danh sách nhận thư của {name}.",
}
DIGEST_TEXTS: dict[str, dict[str, str]] = {"vi": DIGEST_VI}


def interface_text(language: str, english: str) -> str:
    """`english` in `language`: the digest's own text first, then the pages' (English as is)."""
    return DIGEST_TEXTS.get(language, {}).get(english) or strings.text(language, english)


def longdate(day: dt.date, language: str) -> str:
    """`2 December 2026`; in Vietnamese `2 tháng 12, 2026` (months have numbers, not names)."""
    if language == "vi":
        return f"{day.day} tháng {day.month}, {day.year}"
    return f"{day.day} {day:%B %Y}"


class DigestError(Exception):
    """The digest cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Entry:
    story: Story
    link: str
    image: str  # the share picture, absolute
    image_alt: str
    kind: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    name: str  # the site's name, as written in mkdocs.yml: the sender's name
    subject: str
    since: dt.date
    until: dt.date
    entries: tuple[Entry, ...]
    recipients: tuple[Recipient, ...]
    html: str
    text: str
    lang: str = "en"


def in_window(site: Site, since: dt.date, until: dt.date) -> list[Story]:
    """Published stories dated within [since, until], newest first (never drafts or embargoed)."""
    return [s for s in site.stories if since <= s.date <= until and not site.held_back(s)]


def window_recipients(site: Site, stories: list[Story]) -> list[Recipient]:
    """The award recipients named by the window's stories, newest year first."""
    slugs = {s.slug for s in stories}
    found = [r for years in site.recipients.values() for recipients in years.values() for r in recipients
             if any(s.slug in slugs for s in r.stories)]
    return sorted(found, key=lambda r: (-r.year, r.award.name, -r.stories[0].date.toordinal(), r.person.name))


def _env(language: str) -> Environment:
    env = Environment(loader=PackageLoader("site_builder.digest", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["longdate"] = lambda d: longdate(d, language)
    return env


def compose(site: Site, settings: Settings, since: dt.date, until: dt.date, lang: str = "") -> Digest:
    """The digest for the readers of `lang` (default: the site's first language): the site as
    they see it (translated stories, names in their language; a story without a translation as
    written), links to their language's pages and share pictures, and the text in it."""
    lang = lang or site.languages[0]
    if lang not in site.languages:
        raise DigestError(f"{lang!r} is not one of the site's languages ({', '.join(site.languages)})")
    site = site.in_language(lang)
    addresses = urls.Addresses.of(lang, site.languages)

    def t(english: str) -> str:
        return interface_text(lang, english)

    if not settings.url:
        raise DigestError("mkdocs.yml has no site_url, and an email needs absolute links; "
                          "add e.g. 'site_url: https://stories.example.com/' to mkdocs.yml")
    if until < since:
        raise DigestError(f"--until {until} is before --since {since}")
    stories = in_window(site, since, until)
    entries = tuple(Entry(s, settings.absolute(addresses.story(s.slug)),
                          settings.absolute(addresses.share_card(s.slug)),
                          share.alt_text(settings.name, s, lang), t(KIND_LABELS[s.kind]),
                          tuple(site.people[p].name for p in s.people)) for s in stories)
    recipients = tuple(window_recipients(site, stories))
    name = settings.name or "Our stories"
    subject = t("{name}: new stories, {since} to {until}").format(
        name=name, since=since.isoformat(), until=until.isoformat())
    context = {"name": name, "subject": subject, "since": since, "until": until, "entries": entries,
               "recipients": recipients, "home": settings.absolute(addresses.HOME),
               "awards": settings.absolute(addresses.section("awards")),
               "person_link": lambda pid: settings.absolute(addresses.section("people", pid)),
               "story_link": lambda slug: settings.absolute(addresses.story(slug)),
               "primary": settings.primary, "accent": settings.accent, "lang": lang, "t": t}
    env = _env(lang)
    html = env.get_template("digest.html").render(context)
    text = env.get_template("digest.txt").render(context)
    if len(html.encode("utf-8")) > MAX_BYTES:
        raise DigestError(f"the digest's HTML is {len(html.encode('utf-8')) // 1000} KB, over "
                          f"{MAX_BYTES // 1000} KB, which email clients clip; choose a shorter window")
    return Digest(name, subject, since, until, entries, recipients, html, text, lang)


def message(digest: Digest, sender: str, to: list[str], site_url: str) -> EmailMessage:
    """The MIME message: a plain-text part, then the HTML part (clients show the last they can).

    The site's name is in the Subject and, quoted as a display name, in From; validation has
    made sure it is one line (`engine.config_text`), and `send.sender` checks `sender`."""
    host = urllib.parse.urlsplit(site_url).hostname or "localhost"
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = digest.subject
    msg["From"] = sender or Address(display_name=digest.name, username="noreply", domain=host)
    msg["To"] = ", ".join(to) if to else "undisclosed-recipients:;"
    moment = dt.datetime.combine(digest.until, dt.time(), dt.timezone.utc)
    msg["Date"] = email.utils.format_datetime(moment)
    token = hashlib.sha256(f"{digest.since}/{digest.until}\n{digest.html}".encode()).hexdigest()[:24]
    msg["Message-ID"] = f"<digest-{digest.since}-{digest.until}-{token}@{host}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(digest.text, cte="quoted-printable")
    msg.add_alternative(digest.html, subtype="html", cte="quoted-printable")
    msg.set_boundary(f"=={token}==")  # quoted-printable never has "==" followed by letters: safe
    return msg
