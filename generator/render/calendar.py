"""The weekly routine as an iCalendar file: one recurring event per slot, which a client can
import into any calendar. While a campaign runs, its week's slots recur until the
campaign's date and the normal week's start the day after. Same plan, same bytes: UIDs come
from the client's slug and the slot, DTSTAMP from the plan's date, and no clock is read."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vRecur

from ..engine.plan import Plan
from ..engine.week import DAYS, Routine, Slot

# The routine's day starts here (local time, so the client's own time zone applies), and
# each day's slots follow one another.
DAY_STARTS = dt.time(9, 0)
# A campaign's last day ends here: its slots recur up to and including that day.
DAY_ENDS = dt.time(23, 59, 59)
PRODID = "-//playbook//weekly routine//EN"


def _first(day: str, start: dt.date) -> dt.date:
    """The first date on or after `start` that falls on `day`."""
    return start + dt.timedelta(days=(DAYS.index(day) - start.weekday()) % 7)


def _summary(slot: Slot, campaign: bool) -> str:
    text = slot.task if slot.platform is None else f"{slot.label}: {slot.task}"
    return f"Campaign: {text}" if campaign and slot.kind is not None else text


def _events(
    routine: Routine, slug: str, start: dt.date, stamp: dt.datetime, until: dt.date | None
) -> list[Event]:
    """The routine's slots as events from `start`, recurring until `until` (none: for
    ever); a campaign's UIDs are told apart from the normal week's."""
    events = []
    clock: dict[str, dt.datetime] = {}
    part = "campaign-" if until else ""
    for number, slot in enumerate(routine.slots, start=1):
        begins = clock.get(slot.day, dt.datetime.combine(_first(slot.day, start), DAY_STARTS))
        ends = begins + dt.timedelta(minutes=slot.minutes)
        clock[slot.day] = ends
        if until is not None and begins.date() > until:
            continue  # the campaign ends before this slot's first day comes round
        event = Event()
        event.add("uid", f"{slug}-{part}{number:03d}-{slot.day.lower()}@playbook")
        event.add("dtstamp", stamp)
        event.add("dtstart", begins)
        event.add("dtend", ends)
        event.add("summary", _summary(slot, until is not None))
        rule = vRecur(freq="WEEKLY", interval=slot.every_weeks)
        if until is not None:
            rule["until"] = dt.datetime.combine(until, DAY_ENDS)
        event.add("rrule", rule)
        if slot.kind is not None:
            event.add("categories", [slot.kind])
        events.append(event)
    return events


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
    week = plan.campaign_week
    events = []
    if week is not None:
        events += _events(week.routine, slug, week.starts, stamp, week.until)
    events += _events(routine, slug, week.normal_from if week else planned, stamp, None)
    for event in events:
        calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")
