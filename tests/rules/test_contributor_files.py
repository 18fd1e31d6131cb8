"""The files that take a contributor from an idea to a merged rule stay true to the tool:
the rule template passes the checker, the commands the guides name exist, the pre-commit
hook runs our console script, CI checks the rules and builds the guide on every pull
request, and the issue form and pull request template ask for what a rule needs."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.model.rule import (
    TAGS,
    Action,
    CheckItem,
    Example,
    Examples,
    MixLimit,
    Reference,
    RulePlatform,
    RuleSpec,
)
from generator.rules.variables import VARIABLES

from ..conftest import ROOT, Run

TEMPLATE = ROOT / "content" / "rules" / "TEMPLATE.yaml"
COMMUNITY = ROOT / "content" / "rules" / "community"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
CONTRIBUTE_PAGE = ROOT / "content" / "contribute.md"
GITHUB = ROOT / ".github"
RULE_PLATFORMS: tuple[str, ...] = typing.get_args(typing.get_args(RulePlatform)[0])


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _scripts() -> dict[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        scripts: dict[str, str] = tomllib.load(handle)["project"]["scripts"]
    return scripts


def _commands(help_text: str) -> set[str]:
    """The command names listed under 'Commands:' in click's help."""
    _, _, listing = help_text.partition("Commands:")
    return {m.group(1) for m in re.finditer(r"^  ([a-z][\w-]*)", listing, re.MULTILINE)}


def _code(markdown: str) -> list[str]:
    """The text of every fenced block (without its comments) and inline code span."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)
    fenced = [re.sub(r"(^|\s)#.*$", "", block, flags=re.MULTILINE) for block in blocks]
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    return fenced + re.findall(r"`([^`\n]+)`", prose)


# --- the rule template -------------------------------------------------------------------


def _template_with_id(rule_id: str) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    new, count = re.subn(r"^id: \S+$", f"id: {rule_id}", text, count=1, flags=re.MULTILINE)
    assert count == 1, "TEMPLATE.yaml has no top-level 'id:' line"
    return new


def _template_id() -> str:
    found = re.search(r"^id: (\S+)$", TEMPLATE.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("fresh", [False, True], ids=["as-is", "fresh-id"])
def test_template_copied_into_a_community_folder_passes_the_check(
    run_playbook: Run, tmp_path: Path, fresh: bool
) -> None:
    rule_id = "a-fresh-rule-from-the-template" if fresh else _template_id()
    target = tmp_path / "community" / f"{rule_id}.yaml"
    target.parent.mkdir()
    target.write_text(_template_with_id(rule_id), encoding="utf-8")
    result = run_playbook("rules", "check", str(target))
    assert result.returncode == 0, result.stderr
    assert "1 rule(s) valid" in result.stderr


def test_template_id_is_free_and_the_template_is_not_a_rule() -> None:
    bundled = {p.stem for p in (ROOT / "content" / "rules").glob("*/*.yaml")}
    assert _template_id() not in bundled
    assert not (COMMUNITY / TEMPLATE.name).exists()


def test_template_schema_line_works_once_copied_into_community() -> None:
    first = TEMPLATE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (COMMUNITY / first.split("=", 1)[1]).resolve()
    assert target == (ROOT / "content" / "schemas" / "rule.schema.json").resolve()


def test_template_explains_every_field() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    for field in dataclasses.fields(RuleSpec):
        assert re.search(rf"^#? ?{field.name}[: ]", text, re.MULTILINE), field.name
    nested = (Action, CheckItem, Reference, MixLimit, Example, Examples)
    for model in nested:
        for field in dataclasses.fields(model):
            assert re.search(rf"\b{field.name}\b", text), f"{model.__name__}.{field.name}"
    metrics = _yaml(ROOT / "content" / "metrics.yaml")["metrics"]
    for word in (*TAGS, *RULE_PLATFORMS, *VARIABLES, *(m["id"] for m in metrics)):
        assert re.search(rf"\b{re.escape(word)}\b", text), word


# --- the guides --------------------------------------------------------------------------


def test_contributing_walks_through_every_step_in_order() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    steps = [
        "Fork",
        "git clone",
        "python3 -m venv",
        "pip install -e .",
        "cp content/rules/TEMPLATE.yaml content/rules/community/",
        "playbook rules check content/rules/community/",
        "mkdocs serve",
        "Open the pull request",
    ]
    places = [text.find(step) for step in steps]
    assert -1 not in places, [s for s, p in zip(steps, places, strict=True) if p == -1]
    assert places == sorted(places), "the steps are out of order"
    for words in ("path:line:col: error:", "make test", "make golden"):
        assert words in text
    assert re.search(r"\S+\.yaml:\d+:\d+: error: .+ \(.+\)", text), "no example error line"
    assert "playbook-rules-check" in text
    assert "args: [--rules" in text


@pytest.mark.parametrize("guide", [CONTRIBUTING, CONTRIBUTE_PAGE], ids=lambda p: p.name)
def test_commands_the_guides_name_exist(run_playbook: Run, guide: Path) -> None:
    top = run_playbook("--help")
    assert top.returncode == 0, top.stderr
    commands = _commands(top.stdout)
    named: set[tuple[str, str]] = set()
    for code in _code(guide.read_text(encoding="utf-8")):
        for match in re.finditer(r"(?:^|[\s(])playbook ([a-z][\w-]*)(?: ([a-z][\w-]*))?", code):
            named.add((match.group(1), match.group(2) or ""))
    assert named, f"{guide.name} names no playbook command"
    groups: dict[str, set[str]] = {}
    for command, sub in sorted(named):
        assert command in commands, f"{guide.name}: 'playbook {command}' does not exist"
        if command not in groups:
            result = run_playbook(command, "--help")
            assert result.returncode == 0, result.stderr
            groups[command] = _commands(result.stdout)
        if groups[command]:
            assert sub in groups[command], (
                f"{guide.name}: 'playbook {command} {sub}' does not exist"
            )


def test_make_targets_the_guide_names_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    named = set(re.findall(r"`make ([\w-]+)", CONTRIBUTING.read_text(encoding="utf-8")))
    named |= set(re.findall(r"^make ([\w-]+)", CONTRIBUTING.read_text(encoding="utf-8"), re.M))
    assert {"test", "golden"} <= named
    for target in named:
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_contribute_page_lists_the_tags_and_the_precedence() -> None:
    text = CONTRIBUTE_PAGE.read_text(encoding="utf-8")
    for tag in TAGS:
        assert f"`{tag}`" in text, tag
    assert "## When rules disagree" in text
    for words in ("golden rules, by number", "own rules", "community rules, by id", "skip:"):
        assert words in text, words
    assert "reason:" in text
    assert "playbook rules explain ID PROFILE" in text
    assert "cp content/rules/TEMPLATE.yaml" in text


# --- pre-commit ---------------------------------------------------------------------------


def _hook() -> dict[str, Any]:
    manifest = _yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(manifest, list)
    hooks = {hook["id"]: hook for hook in manifest}
    hook: dict[str, Any] = hooks["playbook-rules-check"]
    return hook


def test_pre_commit_hook_runs_our_console_script(run_playbook: Run) -> None:
    hook = _hook()
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "python"
    script, *command = hook["entry"].split()
    assert script in _scripts()
    assert command == ["rules", "check"]
    result = run_playbook(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "--rules" in result.stdout
    assert hook.get("pass_filenames", True) is True
    assert "description" in hook


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("content/rules/community/four-one-one.yaml", True),
        ("content/rules/golden/be-conversational.yaml", True),
        ("rules/my-own-rule.yaml", True),
        ("content/rules/TEMPLATE.yaml", False),
        ("content/rules/baseline-profile.yaml", False),
        ("rules/TEMPLATE.yaml", False),
        ("content/examples/hilltop-bakery.yaml", False),
        ("clients/hilltop-bakery.yaml", False),
        ("content/rules/community/notes.md", False),
    ],
)
def test_pre_commit_hook_picks_rule_files_only(path: str, checked: bool) -> None:
    hook = _hook()
    matches = re.search(hook["files"], path) is not None
    excluded = "exclude" in hook and re.search(hook["exclude"], path) is not None
    assert (matches and not excluded) is checked


# --- CI -----------------------------------------------------------------------------------


def _workflows() -> dict[str, dict[Any, Any]]:
    return {p.name: _yaml(p) for p in sorted((GITHUB / "workflows").glob("*.y*ml"))}


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads a bare `on:` key as the boolean true.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def test_every_pull_request_checks_the_rules_and_builds_the_guide_strictly() -> None:
    found = []
    for name, workflow in _workflows().items():
        triggers = _triggers(workflow)
        if "pull_request" not in triggers:
            continue
        paths = (triggers["pull_request"] or {}).get("paths")
        if paths is not None:
            assert "content/**" in paths, f"{name} skips pull requests that change rules"
        for job_id, job in workflow["jobs"].items():
            runs = "\n".join(str(step.get("run", "")) for step in job.get("steps", []))
            if "playbook rules check" in runs and "mkdocs build --strict" in runs:
                found.append((name, job_id))
    assert found, "no job runs both `playbook rules check` and `mkdocs build --strict` on PRs"


def test_workflow_actions_are_pinned_to_a_major_version() -> None:
    for name, workflow in _workflows().items():
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), (name, step)


# --- issues and pull requests -------------------------------------------------------------


def test_propose_a_rule_issue_form_asks_for_what_a_rule_needs() -> None:
    form = _yaml(GITHUB / "ISSUE_TEMPLATE" / "propose-a-rule.yml")
    assert {"name", "description", "body"} <= set(form)
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert "attributes" in item
    for item in fields:
        assert item["attributes"]["label"]
    wanted = {"rule", "why", "when", "actions", "fits", "does-not-fit", "source", "platforms"}
    assert wanted <= set(ids)
    by_id = {item["id"]: item for item in fields}
    for required in wanted:
        assert by_id[required].get("validations", {}).get("required") is True, required
    assert tuple(by_id["platforms"]["attributes"]["options"]) == RULE_PLATFORMS
    assert tuple(by_id["tags"]["attributes"]["options"]) == TAGS


def test_issue_chooser_config_is_valid() -> None:
    config = _yaml(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert {"name", "url", "about"} <= set(link)
        assert link["url"].startswith("https://")


def test_pull_request_template_has_the_rule_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    checklist = "\n".join(items)
    for words in (
        "fire",
        "quiet",
        "why:",
        "actions:",
        "references:",
        "own_experience:",
        "playbook rules check",
        "tags:",
    ):
        assert words in checklist, words
    for tag in TAGS:
        assert tag in checklist, tag


# --- the 4-1-1 rule -----------------------------------------------------------------------


def test_four_one_one_credits_its_authors() -> None:
    rule = _yaml(COMMUNITY / "four-one-one.yaml")
    authors = " ".join(str(ref.get("author", "")) for ref in rule["references"])
    assert "Andrew Davis" in authors
    assert "Joe Pulizzi" in authors
    assert rule["contributor"] == "playbook maintainers"
    assert set(rule["tags"]) <= set(TAGS)
