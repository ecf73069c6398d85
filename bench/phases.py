"""Where a build's time goes, phase by phase, at each archive size, next to plain mkdocs-material.

    python -m bench.phases [--sizes 1000,10000] [--markdown BENCHMARKS.md]

For each size: the generated corpus (bench/corpus.py); mkdocs-material with its search plugin
on the same stories as plain pages (a full build, the figure the budget compares with);
`site-builder build --timings` with an empty cache, then after one edited story (a CI rebuild),
the rebuild and plain's build in turn, three times each (medians),
`site-builder validate` with its kept checks, the rebuild in a fresh checkout with the kept
cache (as CI builds a merge), and the live preview (`site-builder serve`): the
time from a saved story to its page served with the change. Each phase's time and the process
tree's peak memory come from the build itself (`site_builder.timings`). The tables go to BENCHMARKS.md
between `<!-- bench:phases:start -->` and `<!-- bench:phases:end -->`, rewritten after each
size. Like every benchmark here, nothing in it is a test: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus
from .budget import edit_one_story, timed
from .build import clean_ours, fresh_checkout, mkdocs_env, pick_story, preview, read_stories, site_builder, write_plain
from .common import replace_section

SECTION = "phases"
_ROW = re.compile(r"^(?P<name>.+?)\s{2,}(?P<seconds>\d+\.\d+)\s+(?P<mib>\d+)?\s*(?:\((?P<note>.*)\))?$")


def phases(output: str) -> list[tuple[str, float, str, str]]:
    """(phase, seconds, peak MiB or "", note) from the table `build --timings` prints."""
    rows, started = [], False
    for line in output.splitlines():
        if line.startswith("phase "):
            started = True
            continue
        match = _ROW.match(line.rstrip()) if started else None
        if match:
            rows.append((match["name"].strip(), float(match["seconds"]), match["mib"] or "", match["note"] or ""))
    return rows


def run_timed(cmd: list[str], cwd: Path) -> tuple[str, float]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"phases: {' '.join(cmd[:3])} failed:\n{done.stdout[-3000:]}")
    return done.stdout, time.perf_counter() - start


def measure(size: int, work: Path, repeat: int) -> dict[str, object]:
    """One full build of ours; then `repeat` rounds of plain's full build and our rebuild after
    one edited story, in turn, so a machine that changes speed during the run moves both. The
    figures are the medians; the phase table is the rebuild with the median time."""
    root = work / "stories"
    corpus.generate(size, root)
    plain = write_plain(root, read_stories(root), work / "plain", search=True)
    plain_cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(plain)]
    clean_ours(root)
    build = [site_builder(), "build", "--timings", "--root", str(root)]
    full, full_wall = run_timed(build, root)
    plains: list[float] = []
    rebuilds: list[tuple[float, str]] = []
    for _ in range(repeat):
        plains.append(timed(plain_cmd, work / "plain", mkdocs_env())[0])
        edit_one_story(root)
        output, seconds = run_timed(build, root)
        rebuilds.append((seconds, output))
    _, validate_wall = run_timed([site_builder(), "validate", "--root", str(root)], root)
    checkout = fresh_checkout(root, work / "checkout")
    edit_one_story(checkout)
    ci_output, ci_wall = run_timed([site_builder(), "build", "--timings", "--root", str(checkout)], checkout)
    shutil.rmtree(checkout)
    middle = sorted(rebuilds)[(len(rebuilds) - 1) // 2]
    return {"size": size, "plain_wall": statistics.median(plains), "plain_each": plains, "full": phases(full),
            "full_wall": full_wall, "rebuild": phases(middle[1]), "rebuild_wall": statistics.median(s for s, _ in rebuilds),
            "rebuild_each": [s for s, _ in rebuilds], "validate_wall": validate_wall,
            "checkout": phases(ci_output), "checkout_wall": ci_wall,
            "preview": preview_edits(root, work)}


def preview_edits(root: Path, work: Path) -> list[float]:
    """Seconds from saving a story to its changed page served by `site-builder serve`, for each
    of the edits `bench.build.preview` makes (an edit that never showed is left out)."""
    (work / "logs").mkdir(exist_ok=True)
    story = pick_story(root)
    slug = next(s.slug for s in read_stories(root) if root / s.path == story)
    run = preview(root, story, f"/stories/{slug}/", work)
    return [edit["seconds"] for edit in run["edits"] if "seconds" in edit]


def table(result: dict[str, object]) -> list[str]:
    full = {name: (seconds, mib, note) for name, seconds, mib, note in result["full"]}  # type: ignore[attr-defined]
    rebuild = {name: (seconds, mib, note) for name, seconds, mib, note in result["rebuild"]}  # type: ignore[attr-defined]
    checkout = {name: (seconds, mib, note) for name, seconds, mib, note in result.get("checkout", [])}  # type: ignore[attr-defined]
    names = list(full) + [name for name in [*rebuild, *checkout] if name not in full]
    names = list(dict.fromkeys(names))
    plain = float(result["plain_wall"])  # type: ignore[arg-type]
    lines = [f"### {int(result['size']):,} stories",  # type: ignore[call-overload]
             "",
             f"mkdocs-material with its search, full build: {plain:.1f} s wall{_each(result, 'plain_each')}. "
             f"Ours, whole command: full build {float(result['full_wall']):.1f} s "  # type: ignore[arg-type]
             f"= {float(result['full_wall']) / plain:.2f}x; rebuild after one edited story "  # type: ignore[arg-type]
             f"{float(result['rebuild_wall']):.1f} s{_each(result, 'rebuild_each')} "  # type: ignore[arg-type]
             f"= {float(result['rebuild_wall']) / plain:.2f}x; "  # type: ignore[arg-type]
             f"validate (kept checks) {float(result['validate_wall']):.1f} s "  # type: ignore[arg-type]
             f"= {float(result['validate_wall']) / plain:.2f}x. {checkout_text(result, plain)}"
             f"{preview_text(result.get('preview'))}",
             "",
             "| phase | full build (s) | peak MiB | rebuild after one edit (s) | peak MiB "
             "| the same in a fresh checkout (s) | peak MiB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name in names:
        row = [found.get(name, (None, "", "")) for found in (full, rebuild, checkout)]

        def cell(seconds: float | None, note: str) -> str:
            return "" if seconds is None else f"{seconds:.2f}" + (f" ({note})" if note else "")

        shown = f"({name})" if any(note for _, _, note in row) else name  # beside another phase, not in the total
        lines.append(f"| {shown} | " + " | ".join(f"{cell(seconds, note)} | {mib}" for seconds, mib, note in row) + " |")
    return lines


def checkout_text(result: dict[str, object], plain: float) -> str:
    """The rebuild as CI makes it: a fresh checkout with the kept cache (`fresh_checkout`)."""
    if "checkout_wall" not in result:
        return ""
    seconds = float(result["checkout_wall"])  # type: ignore[arg-type]
    return (f"The same rebuild in a fresh checkout with the kept cache, as CI builds a merge (one run): "
            f"{seconds:.1f} s = {seconds / plain:.2f}x. ")


def _each(result: dict[str, object], key: str) -> str:
    """", median of 3: 61.2, 63.0, 70.1 s" for figures measured more than once."""
    each = result.get(key)
    if not isinstance(each, list) or len(each) < 2:
        return ""
    return f" (median of {len(each)}: {', '.join(f'{seconds:.1f}' for seconds in each)} s)"


def preview_text(edits: object) -> str:
    """The live preview's figure: the median edit, and each edit."""
    if not isinstance(edits, list) or not edits:
        return "Preview: no edit showed."
    each = ", ".join(f"{seconds:.2f}" for seconds in edits)
    return f"Preview, a saved story on screen: {statistics.median(edits):.2f} s (median of {len(edits)}: {each} s)."


def render(results: list[dict[str, object]]) -> str:
    commit = subprocess.run(["git", "log", "-1", "--format=%h %s"], text=True, capture_output=True).stdout.strip()
    lines = [f"## Build phases by archive size (issue 21), {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
             "",
             "Written by `python -m bench.phases` (phases from `site-builder build --timings`: wall time, and the "
             f"peak memory of the whole process tree), {os.cpu_count()} cores, at commit `{commit}`. "
             "Plain's build and our rebuild after one edited story are run in turn, the figures the medians; "
             "every other figure is one run, so read a difference under 10% as noise.",
             ""]
    for result in results:
        lines += table(result) + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phases", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--markdown", type=Path, default=Path("BENCHMARKS.md"))
    parser.add_argument("--repeat", type=int, default=3, help="rounds of plain's build and our rebuild, in turn")
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"phases-{size}-") as folder:
            results.append(measure(size, Path(folder), args.repeat))
        print("\n".join(table(results[-1])), flush=True)
        text = args.markdown.read_text(encoding="utf-8") if args.markdown.is_file() else ""
        args.markdown.write_text(replace_section(text, SECTION, render(results)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
