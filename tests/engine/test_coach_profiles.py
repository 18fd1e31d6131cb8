"""Ten held-out client profiles, read as a coach would: every plan keeps the invariants a
plan must keep before it can go to a client unedited."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import fields
from functools import cache
from pathlib import Path

import icalendar
import pytest

from generator.engine.evaluate import evaluate
from generator.engine.mix_plan import changed_kinds
from generator.engine.plan import Plan
from generator.model.checkin import PlatformMonth
from generator.pipeline.client import ClientData, load_client, render_client
from generator.render.plan_pages import render_document
from generator.source.load import parse_text
from generator.source.validate import validate_profile
from generator.text import plain_text

from ..helpers import rulebook

PROFILES = sorted((Path(__file__).parent / "profiles").glob("*.yaml"))
NAMES = [p.stem for p in PROFILES]
# Words by which a sentence names a kind of post.
KIND_WORDS = {
    "quotes": ("quote",),
    "reshares": ("reshare", "shar"),
    "promotional": ("sales post", "sales message", "selling"),
    "conversation": ("question", "ask your audience", "conversation"),
    "replies": ("repl", "answer"),
    "original": ("posts of your own", "own posts", "own content", "own, non-sales"),
}


@cache
def client(name: str) -> ClientData:
    return load_client(Path(__file__).parent / "profiles" / f"{name}.yaml", rulebook())


def plan_of(name: str) -> Plan:
    return client(name).plan


@cache
def document(name: str) -> str:
    return render_document(plan_of(name))


def test_there_are_ten_varied_profiles() -> None:
    assert len(PROFILES) == 10


@pytest.mark.parametrize("name", NAMES)
def test_no_kind_a_rule_asks_a_minimum_of_is_zero(name: str) -> None:
    for m in plan_of(name).mix:
        if not m.counts.posts:
            continue
        for kind in m.limits.mins:
            assert m.counts.recommended[kind] >= 1, (m.platform, kind)


@pytest.mark.parametrize("name", NAMES)
def test_a_goal_counted_in_a_conversion_keeps_calls_to_action(name: str) -> None:
    for m in plan_of(name).mix:
        if m.counts.posts:
            assert m.counts.recommended["promotional"] >= 1, m.platform


@pytest.mark.parametrize("name", NAMES)
def test_conversation_and_replies_never_fall(name: str) -> None:
    for m in plan_of(name).mix:
        for kind in ("conversation", "replies"):
            assert m.counts.recommended[kind] >= m.counts.current[kind], (m.platform, kind)


@pytest.mark.parametrize("name", NAMES)
def test_no_recommendation_goes_against_a_rule(name: str) -> None:
    for m in plan_of(name).mix:
        for kind in m.limits.maxs:
            if kind != "promotional":  # a call to action is kept for the goals
                assert m.counts.recommended[kind] <= m.counts.current[kind], (m.platform, kind)
        for kind in m.limits.mins:
            assert m.counts.recommended[kind] >= m.counts.current[kind], (m.platform, kind)


@pytest.mark.parametrize("name", NAMES)
def test_working_lines_name_no_kind_the_plan_changes(name: str) -> None:
    plan = plan_of(name)
    changed = changed_kinds(plan.mix)
    for item in plan.working:
        text = item.text.lower()
        for kind in changed:
            assert not any(w in text for w in KIND_WORDS[kind]), (item.rule.id, kind, text)


SALES_LIMIT = re.compile(
    r"sales posts?[^.]*?at most (\d+)%|at most (\d+)% [^.]*sales|"
    r"sales[^.]*?one in (\d+)|(a fifth)|(one in six)|(in every six)|(four times for every)|"
    r"(one in five)",
    re.IGNORECASE,
)
WORDS_AS_PERCENT = {
    "a fifth": "20",
    "one in five": "20",
    "four times for every": "20",
    "one in six": "17",
    "in every six": "17",
}


def sales_limits_quoted(text: str) -> set[str]:
    """Every sales limit a text quotes, as a percent: "one in 10" is 10%, "a fifth" 20%."""
    quoted = set()
    for match in SALES_LIMIT.finditer(text):
        index, found = next((i, g) for i, g in enumerate(match.groups()) if g)
        if index == 2:
            found = str(round(100 / int(found)))
        quoted.add(WORDS_AS_PERCENT.get(found.lower(), found))
    return quoted


@pytest.mark.parametrize("name", NAMES)
def test_at_most_one_sales_limit_is_quoted(name: str) -> None:
    quoted = sales_limits_quoted(document(name))
    assert len(quoted) <= 1, quoted


def _sentences(text: str) -> set[str]:
    prose = "\n".join(line for line in text.splitlines() if not line.startswith("|"))
    words = re.sub(r"[#*|`\[\]()>-]", " ", prose)
    parts = re.split(r"(?<=[.!?:;])\s+|\n", words)
    return {" ".join(p.split()) for p in parts if len(p.split()) >= 6}


def test_little_boilerplate_is_shared_by_every_plan() -> None:
    sentences = {name: _sentences(document(name)) for name in NAMES}
    shared = set.intersection(*sentences.values())
    for name, own in sentences.items():
        assert len(shared & own) / len(own) <= 0.10, (name, sorted(shared))


@pytest.mark.parametrize("name", NAMES)
def test_a_goal_due_within_six_weeks_runs_a_campaign_until_its_date(name: str) -> None:
    plan = plan_of(name)
    assert plan.dates is not None
    due = [
        g
        for g in plan.profile.goals
        if g.by and 0 <= (g.by - plan.dates.planned).days <= 42 and g.metric != "followers"
    ]
    assert [c.goal for c in plan.campaigns] == due
    for campaign in plan.campaigns:
        assert f"## Campaign until {campaign.until}" in document(name)
        for item in campaign.mix:
            assert item.counts.recommended["promotional"] >= item.counts.current["promotional"]


def test_the_council_campaigns_for_its_consultation() -> None:
    (campaign,) = plan_of("council").campaigns
    assert campaign.until.isoformat() == "2026-12-31"


CHECKIN_FIELDS = {f.name for f in fields(PlatformMonth)} | {"posts", "goals"}


@pytest.mark.parametrize("name", NAMES)
def test_every_metric_the_checklist_asks_for_has_a_checkin_field(name: str) -> None:
    plan = plan_of(name)
    book = rulebook()
    text = document(name)
    assert plan.dates is not None
    assert f"90-day review: {plan.dates.review}" in text
    for entry in plan.checklist:
        if entry.section == "outcome":
            assert "How to count it:" in entry.detail
        if entry.section in ("engagement", "context") and not entry.title.startswith("Count "):
            metric = next(m for m in book.metrics if m.name == plain_text(entry.title))
            assert metric.checkin and set(metric.checkin) <= CHECKIN_FIELDS, metric.id


@pytest.mark.parametrize("name", NAMES)
def test_the_whole_week_fits_the_hours(name: str) -> None:
    routine = plan_of(name).routine
    assert routine is not None
    assert routine.total_minutes <= routine.budget_minutes
    hours = plan_of(name).profile.hours_per_week
    if hours is None:
        assert routine.budget.notes[0].startswith("The profile gives no hours a week")
    else:
        assert routine.budget_minutes == round(hours * 60)


def test_one_hour_a_week_trades_down_in_the_open() -> None:
    routine = plan_of("therapist").routine
    assert routine is not None
    assert routine.budget.paused == ("Facebook",)
    assert any("keep Instagram, where" in note for note in routine.budget.notes)
    assert "Facebook is paused for now" in document("therapist")
    assert "hours a week for" not in document("therapist")


def _weekly_minutes(events: list[icalendar.cal.Component]) -> int:
    weekly = 0.0
    for event in events:
        minutes = (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() / 60
        interval = event.get("rrule").get("INTERVAL", [1])[0]
        weekly += minutes / interval
    return math.ceil(weekly - 1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_the_calendar_file_adds_up_to_the_routine(name: str) -> None:
    plan = plan_of(name)
    routine = plan.routine
    assert routine is not None
    text = render_client(client(name), "ics", single=True)["routine.ics"]
    assert text == render_client(client(name), "ics", single=True)["routine.ics"]
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    normal = [e for e in events if "-campaign-" not in str(e.get("uid"))]
    assert len(normal) == len(routine.slots)
    assert _weekly_minutes(normal) == routine.total_minutes
    assert len({str(e.get("uid")) for e in events}) == len(events)
    week = plan.campaign_week
    if week is None:
        assert normal == events
        return
    # The campaign's week recurs until its date; the normal week starts the day after.
    during = [e for e in events if "-campaign-" in str(e.get("uid"))]
    assert len(during) == len(week.routine.slots)
    assert _weekly_minutes(during) == week.routine.total_minutes
    for event in during:
        assert event.decoded("dtstart").date() >= week.starts
        assert event.get("rrule")["UNTIL"][0].date() == week.until
    first = min(e.decoded("dtstart").date() for e in normal)
    assert week.normal_from <= first < week.normal_from + dt.timedelta(days=7)


def test_a_week_that_cannot_fit_says_so() -> None:
    book = rulebook()
    text = (Path(__file__).parent / "profiles" / "therapist.yaml").read_text(encoding="utf-8")
    tiny = parse_text(text.replace("hours_per_week: 1", "hours_per_week: 0.25"), "tiny.yaml")
    plan = evaluate(validate_profile(tiny), book, planned=dt.date(2026, 11, 2))
    assert plan.routine is not None
    assert plan.routine.budget.reply_sessions == 1
    notes = plan.routine.budget.notes
    assert any("even the smallest week this plan can offer" in note for note in notes)
