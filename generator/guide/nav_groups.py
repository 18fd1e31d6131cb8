"""The community rules in the guide's navigation, in nested groups when there are many.

Every community rule page carries the entries of the sections it is in (the theme prunes
the others to one link each). One flat list would put every community rule into every
community rule page: the site would grow with the square of the rules (230 MB at 1,000).
Groups of at most `branching` entries, nested as deep as needed, keep each page's share to
a few dozen entries, while every rule stays in the navigation with previous/next links.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

# Up to this many community rules are one flat list, as the repository's few are.
FLAT_UP_TO = 40


def community_nav(entries: Sequence[tuple[str, str]]) -> list[Any]:
    """The navigation entries for (title, path) pairs in title order: the bare paths, or
    groups of them labelled by the initials their titles run from and to."""
    paths = [path for _, path in entries]
    if len(paths) <= FLAT_UP_TO:
        return paths
    initials = [_initial(title) for title, _ in entries]
    levels = math.ceil(math.log(len(paths), FLAT_UP_TO // 2))
    branching = math.ceil(len(paths) ** (1 / levels))
    return _grouped(paths, initials, 0, len(paths), branching)


def _grouped(
    paths: Sequence[str], initials: Sequence[str], start: int, end: int, branching: int
) -> list[Any]:
    """paths[start:end] as at most `branching` entries: paths, or labelled groups."""
    if end - start <= branching:
        return list(paths[start:end])
    size = -(-(end - start) // branching)
    groups = []
    for first in range(start, end, size):
        last = min(first + size, end)
        label = _label(initials[first], initials[last - 1], first, last)
        groups.append({label: _grouped(paths, initials, first, last, branching)})
    return groups


def _label(first: str, last: str, start: int, end: int) -> str:
    """'A–C', with the places in the list: titles are the contributors' text, so only an
    initial letter or digit of each is used (anything else shows as '#')."""
    initials = first if first == last else f"{first}–{last}"
    return f"{initials} ({start + 1}–{end})"


def _initial(title: str) -> str:
    first = title[:1].upper()
    return first if first.isascii() and first.isalnum() else "#"
