"""Compile one validated rule: its condition and texts become sandboxed, checked callables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as PathType
from typing import Any, NamedTuple

from ..errors import Mark, Problem
from ..model.advice import Advice
from ..model.constraints import FieldProblem, Path
from ..model.rule import Action, CheckItem, Metric, RuleSpec
from ..source.load import Node
from ..source.validator import locate
from ..source.wording import show_path
from .budget import Owner, RuleCodeError
from .code import Condition, TextTemplate
from .files import ORIGINS, Origin
from .markup import markdown_problems
from .names import condition_names
from .variables import SETTLED_LATE, VARIABLES

# How outputs name each origin (the JSON plan's "source", `playbook rules list`): there a
# coach's own rules have always been "private".
ORIGIN_LABELS: dict[Origin, str] = {"golden": "golden", "own": "private", "community": "community"}
_RAW_HTML = re.compile(r"<[A-Za-z!/?][^>]*>")


@dataclass(frozen=True)
class CompiledAction:
    """An action's text, and the condition (if any) under which the plan includes it."""

    spec: Action
    text: TextTemplate
    when: Condition | None

    def applies(self, context: dict[str, Any]) -> bool:
        if context.get("sector") in self.spec.not_sectors:
            return False  # the sector's safeguards forbid it
        return self.when is None or self.when(context)


class CompiledCheckItem(NamedTuple):
    """A checklist line of a rule, and its text ready to render."""

    spec: CheckItem
    text: TextTemplate


class CompiledAdvice(NamedTuple):
    """A rule's advice for one platform (by name), ready to render."""

    platform: str
    text: TextTemplate


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to judge profiles."""

    spec: RuleSpec
    origin: Origin
    path: str
    node: Node | None = field(repr=False)
    when: Condition | None
    evidence: tuple[TextTemplate, ...]
    working: TextTemplate
    actions: tuple[CompiledAction, ...]
    checklist: tuple[CompiledCheckItem, ...]
    platform_advice: tuple[CompiledAdvice, ...]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def precedence(self) -> tuple[int, int, str]:
        """Golden rules first, in their own order; then the coach's own and the community's
        rules, each by id."""
        return (ORIGINS.index(self.origin), self.spec.number or 0, self.spec.id)

    @property
    def origin_label(self) -> str:
        """The rule's origin as outputs name it."""
        return ORIGIN_LABELS[self.origin]

    def kind(self, own: str = "your coach's rule") -> str:
        """What the rule is, in words: 'golden rule 3', 'community rule', or `own` for a
        rule from a coach's own folder (the client reads "your coach's rule")."""
        if self.origin == "golden":
            return f"golden rule {self.spec.number}"
        return own if self.origin == "own" else "community rule"

    def mark(self, *path: str | int) -> Mark:
        node = self.node
        if node is None:
            # Checked in another process, which kept the tree; read it again for the place.
            from ..source.load import read_file

            node = read_file(PathType(self.path), self.path)
            object.__setattr__(self, "node", node)
        return locate(node, path)


class RuleText(NamedTuple):
    """A text of a rule file, and where in the file it is."""

    path: Path
    text: str


def _markdown_problems(spec: RuleSpec) -> list[FieldProblem]:
    texts = [RuleText(("why",), spec.why), RuleText(("working",), spec.working)]
    texts += [RuleText(("evidence", i), t) for i, t in enumerate(spec.evidence)]
    texts += [RuleText(("actions", i, "text"), a.text) for i, a in enumerate(spec.actions)]
    texts += [RuleText(("checklist", i, "text"), c.text) for i, c in enumerate(spec.checklist)]
    texts += [RuleText(("platform_advice", k), t) for k, t in spec.platform_advice.items()]
    plain = ("title", "summary", "when_text", "contributor", "own_experience")
    texts += [
        RuleText((key,), text) for key in plain if isinstance(text := getattr(spec, key), str)
    ]
    whats = [(path, what) for path, text in texts for what in markdown_problems(text)]
    # Not the Markdown check: braces in a condition's strings are fine.
    if spec.when is not None and _RAW_HTML.search(spec.when):
        whats.append((("when",), "raw HTML is not allowed in rule text"))
    return [FieldProblem(path, what, _markup_hint(what)) for path, what in whats]


def _markup_hint(what: str) -> str:
    """How to fix one kind of markup the check refuses."""
    if what.startswith("links"):
        return "link to an https:// page, or leave the address out"
    if what.startswith("images"):
        return "describe it in words, or link to it"
    if what.startswith("raw HTML"):
        return "write it in Markdown: **bold**, *italic*, [text](https://...)"
    return "write plain Markdown"


class Compilation(NamedTuple):
    """What compiling a rule gives: the rule, or None and every problem that stops it."""

    rule: CompiledRule | None
    problems: list[Problem]


def compile_rule(
    spec: RuleSpec, node: Node | None, origin: Origin, path: str, checked: bool = False
) -> Compilation:
    """Compile every expression and text of a rule, collecting each problem with its place.

    `checked`: the rule passed this very function before (in another process), so its code
    is compiled only when first used.
    """
    if node is None and not checked:
        raise ValueError("a rule that was not checked yet needs its tree")
    problems = [
        Problem(locate(node, found.path), found.message, found.hint)  # type: ignore[arg-type]
        for found in (() if checked else _markdown_problems(spec))
    ]

    owner = Owner(path, spec.id)

    def attempt(where: Path, make: Any, source_text: str) -> Any:
        try:
            return make(source_text, where, checked, owner)
        except RuleCodeError as exc:
            problems.append(
                Problem(
                    locate(node, where),  # type: ignore[arg-type]
                    f"{show_path(where)}: {exc}",
                    f"rules can use: {', '.join(VARIABLES)}",
                )
            )
            return None

    when = attempt(("when",), Condition, spec.when) if spec.when is not None else None
    late = sorted(condition_names(spec.when) & set(SETTLED_LATE)) if spec.when else []
    if late and node is not None:
        problems.append(
            Problem(
                locate(node, ("when",)),
                f"when: reads {' and '.join(late)}, which the plan settles only after every "
                "rule's when: is decided",
                "use it in the rule's texts or in an action's when:, not in the rule's when:",
            )
        )
    evidence = tuple(attempt(("evidence", i), TextTemplate, t) for i, t in enumerate(spec.evidence))
    working = attempt(("working",), TextTemplate, spec.working)
    actions = tuple(
        CompiledAction(
            a,
            attempt(("actions", i, "text"), TextTemplate, a.text),
            attempt(("actions", i, "when"), Condition, a.when) if a.when else None,
        )
        for i, a in enumerate(spec.actions)
    )
    checklist = tuple(
        CompiledCheckItem(c, attempt(("checklist", i, "text"), TextTemplate, c.text))
        for i, c in enumerate(spec.checklist)
    )
    advice = tuple(
        CompiledAdvice(k, attempt(("platform_advice", k), TextTemplate, t))
        for k, t in spec.platform_advice.items()
    )
    if problems:
        return Compilation(None, problems)
    rule = CompiledRule(
        spec, origin, path, node, when, evidence, working, actions, checklist, advice
    )
    return Compilation(rule, [])


def _code_fields(node: Node) -> list[tuple[Path, str, bool]]:
    """Every condition (True) and text (False) in a rule's YAML tree that is a string where
    it should be, found without the rule having passed its schema."""
    from ..model.nodes import Mapping, Scalar, Sequence

    def text(value: Node | None) -> str | None:
        return value.value if isinstance(value, Scalar) and isinstance(value.value, str) else None

    def items(value: Node | None) -> list[Node]:
        return value.items if isinstance(value, Sequence) else []

    if not isinstance(node, Mapping):
        return []
    found: list[tuple[Path, str | None, bool]] = [
        (("when",), text(node.get("when")), True),
        (("working",), text(node.get("working")), False),
    ]
    found += [(("evidence", i), text(e), False) for i, e in enumerate(items(node.get("evidence")))]
    for i, action in enumerate(items(node.get("actions"))):
        if isinstance(action, Mapping):
            found.append((("actions", i, "text"), text(action.get("text")), False))
            found.append((("actions", i, "when"), text(action.get("when")), True))
    for i, item in enumerate(items(node.get("checklist"))):
        if isinstance(item, Mapping):
            found.append((("checklist", i, "text"), text(item.get("text")), False))
    advice = node.get("platform_advice")
    if isinstance(advice, Mapping):
        found += [(("platform_advice", k.text), text(v), False) for k, v in advice.entries]
    return [(path, source, condition) for path, source, condition in found if source is not None]


def code_problems(node: Node) -> list[Problem]:
    """The problems compiling would find in a rule's conditions and texts, for a rule that
    did not pass its schema: the contributor sees both kinds in one run."""
    problems = []
    for where, source, condition in _code_fields(node):
        try:
            (Condition if condition else TextTemplate)(source, where)
        except RuleCodeError as exc:
            problems.append(
                Problem(
                    locate(node, where),
                    f"{show_path(where)}: {exc}",
                    f"rules can use: {', '.join(VARIABLES)}",
                )
            )
    return problems


@dataclass(frozen=True)
class Rulebook:
    """Every rule in precedence order, the metrics their checklists may name, and the advice
    library."""

    rules: tuple[CompiledRule, ...]
    metrics: tuple[Metric, ...]
    # The advice library (content/advice/): platforms, sectors and the idea bank.
    advice: Advice | None = None

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)
