"""One client's inputs gathered for any output: the profile, its check-ins, the plan (made
from the latest measured posting mix when there is one) and the progress. Reads files; the
work is done by the pure stages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..engine.evaluate import MeasuredMix, evaluate
from ..engine.plan import Plan
from ..engine.progress import (
    Progress,
    measured_mix,
    measured_platforms,
    progress,
    with_measured_mix,
)
from ..model.checkin import CheckIn
from ..model.profile import Profile
from ..rules.compile import Rulebook
from ..source.checkins import load_checkins
from ..source.validate import load_checked_profile


@dataclass(frozen=True)
class ClientData:
    """A client as the outputs see it."""

    profile: Profile  # as the coach wrote it
    checkins: tuple[CheckIn, ...]
    plan: Plan
    progress: Progress | None


def plan_profile(profile: Profile, checkins: tuple[CheckIn, ...], book: Rulebook) -> ClientData:
    """The plan judges the latest measured posting mix, where a check-in counted posts."""
    stated = evaluate(profile, book)
    latest = next((c for c in reversed(checkins) if measured_mix(c) is not None), None)
    plan = stated
    if latest is not None:
        judged = with_measured_mix(profile, latest)
        counted = measured_platforms(profile, latest)
        posting = tuple(p.name for p in profile.platforms if p.posts_per_week > 0)
        # The month's own mix over all its posts, when it counted every platform's posts.
        overall = measured_mix(latest) if set(posting) <= set(counted) else None
        plan = evaluate(judged, book, MeasuredMix(latest.period, counted, overall))
    found = progress(plan, profile, checkins, book.metrics, stated.findings)
    return ClientData(profile, checkins, plan, found)


def load_client(path: Path, book: Rulebook) -> ClientData:
    """Read, validate and plan one client; raises ProblemsError with every problem of the
    profile, or of its check-ins."""
    profile = load_checked_profile(path, str(path), {r.id for r in book.rules})
    return plan_profile(profile, load_checkins(profile, path), book)
