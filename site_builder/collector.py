"""How site-builder's processes use Python's garbage collector.

Python looks for reference cycles in passes, and a full pass visits every object the process
holds. At 10,000 stories the loaded site is millions of objects, and the passes were a second
and a half of a rebuild after one edit, and 0.15-0.25 s of each save in the preview, for
cycles the content model does not make. Objects without cycles are freed as soon as nothing
refers to them, whatever is decided here; only the search for cycles is tuned.
"""

from __future__ import annotations

import gc

# Objects made between the collector's quick passes (Python's default is 700). A build makes
# and keeps hundreds of thousands; fewer passes, each over more new objects, cost less.
FIRST_THRESHOLD = 50_000


def for_one_run() -> None:
    """A command that ends when its work is done (`build`, `validate`, the search merge): the
    collector's passes come less often. Its memory is given back when it ends."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(FIRST_THRESHOLD, middle, oldest)


def set_aside_loaded(collect_first: bool) -> None:
    """What is loaded now (the site, its stories and their checks) stays to the end, so it is
    left out of every later pass (`gc.freeze`). A long-lived process (the preview) collects
    first, so no cycle already garbage is kept for good; a one-run command need not."""
    if collect_first:
        gc.collect()
    gc.freeze()
