"""The one address of `site-builder edit`: /admin/, its local backend, and the live preview.

One HTTP server owns the address the editor opens, so the CMS and its backend share an origin
(no CORS, no second port to remember) and every response has the right type:

- `/admin/` is the CMS page, its bundle from `vendor/`, and a `config.yml` made for this
  session (`config.edit_config`: the checked-out branch, this server's backend, one commit
  per save), served as `text/yaml` with `no-store` so a branch switch shows on reload;
- `POST /api/v1` is the local backend (`local_backend.LocalBackend`);
- everything else is passed to the engine's live preview (`site-builder serve`), which the
  caller starts, so a saved story shows on the site as it does when edited by hand.

Requests must name this server in their Host header (a page on another site cannot reach it
by DNS rebinding) and the backend only takes JSON (a form on another site cannot post it).
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model import StoryCache, load
from ..engine.config import ConfigError
from ..project import Project
from .admin import HERE, VENDOR, AdminError, admin_settings, bundle_files, index_html, people_json, preview_styles
from .config import dump, edit_config
from .local_backend import LocalBackend, Refused
from .vcs import editor_branch

API = "/api/v1"
ADMIN = "/admin/"
MAX_BODY = 64 * 1024 * 1024  # a picture upload, base64-encoded, is the largest request
TYPES = {".js": "application/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".yml": "text/yaml; charset=utf-8", ".wasm": "application/wasm", ".css": "text/css; charset=utf-8",
         ".html": "text/html; charset=utf-8", ".map": "application/json; charset=utf-8"}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authenticate", "proxy-authorization"}


class EditServer(ThreadingHTTPServer):
    """Serves one content root for editing; `upstream` is the preview's HOST:PORT once started."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: Path, say: Callable[[str], None] = print) -> None:
        super().__init__(address, EditHandler)
        self.root = root
        self.backend = LocalBackend(root)
        self.upstream: str | None = None
        self.styles_from: Path | None = None  # a folder laid out like the site: the theme's CSS
        self.waiting_reason = "the preview is starting"
        self.say = say
        self._people_cache = StoryCache()
        self._people_lock = threading.Lock()
        host, port = self.server_address[:2]
        self.hosts = {f"{h}:{port}" for h in (str(host), "localhost", "127.0.0.1", "[::1]")}

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser tab closed mid-request is normal; anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        self.say(f"editor: a request failed: {error}")

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def people(self) -> str:
        """people.json for the preview's turn labels, from the content as it is now."""
        with self._people_lock:
            site, _ = load(self.root, preview=True, cache=self._people_cache)
        return people_json(site)

    def config(self, host: str) -> str:
        project = Project.open(self.root)
        settings = admin_settings(project) or {}  # as it is now: it may change while editing
        branch = editor_branch(self.root)  # the checked-out one: saves go where the editor is
        return dump(edit_config(settings, branch, f"http://{host}{API}", project.languages))


class EditHandler(BaseHTTPRequestHandler):
    server: EditServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        """Quiet: the terminal shows saves and problems, not every request."""

    # --- helpers ---------------------------------------------------------------------------

    def _host_ok(self) -> bool:
        if (self.headers.get("Host") or "") in self.server.hosts:
            return True
        self._send(403, b"This editor only answers at its own address.\n", "text/plain; charset=utf-8")
        return False

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), TYPES[".json"])

    # --- /admin/ ---------------------------------------------------------------------------

    def _admin(self, name: str) -> None:
        if name in ("", "index.html"):
            styles = preview_styles(self.server.styles_from)
            self._send(200, index_html(styles).encode("utf-8"), TYPES[".html"])
            return
        if name == "config.yml":
            self._send(200, self.server.config(self.headers["Host"]).encode("utf-8"), TYPES[".yml"])
            return
        if name == "people.json":
            self._send(200, self.server.people().encode("utf-8"), TYPES[".json"])
            return
        files = {p.name: p for p in [*bundle_files(), HERE / "static" / "site-builder-cms.js"]}
        path = files.get(name)
        if path is None or path.parent not in (VENDOR, HERE / "static"):
            self._send(404, b"Not found\n", "text/plain; charset=utf-8")
            return
        self._send(200, path.read_bytes(), TYPES.get(path.suffix, "application/octet-stream"))

    # --- the live preview ------------------------------------------------------------------

    def _proxy(self) -> None:
        upstream = self.server.upstream
        if upstream is None:
            self._send(503, (f"<!doctype html><meta charset=utf-8><title>Not ready</title><p>The site is not "
                             f"shown yet: {self.server.waiting_reason}. The terminal says why; "
                             f"<a href=\"{ADMIN}\">the editor</a> works meanwhile.\n").encode("utf-8"),
                       TYPES[".html"])
            return
        connection = http.client.HTTPConnection(upstream, timeout=120)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
            connection.request(self.command, self.path, headers=headers)
            response = connection.getresponse()
            body = response.read()
        except OSError:
            self._send(502, b"The preview did not answer; see the terminal.\n", "text/plain; charset=utf-8")
            return
        finally:
            connection.close()
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # --- methods ---------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        if not self._host_ok():
            return
        path = urlsplit(self.path).path
        if path == ADMIN.rstrip("/"):
            self._send(301, b"", "text/plain", {"Location": ADMIN})
        elif path.startswith(ADMIN) and "/" not in path[len(ADMIN):]:
            try:
                self._admin(path[len(ADMIN):])
            except (AdminError, ConfigError) as exc:  # mkdocs.yml broke while editing
                message = f"the editor cannot start: mkdocs.yml: {exc}"
                self.server.say(f"editor: {message}")
                self._send(500, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")
        else:
            self._proxy()

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_ok():
            return
        if urlsplit(self.path).path != API:
            self._json(404, {"error": "not found"})
            return
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            self._json(415, {"error": "the local backend takes JSON"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json(413, {"error": f"too large: at most {MAX_BODY // 1024 // 1024} MB per save"})
            return
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
            action, params = request.get("action"), request.get("params") or {}
            answer = self.server.backend.handle(action, params)
        except Refused as refused:
            self.server.say(f"editor: {refused}")
            self._json(refused.status, {"error": str(refused)})
            return
        except (ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
            message = f"the editor's request could not be carried out: {exc}"
            self.server.say(f"editor: {message}")
            self._json(500, {"error": message})
            return
        if action in ("persistEntry", "persistMedia", "deleteFile", "deleteFiles") and self.server.backend.saved:
            saved = self.server.backend.saved[-1]
            done = f"committed {saved.commit}" if saved.commit else "no change to commit"
            self.server.say(f"Saved {', '.join(saved.paths)} ({done})")
        self._json(200, answer)


def start(address: tuple[str, int], root: Path, say: Callable[[str], None] | None = None) -> EditServer:
    """Bind and serve in a background thread; `OSError` when the address is taken."""
    server = EditServer(address, root, say or (lambda line: print(line, file=sys.stdout, flush=True)))
    threading.Thread(target=server.serve_forever, name="edit-server", daemon=True).start()
    return server
