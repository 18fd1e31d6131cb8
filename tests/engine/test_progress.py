"""Progress from check-ins, in-process on small hand-made check-ins: gaps, goals against
their targets, engagement per month, the measured mix the plan judges, the scorecard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

import pytest

from generator.engine.progress import Progress, goal_progress, measured_mix
from generator.model.checkin import CheckIn
from generator.model.profile import Goal
from generator.pipeline.client import ClientData, load_client, plan_profile
from generator.render.plan_pages import PLAN_PAGE, render_pages
from generator.render.progress_pages import progress_page

from ..checkin_fixtures import (
    PROFILE_FILE,
    checkin,
    posts,
)
from ..conftest import EXAMPLES
from ..helpers import golden_rulebook, mix, profile, rulebook

# --- 2. Gaps between months -------------------------------------------------------------------

GOAL_30 = [
    {"outcome": "More enquiries", "metric": "enquiries", "target": 30, "by": "2026-12-31"},
]


def client(checkins: Sequence[CheckIn], **changes: object) -> ClientData:
    return plan_profile(profile(**changes), tuple(checkins), golden_rulebook())


def progress_of(checkins: Sequence[CheckIn], **changes: object) -> Progress:
    found = client(checkins, **changes).progress
    assert found is not None
    return found


def test_a_gap_is_a_gap_not_zero() -> None:
    found = progress_of(
        [
            checkin(
                "2026-01",
                {"enquiries": 10},
                linkedin={"posts": posts(conversation=5, original=5), "replies": 20},
            ),
            checkin(
                "2026-04",
                {"enquiries": 16},
                linkedin={"posts": posts(conversation=4, original=4), "replies": 4},
            ),
        ],
        goals=GOAL_30,
    )
    assert found.months == ("2026-01", "2026-02", "2026-03", "2026-04")
    assert found.recorded == (True, False, False, True)
    (goal,) = found.goals
    assert goal.values == (10, None, None, 16)
    # The rate runs over the two recorded months: +2 a month. Zeros would make it negative.
    assert goal.status == "on track"
    assert goal.sentence == (
        "Enquiries: 16 in 2026-04 against a target of 30 a month by 2026-12-31. At the current "
        "rate (+2 a month) it reaches about 32 by 2026-12: on track."
    )
    conversation = next(s for s in found.engagement if s.metric.id == "conversation-rate")
    assert conversation.values == (2.0, None, None, 0.5)
    assert [m is None for m in found.mix] == [False, True, True, False]

    page = progress_page(found, "Test Client", {})
    assert "no check-in for 2026-02, 2026-03 (shown as —)." in page
    assert "| 2026-02 | — | 30 |\n| 2026-03 | — | 30 |" in page
    assert "| Conversation rate | replies and comments received ÷ posts published | " in page
    assert "| 2 per post | — | — | 0.5 per post |" in page
    assert "| Questions to the audience | 50% | — | — | 50% |" in page


# --- 3. Goals against their targets -------------------------------------------------------------

JAN_TO_MAR = ("2026-01", "2026-02", "2026-03")
JUNE = dt.date(2026, 6, 30)
HEAD = "Enquiries: {} in {} against a target of 20 a month by 2026-06-30"


Per = Literal["week", "month", "quarter"]


def goal(target: float = 20, per: Per = "month", by: dt.date | None = JUNE) -> Goal:
    return Goal(outcome="More enquiries", metric="enquiries", target=target, per=per, by=by)


@pytest.mark.parametrize(
    ("the_goal", "months", "values", "status", "sentence"),
    [
        pytest.param(
            goal(),
            JAN_TO_MAR,
            (10, 12, 14),
            "on track",
            HEAD.format(14, "2026-03")
            + ". At the current rate (+2 a month) it reaches about 20 by 2026-06: on track.",
            id="on-track",
        ),
        pytest.param(
            goal(),
            JAN_TO_MAR,
            (10, 11, 12),
            "off track",
            HEAD.format(12, "2026-03")
            + ". At the current rate (+1 a month) it reaches about 15 by 2026-06: off track.",
            id="off-track",
        ),
        pytest.param(
            goal(),
            JAN_TO_MAR,
            (14, 12, 10),
            "off track",
            HEAD.format(10, "2026-03")
            + ". At the current rate (−2 a month) it reaches about 4 by 2026-06: off track.",
            id="off-track-falling",
        ),
        pytest.param(
            goal(),
            JAN_TO_MAR,
            (10, 5, 0),
            "off track",
            HEAD.format(0, "2026-03")
            + ". At the current rate (−5 a month) it reaches about 0 by 2026-06: off track.",
            id="off-track-never-below-zero",
        ),
        pytest.param(
            goal(),
            JAN_TO_MAR,
            (10, 11.5, None),
            "off track",
            HEAD.format("11.5", "2026-02")
            + ". At the current rate (+1.5 a month) it reaches about 17.5 by 2026-06: off track.",
            id="latest-recorded-month-counts",
        ),
        pytest.param(
            goal(),
            JAN_TO_MAR,
            (10, 15, 21),
            "reached",
            HEAD.format(21, "2026-03") + ": reached.",
            id="reached",
        ),
        pytest.param(
            goal(),
            ("2026-01",),
            (12,),
            "too early to say",
            HEAD.format(12, "2026-01") + "; one month is too few to see a trend.",
            id="too-early-one-month",
        ),
        pytest.param(
            goal(),
            JAN_TO_MAR,
            (None, None, None),
            "too early to say",
            "Enquiries: not recorded yet.",
            id="not-recorded",
        ),
        pytest.param(
            goal(by=None),
            JAN_TO_MAR,
            (10, 11, 12),
            "no date set",
            "Enquiries: 12 in 2026-03 against a target of 20 a month; with no date set, "
            "say by when.",
            id="no-date-set",
        ),
        pytest.param(
            goal(by=dt.date(2025, 12, 31)),
            JAN_TO_MAR,
            (10, 11, 12),
            "off track",
            "Enquiries: 12 in 2026-03 against a target of 20 a month by 2025-12-31: "
            "the date has passed.",
            id="date-passed",
        ),
        pytest.param(
            goal(by=dt.date(2026, 3, 31)),
            JAN_TO_MAR,
            (10, 11, 12),
            "off track",
            "Enquiries: 12 in 2026-03 against a target of 20 a month by 2026-03-31. At the "
            "current rate (+1 a month) it reaches about 12 by 2026-03: off track.",
            id="date-is-this-month",
        ),
        pytest.param(
            goal(target=10, per="week"),
            ("2026-01", "2026-02"),
            (20, 30),
            "on track",
            "Enquiries: 30 in 2026-02 against a target of 43.3 a month (10 a week) by 2026-06-30. "
            "At the "
            "current rate (+10 a month) it reaches about 70 by 2026-06: on track.",
            id="per-week",
        ),
        pytest.param(
            goal(target=30, per="quarter", by=dt.date(2026, 4, 30)),
            ("2026-01", "2026-02"),
            (4, 7),
            "on track",
            "Enquiries: 7 in 2026-02 against a target of 10 a month (30 a quarter) by 2026-04-30. "
            "At the "
            "current rate (+3 a month) it reaches about 13 by 2026-04: on track.",
            id="per-quarter",
        ),
        pytest.param(
            goal(target=30, per="quarter", by=dt.date(2026, 4, 30)),
            ("2026-01", "2026-02"),
            (4, 5),
            "off track",
            "Enquiries: 5 in 2026-02 against a target of 10 a month (30 a quarter) by 2026-04-30. "
            "At the "
            "current rate (+1 a month) it reaches about 7 by 2026-04: off track.",
            id="per-quarter-off-track",
        ),
    ],
)
def test_goal_progress(
    the_goal: Goal,
    months: tuple[str, ...],
    values: tuple[float | None, ...],
    status: str,
    sentence: str,
) -> None:
    found = goal_progress(the_goal, months, values)
    assert (found.status, found.sentence) == (status, sentence)
    assert found.values == values


@pytest.mark.parametrize(
    ("per", "target", "monthly"),
    [("week", 12, 52.0), ("month", 12, 12.0), ("quarter", 12, 4.0)],
)
def test_a_target_is_converted_to_a_month(per: Per, target: float, monthly: float) -> None:
    found = goal_progress(goal(target=target, per=per), ("2026-01",), (None,))
    assert found.target == pytest.approx(monthly)


def test_an_applause_goal_says_so() -> None:
    followers = Goal(outcome="A bigger audience", metric="followers", target=20, by=JUNE)
    found = goal_progress(followers, JAN_TO_MAR, (10, 15, 21))
    assert found.sentence == (
        "Followers: 21 in 2026-03 against a target of 20 a month by 2026-06-30: reached. "
        "This goal counts applause, not an outcome: see “Decide your outcomes first”."
    )


# --- 4. Engagement per month -----------------------------------------------------------------

THREE_PLATFORMS = [
    {"name": "linkedin", "posts_per_week": 3},
    {"name": "facebook", "posts_per_week": 2},
    {"name": "instagram", "posts_per_week": 2},
]


def test_engagement_per_month() -> None:
    found = progress_of(
        [
            checkin(
                "2026-01",
                linkedin={
                    "posts": posts(conversation=6, original=4),
                    "replies": 20,
                    "reshares": 5,
                    "likes": 100,
                    "messages_received": 10,
                    "messages_answered": 8,
                },
                # No reshares or likes counted: left out of those two rates; received without
                # answered: left out of the response rate.
                facebook={"posts": posts(conversation=3, original=2), "replies": 5},
                instagram={"messages_received": 4},
            ),
            # 2026-02: no check-in.
            checkin("2026-03", {"enquiries": 4}),  # goals only: no platform data
            checkin(
                "2026-04",
                linkedin={
                    "posts": posts(conversation=2, replies=2),
                    "replies": 2,
                    "messages_received": 0,
                    "messages_answered": 0,
                },
                facebook={"replies": 6, "likes": 30},  # no posts counted: left out of all
            ),
        ],
        platforms=THREE_PLATFORMS,
    )
    assert found.months == ("2026-01", "2026-02", "2026-03", "2026-04")
    series = {s.metric.id: (s.values, s.unit) for s in found.engagement}
    assert series == {
        # (20 + 5) replies / (10 + 5) posts; then 2 / 4.
        "conversation-rate": ((1.67, None, None, 0.5), " per post"),
        # 8 of 10 answered on LinkedIn; none received in April gives no rate.
        "response-rate": ((80.0, None, None, None), "%"),
        "amplification-rate": ((0.5, None, None, None), " per post"),
        "applause-rate": ((10.0, None, None, None), " per post"),
    }
    assert [s.metric.id for s in found.engagement] == [
        "conversation-rate",
        "response-rate",
        "amplification-rate",
        "applause-rate",
    ]


def test_a_month_with_no_posts_counted_has_no_rates() -> None:
    found = progress_of(
        [checkin("2026-01", linkedin={"replies": 12, "likes": 40, "reshares": 2})],
    )
    assert {s.metric.id: s.values for s in found.engagement} == {
        "conversation-rate": (None,),
        "response-rate": (None,),
        "amplification-rate": (None,),
        "applause-rate": (None,),
    }
    assert found.mix == (None,)


# --- 5. The plan judges the latest measured mix -----------------------------------------------

STATED_MIX = {
    "quotes": 5,
    "reshares": 5,
    "promotional": 40,
    "conversation": 20,
    "replies": 10,
    "original": 20,
}


def test_the_plan_uses_the_latest_checkin_that_counted_posts() -> None:
    counted = checkin(
        "2026-01",
        linkedin={"posts": posts(promotional=2, conversation=4, replies=2, original=2)},
    )
    later = checkin("2026-02", {"enquiries": 3}, linkedin={"replies": 4})
    data = client([counted, later], posting_mix=STATED_MIX)
    assert data.plan.measured == "2026-01"
    assert data.plan.overall_current == measured_mix(counted)
    assert data.plan.overall_current["promotional"] == 20
    page = render_pages(data.plan)[PLAN_PAGE]
    assert "The mix *now* is the one measured in the 2026-01 check-in" in page
    assert "| Sales posts | 20% |" in page
    # The profile as written is kept for the progress page.
    assert data.profile.posting_mix.promotional == 40


def test_the_examples_plan_uses_its_december_mix() -> None:
    """November has no check-in and October counted posts: December is the latest."""
    data = load_client(EXAMPLES / PROFILE_FILE, rulebook())
    assert data.plan.measured == "2026-12"
    assert (
        "The mix *now* is the one measured in the 2026-12 check-in"
        in render_pages(data.plan)[PLAN_PAGE]
    )


def test_the_plans_overall_mix_is_the_measured_one() -> None:
    # LinkedIn is said to post five times as often, but Facebook posted nine times as much.
    latest = checkin(
        "2026-01",
        linkedin={"posts": posts(conversation=2)},
        facebook={"posts": posts(promotional=18)},
    )
    platforms = [
        {"name": "linkedin", "posts_per_week": 5},
        {"name": "facebook", "posts_per_week": 1},
    ]
    data = client([latest], platforms=platforms)
    assert measured_mix(latest) == pytest.approx(mix(promotional=90, conversation=10))
    assert data.plan.overall_current == pytest.approx(mix(promotional=90, conversation=10))


def test_a_checkin_without_posts_leaves_the_stated_mix() -> None:
    data = client(
        [checkin("2026-01", {"enquiries": 3}, linkedin={"replies": 4, "likes": 9})],
        posting_mix=STATED_MIX,
    )
    assert data.plan.measured == ""
    assert data.plan.overall_current == {k: float(v) for k, v in STATED_MIX.items()}
    page = render_pages(data.plan)[PLAN_PAGE]
    assert "check-in" not in page
    assert "| Sales posts | 40% |" in page


def test_without_checkins_there_is_no_progress() -> None:
    data = client([], posting_mix=STATED_MIX)
    assert (data.plan.measured, data.progress) == ("", None)


def test_a_measured_mix_is_not_called_the_profiles_own() -> None:
    data = client(
        [checkin("2026-01", linkedin={"posts": posts(promotional=2, conversation=8)})],
        posting_mix=STATED_MIX,
    )
    assert data.profile.platforms[0].posting_mix is None
    page = render_pages(data.plan)[PLAN_PAGE]
    assert "own posting mix in the profile" not in page
    assert "- Measured in the 2026-01 check-in: LinkedIn." in page


# --- 6. The scorecard of the plan's rules --------------------------------------------------------


def sales(period: str, promotional: int) -> CheckIn:
    """A month of ten LinkedIn posts, `promotional` of them sales posts."""
    return checkin(
        period, linkedin={"posts": posts(promotional=promotional, original=10 - promotional)}
    )


def no_posts(period: str) -> CheckIn:
    return checkin(period, {"enquiries": 1})


# The profile says 40% sales posts, so "Pull, don't push" (at most 10%) fires on it.
@pytest.mark.parametrize(
    ("checkins", "status", "detail"),
    [
        pytest.param([sales("2026-01", 1)], "met", "Met in 2026-01.", id="met"),
        pytest.param(
            [sales("2026-01", 3)],
            "improving",
            "Closer than in the profile, not there yet.",
            id="improving-on-the-profile",
        ),
        pytest.param(
            [sales("2026-01", 5), sales("2026-02", 2)],
            "improving",
            "Closer than in 2026-01, not there yet.",
            id="improving-on-last-month",
        ),
        pytest.param(
            [sales("2026-01", 2), sales("2026-02", 5)],
            "not yet",
            "Not met in 2026-02.",
            id="not-yet",
        ),
        pytest.param(
            [sales("2026-01", 5), sales("2026-02", 5)],
            "not yet",
            "Not met in 2026-02.",
            id="no-change-is-not-yet",
        ),
        pytest.param(
            [sales("2026-01", 3), no_posts("2026-02")],
            "not measured",
            "2026-02 counted no posts.",
            id="not-measured",
        ),
        pytest.param(
            [sales("2026-01", 5), no_posts("2026-02"), sales("2026-03", 3)],
            "improving",
            "Closer than in 2026-01, not there yet.",
            id="compared-with-the-last-month-that-counted-posts",
        ),
        pytest.param(
            [sales("2026-01", 5), no_posts("2026-02"), sales("2026-03", 4)],
            "improving",
            "Closer than in 2026-01, not there yet.",
            id="not-judged-against-the-stated-mix-after-a-month-without-posts",
        ),
    ],
)
def test_scorecard_of_a_mix_rule(checkins: list[CheckIn], status: str, detail: str) -> None:
    found = progress_of(checkins, posting_mix=STATED_MIX)
    scores = {s.rule.id: (s.status, s.detail) for s in found.scorecard}
    assert scores["pull-dont-push"] == (status, detail)


def test_scorecard_covers_the_rules_that_fired_on_the_profile() -> None:
    goals = [*GOAL_30, {"outcome": "Be seen", "metric": "followers", "target": 50}]
    found = progress_of([sales("2026-01", 1)], posting_mix=STATED_MIX, goals=goals)
    scores = {s.rule.id: (s.status, s.detail) for s in found.scorecard}
    assert scores == {
        "pull-dont-push": ("met", "Met in 2026-01."),
        # The goals are the profile's: until they change, the rule is not met.
        "decide-outcomes-first": ("not yet", "Not met in 2026-01."),
    }
    page = progress_page(found, "Test Client", {})
    assert "| Pull, don't push | met | Met in 2026-01. |" in page


def test_a_scorecard_with_nothing_to_change() -> None:
    found = progress_of([sales("2026-01", 1)])
    assert found.scorecard == ()
    assert "No rule asked for a change." in progress_page(found, "Test Client", {})
