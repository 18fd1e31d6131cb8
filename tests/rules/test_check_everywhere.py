"""`rules check` renders every text of a rule on its examples in every place a plan can
render it, so a rule that would fail on a client's plan fails the check, with the field,
its line and a fix in plain words; and it reports schema and code problems in one run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from generator.rules.variables import VARIABLES

from ..conftest import ROOT, Run

# Judged per platform, with a mix limit that only applies where `when:` holds. Its quiet
# example is quiet because `when:` is false there, so no example's plan shows `working:`;
# a client with few hours and enough posts of their own would.
RULE = """\
id: fewer-sales-when-busy
title: Keep your own posts when time is short
summary: With under five hours a week, keep a quarter of posts your own rather than shared.
why: Time is short, and posts of your own are what people come back for.
working: "A quarter of your posts on {{ platform.name }} are your own."
priority: low
scope: platform
when: hours_per_week is not none and hours_per_week < 5
when_text: the client has under five hours a week for social media
mix:
  original: {min: 25}
actions:
  - horizon: this-week
    text: Swap one sales post for a question to your {{ audience }}.
own_experience: Ten years of coaching shops with little time
platforms: [all]
tags: [sales]
contributor: A. Contributor
added: 2026-11-30
examples:
  fires:
    - name: busy and selling
      profile:
        hours_per_week: 3
        posting_mix:
          {quotes: 5, reshares: 5, promotional: 40, conversation: 20, replies: 20, original: 10}
  quiet:
    - name: plenty of time
      profile:
        hours_per_week: 10
"""
WORKING_LINE = 5
# The rule file as messages show it, relative to the working folder.
SHOWN = str(Path("rules", "fewer-sales-when-busy.yaml"))

# A client the rule applies to and does not fire on: `working:` is in the plan.
CLIENT = (ROOT / "content" / "rules" / "baseline-profile.yaml").read_text(encoding="utf-8")


def write(folder: Path, text: str, name: str = "fewer-sales-when-busy") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def check(run_playbook: Run, tmp_path: Path, rule: str) -> subprocess.CompletedProcess[str]:
    """`playbook rules check` of `rule` as a coach's own rule in tmp_path/rules."""
    write(tmp_path / "rules", rule)
    return run_playbook("rules", "check", "--rules", "rules", "rules/fewer-sales-when-busy.yaml")


def test_working_that_needs_a_platform_fails_the_check_at_its_line(
    run_playbook: Run, tmp_path: Path
) -> None:
    result = check(run_playbook, tmp_path, RULE)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line for the field, not one per example
    assert lines[0].startswith(f"{SHOWN}:{WORKING_LINE}:")
    assert "working fails on example" in lines[0]
    assert "it uses 'platform', which is not set here" in lines[0]
    assert "use 'platforms'" in lines[0]
    for jargon in ("NoneType", "None", "attribute", "Traceback"):
        assert jargon not in lines[0], lines[0]


def test_the_same_text_with_platforms_passes(run_playbook: Run, tmp_path: Path) -> None:
    fixed = RULE.replace(
        "on {{ platform.name }}", "on {{ platforms | map(attribute='label') | and_list }}"
    )
    result = check(run_playbook, tmp_path, fixed)
    assert result.returncode == 0, result.stderr
    (tmp_path / "client.yaml").write_text(CLIENT, encoding="utf-8")
    planned = run_playbook("plan", "client.yaml", "--rules", "rules")
    assert planned.returncode == 0, planned.stderr
    assert "A quarter of your posts on LinkedIn are your own." in planned.stdout


def judged_once(action: str) -> str:
    """RULE judged once per profile (a `working:` without the platform), with a second
    action whose lines after `horizon:` are `action`."""
    rule = RULE.replace("scope: platform\n", "").replace(
        'working: "A quarter of your posts on {{ platform.name }} are your own."',
        "working: A quarter of your posts are your own.",
    )
    first = "    text: Swap one sales post for a question to your {{ audience }}.\n"
    return rule.replace(first, first + "  - horizon: 30-days\n" + action)


def test_an_action_on_a_platform_is_rendered_with_that_platform(
    run_playbook: Run, tmp_path: Path
) -> None:
    """A rule judged once per profile renders an action limited to `platforms:` with that
    platform's values; an action for everyone, without."""
    rule = judged_once("    text: On {{ platform.label }}, ask one question a week.\n")
    result = check(run_playbook, tmp_path, rule)
    assert result.returncode == 1
    assert "actions[1].text fails on example 'busy and selling'" in result.stderr
    limited = rule.replace(
        "    text: On {{ platform.label }}",
        "    platforms: [linkedin]\n    text: On {{ platform.label }}",
    )
    result = check(run_playbook, tmp_path, limited)
    assert result.returncode == 0, result.stderr


def test_a_plan_that_meets_a_failing_rule_says_so_in_plain_words(
    run_playbook: Run, tmp_path: Path
) -> None:
    """What no example can show (here an action for one client by name) still fails on a
    plan: in plain words, with what the coach can do."""
    rule = judged_once(
        "    when: client.name == 'Hilltop Bakery'\n"
        "    text: Ask one question a week on {{ platform.label }}.\n"
    )
    rule = rule.replace("when: hours_per_week is not none and hours_per_week < 5", "when: 'true'")
    rule = rule.replace(
        "    - name: plenty of time\n      profile:\n        hours_per_week: 10\n",
        "    - name: few sales posts\n      profile:\n        hours_per_week: 10\n",
    )
    checked = check(run_playbook, tmp_path, rule)
    assert checked.returncode == 0, checked.stderr
    client = CLIENT.replace("name: Baseline Client", "name: Hilltop Bakery")
    client = client.replace("conversation: 30", "conversation: 50").replace(
        "original: 30", "original: 10"
    )
    (tmp_path / "client.yaml").write_text(client, encoding="utf-8")
    result = run_playbook("plan", "client.yaml", "--rules", "rules")
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[0]
    assert f"{SHOWN}:" in line
    assert (
        "failed on the profile of Hilltop Bakery: it uses 'platform', which is not set here" in line
    )
    assert "rules: {skip: [{id: fewer-sales-when-busy, reason: ...}]}" in line
    assert "NoneType" not in result.stderr and "add a profile like this one" not in line


def test_schema_and_code_problems_come_in_one_run(run_playbook: Run, tmp_path: Path) -> None:
    broken = (
        RULE.replace("priority: low", "priority: urgent")
        .replace("question to your {{ audience }}", "question on {{ platform.nme }}")
        .replace("added: 2026-11-30", "added: 2026-13-01")
    )
    result = check(run_playbook, tmp_path, broken)
    assert result.returncode == 1
    assert "priority cannot be 'urgent'" in result.stderr
    assert "'platform' has no 'nme' (it has name, label, posts_per_week)" in result.stderr
    assert "the month is 13" in result.stderr
    lines = [int(line.split(":")[1]) for line in result.stderr.strip().splitlines()]
    assert lines == sorted(lines)  # in the order of the file


def test_evidence_that_names_its_platform_is_not_prefixed_twice(
    run_playbook: Run, tmp_path: Path
) -> None:
    rule = RULE.replace("{{ platform.name }} are your own", "LinkedIn are your own").replace(
        "when_text: the client has under five hours a week for social media\n",
        "when_text: the client has under five hours a week for social media\n"
        "evidence:\n"
        '  - "On {{ platform.name }} you post {{ posts_per_week }} times a week."\n'
        '  - "You have {{ hours_per_week }} hours a week."\n',
    )
    write(tmp_path / "rules", rule)
    client = CLIENT.replace("conversation: 30", "conversation: 50").replace(
        "original: 30", "original: 10"
    )
    (tmp_path / "client.yaml").write_text(client, encoding="utf-8")
    result = run_playbook("plan", "client.yaml", "--rules", "rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    finding = next(
        f for f in json.loads(result.stdout)["findings"] if f["rule"] == "fewer-sales-when-busy"
    )
    assert "On linkedin you post 5 times a week." in finding["evidence"]
    assert "On LinkedIn: You have 4 hours a week." in finding["evidence"]
    assert not [line for line in finding["evidence"] if "On LinkedIn: On" in line]


TEMPLATE = ROOT / "content" / "rules" / "TEMPLATE.yaml"


def test_the_template_lists_every_variable_with_an_example_value() -> None:
    comments = [
        line.removeprefix("#").strip()
        for line in TEMPLATE.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    for name in VARIABLES:
        row = next((line for line in comments if line.split(" ", 1)[0] == name), None)
        assert row is not None, f"TEMPLATE.yaml does not list the variable {name}"
        assert len(row.split()) > 1, f"TEMPLATE.yaml gives {name} no example value"


def test_the_template_says_how_the_plan_wraps_what_a_rule_writes() -> None:
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    text = " ".join(" ".join(line.lstrip("#").split()) for line in lines)
    assert "{{ platform.label }}" in text
    assert '"On LinkedIn: you post once a week"' in text  # evidence of a scope: platform rule
    assert '"The rule fires when <when_text>."' in text
    assert "`platform` is never set here" in text  # working:
