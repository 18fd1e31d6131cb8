"""The client site's "Your week" page: the routine day by day, within the budget."""

from __future__ import annotations

from pathlib import Path

from generator.engine.week import DAYS
from generator.pipeline.client import load_client
from generator.site.pages import NAV, ROUTINE_PAGE, routine_page

from ..helpers import rulebook

THERAPIST = Path(__file__).parent.parent / "engine" / "profiles" / "therapist.yaml"


def test_the_week_page_lists_every_day_and_every_slot() -> None:
    plan = load_client(THERAPIST, rulebook()).plan
    assert plan.routine is not None
    page = routine_page(plan)
    assert page is not None
    assert page.startswith("# Your week, Willow Counselling\n")
    assert f"{plan.routine.total_minutes} of 60 minutes a week" in page
    for day in DAYS:
        assert f"## {day}\n" in page
    assert page.count("| Every platform | Answer comments and messages |") == 1
    assert "keep Instagram, where" in page
    assert ("Your week", ROUTINE_PAGE) in NAV
