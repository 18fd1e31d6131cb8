"""Posting-mix arithmetic: combine rule limits, recommend a mix, turn percents into posts.

All pure functions over plain dicts keyed by the six kinds of post, in `MIX_KINDS` order, so
the same inputs always give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model.profile import MIX_KINDS
from ..text import format_number

KIND_NOUNS = {
    "quotes": ("inspirational quote", "inspirational quotes"),
    "reshares": ("reshare", "reshares"),
    "promotional": ("sales post", "sales posts"),
    "conversation": ("question to your audience", "questions to your audience"),
    "replies": ("reply thread", "reply threads"),
    "original": ("post of your own", "posts of your own"),
}
Nouns = Mapping[str, tuple[str, str]]  # kind -> (one, many), as a plan says them


def kind_nouns(sales: tuple[str, str] | None = None) -> Nouns:
    """The kinds' nouns, with the sector's own words for sales posts (appeals, bookings)."""
    return KIND_NOUNS if sales is None else {**KIND_NOUNS, "promotional": sales}


@dataclass(frozen=True)
class Bound:
    """A limit on one kind, and the rule that set it."""

    value: float
    rule: str
    to: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Two rules that limit the same kind of post differently; `winners` keep their limits.

    `clash` is set when the loser's limit could not be met together with the others at all.
    """

    kind: str
    side: str
    winners: tuple[str, ...]
    loser: str
    value: float
    clash: bool = False


class BrokenLimit(NamedTuple):
    """A limit a mix breaks: on which kind, which side ('min' or 'max'), the limit and the
    mix's share."""

    kind: str
    side: str
    limit: float
    actual: float


@dataclass
class Limits:
    """The combined limits of several rules, and the conflicts settled on the way."""

    mins: dict[str, Bound] = field(default_factory=dict)
    maxs: dict[str, Bound] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def feasible(self) -> bool:
        low = sum(b.value for b in self.mins.values())
        high = sum(self.maxs[k].value if k in self.maxs else 100.0 for k in MIX_KINDS)
        crossed = any(k in self.maxs and b.value > self.maxs[k].value for k, b in self.mins.items())
        return low <= 100 and high >= 100 and not crossed

    def add(
        self, rule: str, kind: str, low: float | None, high: float | None, to: str | None = None
    ) -> None:
        """Add one rule's limit on one kind, unless an earlier rule already limits that side
        of that kind, or the limit cannot be met together with the others.

        Rules arrive in precedence order (golden rules first), so the earlier rule always
        wins, and every limit set aside is recorded in `conflicts`.
        `to` names the kind that takes over what a cut to `high` frees.
        """
        before = (dict(self.mins), dict(self.maxs))
        for side, value, held in (("min", low, self.mins), ("max", high, self.maxs)):
            if value is None:
                continue
            if kind not in held:
                held[kind] = Bound(value, rule, to if side == "max" else None)
            elif held[kind].value != value and held[kind].rule != rule:
                winner = held[kind]
                self.conflicts.append(Conflict(kind, side, (winner.rule,), rule, winner.value))
        if not self.feasible():
            self.mins, self.maxs = before
            holders = tuple(sorted({b.rule for b in (*before[0].values(), *before[1].values())}))
            side = "min" if low is not None else "max"
            self.conflicts.append(Conflict(kind, side, holders, rule, 0.0, clash=True))

    def broken(self, mix: dict[str, float]) -> list[BrokenLimit]:
        """Every limit the mix breaks."""
        out = []
        for kind in MIX_KINDS:
            if kind in self.maxs and mix[kind] > self.maxs[kind].value:
                out.append(BrokenLimit(kind, "max", self.maxs[kind].value, mix[kind]))
            if kind in self.mins and mix[kind] < self.mins[kind].value:
                out.append(BrokenLimit(kind, "min", self.mins[kind].value, mix[kind]))
        return out


def recommend(current: dict[str, float], limits: Limits) -> dict[str, float]:
    """The nearest mix that keeps every limit, in whole percents adding up to 100.

    Kinds above their maximum are cut to it, and what is cut goes to the kind the limit names
    (sales posts become posts of your own), as far as that kind has room. Kinds below their
    minimum are raised, first from what is left of the cuts, then from the kinds without a
    minimum in proportion to their share. Anything still left goes to the kinds with room to
    grow, in proportion to their share.
    """
    mix = {k: float(current[k]) for k in MIX_KINDS}
    pool = 0.0
    cut: set[str] = set()
    for kind in MIX_KINDS:
        bound = limits.maxs.get(kind)
        if bound is None or mix[kind] <= bound.value:
            continue
        cut.add(kind)
        freed = mix[kind] - bound.value
        mix[kind] = bound.value
        if bound.to is not None:
            cap = limits.maxs[bound.to].value if bound.to in limits.maxs else 100.0
            moved = max(0.0, min(freed, cap - mix[bound.to]))
            mix[bound.to] += moved
            freed -= moved
        pool += freed
    need = 0.0
    for kind, bound in limits.mins.items():
        if mix[kind] < bound.value:
            need += bound.value - mix[kind]
            mix[kind] = bound.value
    if need > pool:
        floors = {k: limits.mins[k].value if k in limits.mins else 0.0 for k in MIX_KINDS}
        # Take first from the kinds no limit touched; kinds already cut give last.
        rest = _spread(mix, -(need - pool), floors, limits, skip=cut)
        _spread(mix, rest, floors, limits)
    elif pool > need:
        _spread(mix, pool - need, {}, limits)
    return round_percents(mix)


def _spread(
    mix: dict[str, float],
    amount: float,
    floors: dict[str, float],
    limits: Limits,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> float:
    """Add (or, when negative, take) `amount` across kinds in proportion to their share,
    leaving out `skip`; returns what could not be placed."""
    for _ in range(len(MIX_KINDS)):
        if abs(amount) < 1e-9:
            return 0.0
        if amount > 0:
            room = {
                k: (limits.maxs[k].value if k in limits.maxs else 100.0) - mix[k] for k in MIX_KINDS
            }
            open_kinds = [k for k in MIX_KINDS if room[k] > 1e-9 and k not in limits.maxs]
            open_kinds = open_kinds or [k for k in MIX_KINDS if room[k] > 1e-9]
        else:
            room = {k: mix[k] - floors.get(k, 0.0) for k in MIX_KINDS}
            open_kinds = [k for k in MIX_KINDS if room[k] > 1e-9]
        open_kinds = [k for k in open_kinds if k not in skip]
        if not open_kinds:
            return amount
        weights = {k: mix[k] if amount > 0 else room[k] for k in open_kinds}
        total = sum(weights.values())
        if total <= 1e-9:
            weights = dict.fromkeys(open_kinds, 1.0)
            total = float(len(open_kinds))
        moved = 0.0
        for kind in open_kinds:
            step = amount * weights[kind] / total
            step = min(step, room[kind]) if amount > 0 else max(step, -room[kind])
            mix[kind] += step
            moved += step
        amount -= moved
    return amount


# Which kind gets the last post when two are equally close: conversation first, sales last.
PREFERRED = ("conversation", "replies", "original", "reshares", "quotes", "promotional")


def round_percents(mix: dict[str, float], ties: tuple[str, ...] = PREFERRED) -> dict[str, float]:
    """Whole percents adding up to exactly 100 (largest remainder)."""
    return {k: float(v) for k, v in largest_remainder(mix, 100, ties).items()}


def largest_remainder(
    shares: dict[str, float], total: int, ties: tuple[str, ...] = ()
) -> dict[str, int]:
    """Split `total` whole units in proportion to `shares`; the split always adds up to total.

    Equal remainders go to the kinds listed first in `ties`, then in the order of `shares`.
    """
    weight = sum(shares.values())
    if weight <= 0 or total <= 0:
        return dict.fromkeys(shares, 0)
    exact = {k: total * v / weight for k, v in shares.items()}
    out = {k: math.floor(v + 1e-9) for k, v in exact.items()}
    keys = list(shares)
    rank = {k: (ties.index(k) if k in ties else len(ties) + keys.index(k)) for k in keys}
    order = sorted(keys, key=lambda k: (-round(exact[k] - out[k], 9), rank[k]))
    for kind in order[: total - sum(out.values())]:
        out[kind] += 1
    return out


def describe_limit(
    kind: str, side: str, limit: float, actual: float, nouns: Nouns = KIND_NOUNS
) -> str:
    """Evidence: 'sales posts are 45% of posts; the rule asks for at most 10%'."""
    word = "at most" if side == "max" else "at least"
    return (
        f"{nouns[kind][1]} are {format_number(actual)}% of posts; "
        f"the rule asks for {word} {format_number(limit)}%"
    )
