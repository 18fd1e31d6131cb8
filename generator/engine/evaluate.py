"""Stage 3, evaluate: judge a valid profile against the rulebook and decide the plan. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problem, ProblemsError
from ..model.profile import MIX_KINDS, PLATFORM_LABELS, Platform, Profile
from ..model.rule import HORIZONS, PRIORITIES
from ..rules.compile import CompiledRule, Rulebook
from ..rules.sandbox import RuleCodeError
from ..rules.variables import platform_context, profile_context
from ..text import MarkdownText, and_list
from .checklist import build_checklist
from .conflicts import settle_notes
from .mix import Conflict, Limits, describe_limit, post_counts, recommend, round_percents
from .plan import Finding, MixAdvice, Plan, PlannedAction, Skipped, Working


@dataclass(frozen=True)
class Verdict:
    """How one rule judged one profile. `applies` lists where its `when:` held."""

    rule: CompiledRule
    applies: tuple[str | None, ...]
    fired: tuple[str | None, ...]
    evidence: tuple[MarkdownText, ...]
    gap: float


def own_limits(rule: CompiledRule) -> Limits:
    """The rule's own mix limits, on their own."""
    limits = Limits()
    for kind, bound in rule.spec.mix.items():
        limits.add(rule.id, kind, bound.min, bound.max, bound.to)
    return limits


def judged_places(
    rule: CompiledRule, profile: Profile, base: dict[str, Any]
) -> list[tuple[str | None, dict[str, Any]]]:
    """Where the rule is judged (None: the whole profile), each with its variables."""
    wanted = set(rule.spec.platform_names)
    if rule.spec.scope == "profile":
        uses = not wanted or any(p.name in wanted for p in profile.platforms)
        return [(None, base)] if uses else []
    # A platform with no posts has no mix to judge.
    return [
        (p.name, platform_context(base, p, profile.mix_for(p)))
        for p in profile.platforms
        if (not wanted or p.name in wanted) and p.posts_per_week > 0
    ]


def judge(rule: CompiledRule, profile: Profile, base: dict[str, Any] | None = None) -> Verdict:
    """Decide where a rule applies and fires, with the evidence. Raises RuleCodeError."""
    base = base if base is not None else profile_context(profile)
    limits = own_limits(rule)
    applies: list[str | None] = []
    fired: list[str | None] = []
    found: list[tuple[str | None, str]] = []
    gap = 0.0
    for where, ctx in judged_places(rule, profile, base):
        holds = rule.when is None or rule.when(ctx)
        if rule.spec.mix and not holds:
            continue  # for a mix rule, `when:` only says where its limits apply
        applies.append(where)
        broken = limits.broken(ctx["mix"]) if rule.spec.mix else []
        if (rule.spec.mix and not broken) or not holds:
            continue
        fired.append(where)
        for kind, side, limit, actual in broken:
            found.append((where, describe_limit(kind, side, limit, actual) + "."))
            gap += abs(actual - limit)
        found.extend((where, t.render(ctx)) for t in rule.evidence)
    return Verdict(rule, tuple(applies), tuple(fired), _merge_evidence(found), gap)


def _merge_evidence(found: list[tuple[str | None, str]]) -> tuple[MarkdownText, ...]:
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


def evaluate(
    profile: Profile,
    book: Rulebook,
    measured: str = "",
    measured_on: tuple[str, ...] = (),
    measured_overall: dict[str, float] | None = None,
) -> Plan:
    """The whole plan for one profile. Raises ProblemsError if a rule fails on it.

    `measured` names the check-in month the posting mix of the platforms `measured_on` was
    measured in, if any; `measured_overall` is that month's mix over all its posts, when it
    counted every platform's.
    """
    base = profile_context(profile)
    if measured_overall is not None:
        base = {**base, "mix": measured_overall}
    verdicts: list[Verdict] = []
    problems: list[Problem] = []
    reasons = profile.skipped
    skipped = tuple(Skipped(r, reasons[r.id]) for r in book.rules if r.id in reasons)
    for rule in book.rules:
        if rule.id in reasons:
            continue
        try:
            verdicts.append(judge(rule, profile, base))
        except RuleCodeError as exc:
            problems.append(_rule_error(rule, profile, exc))
    fired = sorted(
        (v for v in verdicts if v.fired),
        key=lambda v: (PRIORITIES.index(v.rule.spec.priority), -v.gap, v.rule.precedence),
    )
    findings = []
    for v in fired:
        try:
            advice = _advice(profile, base, v)
        except RuleCodeError as exc:
            problems.append(_rule_error(v.rule, profile, exc))
            advice = ()
        findings.append(Finding(v.rule, tuple(p for p in v.fired if p), v.evidence, v.gap, advice))
    working: list[Working] = []
    for v in verdicts:
        if v.applies and not v.fired:
            try:
                working.append(Working(v.rule, v.rule.working.render(base)))
            except RuleCodeError as exc:
                problems.append(_rule_error(v.rule, profile, exc))
    mix, conflicts = _mix_advice(profile, verdicts)
    notes = settle_notes(conflicts, {r.id: r for r in book.rules})
    actions, errors = _actions(profile, base, fired, mix)
    checklist, more_errors = build_checklist(profile, base, tuple(findings), book)
    problems.extend(_rule_error(rule, profile, exc) for rule, exc in [*errors, *more_errors])
    if problems:
        raise ProblemsError(problems)
    return Plan(
        profile=profile,
        findings=tuple(findings),
        working=tuple(working),
        actions=actions,
        mix=mix,
        overall_current=base["mix"],
        overall_recommended=_overall(mix),
        checklist=checklist,
        notes=notes,
        community_rules=sum(1 for r in book.rules if r.origin != "golden" and r.id not in reasons),
        skipped=skipped,
        measured=measured,
        measured_on=measured_on,
    )


def _advice(
    profile: Profile, base: dict[str, Any], v: Verdict
) -> tuple[tuple[str, MarkdownText], ...]:
    """The rule's advice for each platform where it fired (every platform of the profile
    for rules judged once), rendered with that platform's values."""
    where = {p for p in v.fired if p} or {p.name for p in profile.platforms}
    out = []
    for platform in profile.platforms:
        for name, template in v.rule.platform_advice:
            if name == platform.name and name in where:
                ctx = platform_context(base, platform, profile.mix_for(platform))
                out.append((platform.label, template.render(ctx)))
    return tuple(out)


def _mix_advice(
    profile: Profile, verdicts: list[Verdict]
) -> tuple[tuple[MixAdvice, ...], list[Conflict]]:
    """Per platform: combine the limits of every rule that applies there and recommend a mix."""
    advice: list[MixAdvice] = []
    conflicts: list[Conflict] = []
    in_precedence = sorted(verdicts, key=lambda v: v.rule.precedence)
    rules = {v.rule.id: v.rule for v in verdicts}
    for platform in profile.platforms:
        limits = Limits()
        firing: list[str] = []
        for v in in_precedence:
            if not v.rule.spec.mix or not ({None, platform.name} & set(v.applies)):
                continue
            for kind, bound in v.rule.spec.mix.items():
                limits.add(v.rule.id, kind, bound.min, bound.max, bound.to)
            if {None, platform.name} & set(v.fired):
                firing.append(v.rule.id)
        current = profile.mix_for(platform).as_dict()
        conflicts.extend(
            c
            for c in limits.conflicts
            if c not in conflicts and _would_change(rules[c.loser], c, current)
        )
        current = profile.mix_for(platform).as_dict()
        recommended = recommend(current, limits)
        advice.append(
            MixAdvice(
                platform=platform.name,
                label=platform.label,
                posts_per_week=platform.posts_per_week,
                own_mix=platform.posting_mix is not None,
                current=current,
                recommended=recommended,
                counts=post_counts(platform.posts_per_week, current, recommended),
                rule_ids=tuple(firing),
            )
        )
    return tuple(advice), conflicts


def _would_change(loser: CompiledRule, conflict: Conflict, current: dict[str, float]) -> bool:
    """A disagreement matters to the client only where the set-aside limit is broken now."""
    bound = next(b for kind, b in loser.spec.mix.items() if kind == conflict.kind)
    if conflict.side == "max":
        return bound.max is not None and current[conflict.kind] > bound.max
    return bound.min is not None and current[conflict.kind] < bound.min


def _overall(mix: tuple[MixAdvice, ...]) -> dict[str, float]:
    total = sum(m.posts_per_week for m in mix)
    if total == 0:
        shares = [(m.recommended, 1.0) for m in mix]
        total = float(len(mix))
    else:
        shares = [(m.recommended, m.posts_per_week) for m in mix]
    blended = {k: sum(rec[k] * w for rec, w in shares) / total for k in MIX_KINDS}
    return round_percents(blended)


def _actions(
    profile: Profile, base: dict[str, Any], fired: list[Verdict], mix: tuple[MixAdvice, ...]
) -> tuple[tuple[PlannedAction, ...], list[tuple[CompiledRule, RuleCodeError]]]:
    """The mix changes first, then each fired rule's actions in priority order."""
    actions: list[PlannedAction] = []
    errors: list[tuple[CompiledRule, RuleCodeError]] = []
    for advice in mix:
        counts = advice.counts
        if advice.rule_ids and counts.current != counts.recommended:
            text = MarkdownText(counts.sentence(advice.label))
            actions.append(PlannedAction("this-week", (advice.platform,), text, advice.rule_ids))
    for v in fired:
        try:
            actions.extend(_rule_actions(profile, base, v))
        except RuleCodeError as exc:
            errors.append((v.rule, exc))
    return tuple(sorted(actions, key=lambda a: HORIZONS.index(a.horizon))), errors


def _rule_actions(profile: Profile, base: dict[str, Any], v: Verdict) -> list[PlannedAction]:
    """One action per platform it applies to, merged into one where the text is the same."""
    actions: list[PlannedAction] = []
    everywhere = tuple(p.name for p in profile.platforms)
    by_name: dict[str, Platform] = {p.name: p for p in profile.platforms}
    rule = v.rule
    targets = [p for p in v.fired if p] if rule.spec.scope == "platform" else list(everywhere)
    for compiled in rule.actions:
        action = compiled.spec
        wanted = [p for p in targets if not action.platforms or p in action.platforms]
        if not wanted:
            continue
        if rule.spec.scope == "profile" and not action.platforms:
            if compiled.applies(base):
                text = compiled.text.render(base)
                actions.append(PlannedAction(action.horizon, (), text, (rule.id,)))
            continue
        contexts = {
            p: platform_context(base, by_name[p], profile.mix_for(by_name[p])) for p in wanted
        }
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
