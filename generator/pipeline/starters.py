"""New files a coach fills in: a starter profile for a new client, and a month's check-in.
Each is written once and never over a file that exists."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .. import __version__
from ..errors import ProblemsError, WrongUsage
from ..model.checkin import PERIOD_PATTERN
from ..render.plan_pages import GUIDE_URL
from ..render.starters import checkin_text, profile_text
from ..source.checkins import checkins_folder, load_checkins, next_checkin_period
from ..source.validate import load_profile, profile_from_bytes
from ..source.workspace import find_workspace
from .write import WriteError, slugify

# Where a workspace keeps its copies of the JSON Schemas, and where the guide publishes them.
SCHEMA_FOLDER = "schemas"


def write_starter_profile(
    name: str, target: Path | None, folder: Path | None = None, coach: str | None = None
) -> Path:
    """Write a starter profile for a client called `name` to `target` (default: the name as
    a file name, .yaml, in `folder` or the working folder) and return where. WrongUsage when
    `name` cannot be a client's name; WriteError when the file exists or cannot be written."""
    if not name.strip():
        raise WrongUsage("NAME must not be empty")
    target = target or (folder or Path()) / f"{slugify(name)}.yaml"
    text = profile_text(name, target.name, schema_ref("profile", target), coach)
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
        target, checkin_text(client, period, profile_path.name, schema_ref("checkin", target))
    )
    return target


def schema_ref(kind: str, target: Path) -> str:
    """The `$schema` address a new file gets: the copy in its workspace's schemas/ folder,
    relative to the file (it moves, is shared and committed with the workspace); else the
    copy the public guide publishes for this version. Never a path into the installed
    package, which a rebuilt environment or another machine does not have."""
    found = find_workspace(_existing(target.parent))
    if found is not None:
        copy = found.parent / SCHEMA_FOLDER / f"{kind}.schema.json"
        if copy.is_file():
            return Path(os.path.relpath(copy, target.resolve().parent)).as_posix()
    return published_schema(kind)


def published_schema(kind: str) -> str:
    """The guide's address for this version's schema of `kind`."""
    return f"{GUIDE_URL}{SCHEMA_FOLDER}/{__version__}/{kind}.schema.json"


def _existing(folder: Path) -> Path:
    """The folder, or the nearest one above it that exists (a new file's folder may not)."""
    folder = folder.resolve()
    return next((f for f in (folder, *folder.parents) if f.is_dir()), folder)


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
