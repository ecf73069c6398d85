"""Fast at any archive size: build time, memory, CI and preview rebuilds, page weight.

    python -m bench.build [--sizes 1000,5000,10000] [--out BENCHMARKS-build.json]
                          [--markdown BENCHMARKS.md] [--blog-timeout 20] [--keep]
    python -m bench.build --render BENCHMARKS-build.json      (re-render the Markdown only)

For each size it generates the deterministic corpus (bench/corpus.py) once and measures, side
by side in one run:

- ours, through the CLI only: `site-builder validate` (median of 3), a full `site-builder
  build` (site/ and .site-builder/ removed first; median of 3 up to 1,000 stories, 1 run
  above), a CI rebuild after one story changed (checked byte for byte against a clean build
  of the same content), the live preview (`site-builder serve`: time from saving a story to
  the served page showing the change, median of 3 edits), output size and page weight;
- mkdocs-material with the stories as plain pages (no search, a nav with only the home page);
- mkdocs-material's blog and tags plugins with the stories as blog posts;
- Hugo (Debian's package; `scripts/ensure-hugo`) with equivalent taxonomies and a small real
  layout.

Wall time is measured around each command; peak memory is the largest sum of VmRSS over the
command's whole process tree, sampled from /proc every 50 ms (bench/common.py). Results go to
the JSON file and to a block of BENCHMARKS.md between `<!-- bench:build:start -->` and
`<!-- bench:build:end -->` (rewritten after each size, so a crash still leaves numbers).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import filecmp
import gzip
import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import yaml

from bench import corpus
from site_builder.model import Story, load

from . import common
from .common import (BIN, REPO, TreeSampler, cores, dir_bytes, end_leftovers, free_port, kb, kill_group, log, med,
                     mib, replace_section, secs)

DEFAULT_SIZES = (1000, 5000, 10000)
TOOLS = ("ours", "plain", "plainsearch", "blog", "hugo")
LABEL = {
    "ours": "ours (`site-builder build`)",
    "plain": "mkdocs-material, plain pages",
    "plainsearch": "mkdocs-material, plain pages + its search plugin (its default)",
    "blog": "mkdocs-material, blog + tags plugins",
    "hugo": "Hugo",
}
SHORT = {"ours": "ours", "plain": "plain", "plainsearch": "plain+search", "blog": "blog", "hugo": "Hugo"}
HUGO = os.environ.get("HUGO", "hugo")
BUILD_TIMEOUT = 45 * 60          # s, any one build
BLOG_TIMEOUT_MIN = 20            # min, the blog plugin above 1,000 stories (default of --blog-timeout)
PREVIEW_START_TIMEOUT = 30 * 60  # s, until the preview's home page answers
PREVIEW_EDIT_TIMEOUT = 10 * 60   # s, until one edit shows up
PREVIEW_EDITS = 3
POLL_S = 0.02                    # preview: poll the story page every 20 ms
VALIDATE_RUNS = 3
GZIP_LEVEL = 6
GB = 10**9

CI_SENTENCE = "\nThis sentence was added by the build benchmark to change one story.\n"


def repeats(size: int) -> int:
    return 3 if size <= 1000 else 1


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env["NO_COLOR"] = "1"
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def site_builder() -> str:
    exe = BIN / "site-builder"
    return str(exe) if exe.exists() else (shutil.which("site-builder") or str(exe))


def slim(result: dict[str, Any]) -> dict[str, Any]:
    """A run for the JSON: the output tail only when it failed."""
    return {k: v for k, v in result.items() if k != "output" or not result.get("ok")}


def measured(cmd: list[str], work: Path, name: str, **kw: Any) -> dict[str, Any]:
    """common.measured, with the output in work/logs/NAME.log."""
    return slim(common.measured(cmd, output=work / "logs" / f"{name}.log", **kw))


# ------------------------------------------------------------------------------------------
# The corpus, read back for the other tools

def read_stories(root: Path) -> list[Story]:
    """The corpus's stories as the content model reads them (published ones, newest first)."""
    site, problems = load(root)
    errors = [p.text() for p in problems if p.severity == "error"]
    if errors:
        raise ValueError(f"the corpus does not validate: {errors[:3]}")
    return sorted(site.stories, key=lambda s: s.path.as_posix())


def story_files(root: Path) -> list[Path]:
    return sorted((root / "stories").rglob("*.md"))


def names(root: Path) -> dict[str, dict[str, str]]:
    """id -> display name of principles, departments, awards and people."""
    site, _ = load(root)
    return {"principles": {k: v.name for k, v in site.principles.items()},
            "departments": {k: v.name for k, v in site.departments.items()},
            "awards": {k: v.name for k, v in site.awards.items()},
            "people": {k: v.name for k, v in sorted(site.people.items())}}


def pick_story(root: Path) -> Path:
    """The one story every "one changed story" measurement edits: the middle file by path."""
    files = story_files(root)
    return files[len(files) // 2]


# ------------------------------------------------------------------------------------------
# The other tools' inputs

# Used when site_builder.engine_config cannot give its defaults (its API is not ours to rely on).
FALLBACK_MATERIAL = """\
theme:
  name: material
  language: en
  font: false
  features: [navigation.tabs, navigation.top, content.tooltips]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: deep orange
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: orange
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc: {permalink: true}
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tilde
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def material_config(site_name: str, site_dir: Path, plugins: list[Any], nav: list[Any]) -> str:
    """mkdocs.yml with our theme settings (without our custom_dir) and our Markdown extensions
    (without our HTML sanitizer, which is part of site-builder, not of mkdocs-material)."""
    head = {"site_name": site_name, "site_dir": str(site_dir), "docs_dir": "docs", "use_directory_urls": True}
    tail = {"plugins": plugins, "nav": nav,
            "validation": {"omitted_files": "ignore", "absolute_links": "info", "unrecognized_links": "info"}}
    try:
        from site_builder.engine import config as engine_config

        base = engine_config.defaults()
        theme = {k: v for k, v in base["theme"].items() if k != "custom_dir"}
        safe = getattr(engine_config, "SAFE_HTML", "site_builder.markdown_safety")
        extensions = [e for e in base["markdown_extensions"]
                      if (next(iter(e)) if isinstance(e, dict) else e) != safe]
        return engine_config.dump(head | {"theme": theme, "markdown_extensions": extensions} | tail)
    except Exception:  # noqa: BLE001 (fall back to a copy of the defaults as they were)
        dump = yaml.safe_dump
        return dump(head, sort_keys=False, allow_unicode=True) + FALLBACK_MATERIAL + dump(
            tail, sort_keys=False, allow_unicode=True)


def write_plain(root: Path, stories: list[Story], dest: Path, search: bool = False) -> Path:
    """Each story file as it is (front matter kept as page meta), a home page, a nav of one page;
    with `search`, Material's own search plugin, as a site gets when it lists no plugins."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(f"# Stories\n\n{len(stories)} stories as plain MkDocs pages.\n", encoding="utf-8")
    for s in stories:
        target = docs / "stories" / str(s.date.year) / f"{s.slug}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / s.path, target)
    config = dest / "mkdocs.yml"
    config.write_text(material_config(f"Plain pages ({len(stories)} stories)", dest / "site",
                                      ["search"] if search else [], [{"Home": "index.md"}]), encoding="utf-8")
    return config


def first_paragraph_split(body: str) -> tuple[str, str]:
    parts = body.strip("\n").split("\n\n", 1)
    return parts[0], (parts[1] if len(parts) > 1 else "")


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_blog(root: Path, stories: list[Story], dest: Path) -> Path:
    """Each story as a blog post: date, categories = its principles, tags = its tags; an excerpt
    separator after the first paragraph (without it, every index page shows whole posts)."""
    label = names(root)
    docs = dest / "docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text(f"# Stories\n\n{len(stories)} stories as blog posts.\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    for s in stories:
        first, rest = first_paragraph_split(s.body)
        front = ["---", f"date: {s.date.isoformat()}", f"slug: {s.slug}", "categories:"]
        front += [f"  - {q(label['principles'].get(p, p))}" for p in s.principles]
        front += ["tags:"] + [f"  - {q(t)}" for t in s.tags] + ["---", ""]
        text = "\n".join(front) + f"# {s.title}\n\n{first}\n\n<!-- more -->\n\n{rest}"
        (posts / f"{s.slug}.md").write_text(text, encoding="utf-8")
    config = dest / "mkdocs.yml"
    config.write_text(material_config(f"Blog ({len(stories)} stories)", dest / "site", ["blog", "tags"],
                                      [{"Home": "index.md"}, {"Blog": ["blog/index.md"]}, {"Tags": "tags.md"}]),
                      encoding="utf-8")
    return config


HUGO_CONFIG = """\
baseURL = "/"
languageCode = "en"
title = {title}
paginate = 20
[taxonomies]
  principle = "principles"
  department = "departments"
  person = "people"
  tag = "tags"
  award = "awards"
  year = "years"
[related]
  includeNewer = true
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "principles"
    weight = 100
  [[related.indices]]
    name = "tags"
    weight = 80
  [[related.indices]]
    name = "people"
    weight = 60
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "/stories/" | relURL }}">Stories</a>
{{ range $name, $_ := .Site.Taxonomies }}<a href="{{ printf "/%s/" $name | relURL }}">{{ $name | humanize }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
""",
    "partials/card.html": """\
<article class="card"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta">{{ .Date.Format "2 January 2006" }} · {{ .Params.kind }}</p>
<p>{{ .Params.summary }}</p></article>
""",
    "partials/pager.html": """\
{{ $pager := .Paginate (where .Pages "Kind" "page") }}
{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta">{{ .Date.Format "2 January 2006" }} · {{ .Params.kind }}</p>
{{ range $tax := slice "principles" "departments" "people" "tags" "awards" }}
{{ with $.GetTerms $tax }}<p class="terms">{{ $tax | humanize }}: {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>{{ end }}
{{ end }}
{{ .Content }}
{{ with first 3 (.Site.RegularPages.Related .) }}<h2>Related stories</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>{{ partial "pager.html" . }}{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>{{ partial "pager.html" . }}{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ $pager := .Paginate (where .Site.RegularPages "Section" "stories") }}
{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
}

HUGO_CSS = """\
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 0 auto; padding: 1rem; line-height: 1.5; }
header, footer { display: flex; gap: 1rem; padding: .5rem 0; border-bottom: 1px solid #ddd; }
nav a { margin-right: .75rem; }
.card { border-bottom: 1px solid #eee; padding: .5rem 0; }
.meta, .terms { color: #555; font-size: .9rem; }
.pagination { display: flex; gap: .5rem; list-style: none; padding: 0; }
"""


def write_hugo(root: Path, stories: list[Story], dest: Path) -> Path:
    """A Hugo site: each story under content/stories/ with the taxonomies principles,
    departments, people, tags, awards and years (display names, as our pages show them)."""
    label = names(root)
    (dest / "content" / "stories").mkdir(parents=True)
    (dest / "static").mkdir()
    (dest / "config.toml").write_text(HUGO_CONFIG.format(title=q(f"Hugo ({len(stories)} stories)")), encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = dest / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (dest / "static" / "style.css").write_text(HUGO_CSS, encoding="utf-8")
    (dest / "content" / "stories" / "_index.md").write_text("---\ntitle: Stories\n---\n", encoding="utf-8")

    def terms(key: str, values: list[str]) -> str:
        return f"{key}: [{', '.join(q(label.get(key, {}).get(v, v)) for v in values)}]"

    for s in stories:
        awards = [grant.award for grant in s.awards]
        front = ["---", f"title: {q(s.title)}", f"date: {s.date.isoformat()}", f"slug: {s.slug}",
                 f"summary: {q(s.summary)}", f"kind: {s.kind}", terms("principles", s.principles),
                 terms("departments", s.departments), terms("people", s.people),
                 f"tags: [{', '.join(q(t) for t in s.tags)}]", terms("awards", awards),
                 f"years: [\"{s.date.year}\"]", "---", ""]
        (dest / "content" / "stories" / f"{s.slug}.md").write_text("\n".join(front) + s.body, encoding="utf-8")
    return dest


# ------------------------------------------------------------------------------------------
# Output: size, page weight, byte-for-byte comparison

class Refs(html.parser.HTMLParser):
    """The stylesheets (`<link rel=stylesheet href>`) and scripts (`<script src>`) of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and a.get("href"):
            self.refs.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.refs.append(("js", a["src"]))


def is_search_index(path: str) -> bool:
    """Files that load only when someone searches (Pagefind's index, Material's lunr index)."""
    return re.search(r"/pagefind(-\d+)?/", path) is not None or path.endswith(("/facets.json", "/search_index.json")) \
        or "/search/" in path


def gz6(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def page_weight(site: Path, page: Path) -> dict[str, Any]:
    """gzip -6 of the page's HTML plus every stylesheet and script it references."""
    data = page.read_bytes()
    parser = Refs()
    parser.feed(data.decode("utf-8", errors="replace"))
    rel = page.relative_to(site).as_posix()
    base = "http://site.invalid/" + rel
    files = [{"path": rel, "kind": "html", "raw": len(data), "gzip": gz6(data)}]
    skipped, missing, seen = [], [], {rel}
    for kind, ref in parser.refs:
        url = urljoin(base, ref)
        parsed = urlparse(url)
        if parsed.netloc != "site.invalid":
            skipped.append(f"{ref} (another host)")
            continue
        path = unquote(parsed.path)
        if is_search_index(path):
            skipped.append(f"{ref} (search index)")
            continue
        target = site / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        key = target.relative_to(site).as_posix() if target.is_relative_to(site) else str(target)
        if key in seen:
            continue
        seen.add(key)
        if not target.is_file():
            missing.append(ref)
            continue
        body = target.read_bytes()
        files.append({"path": key, "kind": kind, "raw": len(body), "gzip": gz6(body)})
    return {"page": rel, "gzip": sum(f["gzip"] for f in files), "raw": sum(f["raw"] for f in files),
            "html_gzip": files[0]["gzip"], "files": files, "skipped": skipped, "missing": missing}


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def largest_html(site: Path) -> dict[str, Any]:
    """The largest HTML page compressed (gzip -6), with the next four in `next`."""
    sizes = []
    for page in html_pages(site):
        data = page.read_bytes()
        sizes.append({"gzip": gz6(data), "raw": len(data), "path": page.relative_to(site).as_posix()})
    sizes.sort(key=lambda x: (-x["gzip"], x["path"]))
    return sizes[0] | {"next": sizes[1:5]} if sizes else {}


def story_pages(site: Path, slugs: list[str]) -> dict[str, Path]:
    """slug -> the built page of that story (a folder named after the slug, under a stories or
    blog folder when there are several)."""
    by_dir: dict[str, list[Path]] = {}
    for page in site.rglob("index.html"):
        by_dir.setdefault(page.parent.name, []).append(page)
    out = {}
    for slug in slugs:
        found = by_dir.get(slug, [])
        if found:
            found.sort(key=lambda p: (not any(x in p.parts for x in ("stories", "blog", "posts")), len(p.parts)))
            out[slug] = found[0]
    return out


def typical_story(site: Path, slugs: list[str]) -> str | None:
    """The story whose page has the median HTML size: a typical story page."""
    pages = story_pages(site, slugs)
    if not pages:
        return None
    ordered = sorted(pages, key=lambda s: (pages[s].stat().st_size, s))
    return ordered[len(ordered) // 2]


def output_stats(site: Path, slugs: list[str], typical: str | None) -> dict[str, Any]:
    size, count = dir_bytes(site)
    out: dict[str, Any] = {"bytes": size, "files": count, "html_pages": len(html_pages(site)),
                           "largest_html": largest_html(site)}
    if typical:
        page = story_pages(site, [typical]).get(typical)
        if page:
            out["story_page"] = page_weight(site, page)
    return out


def tree_entries(top: Path) -> dict[str, str]:
    """Every entry under `top`: relative path -> 'dir', 'file' or 'link:<target>'."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(top).as_posix()
            if path.is_symlink():
                out[rel] = f"link:{os.readlink(path)}"
            elif path.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = "file"
    return out


def compare_trees(a: Path, b: Path) -> dict[str, Any]:
    """Byte-for-byte comparison of two folders (every file, folder and link; nothing ignored)."""
    ea, eb = tree_entries(a), tree_entries(b)
    only_a = sorted(set(ea) - set(eb))
    only_b = sorted(set(eb) - set(ea))
    differ = []
    for rel in sorted(set(ea) & set(eb)):
        if ea[rel] != eb[rel]:
            differ.append(rel)
        elif ea[rel] == "file" and not filecmp.cmp(a / rel, b / rel, shallow=False):
            differ.append(rel)
    return {"identical": not (only_a or only_b or differ), "entries": len(ea), "differing": len(differ),
            "only_incremental": len(only_a), "only_clean": len(only_b),
            "examples": (differ[:5] + [f"only in the rebuilt site: {p}" for p in only_a[:3]]
                         + [f"only in the clean build: {p}" for p in only_b[:3]])}


# ------------------------------------------------------------------------------------------
# Ours

def clean_ours(root: Path) -> None:
    for name in ("site", ".site-builder"):
        shutil.rmtree(root / name, ignore_errors=True)


def fresh_checkout(root: Path, target: Path) -> Path:
    """`root` as CI has it when it builds a merge: the content checked out anew (no site, no work
    folder) and `.site-builder/cache` restored, as copies (other inodes, the same times; hard
    links among them kept, as `tar` keeps them)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("site", ".site-builder"))
    (target / ".site-builder").mkdir()
    subprocess.run(["cp", "-a", str(root / ".site-builder" / "cache"), str(target / ".site-builder")], check=True)
    return target


def build_ours(root: Path, work: Path, name: str) -> dict[str, Any]:
    return measured([site_builder(), "build", "--root", str(root)], work, name, timeout=BUILD_TIMEOUT)


class Http:
    """GET on loopback, without any proxy from the environment."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(self, url: str, timeout: float = 30) -> tuple[int | None, bytes]:
        try:
            with self.opener.open(url, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""
        except (OSError, ValueError):
            return None, b""


def preview(root: Path, story: Path, url_path: str, work: Path) -> dict[str, Any]:
    """Start `site-builder serve`, wait for the home page, then edit the story 3 times and time
    each edit until the served page shows it; stop the server with SIGTERM."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {"port": port, "url": url_path, "edits": []}
    http = Http()
    log_path = work / "logs" / "serve.log"
    with log_path.open("wb") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen([site_builder(), "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
                                stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        sampler = TreeSampler(proc.pid).start()
        try:
            deadline = started + PREVIEW_START_TIMEOUT
            while True:
                code, _ = http.get(base + "/", timeout=60)
                if code == 200:
                    out["start_seconds"] = time.perf_counter() - started
                    break
                if proc.poll() is not None:
                    out["error"] = f"the preview exited (code {proc.returncode}) before its home page answered"
                    return out
                if time.perf_counter() > deadline:
                    out["error"] = f"the home page did not answer within {PREVIEW_START_TIMEOUT // 60} min"
                    return out
                time.sleep(0.2)
            code, body = http.get(base + url_path, timeout=120)
            out["story_status"] = code
            if code != 200:
                out["error"] = f"the story page {url_path} answered {code}"
                return out
            time.sleep(1.0)  # let the server settle after its first build
            for i in range(PREVIEW_EDITS):
                marker = f"benchmark{os.getpid()}x{int(time.time() * 1000)}x{i}"
                with story.open("a", encoding="utf-8") as f:
                    f.write(f"\nPreview marker {marker} added by the build benchmark.\n")
                saved = time.perf_counter()
                polls, seconds = 0, None
                while time.perf_counter() - saved < PREVIEW_EDIT_TIMEOUT:
                    code, body = http.get(base + url_path, timeout=PREVIEW_EDIT_TIMEOUT)
                    polls += 1
                    if code == 200 and marker.encode() in body:
                        seconds = time.perf_counter() - saved
                        break
                    if proc.poll() is not None:
                        break
                    time.sleep(POLL_S)
                edit: dict[str, Any] = {"marker": marker, "polls": polls}
                if seconds is None:
                    edit["timeout" if proc.poll() is None else "server_exited"] = True
                    out["edits"].append(edit)
                    break
                edit["seconds"] = seconds
                out["edits"].append(edit)
                time.sleep(1.0)  # the next edit starts from an idle server
        finally:
            out["peak_rss"] = sampler.peak
            out["peak_processes"] = sampler.peak_processes
            out["stop"] = stop_server(proc, sampler)
    if proc.returncode not in (0, -signal.SIGTERM):
        out["log_tail"] = log_path.read_bytes()[-2000:].decode(errors="replace")
    return out


def stop_server(proc: subprocess.Popen[bytes], sampler: TreeSampler) -> dict[str, Any]:
    """SIGTERM, wait up to 30 s; whatever is left of its process group is killed and counted."""
    stop: dict[str, Any] = {}
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        t = time.perf_counter()
        try:
            proc.wait(timeout=30)
            stop["seconds"] = time.perf_counter() - t
        except subprocess.TimeoutExpired:
            stop["killed"] = True
            kill_group(proc.pid)
            proc.wait()
    else:
        stop["already_exited"] = True
    sampler.stop()
    time.sleep(0.2)
    stop["leftover_processes"] = end_leftovers(proc.pid, sampler.seen)
    stop["code"] = proc.returncode
    stop["clean"] = (not stop.get("killed") and not stop.get("already_exited") and not stop["leftover_processes"]
                     and proc.returncode in (0, -signal.SIGTERM))
    return stop


def bench_ours(root: Path, work: Path, size: int, slugs: list[str], reps: int, res: dict[str, Any]) -> None:
    ours: dict[str, Any] = {"validate": [], "full": []}
    res["ours"] = ours
    for i in range(VALIDATE_RUNS):
        ours["validate"].append(measured([site_builder(), "validate", "--root", str(root)], work, f"validate-{i}",
                                         timeout=BUILD_TIMEOUT))
    log(f"{size}: validate {secs(med(seconds(ours['validate'])))} (median of {VALIDATE_RUNS})")
    for i in range(reps):
        clean_ours(root)
        run = build_ours(root, work, f"ours-full-{i}")
        ours["full"].append(run)
        log(f"{size}: ours full build {i + 1}/{reps}: {status(run)}, peak {mib(run.get('peak_rss'))}")
        if not run["ok"]:
            return
    typical = typical_story(root / "site", slugs)
    res["typical_story"] = typical
    ours["output"] = output_stats(root / "site", slugs, typical)
    log(f"{size}: ours output {kb(ours['output']['bytes'])} in {ours['output']['files']:,} files; story page "
        f"{kb(ours['output'].get('story_page', {}).get('gzip'))}")

    story = pick_story(root)
    res["changed_story"] = story.relative_to(root).as_posix()
    original = story.read_bytes()
    changed_slug = next(s.slug for s in read_stories(root) if root / s.path == story)
    page = story_pages(root / "site", [changed_slug]).get(changed_slug)
    url_path = ("/" + page.parent.relative_to(root / "site").as_posix() + "/") if page else f"/stories/{changed_slug}/"
    try:
        # CI: one story changed since the last build; the work folder is kept.
        with story.open("a", encoding="utf-8") as f:
            f.write(CI_SENTENCE)
        ci: dict[str, Any] = {"rebuild": build_ours(root, work, "ours-ci-rebuild")}
        ours["ci"] = ci
        log(f"{size}: CI rebuild after one change: {status(ci['rebuild'])}")
        if ci["rebuild"]["ok"]:
            rebuilt = work / "ci-rebuilt-site"
            shutil.move(str(root / "site"), rebuilt)
            shutil.rmtree(root / ".site-builder", ignore_errors=True)
            ci["clean"] = build_ours(root, work, "ours-ci-clean")
            if ci["clean"]["ok"]:
                ci["compare"] = compare_trees(rebuilt, root / "site")
                log(f"{size}: CI rebuild identical to a clean build: {'yes' if ci['compare']['identical'] else 'NO'}"
                    f" ({ci['compare']['differing']} files differ)")
            shutil.rmtree(rebuilt, ignore_errors=True)
        ours["preview"] = preview(root, story, url_path, work)
        edits = [e["seconds"] for e in ours["preview"]["edits"] if "seconds" in e]
        log(f"{size}: preview started in {secs(ours['preview'].get('start_seconds'))}; edits "
            f"{', '.join(f'{x:.2f} s' for x in edits) or 'none'}"
            f"{'; ' + ours['preview']['error'] if 'error' in ours['preview'] else ''}")
    finally:
        story.write_bytes(original)


# ------------------------------------------------------------------------------------------
# The others

def bench_other(tool: str, root: Path, stories: list[Story], work: Path, size: int, reps: int, slugs: list[str],
                typical: str | None, blog_timeout: float, res: dict[str, Any]) -> None:
    dest = work / tool
    entry: dict[str, Any] = {"full": []}
    res[tool] = entry
    started = time.perf_counter()
    if tool in ("plain", "plainsearch"):
        config = write_plain(root, stories, dest, search=tool == "plainsearch")
    elif tool == "blog":
        config = write_blog(root, stories, dest)
    else:
        config = write_hugo(root, stories, dest)
    entry["convert_seconds"] = time.perf_counter() - started
    timeout = float(BUILD_TIMEOUT)
    if tool == "blog" and size > 1000:
        timeout = blog_timeout
        entry["timeout_limit"] = blog_timeout
    for i in range(reps):
        if tool == "hugo":
            for leftover in ("public", "resources", ".hugo_build.lock"):
                p = dest / leftover
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            env = dict(os.environ, HUGO_CACHEDIR=str(work / "hugo-cache"))
            cmd = [HUGO, "--quiet", "--source", str(dest)]
        else:
            shutil.rmtree(dest / "site", ignore_errors=True)
            env = mkdocs_env()
            cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(config)]
        run = measured(cmd, work, f"{tool}-{i}", timeout=timeout, env=env, cwd=dest)
        entry["full"].append(run)
        log(f"{size}: {tool} build {i + 1}/{reps}: {status(run)}, peak {mib(run.get('peak_rss'))}")
        if not run["ok"]:
            return
    site = dest / ("public" if tool == "hugo" else "site")
    # Without our build, the typical story is chosen in this tool's own site.
    entry["output"] = output_stats(site, slugs, typical or typical_story(site, slugs))


def limit_text(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"


def status(run: dict[str, Any]) -> str:
    if run.get("timeout"):
        return f"did not finish within {limit_text(run['seconds'])}"
    return secs(run["seconds"]) if run["ok"] else f"FAILED (exit {run['code']}) after {secs(run['seconds'])}"


def seconds(runs: list[dict[str, Any]]) -> list[float]:
    return [r["seconds"] for r in runs if r.get("ok")]


def bench_size(size: int, tools: tuple[str, ...], reps: int, blog_timeout: float, keep: bool,
               work_parent: Path | None) -> dict[str, Any]:
    def measure(work: Path, root: Path, manifest: corpus.Manifest, res: dict[str, Any]) -> None:
        res["repeats"] = reps
        (work / "logs").mkdir()
        stories = read_stories(root)
        slugs = [s.slug for s in stories]
        phases: list[tuple[str, Any]] = []
        if "ours" in tools:
            phases.append(("ours", lambda: bench_ours(root, work, size, slugs, reps, res)))
        for tool in ("plain", "plainsearch", "blog", "hugo"):
            if tool in tools:
                phases.append((tool, lambda t=tool: bench_other(t, root, stories, work, size, reps, slugs,
                                                                res.get("typical_story"), blog_timeout, res)))
        for name, phase in phases:
            try:
                phase()
            except Exception as exc:  # noqa: BLE001 (record it and go on with the next tool)
                res["errors"].append(f"{name}: {type(exc).__name__}: {exc}")
                log(f"{size}: {name} CRASHED: {type(exc).__name__}: {exc}")

    return common.each_size(size, "sb-build-bench", keep, work_parent, measure)


def machine() -> dict[str, str]:
    hugo = "not found"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        text = subprocess.run([HUGO, "version"], capture_output=True, text=True, timeout=30).stdout.strip()
        hugo = text.split()[1] if text.startswith("hugo ") and len(text.split()) > 1 else text or hugo
    return common.machine(("mkdocs", "mkdocs-material", "pagefind"), {"hugo": hugo})


def full_runs(r: dict[str, Any], tool: str) -> list[dict[str, Any]]:
    return (r.get(tool) or {}).get("full", [])


def full_time(r: dict[str, Any], tool: str) -> float | None:
    """Median wall time of the full builds, when every run finished."""
    runs = full_runs(r, tool)
    if not runs or not all(x.get("ok") for x in runs):
        return None
    return med(seconds(runs))


def full_peak(r: dict[str, Any], tool: str) -> float | None:
    runs = full_runs(r, tool)
    if not runs or not all(x.get("ok") for x in runs):
        return None
    return med([x["peak_rss"] for x in runs])


def timed_out(r: dict[str, Any], tool: str) -> dict[str, Any] | None:
    return next((x for x in full_runs(r, tool) if x.get("timeout")), None)


def failed(r: dict[str, Any], tool: str) -> dict[str, Any] | None:
    return next((x for x in full_runs(r, tool) if not x.get("ok") and not x.get("timeout")), None)


def time_cell(r: dict[str, Any], tool: str) -> str:
    runs = full_runs(r, tool)
    if not runs:
        crash = next((e for e in r.get("errors", []) if e.startswith(tool + ":")), None)
        return "crashed" if crash else "not run"
    if (t := timed_out(r, tool)):
        return f"did not finish within {limit_text(t['seconds'])}"
    if (f := failed(r, tool)):
        return f"failed (exit {f['code']})"
    values = seconds(runs)
    text = secs(med(values))
    return text + (f" ({min(values):,.1f}–{max(values):,.1f} s)" if len(values) > 1 else "")


def mem_cell(r: dict[str, Any], tool: str) -> str:
    runs = full_runs(r, tool)
    if not runs:
        return "not run"
    if (t := timed_out(r, tool)):
        return f"≥ {mib(t['peak_rss'])} (did not finish)"
    if failed(r, tool):
        return "failed"
    return mib(med([x["peak_rss"] for x in runs]))


def ratio_cell(r: dict[str, Any], num: str, den: str, key: str) -> str:
    """`num / den` of the median full build (time or peak memory)."""
    get = full_time if key == "time" else full_peak
    a = get(r, num)
    if a is None:
        return "n/a"
    b = get(r, den)
    if b:
        return f"{ratio(a / b)}×"
    t = timed_out(r, den)
    if t:  # the other tool took at least this long / this much
        bound = t["seconds"] if key == "time" else t["peak_rss"]
        return f"≤ {ratio(a / bound)}× ({SHORT[den]} did not finish)" if bound else "n/a"
    return "n/a"


def ratio(x: float) -> str:
    return f"{x:.2f}" if x >= 0.1 else f"{x:.2g}"


def ours(r: dict[str, Any]) -> dict[str, Any]:
    return r.get("ours") or {}


def validate_time(r: dict[str, Any]) -> float | None:
    runs = ours(r).get("validate", [])
    return med(seconds(runs)) if runs and all(x.get("ok") for x in runs) else None


def ci(r: dict[str, Any]) -> dict[str, Any]:
    return ours(r).get("ci") or {}


def ci_time(r: dict[str, Any]) -> float | None:
    run = ci(r).get("rebuild")
    return run["seconds"] if run and run.get("ok") else None


def ci_identical(r: dict[str, Any]) -> bool | None:
    compare = ci(r).get("compare")
    return None if compare is None else bool(compare["identical"])


def preview_edits(r: dict[str, Any]) -> list[float]:
    return [e["seconds"] for e in (ours(r).get("preview") or {}).get("edits", []) if "seconds" in e]


def preview_time(r: dict[str, Any]) -> float | None:
    p = ours(r).get("preview") or {}
    edits = p.get("edits", [])
    if not edits or any("seconds" not in e for e in edits):
        return None
    return med(preview_edits(r))


def story_weight(r: dict[str, Any], tool: str) -> int | None:
    return (((r.get(tool) or {}).get("output") or {}).get("story_page") or {}).get("gzip")


TARGET_RULES = "1 GB = 10^9 bytes; 1 KB = 1,024 bytes; \"ours\" is `site-builder build`"


def targets(results: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(target, measured, result) rows; result is computed from the numbers, never written in.

    When our own command failed or timed out, the target is failed; when a baseline (plain,
    blog) is missing or the size was not part of the run, it is "not measured"."""
    by = {r["size"]: r for r in results}
    rows: list[tuple[str, str, str]] = []
    PASS, FAIL, NONE = "**pass**", "**FAIL**", "not measured"

    def add(name: str, size: int | None, fn: Any) -> None:
        if size is not None and size not in by:
            rows.append((name, f"not measured (no {size:,}-story run)", NONE))
        else:
            rows.append((name, *fn(by.get(size) if size is not None else None)))

    def verdict(ok: bool) -> str:
        return PASS if ok else FAIL

    def ours_full_broke(r: dict[str, Any]) -> bool:
        return any(not x.get("ok") for x in full_runs(r, "ours"))

    def vs_plain(r: dict[str, Any]) -> tuple[str, str]:
        a, b = full_time(r, "ours"), full_time(r, "plain")
        if a is not None and b is not None:
            return f"{a / b:.2f}× ({secs(a)} vs {secs(b)})", verdict(a / b <= 0.7)
        text = f"ours {time_cell(r, 'ours')}, plain {time_cell(r, 'plain')}"
        return text, FAIL if ours_full_broke(r) else NONE

    def vs_blog(r: dict[str, Any]) -> tuple[str, str]:
        a, b, t = full_time(r, "ours"), full_time(r, "blog"), timed_out(r, "blog")
        if a is not None and b is not None:
            return f"{b / a:.1f}× faster ({secs(a)} vs {secs(b)})", verdict(b / a >= 4)
        if a is not None and t is not None:  # the blog took at least its time limit
            lower = t["seconds"] / a
            return (f"≥ {lower:.1f}× faster (blog did not finish within {limit_text(t['seconds'])})",
                    PASS if lower >= 4 else NONE)
        text = f"ours {time_cell(r, 'ours')}, blog {time_cell(r, 'blog')}"
        return text, FAIL if ours_full_broke(r) else NONE

    def time_10k(r: dict[str, Any]) -> tuple[str, str]:
        a = full_time(r, "ours")
        if a is not None:
            return time_cell(r, "ours"), verdict(a < 90)
        return time_cell(r, "ours"), FAIL if ours_full_broke(r) else NONE

    def memory_10k(r: dict[str, Any]) -> tuple[str, str]:
        m = full_peak(r, "ours")
        if m is not None:
            return f"{mib(m)} ({m / GB:.2f} GB)", verdict(m < GB)
        runs = full_runs(r, "ours")
        if runs and ours_full_broke(r):
            peak = max(x.get("peak_rss", 0) for x in runs)
            return f"{time_cell(r, 'ours')}; peak until then {mib(peak)}", FAIL
        return "not measured", NONE

    def preview_1k(r: dict[str, Any]) -> tuple[str, str]:
        p, info = preview_time(r), ours(r).get("preview")
        if p is not None:
            return preview_cell(r), verdict(p < 1)
        return preview_cell(r), FAIL if info else NONE  # started, but an edit never showed (or no start)

    def ci_1k(r: dict[str, Any]) -> tuple[str, str]:
        run, t1, same = ci(r).get("rebuild"), ci_time(r), ci_identical(r)
        text = f"{ci_cell(r)}; identical: {identical_text(same)}"
        if run and not run.get("ok") or same is False or (t1 is not None and t1 >= 5):
            return text, FAIL
        if t1 is None or same is None:
            return text, NONE
        return text, PASS

    def validate_10k(r: dict[str, Any]) -> tuple[str, str]:
        v, runs = validate_time(r), ours(r).get("validate", [])
        if v is not None:
            return secs(v), verdict(v < 3)
        if runs:
            bad = next(x for x in runs if not x.get("ok"))
            return status(bad), FAIL
        return "not measured", NONE

    def page_weight_all(_: Any) -> tuple[str, str]:
        weights = [(r["size"], story_weight(r, "ours")) for r in results]
        known = [(size, w) for size, w in weights if w is not None]
        if not known:
            return "not measured", NONE
        worst = max(known, key=lambda sw: sw[1])
        text = f"largest {kb(worst[1])} (at {worst[0]:,})"
        if len(known) < len(weights):
            text += f"; not measured at {', '.join(f'{size:,}' for size, w in weights if w is None)}"
        return text, verdict(all(w < 150 * 1024 for _, w in known))

    add("Full build of 1,000 stories ≤ 0.7× mkdocs-material plain pages", 1000, vs_plain)
    add("Full build of 1,000 stories ≥ 4× faster than the blog plugin", 1000, vs_blog)
    add("Full build of 10,000 stories < 90 s", 10000, time_10k)
    add("Full build of 10,000 stories < 1 GB peak memory (whole process tree)", 10000, memory_10k)
    add("Preview: one changed story on screen in < 1 s at 1,000 stories", 1000, preview_1k)
    add("CI rebuild after one changed story < 5 s at 1,000 stories, output identical to a clean build", 1000, ci_1k)
    add("Validation of 10,000 stories < 3 s", 10000, validate_10k)
    add("Story page < 150 KB compressed (HTML + CSS + JS, gzip -6), at every size", None, page_weight_all)
    return rows


def identical_text(same: bool | None) -> str:
    return "n/a" if same is None else ("yes" if same else "no")


def ci_cell(r: dict[str, Any]) -> str:
    run = ci(r).get("rebuild")
    if not run:
        return "not run"
    return status(run) if not run.get("ok") else secs(run["seconds"])


def preview_cell(r: dict[str, Any]) -> str:
    p = ours(r).get("preview")
    if not p:
        return "not run"
    if "error" in p and not p.get("edits"):
        return f"not measured: {p['error']}"
    values = preview_edits(r)
    edits = p.get("edits", [])
    bad = [e for e in edits if "seconds" not in e]
    if bad:
        why = "did not show" if bad[0].get("timeout") else "server exited"
        note = f"edit {len(values) + 1}: {why} within {PREVIEW_EDIT_TIMEOUT // 60} min"
        return (f"{secs(med(values))} median of {len(values)}; " if values else "") + note
    text = f"{med(values):.2f} s"
    return text + (f" ({min(values):.2f}–{max(values):.2f} s)" if len(values) > 1 else "")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def report(results: list[dict[str, Any]], info: dict[str, str], command: str, started: dt.datetime,
           elapsed: float | None, sizes: list[int], tools: tuple[str, ...], blog_timeout: float) -> str:
    done = [r["size"] for r in results]
    repeat_text = ", ".join(f"{r['size']:,}: {r['repeats']}" for r in results)
    cols = [f"{r['size']:,}" for r in results]
    L: list[str] = [
        "# Benchmarks: fast at any archive size (build time, memory, rebuilds)",
        "",
        "Build time and memory of `site-builder` against mkdocs-material (plain pages, and its blog "
        "plugin) and Hugo on the same generated stories, measured side by side in one run; plus our "
        "validation, a CI rebuild after one changed story, the live preview, and page weight.",
        "",
        "Reproduce:",
        "",
        "```sh",
        "make bench-build        # or: make bench (search and build benchmarks)",
        f"# which runs: {command}",
        "```",
        "",
        "The numbers below were written by that command; nothing in them was edited by hand.",
        "",
        "## Machine and run (build benchmark)",
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}"
        + (f"; total run time {elapsed / 60:.1f} min" if elapsed is not None else "; **run in progress**"
           f" (sizes done: {', '.join(f'{s:,}' for s in done) or 'none'} of {', '.join(f'{s:,}' for s in sizes)})"),
        f"- Code: {info['source']}",
        f"- CPU: {info['cpu']}, {info['nproc']} cores (nproc); memory {info['memory']}",
        f"- {info.get('os_release', info['os'])}; Python {info['python']}",
        f"- {info['packages']}",
        "- Full builds: median of 3 runs at up to 1,000 stories, 1 run above "
        f"({repeat_text}); validation: median of "
        f"{VALIDATE_RUNS} at every size; preview: median of {PREVIEW_EDITS} edits. The blog plugin runs with a "
        f"{blog_timeout / 60:.0f}-minute limit above 1,000 stories.",
    ]
    load = other_load(results)
    if load:
        L.append(f"- CPU used by other processes on the machine while we measured: up to {cores(load[0])} "
                 f"({load[1]}); median {cores(load[2])}.")
    if len(tools) < len(TOOLS):
        L.append(f"- Tools measured in this run: {', '.join(SHORT[t] for t in tools)}.")
    for r in results:
        for e in r.get("errors", []):
            L.append(f"- {r['size']:,} stories: error: `{e[:200]}`")
    L += ["", "## Targets", "", f"Computed from the measurements below ({TARGET_RULES}).", ""]
    L += table(["target", "measured", "result"], [list(t) for t in targets(results)])

    present = [t for t in TOOLS if t in tools]
    L += ["", "## Full build: wall time", "",
          "Ours: `site/` and `.site-builder/` removed first. Others: their output removed first.", ""]
    L += table(["tool", *cols], [[LABEL[t]] + [time_cell(r, t) for r in results] for t in present])
    cpu_row = []
    for r in results:
        runs = [x for x in full_runs(r, "ours") if x.get("ok")]
        cpu_row.append(f"{med([x['cpu_seconds'] for x in runs]):,.1f} s "
                       f"({med([x['cpu_seconds'] / x['seconds'] for x in runs]):.2f} cores busy)" if runs else "n/a")
    L += ["", "CPU time (user + system) of our whole build process tree, and the cores it kept busy on average:", ""]
    L += table(["", *cols], [["ours", *cpu_row]])

    L += ["", "## Full build: peak memory of the whole process tree", ""]
    L += table(["tool", *cols], [[LABEL[t]] + [mem_cell(r, t) for r in results] for t in present])

    L += ["", "## Ratios (ours / other; below 1 means ours is faster or smaller)", ""]
    rows = []
    for key, what in (("time", "time"), ("memory", "peak memory")):
        for other in ("plain", "plainsearch", "blog", "hugo"):
            if "ours" in tools and other in tools:
                rows.append([f"{what}: ours / {SHORT[other]}"] + [ratio_cell(r, "ours", other, key) for r in results])
    L += table(["ratio", *cols], rows)

    if "ours" in tools:
        L += ["", "## Ours: validation, CI rebuild, live preview", ""]
        rows = [
            ["`site-builder validate` (median of 3)"]
            + [secs(validate_time(r)) if validate_time(r) is not None else "n/a" for r in results],
            ["full build: peak memory without Pagefind's processes (the search index builder)"]
            + [mib(med([x["peak_rss_without_search"] for x in full_runs(r, "ours") if "peak_rss_without_search" in x])
                   if any("peak_rss_without_search" in x for x in full_runs(r, "ours")) else None)
               for r in results],
            ["validate: peak memory"] + [mib(med([x["peak_rss"] for x in ours(r).get("validate", [])]))
                                         if ours(r).get("validate") else "n/a" for r in results],
            ["CI rebuild after one changed story (`build`, `.site-builder/` kept)"] + [ci_cell(r) for r in results],
            ["CI rebuild: peak memory"] + [mib((ci(r).get("rebuild") or {}).get("peak_rss")) for r in results],
            ["CI rebuild output identical to a clean build of the same content"]
            + [ci_identical_cell(r) for r in results],
            ["clean build of the same changed content"] + [
                status(ci(r)["clean"]) if ci(r).get("clean") else "n/a" for r in results],
            ["preview: start until the home page answers"]
            + [secs((ours(r).get("preview") or {}).get("start_seconds")) for r in results],
            ["**preview: saved story to changed page served** (median of 3)"] + [preview_cell(r) for r in results],
            ["preview: peak memory (start and edits)"]
            + [mib((ours(r).get("preview") or {}).get("peak_rss")) for r in results],
            ["preview stopped cleanly by SIGTERM"] + [stop_cell(r) for r in results],
        ]
        L += table(["", *cols], rows)
        changed = [r.get("changed_story") for r in results if r.get("changed_story")]
        if changed:
            L += ["", f"The changed story is the middle story file by path (e.g. `{changed[-1]}`); CI appends one "
                  "sentence, each preview edit another."]

    L += ["", "## Output", "", "Size of the built site (all files):", ""]
    L += table(["tool", *cols], [[LABEL[t]] + [output_cell(r, t) for r in results] for t in present])
    L += ["", "**Story page weight**: one typical story page (the story whose HTML is the median size in our "
          "build; the same story for every tool), gzip -6 of its HTML plus every stylesheet and script it "
          "references (no images or fonts, no search index):", ""]
    L += table(["tool", *cols], [[LABEL[t]] + [weight_cell(r, t) for r in results] for t in present])
    L += ["", "**Largest HTML page** of each site, gzip -6 (a page that grows with the archive shows up here):", ""]
    L += table(["tool", *cols], [[LABEL[t]] + [largest_cell(r, t) for r in results] for t in present])

    L += ["", "## Curve: per 1,000 stories", "",
          "Median full-build time and peak memory divided by the number of thousands of stories: flat rows mean "
          "linear growth (memory has a fixed base, so its row falls as the archive grows).", ""]
    rows = []
    for t in present:
        rows.append([f"{LABEL[t]}: time"] + [per_k(full_time(r, t), r["size"], "s") for r in results])
    if "ours" in tools:
        rows.append(["ours: validate time"] + [per_k(validate_time(r), r["size"], "s") for r in results])
    for t in present:
        rows.append([f"{LABEL[t]}: peak memory"] + [per_k(full_peak(r, t), r["size"], "MiB") for r in results])
    L += table(["per 1,000 stories", *cols], rows)
    if len(results) > 1:
        pairs = list(zip(results, results[1:]))
        L += ["", "Added time and memory per 1,000 more stories, between consecutive sizes (the slope; a linear "
              "tool keeps it constant):", ""]
        rows = []
        for t in present:
            rows.append([f"{LABEL[t]}: time"] + [slope(full_time(a, t), full_time(b, t), a, b, "s") for a, b in pairs])
        for t in present:
            rows.append([f"{LABEL[t]}: peak memory"]
                        + [slope(full_peak(a, t), full_peak(b, t), a, b, "MiB") for a, b in pairs])
        L += table(["per 1,000 more stories", *[f"{a['size']:,} → {b['size']:,}" for a, b in pairs]], rows)
    L += ["", "## Method (build benchmark)", "", method(blog_timeout)]
    return "\n".join(L).rstrip() + "\n"


def other_load(results: list[dict[str, Any]]) -> tuple[float, str, float] | None:
    seen: list[tuple[float, str]] = []
    for r in results:
        for tool in TOOLS:
            for i, x in enumerate(full_runs(r, tool)):
                if x.get("other_cores") is not None:
                    seen.append((x["other_cores"], f"{SHORT[tool]} build {i + 1} at {r['size']:,}"))
        for x in ours(r).get("validate", []):
            if x.get("other_cores") is not None:
                seen.append((x["other_cores"], f"validate at {r['size']:,}"))
    if not seen:
        return None
    top = max(seen)
    return top[0], top[1], med([s[0] for s in seen]) or 0.0


def ci_identical_cell(r: dict[str, Any]) -> str:
    compare = ci(r).get("compare")
    if compare is None:
        return "n/a"
    if compare["identical"]:
        return f"yes ({compare['entries']:,} entries compared)"
    ex = "; ".join(f"`{e}`" for e in compare["examples"][:3])
    return (f"**no**: {compare['differing']} files differ, {compare['only_incremental']} only in the rebuild, "
            f"{compare['only_clean']} only in the clean build (e.g. {ex})")


def stop_cell(r: dict[str, Any]) -> str:
    stop = (ours(r).get("preview") or {}).get("stop")
    if not stop:
        return "n/a"
    if stop["clean"]:
        return f"yes ({stop.get('seconds', 0):.1f} s)"
    bits = []
    if stop.get("killed"):
        bits.append("killed after 30 s")
    if stop.get("already_exited"):
        bits.append("had exited already")
    if stop.get("leftover_processes"):
        bits.append(f"{stop['leftover_processes']} processes left behind (killed)")
    if stop.get("code") not in (0, -signal.SIGTERM):
        bits.append(f"exit {stop.get('code')}")
    return "no: " + ", ".join(bits)


def output_cell(r: dict[str, Any], tool: str) -> str:
    out = (r.get(tool) or {}).get("output")
    if not out:
        return "n/a"
    return f"{kb(out['bytes'])} in {out['files']:,} files ({out['html_pages']:,} HTML)"


def weight_cell(r: dict[str, Any], tool: str) -> str:
    page = ((r.get(tool) or {}).get("output") or {}).get("story_page")
    if not page:
        return "n/a"
    css = sum(f["gzip"] for f in page["files"] if f["kind"] == "css")
    js = sum(f["gzip"] for f in page["files"] if f["kind"] == "js")
    text = f"**{kb(page['gzip'])}** (HTML {kb(page['html_gzip'])}, CSS {kb(css)}, JS {kb(js)}; {len(page['files'])} files)"
    if page.get("missing"):
        text += f"; {len(page['missing'])} referenced files missing"
    return text


def largest_cell(r: dict[str, Any], tool: str) -> str:
    big = ((r.get(tool) or {}).get("output") or {}).get("largest_html")
    if not big:
        return "n/a"
    return f"{kb(big['gzip'])} (`{big['path']}`, {kb(big['raw'])} raw)"


def per_k(value: float | None, size: int, unit: str) -> str:
    if value is None:
        return "n/a"
    v = value / (size / 1000)
    return f"{v:,.2f} s" if unit == "s" else f"{v / 1024 / 1024:,.0f} MiB"


def slope(va: float | None, vb: float | None, a: dict[str, Any], b: dict[str, Any], unit: str) -> str:
    if va is None or vb is None or b["size"] == a["size"]:
        return "n/a"
    v = (vb - va) / ((b["size"] - a["size"]) / 1000)
    return f"{v:,.2f} s" if unit == "s" else f"{v / 1024 / 1024:,.0f} MiB"


def method(blog_timeout: float) -> str:
    return f"""\
- **Corpus.** `python -m bench.corpus N DIR`, the same deterministic stories as the search
  benchmark (about 900 words each, 8 principles, 15 departments, 300 people, 2 awards, tags),
  generated once per size; every tool gets the same stories.
- **Ours.** Only through the CLI: `site-builder validate --root DIR` and `site-builder build
  --root DIR` (validation, staging, MkDocs, Pagefind), with `DIR/site` and `DIR/.site-builder`
  removed before each full build. The site statistics come from the last full build.
- **CI rebuild.** After the full builds, one sentence is appended to one story (the middle
  story file by path) and `site-builder build` runs again with `DIR/.site-builder` kept. Its
  `site/` is then moved aside, `.site-builder/` removed, and a clean build of the same content
  made; the two trees are compared byte for byte: every file, folder and link, nothing ignored.
- **Preview.** `site-builder serve --root DIR --dev-addr 127.0.0.1:PORT`. Once the home page
  answers and the story's page has been fetched, a unique marker sentence is appended to the
  story file {PREVIEW_EDITS} times; each time the clock runs from the moment the file is written until an
  HTTP GET of the story page (repeated every {POLL_S * 1000:.0f} ms) returns HTML containing the marker
  (at most {PREVIEW_EDIT_TIMEOUT // 60} min). 1 s pause between edits. The server is stopped with SIGTERM
  (killed after 30 s). The story file is restored afterwards.
- **mkdocs-material, plain pages.** Each story file copied as it is (front matter kept as page
  meta) to `docs/stories/YEAR/SLUG.md`, a home page, `theme: material` with our theme settings
  (no `custom_dir`) and our `markdown_extensions` (without our HTML sanitizer, which is part of
  site-builder), `plugins: []` (no search), and a `nav` with only the home page.
  `python -m mkdocs build --clean --quiet`.
- **mkdocs-material blog.** Each story as `docs/blog/posts/SLUG.md` with `date`, `slug`,
  `categories` (its principles' names) and `tags` (its tags), its title as `#` heading and the
  excerpt separator `<!-- more -->` after the first paragraph (without one, every archive and
  category page would carry whole posts); `plugins: [blog, tags]` (Material's built-in) with
  their defaults, and a tags page. Above 1,000 stories it has {blog_timeout / 60:.0f} minutes.
- **Hugo.** Debian's package (`scripts/ensure-hugo`), `hugo --quiet --source DIR`. Each story
  as `content/stories/SLUG.md` with the taxonomies principles, departments, people, tags,
  awards and years (display names); layouts: a base template, single (with terms and 3 related
  stories), list and term pages paginated by 20, taxonomy pages listing terms with counts, a
  paginated home page, Hugo's default RSS and sitemap. `public/` and `resources/` removed first.
- **Time** is wall time around the command. **Peak memory** is the largest sum of VmRSS over the
  command and all its descendant processes, sampled from /proc every 50 ms; shared pages count
  once per process, so it is an upper bound of what the tree needs, and a process living less
  than 50 ms can be missed. The JSON file also records the kernel's `ru_maxrss` of the largest
  single process and the CPU time of the tree.
- **Page weight.** gzip level 6 (a common web-server setting) of the HTML and of each file
  named by `<link rel="stylesheet" href>` and `<script src>` on the page, resolved on disk;
  images, fonts, modules imported by scripts, and the search index (Pagefind's files, loaded only
  on search) are not counted.
- **Other load.** CPU used by other processes is measured (/proc/stat minus our process tree)
  for every timed command and reported above; on a shared machine it shows whether someone
  else's work slowed a number down."""


def write_markdown(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(replace_section(old, "build", text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated corpus sizes, each at least 100 (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS-build.json",
                        help="results as JSON (default: BENCHMARKS-build.json)")
    parser.add_argument("--markdown", type=Path, default=REPO / "BENCHMARKS.md",
                        help="report file; only its build block is replaced (default: BENCHMARKS.md)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="subset of %(default)s")
    parser.add_argument("--blog-timeout", type=float, default=BLOG_TIMEOUT_MIN, metavar="MIN",
                        help="limit for the blog plugin above 1,000 stories, minutes (default: %(default)s)")
    parser.add_argument("--repeats", type=int, help="full builds per tool (default: 3 up to 1,000 stories, 1 above)")
    parser.add_argument("--work", type=Path, help="folder for the temporary build folders (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary build folders")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="measure nothing: rewrite the Markdown from a results file")
    args = parser.parse_args(argv)

    if args.render:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        run = saved["run"]
        write_markdown(args.markdown, report(saved["results"], saved["machine"], run["command"],
                                             dt.datetime.fromisoformat(run["started"]), run.get("elapsed"),
                                             run["sizes"], tuple(run["tools"]), run["blog_timeout"]))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if any(s < 100 for s in sizes):
        parser.error("each size must be at least 100 (the corpus generator's minimum)")
    tools = tuple(t for t in TOOLS if t in {x.strip() for x in args.tools.split(",")})
    unknown = {x.strip() for x in args.tools.split(",")} - set(TOOLS)
    if unknown or not tools:
        parser.error(f"unknown tools: {', '.join(sorted(unknown)) or 'none given'} (choose from {', '.join(TOOLS)})")
    if "hugo" in tools and not shutil.which(HUGO):
        parser.error(f"Hugo not found ({HUGO}); run scripts/ensure-hugo or set HUGO=/path/to/hugo")
    blog_timeout = args.blog_timeout * 60
    command = "python -m bench.build" + "".join(
        f" {flag} {value}" for flag, value, default in (
            ("--sizes", args.sizes, parser.get_default("sizes")), ("--tools", args.tools, parser.get_default("tools")),
            ("--blog-timeout", f"{args.blog_timeout:g}", f"{BLOG_TIMEOUT_MIN:g}"),
            ("--repeats", str(args.repeats), "None"))
        if value != default)
    started_at = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    info = machine()
    log(f"machine: {info}")
    results: list[dict[str, Any]] = []

    def save(elapsed: float | None) -> None:
        run = {"command": command, "started": started_at.isoformat(), "elapsed": elapsed, "sizes": sizes,
               "tools": list(tools), "blog_timeout": blog_timeout}
        args.out.write_text(json.dumps({"run": run, "machine": info, "results": results}, indent=1, default=str,
                                       ensure_ascii=False) + "\n", encoding="utf-8")
        write_markdown(args.markdown, report(results, info, command, started_at, elapsed, sizes, tools,
                                             blog_timeout))

    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    # SIGTERM unwinds like Ctrl+C: the running build's process group and the preview server are
    # ended, and the edited story file restored, by the code that started them.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    for size in sizes:
        reps = args.repeats or repeats(size)
        results.append(bench_size(size, tools, reps, blog_timeout, args.keep, args.work))
        save(None)
    elapsed = time.perf_counter() - started
    save(elapsed)
    log(f"done in {elapsed / 60:.1f} min; results in {args.out} and {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
