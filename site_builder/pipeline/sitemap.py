"""The sitemap, written once for the whole site after the engine's shards are put together.

Each shard's engine run only knows its own pages, so its sitemap is partial. This writes
the same format MkDocs does (a `<url>` with `<loc>` and the build date as `<lastmod>` per
page, plus a gzip copy) for every page, in address order.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import time
from html import escape
from pathlib import Path

from ..pages.urls import Addresses


def build_timestamp(source_date_epoch: int | None) -> int:
    """The engine's build date: `SOURCE_DATE_EPOCH` from the environment wins, as in MkDocs."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    if pinned:
        return int(pinned)
    return source_date_epoch if source_date_epoch is not None else int(time.time())


def translations(page_urls: list[str], languages: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """Each page's versions in the site's languages, [(language, URL)], itself included; none
    with one language. Every page kind exists in each language at the same path under its
    prefix (`pages.urls.Addresses`)."""
    if len(languages) < 2:
        return {}
    addresses = [(language, Addresses.of(language, languages)) for language in languages]
    present = set(page_urls)
    out = {}
    for url in page_urls:
        own = next((a for _, a in reversed(addresses) if a.prefix and url.startswith(a.prefix)), addresses[0][1])
        path = own.unprefixed(url)
        out[url] = [(language, a.prefix + path) for language, a in addresses if a.prefix + path in present]
    return out


def xml(site_url: str, page_urls: list[str], timestamp: int, languages: tuple[str, ...] = ()) -> str:
    """The sitemap; with more than one language, each page lists its versions in the others
    (`xhtml:link rel="alternate" hreflang`), as search engines read them."""
    day = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).strftime("%Y-%m-%d")
    versions = translations(page_urls, languages)
    namespaces = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if versions else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{namespaces}>']
    if site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
        for url in sorted(page_urls):
            lines += ["    <url>", f"         <loc>{escape(base + url)}</loc>", f"         <lastmod>{day}</lastmod>"]
            lines += [f'         <xhtml:link rel="alternate" hreflang="{language}" href="{escape(base + other)}"/>'
                      for language, other in versions.get(url, [])]
            lines.append("    </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write(site_dir: Path, site_url: str, page_urls: list[str], timestamp: int, languages: tuple[str, ...] = ()) -> None:
    text = xml(site_url, page_urls, timestamp, languages).encode("utf-8")
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)  # never write through a link shared with the cache
    (site_dir / "sitemap.xml").write_bytes(text)
    buffer = io.BytesIO()
    midnight = timestamp - timestamp % 86400  # MkDocs stamps the archive with the day, as in <lastmod>
    with gzip.GzipFile(fileobj=buffer, filename="sitemap.xml", mode="wb", mtime=midnight) as archive:
        archive.write(text)
    (site_dir / "sitemap.xml.gz").write_bytes(buffer.getvalue())
