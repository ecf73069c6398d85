"""The build budget, checked in CI: our build against mkdocs-material with its own search.

    python -m bench.budget [--size 1000] [--reps 3]

Every feature has a cost, and the full build got four times slower than plain mkdocs-material
one feature at a time, without anything noticing. So `make test` runs this after the tests: the
same generated stories (bench/corpus.py) built by `site-builder build` and by mkdocs-material
as plain pages with its search plugin, alternately in one run, compared as ratios of the CPU
time each process tree used, never as seconds (a slower machine slows both, and a busy one
stretches the wall time of a build that uses every core more than one that uses one). Each
round's ratio compares builds made one after the other, and the figure is the median of the
rounds' ratios: a machine whose speed moves between rounds moves both sides of a ratio, not
one side of a median. It exits 1, naming the figure, when a ratio is over its budget. It is a benchmark, not a timed unit test: nothing here asserts a
number of seconds.

The budgets (issue 21 sets the targets, in wall time on an idle machine; the budgets hold
today's CPU-time figures on an idle machine plus about 25%, so a regression fails CI while the work towards the
targets goes on; lower them as the build gets faster):

| figure | budget | target |
| --- | --- | --- |
| full build, empty cache (share pictures drawn), / plain's full build | FULL_BUDGET | 1.5 |
| rebuild after one edited story, / plain's full build | REBUILD_BUDGET | 0.4 |
| the same rebuild in a fresh checkout with the kept cache, as CI builds a merge | none yet (CHECKOUT_BUDGET) | 0.4 |
| full build with every story also in Vietnamese, / our own one-language full build | LANGUAGES_BUDGET | 2.0 |
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus
from .build import clean_ours, fresh_checkout, mkdocs_env, pick_story, read_stories, site_builder, write_plain

# CPU-time ratios measured 2026-12-02 on 2 cores with nothing else running, twice: full 6.71x and
# 6.75x (wall 4.23x, 4.31x), rebuild 2.64x and 2.48x (wall 2.17x, 2.04x). On a busy machine the
# ratios come out lower (5.4x, 1.6x): plain's CPU time grows more. Each budget is the idle
# figure plus about 25%, so a regression of that size fails CI.
# Later the same day the search index was made in parts kept by their pages' digests, and a
# rebuild re-indexes only the edited story's part. Three CI runs on clean clones (idle) then gave
# full 5.49x, 5.46x and 5.84x, rebuild 0.87x, 0.87x and 0.91x (wall 3.1-3.4x, 0.71-0.75x); a busy
# machine 5.39x and 0.92x. The budgets came down to the highest plus about 25%: full 8.5x -> 7.3x,
# rebuild 3.3x -> 1.15x.
# Then share pictures were drawn from prepared backgrounds (about half the CPU per card): a CI run
# on a clean clone at 90b0aec gave full 4.99x (wall 2.92x), rebuild 0.90x, two languages 1.97x.
# The full budget came down to that plus about 25%: 7.3x -> 6.3x.
# Then pages were kept by records of their inputs, share pictures linked past the engine, and the
# search merge compressed on every core: a CI run on a clean clone at 1287bc4 gave full 4.22x
# (wall 2.47x), rebuild 0.46x (wall 0.41x), two languages 2.09x. The budgets came down to those
# plus about 25%: full 6.3x -> 5.3x, rebuild 1.15x -> 0.6x.
FULL_BUDGET = 5.3
REBUILD_BUDGET = 0.6
# Ours against ours, so load affects both alike: 2.04x (busy); 1.99x, 2.07x, 2.03x (CI, idle); 1.92x once
# another language's listings render in its first wave. Target 2.0x:
# twice the pages, share pictures and index, and one engine start-up more per shard.
LANGUAGES_BUDGET = 2.3
# The rebuild in a fresh checkout with the kept cache is shown but has no budget yet: on 2026-12-03
# it gave 0.43x and 0.39x in quiet rounds and 0.65-0.67x in rounds where the machine's system
# time doubled (the in-place rebuild 0.49-0.50x in those); a clean-clone CI run gave 0.44x. The
# regression it would guard against (every page generated again in a fresh checkout): the code
# before the staging moved into the cache (4b303d7) took 6.6-9.3 s of CPU at 1,000 stories against
# 2.7-3.8 s now (three fresh checkouts of each, in turn), about 0.75-1.0x plain. A budget of 0.6x
# would part the two except in the noisiest rounds; it waits for more CI runs of this figure. At
# 10,000 stories it took 29.6 s before and 11.8 s after (by hand; bench.phases measures it there).
CHECKOUT_BUDGET = None
TARGETS = {"full": 1.5, "rebuild": 0.4, "checkout": 0.4, "languages": 2.0}


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the whole process tree) of one command, which must succeed.

    The budget is checked on CPU time: on a machine busy with other work, wall time stretches
    a build that runs on every core more than one that runs on one, while the CPU time each
    needs stays put. Wall time is printed beside it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"budget: {' '.join(cmd[:4])} failed with exit {done.returncode}:\n{done.stdout[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def edit_one_story(root: Path) -> None:
    """Change one sentence of one story, as an editor's pull request does."""
    story = pick_story(root)
    text = story.read_text(encoding="utf-8")
    story.write_text(text.rstrip("\n") + "\n\nOne more sentence, added for the rebuild.\n", encoding="utf-8")


def measure(size: int, reps: int, work: Path) -> dict[str, list[tuple[float, float]]]:
    root = work / "stories"
    corpus.generate(size, root)
    plain = write_plain(root, read_stories(root), work / "plain", search=True)
    ours_cmd = [site_builder(), "build", "--root", str(root)]
    plain_cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(plain)]
    both = work / "two-languages"  # the same stories, each also in Vietnamese (corpus.translate)
    corpus.generate(size, both)
    corpus.translate(both)
    both_cmd = [site_builder(), "build", "--root", str(both)]
    runs: dict[str, list[tuple[float, float]]] = {"plain": [], "full": [], "rebuild": [], "checkout": [],
                                                  "languages": []}
    for _ in range(reps):
        shutil.rmtree(work / "plain" / "site", ignore_errors=True)
        runs["plain"].append(timed(plain_cmd, work / "plain", mkdocs_env()))
        clean_ours(root)
        runs["full"].append(timed(ours_cmd, root))
        edit_one_story(root)
        runs["rebuild"].append(timed(ours_cmd, root))
        checkout = fresh_checkout(root, work / "checkout")  # as CI builds a merge
        edit_one_story(checkout)
        runs["checkout"].append(timed([site_builder(), "build", "--root", str(checkout)], checkout))
        clean_ours(both)
        runs["languages"].append(timed(both_cmd, both))
    return runs


def report(runs: dict[str, list[tuple[float, float]]], size: int) -> tuple[list[str], list[str]]:
    """The lines to print, and the figures over budget (CPU-time ratios)."""
    def median(key: str, index: int) -> float:
        return statistics.median(run[index] for run in runs[key])

    def ratio_of(key: str, base: str, index: int) -> float:
        """The median of each round's ratio of `key` to `base` (CPU: index 1, wall: 0)."""
        return statistics.median(ours[index] / theirs[index] for ours, theirs in zip(runs[key], runs[base]))

    def each(key: str, base: str) -> str:
        return ", ".join(f"{ours[1] / theirs[1]:.2f}" for ours, theirs in zip(runs[key], runs[base]))

    plain_wall, plain_cpu = median("plain", 0), median("plain", 1)
    lines = [f"Build budget at {size} stories, {os.cpu_count()} cores ({len(runs['plain'])} rounds; "
             "the budget is on CPU time, the median of the rounds' ratios, wall time beside it):",
             f"  mkdocs-material + its search, full build: {plain_cpu:.1f} s CPU, {plain_wall:.1f} s wall"]
    over = []
    for key, label, budget in (("full", "site-builder full build, empty cache", FULL_BUDGET),
                               ("rebuild", "site-builder rebuild after one edited story", REBUILD_BUDGET)):
        ratio = ratio_of(key, "plain", 1)
        verdict = "within budget" if ratio <= budget else "OVER BUDGET"
        lines.append(f"  {label}: {median(key, 1):.1f} s CPU, {ratio:.2f}x plain (rounds: {each(key, 'plain')}; "
                     f"budget {budget}x, target {TARGETS[key]}x): {verdict}; {median(key, 0):.1f} s wall, "
                     f"{ratio_of(key, 'plain', 0):.2f}x")
        if ratio > budget:
            over.append(f"{label} is {ratio:.2f}x plain mkdocs-material, over its budget of {budget}x")
    if runs.get("checkout"):  # measured and shown; no budget yet (CHECKOUT_BUDGET)
        lines.append(f"  the same rebuild in a fresh checkout with the kept cache, as CI builds a merge: "
                     f"{median('checkout', 1):.1f} s CPU, {ratio_of('checkout', 'plain', 1):.2f}x plain (rounds: "
                     f"{each('checkout', 'plain')}; no budget yet, target {TARGETS['checkout']}x); "
                     f"{median('checkout', 0):.1f} s wall, {ratio_of('checkout', 'plain', 0):.2f}x")
    ratio = ratio_of("languages", "full", 1)
    verdict = "within budget" if ratio <= LANGUAGES_BUDGET else "OVER BUDGET"
    lines.append(f"  site-builder full build, every story also in Vietnamese: {median('languages', 1):.1f} s CPU, "
                 f"{ratio:.2f}x our one-language full build (rounds: {each('languages', 'full')}; budget "
                 f"{LANGUAGES_BUDGET}x, target {TARGETS['languages']}x): {verdict}; {median('languages', 0):.1f} s wall, "
                 f"{ratio_of('languages', 'full', 0):.2f}x")
    if ratio > LANGUAGES_BUDGET:
        over.append(f"a site in two languages builds in {ratio:.2f}x one language's time, over its budget of "
                    f"{LANGUAGES_BUDGET}x")
    return lines, over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.budget", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="budget-") as folder:
        runs = measure(args.size, args.reps, Path(folder))
    lines, over = report(runs, args.size)
    print("\n".join(lines))
    for line in over:
        print(f"error: {line}; see bench/budget.py and BENCHMARKS.md", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
