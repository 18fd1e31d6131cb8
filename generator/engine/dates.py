"""The plan's dates: when to check in, when to review, and which goals are close enough to
run a campaign for. The plan's date is decided by the caller (the pipeline), never here."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

# A goal whose date is this close switches on a campaign until that date.
CAMPAIGN_DAYS = 42
REVIEW_DAYS = 90
CHECKINS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewDates:
    """When the plan is measured: the plan's date, monthly check-ins, the 90-day review."""

    planned: dt.date
    checkins: tuple[dt.date, ...]
    review: dt.date

    @property
    def baseline_month(self) -> str:
        """The month the first check-in records, before the plan changes anything much."""
        return self.planned.strftime("%Y-%m")


def review_dates(planned: dt.date) -> ReviewDates:
    checkins = tuple(add_months(planned, n) for n in range(1, CHECKINS + 1))
    return ReviewDates(planned, checkins, planned + dt.timedelta(days=REVIEW_DAYS))


def campaign_due(by: dt.date | None, planned: dt.date) -> bool:
    """True when a goal's date falls within the campaign window from the plan's date."""
    return by is not None and planned <= by <= planned + dt.timedelta(days=CAMPAIGN_DAYS)
