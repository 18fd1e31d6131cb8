"""Community rules in use: a newcomer's rule end to end, switching rules off, rules that
disagree, `rules explain`, and a coach's own rules folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.engine.conflicts import settle_notes
from generator.engine.evaluate import evaluate
from generator.engine.mix import Conflict
from generator.pipeline.rulebook import load_rulebook
from generator.render.plan_pages import render_pages

from ..conftest import EXAMPLES, ROOT, Run
from ..guide.test_guide import article, mkdocs
from ..helpers import mix, profile, rulebook

BAKERY = EXAMPLES / "hilltop-bakery.yaml"
PHYSIO = EXAMPLES / "northside-physio.yaml"

# What a newcomer types into the template: an id, their words, a limit and two examples.
NEW_RULE = {
    "id": "ask-before-you-sell",
    "title": "Ask a question before every sales post",
    "summary": "Put a question to your audience at least as often as you sell.",
    "when_text": "questions to the audience are fewer than sales posts",
    "when": "mix.conversation < mix.promotional",
    "evidence": "Questions are {{ mix.conversation }}% of posts, sales {{ mix.promotional }}%.",
    "action": "Before the next sales post, ask your followers which product they want next.",
}


def new_rule_text() -> str:
    """A complete community rule, as a newcomer would write it from the template."""
    return f"""# yaml-language-server: $schema=../../schemas/rule.schema.json
id: {NEW_RULE["id"]}
title: {NEW_RULE["title"]}
summary: {NEW_RULE["summary"]}
why: A question invites an answer; a sales post only invites a click.
working: "Questions ({{{{ mix.conversation }}}}%) keep up with sales posts."
priority: medium
scope: platform
when: {NEW_RULE["when"]}
when_text: {NEW_RULE["when_text"]}
evidence:
  - "{NEW_RULE["evidence"]}"
actions:
  - horizon: this-week
    text: {NEW_RULE["action"]}
platforms: [all]
tags: [conversation, sales]
contributor: A. Newcomer
added: 2026-11-26
own_experience: Two years of running a farm shop's accounts
examples:
  fires:
    - name: more selling than asking
      profile:
        posting_mix: {{quotes: 5, reshares: 5, promotional: 30, conversation: 20, original: 40}}
  quiet:
    - name: as much asking as selling
      profile:
        posting_mix: {{quotes: 5, reshares: 5, promotional: 20, conversation: 30, original: 40}}
"""


def test_a_newcomer_copies_the_template_and_their_rule_reaches_plan_and_guide(
    tmp_path: Path, run_playbook: Run
) -> None:
    template = ROOT / "content" / "rules" / "TEMPLATE.yaml"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    rule = content / "rules" / "community" / f"{NEW_RULE['id']}.yaml"
    # 1. Copy the template under the new id; as it stands it is not yet this rule.
    shutil.copy(template, rule)
    unfilled = run_playbook("rules", "check", str(rule))
    assert unfilled.returncode == 1
    assert f"{rule}" in unfilled.stderr or rule.name in unfilled.stderr
    # 2. Fill it in and check it: it passes.
    rule.write_text(new_rule_text(), encoding="utf-8")
    checked = run_playbook("rules", "check", str(rule))
    assert checked.returncode == 0, checked.stderr
    assert "1 rule(s) valid" in checked.stderr
    # 3. Run the generator on a profile it should fire on: it fires, with its text.
    own = tmp_path / "own"
    own.mkdir()
    shutil.copy(rule, own)
    planned = run_playbook("plan", "--rules", str(own), str(BAKERY))
    assert planned.returncode == 0, planned.stderr
    assert NEW_RULE["title"] in planned.stdout
    assert NEW_RULE["action"] in planned.stdout
    assert "Questions are 5% of posts, sales 45%." in planned.stdout
    # 4. Build the guide from the content holding the rule: the community section shows it.
    out = tmp_path / "guide"
    config = ROOT / "mkdocs.yml"
    guide = run_playbook(
        "guide", "--out", str(out), "--content", str(content), "--config", str(config)
    )
    assert guide.returncode == 0, guide.stderr
    built = mkdocs("build", "--strict", "-f", str(out / "mkdocs.yml"), "-d", str(tmp_path / "s"))
    assert built.returncode == 0, built.stderr
    index = (tmp_path / "s" / "rules" / "index.html").read_text(encoding="utf-8")
    assert NEW_RULE["title"] in article(index)
    page = tmp_path / "s" / "rules" / NEW_RULE["id"] / "index.html"
    assert "A. Newcomer" in article(page.read_text(encoding="utf-8"))


SKIP = """
rules:
  skip:
    - id: {id}
      reason: {reason}
"""


def test_a_profile_switches_a_rule_off_and_the_plan_says_why(
    tmp_path: Path, run_playbook: Run
) -> None:
    path = tmp_path / "bakery.yaml"
    reason = "The owner <b>will not</b> cut sales posts before Christmas"
    path.write_text(BAKERY.read_text() + SKIP.format(id="pull-dont-push", reason=reason))
    result = run_playbook("plan", str(path))
    assert result.returncode == 0, result.stderr
    assert "## Rules switched off for Hilltop Bakery" in result.stdout
    assert "**Pull, don't push** (pull-dont-push): The owner &lt;b&gt;will not&lt;/b&gt;" in (
        result.stdout
    )
    # Switched off means not judged: no finding, no limit on sales posts, no conflict note.
    assert "share of sales posts; the golden rule wins" not in result.stdout
    data = run_playbook("plan", "--format", "json", str(path))
    assert '"rule": "pull-dont-push"' in data.stdout and reason in data.stdout


@pytest.mark.parametrize("command", [("check",), ("plan",), ("rules", "explain", "eighty-twenty")])
def test_switching_off_an_unknown_rule_is_an_error_with_place_and_suggestion(
    tmp_path: Path, run_playbook: Run, command: tuple[str, ...]
) -> None:
    path = tmp_path / "bakery.yaml"
    path.write_text(BAKERY.read_text() + SKIP.format(id="pull-dont-puhs", reason="why not"))
    line = BAKERY.read_text().count("\n") + 4
    result = run_playbook(*command, str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{path}:{line}:7: error: there is no rule 'pull-dont-puhs' to switch off "
        "(did you mean 'pull-dont-push'?"
    )
    assert "Traceback" not in result.stderr


def test_rules_that_disagree_are_settled_by_precedence_and_explained() -> None:
    rules = {r.id: r for r in rulebook().rules}
    plan = evaluate(
        profile(posting_mix=mix(promotional=45, original=25, conversation=30)), rulebook()
    )
    note = (
        "“Pull, don't push” (golden rule 3) sets the one limit on sales posts: at most 10%; "
        "2 community rules that allow more are set aside (the golden rule wins)."
    )
    assert note in plan.notes
    assert plan.mix[0].recommended["promotional"] <= 10
    community = Conflict("conversation", "min", ("five-three-two",), "rule-of-thirds", 30.0)
    assert settle_notes([community, community], rules) == (
        "“Keep three posts in ten your own” (community rule) sets the one limit on questions to "
        "your audience: at least 30%; a community rule that asks less is set aside (neither is "
        "a golden rule, so the first by id wins).",
    )
    assert "How rules that disagree were settled" in render_pages(plan)["action-plan.md"]


def test_the_contribute_page_documents_how_disagreements_are_settled() -> None:
    page = (ROOT / "content" / "contribute.md").read_text(encoding="utf-8")
    for words in ("golden rule", "precedence", "skip:", "reason", "rules explain"):
        assert words in page, words


@pytest.mark.parametrize(
    ("rule_id", "path", "lines"),
    [
        (
            "pull-dont-push",
            BAKERY,
            [
                "rule: pull-dont-push (golden rule 3): Pull, don't push",
                "limit: sales posts: at most 10% (what is cut goes to posts of your own)",
                "on Instagram: sales posts are 45% of posts; the rule asks for at most 10%",
                "verdict: FIRES on Instagram and Facebook",
            ],
        ),
        (
            "be-conversational",
            EXAMPLES / "tidewater-books.yaml",
            ["verdict: stays quiet; the plan lists it under what is already working"],
        ),
        (
            "rule-of-thirds",
            PHYSIO,
            ["verdict: switched off by the profile (One set of mix numbers at a time;"],
        ),
    ],
    ids=["fires", "quiet", "switched off"],
)
def test_rules_explain_says_whether_and_why(
    run_playbook: Run, rule_id: str, path: Path, lines: list[str]
) -> None:
    result = run_playbook("rules", "explain", rule_id, str(path))
    assert result.returncode == 0, result.stderr
    for line in lines:
        assert line in result.stdout


def test_rules_explain_with_an_unknown_rule_is_a_usage_error(run_playbook: Run) -> None:
    result = run_playbook("rules", "explain", "pull-dont-puhs", str(BAKERY))
    assert result.returncode == 2
    assert "there is no rule 'pull-dont-puhs' (did you mean 'pull-dont-push'?" in result.stderr


def test_a_coach_adds_own_rules_with_dash_dash_rules(tmp_path: Path, run_playbook: Run) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / f"{NEW_RULE['id']}.yaml").write_text(new_rule_text())
    (own / "notes.txt").write_text("not a rule")
    listed = run_playbook("rules", "list", "--rules", str(own))
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith(NEW_RULE["id"]))
    assert row.split()[:3] == [NEW_RULE["id"], "private", "all"]
    checked = run_playbook("rules", "check", "--rules", str(own))
    assert checked.returncode == 0, checked.stderr
    book = load_rulebook(own=own)
    assert book.rules[-1].origin == "community"  # the coach's own rules rank before these
    assert [r.origin for r in book.rules].index("own") == 5
    explained = run_playbook("rules", "explain", "--rules", str(own), NEW_RULE["id"], str(BAKERY))
    assert "your own rule" in explained.stdout and "FIRES" in explained.stdout


def test_a_broken_rule_in_the_coach_folder_stops_the_plan_with_its_place(
    tmp_path: Path, run_playbook: Run
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    broken = own / f"{NEW_RULE['id']}.yaml"
    broken.write_text(new_rule_text().replace("tags: [conversation, sales]", "tags: [chat]"))
    result = run_playbook("plan", "--rules", str(own), str(BAKERY))
    assert result.returncode == 1
    assert f"{broken.name}:" in result.stderr and "unknown tag 'chat'" in result.stderr
    assert "allowed: b2b, community" in result.stderr
    assert result.stdout == ""


def test_rules_check_with_github_annotations_points_at_the_line(
    tmp_path: Path, run_playbook: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = tmp_path / "community" / f"{NEW_RULE['id']}.yaml"
    rule.parent.mkdir()
    rule.write_text(new_rule_text().replace("contributor: A. Newcomer\n", ""))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_playbook("rules", "check", str(rule))
    assert result.returncode == 1
    annotation = "ask-before-you-sell.yaml,line=2,col=1::a community rule needs 'contributor:'"
    assert result.stdout.startswith("::error file=community/") and annotation in result.stdout
