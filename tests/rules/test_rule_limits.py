"""What one rule, or many, may cost a plan: time, the profiles they must work on, and text.

Each case starts from a reproduction that once got through: twenty slow fields that each
kept under the per-text time limit; a rule reading goals[1] that passed its check and then
failed every one-goal profile; hundreds of rules whose text made one client site of 63 MB.
"""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.engine.evaluate import evaluate
from generator.errors import ProblemsError
from generator.model.profile import Profile
from generator.rules import budget
from generator.rules.code import TextTemplate
from generator.rules.compile import CompiledRule, Rulebook, compile_rule
from generator.source.load import parse_text
from generator.source.validator import build

from ..conftest import Run
from ..helpers import profile, rulebook
from .test_rule_safety import PROBLEM, dump, rule_data

JARGON = re.compile(r"NoneType|object|attribute|element|Error|Traceback|'None'")


@cache
def loop_of(seconds: float) -> str:
    """Rule text whose loops run for about `seconds` on this machine."""
    sample = "{% for a in 'x' * 100 %}{% for b in 'x' * 1000 %}{% endfor %}{% endfor %}"
    # CPU time, as the budgets count it: a busy machine must not shrink the loops.
    start = time.thread_time()
    TextTemplate(sample).render({})
    per_pass = max((time.thread_time() - start) / 100, 1e-6)
    outer = max(1, min(4000, round(seconds / per_pass)))
    loops = f"{{% for a in 'x' * {outer} %}}{{% for b in 'x' * 1000 %}}{{% endfor %}}{{% endfor %}}"
    return "Do this." + loops


def rule_file(folder: Path, rule_id: str, **changes: Any) -> Path:
    data = rule_data(rule_id)
    data.update(changes)
    path = folder / f"{rule_id}.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def compiled(path: Path) -> CompiledRule:
    """The rule as a plan uses it once checked (no examples run here)."""
    from generator.model.rule import RuleSpec

    spec, problems = build(RuleSpec, parse_text(path.read_text(encoding="utf-8"), str(path)))
    assert spec is not None, problems
    rule, problems = compile_rule(spec, None, "own", str(path), checked=True)
    assert rule is not None, problems
    return rule


def problems_of(result: Any, path: Path) -> list[re.Match[str]]:
    found = [PROBLEM.match(line) for line in result.stderr.splitlines()]
    return [m for m in found if m and Path(m["file"]).name == path.name]


# Twenty action texts, each looping for about 0.15 s: well under the 0.5 s limit of one
# text, three seconds for the rule on one profile.
def slow_actions() -> list[dict[str, str]]:
    return [{"horizon": "this-week", "text": loop_of(0.15)} for _ in range(20)]


def test_rules_check_refuses_a_rule_over_its_budget_per_profile(
    tmp_path: Path, run_playbook: Run
) -> None:
    path = rule_file(tmp_path, "slow-actions", actions=slow_actions())
    start = time.monotonic()
    result = run_playbook("rules", "check", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert time.monotonic() - start < 15
    mine = problems_of(result, path)
    assert len(mine) == 1, result.stderr
    assert f"more than {budget.RULE_BUDGET:g} s in all" in mine[0]["what"] and mine[0]["fix"]


def test_a_plan_stops_a_slow_rule_at_its_budget_with_one_line(tmp_path: Path) -> None:
    rule = compiled(rule_file(tmp_path, "slow-actions", actions=slow_actions()))
    book = Rulebook((*rulebook().rules, rule), rulebook().metrics)
    start = time.thread_time()
    with pytest.raises(ProblemsError) as caught:
        evaluate(_firing(), book)
    assert time.thread_time() - start < budget.RULE_BUDGET + budget.TIME_LIMIT + 1
    lines = [p.format() for p in caught.value.problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{tmp_path / 'slow-actions.yaml'}:")
    assert "rule 'slow-actions'" in lines[0] and f"{budget.RULE_BUDGET:g} s" in lines[0]


def _firing() -> Profile:
    """A profile the test rule (replies under 20%) fires on."""
    mix = {"quotes": 5, "reshares": 5, "promotional": 10, "conversation": 70, "replies": 10}
    return profile(posting_mix=mix)


def test_a_plan_stops_many_rules_at_the_plan_budget_naming_the_slowest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each rule under its own budget; together over the plan's (made small to keep it fast).
    monkeypatch.setattr(budget, "PLAN_BUDGET", 0.6)
    actions = [{"horizon": "this-week", "text": loop_of(0.1)}] * 2
    rules = [compiled(rule_file(tmp_path, f"slowish-{i}", actions=actions)) for i in range(8)]
    # The budget counts this thread's CPU time, so that is what is bounded (wall time on a
    # busy machine says nothing about the limit).
    start = time.thread_time()
    with pytest.raises(budget.PlanLimitError) as caught:
        evaluate(_firing(), Rulebook(tuple(rules), rulebook().metrics))
    assert time.thread_time() - start < 0.6 + budget.TIME_LIMIT + 1
    (line,) = [p.format() for p in caught.value.problems]
    assert "more than 0.6 s in all on the profile of Test Client" in line
    assert re.search(r"the slowest: 'slowish-\d' \d", line) and "slowish-" in line.split(":")[0]


# A rule that reads a second goal: its examples all have two, a plan meets one-goal profiles.
SECOND_GOAL = "Start with {{ goals[1].outcome }} before anything else."
TWO_GOALS = [
    {"outcome": "More enquiries", "metric": "enquiries", "target": 10, "by": "2027-12-31"},
    {"outcome": "More bookings", "metric": "bookings", "target": 5, "by": "2027-12-31"},
]


def with_examples_of_two_goals(data: dict[str, Any]) -> dict[str, Any]:
    for kind in ("fires", "quiet"):
        for example in data["examples"][kind]:
            example["profile"]["goals"] = TWO_GOALS
    return data


def test_rules_check_tries_a_rule_on_edge_profiles(tmp_path: Path, run_playbook: Run) -> None:
    data = with_examples_of_two_goals(rule_data("second-goal"))
    data["actions"][0]["text"] = SECOND_GOAL
    path = tmp_path / "second-goal.yaml"
    path.write_text(dump(data), encoding="utf-8")
    result = run_playbook("rules", "check", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    (problem,) = problems_of(result, path)
    assert (
        int(problem["line"])
        == dump(data)
        .splitlines()
        .index(next(line for line in dump(data).splitlines() if "goals[1]" in line))
        + 1
    )
    assert problem["what"].startswith("actions[0].text fails on a profile like example")
    assert "with only one goal" in problem["what"]
    assert "there is no item 1 in the list" in problem["what"]
    assert not JARGON.search(problem["what"]), problem["what"]


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        ("You have {{ hours_per_week * 2 }} half-hours.", "without hours_per_week"),
        ("Post {{ (10 / posts_per_week) | round }} times less.", "with no posts a week"),
        ("Your first measure: {{ measuring[0] }}.", "measuring nothing"),
        ("In {{ client.industry.lower() }}, answer fast.", "without client.industry"),
    ],
)
def test_what_fails_at_plan_time_fails_at_check_time_in_plain_words(
    text: str, edge: str, tmp_path: Path, run_playbook: Run
) -> None:
    data = rule_data("edge-rule")
    data["actions"][0]["text"] = text
    for kind in ("fires", "quiet"):
        for example in data["examples"][kind]:
            example["profile"].update(
                client={"name": "Example", "industry": "food"}, hours_per_week=3
            )
    path = tmp_path / "edge-rule.yaml"
    path.write_text(dump(data), encoding="utf-8")
    result = run_playbook("rules", "check", str(path))
    assert result.returncode == 1, result.stderr
    (problem,) = problems_of(result, path)
    assert edge in problem["what"] and problem["fix"]
    assert not JARGON.search(problem["what"]), problem["what"]


def test_plan_time_errors_are_in_plain_words_too(tmp_path: Path) -> None:
    data = with_examples_of_two_goals(rule_data("second-goal"))
    data["actions"][0]["text"] = SECOND_GOAL
    path = tmp_path / "second-goal.yaml"
    path.write_text(dump(data), encoding="utf-8")
    book = Rulebook((compiled(path),), rulebook().metrics)
    with pytest.raises(ProblemsError) as caught:
        evaluate(_firing(), book)
    (line,) = [p.format() for p in caught.value.problems]
    assert "there is no item 1 in the list" in line and not JARGON.search(line.split(": ", 2)[2])


def test_the_bundled_rules_pass_every_edge_profile() -> None:
    from generator.paths import rules_dir
    from generator.pipeline.rulebook import check_rule_files
    from generator.rules.files import rule_files

    assert check_rule_files([p for _, p in rule_files(rules_dir())]) == []


# Twenty actions of about 3,800 characters each: 76,000 characters a rule, under any cap on
# one rule; seven of them together pass the cap on one plan.
LONG_TEXT = "{% for i in 'abcdefghijklmnopqrst' %}{{ 'word ' * 38 }}{% endfor %}"


def test_a_plan_holding_too_much_rule_text_stops_with_one_line(
    tmp_path: Path, run_playbook: Run
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    for i in range(7):
        rule_file(own, f"long-{i}", actions=[{"horizon": "this-week", "text": LONG_TEXT}] * 20)
    client = tmp_path / "client.yaml"
    mix = "{quotes: 5, reshares: 5, promotional: 10, conversation: 70, replies: 10}"
    client.write_text(
        "client: {name: Long Client}\n"
        "goals: [{outcome: More enquiries, metric: enquiries, target: 10}]\n"
        "platforms: [{name: linkedin, posts_per_week: 5}]\n"
        f"posting_mix: {mix}\n",
        encoding="utf-8",
    )
    checked = run_playbook("rules", "check", "--rules", str(own), *map(str, own.iterdir()))
    assert checked.returncode == 0, checked.stderr  # each rule alone is fine
    start = time.monotonic()
    result = run_playbook("plan", str(client), "--rules", str(own), "-o", str(tmp_path / "out"))
    assert time.monotonic() - start < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"more than {budget.MAX_PLAN_TEXT} characters of rule text" in lines[0]
    assert re.search(r"'long-\d' \(\d+\)", lines[0]) and PROBLEM.match(lines[0])


def test_every_edge_profile_is_a_valid_profile_that_differs() -> None:
    """An edge that made an invalid profile would be skipped without a word."""
    from generator.model.nodes import to_python
    from generator.rules.edges import EDGES, edge_profiles

    rich = parse_text(
        "client: {name: Rich Client, industry: food, coach: Sam}\n"
        "goals:\n"
        "  - {outcome: More enquiries, metric: enquiries, target: 10, by: 2027-12-31}\n"
        "  - {outcome: More bookings, metric: bookings, target: 5, by: 2027-06-30}\n"
        "platforms:\n"
        "  - {name: linkedin, posts_per_week: 5}\n"
        "  - name: instagram\n"
        "    posts_per_week: 3\n"
        "    posting_mix: {promotional: 50, conversation: 50}\n"
        "posting_mix: {quotes: 5, reshares: 5, promotional: 10, conversation: 30, replies: 50}\n"
        "measuring: [enquiries, likes]\n"
        "hours_per_week: 4\n",
        "rich.yaml",
    )
    edges = list(edge_profiles(rich))
    assert [words for words, _ in edges] == [words for words, _ in EDGES]
    for words, edge in edges:
        built, problems = build(Profile, edge)
        assert built is not None, (words, [p.format() for p in problems])
        assert to_python(edge) != to_python(rich), words


def test_a_stalled_process_is_not_charged_for_time_its_rule_did_not_use() -> None:
    # On a loaded machine the scheduler can stall the process past the wall-clock deadline;
    # the rule has used almost no processor time, so it goes on.
    owner = budget.Owner("rules/quick.yaml", "quick")
    context = {"client": {"name": "Stalled"}}
    started = budget.start(owner, context)
    time.sleep(budget.TIME_LIMIT + 0.1)
    budget.tick()
    budget.stop(owner, started)


def test_a_rule_that_uses_its_processor_time_is_stopped() -> None:
    owner = budget.Owner("rules/busy.yaml", "busy")
    context = {"client": {"name": "Busy"}}
    started = budget.start(owner, context)
    try:
        with pytest.raises(budget.RuleCodeError, match="took longer than"):
            while True:
                budget.tick()
    finally:
        budget.stop(owner, started)
