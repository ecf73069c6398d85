"""A thin runner for the engine that renders staged pages: MkDocs 1.6 or ProperDocs.

The engine runs as a child process on a configuration file we write, so swapping engines
is a different command, not different code, and an engine crash can never corrupt our state.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from . import serve as engine_serve

ENGINES = ("mkdocs", "properdocs")


@dataclass(frozen=True)
class EngineResult:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def command(engine: str, action: str, config: Path) -> list[str]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    return [sys.executable, "-m", engine, action, "--config-file", str(config)]


def environment(source_date_epoch: int | None) -> dict[str, str]:
    env = dict(os.environ)
    if source_date_epoch is not None and "SOURCE_DATE_EPOCH" not in env:
        env["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env["NO_COLOR"] = "1"
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


class _Captured:
    """One engine process with its output read into memory by a thread as it comes.

    Not a log file in the work folder: when that folder's disk is full, the file is cut off
    before the engine's own message ("No space left on device"), which is the one line that
    explains the failure. A thread per process keeps a chatty build from blocking on its pipe."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.chunks: list[bytes] = []
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for chunk in iter(lambda: self.process.stdout.read(65536), b""):  # type: ignore[union-attr]
            self.chunks.append(chunk)

    def wait(self) -> int:
        code = self.process.wait()
        self.reader.join()
        return code

    @property
    def output(self) -> str:
        return b"".join(self.chunks).decode("utf-8", errors="replace")


def build_many(engine: str, configs: list[Path], source_date_epoch: int | None,
               parallel: int = 0) -> EngineResult:
    """Run one engine build per configuration, `parallel` at a time (all when 0); all must succeed.
    The output is every build's, in the order of `configs`."""
    env = environment(source_date_epoch)
    limit = parallel or len(configs)
    waiting = list(configs)
    running: list[_Captured] = []
    done: list[_Captured] = []
    code = 0
    while waiting or running:
        while waiting and len(running) < limit:
            running.append(_Captured(command(engine, "build", waiting.pop(0)) + ["--clean"], env))
        first = running.pop(0)
        code = code or first.wait()
        done.append(first)
    return EngineResult(code, "".join(captured.output for captured in done))


def serve(engine: str, config: Path, address: str, source_date_epoch: int | None,
          watched_files: int = 0) -> subprocess.Popen[bytes]:
    """Start the engine's live-reload server on the staged pages (it watches the staging folder),
    polling it every 0.1 s, or less often when the folder is large."""
    poll = min(0.5, max(0.1, watched_files / 30_000))
    argv = command(engine, "serve", config)
    argv[1:3] = ["-m", "site_builder.engine.serve", engine, str(poll)]
    return subprocess.Popen(argv + ["--dev-addr", address, "--livereload", "--dirty"], env=environment(source_date_epoch),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", errors="replace", bufsize=1)


def render_now(server: subprocess.Popen[str], pages: list[str]) -> None:
    """Ask the engine's server (`serve`) to render these staged pages (docs-relative) at once,
    before the build their change starts; a server that has stopped is left alone."""
    if not pages or server.stdin is None:
        return
    try:
        server.stdin.write(engine_serve.request(pages))
        server.stdin.flush()
    except (BrokenPipeError, ValueError):  # it stopped; the preview notices and ends
        pass


# What the engine's server says that an editor cannot act on: its progress (INFO), the warning
# that a dirty build is a development mode, and notes on links in the generated pages.
_NOISE = ("INFO", "DEBUG")
_NOISE_WARNINGS = ("A 'dirty' build is being performed", "unrecognized relative link", "is not found among documentation files")


def for_editor(line: str) -> bool:
    """Whether a line of the engine server's output concerns the editor: errors, and anything
    unexpected (a traceback) are shown; progress and notes about generated pages are not."""
    text = line.strip()
    if not text or text.startswith(_NOISE):
        return False
    return not (text.startswith("WARNING") and any(noise in text for noise in _NOISE_WARNINGS))
