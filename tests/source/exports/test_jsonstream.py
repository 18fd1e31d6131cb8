"""The streaming JSON reader gives what json.loads gives, however the bytes are cut into
chunks (multi-byte characters and values split between chunks included)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.source.exports.base import ExportError
from generator.source.exports.jsonstream import JsonStream

PREFIX = b"window.YTD.tweets.part0 = "
VALUES = [
    {"tweet": {"full_text": "caf\u00e9 \U0001f35e &amp; more", "id_str": "12345678901234567890"}},
    123456789,
    -0.5e10,
    "\u00e9\u00e9\u00e9",
    [],
    {},
    None,
    [1, [2, [3]]],
]


def pieces(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 1 << 20])
def test_any_chunking_reads_the_same(size: int) -> None:
    data = PREFIX + json.dumps(VALUES, indent=1, ensure_ascii=False).encode("utf-8") + b";\n"
    stream = JsonStream(pieces(data, size), "m", skip=len(PREFIX))
    assert list(stream.items()) == VALUES
    stream.end()


@given(
    st.lists(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=8,
        ),
        max_size=6,
    ),
    st.integers(min_value=1, max_value=40),
)
def test_any_array_any_chunks(values: list[object], size: int) -> None:
    data = json.dumps(values, ensure_ascii=False).encode("utf-8")
    assert list(JsonStream(pieces(data, size), "m").items()) == values


def test_object_members_give_every_repeated_key() -> None:
    data = b'{"a": 1, "items": [], "a": 2, "items": [3, 4]}'
    stream = JsonStream(pieces(data, 5), "m")
    found: list[tuple[str, object]] = []
    for key in stream.members():
        found.append((key, list(stream.items()) if key == "items" else stream.value()))
    assert found == [("a", 1), ("items", []), ("a", 2), ("items", [3, 4])]


@pytest.mark.parametrize(
    ("data", "line", "phrase"),
    [
        (b'[\n{"a": 1},\n{"b": ', 3, "ends before it is complete"),
        (b'[\n{"a": 1}\n{"b": 2}]', 3, "where ',' or ']' belongs"),
        (b'[\n\n{"a": tru}]', 3, "broken JSON"),
        (b"[1]\n\n x", 3, "unexpected 'x' after the JSON"),
        (b"[\xff]", 1, "not UTF-8"),
        (b"", 1, "ends before it is complete"),
    ],
)
@pytest.mark.parametrize("size", [1, 4, 1000])
def test_broken_json_names_its_line(data: bytes, line: int, phrase: str, size: int) -> None:
    stream = JsonStream(pieces(data, size), "data/tweets.js")
    with pytest.raises(ExportError) as caught:
        list(stream.items())
        stream.end()
    assert caught.value.member == "data/tweets.js"
    assert caught.value.message.startswith(f"line {line}: ")
    assert phrase in caught.value.message
