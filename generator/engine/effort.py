"""The effort model: minutes per post by platform and kind, and the fixed parts of a week
(answering, the weekly log, the monthly check-in). Plain data, filled from the advice
library's platforms.yaml by whoever loads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model.advice import Advice

# When a kind has no minutes for a platform (it does not exist there), a post of it is
# timed as a short one.
FALLBACK_MINUTES = 10
WEEKS_PER_CHECKIN = 4


@dataclass(frozen=True)
class Effort:
    """How long things take."""

    minutes: Mapping[str, Mapping[str, int | None]]  # platform -> kind -> minutes a post
    reply_session: int  # one session answering comments and messages, on every platform
    checkin: int  # the monthly check-in
    weekly_review: int  # the weekly log of replies, messages and outcomes
    default_hours: float  # the budget when a profile gives no hours
    labels: Mapping[str, Mapping[str, str]] | None = None  # platform -> kind -> its own name

    def label(self, platform: str, kind: str) -> str | None:
        """What the kind is called on the platform ("question sticker or poll")."""
        return (self.labels or {}).get(platform, {}).get(kind)

    def absent(self, platform: str) -> frozenset[str]:
        """Kinds of post the platform does not have (questions on Pinterest)."""
        known = self.minutes.get(platform, {})
        return frozenset(k for k, m in known.items() if m is None)

    def post_minutes(self, platform: str, kind: str) -> int:
        found = self.minutes.get(platform, {}).get(kind)
        return FALLBACK_MINUTES if found is None else found

    @property
    def measuring_per_week(self) -> float:
        """The weekly log plus the monthly check-in spread over its weeks."""
        return self.weekly_review + self.checkin / WEEKS_PER_CHECKIN


def effort_of(advice: Advice | None) -> Effort | None:
    """The effort model from the advice library's platforms.yaml; None without the library."""
    if advice is None:
        return None
    book = advice.platforms
    return Effort(
        {
            name: {str(k): m for k, m in guide.minutes.items()}
            for name, guide in book.platforms.items()
        },
        book.reply_session_minutes,
        book.checkin_minutes,
        book.weekly_review_minutes,
        book.default_hours_per_week,
        {
            name: {str(k): how.label for k, how in guide.kinds.items() if how is not None}
            for name, guide in book.platforms.items()
        },
    )
