"""Each rule run on its own examples, and on edge profiles made from them, as `rules check`
and the rulebook do before any plan: every failure at the field that fails, with the
example it failed on.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.evaluate import evaluate, judge
from ..errors import Mark, Problem, ProblemsError
from ..model.profile import Profile
from ..model.rule import Example, Metric
from ..rules.budget import RULE_MESSAGE, BudgetError, PlanLimitError, RuleCodeError
from ..rules.compile import CompiledRule, Rulebook
from ..rules.edges import edge_profiles
from ..source.load import Key, Mapping, Node
from ..source.validator import build
from ..source.wording import show_path
from .rule_render import place_words, render_everywhere


def merge_example(baseline: Node, example: Example) -> Node:
    """The baseline profile with the example's top-level keys put in place of its own."""
    if not isinstance(baseline, Mapping) or not isinstance(example.profile, Mapping):
        return example.profile
    own = {key.text: (key, value) for key, value in example.profile.entries}
    entries: list[tuple[Key, Node]] = [
        own.pop(key.text) if key.text in own else (key, value) for key, value in baseline.entries
    ]
    entries += list(own.values())
    return Mapping(example.profile.mark, entries)


def _fields(rule: CompiledRule) -> dict[Mark, str]:
    """Where each piece of the rule's code is in its file, and the field's name; the top of
    the rule, where a rule that spent its time is reported, names the rule."""
    paths: list[tuple[str | int, ...]] = [("when",)] if rule.when else []
    paths += [("evidence", i) for i in range(len(rule.evidence))] + [("working",)]
    for i, action in enumerate(rule.actions):
        paths += [("actions", i, "text")] + ([("actions", i, "when")] if action.when else [])
    paths += [("checklist", i, "text") for i in range(len(rule.checklist))]
    paths += [("platform_advice", name) for name, _ in rule.platform_advice]
    return {rule.mark(): f"rule '{rule.id}' "} | {rule.mark(*p): show_path(p) + " " for p in paths}


@dataclass(frozen=True)
class _Tried:
    """A rule run on one profile: whether it fired, how its code failed, and whether it ran
    out of time (every other profile would spend it too, so the check stops there)."""

    fired: bool
    problems: list[Problem]
    spent: bool = False


def _try(
    rule: CompiledRule, profile: Profile, metrics: tuple[Metric, ...], on: str, hint: str
) -> _Tried:
    """The rule run on the profile, each failure naming the field and `on` (the profile).
    The whole plan is made with the rule, so every action, checklist line and piece of
    advice it would write there is rendered once."""
    try:
        fired = bool(judge(rule, profile).fired)
        evaluate(profile, Rulebook((rule,), metrics))
    except RuleCodeError as exc:
        return _Tried(False, [_code_problem(rule, exc, on, hint)], isinstance(exc, BudgetError))
    except PlanLimitError as exc:
        return _Tried(False, exc.problems, True)
    except ProblemsError as exc:
        # The plan's own words: "rule 'id' failed on the profile of <name>: <why>".
        fields = _fields(rule)
        prefix = f"rule '{rule.id}' failed on the profile of {profile.client.name}: "
        problems = [
            Problem(p.mark, f"{fields.get(p.mark, '')}fails on {on}: {why}", hint)
            if (why := p.message.removeprefix(prefix)) != p.message
            else p
            for p in exc.problems
        ]
        return _Tried(False, problems, any(RULE_MESSAGE in p.message for p in problems))
    # What this plan did not render (a `working:` where the rule fires, an action whose
    # `when:` is false here, ...) another client's plan will: every text, everywhere.
    failed = render_everywhere(rule, profile)
    problems = [_code_problem(rule, f.error, on + place_words(f.platform), hint) for f in failed]
    return _Tried(fired, problems, any(isinstance(f.error, BudgetError) for f in failed))


def _code_problem(rule: CompiledRule, exc: RuleCodeError, on: str, hint: str) -> Problem:
    """A field of the rule failing on a profile, at the field's place."""
    field = show_path(exc.where) + " " if exc.where else f"rule '{rule.id}' "
    return Problem(rule.mark(*exc.where), f"{field}fails on {on}: {exc}", hint)


def check_examples(
    rule: CompiledRule, baseline: Node, metrics: tuple[Metric, ...], edges: bool = False
) -> list[Problem]:
    """Run a rule on each of its examples and, with `edges`, on the edge profiles made from
    them (once the examples pass); every one that misbehaves is a problem."""
    problems: list[Problem] = []
    merged: list[tuple[str, Node]] = []
    for expected, examples in (
        ("fires", rule.spec.examples.fires),
        ("quiet", rule.spec.examples.quiet),
    ):
        for i, example in enumerate(examples):
            where = rule.mark("examples", expected, i, "name")
            node = merge_example(baseline, example)
            profile, errors = build(Profile, node)
            if profile is None:
                problems += errors
                continue
            merged.append((example.name, node))
            hint = "fix the rule text for profiles like this example"
            tried = _try(rule, profile, metrics, f"example '{example.name}'", hint)
            problems += tried.problems
            if tried.spent:
                return problems
            if tried.problems:
                continue
            if expected == "fires" and not tried.fired:
                problems.append(
                    Problem(
                        where,
                        f"example '{example.name}' should make the rule fire, but it does not",
                        "fix the rule's when:/mix: or move the example under quiet:",
                    )
                )
            if expected == "quiet" and tried.fired:
                problems.append(
                    Problem(
                        where,
                        f"example '{example.name}' should leave the rule quiet, but it fires",
                        "fix the rule's when:/mix: or move the example under fires:",
                    )
                )
    if problems:
        return _once_per_field(problems)
    return _edge_problems(rule, merged, metrics) if edges else []


def _once_per_field(problems: list[Problem]) -> list[Problem]:
    """A field of code that fails on several examples is reported on the first."""
    seen: set[Mark] = set()
    kept = []
    for problem in problems:
        if " fails on " in problem.message:
            if problem.mark in seen:
                continue
            seen.add(problem.mark)
        kept.append(problem)
    return kept


def _edge_problems(
    rule: CompiledRule, merged: list[tuple[str, Node]], metrics: tuple[Metric, ...]
) -> list[Problem]:
    """The rule's code failing on an edge profile (rules/edges.py): each place once."""
    problems: list[Problem] = []
    seen: set[Mark] = set()
    hint = "a plan can meet such a profile: make the rule work on it too"
    for name, node in merged:
        for words, edge in edge_profiles(node):
            profile, _ = build(Profile, edge)
            if profile is None:
                continue  # not a valid profile, so no plan ever meets it
            on = f"a profile like example '{name}' but {words}"
            tried = _try(rule, profile, metrics, on, hint)
            problems += [p for p in tried.problems if p.mark not in seen]
            seen.update(p.mark for p in tried.problems)
            if tried.spent:
                return problems
    return problems
