"""A profile's `measured_from:` exports: the plan uses the mix they measure (and says so,
with the exports and the period), and the progress shows their months' mix."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_measure import PROFILE, setup
from tests.conftest import Run

MEASURED = PROFILE + "measured_from: [mastodon-export.zip]\n"


def test_the_plan_uses_the_measured_mix(run_playbook: Run, tmp_path: Path) -> None:
    profile, _ = setup(tmp_path)
    profile.write_text(MEASURED, encoding="utf-8")
    result = run_playbook("plan", str(profile))
    assert result.returncode == 0, result.stderr
    assert (
        "The mix *now* was measured from the client's own exports: mastodon-export.zip "
        "(Mastodon), 24 August to 15 November 2026." in result.stdout
    )
    assert "- Measured from the client's own exports: Mastodon." in result.stdout
    assert "Which book" not in result.stdout  # no excerpt ever reaches a plan

    data = json.loads(run_playbook("plan", str(profile), "--format", "json").stdout)
    mix = data["posting_mix"]
    assert mix["measured_from"].startswith("mastodon-export.zip (Mastodon)")
    # 11 questions, 11 shop links, 11 boosts and a thread reply in the twelve weeks.
    assert round(mix["current"]["conversation"]) == round(100 * 11 / 34)
    assert round(mix["current"]["quotes"]) == 0
    progress = data["progress"]
    assert progress["months"] == ["2026-09", "2026-10"]
    assert progress["posts_counted_from"] == "mastodon-export.zip (Mastodon)"
    assert progress["posting_mix"]["measured_percent"][1]["promotional"] == round(100 * 5 / 13, 1)
    assert "phone" not in json.dumps(data)


def test_without_measured_from_the_plan_is_as_before(run_playbook: Run, tmp_path: Path) -> None:
    profile, _ = setup(tmp_path)
    result = run_playbook("plan", str(profile))
    assert "measured from" not in result.stdout
    data = json.loads(run_playbook("plan", str(profile), "--format", "json").stdout)
    assert "measured_from" not in data["posting_mix"]
    assert "progress" not in data


def test_a_bad_export_stops_the_plan(run_playbook: Run, tmp_path: Path) -> None:
    profile, export = setup(tmp_path)
    export.write_bytes(b"PK\x03\x04 not really")
    profile.write_text(MEASURED, encoding="utf-8")
    result = run_playbook("plan", str(profile))
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{profile}:1:1: error: {tmp_path / 'mastodon-export.zip'}: ")
    assert line.count("error:") == 1


def test_measured_from_must_be_relative(run_playbook: Run, tmp_path: Path) -> None:
    profile, _ = setup(tmp_path)
    profile.write_text(PROFILE + "measured_from: [/etc/passwd]\n", encoding="utf-8")
    result = run_playbook("check", str(profile))
    assert result.returncode == 1
    assert "measured_from" in result.stderr or "relative to the profile" in result.stderr


def test_the_progress_page_shows_the_measured_months(run_playbook: Run, tmp_path: Path) -> None:
    profile, _ = setup(tmp_path)
    profile.write_text(MEASURED, encoding="utf-8")
    out = tmp_path / "out"
    result = run_playbook("plan", str(profile), "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "harbour-books" / "progress.md").read_text(encoding="utf-8")
    assert "| Kind of post | 2026-09 | 2026-10 | Recommended |" in page
    assert "Posts counted from the client's own exports (mastodon-export.zip (Mastodon))" in page
    assert "Which book" not in page
