"""A contributor commits one community rule file: the golden files, and the CLI test that
compares with them, must not change with it. The rule here fires on every example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline.rulebook import load_rulebook

from ..conftest import Run
from ..rulesets import RULES, named_rules, use_named_rules
from .test_golden import GOLDEN, PROFILES, compare, outputs

NEW_RULE = """\
id: a-new-community-rule
title: Post a behind-the-scenes photo every week
summary: A new rule that fires on every example profile.
why: Every business has a back room worth showing.
working: You already show what happens behind the scenes.
priority: high
when: 'hours_per_week is none or hours_per_week < 160'
when_text: the client has fewer than 160 hours a week for social media
evidence:
  - "You have {{ hours_per_week or 'no set' }} hours a week."
actions:
  - horizon: this-week
    text: Photograph one thing behind the scenes and post it.
own_experience: Years of watching back-room photos do well
platforms: [all]
tags: [content]
contributor: A. Contributor
added: 2026-11-30
examples:
  fires:
    - name: three hours a week
      profile:
        hours_per_week: 3
  quiet:
    - name: every waking hour
      profile:
        hours_per_week: 165
"""


@pytest.fixture(scope="module")
def with_new_rule(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's rules with the new community rule added."""
    rules = tmp_path_factory.mktemp("fork") / "rules"
    shutil.copytree(RULES, rules)
    (rules / "community" / "a-new-community-rule.yaml").write_text(NEW_RULE, encoding="utf-8")
    return rules


def test_the_new_rule_fires_on_every_example(with_new_rule: Path) -> None:
    book = load_rulebook(with_new_rule)
    for profile in PROFILES:
        assert "a-new-community-rule" in outputs(profile, book)["plan.json"], profile


def test_golden_files_do_not_see_the_new_rule(with_new_rule: Path, tmp_path: Path) -> None:
    book = load_rulebook(named_rules(tmp_path / "rules", with_new_rule))
    assert "a-new-community-rule" not in {rule.id for rule in book.rules}
    for profile in PROFILES:
        for name, text in outputs(profile, book).items():
            compare(GOLDEN / profile.stem / name, text, update=False)


def test_the_cli_golden_test_does_not_see_the_new_rule(
    with_new_rule: Path, tmp_path: Path, run_playbook: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    bakery = PROFILES[0]
    golden = (GOLDEN / bakery.stem / "playbook.md").read_text(encoding="utf-8")
    use_named_rules(monkeypatch, with_new_rule)
    assert run_playbook("plan", str(bakery)).stdout != golden  # the rule is really there
    use_named_rules(monkeypatch, named_rules(tmp_path / "rules", with_new_rule))
    result = run_playbook("plan", str(bakery))
    assert result.returncode == 0, result.stderr
    assert result.stdout == golden
