"""Why a rule fires, or stays quiet, on one profile: the answer `playbook rules explain` prints.

Pure: the same judge the plan uses, walked one place at a time (the whole profile, or each
platform) so every condition and limit is shown with the value it met.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model.profile import PLATFORM_LABELS, Profile
from ..rules.compile import CompiledRule
from ..rules.variables import ClientWords, client_context
from ..text import and_list, plain_text
from .evaluate import judge, judged_places, own_limits
from .mix import KIND_NOUNS, Limits, describe_limit
from .priorities import lost_every_limit
from .settled import Settled, settled_client


def _limits(rule: CompiledRule) -> list[str]:
    lines = []
    for kind, bound in rule.spec.mix.items():
        parts = []
        if bound.min is not None:
            parts.append(f"at least {bound.min:g}%")
        if bound.max is not None:
            parts.append(f"at most {bound.max:g}%")
        moved = f" (what is cut goes to {KIND_NOUNS[bound.to][1]})" if bound.to else ""
        lines.append(f"{KIND_NOUNS[kind][1]}: {' and '.join(parts)}{moved}")
    return lines


def _winning(rule: CompiledRule, place: str, limits: Limits) -> list[str]:
    """'the plan's limit on Instagram: sales posts at most 10%, from pull-dont-push (this
    rule's is set aside)' for each kind and side the rule limits."""
    lines = []
    for kind, bound in rule.spec.mix.items():
        for side, own, held in (("min", bound.min, limits.mins), ("max", bound.max, limits.maxs)):
            won = held.get(kind)
            if own is None or won is None:
                continue
            word = "at least" if side == "min" else "at most"
            whose = (
                "this rule's"
                if won.rule == rule.id
                else f"from {won.rule} (this rule's is set aside)"
            )
            lines.append(
                f"the plan's limit on {place}: {KIND_NOUNS[kind][1]} {word} {won.value:g}%, {whose}"
            )
    return lines


def explain(
    rule: CompiledRule,
    profile: Profile,
    reason_skipped: str | None = None,
    measured: str = "",
    words: ClientWords | None = None,
    settled: Settled | None = None,
    plan_limits: Mapping[str, Limits] | None = None,
) -> str:
    """Plain text: the rule, where it was judged, what each place showed, and the verdict.
    `measured` says where the posting mix the profile carries was measured, if it was
    ('in the 2026-10 check-in', 'from the exports ...'); `words` the client's sector and
    audience, as the plan uses them; `settled` the values the plan wrote its texts with, and
    `plan_limits` the limits that won on each platform.

    Raises RuleCodeError when the rule's code fails on this profile.
    """
    spec = rule.spec
    out = [
        f"rule: {spec.id} ({rule.kind('your own rule')}): {spec.title}",
        f"file: {rule.path}",
        f"client: {profile.client.name}",
    ]
    if measured:
        out.append(f"posting mix: as measured {measured}, as the plan uses it")
    if reason_skipped is not None:
        out.append(f"verdict: switched off by the profile ({reason_skipped})")
        return "\n".join(out) + "\n"
    if spec.when is not None:
        out.append(f"applies when: {spec.when_text or spec.when}")
        out.append(f"condition: {spec.when}")
    out += [f"limit: {line}" for line in _limits(rule)]
    client = client_context(profile, words=words)
    if settled:
        client = settled_client(client, settled)
    scopes = judged_places(rule, client)
    if not scopes:
        wanted = and_list([PLATFORM_LABELS[p] for p in spec.platform_names])
        out.append(f"verdict: does not apply (the rule is about {wanted} only)")
        return "\n".join(out) + "\n"
    limits = own_limits(rule)
    for where, ctx in scopes:
        place = PLATFORM_LABELS[where] if where else "the whole profile"
        held = rule.when is None or rule.when(ctx)
        details = []
        if rule.when is not None:
            details.append(f"condition is {'true' if held else 'false'}")
        if spec.mix:
            broken = limits.broken(ctx["mix"])
            details += [describe_limit(*b) for b in broken] or ["the mix keeps every limit"]
        out.append(f"on {place}: " + "; ".join(details))
        if where is not None and plan_limits and where in plan_limits:
            out += _winning(rule, place, plan_limits[where])
    verdict = judge(rule, client)
    if verdict.fired:
        places = [PLATFORM_LABELS[p] for p in verdict.fired if p] or ["the whole profile"]
        out.append(f"verdict: FIRES on {and_list(places)}")
        lost = [plan_limits.get(p or "") for p in verdict.fired] if plan_limits else [None]
        if spec.mix and all(x is not None and lost_every_limit(rule, x) for x in lost):
            out.append(
                "in the plan: every limit it sets is set aside for another rule's, so the plan "
                "quotes those and leaves this rule out"
            )
        out += [f"evidence: {plain_text(e)}" for e in verdict.evidence]
    elif verdict.applies:
        out.append("verdict: stays quiet; the plan lists it under what is already working")
    else:
        out.append("verdict: does not apply (its condition holds nowhere)")
    return "\n".join(out) + "\n"
