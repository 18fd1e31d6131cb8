"""What the models' fields are, read from their type hints: the validator, the JSON Schema
and the guide's format reference all describe a model from here."""

from __future__ import annotations

import dataclasses
import typing
from functools import cache
from typing import Any, Literal, NamedTuple

from ..model.constraints import Noun


@cache
def model_fields(cls: type) -> dict[str, Any]:
    """Each field's name and type hint, with its `Annotated` constraints."""
    hints = typing.get_type_hints(cls, include_extras=True)
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


class Choices(NamedTuple):
    """The values a closed set allows (none: the type is not one), and what one is called."""

    values: tuple[str, ...]
    noun: str


def choices(tp: Any) -> Choices:
    """The values of a Literal type, and its Noun ('key' when it names none)."""
    noun = "key"
    if typing.get_origin(tp) is typing.Annotated:
        base, *extras = typing.get_args(tp)
        noun = next((e.word for e in extras if isinstance(e, Noun)), noun)
        tp = base
    if typing.get_origin(tp) is Literal:
        return Choices(typing.get_args(tp), noun)
    return Choices((), noun)
