"""Build typed models (frozen dataclasses) from YAML nodes, with a `path:line:col` problem
for everything that does not fit; and find the place of a path in a node tree.

The dataclasses in model/ are the one source of truth. Their type hints and `Annotated`
constraints are read twice: here, to turn a node tree into instances, and in json_schema.py
to write the JSON Schema that editors use. A general-purpose library would do the same, but
costs more start-up time than `playbook check` may spend (see the README's design notes).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import math
import re
import types
import typing
from typing import Any, Generic, Literal, NamedTuple, TypeVar, Union

from ..errors import Mark, Problem, unknown_hint
from ..model.constraints import (
    Checked,
    Items,
    Path,
    Range,
    Text,
    choices,
    field_doc,
    key_examples,
    model_fields,
    noun,
    required_keys,
)
from .load import Key, Mapping, Node, Scalar, Sequence
from .wording import (
    EXAMPLES,
    KIND_WORDS,
    describe,
    is_number,
    number,
    range_words,
    short,
    show_path,
)


def _date_hint(value: str) -> str:
    """What is wrong with a date that looks like YYYY-MM-DD but is not one, in words."""
    year, month, day = (int(part) for part in value.split("-"))
    if not 1 <= month <= 12:
        return f"the month is {month:02}: a month is 01 to 12"
    if year < 1:
        return "the year is 0000: write a year such as 2027"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"the day is {day:02}: {calendar.month_name[month]} {year} has days 01 to {last}"
    return f"write the month and the day with two digits each: {year:04}-{month:02}-{day:02}"


class _Invalid:
    pass


INVALID: Any = _Invalid()


class Builder:
    """Turns nodes into model instances, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.key_marks: dict[Path, Mark] = {}

    def fail(self, mark: Mark, message: str, hint: str) -> Any:
        self.problems.append(Problem(mark, message, hint))
        return INVALID

    def build(self, tp: Any, node: Node, path: Path) -> Any:
        shape = _shape(tp)
        kind = shape.kind
        if kind == "scalar":
            if tp is str and isinstance(node, Scalar) and isinstance(node.value, str):
                return node.value  # most values: text where text is wanted
            return self.build_scalar(tp, node, path)
        if kind == "annotated":
            if shape.choices:
                return self.build_choice(shape.choices, shape.noun, node, path)
            if shape.unique_keys and isinstance(node, Sequence):
                for key in shape.unique_keys:
                    self.check_unique(node, key, path)
            if (
                shape.patterns
                and isinstance(node, Scalar)
                and node.value is not None
                and not isinstance(node.value, str)
            ):
                for extra in shape.patterns:
                    if not re.fullmatch(extra.pattern or "", node.text):
                        # YAML read it as a number or a date, and in quotes it would still
                        # be wrong: the format says what to write.
                        where = show_path(path)
                        return self.fail(
                            node.mark,
                            f"{where} '{short(node.text)}' is not allowed",
                            extra.pattern_hint,
                        )
            value = self.build(shape.args[0], node, path)
            if value is INVALID:
                return value
            return self.constrain(value, shape.args[1:], node, path)
        if kind == "optional":
            if isinstance(node, Scalar) and node.value is None:
                return None
            return self.build(shape.args[0], node, path)
        if kind == "node":
            return node
        if kind == "model":
            return self.build_model(tp, node, path)
        if kind == "list":
            return self.build_list(shape.args[0], node, path)
        if kind == "dict":
            return self.build_dict(shape.args[0], shape.args[1], node, path)
        return self.build_choice(shape.args, "", node, path)

    def build_scalar(self, tp: type, node: Node, path: Path) -> Any:
        want = KIND_WORDS[tp]
        if not isinstance(node, Scalar):
            return self.fail(
                node.mark,
                f"{show_path(path)} must be {want}, not {describe(node)}",
                f"write {EXAMPLES[tp]} after the colon",
            )
        value = node.value
        if tp is str:
            if isinstance(value, str):
                return value
            if value is None:
                return self.fail(
                    node.mark, f"{show_path(path)} is empty", "write a value after the colon"
                )
            return self.fail(
                node.mark,
                f"{show_path(path)} must be text, not {describe(node)}",
                f'put it in quotes: "{node.text}"',
            )
        if tp is bool and isinstance(value, bool):
            return value
        if tp in (int, float) and isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                if math.isnan(value) or _INFINITY.fullmatch(node.text):
                    return self.fail(
                        node.mark,
                        f"{show_path(path)} must be a finite number, not {node.text}",
                        "write a plain number such as 30",
                    )
                # Too large to hold, so the loader read it as infinity: the range says so.
                return value
            if tp is int and isinstance(value, float):
                if not value.is_integer():
                    return self.fail(
                        node.mark,
                        f"{show_path(path)} must be a whole number, not {value}",
                        f"write {round(value)} or another whole number",
                    )
                return int(value)
            return value
        if tp is dt.date:
            if isinstance(value, dt.datetime):
                return self.fail(
                    node.mark,
                    f"{show_path(path)} must be a date without a time",
                    "write it as 2027-06-30",
                )
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
                        hint = _date_hint(value)
                        wrong = "is not a real date" if hint[:4] == "the " else "is not YYYY-MM-DD"
                        return self.fail(node.mark, f"{show_path(path)} '{value}' {wrong}", hint)
            return self.fail(
                node.mark,
                f"{show_path(path)} must be {want}, not {describe(node)}",
                "use YYYY-MM-DD",
            )
        hint = f"write {EXAMPLES[tp]}"
        if isinstance(value, str) and node.quoted and is_number(value):
            hint = "remove the quotes"
        return self.fail(node.mark, f"{show_path(path)} must be {want}, not {describe(node)}", hint)

    def build_choice(self, choices: tuple[str, ...], noun: str, node: Node, path: Path) -> Any:
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            return self.fail(
                node.mark,
                f"{show_path(path)} must be one of {', '.join(choices)}, not {describe(node)}",
                f"write one of: {', '.join(choices)}",
            )
        if node.value in choices:
            return node.value
        what = f"unknown {noun}" if noun else f"{show_path(path)} cannot be"
        return self.fail(
            node.mark, f"{what} '{short(node.value)}'", unknown_hint(node.value, choices)
        )

    def check_unique(self, node: Sequence, key: str, path: Path) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(node.items):
            value = item.get(key) if isinstance(item, Mapping) else None
            if not isinstance(value, Scalar):
                continue
            if value.text in seen:
                self.fail(
                    value.mark,
                    f"{show_path(path)} lists '{value.text}' twice",
                    f"merge entry {i + 1} into entry {seen[value.text] + 1}",
                )
            seen.setdefault(value.text, i)

    def constrain(self, value: Any, extras: tuple[Any, ...], node: Node, path: Path) -> Any:
        for extra in extras:
            if isinstance(extra, Range) and isinstance(value, int | float):
                too_low = extra.min is not None and (
                    value <= extra.min if extra.exclusive_min else value < extra.min
                )
                if too_low or (extra.max is not None and value > extra.max):
                    word = "greater than" if extra.exclusive_min else "at least"
                    bound = (
                        f"at most {number(extra.max)}"
                        if not too_low
                        else f"{word} {number(extra.min)}"
                    )
                    shown = number(value)
                    if isinstance(node, Scalar) and not math.isfinite(value):
                        shown = node.text  # too large to hold: shown as written
                    return self.fail(
                        node.mark,
                        f"{show_path(path)} must be {bound}, not {short(shown)}",
                        f"use a number {range_words(extra)}",
                    )
            elif isinstance(extra, Text) and isinstance(value, str):
                stripped = value.strip()
                if not stripped:
                    return self.fail(node.mark, f"{show_path(path)} is empty", "write some text")
                if len(stripped) < extra.min_len and not extra.pattern:
                    return self.fail(
                        node.mark,
                        f"{show_path(path)} is too short",
                        f"write at least {extra.min_len} characters",
                    )
                if _CONTROL.search(value):
                    return self.fail(
                        node.mark, f"{show_path(path)} contains a control character", "remove it"
                    )
                # The format first: its hint says what to write, not just how long.
                if extra.pattern and not re.fullmatch(extra.pattern, value):
                    return self.fail(
                        node.mark,
                        f"{show_path(path)} '{short(value)}' is not allowed",
                        extra.pattern_hint,
                    )
                if len(value) > extra.max_len:
                    return self.fail(
                        node.mark,
                        f"{show_path(path)} is {len(value)} characters long",
                        f"keep it under {extra.max_len} characters",
                    )
            elif isinstance(extra, Items) and isinstance(value, list):
                if len(value) < extra.min:
                    need = "at least one entry" if extra.min == 1 else f"at least {extra.min}"
                    return self.fail(node.mark, f"{show_path(path)} needs {need}", "add an entry")
                if extra.max is not None and len(value) > extra.max:
                    return self.fail(
                        node.mark,
                        f"{show_path(path)} has {len(value)} entries",
                        f"keep at most {extra.max}",
                    )
        if isinstance(value, float) and not math.isfinite(value):
            # Read as infinity for its size, and no range above caught it.
            return self.fail(
                node.mark, f"{show_path(path)} is too large a number", "write a smaller one"
            )
        return value

    def build_list(self, item_tp: Any, node: Node, path: Path) -> Any:
        if not isinstance(node, Sequence):
            return self.fail(
                node.mark,
                f"{show_path(path)} must be a list, not {describe(node)}",
                "write each entry on its own line starting with '- '",
            )
        items = [self.build(item_tp, item, (*path, i)) for i, item in enumerate(node.items)]
        return INVALID if any(i is INVALID for i in items) else items

    def build_dict(self, key_tp: Any, value_tp: Any, node: Node, path: Path) -> Any:
        if not isinstance(node, Mapping):
            return self.fail(
                node.mark,
                f"{show_path(path)} must be a mapping, not {describe(node)}",
                "write 'key: value' lines indented under it",
            )
        out: dict[str, Any] = {}
        ok = True
        allowed = choices(key_tp)
        for key, value_node in node.entries:
            if allowed and key.text not in allowed:
                what = f"unknown {noun(key_tp)} '{key.text}'"
                self.fail(key.mark, what, unknown_hint(key.text, allowed))
                ok = False
                continue
            value = self.build(value_tp, value_node, (*path, key.text))
            ok = ok and value is not INVALID
            out[key.text] = value
        return out if ok else INVALID

    def build_model(self, cls: type, node: Node, path: Path) -> Any:
        if not isinstance(node, Mapping):
            return self.fail(
                node.mark,
                f"{show_path(path)} must be a mapping of keys, not {describe(node)}",
                f"write keys such as {', '.join(f'{k}:' for k in key_examples(cls))}",
            )
        hints = model_fields(cls)
        values: dict[str, Any] = {}
        ok = True
        for key, value_node in node.entries:
            self.key_marks[(*path, key.text)] = key.mark
            if key.text not in hints:
                noun = f"key in {show_path(path)}" if path else "top-level key"
                self.fail(key.mark, f"unknown {noun} '{key.text}'", unknown_hint(key.text, hints))
                ok = False
                continue
            value = self.build(hints[key.text], value_node, (*path, key.text))
            ok = ok and value is not INVALID
            values[key.text] = value
        for name in required_keys(cls):
            if name not in values and node.get(name) is None:
                # Point at the parent's key ("examples:"), where the missing key belongs.
                self.fail(
                    self.key_marks.get(path, node.mark),
                    f"{show_path(path)} is missing the required key '{name}'",
                    f"add '{name}:', {field_doc(cls, name)}",
                )
                ok = False
        if not ok:
            return INVALID
        obj = cls(**values)
        if isinstance(obj, Checked):
            for rel, message, hint in obj.problems():
                self.fail(locate(node, rel), message, hint)
                ok = False
        return obj if ok else INVALID


_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
# What a Text constraint refuses anywhere in a value: control characters but tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _Shape(NamedTuple):
    """What building a value of one type needs to know about the type, worked out once."""

    kind: str  # annotated, optional, node, model, list, dict, literal or scalar
    args: tuple[Any, ...] = ()  # annotated: base then constraints; list/dict/literal: args
    choices: tuple[str, ...] = ()  # annotated Literal: the values it allows
    noun: str = ""
    unique_keys: tuple[str, ...] = ()
    patterns: tuple[Text, ...] = ()  # Text constraints with a pattern, on a str base


# By id: some type hints cannot be hashed. The type is kept, so its id stays its own.
_SHAPES: dict[int, tuple[Any, _Shape]] = {}


def _shape(tp: Any) -> _Shape:
    known = _SHAPES.get(id(tp))
    if known is not None:
        return known[1]
    shape = _analyse(tp)
    _SHAPES[id(tp)] = (tp, shape)
    return shape


def _analyse(tp: Any) -> _Shape:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        args = typing.get_args(tp)
        base, extras = args[0], args[1:]
        allowed = choices(tp) if typing.get_origin(base) is Literal else ()
        return _Shape(
            "annotated",
            args,
            allowed,
            noun(tp),
            tuple(e.unique_key for e in extras if isinstance(e, Items) and e.unique_key),
            tuple(e for e in extras if isinstance(e, Text) and e.pattern) if base is str else (),
        )
    if origin in (Union, types.UnionType):
        return _Shape("optional", tuple(a for a in typing.get_args(tp) if a is not type(None)))
    if tp is Node:
        return _Shape("node")
    if dataclasses.is_dataclass(tp):
        return _Shape("model")
    if origin in (list, dict, Literal):
        kind = {list: "list", dict: "dict", Literal: "literal"}[origin]
        return _Shape(kind, typing.get_args(tp))
    return _Shape("scalar")


def locate(node: Node, rel: Path) -> Mark:
    """The mark of the key or item at `rel` below `node`, or the nearest one that exists."""
    mark = node.mark
    for part in rel:
        if isinstance(node, Mapping) and isinstance(part, str):
            found: tuple[Key, Node] | None = next(
                ((k, v) for k, v in node.entries if k.text == part), None
            )
            if found is None:
                return mark
            mark, node = found[0].mark, found[1]
        elif isinstance(node, Sequence) and isinstance(part, int) and part < len(node.items):
            node = node.items[part]
            mark = node.mark
        else:
            return mark
    return mark


T = TypeVar("T")


class Validated(NamedTuple, Generic[T]):
    """A node tree validated as a model: the instance (None when it does not fit) and every
    problem found."""

    value: T | None
    problems: list[Problem]


def build(cls: type[T], node: Node) -> Validated[T]:
    """Validate `node` as `cls`."""
    builder = Builder()
    value = builder.build(cls, node, ())
    return Validated(None if value is INVALID else value, builder.problems)
