"""Stage 3, evaluate: judge a valid profile against the rulebook and decide the plan. No I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..errors import Problem, ProblemsError
from ..model.profile import PLATFORM_LABELS, Profile
from ..model.rule import HORIZONS
from ..rules.compile import CompiledRule, Rulebook
from ..rules.sandbox import RuleCodeError
from ..rules.variables import ClientContext, client_context
from ..text import MarkdownText, and_list
from .budget import fit_budget
from .campaign import campaigns
from .checklist import RuleFailure, build_checklist
from .conflicts import settle_notes
from .dates import review_dates
from .effort import effort_of
from .ideas import with_advice
from .mix import Limits, describe_limit
from .mix_plan import call_to_action_kinds, changed_kinds, mix_actions, mix_advice, overall
from .plan import Finding, MixAdvice, Plan, PlannedAction, PlatformAdvice, Skipped, Verdict, Working
from .priorities import absorbed_rules, changes_rule, priority_score
from .routine import build_routine
from .sector import choose_sector


def own_limits(rule: CompiledRule) -> Limits:
    """The rule's own mix limits, on their own."""
    limits = Limits()
    for kind, bound in rule.spec.mix.items():
        limits.add(rule.id, kind, bound.min, bound.max, bound.to)
    return limits


class JudgedPlace(NamedTuple):
    """A place a rule is judged (a platform's name, or None for the whole profile), and the
    variables it is judged with there."""

    platform: str | None
    context: dict[str, Any]


class Found(NamedTuple):
    """A line of evidence, and the platform it was found on (None: the whole profile)."""

    platform: str | None
    text: str


def judged_places(rule: CompiledRule, client: ClientContext) -> list[JudgedPlace]:
    """Where the rule is judged, each place with its variables."""
    wanted = set(rule.spec.platform_names)
    platforms = client.profile.platforms
    if rule.spec.scope == "profile":
        uses = not wanted or any(p.name in wanted for p in platforms)
        return [JudgedPlace(None, client.base)] if uses else []
    # A platform with no posts has no mix to judge.
    return [
        JudgedPlace(p.name, client.on(p.name))
        for p in platforms
        if (not wanted or p.name in wanted) and p.posts_per_week > 0
    ]


def judge(rule: CompiledRule, client: ClientContext | Profile) -> Verdict:
    """Decide where a rule applies and fires, with the evidence. Raises RuleCodeError.

    A Profile is made into its context first; to judge several rules, pass the context."""
    if not isinstance(client, ClientContext):
        client = client_context(client)
    limits = own_limits(rule)
    applies: list[str | None] = []
    fired: list[str | None] = []
    found: list[Found] = []
    gap = 0.0
    for where, ctx in judged_places(rule, client):
        here = 0.0
        holds = rule.when is None or rule.when(ctx)
        if rule.spec.mix and not holds:
            continue  # for a mix rule, `when:` only says where its limits apply
        applies.append(where)
        broken = limits.broken(ctx["mix"]) if rule.spec.mix else []
        if (rule.spec.mix and not broken) or not holds:
            continue
        fired.append(where)
        for kind, side, limit, actual in broken:
            found.append(Found(where, describe_limit(kind, side, limit, actual) + "."))
            here += abs(actual - limit)
        gap = max(gap, here)
        found.extend(Found(where, t.render(ctx)) for t in rule.evidence)
    return Verdict(rule, tuple(applies), tuple(fired), _merge_evidence(found), gap)


def _merge_evidence(found: list[Found]) -> tuple[MarkdownText, ...]:
    """One line per distinct finding: 'On Instagram and Facebook: ...' rather than two."""
    places: dict[str, list[str]] = {}
    for where, text in found:
        places.setdefault(text, [])
        if where:
            places[text].append(PLATFORM_LABELS[where])
    lines = []
    for text, labels in places.items():
        if not text:
            continue
        head = f"On {and_list(labels)}: " if labels else ""
        lines.append(MarkdownText(head + text))
    return tuple(lines)


def _rule_error(rule: CompiledRule, profile: Profile, exc: RuleCodeError) -> Problem:
    return Problem(
        rule.mark(*exc.where),
        f"rule '{rule.id}' failed on the profile of {profile.client.name}: {exc}",
        "fix the rule, and add a profile like this one to its examples",
    )


@dataclass(frozen=True)
class MeasuredMix:
    """Where the measured posting mix a profile carries comes from: a check-in month, or
    the client's own exports over a period."""

    period: str  # the check-in's month, YYYY-MM; '' when measured from exports
    platforms: tuple[str, ...]  # the platforms whose posts it counted
    overall: dict[str, float] | None  # its mix over all its posts, when it counted every platform's
    exports: str = ""  # the exports and the period, in words, when measured from exports


def evaluate(
    profile: Profile,
    book: Rulebook,
    measured: MeasuredMix | None = None,
    planned: dt.date | None = None,
) -> Plan:
    """The whole plan for one profile. Raises ProblemsError if a rule fails on it.

    `measured`: the month whose posting mix the profile carries, if any. `planned`: the
    plan's date (the caller decides it); without one the plan has no review dates and no
    campaigns. With the advice library in the rulebook, the mix is fitted to the client's
    hours (the effort model) and the plan has a weekly routine.
    """
    sector = choose_sector(profile, book.advice)
    words = sector.words if sector else None
    client = client_context(profile, measured.overall if measured else None, words)
    base = client.base
    verdicts: list[Verdict] = []
    problems: list[Problem] = []
    reasons = profile.skipped
    skipped = tuple(Skipped(r, reasons[r.id]) for r in book.rules if r.id in reasons)
    for rule in book.rules:
        if rule.id in reasons:
            continue
        try:
            verdicts.append(judge(rule, client))
        except RuleCodeError as exc:
            problems.append(_rule_error(rule, profile, exc))
    mix, conflicts = mix_advice(client, verdicts)
    routine = None
    effort = effort_of(book.advice)
    if effort is not None:
        mix, budget = fit_budget(mix, effort, profile.hours_per_week)
        routine = build_routine(mix, budget, effort)
    absorbed = absorbed_rules(verdicts, mix)
    converts = bool(call_to_action_kinds(client))
    fired = sorted(
        (v for v in verdicts if v.fired and v.rule.id not in absorbed),
        key=lambda v: (-priority_score(v, converts), v.rule.precedence),
    )
    findings = []
    for v in fired:
        try:
            advice = _advice(client, v)
        except RuleCodeError as exc:
            problems.append(_rule_error(v.rule, profile, exc))
            advice = ()
        findings.append(Finding(v.rule, tuple(p for p in v.fired if p), v.evidence, v.gap, advice))
    working: list[Working] = []
    changed = changed_kinds(mix)
    for v in verdicts:
        if (
            v.applies
            and not v.fired
            and v.rule.id not in absorbed
            and not changes_rule(v.rule, changed)
        ):
            try:
                working.append(Working(v.rule, v.rule.working.render(base)))
            except RuleCodeError as exc:
                problems.append(_rule_error(v.rule, profile, exc))
    notes = settle_notes(conflicts, {r.id: r for r in book.rules})
    # The kinds of post the plan recommends, per platform: actions and checklist items about
    # a kind the plan recommends none of have nothing to do.
    making = {m.platform: {k for k, n in m.counts.recommended.items() if n > 0} for m in mix}
    actions, errors = _actions(client, fired, mix, making)
    made = frozenset(kind for kinds in making.values() for kind in kinds)
    checklist, more_errors = build_checklist(client, tuple(findings), book, made)
    problems.extend(_rule_error(rule, profile, exc) for rule, exc in [*errors, *more_errors])
    if problems:
        raise ProblemsError(problems)
    plan = Plan(
        profile=profile,
        findings=tuple(findings),
        working=tuple(working),
        actions=actions,
        mix=mix,
        overall_current=base["mix"],
        overall_recommended=overall(mix),
        checklist=checklist,
        notes=notes,
        community_rules=sum(1 for r in book.rules if r.origin != "golden" and r.id not in reasons),
        skipped=skipped,
        measured=measured.period if measured else "",
        measured_on=measured.platforms if measured else (),
        measured_from=measured.exports if measured else "",
        dates=review_dates(planned) if planned else None,
        campaigns=campaigns(profile.goals, mix, planned) if planned else (),
        routine=routine,
    )
    return with_advice(plan, book.advice, sector)


def _advice(client: ClientContext, v: Verdict) -> tuple[PlatformAdvice, ...]:
    """The rule's advice for each platform where it fired (every platform of the profile
    for rules judged once), rendered with that platform's values."""
    platforms = client.profile.platforms
    where = {p for p in v.fired if p} or {p.name for p in platforms}
    out = []
    for platform in platforms:
        for name, template in v.rule.platform_advice:
            if name == platform.name and name in where:
                text = template.render(client.on(name))
                out.append(PlatformAdvice(platform.label, text))
    return tuple(out)


def _actions(
    client: ClientContext,
    fired: list[Verdict],
    mix: tuple[MixAdvice, ...],
    making: dict[str, set[str]],
) -> tuple[tuple[PlannedAction, ...], list[RuleFailure]]:
    """The mix changes first, then each fired rule's actions in priority order."""
    actions = mix_actions(client, mix)
    errors: list[RuleFailure] = []
    for v in fired:
        try:
            actions.extend(_rule_actions(client, v, making))
        except RuleCodeError as exc:
            errors.append(RuleFailure(v.rule, exc))
    return tuple(sorted(actions, key=lambda a: HORIZONS.index(a.horizon))), errors


def _rule_actions(
    client: ClientContext, v: Verdict, making: dict[str, set[str]]
) -> list[PlannedAction]:
    """One action per platform it applies to, merged into one where the text is the same;
    an action about a kind of post only where the plan recommends some of that kind."""
    actions: list[PlannedAction] = []
    everywhere = tuple(p.name for p in client.profile.platforms)
    base = client.base
    rule = v.rule
    targets = [p for p in v.fired if p] if rule.spec.scope == "platform" else list(everywhere)
    for compiled in rule.actions:
        action = compiled.spec
        wanted = [p for p in targets if not action.platforms or p in action.platforms]
        if action.about is not None:
            wanted = [p for p in wanted if action.about in making.get(p, set())]
        if not wanted:
            continue
        if rule.spec.scope == "profile" and not action.platforms:
            if compiled.applies(base):
                text = compiled.text.render(base)
                actions.append(PlannedAction(action.horizon, (), text, (rule.id,)))
            continue
        contexts = {p: client.on(p) for p in wanted}
        texts = {
            p: compiled.text.render(ctx) for p, ctx in contexts.items() if compiled.applies(ctx)
        }
        if not texts:
            continue
        if len(set(texts.values())) == 1 and tuple(texts) == everywhere:
            actions.append(PlannedAction(action.horizon, (), texts[wanted[0]], (rule.id,)))
            continue
        actions.extend(
            PlannedAction(action.horizon, (p,), text, (rule.id,)) for p, text in texts.items()
        )
    return actions
