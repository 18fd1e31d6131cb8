"""`playbook rules`: check, list and explain the rules of the method."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import Problem, ProblemsError
from .exits import Group, exit_on_problems, fail, say
from .options import EXISTING, OWN_RULES, PROFILE, rulebook_or_fail


@click.group(cls=Group)
def rules() -> None:
    """Check and list the rules of the method."""


@rules.command("check")
@click.argument("paths", nargs=-1, type=EXISTING)
@OWN_RULES
def rules_check(paths: tuple[Path, ...], own_rules: Path | None) -> None:
    """Check rule files (all rules when none are given); exit 0 when all are valid.

    With GITHUB_ACTIONS=true each problem is also printed as a workflow annotation, so it
    shows on the pull request's changed line.
    """
    from ..pipeline.check import rule_files_to_check
    from ..pipeline.rulebook import check_rule_files

    files, folder = rule_files_to_check(paths, own_rules)
    try:
        problems = check_rule_files(files, folder, own_rules)
    except ProblemsError as exc:
        problems = exc.problems
    if os.environ.get("GITHUB_ACTIONS") == "true":
        _annotate(problems)
    if problems:
        fail(problems)
    say(f"{len(files)} rule(s) valid")


def _annotate(problems: list[Problem]) -> None:
    """Each problem as a GitHub workflow annotation, on stdout."""
    for p in problems:
        message = p.format().split(": error: ", 1)[-1].replace("%", "%25")
        click.echo(f"::error file={p.mark.source},line={p.mark.line},col={p.mark.col}::{message}")


@rules.command("list")
@OWN_RULES
def rules_list(own_rules: Path | None) -> None:
    """Print every rule: id, source, platforms, tags and title, in precedence order (the
    id is what `rules: {skip: ...}` and `rules explain` take)."""
    book = rulebook_or_fail(own_rules)
    rows = [("id", "source", "platforms", "tags", "title")]
    rows += [
        (
            r.id,
            r.origin_label,
            ",".join(r.spec.platform_names) or "all",
            ",".join(r.spec.tags) or "-",
            r.spec.title,
        )
        for r in book.rules
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        padded = [row[i].ljust(widths[i]) for i in range(4)]
        click.echo("  ".join([*padded, row[4]]))


@rules.command("explain")
@click.argument("rule_id", metavar="ID")
@PROFILE
@OWN_RULES
def rules_explain(rule_id: str, profile: Path, own_rules: Path | None) -> None:
    """Show whether the rule ID fires on PROFILE, and why."""
    from ..pipeline.client import explain_rule

    book = rulebook_or_fail(own_rules)
    with exit_on_problems():
        click.echo(explain_rule(rule_id, profile, book), nl=False)
