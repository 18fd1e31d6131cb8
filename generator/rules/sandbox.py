"""Run rule conditions and rule text written by strangers, safely.

Rules use Jinja syntax because rule authors know it. Everything runs in Jinja's immutable
sandbox with no globals (no `range`, `cycler`, `joiner`, `lipsum`), `StrictUndefined` so a
misspelt name is an error rather than an empty string, and `finalize` so every value from a
profile is escaped for Markdown. On top of the sandbox:

- size: every value a rule builds (by `*`, a filter or a method) stays under MAX_VALUE
  characters, and what a text renders under MAX_OUTPUT, so no rule can eat memory;
- time: each condition and each text has TIME_LIMIT seconds of wall-clock time on a profile,
  checked wherever rule code can spend time (loops, filters, calls, lookups, output);
- markup: the Markdown a text renders is made safe (`safe_markdown`), so rule text can never
  put raw HTML, attribute lists or script links into the guide or a client's pages, even
  when the rule checker was skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, Undefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..text import MarkdownText, and_list, finalize
from .variables import VARIABLES

MAX_OUTPUT = 4000
# The longest condition or text the sandbox compiles. The rule schema allows far less (500
# characters of condition, 1,000 of text); this bounds rules that never went through it.
MAX_SOURCE = 4000
# The largest value rule code may build, in characters (an item of a list counts one more).
# A whole profile's values come to about 10,000 (20 goals, 30 measures), so no real rule
# comes near; a rule that tries to build megabytes is stopped before it allocates them.
MAX_VALUE = 100_000
# Digits `round` may keep or drop: round(5, -10**9) would compute 10**(10**9).
MAX_DIGITS = 20
# Wall-clock seconds one condition or one text may run on one profile. The slowest of the
# bundled rules takes under 0.1 ms, even on a loaded machine, so this is over 5,000 times
# that: a slow CI machine whose scheduler stalls a process for tens of milliseconds never
# trips it, while a rule that loops over millions of items fails within a second instead
# of hanging `rules check`, a plan or the guide's build.
TIME_LIMIT = 0.5
TIME_MESSAGE = f"the rule took longer than {TIME_LIMIT:g} s on this profile: simplify its loops"


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
# Methods rule code may call on the other kinds of value in a profile; the rest (such as
# int.to_bytes(10**9) or str.format) can build huge values or reach Python internals.
_SAFE_METHODS: tuple[tuple[type, frozenset[str]], ...] = (
    (str, SAFE_STR_METHODS),
    (dict, frozenset({"get", "items", "keys", "values"})),
    (list, frozenset({"count", "index"})),
    (tuple, frozenset({"count", "index"})),
    (dt.date, frozenset({"isoformat", "isoweekday", "strftime", "weekday"})),
    (LoopContext, frozenset({"changed", "cycle"})),
)
# The filter wrapped around every `{% for %}` loop's sequence, so each pass checks the clock.
_EACH = "_each"


class _Deadline(threading.local):
    """When the running condition or text must be done by (time.monotonic), per thread."""

    at = math.inf


_DEADLINE = _Deadline()


def _tick(now: Callable[[], float] = time.monotonic) -> None:
    """Fail the running rule code once its time is up; called wherever it can spend time."""
    if now() > _DEADLINE.at:
        raise RuleCodeError(TIME_MESSAGE)


_CONTAINERS = (list, tuple, set, frozenset, dict)
_SIZED = (str, *_CONTAINERS)


def _size(value: Any, limit: int) -> int:
    """About how many characters `value` makes as text, each item of a list counting one
    more; counting stops soon after `limit`, so it is cheap on values of any size."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    total = len(value)
    items: Iterable[Any] = value.items() if isinstance(value, dict) else value
    for item in items:
        if total > limit:
            break
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, _CONTAINERS):
            total += _size(item, limit - total)
    return total


def _too_large() -> SecurityError:
    return SecurityError(f"the rule builds a value longer than {MAX_VALUE} characters")


def _counted(items: Iterator[Any]) -> Iterator[Any]:
    """`items`, checking the clock and the total size as each one is made."""
    total = 0
    for item in items:
        _tick()
        total += 1 + _size(item, MAX_VALUE)
        if total > MAX_VALUE:
            raise _too_large()
        yield item


def _bounded(value: Any) -> Any:
    """`value`, refused if larger than MAX_VALUE; an iterator is checked as it is consumed."""
    if isinstance(value, _SIZED):
        if _size(value, MAX_VALUE) > MAX_VALUE:
            raise _too_large()
    elif isinstance(value, Iterator) and not isinstance(value, Undefined | LoopContext):
        return _counted(value)
    return value


def _each(items: Any) -> Any:
    """A loop's sequence, checking the clock on every pass."""
    for item in items:
        _tick()
        yield item


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks the clock and the size of what it returns."""

    @functools.wraps(func)  # keeps Jinja's pass_context & co. markers
    def run(*args: Any, **kwargs: Any) -> Any:
        _tick()
        return _bounded(func(*args, **kwargs))

    return run


def _join(join: Callable[..., str]) -> Callable[..., str]:
    """`join`, refused before it builds text longer than MAX_VALUE."""

    @functools.wraps(join)
    def run(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> str:
        items = list(value)
        glue = _size(d, MAX_VALUE) * max(len(items) - 1, 0)
        if glue + _size(items, MAX_VALUE) > MAX_VALUE:
            raise _too_large()
        return join(eval_ctx, items, d, attribute)

    return run


def _sum(add: Callable[..., Any]) -> Callable[..., Any]:
    """`sum` of numbers only: adding up lists copies them over and over."""

    @functools.wraps(add)
    def run(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if isinstance(start, bool) or not isinstance(start, int | float):
            raise SecurityError("'sum' adds up numbers only")
        return add(environment, iterable, attribute, start)

    return run


def _round(round_: Callable[..., Any]) -> Callable[..., Any]:
    """`round` to at most MAX_DIGITS digits either side of the point."""

    @functools.wraps(round_)
    def run(value: Any, precision: Any = 0, method: Any = "common") -> Any:
        if not isinstance(precision, int) or abs(precision) > MAX_DIGITS:
            raise SecurityError(f"'round' keeps at most {MAX_DIGITS} digits")
        return round_(value, precision, method)

    return run


class _RuleEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with `*`, `**` and `%` bounded so one expression cannot eat memory or
    time, only a few harmless methods callable, and the clock checked on every lookup and
    call."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if callable(value):
            allowed = next((names for kind, names in _SAFE_METHODS if isinstance(obj, kind)), ())
            if attr not in allowed:
                return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def wrap_str_format(self, value: Any) -> None:  # noqa: ARG002
        # Jinja hands out a sandboxed str.format before asking is_safe_attribute; but
        # '{:>999999999}'.format(1) is a gigabyte. Refused like the other unsafe methods.
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _tick()
        return _bounded(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:  # noqa: ARG002
        _tick()
        if operator == "**":
            # Bound the size of the result, not only the exponent: (7**64)**64 is huge too.
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                if right > 64 or left.bit_length() * right > 256:
                    raise SecurityError("numbers that large are not allowed in rules")
            elif isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponent above 64 is not allowed in rules")
            return left**right
        if operator == "%":
            # '%0999999999d' % 1 is a gigabyte of text; rules only need the remainder.
            if isinstance(left, str):
                raise SecurityError("'%' formatting of text is not allowed in rules")
            return left % right
        for seq, count in ((left, right), (right, left)):
            repeats = isinstance(seq, str | list | tuple) and isinstance(count, int)
            # The size of what is repeated counts, not its length: [[1] * 4000] * 4000 has
            # one item, yet sixteen million inside.
            if repeats and _size(seq, MAX_OUTPUT) * count > MAX_OUTPUT:
                raise SecurityError(f"repeating text past {MAX_OUTPUT} characters")
        return left * right


_CHECKED_FILTERS = {"join": _join, "sum": _sum, "round": _round}


def _environment() -> ImmutableSandboxedEnvironment:
    env = _RuleEnvironment(undefined=StrictUndefined, finalize=finalize, autoescape=False)
    env.globals.clear()
    filters: dict[str, Callable[..., Any]] = {"and_list": and_list}
    for name, func in env.filters.items():
        if name in SAFE_FILTERS:
            checked = _CHECKED_FILTERS.get(name)
            filters[name] = checked(func) if checked else func
    env.filters = {name: _guarded(f) for name, f in filters.items()}
    env.filters[_EACH] = _each
    return env


_ENV = _environment()
# The filters a rule may name: the sandbox's own start with '_'.
_RULE_FILTERS = sorted(name for name in _ENV.filters if not name.startswith("_"))


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
        f"unknown filter '{node.name}' (rules can use: {', '.join(_RULE_FILTERS)})"
        for node in tree.find_all(nodes.Filter)
        if node.name not in _RULE_FILTERS
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


TOO_DEEP = "the code is nested too deeply: split it into simpler parts"


def _compile_condition(source: str) -> tuple[Any, tuple[str, ...]]:
    """The compiled expression and the problems found in it (the same source is compiled
    once, however many rules share it)."""
    if len(source) > MAX_SOURCE:
        return None, (f"the condition is longer than {MAX_SOURCE} characters",)
    return _compile_condition_cached(source)


def _expression_error(source: str, wrapped: TemplateError) -> str:
    """The parser's complaint about the condition as the author wrote it: the wrapping the
    checker adds must not show up as a ')' or '}' they never typed."""
    try:
        _ENV.compile_expression(source, False)
    except TemplateError as exc:
        message = (exc.message or "").replace("'end of template'", "end of the condition")
        return message.replace("end of template", "end of the condition")
    return wrapped.message or "invalid condition"


@functools.lru_cache(maxsize=8192)
def _compile_condition_cached(source: str) -> tuple[Any, tuple[str, ...]]:
    try:
        tree = _ENV.parse("{{ (" + source + ") }}")
        problems = tuple(check_names(tree))
        return (None if problems else _ENV.compile_expression(source, False)), problems
    except TemplateError as exc:
        return None, (f"Jinja syntax error: {_expression_error(source, exc)}",)
    except RecursionError:  # Jinja's parser and compiler recurse once per bracket
        return None, (TOO_DEEP,)


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
        for loop in list(tree.find_all(nodes.For)):
            # Each pass of a loop checks the clock, so nested loops cannot run for minutes.
            loop.iter = nodes.Filter(loop.iter, _EACH, [], [], None, None, lineno=loop.lineno)
        # Compiled from the tree already parsed for the checks, not parsed a second time.
        code = _ENV.compile(tree)
        return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None), ()
    except TemplateError as exc:
        return None, (f"Jinja syntax error: {exc.message}",)
    except RecursionError:  # Jinja's parser and compiler recurse once per bracket or block
        return None, (TOO_DEEP,)


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
        _DEADLINE.at = time.monotonic() + TIME_LIMIT
        try:
            return bool(code(**context))
        except Exception as exc:  # any failure of stranger code is reported, never raised
            raise RuleCodeError(_runtime_message(exc), self.where) from None
        finally:
            _DEADLINE.at = math.inf


@dataclass(frozen=True)
class TextTemplate:
    """A compiled piece of rule text; renders to escaped, size-capped Markdown that can hold
    no raw HTML and no script link (`safe_markdown`)."""

    source: str
    where: tuple[str | int, ...] = ()
    checked: bool = False  # True: already compiled and checked elsewhere; compile on use

    def __post_init__(self) -> None:
        if not self.checked:
            self._template()

    def _template(self) -> Any:
        if len(self.source) > MAX_SOURCE:
            raise RuleCodeError(f"text is longer than {MAX_SOURCE} characters", self.where)
        if "{" not in self.source:
            return None  # plain text, as most rule text is: nothing to run
        template, problems = _compile_text(self.source)
        if problems:
            raise RuleCodeError("; ".join(problems), self.where)
        return template

    def render(self, context: dict[str, Any]) -> MarkdownText:
        template = self._template()
        if template is None:
            return _plain_text(self.source)
        _DEADLINE.at = time.monotonic() + TIME_LIMIT
        try:
            out: list[str] = []
            size = 0
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise RuleCodeError(f"text is longer than {MAX_OUTPUT} characters", self.where)
                _tick()
                out.append(chunk)
        except RuleCodeError as exc:
            raise RuleCodeError(str(exc), self.where) from None
        except Exception as exc:
            raise RuleCodeError(_runtime_message(exc), self.where) from None
        finally:
            _DEADLINE.at = math.inf
        return safe_markdown(" ".join("".join(out).split()))


@functools.lru_cache(maxsize=8192)
def _plain_text(source: str) -> MarkdownText:
    return safe_markdown(" ".join(source.split()))


def _runtime_message(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, TemplateError | RuleCodeError):
        return text
    return f"{type(exc).__name__}: {text}"


# Markdown a rule author writes may use emphasis and http(s) links, nothing that makes HTML.
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# (Patterns as text: `re` compiles each on first use, not when `playbook check` starts.)
_SCHEME = r"([a-z][a-z0-9+.\-]*):"
# What `safe_markdown` looks at: a backslash escape (kept), '<' (raw HTML, comments and
# autolinks), braces (attribute lists such as {: onclick=...}), '![' (images load from other
# hosts), ']' before '(' (the end of a link's text) and ']:' (a reference definition's).
_MARKUP = r"\\[\\{}\[\]!]|<|[{}]|!(?=\[)|\](?=\s*\()|\]\s*:"
_RISKY = r"[<{}]|!\[|\]\s*[(:]"
_TARGET_SCAN = 200  # characters after "](" or "]:" in which a link's address is looked for
# Python-Markdown takes time quadratic in the number of '[' in a paragraph (4,000 of them
# take seconds); past this many, every '[' is shown as text and no link forms.
MAX_BRACKETS = 50
_BRACKET = r"(?<!\\)((?:\\\\)*)\["


def _unsafe_target(rest: str) -> bool:
    """True when the link address at the start of `rest` would lead to a script.

    The address is read as a browser would: entities decoded, and whitespace, control
    characters and backslashes dropped, so "&#106;ava&Tab;script&colon;" is javascript:.
    """
    rest = rest.lstrip().removeprefix("(")[:_TARGET_SCAN]
    address = "".join(
        ch for ch in html.unescape(rest) if ch.isprintable() and not ch.isspace() and ch != "\\"
    )
    scheme = re.match(_SCHEME, address.lstrip("<").lower())
    return scheme is not None and scheme.group(1) not in _LINK_SCHEMES


def _made_safe(found: re.Match[str]) -> str:
    mark = found.group()
    if mark[0] == "\\":
        return mark  # already escaped
    if mark == "<":
        return "&lt;"
    if mark in "{}!":
        return "\\" + mark
    if not _unsafe_target(found.string[found.end() :]):
        return mark
    if mark == "]":
        return "\\]"  # "[text\](javascript:...)" is not a link
    # Python-Markdown reads "[1\]: javascript:..." as a definition all the same; with the
    # colon written as an entity it is a line of text, which reads the same.
    return mark[:-1] + "&#58;"


def safe_markdown(text: str) -> MarkdownText:
    """Rule Markdown that can only render as text, emphasis and http(s) links: no raw HTML,
    attribute lists, images or script links, however they are spelt.

    Values a template inserts are escaped already (escape.py) and stay as they are, so this
    can run on a whole rendered text.
    """
    if re.search(_RISKY, text):
        text = re.sub(_MARKUP, _made_safe, text)
    if text.count("[") > MAX_BRACKETS:
        text = re.sub(_BRACKET, r"\1\\[", text)
    return MarkdownText(text)


_JINJA_CODE = r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
_TAG = r"<[A-Za-z!/?]"


def markdown_problems(text: str) -> list[str]:
    """What the rule checker refuses in rule Markdown (Jinja code aside): everything
    `safe_markdown` would have to defuse."""
    prose = re.sub(_JINJA_CODE, " ", text)
    found = set()
    for mark in re.finditer(_MARKUP, prose):
        what = mark.group()
        if what == "<" and re.match(_TAG, prose[mark.start() :]):
            found.add("raw HTML is not allowed in rule text")
        elif what in "{}":
            found.add("'{' and '}' outside {{ }} and {% %} are not allowed in rule text")
        elif what == "!":
            found.add("images are not allowed in rule text")
        elif what[0] == "]" and _unsafe_target(prose[mark.end() :]):
            found.add("links must be http:// or https:// addresses")
    if prose.count("[") > MAX_BRACKETS:
        found.add(f"more than {MAX_BRACKETS} '[' in one text")
    return sorted(found)
