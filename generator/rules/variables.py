"""The variables a rule's `when:` and text can use, built from a profile. Pure functions.

`VARIABLES` documents each name for rule authors; the rule checker uses the same table to
reject unknown names, so the documentation and the checker cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

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
LIMIT_KEYS = ("min", "max", "one_in", "posts")
# Settled only once every rule's `when:` is decided and the plan's mix fits the week, so a
# rule's own `when:` cannot use them (texts and an action's `when:` can).
SETTLED_LATE = ("limits", "answering_sessions")
# Answering sessions a week when there is no routine: every weekday.
EVERY_WEEKDAY = 5


class Variable(NamedTuple):
    """What a variable holds, for rule authors, and the keys it has (none: not a mapping)."""

    doc: str
    keys: tuple[str, ...] = ()


VARIABLES: dict[str, Variable] = {
    "client": Variable("the client: name, industry, coach", CLIENT_KEYS),
    "goals": Variable("list of goals, each with outcome, metric, target, per, by"),
    "platforms": Variable("list of platforms, each with name, label, posts_per_week"),
    "platform": Variable(
        "the platform being judged (rules with scope: platform only)", PLATFORM_KEYS
    ),
    "mix": Variable(
        "percent of posts by kind: on a platform its own mix, otherwise the average over "
        "platforms weighted by posts a week",
        MIX_KINDS,
    ),
    "posts_per_week": Variable("posts a week: on the platform, or over all platforms"),
    "measuring": Variable("what the client tracks today"),
    "hours_per_week": Variable("hours a week the client can give, or none"),
    "goal_metrics": Variable("the metrics the goals are counted in, each once"),
    "vanity_goals": Variable("goals counted in likes, followers, reshares, reach or views"),
    "undated_goals": Variable("goals without a 'by' date"),
    "measuring_vanity": Variable("what the client tracks that is applause or reach"),
    "unmeasured_goal_metrics": Variable("goal metrics the client does not track yet"),
    "outcome_metrics": Variable("the goal metrics that count outcomes, not applause"),
    "unmeasured_outcomes": Variable("outcome metrics of the goals the client does not track yet"),
    "audience": Variable(
        "what the client's audience is called, plural (customers, patients, residents), from "
        "the client's sector or the profile's client.audience"
    ),
    "audience_one": Variable("the same, singular (customer, patient, resident)"),
    "sector": Variable(
        "the id of the client's sector (a file name in content/advice/sectors/), such as health"
    ),
    "limits": Variable(
        "the one limit that wins for each kind of post here, after every rule that applies is "
        "settled (the same numbers the plan quotes): limits.promotional.max is the most sales "
        "posts may be, in percent, or none; each kind has min, max, one_in (the max as one "
        "post in so many: 10 for 10%) and posts (what the plan recommends of that kind here, "
        'such as "1 every two weeks" or "none"); in texts and an action\'s when:, not in '
        "a rule's when:",
        MIX_KINDS,
    ),
    "answering_sessions": Variable(
        "answering sessions a week in the client's weekly routine: 5 (every weekday) down to "
        "1 when the hours are short; in texts and an action's when:, not in a rule's when:"
    ),
}


class ClientWords(NamedTuple):
    """The client's sector and what its audience is called, as rules see them."""

    sector: str = "general"
    many: str = "customers"
    one: str = "customer"


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


def limit_values(
    mins: Mapping[str, float], maxs: Mapping[str, float], posts: Mapping[str, str] | None = None
) -> dict[str, dict[str, Any]]:
    """The `limits` variable: per kind, its winning minimum and maximum, the maximum as one
    post in so many, and what the plan recommends of it (`posts`, none when not settled)."""
    out: dict[str, dict[str, Any]] = {}
    for kind in MIX_KINDS:
        most = maxs.get(kind)
        one_in = round(100 / most) if most else None
        out[kind] = {
            "min": mins.get(kind),
            "max": most,
            "one_in": one_in,
            "posts": (posts or {}).get(kind),
        }
    return out


def _platform(platform: Platform) -> dict[str, Any]:
    return {
        "name": platform.name,
        "label": platform.label,
        "posts_per_week": platform.posts_per_week,
    }


def profile_context(profile: Profile, words: ClientWords | None = None) -> dict[str, Any]:
    """The variables for rules judged once per profile; `words`: the client's sector and
    audience (customers of a general business when not given)."""
    words = words or ClientWords()
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
        "audience": words.many,
        "audience_one": words.one,
        "sector": words.sector,
        "limits": limit_values({}, {}),
        "answering_sessions": EVERY_WEEKDAY,
    }


def platform_context(base: dict[str, Any], platform: Platform, mix: PostingMix) -> dict[str, Any]:
    """The variables for rules judged on one platform: `platform` is set, `mix` is its own."""
    return {
        **base,
        "platform": _platform(platform),
        "mix": mix.as_dict(),
        "posts_per_week": platform.posts_per_week,
    }


@dataclass(frozen=True)
class ClientContext:
    """A profile as rules see it, made once per client and carried through the engine: the
    variables for rules judged once per profile (`base`), and for rules judged on a platform
    the variables of each platform (`by_platform`, by name, in the profile's order)."""

    profile: Profile
    base: dict[str, Any]
    by_platform: dict[str, dict[str, Any]]

    def on(self, platform: str) -> dict[str, Any]:
        """The variables for rules judged on the platform of that name."""
        return self.by_platform[platform]

    def settled(
        self, base: dict[str, Any], by_platform: Mapping[str, dict[str, Any]]
    ) -> ClientContext:
        """The same client with the variables settled late (`SETTLED_LATE`) filled in:
        `base` for the whole profile, `by_platform` for each platform."""
        return ClientContext(
            self.profile,
            {**self.base, **base},
            {
                name: {**ctx, **by_platform.get(name, base)}
                for name, ctx in self.by_platform.items()
            },
        )


def client_context(
    profile: Profile, overall_mix: dict[str, float] | None = None, words: ClientWords | None = None
) -> ClientContext:
    """The rule variables of a profile; `overall_mix` replaces the mix over all platforms
    (a check-in's, measured over all its posts); `words` are the client's sector and
    audience."""
    base = profile_context(profile, words)
    if overall_mix is not None:
        base["mix"] = overall_mix
    by_platform: dict[str, dict[str, Any]] = {
        p.name: platform_context(base, p, profile.mix_for(p)) for p in profile.platforms
    }
    return ClientContext(profile, base, by_platform)
