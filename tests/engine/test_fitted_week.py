"""The plan says what the fitted week holds: no action quotes a limit the week does not
keep, the time budget keeps the platform where the audience talks, and lines about the
week speak only of the platforms it keeps. Small profiles, shaped like held-out clients."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.errors import ProblemsError
from generator.pipeline.advice import load_advice
from generator.render.plan_pages import PLAN_PAGE, heading_anchor, render_pages

from ..conftest import ROOT
from .test_client_words import _profile, plan_for

FOUR_PLATFORMS = (
    "{name: instagram, posts_per_week: 3}, {name: tiktok, posts_per_week: 4}, "
    "{name: youtube, posts_per_week: 1}, {name: bluesky, posts_per_week: 3}"
)
TALKATIVE = "reshares: 5, promotional: 10, conversation: 35, replies: 35, original: 15"
QUIET = "quotes: 20, reshares: 20, promotional: 20, conversation: 20, replies: 0, original: 20"
OWN = re.compile(r"Plan (\d+) posts? of your own in every 10")


@pytest.mark.parametrize(
    ("industry", "platforms", "mix", "hours"),
    [
        ("indie folk duo", FOUR_PLATFORMS, TALKATIVE, 2),
        ("indie folk duo", FOUR_PLATFORMS, TALKATIVE, 12),
        ("bakery", "{name: instagram, posts_per_week: 5}", QUIET, 2),
        ("bakery", "{name: instagram, posts_per_week: 5}", QUIET, 10),
        (
            "town council",
            "{name: facebook, posts_per_week: 5}, {name: x, posts_per_week: 5}",
            QUIET,
            3,
        ),
    ],
)
def test_an_action_never_quotes_a_share_the_week_does_not_hold(
    industry: str, platforms: str, mix: str, hours: float
) -> None:
    _, markdown, data = plan_for(_profile(industry, platforms, mix, hours))
    held = data["posting_mix"]["recommended"]["original"]
    for found in OWN.finditer(markdown):
        assert held >= int(found.group(1)) * 10, (found.group(0), held)


def test_the_own_posts_action_stays_where_the_week_holds_it() -> None:
    _, markdown, data = plan_for(
        _profile("bakery", "{name: instagram, posts_per_week: 5}", QUIET, 10)
    )
    assert data["posting_mix"]["recommended"]["original"] >= 30
    assert OWN.search(markdown)


PHYSIO = (
    "{name: instagram, posts_per_week: 3}, {name: youtube, posts_per_week: 1}, "
    "{name: pinterest, posts_per_week: 4}"
)
PHYSIO_MIX = (
    "quotes: 10, reshares: 10, promotional: 25, conversation: 10, replies: 10, original: 35"
)


@pytest.mark.parametrize(
    ("platforms", "mix", "hours", "kept", "first_paused"),
    [
        # The busiest platform has no questions: the one where people talk is kept.
        (PHYSIO, PHYSIO_MIX, 2, "Instagram", "Pinterest"),
        (PHYSIO, PHYSIO_MIX, 3, "Instagram", "Pinterest"),
        # As much conversation on both: the one where the sector's audience talks is kept.
        (
            "{name: x, posts_per_week: 5}, {name: facebook, posts_per_week: 5}",
            PHYSIO_MIX,
            2,
            "Facebook",
            "X",
        ),
        # Where the week holds more questions and replies, that platform is kept.
        (
            "{name: linkedin, posts_per_week: 1}, {name: mastodon, posts_per_week: 6}",
            TALKATIVE,
            1,
            "Mastodon",
            "LinkedIn",
        ),
    ],
)
def test_the_budget_keeps_where_the_audience_talks(
    platforms: str, mix: str, hours: float, kept: str, first_paused: str
) -> None:
    plan, markdown, data = plan_for(_profile("town council", platforms, mix, hours))
    paused = data["routine"]["paused"]
    assert paused and paused[0] == first_paused and kept not in paused
    line = next(n for n in plan.routine.budget.notes if ", keep " in n)  # type: ignore[union-attr]
    assert ", keep " in line and kept in line.split("; pause ")[0]
    assert first_paused in line.split("; pause ")[1]
    assert markdown.count(line) == 1
    # Same inputs, same choice.
    assert plan_for(_profile("town council", platforms, mix, hours))[2] == data


@pytest.mark.parametrize(
    ("platforms", "mix", "hours"),
    [(FOUR_PLATFORMS, TALKATIVE, 2), (PHYSIO, PHYSIO_MIX, 3), (PHYSIO, PHYSIO_MIX, 2)],
)
def test_lines_speak_only_of_the_platforms_the_week_keeps(
    platforms: str, mix: str, hours: float
) -> None:
    plan, markdown, _ = plan_for(_profile("indie folk duo", platforms, mix, hours))
    paused = [m for m in plan.mix if m.paused]
    assert paused
    checklist = markdown[markdown.index("# Measurement checklist") :]
    for m in paused:
        assert m.label not in checklist
        assert not [a for a in plan.actions if m.platform in a.platforms]
        assert f"### {m.label}" not in markdown
    # The pause is said in the week's note, under the table and once on each platform.
    line = next(n for n in plan.routine.budget.notes if ", keep " in n)  # type: ignore[union-attr]
    assert all(m.label in line for m in paused)


@pytest.mark.parametrize(
    ("industry", "label", "one"),
    [
        ("animal rescue charity", "Appeals", "appeal"),
        ("town council", "Calls to action", "call to action"),
        ("couples counselling", "Invitations to book", "invitation to book"),
        ("bakery", "Sales posts", "sales post"),  # the default where a sector names none
    ],
)
def test_the_sales_kind_is_named_in_the_sectors_words(industry: str, label: str, one: str) -> None:
    _, markdown, data = plan_for(
        _profile(industry, "{name: instagram, posts_per_week: 5}", QUIET, 3)
    )
    assert f"| {label} |" in markdown
    tasks = [s["task"] for s in data["routine"]["slots"] if s["kind"] == "promotional"]
    assert tasks and all(f"({one})" in t or f"1 {one}" in t for t in tasks)
    if label != "Sales posts":
        plan_text = markdown[: markdown.index("## Why these actions")]
        assert "sales post" not in plan_text.lower()


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("{one: appeal}", "many"),
        ("{one: appeal, many: appeals, few: some}", "few"),
        ("{one: '', many: appeals}", "one"),
    ],
)
def test_a_bad_sales_label_is_one_line_at_its_place(tmp_path: Path, label: str, words: str) -> None:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "advice", folder / "advice")
    charity = folder / "advice" / "sectors" / "charity.yaml"
    text = charity.read_text(encoding="utf-8")
    old = "sales_label: {one: appeal, many: appeals}"
    assert old in text
    charity.write_text(text.replace(old, f"sales_label: {label}"), encoding="utf-8")
    with pytest.raises(ProblemsError) as raised:
        load_advice(folder)
    # One line for the sector file (ideas that name the sector then say it is unknown).
    lines = [p.format() for p in raised.value.problems if "charity.yaml" in p.format()]
    assert len(lines) == 1, lines
    assert re.match(r"^\S*charity\.yaml:11:\d+: error: ", lines[0]), lines[0]
    assert words in lines[0], lines[0]


SHOP_WORDS = re.compile(
    r"\bneighbours?\b|\bsales posts?\b|\boffer (post|video)|before buying|sales messages",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("industry", "platforms"),
    [
        ("town council", "{name: facebook, posts_per_week: 5}, {name: x, posts_per_week: 5}"),
        ("animal rescue charity", "{name: facebook, posts_per_week: 4}"),
        ("couples counselling", "{name: instagram, posts_per_week: 2}"),
        ("primary school", "{name: facebook, posts_per_week: 3}"),
    ],
)
def test_no_shop_words_in_the_plan_of_a_sector_that_does_not_sell(
    industry: str, platforms: str
) -> None:
    mix = "quotes: 10, reshares: 20, promotional: 40, conversation: 10, replies: 0, original: 20"
    _, markdown, _ = plan_for(_profile(industry, platforms, mix, 8))
    found = SHOP_WORDS.search(markdown)
    assert not found, markdown[max(found.start() - 120, 0) : found.end() + 40]


# A coach reads a plan of a client with little wrong in a few minutes: the action plan page
# stays under this many Markdown lines (blank lines included).
SHORT_PLAN_LINES = 120


def _plan_page(industry: str, platforms: str, mix: str, hours: float) -> tuple[object, str]:
    plan, _, _ = plan_for(_profile(industry, platforms, mix, hours))
    return plan, render_pages(plan)[PLAN_PAGE]


@pytest.mark.parametrize(
    ("industry", "platforms", "mix", "hours"),
    [
        (
            "software consultancy",
            "{name: mastodon, posts_per_week: 6}, {name: bluesky, posts_per_week: 4}, "
            "{name: linkedin, posts_per_week: 1}, {name: youtube, posts_per_week: 0.25}",
            "reshares: 5, promotional: 5, conversation: 30, replies: 45, original: 15",
            1.5,
        ),
        (
            "software consultancy",
            "{name: mastodon, posts_per_week: 5}",
            "reshares: 0, promotional: 5, conversation: 30, replies: 35, original: 30",
            3,
        ),
    ],
)
def test_a_client_with_little_wrong_gets_a_short_plan(
    industry: str, platforms: str, mix: str, hours: float
) -> None:
    _, page = _plan_page(industry, platforms, mix, hours)
    assert len(page.splitlines()) <= SHORT_PLAN_LINES, len(page.splitlines())


def test_a_client_with_much_wrong_still_gets_every_step() -> None:
    plan, page = _plan_page(
        "town council",
        "{name: facebook, posts_per_week: 5}, {name: x, posts_per_week: 5}, "
        "{name: mastodon, posts_per_week: 2}",
        "quotes: 10, reshares: 40, promotional: 20, conversation: 5, replies: 5, original: 20",
        3,
    )
    assert len(plan.findings) >= 4  # type: ignore[attr-defined]
    for finding in plan.findings:  # type: ignore[attr-defined]
        assert finding.rule.spec.title in page
    for action in plan.actions:  # type: ignore[attr-defined]
        assert action.text in page
    # Every link to a rule lands on a section of this page (or on the rule's guide page).
    sections = {heading_anchor(t) for t in re.findall(r"^#+ (.+)$", page, re.M)}
    for anchor in re.findall(r"\]\(#([a-z0-9-]+)\)", page):
        assert anchor in sections, anchor


CONSULTANT = (
    "{name: mastodon, posts_per_week: 6}, {name: bluesky, posts_per_week: 4}, "
    "{name: linkedin, posts_per_week: 1}"
)
CHATTY = "reshares: 5, promotional: 5, conversation: 30, replies: 45, original: 15"


@pytest.mark.parametrize(
    ("industry", "platforms", "mix", "hours"),
    [
        ("software consultancy", CONSULTANT, CHATTY, 1.5),
        ("software consultancy", CONSULTANT, CHATTY, 1),
        ("indie folk duo", FOUR_PLATFORMS, TALKATIVE, 2),
        ("bakery", "{name: instagram, posts_per_week: 5}", QUIET, 1),
    ],
)
def test_a_small_week_keeps_the_balance_of_the_recommended_mix(
    industry: str, platforms: str, mix: str, hours: float
) -> None:
    # Trimming to the hours takes from the largest pile of own posts, questions and replies,
    # so the client's own posts keep at least the share the untrimmed week gives them.
    _, _, roomy = plan_for(_profile(industry, platforms, mix, 40))
    _, _, small = plan_for(_profile(industry, platforms, mix, hours))
    wanted = roomy["posting_mix"]["recommended"]["original"]
    assert small["posting_mix"]["recommended"]["original"] >= min(wanted, 30) - 5, small


@pytest.mark.parametrize(
    ("industry", "platforms", "mix", "hours"),
    [
        ("physiotherapy clinic", PHYSIO, PHYSIO_MIX, 8),
        ("physiotherapy clinic", PHYSIO, PHYSIO_MIX, 40),
        ("software consultancy", CONSULTANT, QUIET, 6),
        ("indie folk duo", FOUR_PLATFORMS, QUIET, 12),
        (
            "town council",
            "{name: facebook, posts_per_week: 5}, {name: x, posts_per_week: 5}",
            QUIET,
            5,
        ),
    ],
)
def test_a_step_for_several_platforms_is_said_once_a_horizon(
    industry: str, platforms: str, mix: str, hours: float
) -> None:
    _, markdown, _ = plan_for(_profile(industry, platforms, mix, hours))
    for horizon in re.split(r"^## ", markdown, flags=re.M)[1:]:
        steps = [line for line in horizon.splitlines() if line.startswith("- ")]
        assert len(steps) == len(set(steps)), horizon
