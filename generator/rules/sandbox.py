"""The sandbox rule conditions and rule text written by strangers run in.

Rules use Jinja syntax because rule authors know it. Everything runs in Jinja's immutable
sandbox with no globals (no `range`, `cycler`, `joiner`, `lipsum`), `StrictUndefined` so a
misspelt name is an error rather than an empty string, and `finalize` so every value from a
profile is escaped for Markdown. On top of the sandbox:

- size: every value a rule builds (by `*`, a filter or a method) stays under MAX_VALUE
  characters, and what a text renders under MAX_OUTPUT, so no rule can eat memory;
- time: the clock (budget.py) is checked wherever rule code can spend time (loops,
  filters, calls, lookups, output).

What a rule may name is checked before it runs (names.py); compiling and running it is
code.py; the Markdown it writes is made safe in markup.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import StrictUndefined, Undefined
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..text import and_list, finalize

# RuleCodeError is where the engine and the command line have always caught it from.
from .budget import RuleCodeError as RuleCodeError
from .budget import tick

# The longest text one rule field may render, in characters.
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
EACH = "_each"


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
        tick()
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
        tick()
        yield item


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks the clock and the size of what it returns."""

    @functools.wraps(func)  # keeps Jinja's pass_context & co. markers
    def run(*args: Any, **kwargs: Any) -> Any:
        tick()
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
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        tick()
        return super().getitem(obj, argument)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        tick()
        return _bounded(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:  # noqa: ARG002
        tick()
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
    env.filters[EACH] = _each
    return env


ENV = _environment()
# The filters a rule may name: the sandbox's own start with '_'.
RULE_FILTERS = sorted(name for name in ENV.filters if not name.startswith("_"))
