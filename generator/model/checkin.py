"""A check-in: what was measured for one client in one month (one YAML file per month)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Annotated

from .constraints import Checked, FieldProblem, Range, Text, spec
from .profile import MIX_KINDS, PlatformName

PERIOD_PATTERN = r"20\d\d-(0[1-9]|1[0-2])"
# The first and the last month PERIOD_PATTERN accepts.
FIRST_PERIOD, LAST_PERIOD = "2000-01", "2099-12"
Period = Annotated[
    str,
    Text(
        1,
        7,
        pattern=PERIOD_PATTERN,
        pattern_hint="write the month as YYYY-MM, such as 2026-12",
    ),
]
Count = Annotated[int, Range(0, 100_000_000)]
Amount = Annotated[float, Range(0, 1e12)]
# Ten years of months: a progress page stays readable, and a typo in a year cannot make
# the outputs thousands of months long.
MAX_MONTHS = 120


@dataclass(frozen=True)
class PostsByKind:
    """How many posts of each kind went out in the month: all six, 0 where there were none,
    so a kind left out is never taken for zero."""

    quotes: Count = spec("Inspirational quotes and sayings posted for their own sake.")
    reshares: Count = spec("Others' posts shared with no comment, quote posts included.")
    promotional: Count = spec("Sales and promotional posts.")
    conversation: Count = spec("Posts that ask the audience something.")
    replies: Count = spec("Replies and threads that continue a talk.")
    original: Count = spec(
        "The client's own non-sales content, quote posts with a comment included."
    )

    def as_dict(self) -> dict[str, int]:
        return {f.name: int(getattr(self, f.name)) for f in fields(self)}

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())


@dataclass(frozen=True)
class PlatformMonth(Checked):
    """What one platform gave in the month; leave out what was not measured."""

    posts: PostsByKind | None = spec("Posts by kind.", default=None)
    replies: Count | None = spec("Replies and comments received.", default=None, example=42)
    reshares: Count | None = spec("Reshares of the client's posts.", default=None)
    likes: Count | None = spec("Likes and favourites received.", default=None)
    followers: Count | None = spec("Followers at the end of the month.", default=None)
    messages_received: Count | None = spec(
        "Direct messages and comments that asked for an answer.", default=None
    )
    messages_answered: Count | None = spec("How many of those were answered.", default=None)
    response_hours: Amount | None = spec(
        "The median hours from a message or comment to its first answer.", default=None
    )

    def problems(self) -> Iterable[FieldProblem]:
        received, answered = self.messages_received, self.messages_answered
        if received is not None and answered is not None and answered > received:
            yield FieldProblem(
                ("messages_answered",),
                f"{answered} messages answered is more than the {received} received",
                "count only answers to messages received this month",
            )
        if answered is not None and received is None:
            yield FieldProblem(
                ("messages_answered",), "answers without 'messages_received:'", "add it"
            )


@dataclass(frozen=True)
class CheckIn:
    """One month of measurements for one client."""

    period: Period = spec("The month measured, as YYYY-MM.", example="2026-12")
    platforms: dict[PlatformName, PlatformMonth] = spec(
        "What each platform of the profile gave in the month.", default={}
    )
    goals: dict[Annotated[str, Text(1, 60)], Amount | None] = spec(
        "How many of each goal's metric the month brought (not a running total), by the "
        "metric's name in the profile; empty where it was not counted.",
        default={},
        example={"enquiries": 22},
    )
    note: Annotated[str, Text(1, 500)] | None = spec(
        "Anything that explains the month (a holiday, a campaign).", default=None
    )

    @property
    def month(self) -> dt.date:
        year, month = self.period.split("-")
        return dt.date(int(year), int(month), 1)

    def posts(self) -> dict[str, int] | None:
        """Posts by kind over every platform that recorded them; None when none did."""
        counted = [p.posts for p in self.platforms.values() if p.posts is not None]
        if not counted:
            return None
        return {k: sum(c.as_dict()[k] for c in counted) for k in MIX_KINDS}
