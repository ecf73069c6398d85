"""After an edit, the search index merge reuses the last merge's word-index chunks and merges
again only those the changed words are in; the index it writes is the one a whole merge of the
same parts writes, byte for byte. Where the last merge's state does not apply (pages added or
removed, a new metadata field, a state damaged, missing or made of other parts) the merge is a
whole one. The sample is indexed in four parts, and merged in small chunks so there are many."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.search.merge import KEPT_CHUNKS, STATE, Merged, Part, merge_prepared, prepare, read_data
from site_builder.search.pagefind import Indexing, _part_input, _shown, part_of

PARTS = 4
CHUNK = 200  # word positions per chunk: dozens of chunks for the sample
_PARAGRAPH = re.compile(r"<p>([^<]{60,})</p>")


def index(slim: Path, pages: list[str], into: Path) -> Path:
    """One part as the build makes it: Pagefind over `pages`, prepared for the merge."""
    inputs = _part_input(slim, pages, into / "input")
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(inputs), "--output-path", str(into / "bundle"),
                    "--quiet"], check=True)
    prepare(Part(into / "bundle", slim, pages), into / "prepared", _shown)
    return into


def merged(parts: list[Path], target: Path, state: Path | None = None, whole_above: float = 1.0) -> Merged:
    """The parts merged; with a state, incremental wherever it applies, however much changed (the
    sample is small: one story is a large share of it)."""
    return merge_prepared([part / "prepared" for part in parts], [part / "bundle" for part in parts], target, CHUNK,
                          state, whole_above)


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def words(bundle: Path) -> set[str]:
    """Every word the index holds, in any language."""
    out = set()
    for meta in bundle.glob("*.pf_meta"):
        for _, _, chunk in read_data(meta)[2]:
            out.update(word[0] for word in read_data(bundle / "index" / f"{chunk}.pf_index")[0])
    return out


@pytest.fixture(scope="module")
def sample(built_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]], list[Path]]:
    """The sample's slim pages, their split into parts, and the parts indexed."""
    slim = built_sample / ".site-builder" / "cache" / "search-input"
    pages = sorted(path.relative_to(slim).as_posix() for path in slim.rglob("*.html"))
    groups: list[list[str]] = [[] for _ in range(PARTS)]
    for rel in pages:
        groups[part_of(rel, PARTS)].append(rel)
    assert all(groups)
    work = tmp_path_factory.mktemp("parts")
    return slim, groups, [index(slim, group, work / str(number)) for number, group in enumerate(groups)]


class Corpus:
    """The sample's parts, edited one page at a time: each edit indexes its part again, in a
    folder of its own (the build's cache keeps the replaced part until the merge is done)."""

    def __init__(self, sample: tuple[Path, list[list[str]], list[Path]], work: Path) -> None:
        slim, groups, parts = sample
        self.work = work
        self.groups = [list(group) for group in groups]
        self.parts = list(parts)
        self.texts = {rel: (slim / rel).read_text(encoding="utf-8") for group in groups for rel in group}
        self.edits = 0

    def stories(self, number: int) -> list[str]:
        return [rel for rel in self.groups[number] if rel.startswith("stories/") and _PARAGRAPH.search(self.texts[rel])]

    def edit(self, rel: str, change: Callable[[str], str]) -> None:
        self.texts[rel] = change(self.texts[rel])
        self.reindex(next(n for n, group in enumerate(self.groups) if rel in group))

    def add(self, number: int, rel: str, text: str) -> None:
        self.groups[number] = sorted([*self.groups[number], rel])
        self.texts[rel] = text
        self.reindex(number)

    def remove(self, rel: str) -> None:
        number = next(n for n, group in enumerate(self.groups) if rel in group)
        self.groups[number].remove(rel)
        self.reindex(number)

    def reindex(self, number: int) -> None:
        self.edits += 1
        into = self.work / f"edit-{self.edits}"
        for rel in self.groups[number]:
            (into / "slim" / rel).parent.mkdir(parents=True, exist_ok=True)
            (into / "slim" / rel).write_text(self.texts[rel], encoding="utf-8")
        self.parts[number] = index(into / "slim", self.groups[number], into)


def paragraph(text: str, change: Callable[[str], str], which: int = 0) -> str:
    """`text` with its `which`-th long paragraph changed."""
    found = _PARAGRAPH.findall(text)[which]
    return text.replace(found, change(found), 1)


def a_word_changed(text: str) -> str:
    return paragraph(text, lambda p: p.replace(" the ", " thee ", 1) if " the " in p else p.replace(" ", " x ", 1))


def a_sentence_appended(text: str) -> str:
    return paragraph(text, lambda p: p + " The quokka committee approved it twice.", -1)


def a_paragraph_rewritten(text: str) -> str:
    return paragraph(text, lambda p: "An opening about marmalade, sextants and a lighthouse keeper, then " + p[len(p) // 2:])


def merges_alike(corpus: Corpus, state: Path, name: str) -> Merged:
    """Merge the corpus with the state, and as a whole without: the same files, the same bytes."""
    result = merged(corpus.parts, corpus.work / f"{name}-incremental", state)
    whole = merged(corpus.parts, corpus.work / f"{name}-whole")
    assert not whole.incremental
    incremental, expected = files(corpus.work / f"{name}-incremental"), files(corpus.work / f"{name}-whole")
    assert sorted(incremental) == sorted(expected)
    assert [rel for rel in expected if incremental[rel] != expected[rel]] == []
    return result


@pytest.mark.parametrize("change", [a_word_changed, a_sentence_appended, a_paragraph_rewritten])
def test_a_small_edit_merges_again_only_some_chunks_into_the_same_bytes(sample, tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    corpus = Corpus(sample, tmp_path)
    state = tmp_path / "state"
    first = merged(corpus.parts, tmp_path / "before", state)
    assert not first.incremental and first.chunks > 30
    corpus.edit(corpus.stories(1)[0], change)
    result = merges_alike(corpus, state, "after")
    assert result.incremental
    assert 0 < result.compressed < result.chunks / 2
    assert result.chunks == len(list((tmp_path / "after-incremental" / "index").iterdir()))


def test_random_edits_one_after_another_each_give_the_bytes_of_a_whole_merge(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = Corpus(sample, tmp_path)
    state = tmp_path / "state"
    merged(corpus.parts, tmp_path / "start", state)
    chance = random.Random(20240531)
    vocabulary = ["lantern", "harbour", "quokka", "the", "and", "customer", "ledger", "zephyrine", "một", "đường"]
    edits = [
        lambda p: p.replace(" ", f" {chance.choice(vocabulary)} ", 1),  # a word inserted near the start
        lambda p: p + f" {chance.choice(vocabulary).capitalize()} {chance.choice(vocabulary)}.",  # words appended
        lambda p: " ".join(w if chance.random() > 0.1 else chance.choice(vocabulary) for w in p.split(" ")),  # words replaced
        lambda p: p.rsplit(" ", 3)[0] + ".",  # the last words dropped
    ]
    compressed = []
    for step in range(8):
        stories = corpus.stories(chance.randrange(PARTS))
        if not stories:
            continue
        text_edit = chance.choice(edits)
        corpus.edit(chance.choice(stories), lambda text: paragraph(text, text_edit, chance.choice([0, -1])))
        result = merges_alike(corpus, state, f"step-{step}")
        assert result.incremental
        compressed.append(result.compressed / result.chunks)
    assert len(compressed) >= 5 and sum(compressed) / len(compressed) < 0.5
    kept = {path.name for path in (state / KEPT_CHUNKS).iterdir()}
    assert len(kept) == len(list((tmp_path / "step-7-incremental" / "index").iterdir()))  # the old ones removed


def test_a_word_seen_for_the_first_time_and_a_word_gone_from_the_whole_index(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = Corpus(sample, tmp_path)
    state = tmp_path / "state"
    merged(corpus.parts, tmp_path / "start", state)
    story = corpus.stories(2)[0]
    assert "zorblat" not in words(tmp_path / "start")
    corpus.edit(story, lambda text: paragraph(text, lambda p: p + " Zorblat, it worked."))
    assert merges_alike(corpus, state, "added").incremental
    assert "zorblat" in words(tmp_path / "added-incremental")
    corpus.edit(story, lambda text: text.replace(" Zorblat, it worked.", ""))
    assert merges_alike(corpus, state, "removed").incremental
    assert "zorblat" not in words(tmp_path / "removed-incremental")
    assert files(tmp_path / "removed-incremental") == files(tmp_path / "start")  # the index of before


def _page_added(corpus: Corpus, state: Path) -> None:
    story = corpus.stories(0)[0]
    corpus.add(0, story.replace("stories/", "stories/zz-copy-of-"), corpus.texts[story])


def _page_removed(corpus: Corpus, state: Path) -> None:
    corpus.remove(corpus.stories(3)[0])


def _a_new_metadata_field(corpus: Corpus, state: Path) -> None:
    corpus.edit(corpus.stories(1)[0], lambda text: text.replace(
        "<div data-pagefind-body>", '<div data-pagefind-body><span data-pagefind-meta="mood">Cheerful</span>', 1))
    assert "mood" in corpus.texts[corpus.stories(1)[0]]


def _state_damaged(corpus: Corpus, state: Path) -> None:
    corpus.edit(corpus.stories(1)[0], a_word_changed)
    data = bytearray((state / STATE).read_bytes())
    data[len(data) // 2] ^= 1
    (state / STATE).write_bytes(bytes(data))


def _state_missing(corpus: Corpus, state: Path) -> None:
    corpus.edit(corpus.stories(1)[0], a_word_changed)
    (state / STATE).unlink()


def _state_cut_short(corpus: Corpus, state: Path) -> None:
    corpus.edit(corpus.stories(1)[0], a_word_changed)
    (state / STATE).write_bytes((state / STATE).read_bytes()[:1000])


def _kept_chunk_damaged(corpus: Corpus, state: Path) -> None:
    corpus.edit(corpus.stories(1)[0], a_word_changed)
    for path in sorted((state / KEPT_CHUNKS).iterdir()):
        path.unlink()  # a link: the index merged last keeps its own
        path.write_bytes(b"not a chunk")


def _kept_chunks_missing(corpus: Corpus, state: Path) -> None:
    corpus.edit(corpus.stories(1)[0], a_word_changed)
    shutil.rmtree(state / KEPT_CHUNKS)


def _state_of_other_parts(corpus: Corpus, state: Path) -> None:
    corpus.parts[0], corpus.parts[1] = corpus.parts[1], corpus.parts[0]


def _replaced_part_gone(corpus: Corpus, state: Path) -> None:
    old = corpus.parts[2]
    corpus.edit(corpus.stories(2)[0], a_word_changed)
    shutil.rmtree(old / "prepared")


@pytest.mark.parametrize("change", [_page_added, _page_removed, _a_new_metadata_field, _state_damaged, _state_missing,
                                    _state_cut_short, _kept_chunk_damaged, _kept_chunks_missing, _state_of_other_parts,
                                    _replaced_part_gone])
def test_where_the_last_merge_does_not_apply_the_merge_is_whole_and_right(sample, tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    corpus = Corpus(sample, tmp_path)
    if change is _replaced_part_gone:  # a part of this test's own, to remove
        shutil.copytree(corpus.parts[2], tmp_path / "own-part")
        corpus.parts[2] = tmp_path / "own-part"
    state = tmp_path / "state"
    merged(corpus.parts, tmp_path / "before", state)
    change(corpus, state)
    assert not merges_alike(corpus, state, "after").incremental
    again = merged(corpus.parts, tmp_path / "again", state)  # and the state it left applies
    assert again.incremental and again.compressed == 0
    assert files(tmp_path / "again") == files(tmp_path / "after-whole")


def test_a_rebuild_links_the_unchanged_chunks_of_the_last_merge(sample, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Through the build's indexing: after one edited story the published index shares most
    chunk files with the last one (linked, not made again), and equals a clean indexing's."""
    slim = tmp_path / "slim"
    shutil.copytree(sample[0], slim)
    pages = [rel for group in sample[1] for rel in group]
    monkeypatch.setenv("SITE_BUILDER_SEARCH_PART_PAGES", "7")

    def indexed(site: Path, cache: Path | None) -> dict[str, int]:
        code, output = Indexing(slim, pages, site, tmp_path / "work", cache).start().wait()
        assert code == 0, output
        return {path.name: path.stat().st_ino for path in (site / "pagefind" / "index").iterdir()}

    before = indexed(tmp_path / "site", tmp_path / "parts")
    story = next(rel for rel in pages if rel.startswith("stories/") and _PARAGRAPH.search((slim / rel).read_text("utf-8")))
    (slim / story).write_text(a_word_changed((slim / story).read_text("utf-8")), encoding="utf-8")
    after = indexed(tmp_path / "site", tmp_path / "parts")
    assert (tmp_path / "parts-merge" / STATE).is_file()
    assert 0 < len(set(before.values()) & set(after.values())) < len(after)  # kept, and one made anew
    indexed(tmp_path / "clean", None)
    assert files(tmp_path / "site" / "pagefind") == files(tmp_path / "clean" / "pagefind")


def test_an_edit_that_changes_most_of_the_index_makes_a_whole_merge(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Merging chunk by chunk costs more than the whole merge when most chunks change."""
    corpus = Corpus(sample, tmp_path)
    state = tmp_path / "state"
    merged(corpus.parts, tmp_path / "before", state)
    corpus.edit(corpus.stories(1)[0], a_paragraph_rewritten)
    corpus.edit(corpus.stories(2)[0], a_paragraph_rewritten)
    result = merged(corpus.parts, tmp_path / "after", state, whole_above=0.05)
    assert not result.incremental and result.compressed == result.chunks
    again = merged(corpus.parts, tmp_path / "again", state, whole_above=0.05)
    assert again.incremental and again.compressed == 0
    assert files(tmp_path / "again") == files(tmp_path / "after")


def merge_process(parts: list[Path], target: Path, *, told: bool, before_go: Callable[[], None] = lambda: None,
                  go: bool = True) -> subprocess.CompletedProcess[bytes]:
    """The merge as the build runs it: a process of its own, started before the last parts are
    made (`--when-told`), merging once told to go."""
    pairs = [str(path) for part in parts for path in (part / "prepared", part / "bundle")]
    process = subprocess.Popen([sys.executable, "-m", "site_builder.search.merge", *(["--when-told"] if told else []),
                                str(target), *pairs], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    before_go()
    assert process.stdin is not None
    out, _ = process.communicate(b"go\n" if go else b"")
    return subprocess.CompletedProcess(process.args, process.returncode, out)


def test_a_merge_started_before_its_last_part_is_made_merges_it_once_told(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The build starts the merge while it indexes the changed parts, so the unchanged ones are
    read meanwhile; the part made after the start is in the index all the same."""
    _, _, parts = sample
    late = tmp_path / "late"

    def make_the_last_part() -> None:
        time.sleep(1.0)  # the process has started and read the parts there by then
        shutil.copytree(parts[-1], late)

    moved = parts[:-1] + [late]
    assert not late.exists()
    done = merge_process(moved, tmp_path / "merged", told=True, before_go=make_the_last_part)
    assert done.returncode == 0, done.stdout
    merge_prepared([part / "prepared" for part in parts], [part / "bundle" for part in parts], tmp_path / "whole")
    assert files(tmp_path / "merged") == files(tmp_path / "whole")


def test_a_merge_never_told_to_go_writes_nothing(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, parts = sample
    done = merge_process(parts, tmp_path / "merged", told=True, go=False)
    assert done.returncode == 0, done.stdout
    assert not (tmp_path / "merged").exists()
