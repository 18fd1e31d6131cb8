"""Load the rulebook from disk: rule files, the metric catalog and the baseline profile.

Every rule is validated, compiled and run on its own examples before any profile is judged,
so a broken rule stops the run with its file and line instead of producing a wrong plan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..engine.evaluate import evaluate, judge
from ..errors import Mark, Problem, ProblemsError, unknown_hint
from ..model.profile import Profile
from ..model.rule import TAGS, Example, Examples, Metric, MetricCatalog, RuleSpec
from ..parallel import parallel_map
from ..paths import advice_dir, content_dir, rules_dir, sector_ids, shown_path
from ..rules.budget import RULE_MESSAGE, BudgetError, PlanLimitError, RuleCodeError
from ..rules.compile import CompiledRule, Rulebook, code_problems, compile_rule
from ..rules.edges import edge_profiles
from ..rules.files import BASELINE, BUNDLED, Origin, RuleFile, rule_files
from ..source.load import Key, Mapping, Node, read_file
from ..source.validate import load_model
from ..source.validator import build, locate
from ..source.wording import show_path
from .advice import load_advice
from .rule_render import place_words, render_everywhere

_label = shown_path


# What a community rule must say about itself: (key, the hint to add it).
COMMUNITY_NEEDS = (
    ("contributor", "add contributor: your name or handle"),
    ("added", "add added: today's date, as YYYY-MM-DD"),
    ("tags", "add tags: one or more of " + ", ".join(TAGS)),
    ("platforms", "add platforms: [all], or the platforms it is about, such as [instagram]"),
)


def _credit_problems(origin: Origin, spec: RuleSpec, node: Node) -> list[Problem]:
    """Every rule gives credit; golden rules have a number; community rules need the facts
    a reader relies on. A missing key has no place of its own: the top of the rule."""
    top = locate(node, ())
    problems = []
    if not spec.references and spec.own_experience is None:
        problems.append(
            Problem(
                top,
                "the rule gives no credit: it needs 'references:' or 'own_experience:'",
                "add references: [{title: ..., author: ..., url: https://...}], or "
                "own_experience: a line on where the rule comes from in your own work",
            )
        )
    if origin == "golden" and spec.number is None:
        problems.append(Problem(top, "a golden rule needs 'number:'", "add number: its place"))
    if origin != "golden":
        kind = "your own rule" if origin == "own" else "a community rule"
        problems += [
            Problem(top, f"{kind} needs '{key}:'", hint)
            for key, hint in COMMUNITY_NEEDS
            if getattr(spec, key) in (None, [])
        ]
    return problems


def load_rule(origin: Origin, path: Path) -> tuple[CompiledRule | None, list[Problem]]:
    """Validate and compile one rule file."""
    label = _label(path)
    spec, node, problems = load_model(RuleSpec, path, label)
    if spec is None or node is None:
        # The file was read but does not fit the schema: its code is checked all the same.
        seen = {p.mark for p in problems}
        more = [p for p in code_problems(node) if p.mark not in seen] if node else []
        return None, sorted(problems + more, key=lambda p: (p.mark.line, p.mark.col))
    if spec.id != path.stem:
        problems.append(
            Problem(
                locate(node, ("id",)),
                f"id '{spec.id}' differs from the file name '{path.name}'",
                f"rename the file to {spec.id}.yaml or set id: {path.stem}",
            )
        )
    rule, more = compile_rule(spec, node, origin, label)
    # Missing credit does not stop the other checks: the contributor sees everything at once.
    credit = _credit_problems(origin, spec, node)
    return (rule if not problems else None), problems + more + credit


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


def load_metrics(path: Path) -> MetricCatalog:
    catalog, problems = build(MetricCatalog, read_file(path, _label(path)))
    if catalog is None:
        raise ProblemsError(problems)
    return catalog


@dataclass(frozen=True)
class CheckedRule:
    """What checking one rule file gives, as plain data that can cross processes."""

    origin: Origin
    path: str
    spec: RuleSpec | None
    problems: tuple[Problem, ...]
    page: str | None = None


def _shared_inputs(folder: Path) -> tuple[tuple[Metric, ...], Node]:
    """The metric catalog and the baseline profile every rule in `folder` is checked with.

    A content folder carries its own metric catalog; a bare rules folder uses the bundled one.
    """
    beside = folder.parent / "metrics.yaml"
    catalog = load_metrics(beside if beside.is_file() else content_dir() / "metrics.yaml")
    return tuple(catalog.metrics), read_file(folder / BASELINE, _label(folder / BASELINE))


def _check_rule(
    origin: Origin,
    path: Path,
    metrics: tuple[Metric, ...],
    baseline: Node,
    examples: bool,
    edges: bool = False,
) -> tuple[CompiledRule | None, list[Problem]]:
    """One rule file checked as the rulebook checks it: schema, code, metrics, examples;
    with `edges` (`rules check`) also the edge profiles, which a plan skips for speed."""
    rule, problems = load_rule(origin, path)
    if rule is None:
        return None, problems
    problems += _metric_problems(rule, {m.id for m in metrics})
    if examples:
        problems += check_examples(rule, baseline, metrics, edges)
    return rule, problems


def load_rules(
    folder: Path | None = None,
    examples: bool = True,
    jobs: int | None = 1,
    page_of: Callable[[CompiledRule], str] | None = None,
    own: Path | None = None,
) -> tuple[Rulebook, dict[str, str]]:
    """Every rule under `folder` (the bundled rules by default) and the coach's `own` rules
    folder, checked and compiled, with `page_of(rule)` for each when given. Files are checked
    on `jobs` processes. The coach's rules are checked like community rules, with the same
    metric catalog and baseline profile.

    `examples=False` skips running each rule on its examples (the test suite and
    `playbook plan` do that); everything else is still checked.
    """
    folder = folder or rules_dir()
    metrics, baseline = _shared_inputs(folder)

    def check(file: RuleFile) -> CheckedRule:
        origin, path = file
        rule, problems = _check_rule(origin, path, metrics, baseline, examples)
        if rule is None:
            return CheckedRule(origin, _label(path), None, tuple(problems))
        page = page_of(rule) if page_of is not None and not problems else None
        spec = rule.spec
        if page_of is not None:
            # The page is made, and the examples with it: what crosses back to the parent
            # process is kept small.
            spec = dataclasses.replace(spec, examples=Examples([], []))
        return CheckedRule(origin, rule.path, spec, tuple(problems), page)

    checked = parallel_map(check, rule_files(folder, own), jobs)
    problems: list[Problem] = [p for c in checked for p in c.problems]
    advice = None
    try:
        # A content folder carries its own advice library; a bare rules folder uses the bundled one.
        advice = load_advice(folder.parent if advice_dir(folder.parent).is_dir() else None)
    except ProblemsError as exc:
        problems += exc.problems
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for item in checked:
        if item.spec is None or item.problems:
            continue
        # The tree stayed with the process that checked the file; an error reads it again.
        rule, _ = compile_rule(item.spec, None, item.origin, item.path, checked=True)
        assert rule is not None
        if rule.id in seen:
            problems.append(
                Problem(
                    rule.mark("id"),
                    f"id '{rule.id}' is also used by {seen[rule.id]}",
                    "give each rule its own id and file name",
                )
            )
        seen[rule.id] = rule.path
        rules.append(rule)
    if advice is not None:
        problems += _sector_problems(rules, {s.id for s in advice.sectors})
    if not rules and not problems:
        problems.append(Problem(Mark(str(folder), 1, 1), "no rule files found", "add rules"))
    if problems:
        raise ProblemsError(problems)
    book = Rulebook(tuple(sorted(rules, key=lambda r: r.precedence)), metrics, advice)
    pages = {c.spec.id: c.page for c in checked if c.spec is not None and c.page is not None}
    return book, pages


def _sector_problems(rules: list[CompiledRule], sector_ids: set[str]) -> list[Problem]:
    """A problem for every sector an action's `not_sectors:` names that does not exist."""
    return [
        Problem(
            rule.mark("actions", i, "not_sectors", j),
            f"unknown sector '{name}'",
            unknown_hint(name, sector_ids),
        )
        for rule in rules
        for i, action in enumerate(rule.spec.actions)
        for j, name in enumerate(action.not_sectors)
        if name not in sector_ids
    ]


def _metric_problems(rule: CompiledRule, metric_ids: set[str]) -> list[Problem]:
    return [
        Problem(
            rule.mark("checklist", i, "metric"),
            f"unknown metric '{item.metric}'",
            unknown_hint(item.metric, metric_ids),
        )
        for i, (item, _) in enumerate(rule.checklist)
        if item.metric and item.metric not in metric_ids
    ]


def _home_of(paths: list[Path]) -> Path | None:
    """The rules folder the given files sit in, when they all sit in one."""
    homes = {
        path.resolve().parent.parent
        for path in paths
        if path.resolve().parent.name in BUNDLED
        and (path.resolve().parent.parent / BASELINE).is_file()
    }
    return homes.pop() if len(homes) == 1 and len(paths) > 0 else None


def load_rulebook(folder: Path | None = None, own: Path | None = None) -> Rulebook:
    """Every rule under `folder` (the bundled rules by default) and in the coach's `own`
    rules folder, checked and compiled."""
    return load_rules(folder, own=own)[0]


def check_rule_files(
    paths: list[Path], folder: Path | None = None, own: Path | None = None
) -> list[Problem]:
    """Every problem in the given rule files, each checked as the rulebook checks it
    (schema, code, metrics, its own examples, credit) and on edge profiles made from its
    examples, plus ids that clash with another
    rule in `folder` or `own`. A file outside a golden/ folder is checked as a community
    rule. A file in the golden/ or community/ folder of another rules folder (a checkout of
    the repository, when playbook itself is installed) is checked against that folder."""
    folder = folder or _home_of(paths) or rules_dir()
    metrics, baseline = _shared_inputs(folder)
    known: dict[str, list[Path]] = {}
    for _, path in rule_files(folder, own):
        known.setdefault(path.stem, []).append(path)
    problems: list[Problem] = []
    sectors = sector_ids(folder.parent) or sector_ids()
    for path in paths:
        origin: Origin = "golden" if path.parent.name == "golden" else "community"
        if own is not None and path.resolve().parent == own.resolve():
            origin = "own"
        rule, found = _check_rule(origin, path, metrics, baseline, examples=True, edges=True)
        problems += found
        if rule is None:
            continue
        problems += _sector_problems([rule], sectors)
        others = [p for p in known.get(rule.id, []) if p.resolve() != path.resolve()]
        if others:
            problems.append(
                Problem(
                    rule.mark("id"),
                    f"id '{rule.id}' is already used by {_label(others[0])}",
                    "choose another id, and name the file after it",
                )
            )
    return problems
