"""`site-builder fix`: rewrite stories into the current interview syntax and list each change."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..authoring.fix import NotAStory, fix
from .exits import INVALID, OK, USAGE


def add_parser(commands: Any, with_root: Any) -> None:
    sub = commands.add_parser("fix", help="rewrite stories into the current interview syntax, listing each change")
    with_root(sub)
    sub.add_argument("paths", nargs="*", type=Path, metavar="PATHS",
                     help="story files or folders, relative to ROOT (default: every story under ROOT/stories)")
    sub.add_argument("--dry-run", action="store_true", help="list the changes without writing them")


def run(args: argparse.Namespace) -> int:
    """Exit 0 when nothing is left for an editor to settle, 1 when something is, 2 for a bad path."""
    try:
        outcome = fix(args.root, args.paths, dry_run=args.dry_run)
    except NotAStory as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    for change in outcome.changes:
        print(change.text())
    verb = "would change" if args.dry_run else "changed"
    print(f"{len(outcome.changes)} lines {verb} in {len(outcome.stories)} stories"
          + (" (nothing written: --dry-run)" if args.dry_run and outcome.changes else ""))
    if outcome.left:
        print("Left for you to fix (each hint says how):")
        for problem in outcome.left:
            print(problem.text())
        return INVALID
    return OK
