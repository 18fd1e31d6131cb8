"""Whole posts first: a platform's recommended mix as posts over a few weeks, never as
percents turned into posts afterwards.

The recommendation keeps the direction of every rule: a kind a rule wants more of never
falls, a kind a rule wants less of never rises, and a kind a rule asks a minimum of (or a
goal's call to action) always gets at least one post, over a longer period where the
platform sees few posts. Percents are derived from the posts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.profile import MIX_KINDS
from ..text import and_list
from .mix import KIND_NOUNS, PREFERRED, Limits, Nouns, largest_remainder, round_percents

# Posts are counted over four weeks, so "one every two weeks" is a whole number; a platform
# used less than once in four weeks is counted over a quarter.
UNIT_WEEKS = (4, 13)
# Kinds the method wants to keep: a recommendation never takes them below what the client
# already makes, whatever rules apply.
CONVERSATION_KINDS = ("conversation", "replies")
# Where freed posts go first, and where posts are taken from first.
GROW_ORDER = ("original", "conversation", "replies", "quotes", "reshares", "promotional")
SHRINK_ORDER = ("promotional", "quotes", "reshares", "original", "replies", "conversation")


@dataclass(frozen=True)
class PostCounts:
    """A platform's posts by kind over `weeks` weeks, now and as recommended."""

    posts: int
    weeks: int
    current: dict[str, int]
    recommended: dict[str, int]
    absent: frozenset[str] = frozenset()  # kinds the platform does not have

    @property
    def period(self) -> str:
        return "every four weeks" if self.weeks == 4 else "a quarter"

    @property
    def recommended_posts(self) -> int:
        return sum(self.recommended.values())

    def per_week(self, kind: str, which: str = "recommended") -> float:
        counts = self.recommended if which == "recommended" else self.current
        return counts[kind] / self.weeks

    def cadence(self, count: int) -> str:
        return cadence(count, self.weeks)

    def percents(self, which: str = "recommended") -> dict[str, float]:
        counts = self.recommended if which == "recommended" else self.current
        if not any(counts.values()):
            return dict.fromkeys(MIX_KINDS, 0.0)
        return round_percents({k: float(counts[k]) for k in MIX_KINDS})


def cadence(count: int, weeks: int) -> str:
    """'2 a week', '1 every two weeks', '3 every four weeks', '1 a quarter', 'none'."""
    if count == 0:
        return "none"
    if weeks != 4:
        return f"{count} a quarter"
    if count % 4 == 0:
        return f"{count // 4} a week"
    if count % 2 == 0:
        return f"{count // 2} every two weeks"
    return f"{count} every four weeks"


def unit_weeks(posts_per_week: float, required: int) -> tuple[int, int]:
    """The period to count a platform's posts over, and its posts in that period: the
    shortest with at least one post for every kind that must have one."""
    for weeks in UNIT_WEEKS:
        posts = math.floor(posts_per_week * weeks + 0.5)
        if posts >= max(required, 1):
            return weeks, posts
    weeks = UNIT_WEEKS[-1]
    return weeks, math.floor(posts_per_week * weeks + 0.5)


def whole_posts(
    posts_per_week: float,
    current: dict[str, float],
    target: dict[str, float],
    limits: Limits,
    must_have: frozenset[str] = frozenset(),
    absent: frozenset[str] = frozenset(),
) -> PostCounts:
    """The recommendation in whole posts (see the module docstring).

    `target` is the nearest mix in percents that keeps the limits; `must_have` names kinds
    that need at least one post besides the limits' minimums (a goal's call to action);
    `absent` names kinds the platform does not have, which get no posts whatever the rules
    ask (the posts go to the kinds that exist).
    """
    required = {k for k in MIX_KINDS if (k in limits.mins or k in must_have) and k not in absent}
    weeks, posts = unit_weeks(posts_per_week, len(required))
    now = largest_remainder(current, posts)
    rec = largest_remainder(target, posts, PREFERRED)
    if posts == 0:
        return PostCounts(0, weeks, now, rec, absent)
    # `floor`: what the recommendation never goes below (what the client makes now of a
    # kind the rules want more of, and one post of a kind that must have one); `low` adds
    # the share a minimum asks, which gives way first when the posts cannot hold it all.
    floor: dict[str, int] = {}
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    for kind in MIX_KINDS:
        floor[kind], high[kind] = 0, posts
        if kind in CONVERSATION_KINDS or kind in limits.mins:
            floor[kind] = now[kind]
        if kind in limits.mins or kind in must_have:
            floor[kind] = max(floor[kind], 1)
        low[kind] = floor[kind]
        if kind in limits.mins:
            least = math.ceil(limits.mins[kind].value * posts / 100 - 1e-9)
            low[kind] = max(low[kind], least)
        if kind in limits.maxs:
            most = math.floor(limits.maxs[kind].value * posts / 100 + 1e-9)
            high[kind] = min(now[kind], max(most, 0))
        high[kind] = max(high[kind], low[kind])
        if kind in absent:
            floor[kind] = low[kind] = high[kind] = 0
    rec = {k: min(max(rec[k], low[k]), high[k]) for k in MIX_KINDS}
    _balance(rec, posts, low, high)
    _balance(rec, posts, floor, high)
    return PostCounts(posts, weeks, now, rec, absent)


def _balance(rec: dict[str, int], posts: int, low: dict[str, int], high: dict[str, int]) -> None:
    """Bring the total back to `posts`, one post at a time, within each kind's bounds.

    Minimums that add up to more than the posts are kept: the total then grows, and the
    time budget decides what fits."""
    while sum(rec.values()) < posts:
        kind = next((k for k in GROW_ORDER if rec[k] < high[k]), None)
        if kind is None:
            kind = "original"
        rec[kind] += 1
    while sum(rec.values()) > posts:
        kind = next((k for k in SHRINK_ORDER if rec[k] > low[k]), None)
        if kind is None:
            return
        rec[kind] -= 1


def describe_posts(
    counts: PostCounts, label: str, against: str = "now", nouns: Nouns = KIND_NOUNS
) -> str:
    """'On Instagram, each week (6 posts): 3 posts of your own, 2 questions to your audience
    and 1 reply thread: more ... and fewer ... than now.' Counted over four weeks (or a
    quarter) where a kind has fewer than one post a week."""
    if counts.posts == 0:
        return f"You do not post on {label} yet; when you start, use the mix below."
    rec = counts.recommended
    weekly = counts.weeks == 4 and all(n % 4 == 0 for n in rec.values())
    scale = 4 if weekly else 1
    total = counts.recommended_posts // scale
    when = "each week" if weekly else ("every four weeks" if counts.weeks == 4 else "each quarter")
    parts = [
        f"{rec[k] // scale} {nouns[k][0 if rec[k] == scale else 1]}" for k in GROW_ORDER if rec[k]
    ]
    head = f"On {label}, {when} ({total} post{'s' if total != 1 else ''}): {and_list(parts)}"
    more = [k for k in MIX_KINDS if rec[k] > counts.current[k]]
    fewer = [k for k in MIX_KINDS if rec[k] < counts.current[k] and k not in counts.absent]
    # A kind the platform has no place for is moved, not cut: say where it goes instead.
    gone = [k for k in MIX_KINDS if k in counts.absent and counts.current[k]]
    change = []
    if more:
        change.append("more " + and_list(nouns[k][1] for k in more))
    if fewer:
        change.append("fewer " + and_list(nouns[k][1] for k in fewer))
    tail = f"; that is {' and '.join(change)} than {against}." if change else f", as {against}."
    if gone:
        tail += (
            f" {label} has no place for {and_list(nouns[k][1] for k in gone)}; ask them"
            " where people can answer, and answer any comment here in your answering sessions."
        )
    return head + tail


def overall_percents(counts: list[PostCounts], which: str = "recommended") -> dict[str, float]:
    """The whole profile's mix: the sum of the platforms' posts a week, as percents."""
    total = dict.fromkeys(MIX_KINDS, 0.0)
    for c in counts:
        for kind in MIX_KINDS:
            total[kind] += c.per_week(kind, which)
    if not any(total.values()):
        return dict.fromkeys(MIX_KINDS, 0.0)
    return round_percents(total)
