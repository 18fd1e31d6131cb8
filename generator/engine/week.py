"""The week as data: the time budget, and the routine's slots."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Budget:
    """The week's minutes, where they came from, and what was dropped to fit them."""

    minutes: int
    hours: float
    stated: bool  # False: the profile gives no hours, and the default is used
    reply_sessions: int
    paused: tuple[str, ...]  # platforms paused for time
    notes: tuple[str, ...]  # what was traded down, and why, in the plan's words


@dataclass(frozen=True)
class Slot:
    """One thing to do on one day of the week, how long it takes, and how often it recurs."""

    day: str
    platform: str | None  # None: every platform at once (answering, measuring)
    label: str  # the platform's name as shown, or "Every platform"
    task: str
    kind: str | None  # the kind of post, or None for answering and measuring
    minutes: int
    every_weeks: int = 1


@dataclass(frozen=True)
class Routine:
    """The week: its slots, their average weekly total, and the budget it keeps."""

    budget: Budget
    slots: tuple[Slot, ...]

    @property
    def budget_minutes(self) -> int:
        return self.budget.minutes

    @property
    def total_minutes(self) -> int:
        """Minutes in an average week: a slot every four weeks counts a quarter."""
        return math.ceil(sum(s.minutes / s.every_weeks for s in self.slots) - 1e-9)

    def on(self, day: str) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.day == day)


@dataclass(frozen=True)
class CampaignWeek:
    """The week while a campaign runs, from the plan's date until the campaign's (the last
    one's, when several goals are due); the normal week starts the day after."""

    starts: dt.date
    until: dt.date
    goals: tuple[str, ...]  # the outcomes the campaign is for
    routine: Routine

    @property
    def normal_from(self) -> dt.date:
        return self.until + dt.timedelta(days=1)
