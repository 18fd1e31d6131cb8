"""Plans speak the client's language: held-out profiles of five kinds of client (written here,
not in content/examples) get their own audience noun, their sector's safeguards, lines of
each platform's own and example posts for every kind recommended there."""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from typing import Any

import pytest

from generator.engine.evaluate import evaluate
from generator.engine.plan import Plan
from generator.engine.sector import match_sector
from generator.pipeline.rulebook import load_rulebook
from generator.render.plan_pages import plan_data, render_document
from generator.rules.compile import Rulebook
from generator.source.validate import profile_from_bytes

from ..pipeline.test_advice import ANSWER_IN_PUBLIC

HELD_OUT = {
    "therapist": """
client: {name: Quiet Harbour Counselling, industry: counselling and psychotherapy}
goals:
  - {outcome: More first consultations, metric: consultations, target: 6}
platforms:
  - {name: instagram, posts_per_week: 3}
  - {name: facebook, posts_per_week: 2}
posting_mix: {quotes: 50, reshares: 10, promotional: 30, original: 10}
""",
    "dentist": """
client: {name: Brookside Dental, industry: family dental practice}
goals:
  - {outcome: New patient registrations, metric: registrations, target: 20}
platforms:
  - {name: facebook, posts_per_week: 3}
  - {name: youtube, posts_per_week: 1}
  - {name: pinterest, posts_per_week: 2}
posting_mix: {quotes: 20, reshares: 20, promotional: 50, original: 10}
""",
    "council": """
client: {name: Eastmoor District Council, industry: district council}
goals:
  - {outcome: More residents report missed bins online, metric: reports, target: 300}
platforms:
  - {name: x, posts_per_week: 10}
  - {name: mastodon, posts_per_week: 5}
  - {name: bluesky, posts_per_week: 5}
posting_mix: {quotes: 5, reshares: 40, promotional: 30, conversation: 5, original: 20}
""",
    "musician": """
client: {name: Wren Hollow, industry: folk musician}
goals:
  - {outcome: Sell out the spring tour, metric: tickets, target: 400}
platforms:
  - {name: tiktok, posts_per_week: 4}
  - {name: youtube, posts_per_week: 1}
  - {name: threads, posts_per_week: 3}
posting_mix: {quotes: 10, reshares: 10, promotional: 60, original: 20}
""",
    "charity": """
client: {name: Millbrook Food Bank, industry: food bank charity}
goals:
  - {outcome: More regular volunteers, metric: volunteers, target: 15}
platforms:
  - {name: facebook, posts_per_week: 4}
  - {name: linkedin, posts_per_week: 1}
  - {name: bluesky, posts_per_week: 2}
posting_mix: {quotes: 30, reshares: 30, promotional: 20, conversation: 10, original: 10}
""",
}
SECTORS = {
    "therapist": ("therapy", "clients"),
    "dentist": ("health", "patients"),
    "council": ("public-sector", "residents"),
    "musician": ("arts-and-music", "fans"),
    "charity": ("charity", "supporters"),
}


@cache
def book() -> Rulebook:
    return load_rulebook()


@cache
def plan_of(name: str) -> Plan:
    profile = profile_from_bytes(HELD_OUT[name].encode(), f"{name}.yaml")
    return evaluate(profile, book())


def outputs(name: str) -> tuple[str, dict[str, Any]]:
    plan = plan_of(name)
    return render_document(plan), json.loads(json.dumps(plan_data(plan), default=str))


@pytest.mark.parametrize("name", sorted(HELD_OUT))
def test_the_plan_uses_the_sector_and_audience_of_the_client(name: str) -> None:
    markdown, data = outputs(name)
    sector, many = SECTORS[name]
    assert data["sector"]["id"] == sector
    assert data["sector"]["audience"]["many"] == many
    assert many in markdown
    assert "customer" not in markdown.lower(), name
    assert "customer" not in json.dumps(data).lower(), name


@pytest.mark.parametrize("name", sorted(HELD_OUT))
def test_every_platform_has_lines_of_its_own_and_examples_for_each_kind(name: str) -> None:
    _, data = outputs(name)
    for entry in data["posting_mix"]["platforms"]:
        assert entry["advice"], (name, entry["platform"])
        # Every kind the plan still asks for in whole posts, a saying cut back to one post
        # included; a kind the platform does not have gets no posts (questions on Pinterest).
        recommended = [k for k, v in entry["recommended_posts"].items() if v > 0]
        kinds = [e["kind"] for e in entry["examples"]]
        for kind in set(kinds):
            assert kinds.count(kind) >= 2, (name, entry["platform"], kind)
        for kind in recommended:
            assert kinds.count(kind) >= 2, (name, entry["platform"], kind)


def test_the_therapist_gets_the_disclosure_safeguard_and_no_advice_to_answer_in_public() -> None:
    markdown, data = outputs("therapist")
    assert "Never answer a personal disclosure in public" in markdown
    assert "Samaritans" in markdown  # the stock reply
    assert markdown.index("Never answer a personal disclosure") < markdown.index("## Posting mix")
    assert not ANSWER_IN_PUBLIC.search(markdown), ANSWER_IN_PUBLIC.search(markdown)
    assert not ANSWER_IN_PUBLIC.search(json.dumps(data))
    assert data["safeguards"][0]["id"] == "no-public-disclosure-replies"


def test_same_inputs_same_examples_and_other_clients_other_examples() -> None:
    first = plan_of("dentist").platform_ideas
    profile = profile_from_bytes(HELD_OUT["dentist"].encode(), "dentist.yaml")
    assert evaluate(profile, book()).platform_ideas == first
    other = HELD_OUT["dentist"].replace("Brookside Dental", "Hillview Dental Care")
    renamed = evaluate(profile_from_bytes(other.encode(), "other.yaml"), book()).platform_ideas
    assert [e.idea for p in renamed for e in p.examples] != [
        e.idea for p in first for e in p.examples
    ]


@pytest.mark.parametrize(
    ("industry", "sector"),
    [
        ("mental health charity", "therapy"),  # the longest phrase wins
        ("health", "health"),
        ("music teacher", "education"),
        ("painter and decorator", "trades"),
        ("Painter", "arts-and-music"),
        ("artisan bakery", "food-and-drink"),  # 'art' is not a whole word of 'artisan'
        ("b&b by the sea", "hospitality"),
    ],
)
def test_sectors_are_matched_by_whole_words_and_the_longest_phrase(
    industry: str, sector: str
) -> None:
    advice = book().advice
    assert advice is not None
    found = match_sector(industry, advice.sectors)
    assert found is not None and found[0].id == sector, found


def test_a_profile_can_name_its_sector_and_audience_outright() -> None:
    text = HELD_OUT["musician"].replace(
        "industry: folk musician}",
        "industry: folk musician, sector: charity, audience: {one: listener, many: listeners}}",
    )
    plan = evaluate(profile_from_bytes(text.encode(), "named.yaml"), book())
    assert plan.sector is not None
    assert (plan.sector.sector.id, plan.sector.how) == ("charity", "named")
    assert "listeners" in render_document(plan)


def test_hostile_ideas_in_a_library_that_skipped_the_check_are_inert() -> None:
    advice = book().advice
    assert advice is not None
    hostile = [
        "{{ ''.__class__.__mro__ }} tell us {{ audience }}",
        "<script>alert(1)</script> What do {{ audience }} think?",
        "[Win a prize](javascript:alert(1)) by answering below",
        "{% for x in range(99999999) %}{{ x }}{% endfor %}",
    ]
    ideas = tuple(
        dataclasses.replace(
            advice.ideas[0], id=f"hostile-{i}", kind=kind, text=text, sectors=["all"]
        )
        for i, text in enumerate(hostile)
        for kind in ("conversation", "original", "replies", "promotional", "reshares", "quotes")
    )
    tampered = dataclasses.replace(book(), advice=dataclasses.replace(advice, ideas=ideas))
    profile = profile_from_bytes(HELD_OUT["council"].encode(), "council.yaml")
    plan = evaluate(profile, tampered)
    markdown = render_document(plan)
    shown = [e.text for p in plan.platform_ideas for e in p.examples]
    assert shown  # the markup payloads are shown, defused; the template ones are left out
    assert "__class__" not in markdown and "range(" not in markdown
    assert "<script" not in markdown and not re.search(r"(?<!\\)\]\(javascript", markdown)
