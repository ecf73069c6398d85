"""Decap CMS's local backend in Python: the `POST /api/v1` protocol of decap-server, over the
content root's files, committing every save on the checked-out branch.

Why not decap-server itself: it needs Node.js at run time, which a company that installed
site-builder from a wheel does not have; in its file-system mode it cannot answer the
editorial workflow the built config asks for ("Unknown action unpublishedEntries"); in its git
mode it checks out a fixed branch and commits whatever git sees, the built site and the cache
included when there is no `.gitignore`. This backend speaks the same protocol (decap-server
3.x, `packages/decap-server/src/middlewares/localFs`), announces the `simple` publish mode
(Decap then saves straight to the branch; the pull request is made when the editor pushes),
and commits only the files of each save, through `vcs.commit_paths`.

Every path is relative to the root, must be under a content folder, and must stay inside the
root once links are resolved (`model.containment`); anything else is refused with a 422 and a
sentence, never read or written.

On a site with two languages or more, Decap (i18n `multiple_files`) names a story's first
language file `<story>.en.md`; here that is `<story>.md`, the name the command line writes, so a
story edited in the browser is not left in two files (`<story>.en.md` is used as it is when it
is already there). A translation Decap writes (`<story>.vi.md`) keeps only what a translation
holds: Decap 3.16's relation pickers, mounted hidden in the other language's form, copy the
story's principles, departments and people into it, which validation refuses; and a translation
with nothing in it (Decap sends one for every language when only the story was edited) is no
file, so the story stays untranslated rather than translated into nothing. Read, a translation
(or a story's missing one) is shown with the story's other keys already in it, so those copies
change nothing and a story opens without "Unsaved changes" (with scripts/patch-decap.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model.containment import Root
from ..model.fields import TRANSLATION_KEYS
from ..model.loader import story_files_of
from . import vcs

PUBLISH_MODES = ["simple"]


class Refused(Exception):
    """A request the backend will not carry out; the message goes back to the editor's screen."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Saved:
    """What one save wrote, for the terminal: the files and the commit that holds them."""

    paths: list[str]
    commit: str | None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_FRONT_MATTER = re.compile(r"\A---\r?\n(?P<head>.*?)^---[ \t]*$", re.MULTILINE | re.DOTALL)


def front_matter(raw: str) -> tuple[dict[str, Any] | None, re.Match[str] | None]:
    """A file's front matter as a mapping ({} when it has none or it is empty) and where it is
    in the text; None for a mapping that cannot be read (not YAML, nested too deep, not a
    mapping): validation says what is wrong with it, at its line."""
    found = _FRONT_MATTER.match(raw)
    if not found:
        return {}, None
    try:
        meta = yaml.safe_load(found.group("head"))
    except (yaml.YAMLError, RecursionError):
        return None, found
    if meta is None:
        return {}, found
    return (meta if isinstance(meta, dict) else None), found


def translation_only(raw: str) -> str:
    """A translation file as Decap wrote it, less every front matter key a translation does not
    hold (`TRANSLATION_KEYS`) and any left empty; unchanged when there is nothing to take out
    (or when it is not front matter this can read: validation then says what is wrong)."""
    meta, found = front_matter(raw)
    if meta is None or found is None:
        return raw
    kept = {k: v for k, v in meta.items() if k in TRANSLATION_KEYS and v not in (None, "")}
    if kept == meta:
        return raw
    head = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=1000) if kept else ""
    return "---\n" + head + raw[found.end("head"):]


def translates_nothing(raw: str) -> bool:
    """A translation file with no front matter values and no text: what Decap writes for the
    other language when only the story was edited. Such a file is no translation."""
    meta, found = front_matter(raw)
    return meta == {} and not raw[found.end() if found else 0:].strip()


@dataclass
class LocalBackend:
    """The protocol over one content root. Thread-safe: one save (write + commit) at a time."""

    root: Path
    committing: bool = True
    languages: tuple[str, ...] | None = None  # None: the root's, from mkdocs.yml as it is now
    saved: list[Saved] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _root: Root = field(init=False)
    _read: tuple[object, tuple[str, ...]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self._root = Root.of(self.root)

    # --- paths -----------------------------------------------------------------------------

    def _languages(self) -> tuple[str, ...]:
        """The languages given, or the root's: mkdocs.yml is read again only when it changed
        (its inode, mtime or size), not for every path, and still followed while `edit` runs.
        () when mkdocs.yml cannot be used."""
        if self.languages is not None:
            return self.languages
        try:
            stat = (self.root / "mkdocs.yml").stat()
            key: object = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = None  # no mkdocs.yml (yet): the default languages, until one appears
        read = self._read  # one attribute, replaced whole: safe for the server's threads
        if read is not None and read[0] == key:
            return read[1]
        from ..project import ConfigError, Project

        try:
            languages = tuple(Project.open(self.root).languages)
        except ConfigError:
            languages = ()
        self._read = (key, languages)
        return languages

    def _first_language(self) -> str | None:
        """The site's first language when it has more than one (Decap then names files by it)."""
        languages = self._languages()
        return languages[0] if len(languages) > 1 else None

    def _is_translation(self, rel: str) -> bool:
        """`stories/.../<story>.<lang>.md` for one of the site's languages other than the first."""
        from ..model.loader import translation_language

        if not rel.startswith("stories/") or not rel.endswith(".md"):
            return False
        languages = self._languages()
        return len(languages) > 1 and translation_language(Path(rel)) in languages[1:]

    def _on_disk(self, rel: str) -> str:
        """Decap's `stories/.../<story>.<first>.md` is `<story>.md` unless that name is already taken."""
        first = self._first_language()
        suffix = f".{first}.md"
        if first is None or not rel.startswith("stories/") or not rel.endswith(suffix) or (self.root / rel).exists():
            return rel
        return rel[: -len(suffix)] + ".md"

    def _shown(self, rel: str) -> str:
        """How Decap is to see a story file: `<story>.md` as `<story>.<first>.md`."""
        from ..model.loader import translation_language

        first = self._first_language()
        if first is None or not rel.startswith("stories/") or not rel.endswith(".md") or translation_language(Path(rel)):
            return rel
        shown = rel[: -len(".md")] + f".{first}.md"
        return rel if (self.root / shown).exists() else shown

    def _path(self, rel: object) -> Path:
        """The file for a protocol path, or `Refused`: a content folder, inside the root."""
        if not isinstance(rel, str) or not rel:
            raise Refused("a file path is missing")
        rel = self._on_disk(rel.replace("\\", "/").lstrip("/"))
        if not vcs.content_path(rel):
            raise Refused(f"{rel}: the editor only reads and writes under "
                          f"{', '.join(f'{f}/' for f in vcs.CONTENT_FOLDERS)}")
        path = self.root / rel
        reason = self._root.escape(path)
        if reason is not None:
            raise Refused(f"{rel} {reason}")
        return path

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _listing(self, folder: str, extension: str, depth: int) -> list[str]:
        """Files under `folder` ending in `extension`, at most `depth` levels down, sorted."""
        base = self._path(folder.rstrip("/") + "/x").parent
        out: list[str] = []
        for found in self._root.files(base):
            if not isinstance(found, Path) or not found.name.endswith(extension):
                continue
            if len(found.relative_to(base).parts) <= max(depth, 1):
                out.append(self._shown(self._rel(found)))
        return out

    def _entry(self, rel: str, label: object = None) -> dict[str, Any]:
        path = self._path(rel)
        try:
            data: bytes | None = path.read_bytes()
        except OSError:
            data = None
        if self._is_translation(self._rel(path)):
            data = self._with_story_keys(path, data)
        if data is None:
            return {"data": None, "file": {"path": rel, "label": label, "id": None}}
        return {"data": data.decode("utf-8", errors="replace"),
                "file": {"path": rel, "label": label, "id": _sha256(data)}}

    def _with_story_keys(self, translation: Path, data: bytes | None) -> bytes | None:
        """A translation (or a story's missing one) as Decap is to see it: with the story's
        other front matter keys too. The pickers Decap mounts hidden in that language's form
        copy them in as the form opens; had they not been there already, every story opened
        as "Unsaved changes", without "View Live". Saving takes them out again
        (`translation_only`)."""
        story = self._story_of(translation)
        shared = front_matter(story.read_text(encoding="utf-8", errors="replace"))[0] if story else None
        if not shared:
            return data
        text = data.decode("utf-8", errors="replace") if data is not None else ""
        own, found = front_matter(text)
        if own is None:  # not front matter this can read: shown as it is, validation says why
            return data
        body = text[found.end():] if found else (text or "\n")
        merged = {**{k: v for k, v in shared.items() if k not in TRANSLATION_KEYS}, **own}
        head = yaml.safe_dump(merged, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{head}---{body}".encode("utf-8")

    def _story_of(self, translation: Path) -> Path | None:
        """The story file a translation translates: `<story>.md`, or `<story>.<first>.md`."""
        for candidate in story_files_of(translation, self._first_language()):
            if candidate.is_file() and self._root.escape(candidate) is None:
                return candidate
        return None

    def _media(self, rel: str) -> dict[str, Any]:
        path = self._path(rel)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise Refused(f"{rel} cannot be read: {exc.strerror}", 404) from exc
        return {"id": _sha256(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
                "path": rel, "name": path.name}

    # --- writing ---------------------------------------------------------------------------

    def _write(self, rel: str, data: bytes) -> str:
        path = self._path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return self._rel(path)

    def _commit(self, paths: list[str], message: object) -> None:
        commit = None
        if self.committing:
            try:
                commit = vcs.commit_paths(self.root, paths, str(message or "Edit content"))
            except vcs.GitError as exc:
                raise Refused(f"saved, but not committed: {exc}", 500) from exc
        self.saved.append(Saved(paths, commit))

    @staticmethod
    def _asset_bytes(asset: dict[str, Any]) -> bytes:
        content = asset.get("content", "")
        if asset.get("encoding") == "base64":
            return base64.b64decode(content)
        return str(content).encode("utf-8")

    def _persist_entry(self, params: dict[str, Any]) -> dict[str, Any]:
        entry = params.get("entry")
        data_files = params.get("dataFiles") or ([entry] if entry else [])
        assets = params.get("assets") or []
        options = params.get("options") or {}
        if options.get("useWorkflow"):
            raise Refused("this local editor saves straight to the branch; reload the page")
        for item in [*data_files, *assets]:  # refuse before writing anything
            self._path(item.get("path"))
            if item.get("newPath"):
                self._path(item["newPath"])
        written: list[str] = []
        for item in data_files:
            raw = str(item.get("raw", ""))
            path = self._path(item["path"])
            if self._is_translation(self._rel(path)):
                raw = translation_only(raw)
                if translates_nothing(raw):  # nothing in the other language: no file (none left behind)
                    if path.exists():
                        path.unlink()
                        written.append(self._rel(path))
                    continue
            written.append(self._write(item["path"], raw.encode("utf-8")))
        for asset in assets:
            written.append(self._write(asset["path"], self._asset_bytes(asset)))
        for item in data_files:
            if item.get("newPath"):  # a renamed entry: its file moves, nothing else does
                source, target = self._path(item["path"]), self._path(item["newPath"])
                target.parent.mkdir(parents=True, exist_ok=True)
                source.replace(target)
                written.append(self._rel(target))
        self._commit(list(dict.fromkeys(written)), options.get("commitMessage"))
        return {"message": "entry persisted"}

    def _delete(self, paths: list[object], message: object) -> list[str]:
        files = [self._path(p) for p in paths]
        for path in files:
            path.unlink(missing_ok=True)
        rels = [self._rel(p) for p in files]
        self._commit(rels, message)
        return rels

    # --- the protocol ----------------------------------------------------------------------

    def handle(self, action: object, params: dict[str, Any]) -> Any:
        """Answer one `{action, params}` request; `Refused` for what it will not do."""
        if action == "info":
            return {"repo": self.root.name, "publish_modes": PUBLISH_MODES, "type": "local_git"}
        if action == "entriesByFolder":
            files = self._listing(str(params.get("folder", "")), str(params.get("extension", "")),
                                  int(params.get("depth") or 1))
            return [self._entry(rel) for rel in files]
        if action == "entriesByFiles":
            return [self._entry(str(f.get("path", "")), f.get("label")) for f in params.get("files") or []]
        if action == "getEntry":
            return self._entry(str(params.get("path", "")))
        if action == "getMedia":
            files = self._listing(str(params.get("mediaFolder", "")), "", 1)
            return [self._media(rel) for rel in files]
        if action == "getMediaFile":
            return self._media(str(params.get("path", "")))
        if action == "getDeployPreview":
            return None
        with self._lock:
            options = params.get("options") or {}
            if action == "persistEntry":
                return self._persist_entry(params)
            if action == "persistMedia":
                asset = params.get("asset") or {}
                rel = self._write(str(asset.get("path", "")), self._asset_bytes(asset))
                self._commit([rel], options.get("commitMessage"))
                return self._media(rel)
            if action == "deleteFile":
                rels = self._delete([params.get("path")], options.get("commitMessage"))
                return {"message": f"deleted file {rels[0]}"}
            if action == "deleteFiles":
                rels = self._delete(list(params.get("paths") or []), options.get("commitMessage"))
                return {"message": f"deleted files {', '.join(rels)}"}
        raise Refused(f"Unknown action {action}")
