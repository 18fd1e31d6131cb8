"""Stage 3, evaluate: judge a valid profile against the rulebook and decide the plan. No I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..errors import Problem, ProblemsError
from ..model.profile import PLATFORM_LABELS, Profile
from ..rules.code import TextTemplate
from ..rules.compile import CompiledRule, Rulebook
from ..rules.sandbox import RuleCodeError
from ..rules.variables import ClientContext, client_context
from ..text import MarkdownText, and_list
from .budget import fit_budget
from .campaign import campaign_week, campaigns
from .checklist import RuleFailure, build_checklist
from .conflicts import settle_notes
from .dates import review_dates
from .effort import effort_of
from .ideas import with_advice
from .mix import KIND_NOUNS, BrokenLimit, Limits, Nouns, describe_limit, kind_nouns
from .mix_plan import call_to_action_kinds, changed_kinds, mix_actions, mix_advice, overall
from .pace import Paced, pace
from .plan import Finding, MixAdvice, Plan, PlannedAction, PlatformAdvice, Skipped, Verdict, Working
from .priorities import absorbed_rules, changes_rule, priority_score
from .routine import build_routine
from .sector import choose_sector
from .settled import Unheld, probe, settle, settled_client, unheld_limits


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


class Decision(NamedTuple):
    """Where a rule applies and fires, and the limits it found broken, before any of its
    text is written."""

    applies: tuple[str | None, ...]
    fired: tuple[str | None, ...]
    broken: tuple[tuple[str | None, BrokenLimit], ...]  # each limit broken, with its place
    gap: float


def decide(rule: CompiledRule, client: ClientContext) -> Decision:
    """Where the rule applies and fires. Raises RuleCodeError."""
    limits = own_limits(rule)
    applies: list[str | None] = []
    fired: list[str | None] = []
    broken_lines: list[tuple[str | None, BrokenLimit]] = []
    gap = 0.0
    for where, ctx in judged_places(rule, client):
        holds = rule.when is None or rule.when(ctx)
        if rule.spec.mix and not holds:
            continue  # for a mix rule, `when:` only says where its limits apply
        applies.append(where)
        broken = limits.broken(ctx["mix"]) if rule.spec.mix else []
        if (rule.spec.mix and not broken) or not holds:
            continue
        fired.append(where)
        broken_lines += [(where, b) for b in broken]
        gap = max(gap, sum(abs(b.actual - b.limit) for b in broken))
    return Decision(tuple(applies), tuple(fired), tuple(broken_lines), gap)


def write_evidence(
    rule: CompiledRule, decision: Decision, client: ClientContext, nouns: Nouns = KIND_NOUNS
) -> tuple[MarkdownText, ...]:
    """The rule's evidence where it fired, its own lines written with `client`'s variables.
    A limit another rule's limit won over is left out: the plan quotes only the winner.
    Raises RuleCodeError."""
    found: list[Found] = []
    for where in decision.fired:
        ctx = client.base if where is None else client.on(where)
        for place, b in decision.broken:
            winner = ctx["limits"][b.kind][b.side]
            if place == where and winner in (None, b.limit):
                found.append(Found(where, describe_limit(*b, nouns) + "."))
        found += [Found(where, t.render(ctx)) for t in rule.evidence]
    return _merge_evidence(found)


def judge(rule: CompiledRule, client: ClientContext | Profile) -> Verdict:
    """Decide where a rule applies and fires, with the evidence. Raises RuleCodeError.

    A Profile is made into its context first; to judge several rules, pass the context."""
    if not isinstance(client, ClientContext):
        client = client_context(client)
    decision = decide(rule, client)
    evidence = write_evidence(rule, decision, client)
    return Verdict(rule, decision.applies, decision.fired, evidence, decision.gap)


def _merge_evidence(found: list[Found]) -> tuple[MarkdownText, ...]:
    """One line per distinct finding: 'On Instagram and Facebook: ...' rather than two."""
    places: dict[str, list[str]] = {}
    for where, text in found:
        places.setdefault(text, [])
        # A line that starts by naming its platform ("On LinkedIn you ...") says it once.
        if where and not _names_platform(text, where):
            places[text].append(PLATFORM_LABELS[where])
    lines = []
    for text, labels in places.items():
        if not text:
            continue
        head = f"On {and_list(labels)}: " if labels else ""
        lines.append(MarkdownText(head + text))
    return tuple(lines)


def _names_platform(text: str, platform: str) -> bool:
    """True when `text` starts with "On <platform>", by its name or its label."""
    start = text.lower()
    return any(
        start.startswith(f"on {name.lower()}") and not start[3 + len(name) :][:1].isalnum()
        for name in (platform, PLATFORM_LABELS[platform])
    )


def _rule_error(rule: CompiledRule, profile: Profile, exc: RuleCodeError) -> Problem:
    return Problem(
        rule.mark(*exc.where),
        f"rule '{rule.id}' failed on the profile of {profile.client.name}: {exc}",
        # Said to a coach planning a client, who may not have written the rule.
        f"the rule needs fixing in its file; until then, switch it off for this client with "
        f"rules: {{skip: [{{id: {rule.id}, reason: ...}}]}} in the profile",
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
    sales = sector.sector.sales if sector else None
    nouns = kind_nouns((sales.one, sales.many) if sales else None)
    client = client_context(profile, measured.overall if measured else None, words)
    problems: list[Problem] = []
    reasons = profile.skipped
    skipped = tuple(Skipped(r, reasons[r.id]) for r in book.rules if r.id in reasons)
    decisions: list[tuple[CompiledRule, Decision]] = []
    for rule in book.rules:
        if rule.id in reasons:
            continue
        try:
            decisions.append((rule, decide(rule, client)))
        except RuleCodeError as exc:
            problems.append(_rule_error(rule, profile, exc))
    verdicts = [Verdict(r, d.applies, d.fired, (), d.gap) for r, d in decisions]
    effort = effort_of(book.advice)
    mix, conflicts = mix_advice(client, verdicts, effort.absent if effort else None)
    routine = budget = None
    if effort is not None:
        talk = tuple(sector.sector.audience_platforms) if sector else ()
        mix, budget = fit_budget(mix, effort, profile.hours_per_week, nouns, talk)
        routine = build_routine(mix, budget, effort, nouns)
    # Texts are written once the limits and the week are settled, so they quote the same
    # numbers as the plan.
    settled = settle(verdicts, mix, budget.reply_sessions if budget else None)
    client = settled_client(client, settled)
    base = client.base
    for i, (rule, decision) in enumerate(decisions):
        if decision.fired:
            try:
                evidence = write_evidence(rule, decision, client, nouns)
            except RuleCodeError as exc:
                problems.append(_rule_error(rule, profile, exc))
                evidence = ()
            verdicts[i] = dataclasses.replace(verdicts[i], evidence=evidence)
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
    notes = settle_notes(conflicts, {r.id: r for r in book.rules}, nouns)
    # The kinds of post the plan recommends, per platform: actions and checklist items about
    # a kind the plan recommends none of have nothing to do.
    # A paused platform makes no posts for now.
    making = {
        m.platform: {k for k, n in m.counts.recommended.items() if n > 0 and not m.paused}
        for m in mix
    }
    unheld = unheld_limits(verdicts, mix)
    paced, errors = _actions(
        client, fired, mix, _Where(making, unheld, nouns), budget.hours if budget else None
    )
    made = frozenset(kind for kinds in making.values() for kind in kinds)
    paused = frozenset(m.platform for m in mix if m.paused)
    checklist, more_errors = build_checklist(client, tuple(findings), book, made, paused)
    problems.extend(_rule_error(rule, profile, exc) for rule, exc in [*errors, *more_errors])
    if problems:
        raise ProblemsError(problems)
    running = campaigns(profile.goals, mix, planned) if planned else ()
    week = None
    if planned and effort is not None and budget is not None:
        running, week = campaign_week(running, mix, budget, effort, planned, nouns)
    plan = Plan(
        profile=profile,
        findings=tuple(findings),
        working=tuple(working),
        actions=paced.actions,
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
        campaigns=running,
        routine=routine,
        campaign_week=week,
        later=paced.later,
        pace_notes=paced.notes,
        settled=settled,
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
    where: _Where,
    hours: float | None,
) -> tuple[Paced, list[RuleFailure]]:
    """The mix changes first, then each fired rule's actions in priority order, paced to
    the client's hours (none: no routine, every action)."""
    actions: list[PlannedAction] = []
    errors: list[RuleFailure] = []
    for v in fired:
        try:
            actions.extend(_rule_actions(client, v, where))
        except RuleCodeError as exc:
            errors.append(RuleFailure(v.rule, exc))
    return pace(mix_actions(client, mix, where.nouns), actions, hours), errors


@dataclass(frozen=True)
class _Where:
    """What the fitted week holds: the kinds each platform makes, and per place the kinds
    whose limit it does not keep."""

    making: dict[str, set[str]]
    unheld: Unheld
    nouns: Nouns

    def quotes_unheld(self, text: TextTemplate, ctx: dict[str, Any], place: str | None) -> bool:
        """True when the text quotes a limit the week at `place` does not keep."""
        kinds = self.unheld.get(place, frozenset())
        if not kinds or "limits" not in text.source:
            return False
        return text.render(probe(ctx, kinds)) != text.render(ctx)


def _rule_actions(client: ClientContext, v: Verdict, where: _Where) -> list[PlannedAction]:
    """One action per platform it applies to, merged into one where the text is the same;
    an action about a kind of post only where the plan recommends some of that kind, and
    none that quotes a limit the fitted week does not keep (the week's own numbers stand
    in the posting-mix line)."""
    making = where.making
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
            if compiled.applies(base) and not where.quotes_unheld(compiled.text, base, None):
                text = compiled.text.render(base)
                actions.append(PlannedAction(action.horizon, (), text, (rule.id,)))
            continue
        contexts = {p: client.on(p) for p in wanted}
        texts = {
            p: compiled.text.render(ctx)
            for p, ctx in contexts.items()
            if compiled.applies(ctx) and not where.quotes_unheld(compiled.text, ctx, p)
        }
        if not texts:
            continue
        # The same words for several platforms are one step naming them all.
        places: dict[MarkdownText, list[str]] = {}
        for p, text in texts.items():
            places.setdefault(text, []).append(p)
        for text, names in places.items():
            named = () if tuple(names) == everywhere else tuple(names)
            actions.append(PlannedAction(action.horizon, named, text, (rule.id,)))
    return actions
