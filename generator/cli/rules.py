"""`playbook rules`: check, list and explain the rules of the method."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import Problem, ProblemsError
from .common import EXISTING, OWN_RULES, expand, fail, rulebook_or_fail


@click.group()
def rules() -> None:
    """Check and list the rules of the method."""


def _rule_paths(paths: tuple[Path, ...]) -> list[Path]:
    """Rule files as given; a rules folder (with golden/ and community/) gives its rules,
    any other folder its .yaml files, never the template or the baseline profile."""
    from ..rules.files import NOT_RULES, rule_files

    found: list[Path] = []
    for path in paths:
        if path.is_dir() and any((path / s).is_dir() for s in ("golden", "community")):
            found += [p for _, p in rule_files(path)]
        elif path.is_dir():
            found += [p for p in expand([path]) if p.name not in NOT_RULES]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


@rules.command("check")
@click.argument("paths", nargs=-1, type=EXISTING)
@OWN_RULES
def rules_check(paths: tuple[Path, ...], own_rules: Path | None) -> None:
    """Check rule files (all rules when none are given); exit 0 when all are valid.

    With GITHUB_ACTIONS=true each problem is also printed as a workflow annotation, so it
    shows on the pull request's changed line.
    """
    from ..paths import rules_dir
    from ..pipeline.rulebook import check_rule_files
    from ..rules.files import rule_files

    folder = rules_dir()
    files = _rule_paths(paths) if paths else [path for _, path in rule_files(folder, own_rules)]
    try:
        problems = check_rule_files(files, None if paths else folder, own_rules)
    except ProblemsError as exc:
        problems = exc.problems
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            message = p.format().split(": error: ", 1)[-1].replace("%", "%25")
            click.echo(
                f"::error file={p.mark.source},line={p.mark.line},col={p.mark.col}::{message}"
            )
    if problems:
        fail(problems)
    click.echo(f"{len(files)} rule(s) valid", err=True)


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
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@OWN_RULES
def rules_explain(rule_id: str, profile: Path, own_rules: Path | None) -> None:
    """Show whether the rule ID fires on PROFILE, and why."""
    from ..engine.explain import explain
    from ..errors import unknown_hint
    from ..pipeline.client import load_client
    from ..rules.sandbox import RuleCodeError

    book = rulebook_or_fail(own_rules)
    by_id = {r.id: r for r in book.rules}
    if rule_id not in by_id:
        raise click.UsageError(f"there is no rule '{rule_id}' ({unknown_hint(rule_id, by_id)})")
    try:
        client = load_client(profile, book)
        # Judged as the plan judges it: on the latest measured mix, where there is one.
        judged, measured = client.plan.profile, client.plan.measured
        skipped = judged.skipped.get(rule_id)
        click.echo(explain(by_id[rule_id], judged, skipped, measured), nl=False)
    except ProblemsError as exc:
        fail(exc.problems)
    except RuleCodeError as exc:
        rule = by_id[rule_id]
        what = f"rule '{rule_id}' fails on {profile}: {exc}"
        fail([Problem(rule.mark(*exc.where), what, "fix the rule for profiles like this one")])
