"""Put a finished build in place of the published one in a single step.

On Linux, `renameat2(RENAME_EXCHANGE)` swaps two directories atomically: at every instant
`site/` is either the complete old site or the complete new one, even if the build is
killed. Elsewhere we fall back to two renames, which leave a moment with no `site/`; if the
second fails, the old site is renamed back, so a failed swap never leaves `site/` missing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def discard(folder: Path) -> None:
    """Remove a folder nobody reads any more without waiting for it: a published site has tens
    of thousands of files (4 s of a rebuild at 10,000 stories). `rm` does it in a session of its
    own, at low priority, after this command has returned; whatever it has not removed when the
    next build starts is removed by that build (`pipeline.clear_leftovers`, its `old-*`)."""
    old = Path(tempfile.mkdtemp(prefix="old-", dir=folder.parent))
    folder.rename(old / "site")
    if os.name != "posix" or not all(shutil.which(tool) for tool in ("sh", "nice", "rm")):
        shutil.rmtree(old, ignore_errors=True)
        return
    # The shell starts `rm` in the background and returns at once: nothing is left to wait for.
    subprocess.run(["sh", "-c", 'nice -n 19 rm -rf -- "$1" >/dev/null 2>&1 &', "sh", str(old)],
                   stdin=subprocess.DEVNULL, check=False, start_new_session=True)


def swap_in(built: Path, target: Path) -> None:
    """Replace `target` with `built`; the old site is removed after the swap (`discard`)."""
    if not target.exists():
        built.rename(target)
        return
    if _exchange(built, target):
        discard(built)  # `built` now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix="old-", dir=built.parent))
    target.rename(old / "site")
    try:
        built.rename(target)
    except OSError:
        (old / "site").rename(target)  # put the published site back before saying why
        raise
    shutil.rmtree(old, ignore_errors=True)
