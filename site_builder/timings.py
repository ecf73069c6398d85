"""Time and peak memory per phase of a build, for `site-builder build --timings`.

Every feature has a cost, and a build that got three times slower one feature at a time is
only noticed when someone measures it. So the build measures itself, phase by phase, where the
phases run: the table `--timings` prints is the one BENCHMARKS.md carries.

Memory is the whole process tree (this process, the engine's workers, Pagefind, the picture
pools): every 50 ms a thread sums `VmRSS` of the tree from /proc, and each phase reports the
highest sum seen while it ran. Pages shared between forked workers count once per process, as
`top` shows them, so the figure is an upper bound. Where /proc is missing (not Linux) only this
process's own peak is known.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float
    peak_bytes: int | None  # the process tree's highest RSS while it ran
    note: str = ""


def _children(table: dict[int, int], root: int) -> list[int]:
    found, todo = [root], [root]
    while todo:
        parent = todo.pop()
        kids = [pid for pid, ppid in table.items() if ppid == parent]
        found += kids
        todo += kids
    return found


def _parents() -> dict[int, int]:
    """pid -> parent pid of every live process, from /proc/PID/stat."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            out[int(name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue  # ended between the listing and the read
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def tree_rss(root: int) -> int:
    """The summed RSS of `root` and its live descendants."""
    return sum(_rss(pid) for pid in _children(_parents(), root))


class _Sampler:
    """A thread that keeps the highest tree RSS since the last `reset`."""

    def __init__(self) -> None:
        self.peak = 0
        self.running = os.path.isdir("/proc")
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        if self.running:
            self.thread.start()

    def _loop(self) -> None:
        me = os.getpid()
        while not self.stop_event.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_rss(me))

    def reset(self) -> int:
        """The peak since the last reset, then start a new one from now."""
        peak = self.peak
        self.peak = tree_rss(os.getpid()) if self.running else 0
        return peak

    def stop(self) -> None:
        self.stop_event.set()
        if self.running:
            self.thread.join()


class Timings:
    """The phases of one build, measured only when asked for (`enabled`); otherwise `phase`
    costs nothing."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self.phases: list[Phase] = []
        self._sampler = _Sampler() if enabled else None

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        assert self._sampler is not None
        self._sampler.reset()
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.phases.append(Phase(name, seconds, self._peak()))

    def record(self, name: str, seconds: float, note: str = "") -> None:
        """A phase that ran beside others (in a thread): its time, and no memory of its own."""
        if self.enabled:
            self.phases.append(Phase(name, seconds, None, note))

    def _peak(self) -> int | None:
        assert self._sampler is not None
        if self._sampler.running:
            return self._sampler.reset()
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def close(self) -> None:
        if self._sampler is not None:
            self._sampler.stop()

    def lines(self) -> list[str]:
        """The table, one phase a line, and the total."""
        if not self.phases:
            return []
        width = max(len(p.name) for p in self.phases)
        out = [f"{'phase':<{width}}  {'seconds':>8}  {'peak MiB':>8}"]
        for p in self.phases:
            memory = f"{p.peak_bytes / 2**20:8.0f}" if p.peak_bytes is not None else f"{'':>8}"
            out.append(f"{p.name:<{width}}  {p.seconds:8.2f}  {memory}" + (f"  ({p.note})" if p.note else ""))
        total = sum(p.seconds for p in self.phases if not p.note)
        peaks = [p.peak_bytes for p in self.phases if p.peak_bytes is not None]
        out.append(f"{'total':<{width}}  {total:8.2f}  {max(peaks) / 2**20 if peaks else 0:8.0f}")
        return out


NONE = Timings(False)
