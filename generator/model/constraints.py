"""Constraints and documentation attached to model fields with `Annotated` and `spec()`,
and the functions that read a model's fields back: the validator (source/validator.py), the
JSON Schema writer (source/json_schema.py) and the guide's format reference all use them.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from collections.abc import Iterable
from functools import cache
from typing import Any, Literal, NamedTuple

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


@cache
def model_fields(cls: type) -> dict[str, Any]:
    """Each field's name and type hint, with its `Annotated` constraints.

    What `typing.get_type_hints(cls, include_extras=True)` gives for a model, in a third
    less time: each annotation is evaluated in the module of the class that declares it,
    without typing's forward-reference wrapping (every check starts by doing this)."""
    hints: dict[str, Any] = {}
    for owner in reversed(cls.__mro__):
        names = vars(sys.modules[owner.__module__])
        for name, hint in vars(owner).get("__annotations__", {}).items():
            hints[name] = eval(hint, names) if isinstance(hint, str) else hint
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


@cache
def required_keys(cls: type) -> list[str]:
    """The fields without a default."""
    return [
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]


def key_examples(cls: type) -> list[str]:
    """A few keys to suggest for the model: its required keys first."""
    return (required_keys(cls) or list(model_fields(cls)))[:3]


def field_doc(cls: type, name: str) -> str:
    """The first sentence of a field's description, starting in lower case."""
    for f in dataclasses.fields(cls):
        if f.name == name:
            text = str(f.metadata.get("doc", "")).split(".")[0]
            return text[:1].lower() + text[1:]
    return ""


def choices(tp: Any) -> tuple[str, ...]:
    """The values a Literal type (or an Annotated one) allows; empty for other types."""
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return typing.get_args(tp) if typing.get_origin(tp) is Literal else ()


def noun(tp: Any) -> str:
    """What one value of an Annotated type is called in messages: its Noun, or 'key'."""
    extras = typing.get_args(tp)[1:] if typing.get_origin(tp) is typing.Annotated else ()
    return next((e.word for e in extras if isinstance(e, Noun)), "key")
