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
from .mix import KIND_NOUNS, Nouns
from .plan import MixAdvice
from .posts import PostCounts
from .week import Budget

# Answering sessions a week, from every weekday down to one; fewer only when time is short.
REPLY_SESSIONS = (5, 3, 2, 1)
# Which posts give way first when the week is too full, group by group: what the rules want
# less of, one kind at a time; then the client's own posts, questions and replies together,
# the largest pile first, so a small week keeps the balance the mix recommends.
TrimOrder = tuple[tuple[str, ...], ...]
TRIM_ORDER: TrimOrder = (
    ("quotes",),
    ("reshares",),
    ("promotional",),
    ("original", "replies", "conversation"),
)


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
    mix: tuple[MixAdvice, ...],
    effort: Effort,
    hours: float | None,
    nouns: Nouns = KIND_NOUNS,
    where_they_talk: tuple[str, ...] = (),
) -> tuple[tuple[MixAdvice, ...], Budget]:
    """The mix as it fits the week, and the budget with what was traded down.
    `where_they_talk`: the sector's platforms, most first, which break a tie in conversation."""
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
    order = keep_order(mix, effort, where_they_talk)
    mix, paused = _pause_platforms(mix, order, lambda m: _fits(m, effort, sessions, budget))
    # Two sessions a week before fewer posts; one session only when posts can give no more.
    if not _fits(mix, effort, sessions, budget):
        sessions = REPLY_SESSIONS[2]
    mix, trimmed = _trim_posts(mix, effort, sessions, budget, nouns=nouns)
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
        notes.append(f"{said}, {keep_line(mix, effort, order)}")
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
    order = (
        ("quotes",),
        ("reshares",),
        ("original",),
        ("promotional",),
        ("replies",),
        ("conversation",),
    )
    fitted, _ = _trim_posts(mix, effort, budget.reply_sessions, budget.minutes, order)
    return fitted


def _fits(mix: tuple[MixAdvice, ...], effort: Effort, sessions: int, budget: int) -> bool:
    return week_minutes(mix, effort, sessions) <= budget


def talks(advice: MixAdvice, effort: Effort) -> bool:
    """True where the platform has questions and replies: a place to talk, not to broadcast."""
    return not {"conversation", "replies"} & effort.absent(advice.platform)


def keep_order(
    mix: tuple[MixAdvice, ...], effort: Effort, where_they_talk: tuple[str, ...] = ()
) -> list[MixAdvice]:
    """The platforms that post, the one to keep first: where the audience can talk, then
    where the recommended week holds most questions and replies, then where the sector's
    audience usually talks, then the one whose posts cost least time, then the profile's
    order. The last is paused first."""
    active = [m for m in mix if m.counts.posts]

    def sector_rank(m: MixAdvice) -> int:
        known = where_they_talk
        return known.index(m.platform) if m.platform in known else len(known)

    def conversation(m: MixAdvice) -> float:
        rec = m.counts.recommended
        return (rec["conversation"] + rec["replies"]) / max(m.counts.weeks, 1)

    def minutes_a_post(m: MixAdvice) -> float:
        return post_minutes(m, effort) / max(m.counts.recommended_posts / m.counts.weeks, 1e-9)

    return sorted(
        active,
        key=lambda m: (
            not talks(m, effort),
            -round(conversation(m), 6),
            sector_rank(m),
            round(minutes_a_post(m), 6),
            mix.index(m),
        ),
    )


def keep_line(mix: tuple[MixAdvice, ...], effort: Effort, order: list[MixAdvice]) -> str:
    """'keep Instagram, where ...; pause Pinterest and YouTube until ...' for a fitted mix,
    the platforms in `order` (keep_order's)."""
    kept = [m for m in mix if m.counts.posts and not m.paused]
    paused = {m.platform for m in mix if m.paused}
    gone = [m for m in order if m.platform in paused]
    quiet = [m.label for m in gone if not talks(m, effort)]
    why = " (no questions or replies there)" if len(quiet) == 1 else ""
    names = and_list(m.label for m in gone)
    if len(quiet) > 1:
        why = f" ({and_list(quiet)} have no questions or replies)"
    elif quiet and len(gone) > 1:
        why = f" ({quiet[0]} has no questions or replies)"
    return (
        f"keep {and_list(m.label for m in kept)}, where most of your questions and replies "
        f"happen; pause {names}{why} until the week has room, because a platform done "
        "properly brings more than several done in a hurry."
    )


def _pause_platforms(
    mix: tuple[MixAdvice, ...],
    order: list[MixAdvice],
    check: Callable[[tuple[MixAdvice, ...]], bool],
) -> tuple[tuple[MixAdvice, ...], list[str]]:
    """Pause platforms, the last in `order` (keep_order's) first, until the week fits or one
    is left."""
    paused: list[str] = []
    keep = list(order)
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
    order: TrimOrder = TRIM_ORDER,
    nouns: Nouns = KIND_NOUNS,
) -> tuple[tuple[MixAdvice, ...], dict[str, str]]:
    """Take posts away, one at a time in `order`'s groups, keeping one of each kind the rules
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
        label: and_list(nouns[k][1] for k in MIX_KINDS if k in kinds)
        for label, kinds in trimmed.items()
    }
    return tuple(current), words


def _one_post_less(mix: list[MixAdvice], order: TrimOrder) -> tuple[int, str] | None:
    """The platform (the busiest first) and kind to take one post from, or None. A step
    that would break a limit the platform's week still keeps comes only when no other is
    left, so the fitted week says what the rules say as long as it can."""
    busiest = sorted(
        (i for i, m in enumerate(mix) if not m.paused and m.counts.posts),
        key=lambda i: -mix[i].counts.recommended_posts / mix[i].counts.weeks,
    )
    for careful in (True, False):
        for kinds in order:
            for i in busiest:
                counts: PostCounts = mix[i].counts
                # Within a group the largest pile gives first, so a smaller week keeps the
                # shares the mix recommends instead of losing one kind whole.
                for kind in sorted(kinds, key=lambda k: -counts.recommended[k]):
                    floor = 1 if kind in mix[i].required else 0
                    if counts.recommended[kind] > floor and (
                        not careful or _keeps_limits(mix[i], kind)
                    ):
                        return i, kind
    return None


def _shares(recommended: dict[str, int]) -> dict[str, float]:
    total = sum(recommended.values())
    return {k: 100 * n / total if total else 0.0 for k, n in recommended.items()}


def _keeps_limits(advice: MixAdvice, kind: str) -> bool:
    """True when one post less of `kind` breaks no limit of the platform that its
    recommended week keeps now."""
    before = dict(advice.counts.recommended)
    after = {**before, kind: before[kind] - 1}
    if not sum(after.values()):
        return False
    was, now = _shares(before), _shares(after)
    limits = advice.limits
    # Only a limit the week keeps now must stay kept: a single call to action may sit above
    # its share on a small week, and the mix may already hold less than a minimum asks.
    mins = all(not was[k] >= b.value - 1e-9 > now[k] for k, b in limits.mins.items())
    return mins and all(not was[k] <= b.value + 1e-9 < now[k] for k, b in limits.maxs.items())
