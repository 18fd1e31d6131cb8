"""`playbook plan`: the action plan and measurement checklist of each profile, printed or
written one folder per client."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline.formats import FORMATS, Format
from ..source.files import MAX_BYTES, expand
from .exits import command, exit_on_problems, exit_on_write_error, fail, say
from .options import (
    OWN_RULES,
    from_workspace,
    out,
    output_or_workspace,
    profiles_given,
    rulebook_or_fail,
)


@command()
@click.argument(
    "profiles",
    nargs=-1,
    type=click.Path(exists=True, allow_dash=True, path_type=Path),
    callback=from_workspace("clients"),
)
@out("Write one folder per client here instead of printing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="markdown",
    show_default=True,
    help="Markdown pages, the plan as JSON data, one self-contained HTML file, or the weekly "
    "routine as an iCalendar file (ics) to import into any calendar.",
)
@OWN_RULES
def plan(
    profiles: tuple[Path, ...], out_dir: Path | None, fmt: Format, own_rules: Path | None
) -> None:
    """Make the action plan and measurement checklist for each profile (files or folders;
    `-` reads one profile from standard input and prints its plan)."""
    from ..pipeline.client import plan_document, plan_folders, plan_from_bytes
    from ..pipeline.write import write_clients

    if Path("-") in profiles:
        if len(profiles) > 1 or out_dir is not None:
            raise click.UsageError("`-` (a profile on standard input) goes alone, without -o")
        book = rulebook_or_fail(own_rules)
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        with exit_on_problems():
            click.echo(plan_from_bytes(raw, book, fmt), nl=False)
        return
    paths = expand(profiles_given(profiles))
    if len(paths) > 1:
        out_dir = output_or_workspace(out_dir, "plans")
    if out_dir is None and len(paths) > 1:
        raise click.UsageError("several profiles need -o DIR (one folder per client)")
    book = rulebook_or_fail(own_rules)
    if out_dir is None:
        with exit_on_problems():
            click.echo(plan_document(paths[0], book, fmt), nl=False)
        return
    outputs, problems = plan_folders(paths, book, fmt)
    if problems:
        fail(problems)
    with exit_on_write_error():
        folders = write_clients(out_dir, outputs)
    say(f"wrote {len(folders)} playbook(s) to {out_dir}")
