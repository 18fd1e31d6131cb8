"""A rule's conditions and texts, compiled once and run on profiles within the limits.

Each piece of code is checked before it runs (names.py), runs in the sandbox (sandbox.py)
on the clock (budget.py), and what a text renders is made safe Markdown (markup.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, nodes

from ..text import MarkdownText, finalize
from . import budget
from .budget import BudgetError, Owner, PlanLimitError, RuleCodeError
from .markup import safe_markdown, text_without_code
from .messages import in_plain_words, plain_message
from .names import check_names, lookup_problem
from .sandbox import EACH, ENV, MAX_OUTPUT, MAX_SOURCE

TOO_DEEP = "the code is nested too deeply: split it into simpler parts"
# Errors that already say what the rule spent: passed on as they are.
_SPENT = (BudgetError, PlanLimitError)


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
        ENV.compile_expression(source, False)
    except TemplateError as exc:
        message = (exc.message or "").replace("'end of template'", "end of the condition")
        return message.replace("end of template", "end of the condition")
    return wrapped.message or "invalid condition"


@functools.lru_cache(maxsize=8192)
def _compile_condition_cached(source: str) -> tuple[Any, tuple[str, ...]]:
    try:
        tree = ENV.parse("{{ (" + source + ") }}")
        problems = tuple(check_names(tree))
        return (None if problems else ENV.compile_expression(source, False)), problems
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
            problem = lookup_problem(name, attrs[0] if attrs else None)
            if problem is not None:
                found.append(problem)
        return sorted(set(found))

    def generate(self, **context: Any) -> Iterable[str]:
        for i, part in enumerate(self.parts):
            if i % 2 == 0:
                yield part
                continue
            name, *attrs = part.split(".")
            if name not in context:
                raise _as_jinja_says(f"'{name}' is undefined")
            value = context[name]
            for attr in attrs:
                if not isinstance(value, dict) or attr not in value:
                    kind = "None" if value is None else f"{type(value).__name__} object"
                    raise _as_jinja_says(f"'{kind}' has no attribute '{attr}'")
                value = value[attr]
            yield str(finalize(value))


def _as_jinja_says(text: str) -> RuleCodeError:
    """The error Jinja would give, in the same plain words."""
    return RuleCodeError(plain_message(TemplateError(text)))


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
        tree = ENV.parse(source)
        problems = tuple(check_names(tree))
        if problems:
            return None, problems
        for loop in list(tree.find_all(nodes.For)):
            # Each pass of a loop checks the clock, so nested loops cannot run for minutes.
            loop.iter = nodes.Filter(loop.iter, EACH, [], [], None, None, lineno=loop.lineno)
        # Compiled from the tree already parsed for the checks, not parsed a second time.
        code = ENV.compile(tree)
        return ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None), ()
    except TemplateError as exc:
        return None, (f"Jinja syntax error: {exc.message}",)
    except RecursionError:  # Jinja's parser and compiler recurse once per bracket or block
        return None, (TOO_DEEP,)


@dataclass(frozen=True)
class _RuleCode:
    """A piece of a rule's code: `where` is its field's path in the rule file, `owner` the
    rule whose budget it spends (none: only its own time limit)."""

    source: str
    where: tuple[str | int, ...] = ()
    checked: bool = False  # True: already compiled and checked elsewhere; compile on use
    owner: Owner | None = None

    def __post_init__(self) -> None:
        if not self.checked:
            self._compiled()

    def _compiled(self) -> Any:
        raise NotImplementedError


class Condition(_RuleCode):
    """A compiled `when:` expression."""

    def _compiled(self) -> Any:
        code, problems = _compile_condition(self.source)
        if problems:
            raise RuleCodeError("; ".join(problems), self.where)
        return code

    def __call__(self, context: dict[str, Any]) -> bool:
        code = self._compiled()
        started = budget.start(self.owner, context)
        try:
            return bool(code(**context))
        except _SPENT:
            raise
        except Exception as exc:  # any failure of stranger code is reported, never raised
            why = in_plain_words(plain_message(exc), self.source, context)
            raise RuleCodeError(why, self.where) from None
        finally:
            budget.stop(self.owner, started)


class TextTemplate(_RuleCode):
    """A compiled piece of rule text; renders to escaped, size-capped Markdown that can hold
    no raw HTML and no script link (`safe_markdown`)."""

    def _compiled(self) -> Any:
        if len(self.source) > MAX_SOURCE:
            raise RuleCodeError(f"text is longer than {MAX_SOURCE} characters", self.where)
        if "{" not in self.source:
            return None  # plain text, as most rule text is: nothing to run
        template, problems = _compile_text(self.source)
        if problems:
            raise RuleCodeError("; ".join(problems), self.where)
        return template

    def render(self, context: dict[str, Any]) -> MarkdownText:
        template = self._compiled()
        text = text_without_code(self.source) if template is None else self._run(template, context)
        budget.charge_text(self.owner, context, len(text))
        return text

    def _run(self, template: Any, context: dict[str, Any]) -> MarkdownText:
        started = budget.start(self.owner, context)
        try:
            out: list[str] = []
            size = 0
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise RuleCodeError(f"text is longer than {MAX_OUTPUT} characters", self.where)
                budget.tick()
                out.append(chunk)
        except _SPENT:
            raise
        except RuleCodeError as exc:
            why = in_plain_words(str(exc), self.source, context)
            raise RuleCodeError(why, self.where) from None
        except Exception as exc:
            why = in_plain_words(plain_message(exc), self.source, context)
            raise RuleCodeError(why, self.where) from None
        finally:
            budget.stop(self.owner, started)
        return safe_markdown(" ".join("".join(out).split()))
