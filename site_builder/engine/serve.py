"""`python -m site_builder.engine_serve ENGINE SECONDS ARGS...`: the engine's `serve`, polling faster.

MkDocs and ProperDocs watch the docs folder by polling it every 0.5 s, then wait 0.1 s for
changes to settle: most of the time between an editor's save and the page reloading. Our
preview writes the staging folder in one go, so it can afford a shorter poll; the caller
scales it with the number of staged files, which each poll lists.
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
    cli = importlib.import_module(f"{engine}.__main__").cli
    sys.argv = [engine, *rest]
    cli()


if __name__ == "__main__":
    main(sys.argv[1:])
