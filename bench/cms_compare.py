"""Decap CMS or Sveltia CMS: both editors on the same generated config and the same tasks.

    python -m bench.cms_compare [--stories N] [--runs R] [--sveltia VERSION] [--keep DIR]

Run by hand (not part of `make test`); prints a Markdown table for docs/browser-editor.md.

One content root (`bench.corpus`, N stories, a fresh git repository) and one `site-builder
edit` server. Decap is the product's own `/admin/` (the bundle `scripts/ensure-cms` unpacks).
Sveltia is fetched with `npm pack` into a temporary folder (never committed) and put in
Decap's place by Playwright routes: `/admin/` becomes a page loading Sveltia and our
`site-builder-cms.js`, and its files are answered from the unpacked package. Both read
`config.yml` from `site_builder.cms.config`; only the backend differs where it must (Sveltia
has no `proxy` backend, so it gets `github` and works on a local folder).

Sveltia's local-folder mode calls `window.showDirectoryPicker()`, a native dialog headless
Chromium cannot answer. An init script replaces it with a function returning a folder of the
Origin Private File System, which the script first fills with the content root's files (and
an empty `.git/`, which Sveltia checks for); what Sveltia saves is read back from there.

Measured, per editor, in headless Chromium (cold: a new browser context for every run):
- bytes the editor's own files weigh as served, and gzipped (`gzip -6` of the same bytes;
  the edit server sends them uncompressed), and requests to other hosts (blocked here);
- time from `goto /admin/` (plus the sign-in click) until the story list shows entries;
- console errors and the editor's own configuration-error text, for the config `site-builder
  edit` serves (backend `proxy`) and for a built site's (backend `github`, as a company sets it);
- creating a story in the form and saving it: whether the file arrives, how long saving takes
  (click to file on disk or in the OPFS; for Decap also to the commit), and whether
  `site-builder validate` accepts the file;
- an i18n config of the shape issue 23 needs (`<slug>.<lang>.md` beside the story): whether
  it is accepted, whether the form shows a second language, and which files, with which keys,
  a save writes.
The pull-request flow cannot be run here (no GitHub): docs/browser-editor.md says what the
packages' docs and types say, and marks which cells are measured.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gzip
import json
import os
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from bench import corpus
from site_builder.cms import config as cms

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "site_builder/cms/vendor"
STATIC = REPO / "site_builder/cms/static"
SVELTIA = "@sveltia/cms@0.221.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
LANGS = ["en", "vi"]
TRANSLATED = ("title", "summary", "cover_alt", "body")
NEW_TITLE = "Late shift handover notes"
NEW_SLUG = "late-shift-handover-notes"
GITHUB = {"name": "github", "repo": "example/culture-site", "branch": "main"}


def log(message: str) -> None:
    print(f"[cms_compare] {message}", file=sys.stderr, flush=True)


# --- the editors' files ----------------------------------------------------------------------

def validate(root: Path, work: Path, path: str, text: str) -> str:
    """`site-builder validate` on a copy of the root with the saved file in it: 'accepts' or why not."""
    import shutil
    check = work / "check"
    if check.exists():
        shutil.rmtree(check)
    shutil.copytree(root, check, ignore=shutil.ignore_patterns("site", ".site-builder", ".git"))
    (check / path).parent.mkdir(parents=True, exist_ok=True)
    (check / path).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "site_builder", "validate", "--root", str(check)],
                          capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return "`validate` accepts it"
    said = [line.strip().split(": ", 1)[-1] for line in (done.stdout + done.stderr).splitlines() if ".md:" in line]
    return f"`validate` refuses it ({len(said)} errors): " + "; ".join(said[:4])


def decap_version() -> str:
    from site_builder.cms import admin
    return str(getattr(admin, "DECAP_VERSION", "3.16.3"))


def fetch_sveltia(folder: Path, spec: str) -> Path:
    """`npm pack SPEC` into `folder` and unpack it; the package folder (dist/, package.json)."""
    packed = subprocess.run(["npm", "pack", spec, "--silent"], cwd=folder, capture_output=True, text=True,
                            check=True).stdout.split()[-1]
    with tarfile.open(folder / packed) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


# --- the content root and the edit server ----------------------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=root, text=True, capture_output=True, check=True).stdout


def content_root(folder: Path, stories: int) -> Path:
    root = folder / "root"
    corpus.generate(stories, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content")
    return root


def root_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for top in ("stories", "content") for p in sorted((root / top).rglob("*")) if p.is_file()}


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def edit_server(root: Path, logfile: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "PYTHONUNBUFFERED": "1"}
    with logfile.open("w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "site_builder", "edit", "--root", str(root),
                                    "--dev-addr", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT,
                                   text=True, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(base + "admin/config.yml", timeout=2).close()  # noqa: S310 (localhost)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("site-builder edit did not start: " + logfile.read_text()) from None
                time.sleep(0.3)
        while time.monotonic() < deadline + 120:  # the live preview's first build: not measured
            try:
                urllib.request.urlopen(base, timeout=5).close()  # noqa: S310 (localhost)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


# --- configs ---------------------------------------------------------------------------------

def with_i18n(config: dict[str, Any]) -> dict[str, Any]:
    """The shape issue 23 asks for: `<slug>.<lang>.md` beside the story, English the default
    (Sveltia can leave the default's file name alone; Decap has no such option). Only the text
    is translated (title, summary, body, alt text); the rest stays in the story alone, which the
    translation inherits (`i18n` unset: Decap refuses `duplicate` on list fields)."""
    config = copy.deepcopy(config)
    config["i18n"] = {"structure": "multiple_files", "locales": LANGS, "default_locale": LANGS[0],
                      "omit_default_locale_from_file_path": True}
    stories = config["collections"][0]
    stories["i18n"] = True
    for entry in stories["fields"]:
        if entry["name"] in TRANSLATED:
            entry["i18n"] = True
    return config


def dump(config: dict[str, Any]) -> str:
    return cms.dump(config)


# --- one browser page with an editor ---------------------------------------------------------

OPFS_STUB = """
(() => {
  const repo = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('repo', {create: true});
  window.showDirectoryPicker = async () => repo();
  const proto = (window.FileSystemHandle || {}).prototype;
  if (proto) {
    proto.requestPermission = async function () { return 'granted'; };
    proto.queryPermission = async function () { return 'granted'; };
  }
})();
"""

OPFS_WRITE = """
async (files) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry('repo', {recursive: true}); } catch (e) {}
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, text] of files) {
    const parts = path.split('/');
    let dir = repo;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const handle = await dir.getFileHandle(parts[parts.length - 1], {create: true});
    const w = await handle.createWritable();
    await w.write(text);
    await w.close();
  }
  return files.length;
}
"""

OPFS_FIND = """
async ([needle, byName, slug]) => {
  const found = {};
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else if (name.startsWith(slug)) {  // read only the new story's files: polling must stay cheap
        const text = await (await handle.getFile()).text();
        if (byName ? name.includes(needle) : text.includes(needle)) found[prefix + name] = text;
      }
    }
  };
  const repo = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  await walk(await repo.getDirectoryHandle('stories'), 'stories/');
  if (byName) for (const path of Object.keys(found)) if (!path.includes(needle)) delete found[path];
  return found;
}
"""


def disk_find(root: Path, needle: str, by_name: bool = False) -> dict[str, str]:
    """Story files under `root` that contain `needle` (or whose name does), by path."""
    found = {}
    for path in (root / "stories").rglob(f"{NEW_SLUG}*"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = path.read_text(encoding="utf-8")
            if (needle in path.name) if by_name else (needle in text):
                found[path.relative_to(root).as_posix()] = text
    return found


SVELTIA_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Editor</title></head>
<body>
<script src="js-yaml.min.js"></script>
<script src="sveltia-cms.js"></script>
<script src="site-builder-cms.js"></script>
</body></html>
"""


@dataclass
class Editor:
    name: str
    version: str
    files: dict[str, Path]  # served name under /admin/ -> file (the editor's own, not ours)
    index: str | None  # replacement for /admin/ (None: the product's own page)


@dataclass
class Visit:
    """What one page load saw."""
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # requests to other hosts (blocked)
    served: dict[str, int] = field(default_factory=dict)  # the editor's files fetched -> bytes


def open_page(browser: Any, base: str, editor: Editor, config_text: str | None, visit: Visit) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.add_init_script(OPFS_STUB)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if not url.startswith(base):
            visit.foreign.append(url)
            request_route.abort()
            return
        name = url[len(base):].split("?")[0].split("#")[0]
        if name.startswith("admin/"):
            rest = name[len("admin/"):]
            if rest in ("", "index.html") and editor.index is not None:
                request_route.fulfill(status=200, body=editor.index, content_type="text/html; charset=utf-8")
                return
            if rest == "config.yml" and config_text is not None:
                request_route.fulfill(status=200, body=config_text, content_type="text/yaml; charset=utf-8")
                return
            if rest in editor.files:
                data = editor.files[rest].read_bytes()
                visit.served[rest] = len(data)
                kind = "application/wasm" if rest.endswith(".wasm") else "text/javascript"
                request_route.fulfill(status=200, body=data, content_type=kind)
                return
        request_route.continue_()

    page.route("**/*", route)
    page.on("console", lambda m: visit.errors.append(m.text[:300]) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(str(e)[:300]))
    return context, page


def wait_stories(page: Any, editor: Editor) -> None:
    """Sign in (Decap: the local backend's Login; Sveltia: "Work with Local Repository", the
    stubbed folder picker) and wait for the story list to show entries."""
    if editor.name == "Decap CMS":
        page.get_by_role("button", name="Login").click()
        page.locator('a[href*="/collections/stories/entries/"]').first.wait_for()
    else:
        page.get_by_role("button", name="Work with Local Repository").click()
        page.get_by_role("checkbox", name="Select All").wait_for()
        page.locator('[role="checkbox"][aria-label^="Select \u2068"]').first.wait_for()


def config_problems(page: Any) -> list[str]:
    """The editor's own words about a bad config, as shown on the page."""
    text = page.locator("body").inner_text()
    found = []
    for marker in ("Error loading the CMS configuration", "Config Errors", "There is an error in the CMS",
                   "There are errors in the CMS", "not supported in Sveltia CMS"):
        if marker in text:
            start = text.index(marker)
            found.append(" ".join(text[start:start + 400].split()))
    return found


def load(browser: Any, base: str, editor: Editor, config_text: str | None, files: dict[str, str]) -> dict[str, Any]:
    """One cold load: seconds to the story list, bytes served, errors, requests elsewhere."""
    visit = Visit()
    context, page = open_page(browser, base, editor, config_text, visit)
    try:
        if editor.index is not None:  # Sveltia's folder lives in the OPFS: fill it first (not timed)
            page.goto(base + "admin/people.json")
            page.evaluate(OPFS_WRITE, list(files.items()))
        start = time.monotonic()
        page.goto(base + "admin/")
        wait_stories(page, editor)
        seconds = time.monotonic() - start
        return {"seconds": seconds, "visit": visit, "problems": config_problems(page)}
    finally:
        context.close()


def validity(browser: Any, base: str, editor: Editor, config_text: str, files: dict[str, str],
             signin: bool = True) -> dict[str, Any]:
    """Load /admin/ with `config_text`, try to get to the story list; what went wrong."""
    visit = Visit()
    context, page = open_page(browser, base, editor, config_text, visit)
    reached = False
    try:
        if editor.index is not None:
            page.goto(base + "admin/people.json")
            page.evaluate(OPFS_WRITE, list(files.items()))
        page.goto(base + "admin/")
        page.wait_for_timeout(4000)
        problems = config_problems(page)
        text = " ".join(page.locator("body").inner_text().split())[:200]
        if signin and not problems:
            with contextlib.suppress(Exception):
                page.set_default_timeout(15_000)
                wait_stories(page, editor)
                reached = True
        return {"problems": problems or config_problems(page), "errors": visit.errors, "reached": reached,
                "text": text, "foreign": visit.foreign}
    finally:
        context.close()


def fill_decap(page: Any) -> None:
    page.get_by_role("link", name="Create entry of type Story").click()
    page.locator('[id^="title-field-"]').first.fill(NEW_TITLE)
    page.locator('[id^="date-field-"]').first.fill("2025-03-04")
    page.locator('[id^="summary-field-"]').first.fill("How the night team hands over to the morning team.")
    for name, choice in (("kind", "practice"), ("principles", None), ("departments", None), ("people", None)):
        box = page.locator(f'[id^="{name}-field-"]').first
        box.click()
        option = page.locator('[id^="react-select"][id*="-option-"]')
        (option.filter(has_text=choice) if choice else option).first.click()
    page.locator('[data-slate-editor="true"]').first.click()
    page.keyboard.type("At six, the night team writes three lines: what happened, what waits, who to call.")


def fill_sveltia(page: Any, base: str) -> None:
    page.goto(base + "admin/#/collections/stories/new")
    page.get_by_role("textbox", name="Title").first.fill(NEW_TITLE)
    page.locator('input[type="date"]').first.fill("2025-03-04")
    page.locator("textarea").first.fill("How the night team hands over to the morning team.")
    page.get_by_role("radio", name="practice").first.click()
    for label in ("Principles", "Departments", "People"):
        page.get_by_role("combobox", name=label).first.click()
        page.get_by_role("option").locator("visible=true").first.click()
    body = page.locator('[role="textbox"][contenteditable="true"]')
    page.mouse.move(300, 500)
    for _ in range(40):  # the body's editor is drawn when it scrolls into view
        if body.count():
            break
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(50)
    body.first.click()
    page.keyboard.type("At six, the night team writes three lines: what happened, what waits, who to call.")


def fill_vietnamese(page: Any, editor: Editor) -> None:
    """The translation's text, where the editor asks for it before saving (Sveltia)."""
    if editor.index is None:
        return  # Decap saves the other language's file without asking
    tabs = page.locator('[role="tab"], [role="button"], [role="radio"], button').filter(has_text="Vietnamese")
    left = [t for t in tabs.all() if t.is_visible() and (t.bounding_box() or {"x": 9999})["x"] < 600]
    left[0].click()  # the edit pane's language switch (the right pane's switches the preview)
    page.wait_for_timeout(500)
    page.mouse.move(300, 500)
    page.mouse.wheel(0, -20000)
    page.get_by_role("textbox", name="Title").first.fill("Bàn giao ca đêm")
    page.locator("textarea").first.fill("Ca đêm bàn giao cho ca sáng như thế nào.")
    body = page.locator('[role="textbox"][contenteditable="true"]')
    page.mouse.move(300, 500)
    for _ in range(40):
        if body.count():
            break
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(50)
    body.first.click()
    page.keyboard.type("Sáu giờ sáng, ca đêm viết ba dòng.")


def save_story(browser: Any, base: str, editor: Editor, config_text: str | None, files: dict[str, str],
               root: Path, shots: Path, by_name: bool = False, wait: float = 30) -> dict[str, Any]:
    """Create a story in the form and save it; seconds from the click to the file, and its text."""
    visit = Visit()
    context, page = open_page(browser, base, editor, config_text, visit)
    rel = f"stories/2025/{NEW_SLUG}.md"
    try:
        if editor.index is not None:
            page.goto(base + "admin/people.json")
            page.evaluate(OPFS_WRITE, list(files.items()))
        page.goto(base + "admin/")
        wait_stories(page, editor)
        try:
            fill_decap(page) if editor.index is None else fill_sveltia(page, base)
            if by_name:
                fill_vietnamese(page, editor)
        except Exception as exc:  # noqa: BLE001 (recorded: the form could not be filled)
            page.screenshot(path=str(shots / f"{editor.name.split()[0]}-form.png"), full_page=True)
            return {"ok": False, "why": f"form: {str(exc).splitlines()[0][:160]}", "errors": visit.errors}
        start = time.monotonic()
        if editor.index is None:
            page.get_by_role("button", name="Publish", exact=True).click()
            page.get_by_text("Publish now").click()
        else:
            page.get_by_role("button", name="Save", exact=True).click()
        found: dict[str, str] = {}
        needle = NEW_SLUG if by_name else f"title: {NEW_TITLE}"

        def look() -> dict[str, str]:
            if editor.index is None:
                return disk_find(root, needle, by_name)
            with contextlib.suppress(Exception):
                return dict(page.evaluate(OPFS_FIND, [needle, by_name, NEW_SLUG]))
            return {}

        deadline = start + wait
        while time.monotonic() < deadline:
            found = look()
            if found:
                break
            page.wait_for_timeout(20)
        seconds = time.monotonic() - start
        if found and by_name:  # every language's file
            page.wait_for_timeout(1000)
            found = look()
        if not found:
            page.screenshot(path=str(shots / f"{editor.name.split()[0]}-save.png"), full_page=True)
            said = " ".join(page.locator("body").inner_text().split())[:300]
            return {"ok": False, "why": f"no file after {wait:.0f} s", "page": said, "errors": visit.errors}
        path, text = sorted(found.items())[0]
        result: dict[str, Any] = {"ok": True, "seconds": seconds, "path": path, "text": text,
                                  "files": found, "errors": visit.errors}
        if editor.index is None:  # the local backend commits after writing: wait for it
            for _ in range(200):
                if git(root, "log", "-1", "--format=%s").strip() != "content":
                    break
                time.sleep(0.05)
            result["commit_seconds"] = time.monotonic() - start
            result["commit"] = git(root, "show", "--format=", "--name-only", "HEAD").split()
        return result
    finally:
        context.close()


def translations(browser: Any, base: str, editor: Editor, config_text: str, files: dict[str, str],
                 shots: Path) -> dict[str, Any]:
    """Open a new story with the i18n config: is it accepted, does the form offer Vietnamese?"""
    visit = Visit()
    context, page = open_page(browser, base, editor, config_text, visit)
    try:
        if editor.index is not None:
            page.goto(base + "admin/people.json")
            page.evaluate(OPFS_WRITE, list(files.items()))
        page.goto(base + "admin/")
        page.wait_for_timeout(3000)
        problems = config_problems(page)
        if problems:
            return {"accepted": False, "problems": problems, "errors": visit.errors}
        page.set_default_timeout(20_000)
        if editor.index is None:
            page.get_by_role("button", name="Login").click()
            page.get_by_role("link", name="Create entry of type Story").wait_for()
        else:
            page.get_by_role("button", name="Work with Local Repository").click()
            page.get_by_role("button", name="Create New Entry").first.wait_for()
        page.wait_for_timeout(1500)
        listed = page.locator('a[href*="/collections/stories/entries/"]' if editor.index is None
                              else '[role="checkbox"][aria-label^="Select \u2068"]').count()
        page.goto(base + "admin/#/collections/stories/new")
        page.wait_for_timeout(2500)
        page.screenshot(path=str(shots / f"{editor.name.split()[0]}-i18n.png"))
        text = page.locator("body").inner_text()
        shows = any(word in text for word in ("VI", "Vietnamese", "Tiếng Việt", "(vi)")) or \
            page.get_by_text("vi", exact=True).count() > 0
        return {"accepted": True, "shows": shows, "listed": listed, "problems": [], "errors": visit.errors}
    finally:
        context.close()


# --- the run ---------------------------------------------------------------------------------

def editors(sveltia_dir: Path) -> list[Editor]:
    decap_files = {p.name: p for p in VENDOR.iterdir() if p.suffix in (".js", ".wasm")}
    dist = sveltia_dir / "dist"
    sveltia_files = {"sveltia-cms.js": dist / "sveltia-cms.js",
                     **{f"chunks/{p.name}": p for p in (dist / "chunks").glob("*.js")}}
    version = json.loads((sveltia_dir / "package.json").read_text())["version"]
    return [Editor("Decap CMS", decap_version(), decap_files, None),
            Editor("Sveltia CMS", version, sveltia_files, SVELTIA_INDEX)]


def sizes(editor: Editor, served: dict[str, int]) -> str:
    mine = {n for n in served if n != "js-yaml.min.js"}
    raw = sum(editor.files[n].stat().st_size for n in mine)
    packed = sum(gz(editor.files[n].read_bytes()) for n in mine)
    every = sum(p.stat().st_size for p in editor.files.values())
    return (f"{raw / 1e6:.2f} MB in {len(mine)} files ({packed / 1e6:.2f} MB gzipped); "
            f"all its files {every / 1e6:.1f} MB")


def front_keys(text: str) -> list[str]:
    """The front matter keys of a story file, and 'body' if it has one."""
    if not text.startswith("---"):
        return ["body"] if text.strip() else []
    head, _, body = text[3:].partition("\n---")
    keys = [line.split(":")[0] for line in head.splitlines() if line and not line.startswith((" ", "-"))]
    return keys + (["body"] if body.strip() else [])


def short(items: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(items))
    text = "; ".join(i.replace("|", "/")[:140] for i in unique[:limit])
    return text + (f" (+{len(unique) - limit} more)" if len(unique) > limit else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cms_compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sveltia", default=SVELTIA, help=f"npm spec (default {SVELTIA})")
    parser.add_argument("--keep", type=Path, help="work folder to keep (screenshots, logs)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cms-compare-") as temp:
        work = args.keep or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        shots = work / "shots"
        shots.mkdir(exist_ok=True)
        log(f"npm pack {args.sveltia}")
        npm = work / "npm"
        npm.mkdir(exist_ok=True)
        decap, sveltia = editors(fetch_sveltia(npm, args.sveltia))
        log(f"content root of {args.stories} stories")
        root = content_root(work, args.stories)
        files = root_files(root)
        rows: dict[str, dict[str, str]] = {decap.name: {}, sveltia.name: {}}
        with edit_server(root, work / "edit.log") as base, sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            api = base + "api/v1"
            edit = cms.edit_config({}, "main", api)  # what `site-builder edit` serves (backend proxy)
            company = cms.cms_config({"backend": GITHUB})  # a company's built site (backend github)
            configs = {decap.name: None, sveltia.name: dump(company)}
            for editor in (decap, sveltia):
                row = rows[editor.name]
                log(f"{editor.name}: {args.runs} cold loads")
                runs = [load(browser, base, editor, configs[editor.name], files) for _ in range(args.runs)]
                times = sorted(r["seconds"] for r in runs)
                row["load"] = " / ".join(f"{t:.2f}" for t in times) + f" s (median {statistics.median(times):.2f})"
                row["bytes"] = sizes(editor, runs[0]["visit"].served)
                foreign = sorted({u.split("/")[2] for u in runs[0]["visit"].foreign})
                row["foreign"] = (f"{len(runs[0]['visit'].foreign)} requests to {', '.join(foreign)}"
                                  if foreign else "none")
                row["load errors"] = short(runs[0]["visit"].errors) or "none"
                log(f"{editor.name}: configs")
                for label, config in (("edit", edit), ("github", company)):
                    seen = validity(browser, base, editor, dump(config), files)
                    row[f"config {label}"] = ("accepted, story list reached" if seen["reached"] else
                                              "accepted, not signed in" if not seen["problems"] else "refused") + \
                        (f": {short(seen['problems'], 1)}" if seen["problems"] else "") + \
                        (f"; console errors: {short(seen['errors'], 2)}" if seen["errors"] else "")
                log(f"{editor.name}: save a story")
                saved = save_story(browser, base, editor, configs[editor.name], files, root, shots)
                if saved["ok"]:
                    row["save"] = f"works: `{saved['path']}` {saved['seconds']:.2f} s after the click"
                    if "commit" in saved:
                        row["save"] += (f", committed at {saved['commit_seconds']:.2f} s, the commit holds "
                                        + ", ".join(f"`{c}`" for c in saved["commit"][:3]))
                    else:
                        row["save"] += " (written to the folder; no commit: the editor runs git itself)"
                    row["save"] += "; " + validate(root, work, saved["path"], saved["text"])
                    said = [e for e in saved["errors"] if not e.startswith("Failed to load resource")]
                    if said:
                        row["save"] += f"; console: {short(said, 2)}"
                    if editor.index is None:  # the i18n save below must not find this one
                        git(root, "rm", "-q", saved["path"])
                        git(root, "commit", "-q", "-m", "bench: remove the saved story")
                else:
                    row["save"] = f"failed: {saved['why']}"
                (work / f"saved-{editor.name.split()[0]}.md").write_text(saved.get("text") or "", encoding="utf-8")
                log(f"{editor.name}: translations")
                i18n = with_i18n(edit if editor.index is None else company)
                plain = copy.deepcopy(i18n)
                plain["i18n"].pop("omit_default_locale_from_file_path")
                shared = copy.deepcopy(i18n)  # what a "shared, copied" tags field would say
                next(f for f in shared["collections"][0]["fields"] if f["name"] == "tags")["i18n"] = "duplicate"
                for label, config in (("i18n", plain), ("i18n+omit", i18n), ("i18n duplicate", shared)):
                    seen = translations(browser, base, editor, dump(config), files, shots)
                    row[label] = ("accepted" if seen["accepted"] else "refused") + \
                        (f", second language in the form: {'yes' if seen.get('shows') else 'no'}, "
                         f"existing `<slug>.md` stories listed: {'yes' if seen.get('listed') else 'no'}"
                         if seen["accepted"] else f": {short(seen['problems'], 1)}")
                wrote = save_story(browser, base, editor, dump(i18n), files, root, shots, by_name=True, wait=15)
                row["i18n save"] = ("writes " + ", ".join(
                    f"`{p}` ({', '.join(front_keys(t)) or 'empty'})" for p, t in sorted(wrote["files"].items()))
                    if wrote["ok"]
                                    else f"failed: {wrote['why']}" + (f"; the page says: {wrote['page'][:160]}"
                                                                      if wrote.get("page") else ""))
                for path, text in wrote.get("files", {}).items():
                    (work / f"i18n-{editor.name.split()[0]}-{Path(path).name}").write_text(text, encoding="utf-8")
                if editor.index is None and wrote["ok"]:  # leave the root as the other editor will find it
                    git(root, "rm", "-q", "-r", "--ignore-unmatch", *wrote["files"])
                    git(root, "commit", "-q", "-m", "bench: remove the i18n story")
            browser.close()
        keys = [("bytes", "served at load"), ("load", f"cold load to the story list ({args.stories} stories)"),
                ("foreign", "requests to other hosts"), ("load errors", "console errors at load"),
                ("config edit", "config of `site-builder edit` (backend `proxy`)"),
                ("config github", "config of a built site (backend `github`)"),
                ("save", "create a story in the form and save"),
                ("i18n", "i18n `multiple_files` en/vi"),
                ("i18n+omit", "same + `omit_default_locale_from_file_path`"),
                ("i18n duplicate", "same + `i18n: duplicate` on the tags list"),
                ("i18n save", "save a new story with that config (English; Vietnamese where asked)")]
        print(f"| | {decap.name} {decap.version} | {sveltia.name} {sveltia.version} |")
        print("| --- | --- | --- |")
        for key, label in keys:
            print(f"| {label} | {rows[decap.name].get(key, '')} | {rows[sveltia.name].get(key, '')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
