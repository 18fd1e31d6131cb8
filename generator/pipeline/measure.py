"""`playbook measure`, below the command line: read a client's exports, count their posts
over a period, and (with --checkins) put the counts into the monthly check-in files.

Reads and writes files; the counting is engine/measure.py's. Check-ins are written as one
journaled change (commit.py), so a run that stops part-way leaves every file as it was or
every file as it should be, never a half-written one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..engine.measure import Measurement, Period, choose_period, measure
from ..errors import Mark, Problem, ProblemsError, WrongUsage
from ..model.checkin import CheckIn, PlatformMonth, PostsByKind
from ..model.export import ExportRead
from ..model.profile import PLATFORM_LABELS, PLATFORMS, Profile

Reader = Callable[[Sequence[Path], Sequence[str]], tuple[list[ExportRead], list[str]]]


class ExportProblems(Exception):
    """Exports that could not be read: one line each, ready to print."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def read_all(
    paths: Sequence[Path], labels: Sequence[str], reader: Reader | None
) -> list[ExportRead]:
    """Every export's posts; ExportProblems with one line per export that cannot be read."""
    if reader is None:
        from ..source.exports.read import read_exports

        reader = read_exports
    reads, problems = reader(paths, labels)
    if problems:
        raise ExportProblems(problems)
    return reads


def measured_platforms(profile: Profile, reads: Sequence[ExportRead]) -> tuple[str, ...]:
    """The platforms the exports cover: the profile's order first, then any others."""
    covered = {r.platform for r in reads}
    own = [p.name for p in profile.platforms if p.name in covered]
    return (*own, *(p for p in PLATFORMS if p in covered and p not in own))


@dataclass(frozen=True)
class MeasureRun:
    """What `playbook measure` found: the exports read and the counts over the period."""

    reads: tuple[ExportRead, ...]
    measurement: Measurement


def measure_reads(
    profile: Profile,
    reads: Sequence[ExportRead],
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> MeasureRun | None:
    """Count the exports' posts over the period asked for (default: the last twelve full
    weeks); None when there is nothing to count. WrongUsage when --since is after --until."""
    if since is not None and until is not None and since > until:
        raise WrongUsage(f"--since {since} is after --until {until}")
    posts = [post for read in reads for post in read.posts]
    period = choose_period(posts, since, until)
    if period is None:
        return None
    platforms = measured_platforms(profile, reads)
    found = measure(posts, profile.client.websites, period, platforms)
    return MeasureRun(tuple(reads), found)


def measure_exports(
    profile: Profile,
    paths: Sequence[Path],
    labels: Sequence[str],
    since: dt.date | None = None,
    until: dt.date | None = None,
    reader: Reader | None = None,
) -> MeasureRun:
    """Read the exports and count them; ExportProblems for exports that cannot be read or
    hold no post at all."""
    reads = read_all(paths, labels, reader)
    run = measure_reads(profile, reads, since, until)
    if run is None:
        raise ExportProblems(
            [
                f"{r.source}: error: holds no posts (give the export of an account that posted)"
                for r in reads
            ]
        )
    return run


def measured_from(
    profile: Profile, profile_path: Path, reader: Reader | None = None
) -> MeasureRun | None:
    """The profile's `measured_from:` exports counted over their last twelve full weeks;
    None when it names none. ProblemsError, pointing at the profile, for exports that
    cannot be read."""
    if not profile.measured_from:
        return None
    paths = [profile_path.parent / given for given in profile.measured_from]
    labels = [str(path) for path in paths]
    try:
        return measure_exports(profile, paths, labels, reader=reader)
    except ExportProblems as exc:
        where = Mark(str(profile_path), 1, 1)
        hint = "fix or remove the export under measured_from:"
        # Each line names its export and says `error:` once: the profile's line says it.
        found = [Problem(where, line.replace(": error: ", ": ", 1), hint) for line in exc.lines]
        raise ProblemsError(found) from None


def period_words(period: Period) -> str:
    """The period in words for a plan: '31 August to 22 November 2026'."""
    first, last = period.since, period.until
    start = f"{first.day} {first:%B}" + (f" {first.year}" if first.year != last.year else "")
    return f"{start} to {last.day} {last:%B} {last.year}"


def sources_words(run: MeasureRun) -> str:
    """The exports a mix was measured from, by file name and platform."""
    return ", ".join(
        f"{Path(r.source.split(':', 1)[0]).name} ({PLATFORM_LABELS[r.platform]})" for r in run.reads
    )


MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Span:
    """The days a platform's exports hold posts from, and the whole months they cover:
    from the first post's month to the last month that ended by the latest post."""

    first: dt.date
    latest: dt.date

    def covers(self, month: str) -> bool:
        first_month = f"{self.first:%Y-%m}"
        end = _month_end(self.latest)
        last = self.latest if end == self.latest else _month_before(self.latest.replace(day=1))
        return first_month <= month <= f"{last:%Y-%m}"

    def words(self) -> str:
        return f"{self.first.isoformat()} to {self.latest.isoformat()}"


def spans(reads: Sequence[ExportRead]) -> dict[str, Span]:
    """Each platform's span of posts over its exports."""
    found: dict[str, Span] = {}
    for read in reads:
        for post in read.posts:
            day = post.posted.date()
            have = found.get(read.platform)
            found[read.platform] = (
                Span(min(have.first, day), max(have.latest, day)) if have else Span(day, day)
            )
    return found


def export_months(profile: Profile, run: MeasureRun) -> dict[str, dict[str, dict[str, int]]]:
    """Posts by kind per whole calendar month and platform of the profile, for the client
    site's month-by-month mix: up to twelve months ending with the last one the period
    covers in full, each platform only for the months its exports cover."""
    posts = [post for read in run.reads for post in read.posts]
    end = run.measurement.period.until
    last = end.replace(day=1) if _month_end(end) == end else _month_before(end.replace(day=1))
    start = last
    for _ in range(MONTHS_SHOWN - 1):
        start = _month_before(start)
    ours = [p.name for p in profile.platforms if p.name in {r.platform for r in run.reads}]
    period = Period(start, _month_end(last), default=False)
    found = measure(posts, profile.client.websites, period, ours)
    covered = spans(run.reads)
    months: dict[str, dict[str, dict[str, int]]] = {}
    for month in period.whole_months():
        counted = {
            m.platform: dict(m.months[month].kinds)
            if month in m.months
            else dict.fromkeys(found.overall.kinds, 0)
            for m in found.platforms
            if covered[m.platform].covers(month)
        }
        if counted:
            months[month] = counted
    return months


def _month_before(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def with_export_months(
    checkins: Sequence[CheckIn], months: dict[str, dict[str, dict[str, int]]]
) -> tuple[CheckIn, ...]:
    """The check-ins with the exports' monthly post counts added where a month (or a
    platform in it) has none typed: a count a person recorded always wins."""
    by_period = {c.period: c for c in checkins}
    for month, platforms in months.items():
        checkin = by_period.get(month) or CheckIn(period=month)
        recorded = dict(checkin.platforms)
        for platform, counts in platforms.items():
            have = recorded.get(platform)  # type: ignore[call-overload]
            if have is None:
                recorded[platform] = PlatformMonth(posts=PostsByKind(**counts))  # type: ignore[index]
            elif have.posts is None:
                recorded[platform] = dataclasses.replace(have, posts=PostsByKind(**counts))  # type: ignore[index]
        by_period[month] = dataclasses.replace(checkin, platforms=recorded)
    return tuple(by_period[p] for p in sorted(by_period))
