"""`python -m site_builder.engine.serve ENGINE SECONDS ARGS...`: the engine's `serve`, made fast.

- *Polling.* MkDocs and ProperDocs watch the docs folder by polling it every 0.5 s, then wait
  0.1 s for changes to settle. Our preview writes the staging folder in one go, so it can
  afford a shorter poll; the caller scales it with the number of staged files, which each poll
  lists.
- *A dirty build's race.* A dirty build reads the pages whose source changed, then renders the
  pages whose source changed. A page the preview rewrites between those two passes (the
  listings, staged in the background after the edited story) would be rendered unread, and the
  engine stopped with a traceback ("argument of type 'NoneType' is not iterable"). Such a page
  is left for the next build, which its change has already queued.
- *The edited story first.* A build, even a dirty one, lists and reads every staged page: 5 s
  at 10,000 stories. So the preview also names the pages it has just staged on this process's
  standard input (`request`), one line per save, and they are rendered at once with what the
  last build knew (its configuration, files, navigation and templates), then the browsers
  reload. The build the change also started brings the listings, and reloads them again.
- *Builds give way.* The builds after a change run at a lower priority (`give_way`), so the
  next save is validated and its page rendered first.
- *No waiting for a build.* The engine's server holds every request until a running build
  ends; here pages are written whole (a file then a rename), so a request is answered at once
  with what is there, and the browser reloads again when the build ends.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from types import ModuleType
from typing import Any

BACKGROUND = 10  # the niceness of the server's builds after a change (as `cli.serve`'s restage)
SEPARATOR = "\t"  # between staged paths on a request line: never in a staged file's name


def request(paths: list[str]) -> str:
    """The line the preview writes to ask for these staged pages (docs-relative) at once."""
    return SEPARATOR.join(paths) + "\n"


def requested(line: str) -> list[str]:
    return [path for path in line.rstrip("\n").split(SEPARATOR) if path]


class Latest:
    """What the engine's last build knew, to render one page again without a build. A build
    makes new objects of its own (configuration, files, navigation, templates), so these stay
    whole while the next build runs; they are replaced together once its pages are read."""

    def __init__(self) -> None:
        self.state: tuple[Any, Any, Any, Any] | None = None  # config, files, nav, env
        self.nav: Any = None
        self.server: Any = None
        # Held while pages are rendered at once: a build starts after them, not beside them
        # (the two would share one interpreter, and the edited page would take twice as long).
        self.rendering = threading.Lock()


LATEST = Latest()


def keep_build_state(plugins: ModuleType) -> None:
    collection = plugins.PluginCollection
    on_nav, on_env = collection.on_nav, collection.on_env

    def nav_hook(self: Any, nav: Any, *, config: Any, files: Any) -> Any:
        LATEST.nav = on_nav(self, nav, config=config, files=files)
        return LATEST.nav

    def env_hook(self: Any, env: Any, *, config: Any, files: Any) -> Any:
        env = on_env(self, env, config=config, files=files)
        LATEST.state = (config, files, LATEST.nav, env)
        return env

    collection.on_nav, collection.on_env = nav_hook, env_hook


def write_whole(content: bytes, output_path: str) -> None:
    """The engine's `write_file`, but a reader never sees half a page: a file, then a rename."""
    folder = os.path.dirname(output_path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    partial = f"{output_path}.{threading.get_ident()}.partial"
    with open(partial, "wb") as out:
        out.write(content)
    os.replace(partial, output_path)


class Unheld(threading.Condition):
    """The live server's epoch lock, except that a page request does not wait for a running
    build (the one wait without a timeout); the browser's long poll for a reload still waits."""

    def wait_for(self, predicate: Any, timeout: float | None = None) -> Any:
        if timeout is None:
            return True
        return super().wait_for(predicate, timeout)


def give_way() -> None:
    """A build after a change runs at a lower priority, as the preview's background restage
    does: the preview's next save (validated in another process) and the page rendered at once
    come first. Only the server's build thread: the first build, in the main thread, starts the
    threads that answer requests, which would inherit it."""
    if threading.current_thread() is threading.main_thread() or not hasattr(os, "setpriority"):
        return
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, max(os.getpriority(os.PRIO_PROCESS, thread), BACKGROUND))
    except OSError:  # not allowed here: the build simply keeps its priority
        pass


def render_now(build: ModuleType, inclusion: Any, livereload: ModuleType, paths: list[str]) -> list[str]:
    """Render these staged pages with the last build's state and reload the browsers; a page
    that build did not know (a new story) is left to the build its change started."""
    if LATEST.state is None:
        return []
    config, files, nav, env = LATEST.state
    doc_files = files.documentation_pages(inclusion=inclusion)
    done = []
    with LATEST.rendering:
        for path in paths:
            file = files.get_file_from_path(path)
            if file is None or file.page is None:
                continue
            build._populate_page(file.page, config, files)
            build._build_page(file.page, config, doc_files, nav, env)
            done.append(path)
    if done and LATEST.server is not None:
        reload_browsers(LATEST.server, livereload)
    return done


def reload_browsers(server: Any, livereload: ModuleType) -> None:
    """A newer epoch, which the browsers' long poll answers with a reload. If a build has begun
    meanwhile, it ends on a newer epoch still, so the listings it brings reload them again."""
    with server._epoch_cond:
        building = server._wanted_epoch > server._visible_epoch
        stamp = max(livereload._timestamp(), server._visible_epoch + 1)
        server._visible_epoch = stamp
        server._wanted_epoch = stamp + 1 if building else stamp
        server._epoch_cond.notify_all()


def answer_requests(build: ModuleType, inclusion: Any, livereload: ModuleType) -> None:
    """Read request lines until the preview closes our standard input."""
    for line in sys.stdin:
        paths = requested(line)
        try:
            done = render_now(build, inclusion, livereload, paths)
        except Exception as exc:  # noqa: BLE001 -- the build the change started says it properly
            print(f"INFO    -  The edited page waits for the next build ({type(exc).__name__}: {exc})", flush=True)
            continue
        if done:
            print(f"INFO    -  Rendered at once: {', '.join(done)}", flush=True)


def main(argv: list[str]) -> None:
    engine, seconds, rest = argv[0], float(argv[1]), argv[2:]
    livereload = importlib.import_module(f"{engine}.livereload")
    original = livereload.LiveReloadServer.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("polling_interval", seconds)
        original(self, *args, **kwargs)
        self.build_delay = min(self.build_delay, seconds / 2)
        self._epoch_cond = Unheld()
        LATEST.server = self

    livereload.LiveReloadServer.__init__ = init
    build = importlib.import_module(f"{engine}.commands.build")
    render = getattr(build, "_build_page")

    def build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                   *args: Any, **kwargs: Any) -> None:
        if dirty and page.content is None:  # changed after this build read the pages
            return
        render(page, config, doc_files, nav, env, dirty, *args, **kwargs)

    setattr(build, "_build_page", build_page)
    serving = importlib.import_module(f"{engine}.commands.serve")
    whole_build = serving.build

    def build_after_rendering(*args: Any, **kwargs: Any) -> Any:
        with LATEST.rendering:
            pass
        give_way()
        return whole_build(*args, **kwargs)

    serving.build = build_after_rendering
    importlib.import_module(f"{engine}.utils").write_file = write_whole
    keep_build_state(importlib.import_module(f"{engine}.plugins"))
    inclusion = importlib.import_module(f"{engine}.structure.files").InclusionLevel.is_in_serve
    threading.Thread(target=answer_requests, args=(build, inclusion, livereload), daemon=True).start()
    cli = importlib.import_module(f"{engine}.__main__").cli
    sys.argv = [engine, *rest]
    cli()


if __name__ == "__main__":
    main(sys.argv[1:])
