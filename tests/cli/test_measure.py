"""`playbook measure` end to end, over Mastodon outboxes built in the tests: the report,
JSON, the period options, --checkins with typed values, --replace, a second run that
changes nothing, and bad exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.checkin_fixtures import posts as counts
from tests.conftest import Run
from tests.source.exports.builders import ACTOR, actor, boost, note, outbox, write_zip

PROFILE = """\
client:
  name: Harbour Books
  websites: [https://harbourbooks.example/shop]
goals:
  - outcome: More visits
    metric: visits
    target: 20
platforms:
  - name: mastodon
    posts_per_week: 3
posting_mix: {quotes: 20, reshares: 20, promotional: 40, conversation: 10, replies: 0, original: 10}
"""
TYPED = """\
period: 2026-09
platforms:
  mastodon:
    posts: {quotes: 9, reshares: 9, promotional: 9, conversation: 9, replies: 9, original: 9}
    likes: 120   # typed by the coach
goals:
  visits: 14
note: Harvest festival month
"""


def posts_of_autumn() -> bytes:
    """1 September to 15 November 2026: every Tuesday a question, every Thursday a link to
    the shop, every Sunday a boost, a self-reply, and a direct message in October."""
    items = []
    number = 1
    for week in range(11):
        for offset, kind in ((0, "question"), (2, "shop"), (5, "boost")):
            day = dt.date(2026, 9, 1) + dt.timedelta(days=7 * week + offset)
            when = f"{day.isoformat()}T10:00:00Z"
            if kind == "question":
                items.append(note(number, "<p>Which book should we read next?</p>", published=when))
            elif kind == "shop":
                link = '<a href="https://harbourbooks.example/shop/new">new</a>'
                items.append(note(number, f"<p>In today: {link}</p>", published=when))
            else:
                items.append(boost(number, "https://other.example/statuses/9", published=when))
            number += 1
    items.append(
        note(
            number,
            "<p>And one more thing</p>",
            in_reply_to=f"{ACTOR}/statuses/1",
            published="2026-09-01T11:00:00Z",
        )
    )
    items.append(
        note(
            number + 1,
            "<p>private: my phone number</p>",
            to=["https://other.example/users/bo"],
            cc=[],
            published="2026-10-02T09:00:00Z",
        )
    )
    return outbox(items)


def setup(tmp_path: Path) -> tuple[Path, Path]:
    profile = tmp_path / "harbour.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    export = write_zip(
        tmp_path / "mastodon-export.zip", {"outbox.json": posts_of_autumn(), "actor.json": actor()}
    )
    return profile, export


def test_report(run_playbook: Run, tmp_path: Path) -> None:
    profile, export = setup(tmp_path)
    result = run_playbook("measure", str(profile), str(export))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Period: 2026-08-24 to 2026-11-15 (the last 12 full weeks of the export" in out
    assert "conversation " in out and "promotional " in out
    assert "direct messages excluded: 1" in out
    assert "Which book should we read next?" in out
    assert "phone number" not in out + result.stderr
    assert not (tmp_path / "harbour" / "checkins").exists()


def test_json_carries_structure_and_kinds_per_month(run_playbook: Run, tmp_path: Path) -> None:
    profile, export = setup(tmp_path)
    result = run_playbook("measure", str(profile), str(export), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == {
        "since": "2026-08-24",
        "until": "2026-11-15",
        "days": 84,
        "default": True,
        "whole_months": ["2026-09", "2026-10"],
    }
    mastodon = data["platforms"]["mastodon"]
    assert mastodon["kinds"]["conversation"] == 11
    assert mastodon["kinds"]["promotional"] == 11
    assert mastodon["kinds"]["reshares"] == 11
    assert mastodon["kinds"]["replies"] == 1
    assert mastodon["structure"]["direct_excluded"] == 1
    assert mastodon["structure"]["self_reply"] == 1
    assert set(mastodon["months"]) == {"2026-09", "2026-10", "2026-11"}
    assert data["sources"][0]["format"]
    assert "phone" not in result.stdout


def test_since_and_until(run_playbook: Run, tmp_path: Path) -> None:
    profile, export = setup(tmp_path)
    args = ("measure", str(profile), str(export), "--format", "json")
    result = run_playbook(*args, "--since", "2026-10-01", "--until", "2026-10-31")
    data = json.loads(result.stdout)
    assert data["period"]["default"] is False
    assert set(data["platforms"]["mastodon"]["months"]) == {"2026-10"}
    wrong = run_playbook(*args, "--since", "2026-11-01", "--until", "2026-10-01")
    assert wrong.returncode == 2
    assert run_playbook(*args, "--since", "yesterday").returncode == 2


def test_checkins_keep_typed_values_replace_and_run_twice(
    run_playbook: Run, tmp_path: Path
) -> None:
    profile, export = setup(tmp_path)
    folder = tmp_path / "harbour" / "checkins"
    folder.mkdir(parents=True)
    (folder / "2026-09.yaml").write_text(TYPED, encoding="utf-8")
    first = run_playbook("measure", str(profile), str(export), "--checkins")
    assert first.returncode == 0, first.stderr
    assert "2026-09 Mastodon: kept the counts typed" in first.stderr
    assert "2026-10 Mastodon: added" in first.stderr
    assert (folder / "2026-09.yaml").read_text(encoding="utf-8") == TYPED
    october = (folder / "2026-10.yaml").read_text(encoding="utf-8")
    assert "conversation: 4" in october and "counted by playbook measure" in october
    assert run_playbook("check", str(profile)).returncode == 0

    again = run_playbook("measure", str(profile), str(export), "--checkins")
    assert again.returncode == 0
    assert "nothing to change" in again.stderr
    assert (folder / "2026-10.yaml").read_text(encoding="utf-8") == october

    replaced = run_playbook("measure", str(profile), str(export), "--checkins", "--replace")
    assert "2026-09 Mastodon: replaced" in replaced.stderr
    september = (folder / "2026-09.yaml").read_text(encoding="utf-8")
    assert "likes: 120   # typed by the coach" in september
    assert "note: Harvest festival month" in september and "visits: 14" in september
    assert "quotes: 9" not in september
    assert run_playbook("check", str(profile)).returncode == 0


def test_bad_exports_exit_1_one_line_each(run_playbook: Run, tmp_path: Path) -> None:
    profile, export = setup(tmp_path)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(export.read_bytes()[:100])
    other = tmp_path / "notes.txt"
    other.write_text("nothing to see", encoding="utf-8")
    result = run_playbook("measure", str(profile), str(broken), str(other), "--checkins")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{broken}") and lines[1].startswith(f"{other}")
    assert all(": error: " in line for line in lines)
    assert result.stdout == ""
    assert not (tmp_path / "harbour").exists()


def test_wrong_usage(run_playbook: Run, tmp_path: Path) -> None:
    profile, export = setup(tmp_path)
    assert run_playbook("measure", str(profile)).returncode == 2
    assert run_playbook("measure", str(profile), str(export), "--replace").returncode == 2
    assert run_playbook("measure", str(profile), str(export), "--format", "xml").returncode == 2


def test_checkins_only_for_the_profiles_platforms_and_whole_months(
    run_playbook: Run, tmp_path: Path
) -> None:
    profile, export = setup(tmp_path)
    profile.write_text(PROFILE.replace("name: mastodon", "name: x"), encoding="utf-8")
    result = run_playbook("measure", str(profile), str(export), "--checkins")
    assert result.returncode == 0, result.stderr
    assert "Mastodon: 34 posts" in result.stdout
    assert "Mastodon: not written: the profile has no Mastodon platform" in result.stderr
    profile.write_text(PROFILE, encoding="utf-8")
    args = ("--since", "2026-10-05", "--until", "2026-10-20", "--checkins")
    part = run_playbook("measure", str(profile), str(export), *args)
    assert "covers no calendar month in full" in part.stderr
    assert not list((tmp_path / "harbour" / "checkins").glob("*.yaml"))


def test_measured_from_is_the_default_export(run_playbook: Run, tmp_path: Path) -> None:
    profile, _ = setup(tmp_path)
    profile.write_text(PROFILE + "measured_from: [mastodon-export.zip]\n", encoding="utf-8")
    result = run_playbook("measure", str(profile))
    assert result.returncode == 0, result.stderr
    assert "mastodon-export.zip:outbox.json" in result.stdout


def test_no_checkins_outside_the_exports_posts(run_playbook: Run, tmp_path: Path) -> None:
    profile, export = setup(tmp_path)
    args = ("--since", "2026-01-01", "--until", "2026-09-30", "--checkins")
    result = run_playbook("measure", str(profile), str(export), *args)
    assert "Mastodon: not written for 2026-01, 2026-02" in result.stderr
    names = [p.name for p in (tmp_path / "harbour" / "checkins").glob("*.yaml")]
    assert names == ["2026-09.yaml"]


def test_an_x_archive_and_a_mastodon_outbox_together(run_playbook: Run, tmp_path: Path) -> None:
    from tests.source.exports.x_builders import account_js, tweet, tweets_js

    profile, export = setup(tmp_path)
    profile.write_text(
        PROFILE.replace(
            "  - name: mastodon\n", "  - name: x\n    posts_per_week: 2\n  - name: mastodon\n"
        ),
        encoding="utf-8",
    )
    when = "Fri Nov 13 09:30:00 +0000 2026"
    status = ("https://t.co/a", "https://x.com/someone/status/99")
    tweets = [
        tweet(1, "RT @someone: big news", created=when),
        tweet(2, "What would you bake first? https://t.co/a", urls=(status,), created=when),
        tweet(3, "Shop now: 20% off &amp; free delivery", created=when),
    ]
    archive = write_zip(
        tmp_path / "x.zip", {"data/tweets.js": tweets_js(tweets), "data/account.js": account_js()}
    )
    result = run_playbook("measure", str(profile), str(archive), str(export), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    x = data["platforms"]["x"]
    assert x["structure"]["reshare"] == 1 and x["structure"]["quote"] == 1
    assert x["kinds"] == counts(reshares=1, promotional=1, conversation=1)
    assert list(data["platforms"]) == ["x", "mastodon"]
    older = run_playbook(
        "measure", str(profile), str(archive), str(export), "--until", "2026-10-31", "--checkins"
    )
    assert (
        "  no posts in the period: the export's run from 2026-11-13 to 2026-11-13" in older.stdout
    )
    assert "X: not written for 2026-09, 2026-10" in older.stderr
    october = (tmp_path / "harbour" / "checkins" / "2026-10.yaml").read_text(encoding="utf-8")
    assert "x:" in october and october.count("counted by playbook measure") == 1
    assert data["overall"]["posts"] == x["posts"] + data["platforms"]["mastodon"]["posts"]
