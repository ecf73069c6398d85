"""Write the staged site: the generator's pages, their fragments, media, feeds and the guide.

Only real changes are written, each in one step, so the live preview's engine (which watches
the folder) rebuilds only the pages a change touched and never reads half a page. The result
says which pages exist (`staged.StagedPage`), so the build never guesses it from paths.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from .. import folders
from ..media import share_card
from ..media.images import make
from ..model import Site, Story
from ..model.containment import OutsideRoot, Root
from ..resources import guide_dir
from ..staged import FACETS, StagedPage, fragment_path, front_matter, media_path
from ..processes import fork_context
from ..timings import NONE, Timings
from . import feeds, pictures, search, share
from ..settings import Settings
from .generator import Generator, Page
from .inputs import Inputs, Record, Records, record, save

GUIDE_PAGE = "guide/index.md"
MIN_PAGES_PER_WORKER = 400  # below this, starting a worker costs more than it saves


@dataclass(frozen=True)
class Staged:
    pages: list[StagedPage]  # every page, in the order the generator made them
    changed: list[str]  # staged files written or removed by this run
    # Published as they are, beside the engine: no page's Markdown links to them (share
    # pictures are named only in each page's front matter), so the engine need not copy them.
    as_is: tuple[str, ...] = ()


def page_files(path: str, text: str, fragments: str) -> list[tuple[str, str]]:
    """A rendered page's staged files; its fragments come first, so an engine watching the
    folder never renders the page before they are there."""
    files = [(fragment_path(path), fragments)] if fragments else []
    return files + [(path, text)]


@dataclass
class Written:
    """What writing pages did: each staged file with whether it changed, and the records of
    the story pages (`inputs.Records`) for the next staging."""

    files: list[tuple[str, bool]] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)

    def add(self, other: Written) -> None:
        self.files += other.files
        self.records |= other.records


def write_pages(generator: Generator, pages: list[Page], docs: Path, inputs: Inputs | None = None,
                records: Records = Records()) -> Written:
    """Render and write pages one at a time (memory stays flat). With `inputs`, a page whose
    inputs and files are as `records` has them is kept as it is, not rendered again."""
    out = Written()
    for page in pages:
        known = inputs.of(page) if inputs else None
        kept = records.kept(page.path, known[0], docs) if known else None
        if kept is not None:
            out.files += [(rel, False) for rel, *_ in kept.files]
            out.records[page.path] = kept
            continue
        rendered = generator.render(page)
        files = [(rel, text.encode("utf-8")) for rel, text in page_files(page.path, rendered.text, rendered.fragments)]
        out.files += [(rel, write_if_changed(docs / rel, data)) for rel, data in files]
        if known:
            out.records[page.path] = record(known[0], docs, files, known[1])
    return out


def _write_in_child(generator: Generator, pages: list[Page], docs: Path, inputs: Inputs | None, records: Records,
                    connection: Connection) -> None:
    connection.send(write_pages(generator, pages, docs, inputs, records))
    connection.close()


class WorkerLost(Exception):
    """A page-rendering worker ended without sending its pages (killed, out of memory)."""


def write_all(generator: Generator, pages: list[Page], docs: Path, jobs: int, inputs: Inputs | None = None,
              records: Records = Records()) -> Written:
    """`write_pages` on `jobs` cores: forked workers share the loaded site without copying it,
    and send back only which files they wrote."""
    workers = min(jobs, len(pages) // MIN_PAGES_PER_WORKER)
    context = fork_context()
    if workers < 2 or context is None:
        return write_pages(generator, pages, docs, inputs, records)
    children = []
    for index in range(1, workers):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_write_in_child,
                                args=(generator, pages[index::workers], docs, inputs, records, sender))
        child.start()
        sender.close()
        children.append((child, receiver))
    written = write_pages(generator, pages[0::workers], docs, inputs, records)
    for child, receiver in children:
        try:
            written.add(receiver.recv())
        except EOFError:
            raise WorkerLost("a page-rendering worker stopped without its pages") from None
        finally:
            child.join()
    return written


def views(site: Site) -> list[Site]:
    """The site once per language, the first first: every page kind exists in each."""
    return [site.in_language(language) for language in site.languages]


def other_files(site: Site, generator: Generator, settings: Settings) -> dict[str, str]:
    """Staged files besides the pages of one language: facet names, feeds, and with the first
    language, the editor guide (written for editors, in English)."""
    facets = search.facet_names(site, generator.t)
    files = {generator.urls.file(FACETS): json.dumps(facets, ensure_ascii=False, separators=(",", ":"))}
    files |= feeds.render_feeds(site, generator.env, settings.name, settings.url, generator.t)
    if site.lang == site.languages[0]:
        files[GUIDE_PAGE] = guide_page()
    return files


def generate(site: Site, settings: Settings = Settings()) -> dict[str, str]:
    """Every staged file (pages, fragments, feeds, facet names) by its path, in memory."""
    files = {}
    for view in views(site):
        generator = Generator(view, settings)
        for page in generator.pages():
            rendered = generator.render(page)
            files.update(page_files(page.path, rendered.text, rendered.fragments))
        files |= other_files(view, generator, settings)
    return files


def guide_page() -> str:
    """The editor guide, shipped in the package, published with every site at /guide/."""
    text = (guide_dir() / "editor-guide.md").read_text(encoding="utf-8")
    meta = {"title": "Editor guide", "description": "How to write, check and publish a story.",
            "hide": ["navigation"]}
    return f"{front_matter(meta)}\n{text}"


def guide_images() -> dict[str, bytes]:
    folder = guide_dir() / "images"
    if not folder.is_dir():
        return {}
    return {f"guide/images/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def stage_stories(site: Site, root: Path, docs: Path, stories: list[Story], settings: Settings = Settings()) -> list[str]:
    """Write just these stories' own pages, in every language: the live preview shows an edited
    story first, and restages everything else (listings, related stories) right after."""
    planned = pictures.plan_all(root, pictures.resized(site, stories))
    found = {key: picture for key, (picture, _) in planned.items()}
    slugs = {story.slug for story in stories}
    written = Written()
    for view in views(site):
        generator = Generator(view, settings, found)
        written.add(write_pages(generator, [generator.story_page(s) for s in view.all_stories if s.slug in slugs], docs))
    return [rel for rel, changed in written.files if changed]


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only real changes, so the preview rebuilds only the pages a change touched.

    A changed file is replaced in one step: the engine's server, watching the folder, never
    reads half a page, even if the preview stops a restage midway."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)  # a new file: nothing to keep whole (and a rename costs time)
        return True
    partial = path.with_name(f".{path.name}.partial")  # a dot file: the engine ignores it
    partial.write_bytes(data)
    os.replace(partial, path)
    return True


def link_if_changed(path: Path, source: Path) -> bool:
    """`path` becomes a hard link to `source` (a copy where links are refused), unless it
    already is one: like `write_if_changed`, for files too many to hold in memory."""
    try:
        if os.stat(path).st_ino == os.stat(source).st_ino:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        os.link(source, partial)
    except OSError:
        shutil.copyfile(source, partial)
    os.replace(partial, path)
    return True


def remove_stale(docs: Path, keep: set[str]) -> list[str]:
    """Remove every staged file not in `keep`, and folders left empty; the files removed, last
    path first (`folders.prune`: a staged archive of 10,000 stories holds 30,000 files)."""
    return sorted(folders.prune(docs, keep)[1], reverse=True)


def root_assets(root: Path) -> dict[str, bytes]:
    """The root's `assets/` folder, published as it is. Raises `OutsideRoot` for a link that
    leaves the root (validation reports it first, at its path)."""
    contained = Root.of(root)
    out = {}
    for found in contained.files(root / "assets"):
        if isinstance(found, OutsideRoot):
            raise found
        out[contained.rel(found)] = found.read_bytes()
    return out


def stage(site: Site, root: Path, docs: Path, settings: Settings = Settings(), jobs: int = 1,
          image_cache: Path | None = None, card_cache: Path | None = None, timings: Timings = NONE,
          records: Path | None = None) -> Staged:
    """Write the pages and media into `docs` and remove stale files. With `records` (a file), a
    story page whose inputs did not change since the staging that wrote them is kept (`inputs`).

    Raises `ImageError` for a cover or portrait that cannot be decoded."""
    with timings.phase("generate pages"):
        planned = pictures.plan_all(root, pictures.resized(site))
        found = {key: picture for key, (picture, _) in planned.items()}
        pages: list[Page] = []
        written = Written()
        wanted: dict[str, bytes] = {}
        last = Records.load(records)
        relations: dict[str, str] = {}
        if records is not None:
            records.unlink(missing_ok=True)  # until this staging is done, its files are no record
        for view in views(site):
            generator = Generator(view, settings, found)
            view_pages = generator.pages()
            inputs = Inputs(generator, last) if records is not None else None
            written.add(write_all(generator, view_pages, docs, jobs, inputs, last))
            if inputs is not None:
                relations[view.lang] = inputs.relations
            wanted |= {rel: text.encode("utf-8") for rel, text in other_files(view, generator, settings).items()}
            pages += view_pages
    with timings.phase("pictures"):
        for source in pictures.in_text(site):
            wanted[media_path(source)] = (root / source).read_bytes()
        cache = image_cache or docs.parent / "image-cache"
        wanted |= make(list(planned.values()), cache, jobs, prune=True)
    with timings.phase("share pictures"):
        cards = share.cards(site, root, settings.name, settings.primary, settings.accent, settings.logo)
        card_files = share_card.make(cards, card_cache or docs.parent / "share-card-cache", jobs)
    with timings.phase("stage media and assets"):
        guide = guide_images()
        wanted |= guide
        wanted |= root_assets(root)
        changed = [rel for rel, data in sorted(wanted.items()) if write_if_changed(docs / rel, data)]
        changed += [rel for rel, source in sorted(card_files.items()) if link_if_changed(docs / rel, source)]
        changed += [rel for rel, was_changed in written.files if was_changed]
        keep = wanted.keys() | card_files.keys() | {rel for rel, _ in written.files}
        changed += remove_stale(docs, keep)
    if records is not None:
        save(records, written.records, relations)
    return Staged([page.staged() for page in pages] + [StagedPage(GUIDE_PAGE, files=tuple(guide))], changed,
                  tuple(sorted(card_files)))
