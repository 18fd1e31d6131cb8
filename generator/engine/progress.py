"""Progress over time: goals against targets, engagement per month, the measured posting mix,
and a scorecard of the plan's rules. Pure functions over a profile, its plan and check-ins.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..model.checkin import CheckIn
from ..model.profile import MIX_KINDS, PLATFORM_LABELS, Goal, PostingMix, Profile
from ..model.rule import Metric
from ..rules.compile import CompiledRule
from ..rules.variables import client_context, is_vanity
from ..text import format_number
from .evaluate import judge
from .plan import Finding, Plan

# A month of a goal counted per week or per quarter.
PER_MONTH = {"week": 52 / 12, "month": 1.0, "quarter": 1 / 3}
STATUSES = ("reached", "on track", "off track", "too early to say", "no date set")


@dataclass(frozen=True)
class GoalProgress:
    """One goal month by month, and whether it is on track for its date."""

    goal: Goal
    target: float  # a month's worth
    values: tuple[float | None, ...]
    status: str
    sentence: str


@dataclass(frozen=True)
class MetricSeries:
    """One engagement or context metric month by month, with its definition."""

    metric: Metric
    values: tuple[float | None, ...]
    unit: str  # "%" or " per post"
    # Per month, the platforms the value comes from when not all of the client's did.
    partial: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class RuleScore:
    """Whether the latest month meets a rule the plan asked to follow."""

    rule: CompiledRule
    status: str  # met | improving | not yet | not measured
    detail: str


@dataclass(frozen=True)
class Progress:
    """Everything the progress page shows; months run without holes, gaps are None."""

    months: tuple[str, ...]
    recorded: tuple[bool, ...]
    goals: tuple[GoalProgress, ...]
    engagement: tuple[MetricSeries, ...]
    mix: tuple[dict[str, float] | None, ...]
    recommended: dict[str, float]
    scorecard: tuple[RuleScore, ...]
    # The months whose posts by kind were counted from the client's own exports, and the
    # exports in words ('' when none were).
    counted_from: str = ""

    @property
    def latest(self) -> str:
        return self.months[-1]


def month_index(period: str) -> int:
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def next_period(period: str) -> str:
    return period_of(month_index(period) + 1)


def period_of_date(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def measured_mix(checkin: CheckIn, platform: str | None = None) -> dict[str, float] | None:
    """Percent of the month's posts by kind (on one platform, or all); None if not counted."""
    if platform is None:
        counts = checkin.posts()
    else:
        month = checkin.platforms.get(platform)  # type: ignore[call-overload]
        counts = month.posts.as_dict() if month and month.posts else None
    total = sum(counts.values()) if counts else 0
    if not counts or total == 0:
        return None
    return {k: 100 * counts[k] / total for k in MIX_KINDS}


def measured_platforms(profile: Profile, checkin: CheckIn) -> tuple[str, ...]:
    """The profile's platforms whose posts the month counted."""
    return tuple(p.name for p in profile.platforms if measured_mix(checkin, p.name) is not None)


def recorded_measures(checkin: CheckIn) -> list[str]:
    """What a check-in shows the client measures, in the words profiles use: the goals'
    metrics it counted, replies, the response rate, and the applause it recorded."""
    found = [metric for metric, value in checkin.goals.items() if value is not None]
    months = list(checkin.platforms.values())
    for field, word in (
        ("replies", "replies"),
        ("messages_answered", "response rate"),
        ("reshares", "reshares"),
        ("likes", "likes"),
        ("followers", "followers"),
    ):
        if any(getattr(m, field) is not None for m in months):
            found.append(word)
    return found


def with_measured_mix(profile: Profile, checkin: CheckIn) -> Profile:
    """The profile with each platform's posting mix as the month measured it (a platform
    whose posts were not counted keeps the mix the profile gives it), and with what the
    month recorded among what the client measures."""
    platforms = []
    for platform in profile.platforms:
        own = measured_mix(checkin, platform.name)
        if own is not None:
            platform = dataclasses.replace(platform, posting_mix=PostingMix(**own))
        platforms.append(platform)
    # What the check-in recorded is measured now, whatever the profile said before.
    measuring = list(dict.fromkeys([*profile.measuring, *recorded_measures(checkin)]))
    return dataclasses.replace(profile, platforms=platforms, measuring=measuring)


class Point(NamedTuple):
    """A goal's value in one month (by `month_index`)."""

    month: int
    value: float


def _slope(points: Sequence[Point]) -> float:
    """Least-squares change per month."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def goal_progress(
    goal: Goal, months: Sequence[str], values: Sequence[float | None]
) -> GoalProgress:
    """The goal's values against a month's target, and a verdict in plain words."""
    found = _goal_progress(goal, months, values)
    if is_vanity(goal.metric):
        note = " This goal counts applause, not an outcome: see “Decide your outcomes first”."
        return dataclasses.replace(found, sentence=found.sentence + note)
    return found


def _goal_progress(
    goal: Goal, months: Sequence[str], values: Sequence[float | None]
) -> GoalProgress:
    target = goal.target * PER_MONTH[goal.per]
    points = [
        Point(month_index(m), v) for m, v in zip(months, values, strict=True) if v is not None
    ]
    name = goal.metric[:1].upper() + goal.metric[1:]
    aim = f"a target of {format_number(round(target, 1))} a month"
    if goal.per != "month":
        aim += f" ({format_number(goal.target)} a {goal.per})"
    if goal.by is not None:
        aim += f" by {goal.by.isoformat()}"
    if not points:
        return GoalProgress(
            goal, target, tuple(values), "too early to say", f"{name}: not recorded yet."
        )
    last_month, last = points[-1]
    head = f"{name}: {format_number(last)} in {period_of(last_month)} against {aim}"
    if last >= target:
        return GoalProgress(goal, target, tuple(values), "reached", f"{head}: reached.")
    if goal.by is None:
        return GoalProgress(
            goal, target, tuple(values), "no date set", f"{head}; with no date set, say by when."
        )
    left = month_index(period_of_date(goal.by)) - last_month
    if left < 0:
        return GoalProgress(
            goal, target, tuple(values), "off track", f"{head}: the date has passed."
        )
    if len(points) < 2:
        return GoalProgress(
            goal,
            target,
            tuple(values),
            "too early to say",
            f"{head}; one month is too few to see a trend.",
        )
    rate = _slope(points)
    projected = last + rate * left
    status = "on track" if projected >= target else "off track"
    change = f"{'+' if rate >= 0 else '−'}{format_number(round(abs(rate), 1))} a month"
    sentence = (
        f"{head}. At the current rate ({change}) it reaches about "
        f"{format_number(round(max(projected, 0), 1))} by {period_of_date(goal.by)}: {status}."
    )
    return GoalProgress(goal, target, tuple(values), status, sentence)


def _ratio(top: int, bottom: int, percent: bool) -> float | None:
    if bottom == 0:
        return None
    return round((100 if percent else 1) * top / bottom, 2)


class Ratio(NamedTuple):
    """How a check-in metric is counted: one field over another, as a percent or not."""

    top: str
    bottom: str  # "posts": the posts of every kind
    percent: bool


RATIOS = {
    "conversation-rate": Ratio("replies", "posts", False),
    "amplification-rate": Ratio("reshares", "posts", False),
    "applause-rate": Ratio("likes", "posts", False),
    "response-rate": Ratio("messages_answered", "messages_received", True),
}


class MonthMetric(NamedTuple):
    """A metric's value in one month, and the platforms it was counted on."""

    value: float | None
    platforms: tuple[str, ...]


def _month_metric(checkin: CheckIn | None, metric: str) -> MonthMetric:
    """One month's value of a metric over the platforms that recorded both of its parts."""
    if checkin is None:
        return MonthMetric(None, ())
    top_field, bottom_field, percent = RATIOS[metric]
    top = bottom = 0
    counted: list[str] = []
    for name, month in checkin.platforms.items():
        high = getattr(month, top_field)
        low = month.posts.total if bottom_field == "posts" and month.posts else None
        if bottom_field != "posts":
            low = getattr(month, bottom_field)
        if high is None or low is None:
            continue
        top, bottom = top + high, bottom + low
        counted.append(name)
    return MonthMetric(_ratio(top, bottom, percent) if counted else None, tuple(counted))


ENGAGEMENT = ("conversation-rate", "response-rate", "amplification-rate", "applause-rate")


def _about_the_mix(rule: CompiledRule) -> bool:
    """Whether check-ins can show the rule met: only the posting mix comes from them."""
    return bool(rule.spec.mix) or "mix." in (rule.spec.when or "")


def scorecard(
    findings: Sequence[Finding], profile: Profile, by_month: Sequence[CheckIn | None]
) -> tuple[RuleScore, ...]:
    """For each rule that fired on the profile as written (the plan the client has been
    following): met, improving or not yet in the latest recorded month."""
    if not findings:
        return ()
    recorded = [c for c in by_month if c is not None]
    latest = recorded[-1]
    counted_posts = measured_mix(latest) is not None
    # Compared with the last earlier month that counted posts, else with the profile.
    before = next((c for c in reversed(recorded[:-1]) if measured_mix(c) is not None), None)
    # Every rule is judged on the same two profiles, each made into rule variables once.
    latest_client = client_context(with_measured_mix(profile, latest))
    before_client = client_context(with_measured_mix(profile, before) if before else profile)
    scores = []
    for finding in findings:
        rule = finding.rule
        if _about_the_mix(rule) and not counted_posts:
            scores.append(RuleScore(rule, "not measured", f"{latest.period} counted no posts."))
            continue
        now = judge(rule, latest_client)
        if not now.fired:
            scores.append(RuleScore(rule, "met", f"Met in {latest.period}."))
            continue
        earlier = judge(rule, before_client)
        since = before.period if before else "the profile"
        if rule.spec.mix and now.gap < earlier.gap:
            detail = f"Closer than in {since}, not there yet."
            scores.append(RuleScore(rule, "improving", detail))
        else:
            scores.append(RuleScore(rule, "not yet", f"Not met in {latest.period}."))
    return tuple(scores)


def progress(
    plan: Plan,
    profile: Profile,
    checkins: Sequence[CheckIn],
    metrics: Sequence[Metric],
    followed: Sequence[Finding],
) -> Progress | None:
    """The client's progress; None without check-ins. `profile` is the one the coach wrote
    (with the stated mix), `plan` the plan made from the latest measured mix, `followed`
    what the plan for the profile as written asked for."""
    if not checkins:
        return None
    by_period = {c.period: c for c in checkins}
    first, last = month_index(checkins[0].period), month_index(checkins[-1].period)
    months = tuple(period_of(i) for i in range(first, last + 1))
    by_month = [by_period.get(m) for m in months]
    goals = tuple(
        goal_progress(goal, months, [c.goals.get(goal.metric) if c else None for c in by_month])
        for goal in profile.goals
    )
    catalog = {m.id: m for m in metrics}
    posting = {p.name for p in profile.platforms if p.posts_per_week > 0}
    engagement = []
    for name in ENGAGEMENT:
        if name not in catalog:
            continue
        found = [_month_metric(c, name) for c in by_month]
        engagement.append(
            MetricSeries(
                catalog[name],
                tuple(value for value, _ in found),
                "%" if name == "response-rate" else " per post",
                tuple(
                    tuple(PLATFORM_LABELS[p] for p in used)
                    if value is not None and not posting <= set(used)
                    else ()
                    for value, used in found
                ),
            )
        )
    return Progress(
        months=months,
        recorded=tuple(c is not None for c in by_month),
        goals=goals,
        engagement=tuple(engagement),
        mix=tuple(measured_mix(c) if c else None for c in by_month),
        recommended=plan.overall_recommended,
        scorecard=scorecard(followed, profile, by_month),
    )
