"""The engine on small profiles: which rules fire, with what evidence, in which order."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.engine.evaluate import evaluate
from generator.engine.posts import describe_posts
from generator.render.plan_pages import render_document, render_pages
from generator.rules.compile import Rulebook

from .. import helpers
from ..helpers import mix, plan


def fired(**changes: object) -> list[str]:
    return [f.rule.id for f in plan(**changes).findings]


def working(**changes: object) -> list[str]:
    return [w.rule.id for w in plan(**changes).working]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="baseline: nothing fires"),
        pytest.param(
            {"posting_mix": mix(promotional=45, conversation=25, replies=15, original=15)},
            ["pull-dont-push"],
            id="sales-heavy",
        ),
        pytest.param(
            {"posting_mix": mix(quotes=40, promotional=10, original=50)},
            ["be-conversational"],
            id="quotes, no questions",
        ),
        pytest.param(
            {
                "posting_mix": mix(
                    reshares=30, promotional=10, conversation=20, replies=10, original=30
                )
            },
            ["share-is-not-a-conversation"],
            id="reshare-heavy",
        ),
        pytest.param(
            {
                "goals": [
                    {"outcome": "Fans", "metric": "followers", "target": 100, "by": "2027-01-31"}
                ],
                "measuring": ["followers"],
            },
            ["decide-outcomes-first", "measure-engagement-outcomes"],
            id="vanity goal, only applause tracked",
        ),
        pytest.param({"measuring": []}, ["measure-engagement-outcomes"], id="tracks nothing"),
        pytest.param(
            {"measuring": ["likes", "followers"]},
            ["measure-engagement-outcomes"],
            id="tracks applause only",
        ),
        pytest.param({"measuring": ["Enquiries"]}, [], id="metric names match whatever the case"),
    ],
)
def test_which_rules_fire(changes: dict[str, object], expected: list[str]) -> None:
    assert fired(**changes) == expected


def test_a_client_who_follows_the_rules_gets_a_short_honest_plan() -> None:
    result = plan()
    assert result.findings == ()
    assert len(result.working) == 5
    text = render_pages(result)["action-plan.md"]
    assert "No rule asks for a change" in text
    assert "## This week" not in text
    assert len(text.splitlines()) < 40


def test_evidence_names_value_and_threshold() -> None:
    result = plan(posting_mix=mix(promotional=45, conversation=25, replies=15, original=15))
    (finding,) = result.findings
    assert finding.evidence == (
        "On LinkedIn: sales posts are 45% of posts; the rule asks for at most 10%.",
    )


def test_platform_rule_fires_only_where_the_platform_mix_breaks_it() -> None:
    result = plan(
        platforms=[
            {"name": "linkedin", "posts_per_week": 5},
            {
                "name": "instagram",
                "posts_per_week": 6,
                "posting_mix": mix(promotional=50, conversation=20, replies=10, original=20),
            },
        ]
    )
    (finding,) = result.findings
    assert finding.rule.id == "pull-dont-push"
    assert finding.platforms == ("instagram",)
    actions = [a for a in result.actions if a.horizon == "this-week"]
    assert {a.platforms for a in actions} == {("instagram",)}
    assert actions[0].text.startswith("On Instagram, every four weeks (24 posts): ")


def test_priority_orders_findings_by_size_and_weight() -> None:
    result = plan(
        posting_mix=mix(
            quotes=20, reshares=40, promotional=20, conversation=10, replies=5, original=5
        ),
        measuring=[],
    )
    ids = [f.rule.id for f in result.findings]
    # By size: how far the profile is from the rule, times the priority's weight.
    assert ids == [
        "be-conversational",  # high: gap 10+10+5 = 25, x1.5
        "share-is-not-a-conversation",  # medium: gap 30, x1
        "measure-engagement-outcomes",  # medium: no mix, taken as 20, x1
        "pull-dont-push",  # high: gap 10, x1.5
    ]
    assert [f.rule.id for f in result.top] == ids[:3]


def test_actions_are_grouped_by_horizon_and_every_action_names_its_rule() -> None:
    result = plan(
        posting_mix=mix(quotes=30, reshares=15, promotional=45, conversation=5, original=5)
    )
    horizons = [a.horizon for a in result.actions]
    assert horizons == sorted(horizons, key=["this-week", "30-days", "90-days"].index)
    assert all(a.rule_ids for a in result.actions)
    text = render_pages(result)["action-plan.md"]
    assert (
        text.index("## This week") < text.index("## Next 30 days") < text.index("## Next 90 days")
    )


def test_checklist_has_outcomes_engagement_with_denominators_and_context() -> None:
    result = plan(measuring=["likes"])
    text = render_pages(result)["measurement-checklist.md"]
    assert "- [ ] **Count enquiries every month**: Target: 10 a month by 2027-12-31." in text
    assert 'How to count it: Ask "How did you hear about us?"' in text
    assert "**Conversation rate**: `replies` ÷ `posts` from each check-in, on LinkedIn." in text
    assert "**Response rate**" in text
    assert "Engagement rate" not in text  # a check-in has no field for impressions
    context = text[text.index("## Context, not outcomes") :]
    assert "**Applause rate**: Context, not an outcome; you track this today" in context
    assert "**Follower growth**: Context, not an outcome." in context
    assert "**Amplification rate**" in context
    assert (
        text.index("## Outcomes from the goals")
        < text.index("## Engagement")
        < text.index("## Context")
    )
    assert all(line.startswith("- [ ] ") for line in text.splitlines() if line.startswith("- "))


HOSTILE_NAMES = [
    "Fondation <Enfants> & Co",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "# Not a heading",
    "1. not a list",
    "- not a list",
    "*not bold* _not italic_ `not code`",
    "| not | a | table |",
    "<img src=x onerror=alert(1)>",
    "Back\\slash \\* star",
    "{: .attr-list }",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_client_text_renders_literally(name: str) -> None:
    result = plan(
        client={"name": name, "industry": name, "coach": name},
        goals=[{"outcome": name, "metric": name, "target": 3, "by": "2027-12-31"}],
        measuring=[name],
    )
    document = render_document(result)
    html = markdown.markdown(document, extensions=["tables", "attr_list"])
    assert (
        "<script" not in html
        and "<img" not in html
        and "javascript:" not in html.replace("javascript:alert", "")
    )
    visible = re.sub(r"<[^>]+>", "", html)
    unescaped = visible.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert f"Action plan for {name}" in unescaped
    assert unescaped.count(name) >= 3


def test_names_with_markup_are_escaped_in_the_markdown_source() -> None:
    text = render_pages(plan(client={"name": "Fondation <Enfants> & Co"}))["action-plan.md"]
    assert text.startswith("# Action plan for Fondation &lt;Enfants&gt; &amp; Co\n")


def test_coach_and_industry_are_escaped_once() -> None:
    result = plan(client={"name": "Café", "industry": "food & drink", "coach": "Ann_Marie O'Neil"})
    html = markdown.markdown(render_pages(result)["action-plan.md"])
    assert "Coach: Ann_Marie O'Neil · Industry: food &amp; drink" in html


def test_actions_with_a_condition_appear_only_where_it_holds() -> None:
    no_quotes = plan(posting_mix=mix(promotional=40, conversation=10, replies=10, original=40))
    texts = [a.text for a in no_quotes.actions]
    assert "answering sessions of your weekly routine" in " ".join(texts)
    assert not any("inspirational quote into a question" in t for t in texts)
    quotes = plan(posting_mix=mix(quotes=20, promotional=40, conversation=10, original=30))
    assert any("inspirational quote into a question" in a.text for a in quotes.actions)


def test_a_platform_without_posts_is_not_judged() -> None:
    result = plan(
        platforms=[
            {"name": "linkedin", "posts_per_week": 5},
            {"name": "tiktok", "posts_per_week": 0, "posting_mix": mix(promotional=100)},
        ]
    )
    assert result.findings == ()
    tiktok = next(m for m in result.mix if m.platform == "tiktok")
    assert describe_posts(tiktok.counts, "TikTok").startswith("You do not post on TikTok yet")


def test_identical_findings_on_several_platforms_are_one_line() -> None:
    result = plan(
        platforms=[{"name": "instagram", "posts_per_week": 6}, {"name": "x", "posts_per_week": 3}],
        posting_mix=mix(promotional=45, conversation=25, replies=15, original=15),
    )
    (finding,) = result.findings
    assert finding.evidence == (
        "On Instagram and X: sales posts are 45% of posts; the rule asks for at most 10%.",
    )


def test_a_goal_counted_in_applause_is_context_in_the_checklist() -> None:
    goals = [
        {"outcome": "Bookings", "metric": "bookings", "target": 9, "by": "2027-01-31"},
        {"outcome": "Audience", "metric": "Instagram followers", "target": 90, "by": "2027-01-31"},
    ]
    entries = plan(goals=goals, measuring=["bookings"]).checklist
    sections = {str(e.title): e.section for e in entries}
    assert sections["Count bookings every month"] == "outcome"
    assert sections["Count Instagram followers every month"] == "context"


def test_json_carries_plain_text_not_markdown() -> None:
    import json

    from generator.render.plan_pages import render_json

    name = "Fondation <Enfants> & Co_1*"
    data = json.loads(render_json(plan(client={"name": name}, measuring=[])))
    assert data["client"]["name"] == name
    texts = [a["text"] for a in data["actions"]] + [c["detail"] for c in data["checklist"]]
    assert not any("\\" in t or "&amp;" in t for t in texts)


def test_an_action_about_a_kind_is_left_out_where_the_plan_recommends_none_of_it() -> None:
    """One hour a week leaves no room for reshares: the plan cuts them to none, so it must not
    tell the client what to write before each reshare."""
    shares = {"quotes": 40, "reshares": 20, "promotional": 20, "conversation": 10,
              "replies": 0, "original": 10}  # fmt: skip
    book = helpers.rulebook()
    golden = Rulebook(
        tuple(r for r in book.rules if r.origin == "golden"), book.metrics, book.advice
    )
    busy = evaluate(
        helpers.profile(
            posting_mix=shares,
            platforms=[{"name": "instagram", "posts_per_week": 3}],
            hours_per_week=1,
        ),
        golden,
    )
    roomy = evaluate(
        helpers.profile(
            posting_mix=shares,
            platforms=[{"name": "instagram", "posts_per_week": 7}],
            hours_per_week=10,
        ),
        golden,
    )
    for made, expected in ((busy, False), (roomy, True)):
        (advice,) = made.mix
        assert (advice.counts.recommended["reshares"] > 0) is expected
        texts = " ".join(a.text for a in made.actions)
        assert ("Before each reshare" in texts) is expected
        checklist = " ".join(entry.title for entry in made.checklist)
        assert ("For each reshare" in checklist) is expected
