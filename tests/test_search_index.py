"""The search index is reproducible: Pagefind's hash-map order is sorted away."""

from __future__ import annotations

import pytest

from site_builder.search import cbor


@pytest.mark.parametrize("value", [0, 23, 24, 255, 256, 65536, 2**32, -1, -500, "", "Tết", ["year", [["2024", [0, 4]]]],
                                   b"\x00\xff", [[["a", 1], ["b", [2, 3]]]]])
def test_cbor_round_trips_what_pagefind_writes(value: object) -> None:
    assert cbor.loads(cbor.dumps(value)) == value


def test_cbor_uses_the_shortest_integer_encoding() -> None:
    assert cbor.dumps(23) == b"\x17"
    assert cbor.dumps(24) == b"\x18\x18"
    assert cbor.dumps(500) == b"\x19\x01\xf4"


def test_cbor_refuses_what_it_cannot_read_back() -> None:
    with pytest.raises(cbor.CborError):
        cbor.loads(b"\xa1\x01\x02")  # a map: Pagefind's files have none
    with pytest.raises(cbor.CborError):
        cbor.dumps(1.5)
