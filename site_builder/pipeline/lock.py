"""One build of a content root at a time.

Two builds of the same root share its work folder (staging, shards, cache): run together,
one would delete what the other is rendering. A CI runner that starts a second build, or an
editor who runs `build` twice, gets a wait, with a line saying so, and after `timeout`
seconds a clear error instead. The lock is an advisory `flock` on a file in the work folder,
so it is released when its process ends, however it ends: a killed build never leaves the
root locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "build.lock"
POLL_SECONDS = 0.2


class Busy(Exception):
    """Another build of the same root held the lock for longer than we were willing to wait."""

    def __init__(self, root: Path, holder: str, waited: float) -> None:
        super().__init__(f"another build of {root} ({holder}) is still running after {waited:.0f} s")
        self.root, self.holder = root, holder


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid else "another process"


@contextmanager
def exclusive(work: Path, root: Path, timeout: float,
              waiting: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the build lock of `work` (the root's work folder) for the body of the `with`.

    Calls `waiting(message)` once if another build holds it; raises `Busy` after `timeout`."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= timeout:
                    raise Busy(root, _holder(path), waited) from None
                if not told:
                    waiting(f"Waiting for another build of {root} ({_holder(path)}) to finish...")
                    told = True
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # releases the lock
