"""`playbook checkin` and `playbook plan --format json` on copies of the example with
check-ins (content/examples/northside-physio); the progress page's bytes twice."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.model.checkin import PlatformMonth, PostsByKind
from generator.model.profile import Profile
from generator.source.checkins import load_checkins
from generator.source.validate import load_profile

from ..checkin_fixtures import (
    EXAMPLE,
    MONTH_FIELDS,
    NEW,
    POST_KINDS,
    PROFILE_FILE,
    copy_example,
    problem_lines,
)
from ..conftest import EXAMPLES, Run

# --- 7. `playbook checkin` ---------------------------------------------------------------------


def assert_starter(text: str, period: str, client: Profile) -> None:
    """Every field the profile's platforms and goals call for, commented, and no value made
    up: each is 0 or left empty for the coach to fill in."""
    assert f"\nperiod: {period}\n" in text
    assert client.client.name in text.split("\n", 2)[1]
    for platform in client.platforms:
        assert re.search(rf"\n  {platform.name}:\s+# {platform.label}, about \d+ posts", text)
    for name in MONTH_FIELDS:
        assert text.count(f"\n    {name}:") == len(client.platforms), name
    for metric_goal in client.goals:
        key = json.dumps(metric_goal.metric)
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(f"{key}:"))
        assert re.fullmatch(rf"  {re.escape(key)}:( 0)?\s+# .+", line), line
        assert metric_goal.outcome in line, line
    data = yaml.safe_load(text)
    assert set(data["platforms"]) == {p.name for p in client.platforms}
    posts_lines = [ln for ln in text.splitlines() if ln.strip().startswith("posts:")]
    for line in posts_lines:  # the six kinds are named on the line, for the coach to count
        assert all(f"{kind}:" in line for kind in POST_KINDS), line
    for month in data["platforms"].values():
        assert set(month) == set(MONTH_FIELDS)
        assert set(month.values()) <= {0, None}, month
    assert set(data["goals"]) == {g.metric for g in client.goals}
    assert set(data["goals"].values()) <= {0, None}


def filled(text: str) -> str:
    """The starter with every value the coach must write set to 0."""

    def fill(node: object, key: object = None) -> object:
        if isinstance(node, dict):
            return {k: fill(value, k) for k, value in node.items()}
        if key == "posts" and node is None:
            return dict.fromkeys(POST_KINDS, 0)
        return 0 if node is None else node

    return yaml.safe_dump(fill(yaml.safe_load(text)), sort_keys=False, allow_unicode=True)


def assert_checks_as_written_and_filled(run: Run, profile_file: str, starter: Path) -> None:
    """As written, `playbook check` passes or points only at the starter's blanks; filled in,
    it passes."""
    as_written = run("check", profile_file)
    assert "Traceback" not in as_written.stderr
    if as_written.returncode != 0:
        assert as_written.returncode == 1, as_written.stderr
        lines = problem_lines(as_written.stderr)
        assert lines, as_written.stderr
        assert {Path(f).name for f, *_ in lines} == {starter.name}, as_written.stderr
    starter.write_text(filled(starter.read_text("utf-8")), encoding="utf-8")
    checked = run("check", profile_file)
    assert checked.returncode == 0, checked.stderr


def test_checkin_writes_the_month_after_the_latest(run_playbook: Run, tmp_path: Path) -> None:
    path = copy_example(tmp_path)
    made = run_playbook("checkin", PROFILE_FILE)
    assert made.returncode == 0, made.stderr
    assert f"wrote {NEW}" in made.stderr
    target = tmp_path / NEW
    assert_starter(target.read_text("utf-8"), "2027-01", load_profile(path))
    assert_checks_as_written_and_filled(run_playbook, PROFILE_FILE, target)
    found = load_checkins(load_profile(path), path)
    assert [c.period for c in found] == ["2026-09", "2026-10", "2026-12", "2027-01"]
    no_posts = PostsByKind(**dict.fromkeys(POST_KINDS, 0))
    assert found[-1].platforms["facebook"] == PlatformMonth(no_posts, 0, 0, 0, 0, 0, 0, 0)
    assert found[-1].goals == {"bookings": 0, "Instagram followers": 0}


def test_checkin_fills_a_gap_and_refuses_a_recorded_month(
    run_playbook: Run, tmp_path: Path
) -> None:
    path = copy_example(tmp_path)
    made = run_playbook("checkin", PROFILE_FILE, "--period", "2026-11")
    assert made.returncode == 0, made.stderr
    gap = tmp_path / EXAMPLE / "checkins" / "2026-11.yaml"
    assert_starter(gap.read_text("utf-8"), "2026-11", load_profile(path))
    assert_checks_as_written_and_filled(run_playbook, PROFILE_FILE, gap)

    recorded = tmp_path / EXAMPLE / "checkins" / "2026-12.yaml"
    before = recorded.read_bytes()
    again = run_playbook("checkin", PROFILE_FILE, "--period", "2026-12")
    assert again.returncode == 1, again.stderr
    assert "2026-12 is already recorded" in again.stderr
    assert "Traceback" not in again.stderr
    assert recorded.read_bytes() == before


def test_checkin_refuses_a_month_that_is_not_one(run_playbook: Run, tmp_path: Path) -> None:
    copy_example(tmp_path)
    folder = tmp_path / EXAMPLE / "checkins"
    files = sorted(p.name for p in folder.iterdir())
    wrong = run_playbook("checkin", PROFILE_FILE, "--period", "2026-13")
    assert wrong.returncode == 2, wrong.stderr
    assert "YYYY-MM" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    assert sorted(p.name for p in folder.iterdir()) == files


def test_checkin_without_checkins_writes_this_month(run_playbook: Run, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "hilltop-bakery.yaml", tmp_path / "bakery.yaml")
    before = dt.date.today()
    made = run_playbook("checkin", "bakery.yaml")
    after = dt.date.today()
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "bakery" / "checkins"
    months = {f"{day.year:04d}-{day.month:02d}" for day in (before, after)}
    written = [p.name for p in folder.iterdir()]
    assert len(written) == 1 and written[0].removesuffix(".yaml") in months, written
    period = written[0].removesuffix(".yaml")
    starter = folder / written[0]
    assert_starter(starter.read_text("utf-8"), period, load_profile(tmp_path / "bakery.yaml"))
    assert_checks_as_written_and_filled(run_playbook, "bakery.yaml", starter)


def test_the_profiles_checkins_folder_is_honoured(run_playbook: Run, tmp_path: Path) -> None:
    copy_example(tmp_path)
    elsewhere = tmp_path / "records" / "physio"
    shutil.move(tmp_path / EXAMPLE / "checkins", elsewhere)
    profile_path = tmp_path / PROFILE_FILE
    text = profile_path.read_text("utf-8")
    profile_path.write_text(text + "checkins: records/physio\n", encoding="utf-8")
    # The default folder, if it exists, is not read.
    (tmp_path / EXAMPLE / "checkins").mkdir()
    (tmp_path / EXAMPLE / "checkins" / "2027-05.yaml").write_text("not: a check-in\n", "utf-8")

    made = run_playbook("checkin", PROFILE_FILE)
    assert made.returncode == 0, made.stderr
    assert (elsewhere / "2027-01.yaml").is_file()
    assert not (tmp_path / NEW).exists()
    assert_checks_as_written_and_filled(run_playbook, PROFILE_FILE, elsewhere / "2027-01.yaml")

    (elsewhere / "2027-02.yaml").write_text("period: 2027-02\ngoals: {booking: 1}\n", "utf-8")
    checked = run_playbook("check", PROFILE_FILE)
    assert checked.returncode == 1
    assert problem_lines(checked.stderr)[0][:3] == ("records/physio/2027-02.yaml", 2, 9)


# --- 8. `playbook plan --format json` ----------------------------------------------------------


def test_json_includes_the_progress(run_playbook: Run) -> None:
    result = run_playbook("plan", str(EXAMPLES / PROFILE_FILE), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    progress = data["progress"]
    assert set(progress) == {
        "months",
        "recorded",
        "goals",
        "engagement",
        "posting_mix",
        "scorecard",
    }
    assert progress["months"] == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert progress["recorded"] == [True, True, False, True]
    bookings, followers = progress["goals"]
    assert (bookings["metric"], bookings["values"], bookings["status"]) == (
        "bookings",
        [11, 14, None, 19],
        "on track",
    )
    assert (bookings["target_per_month"], bookings["by"]) == (25, "2027-03-31")
    assert (followers["values"], followers["status"]) == ([35, None, None, 40], "no date set")
    assert followers["target_per_month"] == pytest.approx(66.67)
    engagement = {e["metric"]: e for e in progress["engagement"]}
    assert engagement["conversation-rate"]["values"] == [1.31, None, None, 2.82]
    assert engagement["conversation-rate"]["kind"] == "engagement"
    assert engagement["applause-rate"]["kind"] == "context"
    measured = progress["posting_mix"]["measured_percent"]
    assert [m is None for m in measured] == [False, False, True, False]
    assert measured[-1]["promotional"] == 11.1
    assert sum(progress["posting_mix"]["recommended_percent"].values()) == pytest.approx(100)
    statuses = {s["status"] for s in progress["scorecard"]}
    assert statuses <= {"met", "improving", "not yet", "not measured"}
    assert {"rule", "status", "detail"} == set(progress["scorecard"][0])


def test_json_without_checkins_has_no_progress(run_playbook: Run) -> None:
    result = run_playbook("plan", str(EXAMPLES / "hilltop-bakery.yaml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "progress" not in json.loads(result.stdout)


# --- 9. Determinism ---------------------------------------------------------------------------


def test_the_progress_page_is_the_same_bytes_twice(run_playbook: Run, tmp_path: Path) -> None:
    pages = []
    for out in ("one", "two"):
        built = run_playbook("build", str(EXAMPLES / PROFILE_FILE), "-o", out)
        assert built.returncode == 0, built.stderr
        pages.append((tmp_path / out / EXAMPLE / "progress.html").read_bytes())
    assert pages[0] == pages[1]
    assert pages[0].count(b'role="img"') == 3
