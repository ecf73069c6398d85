"""Search that scales (issue #3): Pagefind (ours) against mkdocs-material's built-in lunr search.

    python -m bench.search [--sizes 1000,5000,10000] [--out BENCHMARKS.md] [--json FILE]

For each size it generates a corpus (bench/corpus.py), builds it with `site-builder build`
(MkDocs + Pagefind), then builds the *same staged pages* with Material's own `search` plugin
and the stock Material header (no site-builder theme overrides). Both sites are served by
`python -m http.server` on 127.0.0.1 and driven with Debian's Chromium through Playwright:

- bytes: every response from navigation start until the first result of a first query in a
  fresh browser context (empty cache), counted gzip-compressed; search-specific files are
  also counted on their own (see `method()` below);
- time: from the input event that enters the query to the first result in the DOM, measured
  in the page with `performance.now()` and a MutationObserver; cold (fresh context per query)
  and warm (engine already loaded, first time for that query);
- which stories each engine finds for `tet` and `vo gia` (diacritic folding) and for a name
  that occurs in exactly one interview.

Results go to BENCHMARKS.md (rewritten after each size, so a crash still leaves numbers).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import yaml

from site_builder.engine import config as engine_config, runner as engine, yamltags
from site_builder.resources import theme_dir

from bench import corpus

from site_builder.search.pagefind import BUNDLE

from . import common

SEARCH_PATH = re.compile(r"/pagefind/")  # the search bundle
from .common import (BIN, REPO, OtherLoad, cores, dir_bytes, free_port, gz_len, is_gzip, kb, log, med, ms, run,
                     secs, write_report)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEFAULT_SIZES = (1000, 5000, 10000)
TARGET_BYTES = 400 * 1024
TARGET_MS = 300.0
BUILD_TIMEOUT = 45 * 60      # seconds, per build
QUERY_TIMEOUT = 15 * 60      # seconds, per query (a cold lunr query includes building its index)
TOP = 10

ENGINES = ("pagefind", "lunr")
LABEL = {"pagefind": "Pagefind (ours)", "lunr": "lunr (Material built-in)"}

# How each engine's search is opened, typed into and read back.
UI = {
    "pagefind": {
        "open_key": "/",
        "input": "#sb-search-input",
        "item": "[data-sb-search-results] .sb-card",
        # The address of each result, in rank order.
        "hrefs_js": "() => [...document.querySelectorAll('[data-sb-search-results] .sb-card__title a')]"
                    ".map(a => a.getAttribute('href'))",
        # An answer is on screen: a result card, or the dialog's status for this query.
        "done_js": "q => !!document.querySelector('[data-sb-search-results] .sb-card') || "
                   "document.querySelector('[data-sb-search]').dataset.sbQuery === q",
        "settled_js": "q => document.querySelector('[data-sb-search]').dataset.sbQuery === q",
        "count_sel": "[data-sb-search-status]",
    },
    "lunr": {
        "open_key": "s",
        "input": "input.md-search__input",
        "item": ".md-search-result__item",
        # One item per page; its first link is the page, the others are sections of it.
        "hrefs_js": "() => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]"
                    ".map(li => li.querySelector('a.md-search-result__link')?.getAttribute('href'))",
        "done_js": "q => !!document.querySelector('.md-search-result__item') || "
                   "/matching document/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        "settled_js": "q => /matching document/i.test("
                      "document.querySelector('.md-search-result__meta')?.textContent || '')",
        "count_sel": ".md-search-result__meta",
    },
}

# Installed once per page: the input event that enters the query starts the clock, the first
# DOM mutation after it that leaves an answer on screen stops it.
PROBE_JS = """
([q, doneSrc]) => {
  const done = eval(doneSrc);
  window.__bench = { q, done, t0: null, t1: null };
  if (window.__benchInstalled) return;
  window.__benchInstalled = true;
  document.addEventListener("input", () => {
    const b = window.__bench;
    if (b && b.t0 === null) b.t0 = performance.now();
  }, true);
  const check = () => {
    const b = window.__bench;
    if (b && b.t0 !== null && b.t1 === null && b.done(b.q)) b.t1 = performance.now();
  };
  new MutationObserver(check).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["data-sb-query"] });
}
"""

def method(debounce: str) -> str:
    return f"""\
- **Corpus.** `python -m bench.corpus N DIR` writes N stories of about 900 words (seeded with
  `random.Random(N)`, so every run gets the same bytes): 8 principles, 15 departments, 300
  people, 2 awards, stories dated 2016-2025 with `##` sections, lists, quotes, interview turns,
  tags and awards on 5% of stories. Exactly 2% mention "Tết" (tagged `tết`), 1% contain
  "vô giá", and one invented person, "{corpus.UNIQUE_PERSON[1]}", speaks in exactly one
  interview. The prose is template-made: its vocabulary is smaller than real writing, which
  flatters Pagefind's word index a little (it grows with distinct words) and does not change
  lunr's, which ships the full text.
- **Builds.** Ours: `site-builder build --root DIR` (validate, stage pages, MkDocs, Pagefind).
  lunr: the staged `mkdocs.yml` from that build, copied with `plugins: [search]`, another
  `site_dir`, no `custom_dir` (so the stock Material header and its lunr search are used) and
  without our `search.js`; built with `python -m mkdocs build`. Our `site.css` is copied into
  that site afterwards so both render the same pages with the same styles. "Pagefind alone"
  re-runs `python -m pagefind` on the built site to show the indexing share of our build.
- **Serving and browser.** Each site is served by `python -m http.server` on 127.0.0.1 (no
  compression, no latency: network time is close to zero, so the times are mostly CPU).
  Debian's Chromium runs headless through Playwright with
  `{' '.join(CHROMIUM_ARGS)}`, viewport 1280x900.
- **A query.** Open the home page and wait for `load`. Open search with the engine's keyboard
  shortcut (`/` for ours, `s` for Material), enter the whole query in one input event (like a
  paste, so typing speed is not measured) and press End (Material reads the query on
  `keyup`). **Time to results** runs from that input event to the first DOM mutation that
  leaves a result on screen (or the engine's "no results" state), measured inside the page
  with `performance.now()`. It includes our dialog's debounce ({debounce}). *Cold*: a fresh browser
  context (empty cache) per query, so it includes loading the engine and its index; *warm*:
  one context, after a warm-up query (`shift`), each query for the first time. Reported as
  the median of the 5 queries: the unique name, `tet`, `vo gia`, `customer` and
  `{corpus.PRINCIPLE_QUERY}`.
- **Bytes.** Every response from navigation start until the first result of the cold
  "{corpus.UNIQUE_PERSON[1]}" query (Playwright `response` events, `response.body()`), each
  counted as `len(gzip.compress(body))` (gzip level 9), except bodies that are already gzip
  (Pagefind's `.pf_*` files and `.pagefind` wasm), which count at their raw size. The
  uncompressed total is the sum of raw body sizes (Pagefind's gzip files decompressed).
  *Search bytes* are the files only search needs: for ours `pagefind/` and `facets.json`, for
  lunr `search/` (the index), the search worker and `lunr/` language files. Material starts
  downloading its index as soon as the page loads, ours when the search opens; both are
  counted the same way from navigation start. When our dialog loads the filter index only
  after the first results are on screen (to show facet counts), the bytes until those counts
  are shown are reported as well: the reader downloads them either way.
- **Index on disk.** Ours: every file under `pagefind/` (already gzip; includes Pagefind's
  unused UI bundles) plus `facets.json`. lunr: `search/search_index.json` raw and gzip -9.
- **Found.** Results are matched to story addresses. For `tet` and `vo gia`: how many of the
  top {TOP} are stories that contain "Tết" or "vô giá", and, in a separate browser context
  after the timed runs, the whole result list ("Show more" for ours, scrolling for
  Material) with the rank of the first such story. For the name: the interview's rank.
"""


# ------------------------------------------------------------------------------------------
# Small helpers

@contextlib.contextmanager
def http_server(site: Path, log: Path) -> Iterator[str]:
    """`python -m http.server` on loopback only; yields the base URL."""
    port = free_port()
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                 "--directory", str(site)], stdout=sink, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 20
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"http.server did not start for {site}")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}/"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ------------------------------------------------------------------------------------------
# Builds

def debounce_of(site: Path) -> int | None:
    """The search dialog's debounce in ms, read from the built site's search.js."""
    try:
        text = (site / "assets" / "site-builder" / "search.js").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"debouncedSearch\([^;]*?,\s*(\d+)\s*\)", text)
    return int(match.group(1)) if match else None


def has_facet_phase(site: Path) -> bool:
    """Whether the dialog loads facet counts after the first results (it then sets data-sb-facets)."""
    with contextlib.suppress(OSError):
        return "sbFacets" in (site / "assets" / "site-builder" / "search.js").read_text(encoding="utf-8")
    return False


def lunr_config(staged: Path, site_dir: Path) -> str:
    """The staged configuration with Material's own search and header instead of ours."""
    config = yaml.load(staged.read_text(encoding="utf-8"), Loader=yamltags.Loader)  # noqa: S506
    config["plugins"] = ["search"]
    config["site_dir"] = str(site_dir)
    config["theme"].pop("custom_dir", None)
    config["extra_javascript"] = [j for j in config.get("extra_javascript", []) if j != engine_config.OWN_JS]
    return engine_config.dump(config)


def build_both(root: Path, work: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with OtherLoad() as load:
        ours = run([str(BIN / "site-builder"), "build", "--root", str(root)], BUILD_TIMEOUT)
    ours["other_cores"] = load.cores
    out["pagefind_build"] = ours
    if not ours["ok"]:
        return out
    site = root / "site"
    timing = work / "pagefind-timing"
    alone = run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(timing), "--quiet"],
                BUILD_TIMEOUT)
    out["pagefind_alone"] = alone
    shutil.rmtree(timing, ignore_errors=True)
    bundles = [site / BUNDLE]
    sizes = [dir_bytes(d) for d in bundles]
    facets = (site / "facets.json").stat().st_size
    out["pagefind_index"] = {"bytes": sum(s for s, _ in sizes) + facets, "files": sum(c for _, c in sizes) + 1,
                             "bundles": len(bundles),
                             "fragments": sum(len(list((d / "fragment").glob("*"))) for d in bundles),
                             "chunks": sum(len(list((d / "index").glob("*"))) for d in bundles)}
    out["pagefind_site"] = dir_bytes(site)[0]
    out["debounce_ms"] = debounce_of(site)

    lunr_dir = work / "lunr"
    lunr_dir.mkdir(parents=True, exist_ok=True)
    config = lunr_dir / "mkdocs.yml"
    config.write_text(lunr_config(root / ".site-builder" / "cache" / "staging" / "mkdocs.yml", lunr_dir / "site"),
                      encoding="utf-8")
    with OtherLoad() as load:
        lunr = run([sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config)], BUILD_TIMEOUT,
                   env=engine.environment(None))
    lunr["other_cores"] = load.cores
    out["lunr_build"] = lunr
    if lunr["ok"]:
        css = lunr_dir / "site" / engine_config.OWN_CSS
        css.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(theme_dir() / "overrides" / engine_config.OWN_CSS, css)
        index = lunr_dir / "site" / "search" / "search_index.json"
        raw = index.read_bytes()
        docs = json.loads(raw)["docs"]
        out["lunr_index"] = {"bytes": len(raw), "gzip": gz_len(raw), "docs": len(docs)}
        out["lunr_site"] = dir_bytes(lunr_dir / "site")[0]
    return out


# ------------------------------------------------------------------------------------------
# Browser

@dataclass
class Fetched:
    url: str
    status: int
    raw: int            # bytes on the wire (as served)
    compressed: int     # gzip -9 of the body, or raw when the body is gzip already
    uncompressed: int   # body size, gzip bodies decompressed
    search: bool
    after_load: bool
    from_disk: bool = False


def is_search_file(engine_name: str, path: str) -> bool:
    if engine_name == "pagefind":
        return SEARCH_PATH.search(path) is not None or path.endswith("/facets.json")
    return "/search/" in path or "/javascripts/workers/" in path or "/javascripts/lunr/" in path


def body_of(response: Any, site: Path) -> tuple[bytes, bool]:
    try:
        return response.body(), False
    except Exception:  # noqa: BLE001 (evicted from Chromium's buffer: read the file that was served)
        path = unquote(urlparse(response.url).path).lstrip("/")
        file = site / path
        if file.is_dir() or path.endswith("/") or not path:
            file = file / "index.html"
        return (file.read_bytes() if file.is_file() else b""), True


def account(engine_name: str, responses: list[tuple[Any, bool]], site: Path) -> list[Fetched]:
    out = []
    for response, after_load in responses:
        body, from_disk = body_of(response, site)
        if is_gzip(body):
            compressed = len(body)
            try:
                uncompressed = len(gzip.decompress(body))
            except OSError:
                uncompressed = len(body)
        else:
            compressed, uncompressed = gz_len(body), len(body)
        path = urlparse(response.url).path
        out.append(Fetched(path, response.status, len(body), compressed, uncompressed,
                           is_search_file(engine_name, path), after_load, from_disk))
    return out


def totals(files: list[Fetched], which: str) -> dict[str, int]:
    pick = {"all": lambda f: True, "search": lambda f: f.search, "page": lambda f: not f.search,
            "after_load": lambda f: f.after_load}[which]
    chosen = [f for f in files if pick(f)]
    return {"compressed": sum(f.compressed for f in chosen), "uncompressed": sum(f.uncompressed for f in chosen),
            "requests": len(chosen)}


def parse_count(status: str) -> int | None:
    """`1018 results for ...`, `15 matching documents`, `1.3k matching documents` (rounded by Material)."""
    number = re.search(r"([\d.,]+)(k?)\s+(?:result|matching)", status)
    if number:
        value = float(number.group(1).replace(",", ""))
        return round(value * 1000) if number.group(2) else int(value)
    return 0 if re.match(r"\s*no ", status, re.I) else None


def count_text(run: dict[str, Any] | None) -> str:
    """The result count as the engine shows it (Material rounds large counts, e.g. `1.3k`)."""
    if not run or run.get("timeout") or run.get("skipped"):
        return "n/a"
    number = re.search(r"([\d.,]+k?)\s+(?:result|matching)", run.get("status", ""))
    if number:
        return number.group(1)
    return str(run.get("count")) if run.get("count") is not None else "n/a"


def slug_of(href: str) -> str | None:
    match = re.search(r"stories/([a-z0-9-]+)/", href or "")
    return match.group(1) if match else None


class Session:
    """One engine's site, measured query by query."""

    def __init__(self, browser: Any, engine_name: str, base: str, site: Path, server_log: Path) -> None:
        self.browser, self.engine, self.base, self.site = browser, engine_name, base, site
        self.server_log = server_log
        self.facet_phase = engine_name == "pagefind" and has_facet_phase(site)
        self.ui = UI[engine_name]

    def new_page(self) -> tuple[Any, Any, list[tuple[Any, bool]], list[str], dict[str, bool]]:
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(QUERY_TIMEOUT * 1000)
        responses: list[tuple[Any, bool]] = []
        errors: list[str] = []
        state = {"loaded": False}
        context.on("response", lambda r: responses.append((r, state["loaded"])))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(self.base, wait_until="load")
        state["loaded"] = True
        return context, page, responses, errors, state

    def query(self, page: Any, query: str) -> dict[str, Any]:
        """Open search, enter `query`, wait for the first answer; return times and what was found."""
        ui = self.ui
        focused = f"() => !!document.activeElement?.matches({json.dumps(ui['input'])})"
        if not page.evaluate(focused):
            page.keyboard.press(ui["open_key"])
        page.wait_for_function(focused)
        if page.input_value(ui["input"]):  # a previous query: clear it and wait for the list to empty
            page.keyboard.press("Control+A")
            page.keyboard.press("Backspace")
            page.keyboard.press("End")
            page.wait_for_function(f"() => !document.querySelector({json.dumps(ui['item'])})")
            page.wait_for_timeout(400)  # let a debounced empty search finish
        page.evaluate(PROBE_JS, [query, ui["done_js"]])
        wall = time.perf_counter()
        page.keyboard.insert_text(query)
        page.keyboard.press("End")
        try:
            page.wait_for_function("() => window.__bench.t1 !== null", timeout=QUERY_TIMEOUT * 1000, polling=10)
        except Exception as exc:  # noqa: BLE001
            return {"query": query, "timeout": True, "error": str(exc).splitlines()[0],
                    "wall_ms": (time.perf_counter() - wall) * 1000}
        wall_ms = (time.perf_counter() - wall) * 1000
        probe = page.evaluate("() => ({t0: window.__bench.t0, t1: window.__bench.t1, origin: performance.timeOrigin})")
        result: dict[str, Any] = {"query": query, "ms": probe["t1"] - probe["t0"], "wall_ms": wall_ms,
                                  "t1_epoch_ms": probe["origin"] + probe["t1"]}
        try:
            page.wait_for_function(ui["settled_js"], arg=query, timeout=60_000)
        except Exception:  # noqa: BLE001
            result["unsettled"] = True
        if self.facet_phase:
            # Our dialog then loads the filter index and shows facet counts: let that finish, so
            # the next query starts from a quiet page (and the cold run can count those bytes).
            try:
                page.wait_for_function("q => document.querySelector('[data-sb-search]').dataset.sbFacets === q",
                                       arg=query, timeout=120_000)
                result["facets_ms"] = page.evaluate("() => performance.now()") - probe["t1"]
            except Exception as exc:  # noqa: BLE001
                result["facets_error"] = str(exc).splitlines()[0]
        status = page.locator(ui["count_sel"]).first.inner_text() if page.locator(ui["count_sel"]).count() else ""
        result["count"] = parse_count(status)
        result["status"] = " ".join(status.split())[:80]
        hrefs = page.evaluate(ui["hrefs_js"])
        result["top"] = [slug_of(h) or h for h in hrefs[:TOP]]
        return result

    def served_since(self, offset: int) -> int:
        with self.server_log.open("rb") as f:
            f.seek(offset)
            return sum(1 for line in f.read().decode(errors="replace").splitlines() if '"GET ' in line)

    def cold(self, query: str, with_bytes: bool) -> dict[str, Any]:
        offset = self.server_log.stat().st_size
        context, page, responses, errors, _ = self.new_page()
        try:
            home = len(responses)
            result = self.query(page, query)
            seen = list(responses)
            result["browser_responses"] = len(seen)
            result["server_requests"] = self.served_since(offset)
            result["errors"] = errors[:5]
            result["home_requests"] = home
            if with_bytes and not result.get("timeout"):
                # Up to the first result: responses to requests that started before it appeared.
                cutoff = result["t1_epoch_ms"]
                first = [(r, a) for r, a in seen if (r.request.timing.get("startTime") or 0) <= cutoff]
                files = account(self.engine, first, self.site)
                result["bytes"] = {k: totals(files, k) for k in ("all", "search", "page", "after_load")}
                result["files"] = [f.__dict__ for f in sorted(files, key=lambda f: -f.compressed)]
                if self.facet_phase and "facets_ms" in result:
                    everything = account(self.engine, seen, self.site)
                    result["bytes_with_facets"] = {k: totals(everything, k) for k in ("all", "search")}
                    firsts = {f.url for f in files}
                    result["facet_files"] = [f.__dict__ for f in everything if f.url not in firsts and f.search]
            return result
        finally:
            context.close()

    def all_results(self, page: Any, limit_s: float = 180) -> tuple[list[str], bool]:
        """Every result of the query on screen, in rank order: "Show more" (ours) or scrolling (Material)."""
        ui, deadline = self.ui, time.monotonic() + limit_s
        item = json.dumps(ui["item"])
        if self.engine == "pagefind":
            more = page.locator("[data-sb-search-more]")
            while more.is_visible() and time.monotonic() < deadline:
                n = page.locator(ui["item"]).count()
                more.click()
                page.wait_for_function(f"n => document.querySelectorAll({item}).length > n || "
                                       "document.querySelector('[data-sb-search-more]').hidden", arg=n)
            complete = not more.is_visible()
        else:
            # Material renders 4 more results each time its list *reaches* the bottom: scroll up, then down.
            last, stable = -1, 0
            while stable < 5 and time.monotonic() < deadline:
                page.evaluate("() => { document.querySelector('.md-search__scrollwrap').scrollTop = 0; }")
                page.wait_for_timeout(20)
                page.evaluate("() => { const w = document.querySelector('.md-search__scrollwrap');"
                              " w.scrollTop = w.scrollHeight; }")
                page.wait_for_timeout(30)
                n = page.locator(ui["item"]).count()
                stable, last = (stable + 1, last) if n == last else (0, n)
            complete = stable >= 5
        hrefs = page.evaluate(ui["hrefs_js"])
        return [slug_of(h) or h for h in hrefs], complete

    def recall(self, queries: list[str]) -> dict[str, Any]:
        """For queries with known answers: the whole result list, to see where the answers rank."""
        context, page, _, _, _ = self.new_page()
        out: dict[str, Any] = {}
        try:
            for q in queries:
                first = self.query(page, q)
                if first.get("timeout"):
                    out[q] = {"timeout": True}
                    continue
                slugs, complete = self.all_results(page)
                out[q] = {"all": slugs, "complete": complete, "count": first.get("count"),
                          "status": first.get("status")}
        finally:
            context.close()
        return out

    def warm(self, queries: list[str]) -> list[dict[str, Any]]:
        context, page, _, errors, _ = self.new_page()
        try:
            warmup = self.query(page, "shift")
            if warmup.get("timeout"):
                return [{"query": q, "timeout": True, "skipped": "warm-up query timed out"} for q in queries]
            out = [self.query(page, q) for q in queries]
            for r in out:
                r["errors"] = errors[:5]
            return out
        finally:
            context.close()


def measure(engine_name: str, site: Path, queries: list[str], work: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"cold": [], "warm": []}
    server_log = work / f"http-{engine_name}.log"
    load = OtherLoad(sample_descendants=True)
    with load, http_server(site, server_log) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        out["browser_version"] = browser.version
        session = Session(browser, engine_name, base, site, server_log)
        try:
            for i, q in enumerate(queries):
                started = time.perf_counter()
                result = session.cold(q, with_bytes=True)
                result["seconds"] = time.perf_counter() - started
                out["cold"].append(result)
                log(f"    {engine_name} cold {q!r}: {ms(result.get('ms'))} "
                    f"{'TIMEOUT' if result.get('timeout') else ''} count={result.get('count')}")
                if result.get("timeout"):
                    out["cold"] += [{"query": r, "skipped": "an earlier cold query timed out"} for r in queries[i + 1:]]
                    break
            if not any(r.get("timeout") for r in out["cold"]):
                started = time.perf_counter()
                out["warm"] = session.warm(queries)
                out["warm_seconds"] = time.perf_counter() - started
                log(f"    {engine_name} warm: " + ", ".join(f"{r['query']!r} {ms(r.get('ms'))}" for r in out["warm"]))
                started = time.perf_counter()
                out["recall"] = session.recall(queries[:3])
                log(f"    {engine_name} full result lists: " + ", ".join(
                    f"{q!r} {len(v.get('all', []))}{'' if v.get('complete') else ' (incomplete)'}"
                    for q, v in out["recall"].items()) + f" in {secs(time.perf_counter() - started)}")
        finally:
            browser.close()
    out["other_cores"] = load.cores
    return out


# ------------------------------------------------------------------------------------------
# One size

def bench_size(size: int, keep: bool) -> dict[str, Any]:
    def measure_size(work: Path, root: Path, manifest: corpus.Manifest, result: dict[str, Any]) -> None:
        builds = build_both(root, work)
        result["builds"] = builds
        for key in ("pagefind_build", "pagefind_alone", "lunr_build"):
            if key in builds:
                b = builds[key]
                log(f"{size}: {key} {'ok' if b['ok'] else 'FAILED'} in {secs(b['seconds'])}"
                    f" (other processes: {cores(b.get('other_cores'))})")
        queries = [manifest.unique_person, "tet", "vo gia", "customer", manifest.principle_query]
        result["queries"] = queries
        for name, site in (("pagefind", root / "site"), ("lunr", work / "lunr" / "site")):
            if builds.get(f"{name}_build", {}).get("ok"):
                result[name] = measure(name, site, queries, work)
                log(f"{size}: {name} measured (other processes: {cores(result[name].get('other_cores'))})")

    return common.each_size(size, "sb-bench", keep, None, measure_size)


# ------------------------------------------------------------------------------------------
# The report

def machine() -> dict[str, str]:
    chromium = "unknown"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    return common.machine(("mkdocs", "mkdocs-material", "pagefind", "playwright")) | {"chromium": chromium}


def times(runs: list[dict[str, Any]]) -> list[float]:
    return [r["ms"] for r in runs if "ms" in r]


def time_cell(runs: list[dict[str, Any]], expected: int) -> str:
    values = times(runs)
    if not runs:
        return "not measured"
    if len(values) < expected:
        missing = expected - len(values)
        note = f"{missing} of {expected} timed out after {QUERY_TIMEOUT // 60} min or skipped"
        return f"{ms(med(values))} median of {len(values)} ({note})" if values else note
    return f"{ms(med(values))} (min {ms(min(values))}, max {ms(max(values))})"


def found_cell(engine_result: dict[str, Any], query: str, expected: list[str]) -> str:
    """How many known answers are in the top 10, and in the whole result list (with the first's rank)."""
    run = by_query(engine_result.get("cold", []), query)
    if not run or "top" not in run:
        return "n/a"
    want = set(expected)
    hits = sum(1 for s in run["top"] if s in want)
    text = f"top {TOP}: {hits} of {TOP}"
    full = engine_result.get("recall", {}).get(query)
    if full and "all" in full:
        ranks = [i + 1 for i, s in enumerate(full["all"]) if s in want]
        listed = len(full["all"])
        found = len(set(full["all"]) & want)
        text += f"; all {listed} listed results: {found} of the {len(want)}"
        if ranks:
            text += f", first at rank {ranks[0]}"
        if not full.get("complete"):
            text += " (list incomplete: time limit)"
    else:
        text += f" ({len(want)} exist; {count_text(run)} results)"
    return text


def rank_cell(engine_result: dict[str, Any], query: str, slug: str) -> str:
    run = by_query(engine_result.get("cold", []), query)
    if not run or "top" not in run:
        return "n/a"
    if slug in run["top"]:
        return f"yes, rank {run['top'].index(slug) + 1} of {count_text(run)} results"
    return f"not in the top {TOP} ({count_text(run)} results)"


def by_query(runs: list[dict[str, Any]], q: str) -> dict[str, Any] | None:
    return next((r for r in runs if r.get("query") == q), None)


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value < target else f"missed ({value / target:.1f}x the target)"


def size_section(r: dict[str, Any]) -> list[str]:
    size = r["size"]
    lines = [f"### {size:,} stories", ""]
    if "crash" in r and "pagefind" not in r:
        lines += [f"The run crashed: `{r['crash']}`.", ""]
    b = r.get("builds", {})
    man = r.get("corpus", {})
    e = {name: r.get(name, {}) for name in ENGINES}
    cold = {name: e[name].get("cold", []) for name in ENGINES}
    warm = {name: e[name].get("warm", []) for name in ENGINES}
    first = {name: (cold[name][0] if cold[name] else None) for name in ENGINES}

    def build_cell(key: str) -> str:
        x = b.get(key)
        if not x:
            return "not run"
        if x.get("timeout"):
            return f"timed out after {secs(x['seconds'])}"
        return secs(x["seconds"]) if x["ok"] else f"failed (exit {x['code']}) after {secs(x['seconds'])}"

    def bytes_cell(name: str, which: str) -> str:
        run = first[name]
        if not run or "bytes" not in run:
            return "n/a" if not run else ("timed out" if run.get("timeout") else "n/a")
        t = run["bytes"][which]
        return f"{kb(t['compressed'])} ({kb(t['uncompressed'])} raw, {t['requests']} requests)"

    def facet_cell() -> str:
        run = first["pagefind"]
        if not run or "bytes_with_facets" not in run:
            return run.get("facets_error", "no second step") if run else "n/a"
        t = run["bytes_with_facets"]["search"]
        return (f"{kb(t['compressed'])} ({kb(t['uncompressed'])} raw, {t['requests']} requests; "
                f"counts on screen {ms(run.get('facets_ms'))} after the first result)")

    def max_search(name: str) -> str:
        values = [x["bytes"]["search"]["compressed"] for x in cold[name] if "bytes" in x]
        return kb(max(values)) if values else "n/a"

    pi, li = b.get("pagefind_index"), b.get("lunr_index")
    rows = [
        ("Corpus", f"{man.get('stories', '?'):,} stories, {man.get('words', 0):,} words of body text",
         "the same staged pages"),
        ("Build time", f"{build_cell('pagefind_build')} (`site-builder build`: validate, stage, MkDocs, Pagefind)",
         f"{build_cell('lunr_build')} (`mkdocs build` with `search` on the staged pages)"),
        ("Search indexing alone", f"{build_cell('pagefind_alone')} (`python -m pagefind` re-run)",
         "inside the MkDocs build"),
        ("Index on disk", (f"{kb(pi['bytes'])} in {pi['files']:,} files ({pi['chunks']} index chunks, "
                           f"{pi['fragments']:,} fragments)") if pi else "n/a",
         f"{kb(li['bytes'])} raw, {kb(li['gzip'])} gzip ({li['docs']:,} sections)" if li else "n/a"),
        ("Home page's own files (HTML, CSS, JS, images), compressed", bytes_cell("pagefind", "page"),
         bytes_cell("lunr", "page")),
        ("**Search bytes for a first query** (cold, compressed)", f"**{bytes_cell('pagefind', 'search')}**",
         f"**{bytes_cell('lunr', 'search')}**"),
        ("Search bytes until our facet counts are shown (filter index loaded after the results)",
         facet_cell(), "no second step"),
        ("Everything from navigation start to first result", bytes_cell("pagefind", "all"), bytes_cell("lunr", "all")),
        ("Largest search bytes of the 5 cold queries", max_search("pagefind"), max_search("lunr")),
        ("**Time to results, cold** (median of 5)", f"**{time_cell(cold['pagefind'], 5)}**",
         f"**{time_cell(cold['lunr'], 5)}**"),
        ("**Time to results, warm** (median of 5)", f"**{time_cell(warm['pagefind'], 5)}**",
         f"**{time_cell(warm['lunr'], 5)}**"),
        (f"CPU kept busy by other processes (builds; browser), of {os.cpu_count()} cores",
         f"{cores(b.get('pagefind_build', {}).get('other_cores'))}; {cores(e['pagefind'].get('other_cores'))}",
         f"{cores(b.get('lunr_build', {}).get('other_cores'))}; {cores(e['lunr'].get('other_cores'))}"),
        (f"`{man.get('unique_person', '')}` finds the one interview",
         rank_cell(e["pagefind"], man.get("unique_person", ""), man.get("unique_story", "")),
         rank_cell(e["lunr"], man.get("unique_person", ""), man.get("unique_story", ""))),
        (f"`tet` finds the {len(man.get('tet', []))} stories with \"Tết\"",
         found_cell(e["pagefind"], "tet", man.get("tet", [])), found_cell(e["lunr"], "tet", man.get("tet", []))),
        (f"`vo gia` finds the {len(man.get('vo_gia', []))} stories with \"vô giá\"",
         found_cell(e["pagefind"], "vo gia", man.get("vo_gia", [])),
         found_cell(e["lunr"], "vo gia", man.get("vo_gia", []))),
    ]
    lines += ["| | Pagefind (ours) | lunr (Material built-in) |", "| --- | --- | --- |"]
    lines += [f"| {a} | {p} | {l} |" for a, p, l in rows]
    lines.append("")

    # Per query.
    lines += ["Per query (time to results; cold / warm; results reported by the engine):", "",
              "| query | Pagefind cold | Pagefind warm | Pagefind results | lunr cold | lunr warm | lunr results |",
              "| --- | --- | --- | --- | --- | --- | --- |"]

    def cell(run: dict[str, Any] | None) -> str:
        if not run:
            return "n/a"
        if run.get("timeout"):
            return f"timed out ({QUERY_TIMEOUT // 60} min)"
        if run.get("skipped"):
            return "skipped"
        return ms(run.get("ms"))

    for q in r.get("queries", []):
        pc, pw = by_query(cold["pagefind"], q), by_query(warm["pagefind"], q)
        lc, lw = by_query(cold["lunr"], q), by_query(warm["lunr"], q)
        lines.append(f"| `{q}` | {cell(pc)} | {cell(pw)} | {count_text(pc)} | {cell(lc)} | "
                     f"{cell(lw)} | {count_text(lc)} |")
    lines.append("")

    # What the first query downloads.
    for name in ENGINES:
        run = first[name]
        if run and run.get("files"):
            search_files = [f for f in run["files"] if f["search"]]
            top = ", ".join(f"`{Path(f['url']).name or f['url']}` {kb(f['compressed'])}" for f in search_files[:5])
            lines.append(f"{LABEL[name]}, largest search files of the first query: {top}.")
            from_disk = [f["url"] for f in run["files"] if f.get("from_disk")]
            if from_disk:
                lines.append(f"(Bodies Chromium no longer held, counted from the served file: {len(from_disk)}.)")
            if run.get("server_requests") is not None and run["server_requests"] != run.get("browser_responses"):
                lines.append(f"(Requests counted by the server: {run['server_requests']}, "
                             f"responses seen by the browser: {run.get('browser_responses')}.)")
            if run.get("errors"):
                lines.append(f"JavaScript errors on the page: `{run['errors'][0][:160]}`")
    lines.append("")
    targets = []
    pb = first["pagefind"]["bytes"]["search"]["compressed"] if first["pagefind"] and "bytes" in first["pagefind"] else None
    lb = first["lunr"]["bytes"]["search"]["compressed"] if first["lunr"] and "bytes" in first["lunr"] else None
    pf_facets = (first["pagefind"] or {}).get("bytes_with_facets", {}).get("search", {}).get("compressed")
    if size >= 10000:
        with_facets = (f"; {kb(pf_facets)} once the facet counts are loaded too, "
                       f"{verdict(pf_facets, TARGET_BYTES)}" if pf_facets is not None else "")
        targets.append(f"Targets at {size:,} stories: search bytes for a first query under {kb(TARGET_BYTES)}: "
                       f"ours **{verdict(pb, TARGET_BYTES)}** ({kb(pb)}{with_facets}), "
                       f"lunr {verdict(lb, TARGET_BYTES)} ({kb(lb)}); "
                       f"results under {TARGET_MS:.0f} ms: ours cold **{verdict(med(times(cold['pagefind'])), TARGET_MS)}**, "
                       f"ours warm **{verdict(med(times(warm['pagefind'])), TARGET_MS)}**; "
                       f"lunr cold {verdict(med(times(cold['lunr'])), TARGET_MS)}, "
                       f"lunr warm {verdict(med(times(warm['lunr'])), TARGET_MS)}.")
    lines += targets + ([""] if targets else [])
    return lines


def report(results: list[dict[str, Any]], info: dict[str, str], command: str, started: dt.datetime,
           elapsed: float | None, sizes: list[int]) -> str:
    done = [r["size"] for r in results]
    lines = [
        "# Benchmarks: search that scales (issue #3)",
        "",
        "Our search (Pagefind, built by `site-builder build`) against mkdocs-material's built-in lunr "
        "search, on generated corpora, measured side by side in one run in a real browser. Targets at "
        f"10,000 stories: under {kb(TARGET_BYTES)} transferred (compressed) for a first query, and results "
        f"in under {TARGET_MS:.0f} ms.",
        "",
        "Reproduce (about the run time below):",
        "",
        "```sh",
        "make bench",
        f"# which runs: {command}",
        "```",
        "",
        "The numbers below were written by that command; nothing in them was edited by hand.",
        "",
        "## Machine and run",
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}"
        + (f"; total run time {elapsed / 60:.1f} min" if elapsed is not None else "; **run in progress**"
           f" (sizes done: {', '.join(map(str, done)) or 'none'} of {', '.join(map(str, sizes))})"),
        f"- Code: {info['source']}",
        f"- CPU: {info['cpu']}, {info['nproc']} cores (nproc); memory {info['memory']}",
        f"- {info['os']}; Python {info['python']}; {info['chromium']}",
        f"- {info['packages']}",
        "",
        "## Results",
        "",
    ]
    for r in results:
        lines += size_section(r)
    lines += ["## Method", "", method(debounce_text(results)), ""]
    lines += reading(results)
    return "\n".join(lines).rstrip() + "\n"


def debounce_text(results: list[dict[str, Any]]) -> str:
    values = sorted({r.get("builds", {}).get("debounce_ms") for r in results} - {None})
    if not values:
        return "not found in search.js"
    return " / ".join(f"{v} ms" for v in values) + ", read from the built `search.js`"


def reading(results: list[dict[str, Any]]) -> list[str]:
    """A short plain-language summary, derived from the numbers above (written by the script too)."""
    out = ["## Reading the numbers", "", "*Generated from the measurements above.*", ""]
    complete = [r for r in results if r.get("pagefind", {}).get("cold")]
    if not complete:
        return out + ["No size was measured completely.", ""]
    big = max(complete, key=lambda r: r["size"])
    size, man = big["size"], big.get("corpus", {})
    pf, lu = big.get("pagefind", {}), big.get("lunr", {})
    first_pf = pf["cold"][0]
    first_lu = lu.get("cold", [{}])[0] if lu.get("cold") else {}
    pb = first_pf.get("bytes", {}).get("search", {}).get("compressed")
    lb = first_lu.get("bytes", {}).get("search", {}).get("compressed")

    def groups(run: dict[str, Any]) -> str:
        sums: dict[str, int] = {}
        for f in run.get("files", []):
            if not f["search"]:
                continue
            name = Path(f["url"]).name
            kind = ("the wasm module" if name.endswith(".pagefind") else "filter files" if "/filter/" in f["url"]
                    else "word-index chunks" if "/index/" in f["url"] else "fragments" if "/fragment/" in f["url"]
                    else "the metadata file" if name.endswith(".pf_meta") else "facets.json" if name == "facets.json"
                    else "JavaScript" if name.endswith(".js") else "other")
            sums[kind] = sums.get(kind, 0) + f["compressed"]
        return ", ".join(f"{k} {kb(v)}" for k, v in sorted(sums.items(), key=lambda kv: -kv[1]))

    paras = []
    text = (f"**Bytes.** At {size:,} stories the first query downloads {kb(pb)} of search files with "
            f"Pagefind ({groups(first_pf)})")
    if pb is not None:
        text += (", within the 400 KB target." if pb < TARGET_BYTES else
                 f": {kb(pb - TARGET_BYTES)} over the 400 KB target.")
    facets = first_pf.get("bytes_with_facets", {}).get("search", {}).get("compressed")
    if facets is not None:
        text += (f" The dialog then loads the filter index to show facet counts "
                 f"({ms(first_pf.get('facets_ms'))} after the first result), which brings the total to {kb(facets)}"
                 + (" (still within the target)." if facets < TARGET_BYTES else
                    f" ({kb(facets - TARGET_BYTES)} over the target)."))
    worst = max((x for x in pf["cold"] if "bytes" in x), key=lambda x: x["bytes"]["search"]["compressed"])
    if worst is not first_pf:
        text += (f" The heaviest of the five queries, `{worst['query']}`, needs "
                 f"{kb(worst['bytes']['search']['compressed'])} ({groups(worst)}).")
    if lb is not None:
        text += (f" lunr needs {kb(lb)}: its whole index, which Material fetches on every first page view, "
                 f"before anyone searches{f' ({lb / pb:.0f} times ours)' if pb else ''}.")
    paras.append(text)

    pc, pw = med(times(pf.get("cold", []))), med(times(pf.get("warm", [])))
    lc, lw = med(times(lu.get("cold", []))), med(times(lu.get("warm", [])))
    slow_c = max((x for x in pf["cold"] if "ms" in x), key=lambda x: x["ms"])
    slow_w = max((x for x in pf.get("warm", []) if "ms" in x), key=lambda x: x["ms"], default=None)
    text = (f"**Time.** Ours answers a first (cold) query in {ms(pc)} and a later (warm) one in {ms(pw)} "
            f"(medians of 5). These include the dialog's debounce ({debounce_text([big])}), so the engine's "
            f"own share is that much less. The median hides the broad queries: `{slow_c['query']}` ({count_text(slow_c)} results) "
            f"takes {ms(slow_c['ms'])} cold")
    if slow_w:
        text += f" and {ms(by_query(pf['warm'], slow_c['query']).get('ms') if by_query(pf['warm'], slow_c['query']) else None)} warm"
    text += (". Time grows with the number of matching pages rather than with the download: the engine "
             "scores and sorts every match before the first ten are shown.")
    if lc is not None:
        slower = [q for q in big.get("queries", []) if (by_query(lu.get("warm", []), q) or {}).get("ms", 0)
                  > (by_query(pf.get("warm", []), q) or {}).get("ms", float("inf"))]
        text += (f" lunr needs {ms(lc)} before its first answer: the browser must download and parse its "
                 f"index and build a lunr index from it. After that its queries take {ms(lw)} (median); warm, "
                 + (f"it is slower than ours for {', '.join(f'`{q}`' for q in slower)}." if slower else
                    "it is faster than ours on all five queries."))
    paras.append(text)

    def fold(q: str, key: str) -> str:
        want = set(man.get(key, []))
        parts = []
        for name, res in (("ours", pf), ("lunr", lu)):
            full = res.get("recall", {}).get(q)
            if full and "all" in full:
                ranks = [i + 1 for i, s in enumerate(full["all"]) if s in want]
                found = len(set(full["all"]) & want)
                parts.append(f"{name} lists {found} of the {len(want)}" +
                             (f" (first at rank {ranks[0]} of {len(full['all'])})" if ranks else ""))
            else:
                run = by_query(res.get("cold", []), q)
                if run and "top" in run:
                    parts.append(f"{name} has {sum(1 for s in run['top'] if s in want)} of them in its top {TOP}")
        return "; ".join(parts)

    text = (f"**Accents.** `tet`: {fold('tet', 'tet')}. `vo gia`: {fold('vo gia', 'vo_gia')}. "
            "lunr does not fold diacritics, so Tết and vô giá typed without accents cannot match; what it "
            "lists for `vo gia` are pages with words that start with \"gia\" (Material adds a trailing "
            "wildcard): people with Gia in their names, *Giao thừa*, and any vô giá story only through such a "
            "word. Ours folds accents, so `vo gia` also matches people named Võ Gia and the stories that feature "
            "them, which is why the vô giá stories can rank below the top.")
    paras.append(text)

    builds = [(r["size"], r.get("builds", {})) for r in complete]
    row = "; ".join(f"{n:,}: {secs(b.get('pagefind_build', {}).get('seconds'))} vs "
                    f"{secs(b.get('lunr_build', {}).get('seconds'))}" for n, b in builds)
    paras.append(f"**Builds** (ours vs lunr's MkDocs build of the same staged pages): {row}. Pagefind itself "
                 f"is a small share (the \"Search indexing alone\" row); the rest of our build is validation, "
                 f"page staging and MkDocs.")
    if lb is not None and pb is not None:
        paras.append(f"**Network.** Everything was served from 127.0.0.1, so transfer time is nearly zero here. "
                     f"On a real link the bytes add time: at 20 Mbit/s, lunr's {kb(lb)} take about "
                     f"{lb * 8 / 20e6:.1f} s before it can start building its index; our {kb(pb)} about "
                     f"{pb * 8 / 20e6:.2f} s (spread over several requests).")
    for p in paras:
        out += [p, ""]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated corpus sizes (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md", help="report file (default: BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary build folders")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="measure nothing: rewrite the report from a file saved with --json")
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        run_info = saved["run"]
        write_report(args.out, report(saved["results"], saved["machine"], run_info["command"],
                                      dt.datetime.fromisoformat(run_info["started"]), run_info.get("elapsed"),
                                      run_info["sizes"]), "search")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not Path(CHROMIUM).exists():
        parser.error(f"Chromium not found at {CHROMIUM} (set CHROMIUM=...)")
    command = "python -m bench.search" + ("" if args.sizes == parser.get_default("sizes") else f" --sizes {args.sizes}")
    started_at = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    info = machine()
    log(f"machine: {info}")
    results: list[dict[str, Any]] = []

    def save(elapsed: float | None) -> None:
        write_report(args.out, report(results, info, command, started_at, elapsed, sizes), "search")
        if args.json:
            run_info = {"command": command, "started": started_at.isoformat(), "elapsed": elapsed, "sizes": sizes}
            args.json.write_text(json.dumps({"run": run_info, "machine": info, "results": results}, indent=1,
                                            default=str), encoding="utf-8")

    for size in sizes:
        results.append(bench_size(size, args.keep))
        save(None)
    elapsed = time.perf_counter() - started
    save(elapsed)
    log(f"done in {elapsed / 60:.1f} min; report in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
