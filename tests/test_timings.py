"""`site-builder build --timings` tells where a build's time and memory go, phase by phase."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import run_cli

PHASES = ("load and validate", "generate pages", "pictures", "share pictures", "stage media and assets",
          "render: choose pages", "render: searched pages", "search index: parts", "render: listings",
          "sitemap, cache, editor", "search index: waiting", "search index: Pagefind", "search index: merge", "swap")
RECORDED = ("search index: Pagefind", "search index: merge")  # beside other phases: no memory, not in the total
ROW = re.compile(r"^(?P<name>.+?)\s{2,}(?P<seconds>\d+\.\d\d)(?:\s+(?P<mib>\d+))?(?:\s+\((?P<note>.+)\))?$")


def table(output: str) -> dict[str, tuple[float, int | None]]:
    rows = {}
    for line in output.splitlines():
        match = ROW.match(line)
        if match:
            mib = match.group("mib")
            rows[match.group("name")] = (float(match.group("seconds")), int(mib) if mib else None)
    return rows


def test_build_timings_lists_every_phase_with_its_time_and_memory(root: Path) -> None:
    code, out = run_cli("build", "--root", root, "--timings")
    assert code == 0, out
    rows = table(out)
    assert list(rows)[: len(PHASES)] == list(PHASES), out
    assert rows["render: searched pages"][1] is not None and rows["render: searched pages"][1] > 20
    total = rows["total"][0]
    assert all((rows[p][1] is None) == (p in RECORDED) for p in PHASES), out
    assert abs(total - sum(rows[p][0] for p in PHASES if p not in RECORDED)) < 0.05
    assert "Built 1 stories" in out


def test_a_build_without_timings_prints_no_table(root: Path) -> None:
    code, out = run_cli("build", "--root", root)
    assert code == 0, out
    assert "peak MiB" not in out
