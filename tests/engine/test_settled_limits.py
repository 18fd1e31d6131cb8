"""One voice per kind: rule texts quote the limit that wins (`limits`), and the routine's
answering sessions (`answering_sessions`), so one plan never shows two numbers for one
limit and never asks for more than its week holds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from generator.engine.evaluate import evaluate
from generator.errors import ProblemsError
from generator.pipeline.rulebook import check_rule_files, load_rulebook
from generator.render.plan_pages import plan_data, render_document
from generator.rules.variables import VARIABLES

from ..conftest import Run
from ..helpers import profile
from ..rules.test_community import new_rule_text
from .test_coach_profiles import sales_limits_quoted

PLANNED = dt.date(2026, 11, 2)
# A coach's own rule whose action quotes the winning sales limit three ways.
QUOTING_ACTION = (
    "Keep sales posts to at most {{ limits.promotional.max }}%, one in "
    "{{ limits.promotional.one_in }}: {{ limits.promotional.posts }} here."
)


def _own_rule(folder: Path, action: str, when: str = "mix.conversation < mix.promotional") -> Path:
    text = new_rule_text().replace(
        "Before the next sales post, ask your followers which product they want next.",
        json.dumps(action),
    )
    text = text.replace("when: mix.conversation < mix.promotional", f"when: {when}")
    folder.mkdir(exist_ok=True)
    path = folder / "ask-before-you-sell.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SELLER = {
    "platforms": [{"name": "instagram", "posts_per_week": 6}],
    "posting_mix": {
        "quotes": 0,
        "reshares": 10,
        "promotional": 40,
        "conversation": 20,
        "replies": 10,
        "original": 20,
    },
    "hours_per_week": 6,
}


def _text(plan_text: str) -> str:
    return next(line for line in plan_text.splitlines() if "Keep sales posts to at most" in line)


def test_a_rule_text_quotes_the_limit_that_wins(tmp_path: Path) -> None:
    _own_rule(tmp_path / "own", QUOTING_ACTION)
    book = load_rulebook(own=tmp_path / "own")
    plan = evaluate(profile(**SELLER), book, planned=PLANNED)
    line = _text(render_document(plan))
    # Golden rule 3 wins over the community 80/20 (20%) and 4-1-1 (17%) rules.
    assert "at most 10%, one in 10" in line
    counts = next(m.counts for m in plan.mix if m.platform == "instagram")
    assert counts.cadence(counts.recommended["promotional"]) in line


def test_with_the_golden_rule_switched_off_the_next_limit_wins_everywhere(tmp_path: Path) -> None:
    _own_rule(tmp_path / "own", QUOTING_ACTION)
    book = load_rulebook(own=tmp_path / "own")
    skip = {"skip": [{"id": "pull-dont-push", "reason": "testing"}]}
    plan = evaluate(profile(**SELLER, rules=skip), book, planned=PLANNED)
    text = render_document(plan)
    assert "at most 20%, one in 5" in _text(text)
    # The community 80/20 rule's own action follows the same number.
    assert "Before each sales post, publish 4 that inform" in text
    # No other sales limit anywhere in the plan: not golden rule 3's 10%, not 4-1-1's 17%.
    assert sales_limits_quoted(text) == {"20"}


def test_evidence_leaves_out_a_limit_another_rule_won_over() -> None:
    book = load_rulebook()
    skip = {"skip": [{"id": "share-is-not-a-conversation", "reason": "testing"}]}
    mix = {**SELLER["posting_mix"], "reshares": 30, "original": 0}  # type: ignore[dict-item]
    plan = evaluate(profile(**{**SELLER, "posting_mix": mix}, rules=skip), book, planned=PLANNED)
    finding = next(f for f in plan.findings if f.rule.id == "four-one-one")
    lines = " ".join(finding.evidence)
    assert "reshares are 30% of posts; the rule asks for at most 17%" in lines
    assert "sales posts" not in lines  # golden rule 3's 10% wins; it speaks for sales


def test_the_json_names_each_winning_limit_and_its_rule() -> None:
    plan = evaluate(profile(**SELLER), load_rulebook(), planned=PLANNED)
    limits = plan_data(plan)["posting_mix"]["platforms"][0]["limits"]
    assert limits["promotional"] == {
        "min": None,
        "min_rule": None,
        "max": 10,
        "max_rule": "pull-dont-push",
    }
    assert limits["original"]["min_rule"] == "five-three-two"
    assert plan.settled["instagram"]["limits"]["promotional"]["max"] == 10


def test_rules_explain_names_the_limit_the_plan_uses(tmp_path: Path, run_playbook: Run) -> None:
    path = tmp_path / "seller.yaml"
    data = {**yaml.safe_load(yaml.safe_dump(SELLER)), "client": {"name": "Seller"}}
    data["goals"] = [{"outcome": "Sales", "metric": "sales", "target": 5, "by": "2027-12-31"}]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run_playbook("rules", "explain", "eighty-twenty", str(path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (
        "the plan's limit on Instagram: sales posts at most 10%, from pull-dont-push "
        "(this rule's is set aside)" in out
    )
    assert "every limit it sets is set aside for another rule's" in out
    golden = run_playbook("rules", "explain", "pull-dont-push", str(path)).stdout
    assert "the plan's limit on Instagram: sales posts at most 10%, this rule's" in golden


def test_a_rule_cannot_decide_where_it_applies_from_the_settled_limits(tmp_path: Path) -> None:
    path = _own_rule(tmp_path / "own", "Ask first.", when="limits.promotional.max > 5")
    problems = check_rule_files([path])
    assert any(
        "when: reads limits, which the plan settles only after every rule's when: is decided"
        in p.message
        for p in problems
    ), [p.message for p in problems]
    # An action's when: may use it.
    ok = _own_rule(tmp_path / "ok", "Ask first.")
    guarded = "limits.promotional.max is none or limits.promotional.max < 50"
    text = ok.read_text().replace(
        '    text: "Ask first."', f'    text: "Ask first."\n    when: {guarded}'
    )
    ok.write_text(text)
    assert check_rule_files([ok]) == []


def test_the_settled_variables_are_documented_for_rule_authors() -> None:
    for name in ("limits", "answering_sessions"):
        assert name in VARIABLES
    template = (Path(__file__).parents[2] / "content" / "rules" / "TEMPLATE.yaml").read_text()
    assert "limits.promotional.one_in" in template and "answering_sessions" in template


@pytest.mark.parametrize("hours, within_a_day", [(1, False), (6, True)])
def test_answering_follows_the_routine(hours: float, within_a_day: bool) -> None:
    """With one answering session a week, the plan never asks for answers within a day."""
    book = load_rulebook()
    plan = evaluate(
        profile(**{**SELLER, "hours_per_week": hours}, measuring=["sales"]), book, planned=PLANNED
    )
    assert plan.routine is not None
    sessions = plan.routine.budget.reply_sessions
    actions = " ".join(a.text for a in (*plan.actions, *plan.later))
    assert ("within one working day" in actions) is within_a_day
    if not within_a_day:
        assert f"({sessions} a week), oldest first" in actions


def test_a_rule_that_fails_on_the_settled_values_is_reported(tmp_path: Path) -> None:
    _own_rule(tmp_path / "own", "{{ limits.conversation.one_in - 1 }}")
    with pytest.raises(ProblemsError):
        evaluate(profile(**SELLER), load_rulebook(own=tmp_path / "own"), planned=PLANNED)
