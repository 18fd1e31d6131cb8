"""Check-ins: what was measured for one client in one month, one YAML file per month.

The models say what a check-in may hold; `checkin_problems` checks a check-in against its
profile (only the profile's platforms and goal metrics); `load_checkins` reads a client's
folder of check-ins with every problem of every file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path as FilePath

from ..errors import Mark, Problem, ProblemsError, unknown_hint
from ..model.checkin import (
    FIRST_PERIOD,
    LAST_PERIOD,
    MAX_MONTHS,
    PERIOD_PATTERN,
    CheckIn,
)
from ..model.profile import PLATFORM_LABELS, Profile
from .files import yaml_files
from .load import Mapping, Node, Scalar, read_file
from .validate import load_model
from .validator import locate


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


def load_checkins(profile: Profile, profile_path: FilePath) -> tuple[CheckIn, ...]:
    """A client's check-ins in month order; raises ProblemsError with every problem of every
    file, including a month recorded twice."""
    problems: list[Problem] = []
    found: list[CheckIn] = []
    first: dict[str, str] = {}
    for path in yaml_files(checkins_folder(profile, profile_path)):
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


def next_checkin_period(
    profile: Profile, profile_path: FilePath, found: Sequence[CheckIn], today: dt.date
) -> str:
    """The month a new check-in records: the one after the latest of `found` (in month
    order), or with none yet, today's. Raises ProblemsError when that month is not one a
    check-in can record, so `playbook checkin` never writes a file `playbook check` refuses."""
    year, month = today.year, today.month
    if found:
        year, month = map(int, found[-1].period.split("-"))
        year, month = year + month // 12, month % 12 + 1
    period = f"{year:04d}-{month:02d}"
    if re.fullmatch(PERIOD_PATTERN, period):
        return period
    allowed = f"{FIRST_PERIOD} to {LAST_PERIOD}"
    if not found:
        where = Mark(str(profile_path), 1, 1)
        message = f"this month, {period}, is not one a check-in can record ({allowed})"
        raise ProblemsError([Problem(where, message, "give the month with --period YYYY-MM")])
    latest = found[-1].period
    # The latest check-in's file is named after its month (load_checkins sees to that).
    files = [p for p in yaml_files(checkins_folder(profile, profile_path)) if p.stem == latest]
    where = locate(read_file(files[0]), ("period",)) if files else Mark(str(profile_path), 1, 1)
    raise ProblemsError(
        [
            Problem(
                where,
                f"the month after {latest} is past the months a check-in can record ({allowed})",
                "check the year of this check-in, or give the month with --period YYYY-MM",
            )
        ]
    )


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
