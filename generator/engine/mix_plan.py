"""The posting mix per platform: every applying rule's limits combined, the recommendation in
whole posts, the profile's overall mix as the sum of the platforms' posts."""

from __future__ import annotations

from collections.abc import Callable

from ..model.profile import MIX_KINDS
from ..rules.compile import CompiledRule
from ..rules.variables import ClientContext, is_vanity
from ..text import escape_markdown
from .mix import KIND_NOUNS, Conflict, Limits, Nouns, recommend, round_percents
from .plan import MixAdvice, PlannedAction, Verdict
from .posts import describe_posts, overall_percents, whole_posts


def call_to_action_kinds(client: ClientContext) -> frozenset[str]:
    """Kinds that keep at least one post for the goals: a goal counted in a conversion
    (bookings, sales, sign-ups...) needs calls to action, pull-style, never none."""
    converts = any(not is_vanity(g.metric) for g in client.profile.goals)
    return frozenset({"promotional"}) if converts else frozenset()


def platform_limits(verdicts: list[Verdict], platform: str) -> tuple[Limits, list[str]]:
    """The combined limits of every mix rule that applies on a platform, in precedence
    order, and the ids of those among them that fired there."""
    limits = Limits()
    firing: list[str] = []
    for v in sorted(verdicts, key=lambda v: v.rule.precedence):
        if not v.rule.spec.mix or not ({None, platform} & set(v.applies)):
            continue
        for kind, bound in v.rule.spec.mix.items():
            limits.add(v.rule.id, kind, bound.min, bound.max, bound.to)
        if {None, platform} & set(v.fired):
            firing.append(v.rule.id)
    return limits, firing


def mix_advice(
    client: ClientContext,
    verdicts: list[Verdict],
    absent: Callable[[str], frozenset[str]] | None = None,
) -> tuple[tuple[MixAdvice, ...], list[Conflict]]:
    """Per platform: combine the limits of every rule that applies there and recommend a mix.
    `absent` names the kinds a platform does not have: they get no posts there."""
    advice: list[MixAdvice] = []
    conflicts: list[Conflict] = []
    rules = {v.rule.id: v.rule for v in verdicts}
    must_have = call_to_action_kinds(client)
    for platform in client.profile.platforms:
        limits, firing = platform_limits(verdicts, platform.name)
        current = client.on(platform.name)["mix"]
        conflicts.extend(
            c
            for c in limits.conflicts
            if c not in conflicts and _would_change(rules[c.loser], c, current)
        )
        target = recommend(current, limits)
        missing = absent(platform.name) if absent else frozenset()
        counts = whole_posts(
            platform.posts_per_week, current, target, limits, must_have - missing, missing
        )
        advice.append(
            MixAdvice(
                platform=platform.name,
                label=platform.label,
                posts_per_week=platform.posts_per_week,
                own_mix=platform.posting_mix is not None,
                current=current,
                recommended=counts.percents() if counts.posts else target,
                counts=counts,
                rule_ids=tuple(firing),
                limits=limits,
                required=(frozenset(limits.mins) | must_have) - missing,
            )
        )
    return tuple(advice), conflicts


def _would_change(loser: CompiledRule, conflict: Conflict, current: dict[str, float]) -> bool:
    """A disagreement matters to the client only where the set-aside limit is broken now."""
    bound = next(b for kind, b in loser.spec.mix.items() if kind == conflict.kind)
    if conflict.side == "max":
        return bound.max is not None and current[conflict.kind] > bound.max
    return bound.min is not None and current[conflict.kind] < bound.min


def overall(mix: tuple[MixAdvice, ...]) -> dict[str, float]:
    """The sum of the platforms' recommended posts, as percents (a plain average of the
    recommended percents when no platform has posts yet)."""
    active = [m.counts for m in mix if not m.paused]
    if any(c.posts for c in active):
        return overall_percents(active)
    blended = {k: sum(m.recommended[k] for m in mix) / max(len(mix), 1) for k in MIX_KINDS}
    return round_percents(blended)


def changed_kinds(mix: tuple[MixAdvice, ...]) -> set[str]:
    """The kinds whose posts the plan changes on some platform."""
    return {
        k
        for m in mix
        for k in MIX_KINDS
        if m.counts.posts and not m.paused and m.counts.recommended[k] != m.counts.current[k]
    }


def mix_actions(
    client: ClientContext, mix: tuple[MixAdvice, ...], nouns: Nouns = KIND_NOUNS
) -> list[PlannedAction]:
    """This week's mix changes per platform (or its pause), and how to make the calls to
    action that the goals keep pull rather than push."""
    actions: list[PlannedAction] = []
    # The goal counted in a conversion, whose calls to action the mix keeps.
    goal = next((g for g in client.profile.goals if not is_vanity(g.metric)), None)
    metric = goal.metric if goal is not None else None
    # A paused platform's pause is said once, in the week and on each platform.
    for advice in mix:
        counts = advice.counts
        where: tuple[str, ...] = (advice.platform,)
        if advice.paused:
            continue
        if counts.posts and counts.current != counts.recommended:
            text = escape_markdown(
                describe_posts(counts, advice.label, nouns=nouns)
                + _over_the_limit(advice, metric, nouns)
            )
            actions.append(PlannedAction("this-week", where, text, advice.rule_ids))
    # Where the plan changes the sales posts, say how the ones the goals keep should pull.
    changed = [
        m
        for m in mix
        if not m.paused and m.counts.recommended["promotional"] != m.counts.current["promotional"]
    ]
    if goal is not None and changed and "promotional" in call_to_action_kinds(client):
        text = escape_markdown(
            f"Keep your calls to action for {goal.metric}, and make each one pull: "
            "a post that is useful on its own, then one plain next step (a tracked link, a "
            "date, what happens next)."
        )
        every = len(changed) == len([m for m in mix if m.counts.posts])
        where = () if every else tuple(m.platform for m in changed)
        rules = tuple(dict.fromkeys(r for m in changed for r in m.rule_ids))
        actions.append(PlannedAction("this-week", where, text, rules, within_routine=True))
    return actions


def _over_the_limit(advice: MixAdvice, metric: str | None, nouns: Nouns = KIND_NOUNS) -> str:
    """Where a platform has so few posts that the one call to action the goal counted in
    `metric` keeps is more than the sales limit, a sentence that says so, so its mix and the
    limit do not seem to disagree; else ''."""
    bound = advice.limits.maxs.get("promotional")
    counts = advice.counts
    if metric is None or bound is None or counts.recommended["promotional"] != 1:
        return ""
    if counts.percents()["promotional"] <= bound.value:
        return ""
    return (
        f" With so few posts on {advice.label}, that one {nouns['promotional'][0]} is more "
        f"than the {bound.value:g}% the rules ask for at most; your goal for {metric} needs it, "
        "so it stays."
    )
