"""Bad check-ins through `playbook check` and `playbook build`: every problem as
`path:line:col: error: what (hint)`, exit 1, no traceback, no site."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from generator.errors import Problem, ProblemsError
from generator.model.checkin import CheckIn
from generator.source.checkins import load_checkins
from generator.source.validate import load_profile, parse_model

from ..checkin_fixtures import (
    EXAMPLE,
    NEW,
    PROFILE_FILE,
    copy_example,
    problem_lines,
)
from ..conftest import Run

# --- 1. Bad check-ins, through `playbook check` and `playbook build` ------------------------

Want = tuple[int, int, str, str]
"""(line, column, a phrase of the message, a phrase of the hint)."""

GOOD_MONTH = (
    "  facebook:\n"
    "    posts: {quotes: 1, reshares: 1, promotional: 0, conversation: 6, replies: 5, "
    "original: 0}\n"
)
BAD_CHECKINS = [
    pytest.param("period: 2026-13\n", [(1, 9, "period '2026-13'", "YYYY-MM")], id="month-13"),
    pytest.param("period: 2026/12\n", [(1, 9, "period '2026/12'", "YYYY-MM")], id="slash"),
    # The hint should say YYYY-MM too: see test_a_period_of_the_wrong_length_gets_the_format.
    pytest.param("period: Dec 2026\n", [(1, 9, "period", "")], id="in-words"),
    pytest.param(
        "period: 2027-01\nplatforms:\n"
        "  facebook:\n"
        "    posts: {quotes: -1, reshares: 0, promotional: 0, conversation: 0, replies: 0, "
        "original: 0}\n    likes: -5\ngoals:\n  bookings: -2\n",
        [
            (4, 21, "platforms.facebook.posts.quotes must be at least 0, not -1", "from 0"),
            (5, 12, "platforms.facebook.likes must be at least 0, not -5", "from 0"),
            (7, 13, "goals.bookings must be at least 0, not -2", "from 0"),
        ],
        id="negative-counts",
    ),
    pytest.param(
        "period: 2027-01\ngoals:\n  booking: 3\n",
        [(3, 3, "no goal of the profile is counted in 'booking'", "did you mean 'bookings'?")],
        id="goal-metric-not-in-profile",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  tiktok:\n    likes: 3\n",
        [(3, 3, "the profile has no TikTok platform", "facebook, instagram, linkedin")],
        id="platform-not-in-profile",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebok:\n    likes: 3\n",
        [(3, 3, "unknown platform 'facebok'", "did you mean 'facebook'?")],
        id="no-such-platform",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n    replys: 4\nnotes: busy\n",
        [
            (4, 5, "unknown key in platforms.facebook 'replys'", "did you mean 'replies'?"),
            (5, 1, "unknown top-level key 'notes'", "did you mean 'note'?"),
        ],
        id="unknown-keys",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n"
        "    messages_received: 3\n    messages_answered: 5\n",
        [(5, 5, "5 messages answered is more than the 3 received", "answers to messages")],
        id="answered-more-than-received",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n    messages_answered: 5\n",
        [(4, 5, "answers without 'messages_received:'", "add it")],
        id="answered-without-received",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  facebook:\n"
        "    replies: lots\n    reshares: '4'\n    likes: 3.5\n",
        [
            (4, 14, "platforms.facebook.replies must be a whole number", "such as 3"),
            (5, 15, "platforms.facebook.reshares must be a whole number", "remove the quotes"),
            (6, 12, "platforms.facebook.likes must be a whole number, not 3.5", "4"),
        ],
        id="not-a-number",
    ),
    pytest.param(
        "period: [2027-01\n",
        [(1, 9, "YAML syntax error: the [ list that starts here is not closed", "closing")],
        id="not-yaml",
    ),
    pytest.param(
        "period: 2027-01\ngoals:\n\tbookings: 3\n",
        [(3, 1, "tab character in indentation", "spaces")],
        id="tab",
    ),
    pytest.param(
        "period: 2026-13\nplatforms:\n  facebook:\n"
        "    posts: {quotes: -1, reshares: 0, promotional: 0, conversation: 0, replies: 0, "
        "original: x}\n    replys: 4\n",
        [
            (1, 9, "period '2026-13' is not allowed", "YYYY-MM"),
            (4, 21, "platforms.facebook.posts.quotes must be at least 0", "from 0"),
            (4, 93, "platforms.facebook.posts.original must be a whole number", "such as 3"),
            (5, 5, "unknown key in platforms.facebook 'replys'", "did you mean 'replies'?"),
        ],
        id="several-problems-in-one-file",
    ),
    pytest.param(
        "period: 2027-01\nplatforms:\n  tiktok: {likes: 3}\n" + GOOD_MONTH + "goals:\n"
        "  booking: 3\n  followers: 2\n",
        [
            (3, 3, "the profile has no TikTok platform", "the profile has facebook"),
            (7, 3, "no goal of the profile is counted in 'booking'", "did you mean 'bookings'?"),
            (8, 3, "no goal of the profile is counted in 'followers'", "'Instagram followers'"),
        ],
        id="several-profile-problems-in-one-file",
    ),
]


def assert_reported(stderr: str, want: Sequence[Want]) -> None:
    """Exactly the problems `want`, in order, each in the bad check-in's file, with a hint."""
    assert "Traceback" not in stderr, stderr
    found = problem_lines(stderr)
    assert [(f, line, col) for f, line, col, _ in found] == [(NEW, w[0], w[1]) for w in want], (
        stderr
    )
    for (*_, text), (_, _, phrase, hint) in zip(found, want, strict=True):
        message, bracket, rest = text.partition(" (")
        assert phrase in message, stderr
        assert bracket and rest.endswith(")") and rest[:-1].strip(), f"no hint: {text}"
        assert hint in rest, stderr


@pytest.mark.parametrize(("text", "want"), BAD_CHECKINS)
def test_a_bad_checkin_fails_check_and_build(
    run_playbook: Run, tmp_path: Path, text: str, want: list[Want]
) -> None:
    copy_example(tmp_path)
    (tmp_path / NEW).write_text(text, encoding="utf-8")

    checked = run_playbook("check", PROFILE_FILE)
    assert checked.returncode == 1, checked.stderr
    assert_reported(checked.stderr, want)

    built = run_playbook("build", PROFILE_FILE, "-o", "out")
    assert built.returncode == 1, built.stderr
    assert_reported(built.stderr, want)
    assert "1 failed" in built.stderr, built.stderr
    out = tmp_path / "out"
    site = [p.name for p in out.iterdir() if not p.name.startswith(".")] if out.exists() else []
    assert site == [], f"a site was written for an invalid check-in: {site}"


def test_a_month_recorded_twice_fails_check_and_build(run_playbook: Run, tmp_path: Path) -> None:
    """The second file of a month, in name order, is the one reported."""
    copy_example(tmp_path)
    second = f"{EXAMPLE}/checkins/2026-12.yml"
    (tmp_path / second).write_text("period: 2026-12\ngoals: {bookings: 3}\n", encoding="utf-8")
    first = f"{EXAMPLE}/checkins/2026-12.yaml"
    for args in (["check", PROFILE_FILE], ["build", PROFILE_FILE, "-o", "out"]):
        result = run_playbook(*args)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert problem_lines(result.stderr) == [
            (
                second,
                1,
                1,
                f"2026-12 is already recorded in {first} "
                "(record each month once: merge the two files)",
            )
        ], result.stderr
    assert not (tmp_path / "out" / EXAMPLE).exists()


def test_a_good_checkin_beside_the_example_is_valid(run_playbook: Run, tmp_path: Path) -> None:
    """The baseline the cases above edit: a fourth, valid month checks."""
    copy_example(tmp_path)
    (tmp_path / NEW).write_text("period: 2027-01\nplatforms:\n" + GOOD_MONTH, encoding="utf-8")
    checked = run_playbook("check", PROFILE_FILE)
    assert checked.returncode == 0, checked.stderr


def problems_in_folder(tmp_path: Path, text: str) -> list[Problem]:
    """The problems `load_checkins` reports with `text` as the example's next check-in."""
    path = copy_example(tmp_path)
    (tmp_path / NEW).write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        load_checkins(load_profile(path), path)
    return info.value.problems


def test_every_file_of_the_folder_is_reported_in_one_run(tmp_path: Path) -> None:
    path = copy_example(tmp_path)
    (tmp_path / NEW).write_text("period: 2027-01\ngoals: {booking: 3}\n", encoding="utf-8")
    other = tmp_path / EXAMPLE / "checkins" / "2027-02.yaml"
    other.write_text("period: 2027-02\nplatforms: {facebook: {likes: -1}}\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        load_checkins(load_profile(path), path)
    where = [(Path(p.mark.source).name, p.mark.line) for p in info.value.problems]
    assert where == [("2027-01.yaml", 2), ("2027-02.yaml", 2)], info.value


def test_schema_and_profile_problems_of_one_file_are_reported_together(tmp_path: Path) -> None:
    problems = problems_in_folder(
        tmp_path,
        "period: 2026-12\nplatforms:\n  tiktok: {likes: 3}\n  facebook: {likes: -1}\n"
        "goals: {booking: 3}\n",
    )
    messages = [p.message for p in problems]
    assert len(messages) == 5, messages
    assert any("already recorded" in m for m in messages), messages
    assert any("not the month the file is named after" in m for m in messages), messages
    assert any("TikTok" in m for m in messages), messages
    assert any("must be at least 0" in m for m in messages), messages
    assert any("'booking'" in m for m in messages), messages


@pytest.mark.parametrize(
    "period",
    [
        pytest.param("Dec 2026", id="too-long"),
        pytest.param("2026-1", id="too-short"),
        pytest.param(
            "2026-12-01",
            id="a-date",
        ),
    ],
)
def test_a_period_not_written_as_a_month_gets_the_format(period: str) -> None:
    _, _, problems = parse_model(CheckIn, f"period: {period}\n".encode(), "c.yaml")
    assert [(p.mark.line, p.mark.col, p.hint) for p in problems] == [
        (1, 9, "write the month as YYYY-MM, such as 2026-12")
    ], [p.format() for p in problems]


def test_an_empty_checkin_points_to_playbook_checkin(tmp_path: Path) -> None:
    problems = problems_in_folder(tmp_path, "")
    assert [p.message for p in problems] == ["file is empty"]
    assert "playbook checkin" in problems[0].hint, problems[0].format()


def test_a_checkin_given_as_a_profile_gets_one_clear_line(
    run_playbook: Run, tmp_path: Path
) -> None:
    copy_example(tmp_path)
    month = tmp_path / EXAMPLE / "checkins" / "2026-12.yaml"
    result = run_playbook("check", str(month))
    assert result.returncode == 1
    assert result.stderr == (
        f"{month}:1:1: error: this is a check-in, not a profile (check it with its profile: "
        "playbook check PROFILE checks its check-ins too)\n"
    )


def test_check_reports_a_missing_logo_the_profile_names(run_playbook: Run, tmp_path: Path) -> None:
    path = copy_example(tmp_path)
    path.write_text(path.read_text() + "branding:\n  logo: gone.png\n")
    result = run_playbook("check", PROFILE_FILE)
    assert result.returncode == 1
    assert "error: logo file" in result.stderr and "gone.png not found" in result.stderr
