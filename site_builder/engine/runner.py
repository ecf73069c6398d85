"""A thin runner for the engine that renders staged pages: MkDocs 1.6 or ProperDocs.

The engine runs as a child process on a configuration file we write, so swapping engines
is a different command, not different code, and an engine crash can never corrupt our state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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


def build_many(engine: str, configs: list[Path], source_date_epoch: int | None,
               parallel: int = 0) -> EngineResult:
    """Run one engine build per configuration, `parallel` at a time (all when 0); all must succeed.

    Each writes its log next to its configuration, so a chatty build never blocks on a pipe."""
    env = environment(source_date_epoch)
    limit = parallel or len(configs)
    waiting = list(configs)
    running: list[tuple[subprocess.Popen[bytes], Path]] = []
    code = 0
    while waiting or running:
        while waiting and len(running) < limit:
            config = waiting.pop(0)
            log = config.with_suffix(".log")
            with log.open("wb") as out:
                running.append((subprocess.Popen(command(engine, "build", config) + ["--clean"], stdout=out,
                                                 stderr=subprocess.STDOUT, env=env), log))
        process, _ = running[0]
        code = code or process.wait()
        running.pop(0)
    outputs = [config.with_suffix(".log").read_text(encoding="utf-8", errors="replace") for config in configs]
    return EngineResult(code, "".join(outputs))


def serve(engine: str, config: Path, address: str, source_date_epoch: int | None,
          watched_files: int = 0) -> subprocess.Popen[bytes]:
    """Start the engine's live-reload server on the staged pages (it watches the staging folder),
    polling it every 0.1 s, or less often when the folder is large."""
    poll = min(0.5, max(0.1, watched_files / 30_000))
    argv = command(engine, "serve", config)
    argv[1:3] = ["-m", "site_builder.engine.serve", engine, str(poll)]
    return subprocess.Popen(argv + ["--dev-addr", address, "--livereload", "--dirty"], env=environment(source_date_epoch),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            errors="replace", bufsize=1)


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
