"""The variables a rule's texts can use once the plan is settled: the one limit that wins
for each kind of post (`limits`), with what the plan recommends of it, and the answering
sessions of the weekly routine. Pure."""

from __future__ import annotations

from typing import Any

from ..model.profile import MIX_KINDS
from ..rules.variables import EVERY_WEEKDAY, ClientContext, limit_values
from .mix import Limits
from .plan import MixAdvice, Verdict
from .posts import UNIT_WEEKS, cadence

Settled = dict[str | None, dict[str, Any]]  # place (a platform, None: the profile) -> values


def profile_limits(verdicts: list[Verdict]) -> Limits:
    """The limits of every mix rule that applies anywhere, combined in precedence order,
    as for one platform: what a rule judged on the whole profile quotes."""
    limits = Limits()
    for v in sorted(verdicts, key=lambda v: v.rule.precedence):
        if v.rule.spec.mix and v.applies:
            for kind, bound in v.rule.spec.mix.items():
                limits.add(v.rule.id, kind, bound.min, bound.max, bound.to)
    return limits


def _weekly(per_week: float) -> str:
    """Posts a week as the plan says them: over four weeks where that is whole, else a
    quarter."""
    for weeks in UNIT_WEEKS:
        count = per_week * weeks
        if abs(count - round(count)) < 1e-6:
            return cadence(round(count), weeks)
    return cadence(round(per_week * UNIT_WEEKS[-1]), UNIT_WEEKS[-1])


def _values(limits: Limits, posts: dict[str, str] | None) -> dict[str, dict[str, Any]]:
    mins = {k: b.value for k, b in limits.mins.items()}
    maxs = {k: b.value for k, b in limits.maxs.items()}
    return limit_values(mins, maxs, posts)


def settle(verdicts: list[Verdict], mix: tuple[MixAdvice, ...], sessions: int | None) -> Settled:
    """The settled values, for the whole profile and for each platform."""
    answering = sessions if sessions is not None else EVERY_WEEKDAY
    active = [m.counts for m in mix if not m.paused and m.counts.posts]
    total = {k: sum(c.per_week(k) for c in active) for k in MIX_KINDS}
    out: Settled = {
        None: {
            "limits": _values(profile_limits(verdicts), {k: _weekly(total[k]) for k in MIX_KINDS}),
            "answering_sessions": answering,
        }
    }
    for m in mix:
        counts = m.counts
        posts = None
        if counts.posts:
            posts = {
                k: "none" if m.paused else counts.cadence(counts.recommended[k]) for k in MIX_KINDS
            }
        out[m.platform] = {"limits": _values(m.limits, posts), "answering_sessions": answering}
    return out


def settled_client(client: ClientContext, settled: Settled) -> ClientContext:
    """The client with the settled values in its variables."""
    by_platform = {p: values for p, values in settled.items() if p is not None}
    return client.settled(settled[None], by_platform)


Unheld = dict[str | None, frozenset[str]]  # place -> kinds whose winning limit the week breaks


def _broken(limits: Limits, recommended: dict[str, float]) -> frozenset[str]:
    total = sum(recommended.values())
    if not total:
        return frozenset(limits.mins) | frozenset(limits.maxs)
    share = {k: 100 * n / total for k, n in recommended.items()}
    low = {k for k, b in limits.mins.items() if share[k] < b.value - 1e-9}
    high = {k for k, b in limits.maxs.items() if share[k] > b.value + 1e-9}
    return frozenset(low | high)


def unheld_limits(verdicts: list[Verdict], mix: tuple[MixAdvice, ...]) -> Unheld:
    """Per place, the kinds whose winning limit the fitted week does not keep (a paused
    platform keeps none): an action that quotes such a limit would say one number while
    the week holds another."""
    active = [m.counts for m in mix if not m.paused and m.counts.posts]
    total = {k: float(sum(c.per_week(k) for c in active)) for k in MIX_KINDS}
    out: Unheld = {None: _broken(profile_limits(verdicts), total) if active else frozenset()}
    for m in mix:
        if not m.counts.posts:
            out[m.platform] = frozenset()
            continue
        held = dict.fromkeys(MIX_KINDS, 0.0) if m.paused else dict(m.counts.recommended)
        out[m.platform] = _broken(m.limits, {k: float(n) for k, n in held.items()})
    return out


def probe(values: dict[str, Any], kinds: frozenset[str]) -> dict[str, Any]:
    """The variables with the limits of `kinds` moved: a text that reads differently with
    them quotes those limits."""
    limits = {
        k: (
            {**v, **{side: v[side] + 7 for side in ("min", "max", "one_in") if v[side] is not None}}
            if k in kinds
            else v
        )
        for k, v in values["limits"].items()
    }
    return {**values, "limits": limits}
