"""The variables a rule's `when:` and text can use, built from a profile. Pure functions.

`VARIABLES` documents each name for rule authors; the rule checker uses the same table to
reject unknown names, so the documentation and the checker cannot disagree.
"""

from __future__ import annotations

from typing import Any

from ..model.profile import MIX_KINDS, Platform, PostingMix, Profile

VANITY_WORDS = frozenset(
    {
        "likes",
        "like",
        "followers",
        "follower",
        "follows",
        "fans",
        "reshares",
        "shares",
        "retweets",
        "reposts",
        "impressions",
        "reach",
        "views",
        "subscribers",
        "favourites",
        "favorites",
    }
)

CLIENT_KEYS = ("name", "industry", "coach")
PLATFORM_KEYS = ("name", "label", "posts_per_week")
GOAL_KEYS = ("outcome", "metric", "target", "per", "by")

VARIABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "client": ("the client: name, industry, coach", CLIENT_KEYS),
    "goals": ("list of goals, each with outcome, metric, target, per, by", ()),
    "platforms": ("list of platforms, each with name, label, posts_per_week", ()),
    "platform": ("the platform being judged (rules with scope: platform only)", PLATFORM_KEYS),
    "mix": (
        "percent of posts by kind: on a platform its own mix, otherwise the average over "
        "platforms weighted by posts a week",
        MIX_KINDS,
    ),
    "posts_per_week": ("posts a week: on the platform, or over all platforms", ()),
    "measuring": ("what the client tracks today", ()),
    "hours_per_week": ("hours a week the client can give, or none", ()),
    "goal_metrics": ("the metrics the goals are counted in, each once", ()),
    "vanity_goals": ("goals counted in likes, followers, reshares, reach or views", ()),
    "undated_goals": ("goals without a 'by' date", ()),
    "measuring_vanity": ("what the client tracks that is applause or reach", ()),
    "unmeasured_goal_metrics": ("goal metrics the client does not track yet", ()),
    "outcome_metrics": ("the goal metrics that count outcomes, not applause", ()),
    "unmeasured_outcomes": ("outcome metrics of the goals the client does not track yet", ()),
}


def is_vanity(metric: str) -> bool:
    """True when a metric names applause or reach rather than an outcome."""
    return any(word.strip(".,;:()") in VANITY_WORDS for word in metric.lower().split())


def overall_mix(profile: Profile) -> dict[str, float]:
    """The profile's mix, or the platforms' own mixes weighted by how often each posts."""
    if all(p.posting_mix is None for p in profile.platforms):
        return profile.posting_mix.as_dict()
    total = sum(p.posts_per_week for p in profile.platforms)
    if total == 0:
        return profile.posting_mix.as_dict()
    mixed = dict.fromkeys(MIX_KINDS, 0.0)
    for platform in profile.platforms:
        share = profile.mix_for(platform).as_dict()
        for kind in MIX_KINDS:
            mixed[kind] += share[kind] * platform.posts_per_week / total
    return {kind: round(value, 1) for kind, value in mixed.items()}


def _platform(platform: Platform) -> dict[str, Any]:
    return {
        "name": platform.name,
        "label": platform.label,
        "posts_per_week": platform.posts_per_week,
    }


def profile_context(profile: Profile) -> dict[str, Any]:
    """The variables for rules judged once per profile."""
    client = profile.client
    goals = [
        {"outcome": g.outcome, "metric": g.metric, "target": g.target, "per": g.per, "by": g.by}
        for g in profile.goals
    ]
    measuring = list(profile.measuring)
    tracked = {m.lower() for m in measuring}
    goal_metrics = list(dict.fromkeys(g.metric for g in profile.goals))
    return {
        "client": {"name": client.name, "industry": client.industry, "coach": client.coach},
        "goals": goals,
        "platforms": [_platform(p) for p in profile.platforms],
        "platform": None,
        "mix": overall_mix(profile),
        "posts_per_week": sum(p.posts_per_week for p in profile.platforms),
        "measuring": measuring,
        "hours_per_week": profile.hours_per_week,
        "goal_metrics": goal_metrics,
        "vanity_goals": [g for g in goals if is_vanity(str(g["metric"]))],
        "undated_goals": [g for g in goals if g["by"] is None],
        "measuring_vanity": [m for m in measuring if is_vanity(m)],
        "unmeasured_goal_metrics": [m for m in goal_metrics if m.lower() not in tracked],
        "outcome_metrics": [m for m in goal_metrics if not is_vanity(m)],
        "unmeasured_outcomes": [
            m for m in goal_metrics if m.lower() not in tracked and not is_vanity(m)
        ],
    }


def platform_context(base: dict[str, Any], platform: Platform, mix: PostingMix) -> dict[str, Any]:
    """The variables for rules judged on one platform: `platform` is set, `mix` is its own."""
    return {
        **base,
        "platform": _platform(platform),
        "mix": mix.as_dict(),
        "posts_per_week": platform.posts_per_week,
    }
