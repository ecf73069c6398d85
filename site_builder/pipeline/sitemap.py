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


def build_timestamp(source_date_epoch: int | None) -> int:
    """The engine's build date: `SOURCE_DATE_EPOCH` from the environment wins, as in MkDocs."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    if pinned:
        return int(pinned)
    return source_date_epoch if source_date_epoch is not None else int(time.time())


def xml(site_url: str, page_urls: list[str], timestamp: int) -> str:
    day = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).strftime("%Y-%m-%d")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    if site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
        for url in sorted(page_urls):
            lines += ["    <url>", f"         <loc>{escape(base + url)}</loc>", f"         <lastmod>{day}</lastmod>",
                      "    </url>"]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write(site_dir: Path, site_url: str, page_urls: list[str], timestamp: int) -> None:
    text = xml(site_url, page_urls, timestamp).encode("utf-8")
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)  # never write through a link shared with the cache
    (site_dir / "sitemap.xml").write_bytes(text)
    buffer = io.BytesIO()
    midnight = timestamp - timestamp % 86400  # MkDocs stamps the archive with the day, as in <lastmod>
    with gzip.GzipFile(fileobj=buffer, filename="sitemap.xml", mode="wb", mtime=midnight) as archive:
        archive.write(text)
    (site_dir / "sitemap.xml.gz").write_bytes(buffer.getvalue())
