"""Just enough CBOR to rewrite Pagefind's index files: integers, strings and arrays.

Pagefind writes its filter and metadata indexes in hash-map order, which changes from run
to run; `search_index.canonicalize` sorts them, and needs to read and write those files.
Anything outside this subset raises, so an unexpected format fails the build loudly.
"""

from __future__ import annotations

from typing import Any


class CborError(ValueError):
    pass


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise CborError(f"integer too large: {value}")


def dumps(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise CborError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(dumps(v) for v in value)
    raise CborError(f"unsupported value {type(value).__name__}")


def loads(data: bytes) -> Any:
    value, end = _read(data, 0)
    if end != len(data):
        raise CborError(f"{len(data) - end} trailing bytes")
    return value


def _read(data: bytes, pos: int) -> tuple[Any, int]:
    if pos >= len(data):
        raise CborError("truncated data")
    initial = data[pos]
    major, info = initial >> 5, initial & 31
    pos += 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise CborError(f"unsupported CBOR item 0x{initial:02x}")
    if major == 0:
        return argument, pos
    if major == 1:
        return -1 - argument, pos
    if major in (2, 3):
        chunk = data[pos:pos + argument]
        if len(chunk) != argument:
            raise CborError("truncated string")
        return (chunk if major == 2 else chunk.decode("utf-8")), pos + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, pos = _read(data, pos)
            items.append(item)
        return items, pos
    raise CborError(f"unsupported CBOR major type {major}")
