"""Helpers shared by the benchmarks (bench/search.py, bench/build.py).

- formatting (`kb`, `ms`, `secs`, `mib`), logging, `run` (a timed command);
- `OtherLoad`: how much CPU *other* processes used while something was measured;
- `measured`: run a command and record its wall time and the peak memory of its whole process
  tree (`TreeSampler` sums `VmRSS` of every descendant from /proc, every 50 ms);
- the machine and code description the reports start with;
- `replace_section` / `keep_sections`: several benchmarks share BENCHMARKS.md, each owning a
  block between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import corpus

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[{dt.datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------------------------------
# Formatting

def kb(n: float | None) -> str:
    if n is None:
        return "n/a"
    if n >= 10 * 1024 * 1024:
        return f"{n / 1024 / 1024:,.1f} MB"
    return f"{n / 1024:,.0f} KB" if n >= 10 * 1024 else f"{n / 1024:,.1f} KB"


def mib(n: float | None) -> str:
    """Bytes as MiB (memory)."""
    if n is None:
        return "n/a"
    return f"{n / 1024 / 1024:,.0f} MiB"


def ms(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x / 1000:,.1f} s" if x >= 10_000 else f"{x:,.0f} ms"


def cores(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f} cores"


def secs(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.1f} s"


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# ------------------------------------------------------------------------------------------
# Files and network

def dir_bytes(folder: Path) -> tuple[int, int]:
    """Total bytes and number of files under `folder`."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def gz_len(data: bytes, level: int = 9) -> int:
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------------------------------
# Processes

def run(cmd: list[str], timeout: float, env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """Run a command to completion (output captured); wall time, exit code, the output's tail."""
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                              cwd=cwd, timeout=timeout, check=False)
        return {"ok": done.returncode == 0, "code": done.returncode, "seconds": time.perf_counter() - start,
                "output": done.stdout[-4000:]}
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or ""
        out = out.decode(errors="replace") if isinstance(out, bytes) else out
        return {"ok": False, "code": None, "seconds": time.perf_counter() - start, "timeout": True,
                "output": out[-4000:]}


@dataclass
class ProcInfo:
    ppid: int
    pgrp: int
    cpu: float  # own user + system seconds


def proc_table() -> dict[int, ProcInfo]:
    """Every live process: parent, process group and own CPU seconds, from /proc/PID/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, ProcInfo] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        out[int(entry.name)] = ProcInfo(int(fields[1]), int(fields[2]), (int(fields[11]) + int(fields[12])) / tick)
    return out


def descendants_of(root: int, table: dict[int, ProcInfo], include_root: bool = False) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, info in table.items():
        children.setdefault(info.ppid, []).append(pid)
    out, todo = ([root] if include_root and root in table else []), list(children.get(root, []))
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def rss_bytes(pid: int) -> int | None:
    """VmRSS of one process (None once it has gone; 0 for a zombie)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return 0


class TreeSampler:
    """Peak memory of a process tree: every `interval` s, the sum of VmRSS over the root and
    all its live descendants (found through the parent links in /proc).

    Pages shared between processes (a forked worker's inherited memory, shared libraries) count
    once per process, as `ps` and `top` show them, so the sum is an upper bound of the memory
    the tree needs. A process that starts and ends between two samples is not seen.
    """

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root, self.interval = root, interval
        self.peak = 0
        self.peak_without_search = 0  # the same sum without Pagefind's processes
        self._names: dict[int, str] = {}
        self.peak_processes = 0
        self.samples = 0
        self.seen: set[int] = set()
        self._parent: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def tree(self) -> list[int]:
        """The root and its live descendants. A process's parent is read once (pids are not
        reused within one measurement: Linux hands them out in increasing order up to pid_max)."""
        live = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        for pid in list(self._parent):
            if pid not in live:
                del self._parent[pid]
        for pid in live - self._parent.keys():
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    stat = f.read()
                self._parent[pid] = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
        children: dict[int, list[int]] = {}
        for pid, ppid in self._parent.items():
            children.setdefault(ppid, []).append(pid)
        out, todo = [self.root], list(children.get(self.root, []))
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def sample(self) -> int:
        pids = self.tree()
        total, alive, search = 0, 0, 0
        for pid in pids:
            rss = rss_bytes(pid)
            if rss is not None:
                total += rss
                alive += 1
                if "pagefind" in self.name(pid):
                    search += rss
        self.seen.update(pids)
        self.samples += 1
        self.peak = max(self.peak, total)
        self.peak_without_search = max(self.peak_without_search, total - search)
        self.peak_processes = max(self.peak_processes, alive)
        return total

    def name(self, pid: int) -> str:
        """The process's command line (read once; `python -m pagefind` and its binary both say so)."""
        if pid not in self._names:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    self._names[pid] = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                return ""
        return self._names[pid]

    def _loop(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                return

    def start(self) -> TreeSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class OtherLoad:
    """How many CPU cores *other* processes kept busy while a phase ran.

    The machine's busy time (/proc/stat) minus our own: this process, plus either the children
    it reaped (`os.times()`, for the builds) or, for the browser phase, every descendant sampled
    from /proc every 0.2 s (Chromium's renderers are not reaped up to us, so `os.times()` misses
    them). On a shared machine this shows whether someone else's work slowed the numbers down.
    """

    def __init__(self, sample_descendants: bool = False) -> None:
        self.sample = sample_descendants
        self.cores: float | None = None
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()

    def __enter__(self) -> OtherLoad:
        self.baseline = dict(self.descendants()) if self.sample else {}
        self.start = (self.busy(), self.mine(), time.perf_counter())
        if self.sample:
            self.thread = threading.Thread(target=self.watch, daemon=True)
            self.thread.start()
        return self

    def watch(self) -> None:
        while not self.stop.wait(0.2):
            for pid, cpu in self.descendants():
                self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))

    def __exit__(self, *exc: object) -> None:
        if self.sample:
            self.stop.set()
            self.thread.join()
        busy, mine, wall = self.busy(), self.mine(), time.perf_counter()
        if busy is not None and self.start[0] is not None and wall > self.start[2]:
            others = (busy - self.start[0]) - (mine - self.start[1])
            self.cores = max(0.0, others / (wall - self.start[2]))

    @staticmethod
    def busy() -> float | None:
        try:
            fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        except (OSError, ValueError):
            return None
        user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")

    def mine(self) -> float:
        t = os.times()
        if not self.sample:
            return t.user + t.system + t.children_user + t.children_system
        for pid, cpu in self.descendants():
            self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))
        return t.user + t.system + sum(cpu - self.baseline.get(pid, 0.0) for pid, cpu in self.seen.items())

    @staticmethod
    def descendants() -> list[tuple[int, float]]:
        """(pid, own CPU seconds) of every live descendant of this process."""
        table = proc_table()
        return [(pid, table[pid].cpu) for pid in descendants_of(os.getpid(), table)]


def kill_group(pgid: int) -> None:
    """SIGKILL a process group that *we* started (with start_new_session=True)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def end_leftovers(pgid: int, seen: set[int]) -> int:
    """SIGKILL processes of a finished command's tree that outlived it (seen as its descendants
    and still in its process group); how many there were."""
    table = proc_table()
    left = [pid for pid in seen if pid != pgid and pid in table and table[pid].pgrp == pgid]
    for pid in left:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return len(left)


def measured(cmd: list[str], *, timeout: float | None = None, env: dict[str, str] | None = None,
             cwd: Path | None = None, output: Path | None = None, interval: float = 0.05) -> dict[str, Any]:
    """Run `cmd` in a session of its own; wall time, peak memory of its process tree, CPU time.

    Keys: ok, code, seconds, timeout (when `timeout` s passed: the whole process group is
    killed), peak_rss (bytes, sum over the tree, sampled), peak_processes, samples,
    max_single_rss (the kernel's ru_maxrss of the largest single process it reaped), cpu_seconds
    (user + system of the tree), other_cores (CPU other processes used meanwhile), output (tail).
    """
    sink = output.open("wb") if output else open(os.devnull, "wb")  # noqa: SIM115
    timed_out = threading.Event()
    with sink, OtherLoad() as load:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                cwd=cwd, start_new_session=True)
        sampler = TreeSampler(proc.pid, interval).start()

        def expire() -> None:
            timed_out.set()
            kill_group(proc.pid)

        timer = threading.Timer(timeout, expire) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill_group(proc.pid)
            proc.wait()
            sampler.stop()
            raise
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        leftovers = end_leftovers(proc.pid, sampler.seen)
    code = proc.returncode
    tail = ""
    if output:
        with contextlib.suppress(OSError):
            tail = output.read_bytes()[-4000:].decode(errors="replace")
    out: dict[str, Any] = {
        "ok": code == 0 and not timed_out.is_set(), "code": code, "seconds": seconds,
        "peak_rss": sampler.peak, "peak_rss_without_search": sampler.peak_without_search,
        "peak_processes": sampler.peak_processes, "samples": sampler.samples,
        "max_single_rss": usage.ru_maxrss * 1024, "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "other_cores": load.cores, "output": tail,
    }
    if leftovers:
        out["leftover_processes"] = leftovers
    if timed_out.is_set():
        out["timeout"] = True
        out["code"] = None
    return out


# ------------------------------------------------------------------------------------------
# The machine and the code

def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def memory_total() -> str:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "unknown"


def os_name() -> str:
    """`Debian GNU/Linux 12 (bookworm), Linux 6.1.0-...` (falls back to platform.platform())."""
    pretty = ""
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip().strip('"')
    return f"{pretty}, {platform.system()} {platform.release()}" if pretty else platform.platform()


def package_versions(dists: tuple[str, ...]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in dists:
        with contextlib.suppress(PackageNotFoundError):
            out[dist] = version(dist)
    return out


def machine(dists: tuple[str, ...], more: dict[str, str] | None = None) -> dict[str, str]:
    """What a report says about the machine and the code: `packages` lists the versions of
    `dists` (Python distributions) and of `more` (other tools, already read)."""
    versions = package_versions(dists) | (more or {})
    return {"source": source_info(), "nproc": str(os.cpu_count()), "cpu": cpu_model(), "memory": memory_total(),
            "python": platform.python_version(), "os": platform.platform(), "os_release": os_name(),
            "packages": ", ".join(f"{k} {v}" for k, v in versions.items())}


def source_info() -> str:
    """Which site-builder code was measured: its commit, and whether it had local changes."""
    import site_builder

    src = Path(site_builder.__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "-C", str(src), "log", "-1", "--format=%h %s"], capture_output=True,
                                text=True, timeout=30, check=True).stdout.strip()
        changed = subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--untracked-files=no", "--",
                                  "site_builder", "theme", "pyproject.toml"], capture_output=True, text=True,
                                 timeout=30, check=True).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return "site-builder from outside a git checkout"
    changed = [line[3:] for line in changed if line.strip()]
    state = f"with uncommitted changes in {', '.join(changed)}" if changed else "no local changes in site_builder/ or theme/"
    return f"site-builder at commit `{commit}` ({state})"


# ------------------------------------------------------------------------------------------
# Shared report file

def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


_SECTION = re.compile(r"<!-- bench:([a-z0-9-]+):start -->.*?<!-- bench:\1:end -->", re.S)


def replace_section(text: str, name: str, body: str) -> str:
    """`text` with the block of `name` replaced by `body` (appended at the end when absent)."""
    start, end = markers(name)
    block = f"{start}\n{body.strip()}\n{end}"
    match = re.search(re.escape(start) + ".*?" + re.escape(end), text, re.S)
    if match:
        return text[:match.start()] + block + text[match.end():]
    return (text.rstrip("\n") + "\n\n" if text.strip() else "") + block + "\n"


def keep_sections(old: str, new: str, own: str) -> str:
    """`new` (a report that rewrites the whole file) followed by the other benchmarks' blocks of `old`."""
    kept = [m.group(0) for m in _SECTION.finditer(old) if m.group(1) != own]
    if not kept:
        return new
    return new.rstrip("\n") + "\n\n" + "\n\n".join(kept) + "\n"


def write_report(path: Path, text: str, own: str) -> None:
    """Write a whole-file report, keeping the blocks other benchmarks put in the same file."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(keep_sections(old, text, own), encoding="utf-8")


def each_size(size: int, prefix: str, keep: bool, work_parent: Path | None,
              measure: Callable[[Path, Path, corpus.Manifest, dict[str, Any]], None]) -> dict[str, Any]:
    """The loop both benchmarks share for one corpus size: a work folder, the corpus written
    into `work/root` (and timed), `measure(work, root, manifest, result)`, and a crash recorded
    in the result rather than ending the run; the folder is removed unless `keep`."""
    work = Path(tempfile.mkdtemp(prefix=f"{prefix}-{size}-", dir=work_parent))
    root = work / "root"
    result: dict[str, Any] = {"size": size, "work": str(work), "errors": []}
    try:
        started = time.perf_counter()
        manifest = corpus.generate(size, root)
        result["corpus"] = manifest.to_json() | {"seconds": time.perf_counter() - started}
        log(f"{size}: corpus written ({manifest.words:,} words) in {result['corpus']['seconds']:.1f} s")
        measure(work, root, manifest, result)
    except Exception as exc:  # noqa: BLE001 (record what happened and go on with the next size)
        result["crash"] = f"{type(exc).__name__}: {exc}"
        result["errors"].append(result["crash"])
        log(f"{size}: CRASH {result['crash']}")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return result
