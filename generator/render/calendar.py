"""The weekly routine as an iCalendar file: one recurring event per slot, which a client can
import into any calendar. Same plan, same bytes: UIDs come from the client's slug and the
slot, DTSTAMP from the plan's date, and no clock is read."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vRecur

from ..engine.plan import Plan
from ..engine.week import DAYS, Slot

# The routine's day starts here (local time, so the client's own time zone applies), and
# each day's slots follow one another.
DAY_STARTS = dt.time(9, 0)
PRODID = "-//playbook//weekly routine//EN"


def _first(day: str, planned: dt.date) -> dt.date:
    """The first date on or after the plan's date that falls on `day`."""
    return planned + dt.timedelta(days=(DAYS.index(day) - planned.weekday()) % 7)


def _summary(slot: Slot) -> str:
    return slot.task if slot.platform is None else f"{slot.label}: {slot.task}"


def render_ics(plan: Plan, slug: str) -> str:
    """The routine as iCalendar text (CRLF line ends, as the format wants)."""
    routine = plan.routine
    if routine is None or plan.dates is None:
        raise ValueError("the plan has no routine or no date")
    planned = plan.dates.planned
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan.profile.client.name}: weekly routine")
    stamp = dt.datetime.combine(planned, dt.time(0, 0), dt.UTC)
    clock: dict[str, dt.datetime] = {}
    for number, slot in enumerate(routine.slots, start=1):
        first = _first(slot.day, planned)
        start = clock.get(slot.day, dt.datetime.combine(first, DAY_STARTS))
        end = start + dt.timedelta(minutes=slot.minutes)
        clock[slot.day] = end
        event = Event()
        event.add("uid", f"{slug}-{number:03d}-{slot.day.lower()}@playbook")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", _summary(slot))
        event.add("rrule", vRecur(freq="WEEKLY", interval=slot.every_weeks))
        if slot.kind is not None:
            event.add("categories", [slot.kind])
        calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")
