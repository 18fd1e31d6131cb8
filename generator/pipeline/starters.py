"""New files a coach fills in: a starter profile for a new client, and a month's check-in.
Each is written once and never over a file that exists."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ..errors import ProblemsError, WrongUsage
from ..model.checkin import PERIOD_PATTERN
from ..paths import schema_dir
from ..render.starters import checkin_text, profile_text
from ..source.checkins import checkins_folder, load_checkins, next_checkin_period
from ..source.validate import load_profile, profile_from_bytes
from .write import WriteError, slugify


def write_starter_profile(name: str, target: Path | None) -> Path:
    """Write a starter profile for a client called `name` to `target` (default: the name as
    a file name, .yaml) and return where. WrongUsage when `name` cannot be a client's name;
    WriteError when the file exists or cannot be written."""
    if not name.strip():
        raise WrongUsage("NAME must not be empty")
    target = target or Path(f"{slugify(name)}.yaml")
    text = profile_text(name, target.name, schema_url("profile", target))
    try:
        profile_from_bytes(text.encode("utf-8"), target.name)
    except ProblemsError as exc:
        message = exc.problems[0].message.replace("client.name", "NAME")
        raise WrongUsage(f"{message} ({exc.problems[0].hint})") from None
    write_new(target, text)
    return target


def write_checkin(profile_path: Path, period: str | None) -> Path:
    """Write the check-in of `period` (default: the month after the latest check-in, or
    this month when there is none) beside the profile, every field ready to fill in, and
    return where. WrongUsage for a period not written YYYY-MM; ProblemsError for an invalid
    profile or check-in; WriteError when the month is recorded already."""
    if period is not None and not re.fullmatch(PERIOD_PATTERN, period):
        raise WrongUsage(f"--period {period!r}: write the month as YYYY-MM, such as 2026-12")
    client = load_profile(profile_path, str(profile_path))
    found = load_checkins(client, profile_path)
    if period is None:
        period = next_checkin_period(client, profile_path, found, dt.date.today())
    folder = checkins_folder(client, profile_path)
    if any(c.period == period for c in found):
        raise WriteError(f"{period} is already recorded in {folder}; edit that file")
    target = folder / f"{period}.yaml"
    write_new(
        target, checkin_text(client, period, profile_path.name, schema_url("checkin", target))
    )
    return target


def schema_url(kind: str, target: Path) -> str:
    """The schema's path relative to the new file, so it works when the folder moves."""
    schema = (schema_dir() / f"{kind}.schema.json").resolve()
    return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()


def write_new(target: Path, text: str) -> None:
    """Write a new file; WriteError when it exists (it is left as it is) or cannot be
    written."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise WriteError(f"{target} already exists; it is left as it is") from None
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {exc.strerror}") from None
