"""Monthly check-ins and the progress made from them.

Bad check-ins go through the real `playbook check` and `playbook build` (every problem as
`path:line:col: error: what (hint)`, exit 1, no traceback, no site); progress, engagement,
the measured mix and the scorecard are checked in-process on small hand-made check-ins;
`playbook checkin` and `playbook plan --format json` run as commands on copies of the
example with check-ins (content/examples/northside-physio). The example's progress page
itself is pinned by the golden files, not here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml

from generator.engine.progress import Progress, goal_progress, measured_mix
from generator.errors import Problem, ProblemsError
from generator.model.checkin import CheckIn, PlatformMonth, PostsByKind
from generator.model.profile import Goal, Profile
from generator.pipeline.client import ClientData, load_client, plan_profile
from generator.render.plan_pages import PLAN_PAGE, render_pages
from generator.render.progress_pages import progress_page
from generator.source.checkins import load_checkins
from generator.source.validate import load_profile, parse_model

from .conftest import EXAMPLES, Run
from .helpers import golden_rulebook, mix, profile, rulebook

EXAMPLE = "northside-physio"
PROFILE_FILE = f"{EXAMPLE}.yaml"
NEW = f"{EXAMPLE}/checkins/2027-01.yaml"  # the month after the example's latest check-in
# One problem line, `path:line:col: error: what (hint)`.
LINE = re.compile(r"(?P<source>[^\n:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<text>[^\n]+)")
POST_KINDS = ("quotes", "reshares", "promotional", "conversation", "replies", "original")
MONTH_FIELDS = (
    "posts",
    "replies",
    "reshares",
    "likes",
    "followers",
    "messages_received",
    "messages_answered",
    "response_hours",
)


def copy_example(folder: Path) -> Path:
    """The example profile and its check-ins, copied into `folder`; the profile's path."""
    shutil.copy(EXAMPLES / PROFILE_FILE, folder / PROFILE_FILE)
    shutil.copytree(EXAMPLES / EXAMPLE, folder / EXAMPLE)
    return folder / PROFILE_FILE


def checkin(period: str, goals: dict[str, float] | None = None, **platforms: Any) -> CheckIn:
    """A valid check-in from plain data, through the same validator as a file."""
    data: dict[str, Any] = {"period": period, "platforms": platforms, "goals": goals or {}}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    found, _, problems = parse_model(CheckIn, text.encode("utf-8"), f"{period}.yaml")
    assert found is not None and not problems, [p.format() for p in problems]
    return found


def posts(**kinds: int) -> dict[str, int]:
    return {kind: kinds.get(kind, 0) for kind in POST_KINDS}


# --- 1. Bad check-ins, through `playbook check` and `playbook build` ------------------------

Want = tuple[int, int, str, str]
"""(line, column, a phrase of the message, a phrase of the hint)."""

GOOD_MONTH = (
    "  facebook:\n"
    "    posts: {quotes: 1, reshares: 1, promotional: 0, conversation: 6, replies: 5, "
    "original: 0}\n"
)
BAD_CHECKINS = [
    pytest.param("period: 2026-13\n", [(1, 9, "period '2026-13'", "YYYY-MM")], id="month-13"),
    pytest.param("period: 2026/12\n", [(1, 9, "period '2026/12'", "YYYY-MM")], id="slash"),
    # The hint should say YYYY-MM too: see test_a_period_of_the_wrong_length_gets_the_format.
    pytest.param("period: Dec 2026\n", [(1, 9, "period", "")], id="in-words"),
    pytest.param(
        "period: 2027-01\nplatforms:\n"
        "  facebook:\n"
        "    posts: {quotes: -1, reshares: 0, promotional: 0, conversation: 0, replies: 0, "
        "original: 0}\n    likes: -5\ngoals:\n  bookings: -2\n",
        [
            (4, 21, "platforms.facebook.posts.quotes must be at least 0, not -1", "from 0"),
            (5, 12, "platforms.facebook.likes must be at least 0, not -5", "from 0"),
            (7, 13, "goals.bookings must be at least 0, not -2", "from 0"),
        ],
        id="negative-counts",
    ),
    pytest.param(
        "period: 2027-01\ngoals:\n  booking: 3\n",
        [(3, 3, "no goal of the profile is counted in 'booking'", "did you mean 'bookings'?")],
        id="goal-metric-not-in-profile",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  tiktok:\n    likes: 3\n",
        [(3, 3, "the profile has no TikTok platform", "facebook, instagram, linkedin")],
        id="platform-not-in-profile",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebok:\n    likes: 3\n",
        [(3, 3, "unknown platform 'facebok'", "did you mean 'facebook'?")],
        id="no-such-platform",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n    replys: 4\nnotes: busy\n",
        [
            (4, 5, "unknown key in platforms.facebook 'replys'", "did you mean 'replies'?"),
            (5, 1, "unknown top-level key 'notes'", "did you mean 'note'?"),
        ],
        id="unknown-keys",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n"
        "    messages_received: 3\n    messages_answered: 5\n",
        [(5, 5, "5 messages answered is more than the 3 received", "answers to messages")],
        id="answered-more-than-received",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n    messages_answered: 5\n",
        [(4, 5, "answers without 'messages_received:'", "add it")],
        id="answered-without-received",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n"
        "    replies: lots\n    reshares: '4'\n    likes: 3.5\n",
        [
            (4, 14, "platforms.facebook.replies must be a whole number", "such as 3"),
            (5, 15, "platforms.facebook.reshares must be a whole number", "remove the quotes"),
            (6, 12, "platforms.facebook.likes must be a whole number, not 3.5", "4"),
        ],
        id="not-a-number",
    ),
    pytest.param(
        "period: [2027-01\n",
        [(1, 9, "YAML syntax error: the [ list that starts here is not closed", "closing")],
        id="not-yaml",
    ),
    pytest.param(
        "period: 2027-01\ngoals:\n\tbookings: 3\n",
        [(3, 1, "tab character in indentation", "spaces")],
        id="tab",
    ),
    pytest.param(
        "period: 2026-13\nplatforms:\n  facebook:\n"
        "    posts: {quotes: -1, reshares: 0, promotional: 0, conversation: 0, replies: 0, "
        "original: x}\n    replys: 4\n",
        [
            (1, 9, "period '2026-13' is not allowed", "YYYY-MM"),
            (4, 21, "platforms.facebook.posts.quotes must be at least 0", "from 0"),
            (4, 93, "platforms.facebook.posts.original must be a whole number", "such as 3"),
            (5, 5, "unknown key in platforms.facebook 'replys'", "did you mean 'replies'?"),
        ],
        id="several-problems-in-one-file",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  tiktok: {likes: 3}\n" + GOOD_MONTH + "goals:\n"
        "  booking: 3\n  followers: 2\n",
        [
            (3, 3, "the profile has no TikTok platform", "the profile has facebook"),
            (7, 3, "no goal of the profile is counted in 'booking'", "did you mean 'bookings'?"),
            (8, 3, "no goal of the profile is counted in 'followers'", "'Instagram followers'"),
        ],
        id="several-profile-problems-in-one-file",
    ),
]


def problem_lines(stderr: str) -> list[tuple[str, int, int, str]]:
    """(file, line, column, `what (hint)`) of every problem line printed."""
    return [(m["source"], int(m["line"]), int(m["col"]), m["text"]) for m in LINE.finditer(stderr)]


def assert_reported(stderr: str, want: Sequence[Want]) -> None:
    """Exactly the problems `want`, in order, each in the bad check-in's file, with a hint."""
    assert "Traceback" not in stderr, stderr
    found = problem_lines(stderr)
    assert [(f, line, col) for f, line, col, _ in found] == [(NEW, w[0], w[1]) for w in want], (
        stderr
    )
    for (*_, text), (_, _, phrase, hint) in zip(found, want, strict=True):
        message, bracket, rest = text.partition(" (")
        assert phrase in message, stderr
        assert bracket and rest.endswith(")") and rest[:-1].strip(), f"no hint: {text}"
        assert hint in rest, stderr


@pytest.mark.parametrize(("text", "want"), BAD_CHECKINS)
def test_a_bad_checkin_fails_check_and_build(
    run_playbook: Run, tmp_path: Path, text: str, want: list[Want]
) -> None:
    copy_example(tmp_path)
    (tmp_path / NEW).write_text(text, encoding="utf-8")

    checked = run_playbook("check", PROFILE_FILE)
    assert checked.returncode == 1, checked.stderr
    assert_reported(checked.stderr, want)

    built = run_playbook("build", PROFILE_FILE, "-o", "out")
    assert built.returncode == 1, built.stderr
    assert_reported(built.stderr, want)
    assert "1 failed" in built.stderr, built.stderr
    out = tmp_path / "out"
    site = [p.name for p in out.iterdir() if not p.name.startswith(".")] if out.exists() else []
    assert site == [], f"a site was written for an invalid check-in: {site}"


def test_a_month_recorded_twice_fails_check_and_build(run_playbook: Run, tmp_path: Path) -> None:
    """The second file of a month, in name order, is the one reported."""
    copy_example(tmp_path)
    second = f"{EXAMPLE}/checkins/2026-12.yml"
    (tmp_path / second).write_text("period: 2026-12\ngoals: {bookings: 3}\n", encoding="utf-8")
    first = f"{EXAMPLE}/checkins/2026-12.yaml"
    for args in (["check", PROFILE_FILE], ["build", PROFILE_FILE, "-o", "out"]):
        result = run_playbook(*args)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert problem_lines(result.stderr) == [
            (
                second,
                1,
                1,
                f"2026-12 is already recorded in {first} "
                "(record each month once: merge the two files)",
            )
        ], result.stderr
    assert not (tmp_path / "out" / EXAMPLE).exists()


def test_a_good_checkin_beside_the_example_is_valid(run_playbook: Run, tmp_path: Path) -> None:
    """The baseline the cases above edit: a fourth, valid month checks."""
    copy_example(tmp_path)
    (tmp_path / NEW).write_text("period: 2027-01\nplatforms:\n" + GOOD_MONTH, encoding="utf-8")
    checked = run_playbook("check", PROFILE_FILE)
    assert checked.returncode == 0, checked.stderr


def problems_in_folder(tmp_path: Path, text: str) -> list[Problem]:
    """The problems `load_checkins` reports with `text` as the example's next check-in."""
    path = copy_example(tmp_path)
    (tmp_path / NEW).write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        load_checkins(load_profile(path), path)
    return info.value.problems


def test_every_file_of_the_folder_is_reported_in_one_run(tmp_path: Path) -> None:
    path = copy_example(tmp_path)
    (tmp_path / NEW).write_text("period: 2027-01\ngoals: {booking: 3}\n", encoding="utf-8")
    other = tmp_path / EXAMPLE / "checkins" / "2027-02.yaml"
    other.write_text("period: 2027-02\nplatforms: {facebook: {likes: -1}}\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        load_checkins(load_profile(path), path)
    where = [(Path(p.mark.source).name, p.mark.line) for p in info.value.problems]
    assert where == [("2027-01.yaml", 2), ("2027-02.yaml", 2)], info.value


def test_schema_and_profile_problems_of_one_file_are_reported_together(tmp_path: Path) -> None:
    problems = problems_in_folder(
        tmp_path,
        "period: 2026-12\nplatforms:\n  tiktok: {likes: 3}\n  facebook: {likes: -1}\n"
        "goals: {booking: 3}\n",
    )
    messages = [p.message for p in problems]
    assert len(messages) == 5, messages
    assert any("already recorded" in m for m in messages), messages
    assert any("not the month the file is named after" in m for m in messages), messages
    assert any("TikTok" in m for m in messages), messages
    assert any("must be at least 0" in m for m in messages), messages
    assert any("'booking'" in m for m in messages), messages


@pytest.mark.parametrize(
    "period",
    [
        pytest.param("Dec 2026", id="too-long"),
        pytest.param("2026-1", id="too-short"),
        pytest.param(
            "2026-12-01",
            id="a-date",
        ),
    ],
)
def test_a_period_not_written_as_a_month_gets_the_format(period: str) -> None:
    _, _, problems = parse_model(CheckIn, f"period: {period}\n".encode(), "c.yaml")
    assert [(p.mark.line, p.mark.col, p.hint) for p in problems] == [
        (1, 9, "write the month as YYYY-MM, such as 2026-12")
    ], [p.format() for p in problems]


def test_an_empty_checkin_points_to_playbook_checkin(tmp_path: Path) -> None:
    problems = problems_in_folder(tmp_path, "")
    assert [p.message for p in problems] == ["file is empty"]
    assert "playbook checkin" in problems[0].hint, problems[0].format()


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
    assert "This platform's mix is the one measured in the 2026-01 check-in." in page


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


# --- 7. `playbook checkin` ---------------------------------------------------------------------


def assert_starter(text: str, period: str, client: Profile) -> None:
    """Every field the profile's platforms and goals call for, commented, and no value made
    up: each is 0 or left empty for the coach to fill in."""
    assert f"\nperiod: {period}\n" in text
    assert client.client.name in text.split("\n", 2)[1]
    for platform in client.platforms:
        assert re.search(rf"\n  {platform.name}:\s+# {platform.label}, about \d+ posts", text)
    for name in MONTH_FIELDS:
        assert text.count(f"\n    {name}:") == len(client.platforms), name
    for metric_goal in client.goals:
        key = json.dumps(metric_goal.metric)
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(f"{key}:"))
        assert re.fullmatch(rf"  {re.escape(key)}:( 0)?\s+# .+", line), line
        assert metric_goal.outcome in line, line
    data = yaml.safe_load(text)
    assert set(data["platforms"]) == {p.name for p in client.platforms}
    posts_lines = [ln for ln in text.splitlines() if ln.strip().startswith("posts:")]
    for line in posts_lines:  # the six kinds are named on the line, for the coach to count
        assert all(f"{kind}:" in line for kind in POST_KINDS), line
    for month in data["platforms"].values():
        assert set(month) == set(MONTH_FIELDS)
        assert set(month.values()) <= {0, None}, month
    assert set(data["goals"]) == {g.metric for g in client.goals}
    assert set(data["goals"].values()) <= {0, None}


def filled(text: str) -> str:
    """The starter with every value the coach must write set to 0."""

    def fill(node: object, key: object = None) -> object:
        if isinstance(node, dict):
            return {k: fill(value, k) for k, value in node.items()}
        if key == "posts" and node is None:
            return dict.fromkeys(POST_KINDS, 0)
        return 0 if node is None else node

    return yaml.safe_dump(fill(yaml.safe_load(text)), sort_keys=False, allow_unicode=True)


def assert_checks_as_written_and_filled(run: Run, profile_file: str, starter: Path) -> None:
    """As written, `playbook check` passes or points only at the starter's blanks; filled in,
    it passes."""
    as_written = run("check", profile_file)
    assert "Traceback" not in as_written.stderr
    if as_written.returncode != 0:
        assert as_written.returncode == 1, as_written.stderr
        lines = problem_lines(as_written.stderr)
        assert lines, as_written.stderr
        assert {Path(f).name for f, *_ in lines} == {starter.name}, as_written.stderr
    starter.write_text(filled(starter.read_text("utf-8")), encoding="utf-8")
    checked = run("check", profile_file)
    assert checked.returncode == 0, checked.stderr


def test_checkin_writes_the_month_after_the_latest(run_playbook: Run, tmp_path: Path) -> None:
    path = copy_example(tmp_path)
    made = run_playbook("checkin", PROFILE_FILE)
    assert made.returncode == 0, made.stderr
    assert f"wrote {NEW}" in made.stderr
    target = tmp_path / NEW
    assert_starter(target.read_text("utf-8"), "2027-01", load_profile(path))
    assert_checks_as_written_and_filled(run_playbook, PROFILE_FILE, target)
    found = load_checkins(load_profile(path), path)
    assert [c.period for c in found] == ["2026-09", "2026-10", "2026-12", "2027-01"]
    no_posts = PostsByKind(**dict.fromkeys(POST_KINDS, 0))
    assert found[-1].platforms["facebook"] == PlatformMonth(no_posts, 0, 0, 0, 0, 0, 0, 0)
    assert found[-1].goals == {"bookings": 0, "Instagram followers": 0}


def test_checkin_fills_a_gap_and_refuses_a_recorded_month(
    run_playbook: Run, tmp_path: Path
) -> None:
    path = copy_example(tmp_path)
    made = run_playbook("checkin", PROFILE_FILE, "--period", "2026-11")
    assert made.returncode == 0, made.stderr
    gap = tmp_path / EXAMPLE / "checkins" / "2026-11.yaml"
    assert_starter(gap.read_text("utf-8"), "2026-11", load_profile(path))
    assert_checks_as_written_and_filled(run_playbook, PROFILE_FILE, gap)

    recorded = tmp_path / EXAMPLE / "checkins" / "2026-12.yaml"
    before = recorded.read_bytes()
    again = run_playbook("checkin", PROFILE_FILE, "--period", "2026-12")
    assert again.returncode == 1, again.stderr
    assert "2026-12 is already recorded" in again.stderr
    assert "Traceback" not in again.stderr
    assert recorded.read_bytes() == before


def test_checkin_refuses_a_month_that_is_not_one(run_playbook: Run, tmp_path: Path) -> None:
    copy_example(tmp_path)
    folder = tmp_path / EXAMPLE / "checkins"
    files = sorted(p.name for p in folder.iterdir())
    wrong = run_playbook("checkin", PROFILE_FILE, "--period", "2026-13")
    assert wrong.returncode == 2, wrong.stderr
    assert "YYYY-MM" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    assert sorted(p.name for p in folder.iterdir()) == files


def test_checkin_without_checkins_writes_this_month(run_playbook: Run, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "hilltop-bakery.yaml", tmp_path / "bakery.yaml")
    before = dt.date.today()
    made = run_playbook("checkin", "bakery.yaml")
    after = dt.date.today()
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "bakery" / "checkins"
    months = {f"{day.year:04d}-{day.month:02d}" for day in (before, after)}
    written = [p.name for p in folder.iterdir()]
    assert len(written) == 1 and written[0].removesuffix(".yaml") in months, written
    period = written[0].removesuffix(".yaml")
    starter = folder / written[0]
    assert_starter(starter.read_text("utf-8"), period, load_profile(tmp_path / "bakery.yaml"))
    assert_checks_as_written_and_filled(run_playbook, "bakery.yaml", starter)


def test_the_profiles_checkins_folder_is_honoured(run_playbook: Run, tmp_path: Path) -> None:
    copy_example(tmp_path)
    elsewhere = tmp_path / "records" / "physio"
    shutil.move(tmp_path / EXAMPLE / "checkins", elsewhere)
    profile_path = tmp_path / PROFILE_FILE
    text = profile_path.read_text("utf-8")
    profile_path.write_text(text + "checkins: records/physio\n", encoding="utf-8")
    # The default folder, if it exists, is not read.
    (tmp_path / EXAMPLE / "checkins").mkdir()
    (tmp_path / EXAMPLE / "checkins" / "2027-05.yaml").write_text("not: a check-in\n", "utf-8")

    made = run_playbook("checkin", PROFILE_FILE)
    assert made.returncode == 0, made.stderr
    assert (elsewhere / "2027-01.yaml").is_file()
    assert not (tmp_path / NEW).exists()
    assert_checks_as_written_and_filled(run_playbook, PROFILE_FILE, elsewhere / "2027-01.yaml")

    (elsewhere / "2027-02.yaml").write_text("period: 2027-02\ngoals: {booking: 1}\n", "utf-8")
    checked = run_playbook("check", PROFILE_FILE)
    assert checked.returncode == 1
    assert problem_lines(checked.stderr)[0][:3] == ("records/physio/2027-02.yaml", 2, 9)


# --- 8. `playbook plan --format json` ----------------------------------------------------------


def test_json_includes_the_progress(run_playbook: Run) -> None:
    result = run_playbook("plan", str(EXAMPLES / PROFILE_FILE), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    progress = data["progress"]
    assert set(progress) == {
        "months",
        "recorded",
        "goals",
        "engagement",
        "posting_mix",
        "scorecard",
    }
    assert progress["months"] == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert progress["recorded"] == [True, True, False, True]
    bookings, followers = progress["goals"]
    assert (bookings["metric"], bookings["values"], bookings["status"]) == (
        "bookings",
        [11, 14, None, 19],
        "on track",
    )
    assert (bookings["target_per_month"], bookings["by"]) == (25, "2027-03-31")
    assert (followers["values"], followers["status"]) == ([35, None, None, 40], "no date set")
    assert followers["target_per_month"] == pytest.approx(66.67)
    engagement = {e["metric"]: e for e in progress["engagement"]}
    assert engagement["conversation-rate"]["values"] == [1.31, None, None, 2.82]
    assert engagement["conversation-rate"]["kind"] == "engagement"
    assert engagement["applause-rate"]["kind"] == "context"
    measured = progress["posting_mix"]["measured_percent"]
    assert [m is None for m in measured] == [False, False, True, False]
    assert measured[-1]["promotional"] == 11.1
    assert sum(progress["posting_mix"]["recommended_percent"].values()) == pytest.approx(100)
    statuses = {s["status"] for s in progress["scorecard"]}
    assert statuses <= {"met", "improving", "not yet", "not measured"}
    assert {"rule", "status", "detail"} == set(progress["scorecard"][0])


def test_json_without_checkins_has_no_progress(run_playbook: Run) -> None:
    result = run_playbook("plan", str(EXAMPLES / "hilltop-bakery.yaml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "progress" not in json.loads(result.stdout)


# --- 9. Determinism ---------------------------------------------------------------------------


def test_the_progress_page_is_the_same_bytes_twice(run_playbook: Run, tmp_path: Path) -> None:
    pages = []
    for out in ("one", "two"):
        built = run_playbook("build", str(EXAMPLES / PROFILE_FILE), "-o", out)
        assert built.returncode == 0, built.stderr
        pages.append((tmp_path / out / EXAMPLE / "progress.html").read_bytes())
    assert pages[0] == pages[1]
    assert pages[0].count(b'role="img"') == 3


def test_a_checkin_given_as_a_profile_gets_one_clear_line(
    run_playbook: Run, tmp_path: Path
) -> None:
    copy_example(tmp_path)
    month = tmp_path / EXAMPLE / "checkins" / "2026-12.yaml"
    result = run_playbook("check", str(month))
    assert result.returncode == 1
    assert result.stderr == (
        f"{month}:1:1: error: this is a check-in, not a profile (check it with its profile: "
        "playbook check PROFILE checks its check-ins too)\n"
    )


def test_check_reports_a_missing_logo_the_profile_names(run_playbook: Run, tmp_path: Path) -> None:
    path = copy_example(tmp_path)
    path.write_text(path.read_text() + "branding:\n  logo: gone.png\n")
    result = run_playbook("check", PROFILE_FILE)
    assert result.returncode == 1
    assert "error: logo file" in result.stderr and "gone.png not found" in result.stderr
