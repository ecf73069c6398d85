"""Helpers for tests that build real sites and read the HTML they produce."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_PARTS = ("content", "stories", "assets", "mkdocs.yml")


def site_builder(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real CLI as an editor or CI would."""
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, check=False)


def copy_sample(target: Path) -> Path:
    """A copy of the repository's sample organisation, so tests never write into the repo."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


class _Links(HTMLParser):
    def __init__(self, selector_class: str | None) -> None:
        super().__init__()
        self.selector_class = selector_class
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag != "a" or not values.get("href"):
            return
        classes = (values.get("class") or "").split()
        if self.selector_class is None or self.selector_class in classes:
            self.hrefs.append(values["href"] or "")


def links(html: str, css_class: str | None = None) -> list[str]:
    """Every link target in the page, optionally only of <a class="css_class">."""
    parser = _Links(css_class)
    parser.feed(html)
    return parser.hrefs


def card_links(html: str) -> list[str]:
    """Story links from the story cards of a listing (title links inside .sb-card__title)."""
    marker = 'class="sb-card__title"><a href="'
    out = []
    for chunk in html.split(marker)[1:]:
        out.append(chunk.split('"', 1)[0])
    return out


def slug_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# `python -m http.server`, with room for more than 5 waiting connections: a browser opens six
# at once and the editor loads about a hundred scripts, so on a busy machine the default
# backlog of 5 refused some (net::ERR_CONNECTION_REFUSED in the browser tests).
_STATIC_SERVER = """
import functools, http.server, sys
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
Server(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
"""


@contextmanager
def http_server(directory: Path) -> Iterator[str]:
    """A real static HTTP server on localhost for the built site; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", _STATIC_SERVER, str(port), str(directory)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).close()  # noqa: S310 (localhost only)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (localhost only)
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    """Poll a page until `text` appears (a preview rebuilding, a server starting)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if text in page:
                return page
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds}s")
