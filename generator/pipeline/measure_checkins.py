"""`playbook measure --checkins`: the measured post counts written into the client's monthly
check-in files, beside the profile, as `playbook checkin` lays them out.

Only the calendar months the period covers from their first day to their last are written,
so no month gets a part-month count; and a platform's counts only where its export covers
the whole month (from its first post's month to the last month ended by its latest post).
A count a person typed is never overwritten unless asked (`replace`); counts playbook
wrote before (marked on their line) are brought up to date. Every changed file is checked before
anything is written, and all of them are moved into place as one journaled change
(commit.py): a second run with the same exports finds nothing to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Mark, Problem, ProblemsError
from ..model.checkin import CheckIn
from ..model.profile import PLATFORM_LABELS, Profile
from ..render.starters import checkin_text
from ..source.checkin_edit import CannotEdit, is_measured, set_posts
from ..source.checkins import checkins_folder, load_checkins
from ..source.load import parse_text
from ..source.validate import parse_model
from .measure import MeasureRun, spans
from .starters import schema_ref
from .write import claimed, install


@dataclass(frozen=True)
class CheckinChanges:
    """What --checkins did (or would do): one line per month and platform, and the new
    text of each file that changes, by file name."""

    lines: tuple[str, ...]
    files: dict[str, str]
    folder: Path


def plan_checkins(
    profile: Profile, profile_path: Path, run: MeasureRun, replace: bool
) -> CheckinChanges:
    """The check-in files the counts change; ProblemsError when the check-ins as they are
    do not load (nothing is written then)."""
    folder = checkins_folder(profile, profile_path)
    recorded = {c.period: c for c in load_checkins(profile, profile_path)}
    ours = {p.name for p in profile.platforms}
    found = run.measurement
    lines: list[str] = []
    for measured in found.platforms:
        if measured.platform not in ours:
            label = PLATFORM_LABELS[measured.platform]
            lines.append(f"{label}: not written: the profile has no {label} platform")
    months = found.period.whole_months()
    covered = spans(run.reads)
    for measured in found.platforms:
        outside = [m for m in months if not covered[measured.platform].covers(m)]
        if outside and measured.platform in ours:
            lines.append(
                f"{PLATFORM_LABELS[measured.platform]}: not written for {', '.join(outside)}: "
                f"its export holds posts from {covered[measured.platform].words()} only"
            )
    if not months:
        lines.append(
            f"no check-in written: {found.period.describe()} covers no calendar month in full "
            "(give --since and --until around whole months)"
        )
    files: dict[str, str] = {}
    for month in months:
        target = folder / f"{month}.yaml"
        text = (
            target.read_text(encoding="utf-8")
            if month in recorded
            else checkin_text(profile, month, profile_path.name, schema_ref("checkin", target))
        )
        before = text
        for measured in found.platforms:
            if measured.platform not in ours or not covered[measured.platform].covers(month):
                continue
            counted = measured.months.get(month)
            counts = counted.kinds if counted else dict.fromkeys(found.overall.kinds, 0)
            text, line = _set_month(text, target, month, measured.platform, counts, replace)
            lines.append(line)
        if text != before:
            _check(text, target, month)
            files[target.name] = text
    return CheckinChanges(tuple(lines), files, folder)


def _set_month(
    text: str, target: Path, month: str, platform: str, counts: dict[str, int], replace: bool
) -> tuple[str, str]:
    """The file's text with the platform's counts set, and a line saying what happened."""
    label = f"{month} {PLATFORM_LABELS[platform]}"
    root = parse_text(text, str(target))
    checkin, _, _ = parse_model(CheckIn, text.encode("utf-8"), str(target))
    month_data = checkin.platforms.get(platform) if checkin else None  # type: ignore[call-overload]
    have = month_data.posts.as_dict() if month_data and month_data.posts else None
    shown = _counts_words(counts)
    if have == counts:
        return text, f"{label}: unchanged ({shown})"
    if have is not None and not replace and not is_measured(text, root, platform):
        return text, (
            f"{label}: kept the counts typed in {target.name} ({_counts_words(have)}); "
            f"measured {shown} (use --replace to write them)"
        )
    try:
        new = set_posts(text, root, platform, counts)
    except CannotEdit as exc:
        where = Mark(str(target), 1, 1)
        raise ProblemsError(
            [Problem(where, f"cannot add the counts: {exc}", "write it in block style")]
        ) from None
    verb = "added" if have is None else "replaced"
    return new, f"{label}: {verb} {shown}" + (f" (was {_counts_words(have)})" if have else "")


def _counts_words(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items())


def _check(text: str, target: Path, month: str) -> None:
    """The new text loads as a check-in of that month; an internal guard, so no file
    playbook writes is one `playbook check` refuses."""
    checkin, _, problems = parse_model(CheckIn, text.encode("utf-8"), str(target))
    if checkin is None or problems or checkin.period != month:
        raise ProblemsError(problems or [Problem(Mark(str(target), 1, 1), "not a check-in")])


def write_checkins(changes: CheckinChanges) -> list[Path]:
    """Move every changed file into place as one change; the files written."""
    if not changes.files:
        return []
    with claimed(changes.folder, shared=True) as staging:
        for name, text in sorted(changes.files.items()):
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        install(changes.folder, staging, sorted(changes.files))
    return [changes.folder / name for name in sorted(changes.files)]
