"""Constraints and documentation attached to model fields with `Annotated` and `spec()`.

The validator (`schema.py`) and the JSON Schema writer (`schema_json.py`) both read them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, NamedTuple

PathPart = str | int
Path = tuple[PathPart, ...]


class Range(NamedTuple):
    """Bounds for a number."""

    min: float | None = None
    max: float | None = None
    exclusive_min: bool = False


class Text(NamedTuple):
    """Bounds and an optional pattern for text."""

    min_len: int = 1
    max_len: int = 2000
    pattern: str | None = None
    pattern_hint: str = ""


class Items(NamedTuple):
    """Bounds for a list."""

    min: int = 0
    max: int | None = None
    unique_key: str | None = None


class Noun(NamedTuple):
    """What a value of a closed set is called in messages: 'platform', 'posting-mix kind'."""

    word: str


def spec(doc: str, default: Any = dataclasses.MISSING, example: Any = None, **kw: Any) -> Any:
    """A dataclass field with a description (and an example) for messages and the schema."""
    meta = {"doc": doc, "example": example}
    if isinstance(default, list | dict):
        factory = type(default)
        return dataclasses.field(default_factory=factory, metadata=meta, **kw)
    return dataclasses.field(default=default, metadata=meta, **kw)


class FieldProblem(NamedTuple):
    """A problem a model finds across its fields: where below the model, what is wrong and
    how to fix it."""

    path: Path
    message: str
    hint: str


class Checked:
    """Base for models with checks across fields."""

    def problems(self) -> Iterable[FieldProblem]:
        return ()
