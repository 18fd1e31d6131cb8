"""A goal due within six weeks runs a campaign: its own week in the routine (Markdown, the
client site's page, JSON and the calendar file) until the goal's date, then the normal
week, within the same hours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator.engine.evaluate import evaluate
from generator.engine.plan import Plan
from generator.render.plan_pages import plan_data, render_document
from generator.site.pages import routine_page

from ..helpers import profile, rulebook
from .test_coach_profiles import plan_of

PLANNED = dt.date(2026, 11, 2)


def _sales_slots(slots: tuple[object, ...]) -> float:
    return sum(1 / s.every_weeks for s in slots if s.kind == "promotional")  # type: ignore[attr-defined]


def test_the_council_has_a_campaign_week_until_its_consultation_closes() -> None:
    plan = plan_of("council")
    week, routine = plan.campaign_week, plan.routine
    assert week is not None and routine is not None
    assert week.until == dt.date(2026, 12, 31) and week.starts == plan.dates.planned  # type: ignore[union-attr]
    assert week.normal_from == dt.date(2027, 1, 1)
    assert week.goals == ("Responses to the parks consultation",)
    assert week.routine.total_minutes <= routine.budget_minutes
    assert _sales_slots(week.routine.slots) > _sales_slots(routine.slots)
    # The campaign's mix is the one its week holds, platform by platform.
    for item in plan.campaigns[0].mix:
        posts = sum(
            1 / s.every_weeks * item.counts.weeks
            for s in week.routine.slots
            if s.platform == item.platform and s.kind == "promotional"
        )
        assert round(posts) == item.counts.recommended["promotional"]


def test_the_plan_shows_the_campaign_week_then_the_normal_week() -> None:
    text = render_document(plan_of("council"))
    campaign = text.index("### Until 2026-12-31: the campaign week")
    normal = text.index("### From 2027-01-01: the normal week")
    assert text.index("## Your week") < campaign < normal
    assert "While the campaign for “Responses to the parks consultation” runs" in text
    page = routine_page(plan_of("council"))
    assert page is not None
    assert "## Until 2026-12-31: the campaign week" in page
    assert "From 2027-01-01, the normal week below applies." in page


def test_the_json_routine_carries_the_campaign_week() -> None:
    data = plan_data(plan_of("council"))["routine"]
    assert data["starts"] == "2027-01-01"
    campaign = data["campaign"]
    assert campaign["until"] == "2026-12-31" and campaign["starts"] == "2026-11-25"
    assert campaign["total_minutes"] <= data["budget_minutes"]
    assert {"day", "platform", "task", "kind", "minutes", "every_weeks"} == set(
        campaign["slots"][0]
    )
    dates = plan_of("dentist").dates
    assert dates is not None
    quiet = plan_data(plan_of("dentist"))["routine"]
    assert quiet["campaign"] is None and quiet["starts"] == dates.planned.isoformat()


def test_a_campaign_keeps_a_paused_platform_paused_and_fits_a_short_week() -> None:
    text = (Path(__file__).parent / "profiles" / "therapist.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["goals"][0]["by"] = "2026-12-01"
    plan = evaluate(profile(**data), rulebook(), planned=PLANNED)
    week, routine = plan.campaign_week, plan.routine
    assert week is not None and routine is not None
    assert routine.budget.paused == ("Facebook",)
    assert {s.platform for s in week.routine.slots} <= {"instagram", None}
    assert week.routine.total_minutes <= routine.budget_minutes
    assert any(s.kind == "promotional" for s in week.routine.slots)
    assert [c.platform for c in plan.campaigns[0].mix] == ["instagram"]


def _campaign_plans() -> list[Plan]:
    text = (Path(__file__).parent / "profiles" / "therapist.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["goals"][0]["by"] = "2026-12-01"
    return [plan_of("council"), evaluate(profile(**data), rulebook(), planned=PLANNED)]


def test_a_campaign_keeps_the_minimums_and_never_cuts_the_conversation() -> None:
    for plan in _campaign_plans():
        normal = {m.platform: m for m in plan.mix}
        for campaign in plan.campaigns:
            for item in campaign.mix:
                counts, before = item.counts.recommended, normal[item.platform]
                for kind in before.limits.mins:
                    assert counts[kind] >= 1, (item.platform, kind)
                for kind in ("conversation", "replies"):
                    assert counts[kind] >= before.counts.recommended[kind], (item.platform, kind)
