"""`playbook plan`: the action plan and measurement checklist of each profile, printed or
written one folder per client."""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline.formats import FORMATS, Format
from ..source.files import expand
from .exits import command, exit_on_problems, exit_on_write_error, fail
from .options import OWN_RULES, PROFILES, out, rulebook_or_fail


@command()
@PROFILES
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
    """Make the action plan and measurement checklist for each profile."""
    from ..pipeline.client import plan_document, plan_folders
    from ..pipeline.write import write_clients

    paths = expand(profiles)
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
    click.echo(f"wrote {len(folders)} playbook(s) to {out_dir}", err=True)
