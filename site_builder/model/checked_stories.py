"""Each story's checks, kept between runs by the digest of its bytes (`validate` at any size).

A pull request changes a few stories of thousands, yet `validate` parsed and checked every one
again: 5-6 s at 10,000 stories. A story's checks depend only on its bytes, its path and the
content files it refers to (principles, departments, awards, people), so its result is kept
under the digest of all of those and reused while none changed. The file lives in the work
folder (`.site-builder/`), which CI keeps between runs like the other caches.

It is JSON, never pickle: the work folder sits in the content root, which arrives by pull
request, and unpickling a file from one would run its code. A file that does not parse, or was
written by another version or for other content files, is ignored as a whole. Stories with
pictures are not kept: whether a picture decodes depends on bytes that are not the story's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any

from .entities import AwardGrant, Story, Turn
from .problems import Problem

VERSION = 1  # bump when a story's checks change, so earlier results are not reused


def context_digest(parts: list[tuple[str, bytes]], extra: str) -> str:
    """The digest of everything besides a story that its checks read: the content files as
    (path, bytes), and `extra` (site-builder's version, the kind of checks, preview or not)."""
    digest = hashlib.sha256(f"v{VERSION}\0{extra}\0".encode())
    for rel, data in sorted(parts):
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def story_digest(rel: str, data: bytes) -> str:
    return hashlib.sha256(rel.encode() + b"\0" + data).hexdigest()


class CheckedStories:
    """Load results by story digest, read from and written back to one JSON file."""

    def __init__(self, file: Path, context: str) -> None:
        self.file, self.context = file, context
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(saved, dict) and saved.get("context") == context and isinstance(saved.get("stories"), dict):
            self.entries = saved["stories"]

    def recall(self, key: str, text: str) -> tuple[tuple[Story, int] | None, list[Problem]] | None:
        """What loading the story with this digest gave last time, or None. `text` is the
        file's text as the loader reads it: the body is cut from it, not kept twice."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            loaded = None if entry["story"] is None else (story_from_json(entry["story"], text), int(entry["slug_line"]))
            problems = [Problem(**p) for p in entry["problems"]]
        except (KeyError, TypeError, ValueError):
            return None
        self.used[key] = entry
        return loaded, problems

    def remember(self, key: str, loaded: tuple[Story, int] | None, problems: list[Problem]) -> None:
        if loaded is not None and (loaded[0].cover is not None or loaded[0].images):
            return  # its pictures' bytes matter too
        self.used[key] = {"story": None if loaded is None else story_to_json(loaded[0]),
                          "slug_line": 0 if loaded is None else loaded[1],
                          "problems": [asdict(p) for p in problems]}

    def save(self) -> None:
        """Keep what this run used (a story deleted or changed since is dropped); a cache
        that cannot be written only costs time next run. Nothing is written when this run used
        exactly what was kept."""
        if self.used.keys() == self.entries.keys() and all(self.used[key] is self.entries[key] for key in self.used):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".checked-", dir=self.file.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # `dumps`, not `dump`: only the one-shot encoder is the C one (ten times faster)
                handle.write(json.dumps({"context": self.context, "stories": self.used}, ensure_ascii=False,
                                        separators=(",", ":"), sort_keys=True))
            os.replace(tmp, self.file)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return


def story_to_json(story: Story) -> dict[str, Any]:
    out = asdict(story)
    del out["body"]  # the text after the front matter, from `body_line` on
    out["path"] = story.path.as_posix()
    out["date"] = story.date.isoformat()
    out["publish_on"] = story.publish_on.isoformat() if story.publish_on else None
    out["cover"] = story.cover.as_posix() if story.cover else None
    out["images"] = [[written, resolved.as_posix()] for written, resolved in story.images]
    return out


def from_line(text: str, line: int) -> str:
    """`text` from its `line`th line on (counted from 1), as the loader cuts a story's body: by
    finding its first line breaks, not by splitting the whole story into lines and joining
    them again (a tenth of `validate` at 10,000 stories)."""
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:  # fewer lines than that
            return ""
    return text[at:]


def story_from_json(data: dict[str, Any], text: str) -> Story:
    values = dict(data)
    values["body"] = from_line(text, int(data["body_line"]))
    values["path"] = PurePosixPath(data["path"])
    values["date"] = dt.date.fromisoformat(data["date"])
    values["publish_on"] = dt.datetime.fromisoformat(data["publish_on"]) if data["publish_on"] else None
    values["cover"] = PurePosixPath(data["cover"]) if data["cover"] else None
    values["images"] = tuple((written, PurePosixPath(resolved)) for written, resolved in data["images"])
    values["awards"] = tuple(AwardGrant(a["award"], a["year"], tuple(a["people"]), a["citation"])
                             for a in data["awards"])
    values["turns"] = tuple(Turn(t["line"], t["kind"], t["number"], t["speaker"], t["addressee"],
                                 tuple(t["addressees"])) for t in data["turns"])
    for key in ("principles", "departments", "people", "tags"):
        values[key] = tuple(data[key])
    return Story(**values)
