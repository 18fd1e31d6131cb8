"""Actions are part of the time budget: the number of new steps per horizon follows the
client's hours, the ones that matter most start first, and the rest wait or are folded
into the new mix with a line saying so."""

from __future__ import annotations

import pytest

from generator.engine.pace import allowance, pace
from generator.engine.plan import PlannedAction
from generator.model.rule import HORIZONS, Horizon
from generator.render.plan_pages import plan_data, render_document

from ..helpers import plan
from .test_coach_profiles import NAMES, plan_of


def _action(horizon: Horizon, rule: str, n: int, within: bool = False) -> PlannedAction:
    return PlannedAction(horizon, (), f"{rule} step {n}", (rule,), within_routine=within)  # type: ignore[arg-type]


@pytest.mark.parametrize("hours, room", [(0.25, 2), (1, 2), (2.5, 3), (4, 4), (6, 6), (20, 6)])
def test_the_steps_a_horizon_holds_follow_the_hours(hours: float, room: int) -> None:
    assert allowance(hours) == room


def test_first_steps_of_every_finding_before_second_steps_and_nothing_is_lost() -> None:
    mix = [_action("this-week", "mixed", 0), _action("this-week", "", 1, within=True)]
    rules = [
        _action("this-week", "mixed", 1),
        _action("this-week", "mixed", 2),
        _action("this-week", "measure", 1),
        _action("30-days", "measure", 2),
        _action("30-days", "reply", 1),
        _action("30-days", "reply", 2),
        _action("90-days", "reply", 3),
    ]
    paced = pace(mix, rules, 1)
    week = [a.text for a in paced.actions if a.horizon == "this-week"]
    # The mix change, the step within the routine (uncounted), then the first step of the
    # finding the mix does not carry.
    assert week == ["mixed step 0", " step 1", "measure step 1"]
    # The mix rule's own steps are folded into the new mix, not put off.
    folded = {a.text for a in paced.later}
    assert {"mixed step 1", "mixed step 2"} <= folded
    assert "the new posting mix already takes care of 2 more steps" in paced.notes["this-week"]
    shown = [a.text for a in paced.actions]
    assert sorted(shown + [a.text for a in paced.later]) == sorted(a.text for a in (*mix, *rules))
    for horizon in HORIZONS:
        counted = [a for a in paced.actions if a.horizon == horizon and not a.within_routine]
        assert len(counted) <= allowance(1)
    unpaced = pace(mix, rules, None)
    assert len(unpaced.actions) == len(mix) + len(rules) and not unpaced.later


@pytest.mark.parametrize("name", NAMES)
def test_no_horizon_holds_more_new_steps_than_the_hours_allow(name: str) -> None:
    planned = plan_of(name)
    assert planned.routine is not None
    room = allowance(planned.routine.budget.hours)
    for horizon in HORIZONS:
        counted = [a for a in planned.actions if a.horizon == horizon and not a.within_routine]
        assert len(counted) <= room, (horizon, [a.text for a in counted])
        if horizon in planned.pace_notes:
            assert planned.pace_notes[horizon] in render_document(planned)


def test_one_hour_a_week_gets_a_few_steps_measuring_first() -> None:
    therapist = plan_of("therapist")
    assert len(therapist.actions) <= 8  # from 12 before pacing (and 18 in the issue)
    assert therapist.later
    week = [a.text for a in therapist.actions if a.horizon == "this-week"]
    # The routine logs bookings from the first Friday, so the plan starts the log now.
    assert "Start a simple weekly log of bookings." in week
    facebook = [a.text for a in therapist.actions if "facebook" in a.platforms]
    # A paused platform gets no steps; its pause is said in the week and on each platform.
    assert not facebook
    text = render_document(therapist)
    assert "With 1 hour a week, start with these 2;" in text
    assert "wait until the week has more time." in text
    data = plan_data(therapist)
    assert len(data["later_actions"]) == len(therapist.later)
    assert set(data["pace_notes"]) <= set(HORIZONS)


def test_a_client_with_more_hours_takes_on_more_at_a_time() -> None:
    musician, therapist = plan_of("musician"), plan_of("therapist")
    assert len(musician.actions) > len(therapist.actions)
    assert len(musician.later) < len(therapist.later)


def test_a_plan_without_a_routine_keeps_every_action() -> None:
    planned = plan()  # the golden rules alone: no effort model, no routine
    assert planned.routine is None and not planned.later and not planned.pace_notes
