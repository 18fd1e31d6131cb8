"""The time budget: the plan's whole week (posts, answering, measuring) fits the hours the
client has. Where the recommended mix would not fit, the plan trades down in the open:
fewer answering sessions, then fewer platforms, then fewer posts, and says what it dropped.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from ..model.profile import MIX_KINDS
from ..text import and_list, format_number
from .effort import Effort
from .mix import KIND_NOUNS
from .plan import MixAdvice
from .posts import PostCounts
from .week import Budget

# Answering sessions a week, from every weekday down to one; fewer only when time is short.
REPLY_SESSIONS = (5, 3, 2, 1)
# Which posts give way first when the week is too full: what the rules want less of, then
# the long posts of your own; questions and replies last.
TRIM_ORDER = ("quotes", "reshares", "promotional", "original", "replies", "conversation")


def post_minutes(advice: MixAdvice, effort: Effort) -> float:
    """A platform's posting minutes in an average week."""
    counts = advice.counts
    return sum(
        counts.recommended[k] * effort.post_minutes(advice.platform, k) for k in MIX_KINDS
    ) / max(counts.weeks, 1)


def week_minutes(mix: tuple[MixAdvice, ...], effort: Effort, sessions: int) -> int:
    """The whole week in minutes: posts, answering sessions and measuring."""
    posting = sum(post_minutes(m, effort) for m in mix if not m.paused)
    return math.ceil(posting + sessions * effort.reply_session + effort.measuring_per_week - 1e-9)


def fit_budget(
    mix: tuple[MixAdvice, ...], effort: Effort, hours: float | None
) -> tuple[tuple[MixAdvice, ...], Budget]:
    """The mix as it fits the week, and the budget with what was traded down."""
    stated = hours is not None
    given = hours if hours is not None else effort.default_hours
    budget = math.floor(given * 60 + 1e-9)
    said = f"With {format_number(given)} hour{'s' if given != 1 else ''} a week"
    notes: list[str] = []
    if not stated:
        notes.append(
            f"The profile gives no hours a week, so this plan assumes "
            f"{format_number(given)}; add `hours_per_week` to the profile to change it."
        )
    sessions = REPLY_SESSIONS[0]
    if not _fits(mix, effort, sessions, budget):
        sessions = REPLY_SESSIONS[1]
    mix, paused = _pause_platforms(mix, lambda m: _fits(m, effort, sessions, budget))
    # Two sessions a week before fewer posts; one session only when posts can give no more.
    if not _fits(mix, effort, sessions, budget):
        sessions = REPLY_SESSIONS[2]
    mix, trimmed = _trim_posts(mix, effort, sessions, budget)
    if not _fits(mix, effort, sessions, budget):
        sessions = REPLY_SESSIONS[3]
    # What pausing and trimming freed goes back to answering first.
    while sessions < REPLY_SESSIONS[0]:
        more = REPLY_SESSIONS[REPLY_SESSIONS.index(sessions) - 1]
        if not _fits(mix, effort, more, budget):
            break
        sessions = more
    if sessions < REPLY_SESSIONS[0]:
        notes.append(
            f"{said}, answer comments and messages in {sessions} session"
            f"{'s' if sessions != 1 else ''} a week rather than every weekday."
        )
    if paused:
        kept = and_list(m.label for m in mix if not m.paused)
        names = and_list(paused)
        notes.append(
            f"{said}, post on {kept} only: {names} {'is' if len(paused) == 1 else 'are'} "
            "paused, because one platform done properly brings more than several done in a "
            "hurry. Add it back when the week has room."
        )
    if not _fits(mix, effort, sessions, budget):
        smallest = week_minutes(mix, effort, sessions)
        notes.append(
            f"{said}, even the smallest week this plan can offer ({smallest} minutes: one "
            "answering session, the weekly log, the check-in and one post of each kind the "
            "rules and goals need) does not fit; agree more time with your coach, or pause "
            "social media until there is some."
        )
    for label, kinds in trimmed.items():
        notes.append(
            f"{said}, {label} gets fewer {kinds} than the mix alone would ask; "
            "every kind the rules ask for keeps at least one post."
        )
    return mix, Budget(budget, given, stated, sessions, tuple(paused), tuple(notes))


def fit_campaign(
    mix: tuple[MixAdvice, ...], effort: Effort, budget: Budget
) -> tuple[MixAdvice, ...]:
    """A campaign's mix within the same week: its calls to action are what the campaign is
    for, so the other posts give way first, and questions and replies only last."""
    order = ("quotes", "reshares", "original", "promotional", "replies", "conversation")
    fitted, _ = _trim_posts(mix, effort, budget.reply_sessions, budget.minutes, order)
    return fitted


def _fits(mix: tuple[MixAdvice, ...], effort: Effort, sessions: int, budget: int) -> bool:
    return week_minutes(mix, effort, sessions) <= budget


def _pause_platforms(
    mix: tuple[MixAdvice, ...], check: Callable[[tuple[MixAdvice, ...]], bool]
) -> tuple[tuple[MixAdvice, ...], list[str]]:
    """Pause platforms, fewest posts first, until the week fits or one is left."""
    paused: list[str] = []
    active = [m for m in mix if m.counts.posts]
    keep = sorted(active, key=lambda m: (-m.posts_per_week, mix.index(m)))
    while not check(mix) and len(keep) > 1:
        gone = keep.pop()
        paused.append(gone.label)
        mix = tuple(dataclasses.replace(m, paused=True) if m is gone else m for m in mix)
        keep = [next(x for x in mix if x.platform == k.platform) for k in keep]
    return mix, paused


def _trim_posts(
    mix: tuple[MixAdvice, ...],
    effort: Effort,
    sessions: int,
    budget: int,
    order: tuple[str, ...] = TRIM_ORDER,
) -> tuple[tuple[MixAdvice, ...], dict[str, str]]:
    """Take posts away, one at a time in `order`, keeping one of each kind the rules
    or the goals ask for, until the week fits."""
    trimmed: dict[str, set[str]] = {}
    current = list(mix)
    while not _fits(tuple(current), effort, sessions, budget):
        step = _one_post_less(current, order)
        if step is None:
            break
        index, kind = step
        advice = current[index]
        trimmed.setdefault(advice.label, set()).add(kind)
        rec = dict(advice.counts.recommended)
        rec[kind] -= 1
        counts = dataclasses.replace(advice.counts, recommended=rec)
        current[index] = dataclasses.replace(advice, counts=counts, recommended=counts.percents())
    words = {
        label: and_list(KIND_NOUNS[k][1] for k in MIX_KINDS if k in kinds)
        for label, kinds in trimmed.items()
    }
    return tuple(current), words


def _one_post_less(mix: list[MixAdvice], order: tuple[str, ...]) -> tuple[int, str] | None:
    """The platform (the busiest first) and kind to take one post from, or None."""
    busiest = sorted(
        (i for i, m in enumerate(mix) if not m.paused and m.counts.posts),
        key=lambda i: -mix[i].counts.recommended_posts / mix[i].counts.weeks,
    )
    for kind in order:
        for i in busiest:
            counts: PostCounts = mix[i].counts
            floor = 1 if kind in mix[i].required else 0
            if counts.recommended[kind] > floor:
                return i, kind
    return None
