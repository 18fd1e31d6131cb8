"""`playbook checkin` writes only months `playbook check` accepts (2000-01 to 2099-12): after
a check-in for 2099-12 it used to write 2100-01.yaml, which `check` then refused.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import ProblemsError
from generator.model.checkin import FIRST_PERIOD, LAST_PERIOD, PERIOD_PATTERN, CheckIn
from generator.source.checkins import load_checkins, next_checkin_period
from generator.source.validate import load_profile

from ..conftest import EXAMPLES

EXAMPLE = "northside-physio"
LATEST = EXAMPLES / EXAMPLE / "checkins" / "2026-12.yaml"
TODAY = dt.date(2026, 5, 17)


def test_the_first_and_last_periods_are_the_pattern_s_ends() -> None:
    for period in (FIRST_PERIOD, LAST_PERIOD):
        assert re.fullmatch(PERIOD_PATTERN, period)
    for period in ("1999-12", "2100-01"):
        assert not re.fullmatch(PERIOD_PATTERN, period)


def client_with_one_checkin(folder: Path, period: str) -> Path:
    """The example profile with a single check-in, its latest, moved to `period`."""
    profile = folder / f"{EXAMPLE}.yaml"
    shutil.copy(EXAMPLES / f"{EXAMPLE}.yaml", profile)
    checkins = folder / EXAMPLE / "checkins"
    checkins.mkdir(parents=True)
    text = LATEST.read_text("utf-8").replace("period: 2026-12", f"period: {period}")
    (checkins / f"{period}.yaml").write_text(text, encoding="utf-8")
    return profile


@pytest.mark.parametrize(
    ("latest", "today", "expected"),
    [
        (None, TODAY, "2026-05"),
        (None, dt.date(2099, 12, 31), "2099-12"),
        ("2026-12", TODAY, "2027-01"),
        ("2026-01", TODAY, "2026-02"),
        ("2099-11", TODAY, "2099-12"),
        ("2099-12", TODAY, "the month after 2099-12 is past the months a check-in can record"),
        (None, dt.date(2100, 1, 1), "this month, 2100-01, is not one a check-in can record"),
        (None, dt.date(1999, 12, 31), "this month, 1999-12, is not one a check-in can record"),
    ],
)
def test_next_checkin_period(
    latest: str | None, today: dt.date, expected: str, tmp_path: Path
) -> None:
    path = client_with_one_checkin(tmp_path, latest or "2026-12")
    profile = load_profile(path)
    found = load_checkins(profile, path) if latest else ()
    if re.fullmatch(PERIOD_PATTERN, expected):
        assert next_checkin_period(profile, path, found, today) == expected
        return
    with pytest.raises(ProblemsError) as info:
        next_checkin_period(profile, path, found, today)
    (problem,) = info.value.problems
    assert problem.message.startswith(expected), problem.message
    assert "--period YYYY-MM" in problem.hint


def test_checkin_after_2099_12_refuses_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    profile = client_with_one_checkin(tmp_path, "2099-12")
    folder = tmp_path / EXAMPLE / "checkins"
    result = CliRunner().invoke(cli, ["checkin", str(profile)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"{folder / '2099-12.yaml'}:3:1: error: the month after 2099-12 is past the months a "
        "check-in can record (2000-01 to 2099-12) "
        "(check the year of this check-in, or give the month with --period YYYY-MM)"
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["2099-12.yaml"]
    assert CliRunner().invoke(cli, ["check", str(profile)]).exit_code == 0


def test_checkin_up_to_2099_12_writes_a_file_check_accepts(tmp_path: Path) -> None:
    profile = client_with_one_checkin(tmp_path, "2099-11")
    result = CliRunner().invoke(cli, ["checkin", str(profile)])
    assert result.exit_code == 0, result.output
    written = tmp_path / EXAMPLE / "checkins" / "2099-12.yaml"
    assert written.is_file()
    assert [c.period for c in load_checkins(load_profile(profile), profile)][-1] == "2099-12"
    assert isinstance(load_checkins(load_profile(profile), profile)[-1], CheckIn)
