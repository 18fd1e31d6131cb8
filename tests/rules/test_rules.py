"""Rule files: every bundled rule keeps its own examples; broken rules are refused with a place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.engine.evaluate import judge
from generator.errors import ProblemsError
from generator.pipeline.rulebook import load_rulebook, merge_example
from generator.rules.files import BASELINE, rule_files
from generator.source.load import read_file
from generator.source.validate import load_profile, validate_profile

from ..conftest import ROOT
from ..helpers import mix, profile, rulebook

RULES = ROOT / "content" / "rules"


def example_cases() -> list[tuple[str, str, int]]:
    cases = []
    for rule in rulebook().rules:
        cases += [(rule.id, "fires", i) for i in range(len(rule.spec.examples.fires))]
        cases += [(rule.id, "quiet", i) for i in range(len(rule.spec.examples.quiet))]
    return cases


@pytest.mark.parametrize(("rule_id", "expected", "index"), example_cases())
def test_rule_behaves_on_its_own_examples(rule_id: str, expected: str, index: int) -> None:
    rule = next(r for r in rulebook().rules if r.id == rule_id)
    example = getattr(rule.spec.examples, expected)[index]
    profile = validate_profile(merge_example(read_file(RULES / BASELINE), example))
    verdict = judge(rule, profile)
    assert bool(verdict.fired) == (expected == "fires"), example.name
    if verdict.fired:
        assert verdict.evidence, "a rule that fires must say why"


def test_no_rule_fires_on_the_baseline_profile() -> None:
    baseline = load_profile(RULES / BASELINE)
    assert [r.id for r in rulebook().rules if judge(r, baseline).fired] == []


def test_the_five_golden_rules_in_order() -> None:
    golden = [r for r in rulebook().rules if r.origin == "golden"]
    assert [(r.spec.number, r.id) for r in golden] == [
        (1, "be-conversational"),
        (2, "share-is-not-a-conversation"),
        (3, "pull-dont-push"),
        (4, "decide-outcomes-first"),
        (5, "measure-engagement-outcomes"),
    ]
    for rule in golden:
        assert any("Gary Armstrong" in (ref.author or "") for ref in rule.spec.references)


GOOD_RULE = """\
id: {id}
title: Answer within a day
summary: Reply to comments and messages within a day.
why: People who wait for an answer rarely come back.
working: Replies come quickly.
priority: medium
when: mix.replies < 20
when_text: replies are fewer than one post in five
evidence:
  - "Replies are {{{{ mix.replies }}}}% of posts."
actions:
  - horizon: this-week
    text: Answer every comment before posting anything new.
checklist:
  - text: Note how long each answer took.
    metric: response-time
references:
  - title: Own experience
    author: A Contributor
examples:
  fires:
    - name: few replies
      profile:
        posting_mix: {{quotes: 5, reshares: 5, promotional: 10, conversation: 65, replies: 15}}
  quiet:
    - name: many replies
      profile:
        posting_mix: {{quotes: 5, reshares: 5, promotional: 10, conversation: 40, replies: 40}}
platforms: [all]
tags: [response, customer-service]
contributor: A Contributor
added: 2026-11-01
"""


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    (folder / "community").mkdir(exist_ok=True)
    return folder


def write_rule(folder: Path, text: str, name: str = "answer-within-a-day") -> Path:
    path = folder / "community" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_community_rule_loads_and_ranks_after_golden_rules(rules_copy: Path) -> None:
    write_rule(rules_copy, GOOD_RULE.format(id="answer-within-a-day"))
    book = load_rulebook(rules_copy)
    community = [r.id for r in book.rules if r.origin == "community"]
    assert [r.origin for r in book.rules] == ["golden"] * 5 + ["community"] * len(community)
    assert community == sorted(community) and "answer-within-a-day" in community


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


BASE = GOOD_RULE.format(id="answer-within-a-day")
BROKEN = [
    (
        "unknown variable",
        replace(BASE, "when: mix.replies < 20", "when: replies < 20"),
        7,
        "when: unknown variable 'replies'",
    ),
    (
        "unknown attribute",
        replace(BASE, "when: mix.replies < 20", "when: mix.reply < 20"),
        7,
        "'mix' has no 'reply'",
    ),
    (
        "syntax error",
        replace(BASE, "when: mix.replies < 20", "when: mix.replies <"),
        7,
        "Jinja syntax error",
    ),
    (
        "python internals",
        replace(BASE, "when: mix.replies < 20", "when: mix.__class__"),
        7,
        "'__class__' starts with '_'",
    ),
    (
        "template error in evidence",
        replace(BASE, "{{ mix.replies }}", "{{ mix.replies }"),
        10,
        "evidence[0]: Jinja syntax error",
    ),
    (
        "example that should fire but does not",
        replace(BASE, "conversation: 65, replies: 15", "conversation: 50, replies: 30"),
        22,
        "example 'few replies' should make the rule fire, but it does not",
    ),
    (
        "example that should stay quiet but fires",
        replace(BASE, "conversation: 40, replies: 40", "conversation: 70, replies: 10"),
        26,
        "example 'many replies' should leave the rule quiet, but it fires",
    ),
    (
        "example that is not a valid profile",
        replace(BASE, "conversation: 40, replies: 40", "conversation: 40, replies: 30"),
        28,
        "posting mix adds up to 90, not 100",
    ),
    ("id differs from file name", replace(BASE, "id: answer", "id: reply"), 1, "differs from"),
    ("raw HTML", replace(BASE, "rarely come back.", "rarely <b>come</b> back."), 4, "raw HTML"),
    (
        "reference url breaking out of the link",
        replace(BASE, "author: A Contributor", "url: https://a.example/x)![i](https://b.example/i"),
        19,
        "without spaces, brackets or quotes",
    ),
    (
        "script link",
        replace(BASE, "rarely come back.", "[come back](javascript:alert(1))"),
        4,
        "links must be http",
    ),
    (
        "unknown metric",
        replace(BASE, "metric: response-time", "metric: response-times"),
        16,
        "unknown metric 'response-times' (did you mean 'response-time'?",
    ),
    (
        "unknown mix kind",
        replace(BASE, "when: mix.replies < 20", "mix: {reply: {min: 20}}"),
        7,
        "unknown posting-mix kind 'reply' (did you mean 'replies'?",
    ),
    (
        "min above max",
        replace(BASE, "when: mix.replies < 20", "mix: {replies: {min: 30, max: 20}}"),
        7,
        "min 30 is above max 20",
    ),
    ("no examples", BASE[: BASE.index("examples:")], 1, "missing the required key 'examples'"),
    (
        "no quiet example",
        BASE[: BASE.index("  quiet:")],
        20,
        "missing the required key 'quiet'",
    ),
    (
        "no contributor",
        replace(BASE, "contributor: A Contributor\n", ""),
        1,
        "a community rule needs 'contributor:' (add contributor: your name or handle)",
    ),
    (
        "no date added",
        replace(BASE, "added: 2026-11-01\n", ""),
        1,
        "a community rule needs 'added:' (add added: today's date, as YYYY-MM-DD)",
    ),
    (
        "no tags",
        replace(BASE, "tags: [response, customer-service]\n", ""),
        1,
        "a community rule needs 'tags:' (add tags: one or more of b2b, community,",
    ),
    (
        "unknown tag",
        replace(BASE, "tags: [response, customer-service]", "tags: [response, replies]"),
        30,
        "unknown tag 'replies'",
    ),
    (
        "no platforms",
        replace(BASE, "platforms: [all]\n", ""),
        1,
        "a community rule needs 'platforms:' (add platforms: [all], or the platforms",
    ),
    (
        "all with other platforms",
        replace(BASE, "platforms: [all]", "platforms: [all, x]"),
        29,
        "'all' already covers every platform (write [all] alone)",
    ),
    (
        "no credit",
        replace(BASE, "references:\n  - title: Own experience\n    author: A Contributor\n", ""),
        1,
        "the rule gives no credit: it needs 'references:' or 'own_experience:' (add references:",
    ),
    (
        "bad reference url",
        replace(BASE, "author: A Contributor", "url: http://example.com"),
        19,
        "give a full https:// address",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_rule_is_refused_with_file_line_and_fix(
    rules_copy: Path, text: str, line: int, message: str
) -> None:
    path = write_rule(rules_copy, text)
    with pytest.raises(ProblemsError) as caught:
        load_rulebook(rules_copy)
    lines = [p.format() for p in caught.value.problems]
    mine = [p for p in caught.value.problems if p.mark.source.endswith(path.name)]
    assert mine, lines
    assert any(message in p.format() and p.mark.line == line for p in mine), lines
    assert all(p.hint for p in mine), lines


def test_same_id_in_two_folders_is_refused(rules_copy: Path, tmp_path: Path) -> None:
    write_rule(rules_copy, BASE)
    own = tmp_path / "own"
    own.mkdir()
    (own / "answer-within-a-day.yaml").write_text(BASE)
    with pytest.raises(ProblemsError) as caught:
        load_rulebook(rules_copy, own=own)
    messages = [p.message for p in caught.value.problems]
    assert any("id 'answer-within-a-day' is also used by" in m for m in messages), messages


def test_rule_files_are_found_in_precedence_order(rules_copy: Path) -> None:
    write_rule(rules_copy, BASE)
    found = [(source, path.stem) for source, path in rule_files(rules_copy)]
    assert ("community", "answer-within-a-day") in found
    sources = [s for s, _ in found]
    assert sources == sorted(sources, key=["golden", "community"].index)
    assert sources.count("golden") == 5


def test_own_experience_is_credit_enough(rules_copy: Path) -> None:
    text = replace(
        BASE,
        "references:\n  - title: Own experience\n    author: A Contributor\n",
        "own_experience: Five years of answering a shop's messages\n",
    )
    write_rule(rules_copy, text)
    rule = next(r for r in load_rulebook(rules_copy).rules if r.id == "answer-within-a-day")
    assert rule.spec.references == [] and rule.spec.own_experience


def test_rule_text_that_fails_on_its_examples_points_at_the_field(rules_copy: Path) -> None:
    text = BASE.replace(
        "    text: Answer every comment before posting anything new.",
        "    text: Answer {{ goals[3].metric }} first.",
    )
    write_rule(rules_copy, text)
    with pytest.raises(ProblemsError) as caught:
        load_rulebook(rules_copy)
    mine = [p for p in caught.value.problems if p.mark.source.endswith("answer-within-a-day.yaml")]
    assert [(p.mark.line, "no item 3 in the list" in p.message) for p in mine] == [(13, True)]


def test_a_rule_for_some_platforms_skips_clients_without_them(rules_copy: Path) -> None:
    text = BASE.replace("priority: medium\n", "priority: medium\nscope: platform\n").replace(
        "platforms: [all]", "platforms: [linkedin]"
    )
    write_rule(rules_copy, text)
    rule = next(r for r in load_rulebook(rules_copy).rules if r.id == "answer-within-a-day")
    on_x = profile(platforms=[{"name": "x", "posts_per_week": 3}], posting_mix=mix(original=100))
    on_linkedin = profile(posting_mix=mix(original=100))
    assert judge(rule, on_x).applies == ()
    assert judge(rule, on_linkedin).fired == ("linkedin",)
