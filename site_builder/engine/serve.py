"""`python -m site_builder.engine_serve ENGINE SECONDS ARGS...`: the engine's `serve`, polling faster.

MkDocs and ProperDocs watch the docs folder by polling it every 0.5 s, then wait 0.1 s for
changes to settle: most of the time between an editor's save and the page reloading. Our
preview writes the staging folder in one go, so it can afford a shorter poll; the caller
scales it with the number of staged files, which each poll lists.

A dirty build reads the pages whose source changed, then renders the pages whose source
changed. A page the preview rewrites between those two passes (the listings, staged in the
background after the edited story) would be rendered unread, and the engine stopped with a
traceback ("argument of type 'NoneType' is not iterable"). Such a page is left for the next
build, which its change has already queued.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any


def main(argv: list[str]) -> None:
    engine, seconds, rest = argv[0], float(argv[1]), argv[2:]
    livereload = importlib.import_module(f"{engine}.livereload")
    original = livereload.LiveReloadServer.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("polling_interval", seconds)
        original(self, *args, **kwargs)
        self.build_delay = min(self.build_delay, seconds / 2)

    livereload.LiveReloadServer.__init__ = init
    build = importlib.import_module(f"{engine}.commands.build")
    render = getattr(build, "_build_page")

    def build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                   *args: Any, **kwargs: Any) -> None:
        if dirty and page.content is None:  # changed after this build read the pages
            return
        render(page, config, doc_files, nav, env, dirty, *args, **kwargs)

    setattr(build, "_build_page", build_page)
    cli = importlib.import_module(f"{engine}.__main__").cli
    sys.argv = [engine, *rest]
    cli()


if __name__ == "__main__":
    main(sys.argv[1:])
