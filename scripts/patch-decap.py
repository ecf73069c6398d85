#!/usr/bin/env python3
"""Our one change to Decap CMS's prebuilt bundle, applied by scripts/ensure-cms as it unpacks it.

Decap 3.16.3 (decap-cms-core 3.19.1) decides whether an entry has unsaved changes by comparing
the edited language's data with the entry as loaded, but reads the loaded one with
`entry.get(...path)`: Immutable's `get` takes one key, so for a second language it compares
with the whole `i18n` map and never finds them equal. Any change notice from that language's
form, even one that changes nothing (the pickers Decap mounts hidden there send one as they
load), marks the story "Unsaved changes" and hides "View Live". The fix reads the path with
`getIn`, as the rest of that reducer does. The text must occur exactly once, or nothing is
written and the unpacking fails loudly: a new Decap version needs this looked at again.
"""

from __future__ import annotations

import sys
from pathlib import Path

BUGGY = "c.equals(e.get(...u))"
FIXED = "c.equals(e.getIn(u))"


def main(bundle: Path) -> int:
    text = bundle.read_text(encoding="utf-8")
    count = text.count(BUGGY)
    if count != 1:
        print(f"scripts/patch-decap.py: expected {BUGGY!r} once in {bundle}, found it {count} times: "
              "this Decap version needs the patch looked at again", file=sys.stderr)
        return 1
    bundle.write_text(text.replace(BUGGY, FIXED), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
