"""Shared pieces of the check-in tests: the example with check-ins, and check-ins from data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.model.checkin import CheckIn
from generator.source.validate import parse_model

from .conftest import EXAMPLES

EXAMPLE = "northside-physio"
PROFILE_FILE = f"{EXAMPLE}.yaml"
NEW = f"{EXAMPLE}/checkins/2027-01.yaml"  # the month after the example's latest check-in
# One problem line, `path:line:col: error: what (hint)`.
LINE = re.compile(r"(?P<source>[^\n:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<text>[^\n]+)")
POST_KINDS = ("quotes", "reshares", "promotional", "conversation", "replies", "original")
MONTH_FIELDS = (
    "posts",
    "replies",
    "reshares",
    "likes",
    "followers",
    "messages_received",
    "messages_answered",
    "response_hours",
)


def copy_example(folder: Path) -> Path:
    """The example profile and its check-ins, copied into `folder`; the profile's path."""
    shutil.copy(EXAMPLES / PROFILE_FILE, folder / PROFILE_FILE)
    shutil.copytree(EXAMPLES / EXAMPLE, folder / EXAMPLE)
    return folder / PROFILE_FILE


def checkin(period: str, goals: dict[str, float] | None = None, **platforms: Any) -> CheckIn:
    """A valid check-in from plain data, through the same validator as a file."""
    data: dict[str, Any] = {"period": period, "platforms": platforms, "goals": goals or {}}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    found, _, problems = parse_model(CheckIn, text.encode("utf-8"), f"{period}.yaml")
    assert found is not None and not problems, [p.format() for p in problems]
    return found


def posts(**kinds: int) -> dict[str, int]:
    return {kind: kinds.get(kind, 0) for kind in POST_KINDS}


def problem_lines(stderr: str) -> list[tuple[str, int, int, str]]:
    """(file, line, column, `what (hint)`) of every problem line printed."""
    return [(m["source"], int(m["line"]), int(m["col"]), m["text"]) for m in LINE.finditer(stderr)]
