"""Check-ins: what was measured for one client in one month, one YAML file per month.

The models say what a check-in may hold; `checkin_problems` checks a check-in against its
profile (only the profile's platforms and goal metrics); `load_checkins` reads a client's
folder of check-ins with every problem of every file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path as FilePath
from typing import Annotated

from ..errors import Mark, Problem, ProblemsError, unknown_hint
from ..model.constraints import Checked, Path, Range, Text, spec
from ..model.profile import MIX_KINDS, PLATFORM_LABELS, PlatformName, Profile
from .load import Mapping, Node, Scalar
from .validate import load_model
from .validator import locate

PERIOD_PATTERN = r"20\d\d-(0[1-9]|1[0-2])"
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
CHECKIN_SUFFIXES = (".yaml", ".yml")
# Ten years of months: a progress page stays readable, and a typo in a year cannot make
# the outputs thousands of months long.
MAX_MONTHS = 120


@dataclass(frozen=True)
class PostsByKind:
    """How many posts of each kind went out in the month: all six, 0 where there were none,
    so a kind left out is never taken for zero."""

    quotes: Count = spec("Quotes and sayings.")
    reshares: Count = spec("Reshares of others' posts.")
    promotional: Count = spec("Sales and promotional posts.")
    conversation: Count = spec("Posts that ask the audience something.")
    replies: Count = spec("Replies and threads that continue a talk.")
    original: Count = spec("The client's own non-sales content.")

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

    def problems(self) -> Iterable[tuple[Path, str, str]]:
        received, answered = self.messages_received, self.messages_answered
        if received is not None and answered is not None and answered > received:
            yield (
                ("messages_answered",),
                f"{answered} messages answered is more than the {received} received",
                "count only answers to messages received this month",
            )
        if answered is not None and received is None:
            yield (("messages_answered",), "answers without 'messages_received:'", "add it")


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


def checkins_folder(profile: Profile, profile_path: FilePath) -> FilePath:
    """Where a client's check-ins live: the profile's `checkins:` folder, relative to the
    profile, or `<profile name>/checkins/` beside it."""
    if profile.checkins is not None:
        return profile_path.parent / profile.checkins
    return profile_path.parent / profile_path.stem / "checkins"


def _keys(node: Node, name: str) -> list[str]:
    """The keys of the mapping under `name` in a check-in's tree, as written."""
    child = node.get(name) if isinstance(node, Mapping) else None
    return child.keys() if isinstance(child, Mapping) else []


def checkin_problems(node: Node, profile: Profile) -> list[Problem]:
    """Platforms and goal metrics the profile does not have. Read from the tree, so they
    are reported with the file's other problems, even when those stop it from loading."""
    problems = []
    platforms = {p.name for p in profile.platforms}
    for name in _keys(node, "platforms"):
        # A name that is no platform at all is the schema's to report.
        if name in PLATFORM_LABELS and name not in platforms:
            problems.append(
                Problem(
                    locate(node, ("platforms", name)),
                    f"the profile has no {PLATFORM_LABELS[name]} platform",
                    "add it to the profile or remove it here; the profile has "
                    + ", ".join(sorted(platforms)),
                )
            )
    metrics = {g.metric for g in profile.goals}
    for metric in _keys(node, "goals"):
        if metric not in metrics:
            problems.append(
                Problem(
                    locate(node, ("goals", metric)),
                    f"no goal of the profile is counted in '{metric}'",
                    unknown_hint(metric, metrics),
                )
            )
    return problems


def checkin_files(folder: FilePath) -> list[FilePath]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in CHECKIN_SUFFIXES and p.is_file())


def load_checkins(profile: Profile, profile_path: FilePath) -> tuple[CheckIn, ...]:
    """A client's check-ins in month order; raises ProblemsError with every problem of every
    file, including a month recorded twice."""
    problems: list[Problem] = []
    found: list[CheckIn] = []
    first: dict[str, str] = {}
    for path in checkin_files(checkins_folder(profile, profile_path)):
        checkin, node, more = load_model(CheckIn, path, str(path))
        problems += [_with_checkin_hint(p, profile_path) for p in more]
        if node is None:
            continue
        problems += checkin_problems(node, profile)
        period = checkin.period if checkin is not None else _period(node)
        if period is None:
            continue
        if path.stem != period:
            problems.append(
                Problem(
                    locate(node, ("period",)),
                    f"period {period} is not the month the file is named after",
                    f"rename the file to {period}{path.suffix} or set period: {path.stem}",
                )
            )
        if period in first:
            problems.append(
                Problem(
                    locate(node, ("period",)),
                    f"{period} is already recorded in {first[period]}",
                    "record each month once: merge the two files",
                )
            )
            continue
        first[period] = str(path)
        if checkin is not None:
            found.append(checkin)
    found.sort(key=lambda c: c.period)
    if len(found) > 1 and _months_between(found[0].period, found[-1].period) >= MAX_MONTHS:
        problems.append(
            Problem(
                Mark(first[found[-1].period], 1, 1),
                f"the check-ins span {found[0].period} to {found[-1].period}, "
                f"more than {MAX_MONTHS} months",
                "check the year of the first and the last; move older months out of the folder",
            )
        )
    if problems:
        raise ProblemsError(problems)
    return tuple(found)


def _period(node: Node) -> str | None:
    """The month a check-in that did not load says it records, if it says one plainly."""
    value = node.get("period") if isinstance(node, Mapping) else None
    text = value.text if isinstance(value, Scalar) else ""
    return text if re.fullmatch(PERIOD_PATTERN, text) else None


def _with_checkin_hint(problem: Problem, profile_path: FilePath) -> Problem:
    if problem.message == "file is empty":
        return problem._replace(hint=f"start from `playbook checkin {profile_path}`")
    return problem


def _months_between(first: str, last: str) -> int:
    (y1, m1), (y2, m2) = (map(int, p.split("-")) for p in (first, last))
    return (y2 - y1) * 12 + (m2 - m1)
