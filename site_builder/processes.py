"""How site-builder uses the machine's cores: one process model, one count of cores.

Work is spread by forking. A forked worker shares the loaded site (thousands of stories)
without copying or pickling it, and starts in milliseconds. Forking is safe here because every
process that forks is single-threaded: the CLI, the build, the preview's watcher. Where the
system has no fork (Windows, macOS' default is spawn and unsafe to fork with some libraries),
the same work runs in this process, one item after another, with the same result.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os


def available_cores() -> int:
    """The cores this process may use (CI's container may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_context() -> multiprocessing.context.BaseContext | None:
    """The context workers are made in; None where work must stay in this process."""
    return multiprocessing.get_context("fork") if can_fork() else None
