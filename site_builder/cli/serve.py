"""The editor's live preview: watch the content root, restage what changed, let the engine reload.

We watch `content/`, `stories/`, `assets/` and `mkdocs.yml`; the engine's server watches only
the staging folder, where we write nothing but real changes (so one edited story rewrites its
page and the listings that show it, and the browser reloads). An edited story's own page is
staged first, before the listings and related stories that show it, so the editor sees their
change in well under a second. Invalid content is reported and the last good pages stay up
until the editor fixes it.
"""

from __future__ import annotations

import multiprocessing.process
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any
from pathlib import Path

from .. import collector
from ..pipeline import pipeline
from ..cms.vcs import CONTENT_FOLDERS
from ..engine import runner as engine
from ..engine.serve import BACKGROUND
from ..paths import Paths
from ..project import Project
from ..model import Site, StoryCache
from ..processes import fork_context
from ..validation import check
from . import report

MIN_POLL_SECONDS = 0.1
WATCHED = CONTENT_FOLDERS  # what an editor changes, by hand or in /admin/

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Modification time and size of every watched file: cheap enough to poll."""
    files = [root / "mkdocs.yml"] + [p for d in WATCHED if (root / d).is_dir() for p in (root / d).rglob("*")]
    out: Snapshot = {}
    _stat_into(out, files)
    return out


def _stat_into(out: Snapshot, files: list[Path]) -> None:
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            out[path.as_posix()] = (stat.st_mtime_ns, stat.st_size)


def updated(seen: Snapshot, noticed: set[str]) -> Snapshot:
    """`seen` with only the notified paths looked at again: a file's new time and size, or its
    absence; a folder's files all again (one made, moved or removed with files in it)."""
    now = dict(seen)
    for name in noticed:
        path = Path(name)
        inside = name.rstrip("/") + "/"
        for gone in [known for known in now if known == name or known.startswith(inside)]:
            del now[gone]
        _stat_into(now, [path] + (list(path.rglob("*")) if path.is_dir() else []))
    return now


def changed_paths(before: Snapshot, after: Snapshot) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def story_files_only(root: Path, paths: set[str]) -> bool:
    """True when only story files changed: other stories' checks still hold."""
    stories = (root / "stories").as_posix() + "/"
    return all(p.startswith(stories) and p.endswith(".md") for p in paths)


def _restage_quietly(project: Project, site: Site, site_dir: Path) -> None:
    """The child's work; being stopped (or Ctrl+C, which the parent handles) ends it silently."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(BACKGROUND)  # the engine's server, rendering the edited story, comes first
    pipeline.stage_live(project, site, site_dir)


class Restage:
    """The full restage (listings, related stories, feeds) in a forked child, so the watcher
    goes on watching. A newer edit stops it first: it would write pages from older content."""

    def __init__(self) -> None:
        self.child: multiprocessing.process.BaseProcess | None = None

    def start(self, project: Project, site: Site, site_dir: Path) -> None:
        self.stop()
        context = fork_context()
        if context is None:
            pipeline.stage_live(project, site, site_dir)
            return
        child: multiprocessing.process.BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_restage_quietly, args=(project, site, site_dir), daemon=True)
        child.start()
        self.child = child

    def halt(self) -> None:
        """Ask the child to end, without waiting: a large child's exit takes a tenth of a second,
        which the next save's validation can use. `stop` before writing staged files."""
        if self.child is not None and self.child.is_alive():
            self.child.terminate()

    def stop(self) -> None:
        if self.child is not None:
            self.halt()
            self.child.join()
            self.child = None

    def wait(self) -> None:
        if self.child is not None:
            self.child.join()
            self.child = None


def refresh(root: Path, site_dir: Path, cache: StoryCache | None = None, edited: set[str] | frozenset[str] = frozenset(),
            restage: Restage | None = None, render_now: Callable[[list[str]], None] = lambda pages: None) -> bool:
    """Validate and restage; print problems. True when the pages are (being) brought up to date.

    An edited story's own page is written here and now, and handed to `render_now` (the
    engine's server renders it before its build); the rest in the background when a `restage`
    is given."""
    if restage is not None:
        restage.halt()  # ended by the time the check is done; waited for before staging
    checked = check(root, preview=True, cache=cache)
    if restage is not None:
        restage.stop()
    for line in report.lines(checked.problems, root, "text"):
        print(line, flush=True)
    if not checked.ok or checked.project is None:
        print(report.summary(checked.site, checked.problems) + " (preview shows the last good version)",
              flush=True)
        return False
    first = [s for s in checked.site.stories if (root / s.path).as_posix() in edited]
    if first:
        render_now(pipeline.stage_first(checked.project, checked.site, first))
    if restage is None:
        pipeline.stage_live(checked.project, checked.site, site_dir)
    else:
        restage.start(checked.project, checked.site, site_dir)
    return True


def _stop_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl+C, so the engine's server is stopped with us, not orphaned."""
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, handler)


def _relay(server: "subprocess.Popen[str]") -> None:
    """Pass on what the engine's server prints that concerns the editor (`runner.for_editor`)."""
    assert server.stdout is not None
    for line in server.stdout:
        if engine.for_editor(line):
            print(line.rstrip("\n"), flush=True)


def watch_interval(seconds_per_snapshot: float) -> float:
    """Poll often, but never spend more than a quarter of a core looking for changes."""
    return max(MIN_POLL_SECONDS, 3 * seconds_per_snapshot)


class Wakeup:
    """Wakes the preview as soon as a watched file changes, and says which: the system's file
    notifications, through watchdog (which both engines already use). Polling 10,000 stories'
    files every 0.4 s made an editor wait 0.2 s on average before anything began, and looking
    at all of them again took 0.2-0.8 s of each save. Every `FULL_LOOK` seconds, and whenever
    notifications are not to be had, the whole root is compared again, so a missed
    notification costs time, never a change."""

    SETTLE = 0.02  # s: an editor that saves in two writes (truncate, then write) is seen once
    FULL_LOOK = 30.0  # s between looks at every watched file while notifications work
    CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})  # watchdog's event types

    def __init__(self, root: Path) -> None:
        self.mkdocs_yml = (root / "mkdocs.yml").as_posix()
        self.folders = tuple((root / folder).as_posix() + "/" for folder in WATCHED)
        self.changed = threading.Event()
        self.lock = threading.Lock()
        self.noticed: set[str] = set()
        self.observer: Any = None
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            handler = FileSystemEventHandler()
            handler.on_any_event = self._notified  # type: ignore[method-assign]
            observer = Observer()
            observer.schedule(handler, str(root), recursive=False)  # mkdocs.yml
            for folder in WATCHED:
                if (root / folder).is_dir():
                    observer.schedule(handler, str(root / folder), recursive=True)
            observer.start()
            self.observer = observer
        except (ImportError, OSError):  # no notifications here (a limit, a file system without them)
            self.observer = None

    def _notified(self, event: Any) -> None:
        if event.event_type not in self.CHANGES:  # reading a file (opened, closed unwritten) is no change
            return
        if event.is_directory and event.event_type == "modified":  # its files are notified themselves
            return
        names = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
        watched = {name for name in names if name == self.mkdocs_yml or name.startswith(self.folders)}
        if watched:
            with self.lock:
                self.noticed |= watched
            self.changed.set()

    def wait(self, interval: float) -> set[str] | None:
        """The watched paths notified since the last call, once one is; None when the whole
        root must be looked at (no notifications here, or none for `FULL_LOOK` seconds)."""
        if self.observer is None or not self.observer.is_alive():
            time.sleep(interval)
            return None
        if not self.changed.wait(self.FULL_LOOK):
            return None
        time.sleep(self.SETTLE)
        with self.lock:
            self.changed.clear()
            noticed, self.noticed = self.noticed, set()
        return noticed

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)


def serve(root: Path, engine_name: str, address: str,
          started: Callable[[str], None] | None = None, site_dir: Path | None = None) -> int:
    """Preview `root` on `address` until Ctrl+C (or SIGTERM); the engine's exit code otherwise.

    `site-builder edit` runs the same preview behind its own server: it gives the folder the
    engine builds into (`site_dir`, for the theme's stylesheets) and is told the engine's
    address through `started` instead of it being printed."""
    _stop_on_sigterm()
    site_dir = site_dir or Path(tempfile.mkdtemp(prefix="site-builder-preview-"))
    cache = StoryCache()
    while not refresh(root, site_dir, cache):
        print("Waiting for the content to be fixed...", flush=True)
        before = snapshot(root)
        while snapshot(root) == before:
            time.sleep(MIN_POLL_SECONDS * 3)
    collector.set_aside_loaded(collect_first=True)  # kept for the whole session: 0.15-0.25 s a save at 10,000
    config = Paths(root).staged_config
    restage = Restage()
    wakeup = Wakeup(root)
    server = engine.serve(engine_name, config, address, None,
                          sum(1 for _ in (config.parent / "docs").rglob("*")))
    try:
        threading.Thread(target=_relay, args=(server,), daemon=True).start()
        if started is None:
            print(f"Preview on http://{address}/ (Ctrl+C to stop)", flush=True)
        else:
            started(address)
        seen = snapshot(root)
        interval = MIN_POLL_SECONDS
        while server.poll() is None:
            noticed = wakeup.wait(interval)
            if noticed is None:
                begun = time.monotonic()
                now = snapshot(root)
                interval = watch_interval(time.monotonic() - begun)
            else:
                now = updated(seen, noticed)
            if now == seen:
                continue
            edited = changed_paths(seen, now)
            seen = now
            if not story_files_only(root, edited):
                cache.clear()
            cache.tell(edited)  # only these are read again; the other stories are as loaded
            if refresh(root, site_dir, cache, edited, restage, lambda pages: engine.render_now(server, pages)):
                names = sorted(Path(os.path.relpath(p, root)).as_posix() for p in edited)
                print(f"Updated the preview: {', '.join(names[:3])}{' and more' if len(names) > 3 else ''}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        wakeup.stop()
        restage.stop()
        server.terminate()
        server.wait(timeout=10)
    return 0 if server.returncode in (0, -15, None) else int(server.returncode or 0)
