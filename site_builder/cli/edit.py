"""`site-builder edit`: the browser editor on this computer, in one command.

It serves /admin/ with a local backend written in Python (`cms.local_backend`: no Node.js,
so a wheel is enough) and the live preview of `site-builder serve` behind the same address.
Each save in the editor is written into the content root and committed, alone, on the branch
that is checked out; nothing else (the built site, the cache) is ever committed. Ctrl+C stops
the server, the preview and the engine, and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from ..cms import server as edit_server
from ..cms.admin import AdminError, admin_settings, bundle_files
from ..cms.vcs import current_branch, is_repository
from ..engine import runner as engine
from ..project import ConfigError, Project
from . import exits
from .serve import serve

READY_SECONDS = 120  # the engine's first build of a large site


def add_parser(commands: Any, with_root: Any) -> None:
    """Register `edit` beside `serve` (main.py's `with_root` adds --root)."""
    edit = commands.add_parser("edit", help="edit in the browser: /admin/ and the live preview, saves committed",
                               description="Serves the site with its browser editor at /admin/. Each save "
                                           "is committed on the checked-out git branch, with only the "
                                           "files the editor wrote (under stories/, content/, assets/).")
    with_root(edit)
    edit.add_argument("--engine", choices=engine.ENGINES, default="mkdocs")
    edit.add_argument("--dev-addr", type=address, default=("127.0.0.1", 8000), metavar="HOST:PORT",
                      help="where to open the editor (default: 127.0.0.1:8000)")


def address(text: str) -> tuple[str, int]:
    """HOST:PORT, for argparse."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, for example 127.0.0.1:8000, not {text!r}")
    return host.strip("[]"), int(port)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_then_connect(server: edit_server.EditServer, preview: str) -> None:
    """Point the editor's server at the preview once the engine answers (its first build)."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{preview}/", timeout=2).close()  # noqa: S310 (localhost)
            break
        except OSError:
            time.sleep(0.2)
    server.upstream = preview


def _theme_files() -> Path | None:
    """mkdocs-material's files as the site serves them (assets/stylesheets/main.*.css), for
    the editor's preview pane: the engine's live server builds into a folder of its own."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "templates"


def _problem(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return exits.USAGE


def run(args: argparse.Namespace) -> int:
    """Check the root, bind the address, then run the preview until Ctrl+C."""
    root: Path = args.root
    # Ctrl+C must stop us even when started from a script in the background, where the shell
    # hands us SIGINT ignored; SIGTERM (a service manager, a test) stops the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if not (root / "stories").is_dir() and not (root / "content").is_dir():
        return _problem(f"{root} is not a content root (no stories/ or content/ folder); "
                        "give one with --root, or create one with site-builder init")
    try:
        if admin_settings(Project.open(root)) is None:
            return _problem("the browser editor is turned off in mkdocs.yml (extra.site_builder.admin: false)")
        bundle_files()
    except AdminError as exc:
        return _problem(str(exc))
    except ConfigError as exc:
        return _problem(f"mkdocs.yml:{exc.line}: {exc.message}")
    committing = is_repository(root)
    host, port = args.dev_addr
    try:
        server = edit_server.start((host, port), root)
    except OSError as exc:
        return _problem(f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
                        "choose another with --dev-addr HOST:PORT")
    server.backend.committing = committing
    shown = f"[{host}]" if ":" in host else host
    branch = current_branch(root)
    where = (f"saves are committed on branch {branch}" if committing and branch else
             "saves are committed on the checked-out commit (no branch)" if committing else
             "not a git repository: saves are written but not committed")
    print(f"Editing {root.resolve()} at http://{shown}:{server.port}/admin/ ({where}); "
          f"the site at http://{shown}:{server.port}/. Ctrl+C to stop.", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: anyone who can reach {shown}:{server.port} can change and commit files here; "
              "the editor has no sign-in", flush=True)
    preview_dir = Path(tempfile.mkdtemp(prefix="site-builder-edit-"))
    server.styles_from = _theme_files()
    server.waiting_reason = "the content has errors, or the preview is starting"

    def started(preview: str) -> None:
        threading.Thread(target=_wait_then_connect, args=(server, preview), daemon=True).start()

    try:
        code = serve(root, args.engine, f"127.0.0.1:{_free_port()}", started=started, site_dir=preview_dir)
    except KeyboardInterrupt:
        code = 0  # Ctrl+C before the preview started: nothing else is running yet
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(preview_dir, ignore_errors=True)
    return code
