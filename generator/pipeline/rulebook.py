"""Load the rulebook from disk: rule files, the metric catalog and the baseline profile.

Every rule is validated, compiled and run on its own examples before any profile is judged,
so a broken rule stops the run with its file and line instead of producing a wrong plan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Mark, Problem, ProblemsError, unknown_hint
from ..model.rule import TAGS, Examples, Metric, MetricCatalog, RuleSpec
from ..parallel import parallel_map
from ..paths import advice_dir, content_dir, rules_dir, sector_ids, shown_path
from ..rules.compile import CompiledRule, Rulebook, code_problems, compile_rule
from ..rules.files import BASELINE, BUNDLED, Origin, RuleFile, rule_files
from ..source.load import Node, read_file
from ..source.validate import load_model
from ..source.validator import build, locate
from .advice import load_advice
from .rule_examples import check_examples
from .rule_examples import merge_example as merge_example

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
                    f"id '{rule.id}' is also used by {_rule_named(Path(seen[rule.id]))}",
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
        # A clash between a rule that comes with playbook (in site-packages, or in
        # pre-commit's cache) and one being checked here is reported at the latter only.
        checked = {p.resolve() for p in paths}
        there = [p for p in others if not _outside_working_folder(p) and p.resolve() in checked]
        if others and not (_outside_working_folder(path) and there):
            problems.append(
                Problem(
                    rule.mark("id"),
                    f"id '{rule.id}' is already used by {_rule_named(others[0])}",
                    "choose another id, and name the file after it",
                )
            )
    return problems


def _outside_working_folder(path: Path) -> bool:
    return Path(_label(path)).is_absolute()


def _rule_named(path: Path) -> str:
    """A rule file as a message names it: its path when the reader can open it from here,
    else what it is (a rule that comes with playbook, wherever that is installed)."""
    if not _outside_working_folder(path) or path.parent.name not in BUNDLED:
        return _label(path)
    return f"the {path.parent.name} rule '{path.stem}' that comes with playbook"
