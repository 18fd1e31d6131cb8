"""Run rule conditions and rule text written by strangers, safely.

Rules use Jinja syntax because rule authors know it. Everything runs in Jinja's immutable
sandbox with no globals (no `range`, `cycler`, `joiner`, `lipsum`), `StrictUndefined` so a
misspelt name is an error rather than an empty string, a cap on the size of what a template
may produce, and `finalize` so every value from a profile is escaped for Markdown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.context import VARIABLES
from generator.escape import MarkdownText, finalize

MAX_OUTPUT = 4000


class RuleCodeError(Exception):
    """A rule's expression or text cannot be compiled or run; the message says why.

    `where` is the path of the failing field inside the rule file, such as
    ("actions", 2, "text"), so the error can point at its line.
    """

    def __init__(self, message: str, where: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.where = where


# Filters a rule may use: none of them can build output much larger than its input.
# (`center`, `indent`, `batch`, `slice`, `replace`, `format`, `wordwrap` and friends can.)
SAFE_FILTERS = frozenset(
    [
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "dictsort",
        "e",
        "escape",
        "first",
        "float",
        "groupby",
        "int",
        "items",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "reverse",
        "round",
        "select",
        "selectattr",
        "sort",
        "string",
        "sum",
        "title",
        "trim",
        "truncate",
        "unique",
        "upper",
        "wordcount",
    ]
)
# String methods a rule may call; the rest (ljust, center, zfill, format, ...) can grow text.
SAFE_STR_METHODS = frozenset(
    [
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "isalnum",
        "isalpha",
        "isdigit",
        "islower",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "rstrip",
        "split",
        "startswith",
        "strip",
        "title",
        "upper",
    ]
)
# Template statements that would let a rule build up text step by step, or pull in other
# templates; rule text needs none of them.
_FORBIDDEN = {
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from %}",
    nodes.Include: "{% include %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
    nodes.With: "{% with %}",
}
MAX_LOOP_DEPTH = 2


class _RuleEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with `*` and `**` bounded so one expression cannot eat memory or time,
    and string methods limited to those that cannot grow text."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and callable(value) and attr not in SAFE_STR_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:  # noqa: ARG002
        if operator == "**":
            # Bound the size of the result, not only the exponent: (7**64)**64 is huge too.
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                if right > 64 or left.bit_length() * right > 256:
                    raise SecurityError("numbers that large are not allowed in rules")
            elif isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponent above 64 is not allowed in rules")
            return left**right
        for seq, count in ((left, right), (right, left)):
            repeats = isinstance(seq, str | list | tuple) and isinstance(count, int)
            if repeats and len(seq) * count > MAX_OUTPUT:
                raise SecurityError(f"repeating text past {MAX_OUTPUT} characters")
        return left * right


def and_list(items: Any) -> str:
    """'a', 'a and b', 'a, b and c': the `and_list` filter rules can use."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _environment() -> ImmutableSandboxedEnvironment:
    env = _RuleEnvironment(undefined=StrictUndefined, finalize=finalize, autoescape=False)
    env.globals.clear()
    env.filters = {name: f for name, f in env.filters.items() if name in SAFE_FILTERS}
    env.filters["and_list"] = and_list
    return env


_ENV = _environment()


def _names_used(tree: nodes.Node) -> Iterable[tuple[str, str | None]]:
    """(variable, attribute) pairs read from the context; attribute is None for bare names."""
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in assigned:
            yield node.name, None
        elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            if node.node.name not in assigned:
                yield node.node.name, node.attr
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.node, nodes.Name)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.node.name not in assigned
        ):
            yield node.node.name, node.arg.value


def _loop_depth(node: nodes.Node) -> int:
    inner = max((_loop_depth(child) for child in node.iter_child_nodes()), default=0)
    return inner + 1 if isinstance(node, nodes.For) else inner


def check_names(tree: nodes.Node) -> list[str]:
    """Messages for everything in the code a rule may not do: unknown names, attributes,
    filters and statements."""
    found = [
        f"'{node.attr}' starts with '_': such attributes are not allowed"
        for node in tree.find_all(nodes.Getattr)
        if node.attr.startswith("_")
    ]
    found += [
        f"{word} is not allowed in rules"
        for kind, word in _FORBIDDEN.items()
        if any(True for _ in tree.find_all(kind))
    ]
    found += [
        f"unknown filter '{node.name}' (rules can use: {', '.join(sorted(_ENV.filters))})"
        for node in tree.find_all(nodes.Filter)
        if node.name not in _ENV.filters
    ]
    if _loop_depth(tree) > MAX_LOOP_DEPTH:
        found.append(f"loops nested more than {MAX_LOOP_DEPTH} deep are not allowed in rules")
    if any(loop.recursive for loop in tree.find_all(nodes.For)):
        found.append("recursive loops are not allowed in rules")
    in_loop = any(True for _ in tree.find_all(nodes.For))
    for name, attr in _names_used(tree):
        if name == "loop" and in_loop:
            continue
        if name not in VARIABLES:
            found.append(f"unknown variable '{name}'")
            continue
        keys = VARIABLES[name][1]
        if attr is not None and keys and attr not in keys:
            found.append(f"'{name}' has no '{attr}' (it has {', '.join(keys)})")
    return sorted(set(found))


@functools.lru_cache(maxsize=8192)
def _compile_condition(source: str) -> tuple[Any, tuple[str, ...]]:
    """The compiled expression and the problems found in it (the same source is compiled
    once, however many rules share it)."""
    try:
        tree = _ENV.parse("{{ (" + source + ") }}")
        problems = tuple(check_names(tree))
        return (None if problems else _ENV.compile_expression(source, False)), problems
    except TemplateError as exc:
        return None, (f"Jinja syntax error: {exc.message}",)


_SIMPLE = re.compile(r"\{\{ *([A-Za-z]\w*(?:\.[A-Za-z]\w*)*) *\}\}")


class _Interpolation:
    """Rule text whose only code is `{{ name.key }}` lookups, rendered without compiling a
    Jinja template (the costly part of loading many rules). Same output, same errors."""

    def __init__(self, source: str) -> None:
        self.parts = _SIMPLE.split(source)  # text, path, text, path, ..., text

    def problems(self) -> list[str]:
        found = []
        for path in self.parts[1::2]:
            name, *attrs = path.split(".")
            if name not in VARIABLES:
                found.append(f"unknown variable '{name}'")
            elif attrs and VARIABLES[name][1] and attrs[0] not in VARIABLES[name][1]:
                keys = VARIABLES[name][1]
                found.append(f"'{name}' has no '{attrs[0]}' (it has {', '.join(keys)})")
        return sorted(set(found))

    def generate(self, **context: Any) -> Iterable[str]:
        for i, part in enumerate(self.parts):
            if i % 2 == 0:
                yield part
                continue
            name, *attrs = part.split(".")
            if name not in context:
                raise RuleCodeError(f"'{name}' is undefined")
            value = context[name]
            for attr in attrs:
                if not isinstance(value, dict) or attr not in value:
                    kind = f"{type(value).__name__} object"
                    raise RuleCodeError(f"'{kind}' has no attribute '{attr}'")
                value = value[attr]
            yield str(finalize(value))


def _simple(source: str) -> bool:
    """True when every piece of code in the text is a plain `{{ name.key }}` lookup."""
    if "{%" in source or "{#" in source:
        return False
    rest = _SIMPLE.sub("", source)
    return "{{" not in rest and "}}" not in rest


@functools.lru_cache(maxsize=8192)
def _compile_text(source: str) -> tuple[Any, tuple[str, ...]]:
    if _simple(source):
        simple = _Interpolation(source)
        problems = tuple(simple.problems())
        return (None if problems else simple), problems
    try:
        tree = _ENV.parse(source)
        problems = tuple(check_names(tree))
        if problems:
            return None, problems
        # Compiled from the tree already parsed for the checks, not parsed a second time.
        code = _ENV.compile(tree)
        return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None), ()
    except TemplateError as exc:
        return None, (f"Jinja syntax error: {exc.message}",)


@dataclass(frozen=True)
class Condition:
    """A compiled `when:` expression; `where` is its field's path in the rule file."""

    source: str
    where: tuple[str | int, ...] = ()
    checked: bool = False  # True: already compiled and checked elsewhere; compile on use

    def __post_init__(self) -> None:
        if not self.checked:
            self._code()

    def _code(self) -> Any:
        code, problems = _compile_condition(self.source)
        if problems:
            raise RuleCodeError("; ".join(problems), self.where)
        return code

    def __call__(self, context: dict[str, Any]) -> bool:
        code = self._code()
        try:
            return bool(code(**context))
        except Exception as exc:  # any failure of stranger code is reported, never raised
            raise RuleCodeError(_runtime_message(exc), self.where) from None


@dataclass(frozen=True)
class TextTemplate:
    """A compiled piece of rule text; renders to escaped, size-capped Markdown."""

    source: str
    where: tuple[str | int, ...] = ()
    checked: bool = False  # True: already compiled and checked elsewhere; compile on use

    def __post_init__(self) -> None:
        if not self.checked:
            self._template()

    def _template(self) -> Any:
        if "{" not in self.source:
            return None  # plain text, as most rule text is: nothing to run
        template, problems = _compile_text(self.source)
        if problems:
            raise RuleCodeError("; ".join(problems), self.where)
        return template

    def render(self, context: dict[str, Any]) -> MarkdownText:
        template = self._template()
        if template is None:
            return MarkdownText(" ".join(self.source.split()))
        try:
            out: list[str] = []
            size = 0
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise RuleCodeError(f"text is longer than {MAX_OUTPUT} characters", self.where)
                out.append(chunk)
        except RuleCodeError as exc:
            raise RuleCodeError(str(exc), self.where) from None
        except Exception as exc:
            raise RuleCodeError(_runtime_message(exc), self.where) from None
        return MarkdownText(" ".join("".join(out).split()))


def _runtime_message(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, TemplateError):
        return text
    return f"{type(exc).__name__}: {text}"
