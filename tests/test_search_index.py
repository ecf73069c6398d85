"""A large archive is indexed in parts, which are merged into one index: the merged index holds
exactly what Pagefind writes when it indexes every page at once (the same words at the same
positions on the same pages, filters, sort order, metadata and displayed text), and the same
pages always give the same bytes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.search.merge import OVERSIZE, SIGNATURE, IndexFormatError, Part, _size, merge, read_data
from site_builder.search.pagefind import Indexing, _shown


@pytest.fixture(scope="module")
def slim(built_sample: Path) -> tuple[Path, list[str]]:
    folder = built_sample / ".site-builder" / "cache" / "search-input"
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    assert len(pages) > 20
    return folder, pages


def pagefind(site: Path, output: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--quiet"],
                   check=True)
    return output


def in_parts(slim: tuple[Path, list[str]], work: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SITE_BUILDER_SEARCH_PART_PAGES", str(size))
    indexing = Indexing(slim[0], slim[1], work / "site", work)
    assert len(indexing.parts) > 1
    code, output = indexing.start().wait()
    assert code == 0, output
    return work / "site" / "pagefind"


def contents(bundle: Path) -> dict[str, object]:
    """What an index says, by URL and field name, whatever its page numbers and chunks: each
    language's index (the sample has English and Vietnamese pages) keyed by its language."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    each = {language: _language_contents(bundle, language, info) for language, info in sorted(entry["languages"].items())}
    out: dict[str, object] = {"count": sum(c["count"] for c in each.values())}  # type: ignore[misc]
    out["shown"] = {url: shown for c in each.values() for url, shown in c["shown"].items()}  # type: ignore[attr-defined]
    for key in ("words", "filters", "sorts", "fields"):
        out[key] = {language: c[key] for language, c in each.items()}
    return out


def _language_contents(bundle: Path, language: str, info: dict) -> dict[str, object]:  # type: ignore[type-arg]
    _, pages, chunks, filters, sorts, fields = read_data(bundle / f"pagefind.{info['hash']}.pf_meta")
    urls, shown = [], {}
    for fragment, word_count in pages:
        text = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())[len(SIGNATURE):]
        data = json.loads(text)
        urls.append(data["url"])
        shown[data["url"]] = (data, word_count)

    def located(page_list: list) -> dict[str, tuple]:  # type: ignore[type-arg]
        number, out = 0, {}
        for delta, positions, meta in page_list:
            number += delta
            out[urls[number]] = (tuple(positions), tuple(fields[-1 - m] if m < 0 else m for m in meta))
        return out

    words = {}
    for _, _, chunk in chunks:
        for word, page_list, variants in read_data(bundle / "index" / f"{chunk}.pf_index")[0]:
            words[word] = (located(page_list), {spelling: located(p) for spelling, p in variants})
    filtered = {}
    for name, file_hash in filters:
        filter_name, values = read_data(bundle / "filter" / f"{file_hash}.pf_filter")
        filtered[filter_name] = {value: sorted(urls[n] for n in numbers) for value, numbers in values}
    ordered = {name: [urls[n] for n in numbers] for name, numbers in sorts}
    return {"language": language, "count": info["page_count"], "words": words, "filters": filtered,
            "sorts": ordered, "shown": shown, "fields": sorted(fields)}


def test_parts_merged_hold_what_one_pagefind_run_holds(slim, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    whole = contents(pagefind(slim[0], tmp_path / "whole"))
    for url, (data, word_count) in whole["shown"].items():  # type: ignore[attr-defined]
        whole["shown"][url] = (json.loads(_shown(json.dumps(data))), word_count)  # type: ignore[index]
    merged = contents(in_parts(slim, tmp_path / "parts", 5, monkeypatch))
    assert merged["count"] == whole["count"] == len(slim[1])
    for key in ("words", "filters", "sorts", "shown", "fields"):
        assert merged[key] == whole[key], key


def test_results_show_d_with_its_stroke(slim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown = contents(in_parts(slim, tmp_path, 7, monkeypatch))["shown"]
    titles = [data["meta"]["title"] for data, _ in shown.values()]  # type: ignore[attr-defined]
    assert "Nguyễn Văn Đức" in titles
    assert not any("\u0335" in title for title in titles)


def test_the_same_pages_give_the_same_bytes(slim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    first, second = in_parts(slim, tmp_path / "a", 6, monkeypatch), in_parts(slim, tmp_path / "b", 6, monkeypatch)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_small_chunks_split_the_words_without_losing_any(slim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    whole = pagefind(slim[0], tmp_path / "whole")
    merge([Part(whole, slim[0], slim[1])], tmp_path / "small", chunk_size=200)
    merge([Part(whole, slim[0], slim[1])], tmp_path / "large", chunk_size=100_000)
    small, large = contents(tmp_path / "small"), contents(tmp_path / "large")
    assert len(list((tmp_path / "small" / "index").iterdir())) > 5 * len(list((tmp_path / "large" / "index").iterdir()))
    assert small["words"] == large["words"]


def test_a_format_it_does_not_know_fails_loudly(slim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    whole = pagefind(slim[0], tmp_path / "whole")
    meta = next(whole.glob("*.pf_meta"))
    meta.write_bytes(gzip.compress(SIGNATURE + b"\x81\x00"))  # a list of one number
    with pytest.raises(IndexFormatError, match="unexpected layout"):
        merge([Part(whole, slim[0], slim[1])], tmp_path / "merged")


def test_a_word_keeps_its_longer_forms_in_its_own_chunk(slim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The browser matches `gia` to `giang` only within the chunk it finds for `gia`, so small
    chunks must not cut such a family apart."""
    whole = pagefind(slim[0], tmp_path / "whole")
    merge([Part(whole, slim[0], slim[1])], tmp_path / "small", chunk_size=200)
    entry = json.loads((tmp_path / "small" / "pagefind-entry.json").read_text(encoding="utf-8"))
    info = entry["languages"]["en"]  # the larger of the sample's two indexes
    chunks = read_data(tmp_path / "small" / f"pagefind.{info['hash']}.pf_meta")[2]
    assert len(chunks) > 20
    chunk_of, sizes = {}, []
    for number, (_, _, name) in enumerate(chunks):
        words = read_data(tmp_path / "small" / "index" / f"{name}.pf_index")[0]
        chunk_of.update((word[0], number) for word in words)
        sizes.append(sum(_size(word) for word in words))
    cut = 0
    for word, number in chunk_of.items():
        family = {chunk_of[w] for w in chunk_of if w.startswith(word)}
        if len(word) >= 3 and family != {number}:
            assert sizes[number] >= OVERSIZE * 200, word  # only a chunk that could not wait is cut
            cut += 1
    assert cut < len(chunk_of) / 100
