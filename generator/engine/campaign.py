"""A campaign: a goal whose date is within six weeks gets its own temporary mix and actions
until that date, and its own week in the routine; then the plan goes back to its normal
mix and week."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..model.profile import Goal
from ..rules.variables import is_vanity
from .budget import fit_campaign
from .dates import campaign_due
from .effort import Effort
from .mix import KIND_NOUNS, Nouns
from .plan import Campaign, CampaignMix, MixAdvice
from .posts import PostCounts
from .routine import build_routine
from .week import Budget, CampaignWeek

# In a campaign, up to one post in three calls people to act; the rest still inform and talk.
CAMPAIGN_SHARE = 3


def campaigns(
    goals: list[Goal], mix: tuple[MixAdvice, ...], planned: dt.date
) -> tuple[Campaign, ...]:
    """A campaign for each outcome goal whose date is within the campaign window."""
    out = []
    for goal in goals:
        if is_vanity(goal.metric) or goal.by is None or not campaign_due(goal.by, planned):
            continue
        out.append(Campaign(goal, goal.by, _campaign_mix(mix), _actions(goal)))
    return tuple(out)


def _campaign_mix(mix: tuple[MixAdvice, ...]) -> tuple[CampaignMix, ...]:
    """The normal recommendation with more calls to action, taken from the own posts (then
    quotes and reshares), never from questions and replies. Paused platforms stay paused."""
    out = []
    for m in mix:
        counts = m.counts
        if not counts.posts or m.paused:
            continue
        rec = dict(counts.recommended)
        want = max(rec["promotional"], counts.recommended_posts // CAMPAIGN_SHARE, 1)
        for kind in ("original", "quotes", "reshares"):
            # A kind a rule asks a minimum of keeps its one post.
            keep = 1 if kind in m.required else 0
            while rec["promotional"] < want and rec[kind] > keep:
                rec[kind] -= 1
                rec["promotional"] += 1
        out.append(
            CampaignMix(
                m.platform, m.label, PostCounts(counts.posts, counts.weeks, counts.recommended, rec)
            )
        )
    return tuple(out)


def campaign_week(
    running: tuple[Campaign, ...],
    mix: tuple[MixAdvice, ...],
    budget: Budget,
    effort: Effort,
    planned: dt.date,
    nouns: Nouns = KIND_NOUNS,
) -> tuple[tuple[Campaign, ...], CampaignWeek | None]:
    """The week while the campaigns run (until the last one's date), in the same hours as
    the normal week; and the campaigns with their mix as that week holds it."""
    if not running:
        return running, None
    during = {m.platform: m.counts for m in running[0].mix}
    temporary = tuple(
        dataclasses.replace(m, counts=during[m.platform]) if m.platform in during else m
        for m in mix
    )
    fitted = {m.platform: m.counts for m in fit_campaign(temporary, effort, budget)}
    running = tuple(
        dataclasses.replace(
            c,
            mix=tuple(dataclasses.replace(item, counts=fitted[item.platform]) for item in c.mix),
        )
        for c in running
    )
    week = build_routine(
        tuple(dataclasses.replace(m, counts=fitted[m.platform]) for m in mix),
        budget,
        effort,
        nouns,
    )
    until = max(c.until for c in running)
    goals = tuple(dict.fromkeys(c.goal.outcome for c in running))
    return running, CampaignWeek(planned, until, goals, week)


def _actions(goal: Goal) -> tuple[str, ...]:
    until = goal.by.isoformat() if goal.by else ""
    metric = goal.metric
    return (
        f"Until {until}, end each call-to-action post with one clear step towards "
        f"{metric} (a tracked link, a date, what happens next), and say why it matters to "
        "the reader, not to you.",
        f"In every reply session until {until}, answer questions about \u201c{goal.outcome}\u201d "
        "first, and reply with the link rather than \u201cmessage us\u201d.",
        f"After {until}, go back to the normal mix and count what the campaign brought "
        "in the next check-in.",
    )
