"""Run rule conditions and rule text written by strangers, safely.

Rules use Jinja syntax because rule authors know it. Everything runs in Jinja's immutable
sandbox with no globals (no `range`, `cycler`, `joiner`, `lipsum`), `StrictUndefined` so a
misspelt name is an error rather than an empty string, a cap on the size of what a template
may produce, and `finalize` so every value from a profile is escaped for Markdown.
"""

from __future__ import annotations

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
    """A rule's expression or text cannot be compiled or run; the message says why."""


class _RuleEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with `*` and `**` bounded so one expression cannot eat memory or time."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:  # noqa: ARG002
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponent above 64 is not allowed in rules")
            return left**right
        for seq, count in ((left, right), (right, left)):
            repeats = isinstance(seq, str | list | tuple) and isinstance(count, int)
            if repeats and len(seq) * count > MAX_OUTPUT:
                raise SecurityError(f"repeating text past {MAX_OUTPUT} characters")
        return left * right


def _environment() -> ImmutableSandboxedEnvironment:
    env = _RuleEnvironment(undefined=StrictUndefined, finalize=finalize, autoescape=False)
    env.globals.clear()
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


def check_names(tree: nodes.Node) -> list[str]:
    """Messages for every unknown variable or attribute the code reads."""
    found = [
        f"'{node.attr}' starts with '_': such attributes are not allowed"
        for node in tree.find_all(nodes.Getattr)
        if node.attr.startswith("_")
    ]
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


def _parse(source: str) -> nodes.Template:
    try:
        return _ENV.parse(source)
    except TemplateError as exc:
        raise RuleCodeError(f"Jinja syntax error: {exc.message}") from None


@dataclass(frozen=True)
class Condition:
    """A compiled `when:` expression."""

    source: str

    def __post_init__(self) -> None:
        tree = _parse("{{ (" + self.source + ") }}")
        problems = check_names(tree)
        if problems:
            raise RuleCodeError("; ".join(problems))
        try:
            object.__setattr__(self, "_code", _ENV.compile_expression(self.source, False))
        except TemplateError as exc:
            raise RuleCodeError(f"Jinja syntax error: {exc.message}") from None

    def __call__(self, context: dict[str, Any]) -> bool:
        try:
            return bool(self._code(**context))  # type: ignore[attr-defined]
        except Exception as exc:  # any failure of stranger code is reported, never raised
            raise RuleCodeError(_runtime_message(exc)) from None


@dataclass(frozen=True)
class TextTemplate:
    """A compiled piece of rule text; renders to escaped, size-capped Markdown."""

    source: str

    def __post_init__(self) -> None:
        tree = _parse(self.source)
        problems = check_names(tree)
        if problems:
            raise RuleCodeError("; ".join(problems))
        try:
            object.__setattr__(self, "_template", _ENV.from_string(self.source))
        except TemplateError as exc:
            raise RuleCodeError(f"Jinja syntax error: {exc.message}") from None

    def render(self, context: dict[str, Any]) -> MarkdownText:
        try:
            out: list[str] = []
            size = 0
            for chunk in self._template.generate(**context):  # type: ignore[attr-defined]
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise RuleCodeError(f"text is longer than {MAX_OUTPUT} characters")
                out.append(chunk)
        except RuleCodeError:
            raise
        except Exception as exc:
            raise RuleCodeError(_runtime_message(exc)) from None
        return MarkdownText(" ".join("".join(out).split()))


def _runtime_message(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, TemplateError):
        return text
    return f"{type(exc).__name__}: {text}"
