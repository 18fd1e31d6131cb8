"""What the loader promises about time: a long mapping loads in linear time (the
duplicate-key check once read every earlier key)."""

from __future__ import annotations

import time

import pytest

from generator.errors import ProblemsError
from generator.source.load import MAX_BYTES, Mapping, parse_text


def long_mapping(keys: int) -> str:
    """About 10 bytes a key: 19,900 keys are about 200 KB, under the 256 KiB limit."""
    return "".join(f"k{i}: 10\n" for i in range(keys))


def test_a_mapping_of_19900_keys_loads_in_well_under_a_second() -> None:
    text = long_mapping(19_900)
    assert 190_000 < len(text) < MAX_BYTES, len(text)
    start = time.perf_counter()
    node = parse_text(text, "long.yaml")
    seconds = time.perf_counter() - start
    assert isinstance(node, Mapping) and len(node.entries) == 19_900
    # About 0.2 s here; the scan of every earlier key took about 10 s. Generous for CI.
    assert seconds < 2.0, f"{seconds:.2f} s"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("a: 1\na: 2\n", "2:1 first at line 1", id="adjacent"),
        pytest.param(long_mapping(5000) + "k0: 2\n", "5001:1 first at line 1", id="far"),
        pytest.param("a:\n  b: 1\nc:\n  d: 2\n  b: 3\nc: 4\n", "6:1 first at line 3", id="outer"),
        pytest.param(
            "a:\n  b: 1\n  c:\n    x: 1\n  b: 2\n", "5:3 first at line 2", id="after-nested"
        ),
        pytest.param("- {a: 1}\n- {a: 2, a: 3}\n", "2:10 first at line 2", id="in-a-list"),
    ],
)
def test_a_duplicate_key_is_found_in_its_own_mapping(text: str, where: str) -> None:
    with pytest.raises(ProblemsError) as info:
        parse_text(text, "d.yaml")
    found = [
        f"{p.mark.line}:{p.mark.col} {p.message.split('(')[1].rstrip(')')}"
        for p in info.value.problems
    ]
    assert found == [where]


def test_the_same_key_in_different_mappings_is_fine() -> None:
    parse_text("a: {x: 1}\nb: {x: 2}\nc:\n  - x: 1\n  - x: 2\n", "d.yaml")
