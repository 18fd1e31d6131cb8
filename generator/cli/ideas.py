"""`playbook ideas`: check the advice library (platforms, sectors and the idea bank)."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import Group, exit_on_problems, say


@click.group(cls=Group)
def ideas() -> None:
    """Check the idea bank and the rest of the advice library."""


@ideas.command("check")
@click.argument(
    "path", required=False, type=click.Path(exists=True, file_okay=True, path_type=Path)
)
def ideas_check(path: Path | None) -> None:
    """Check every platform, sector and idea file of the advice library PATH belongs to (a
    content folder, its advice/ folder or a file in it; the bundled library by default);
    exit 0 when all are valid."""
    from ..pipeline.advice import content_of, load_advice

    with exit_on_problems():
        advice = load_advice(content_of(path) if path else None)
    say(
        f"{len(advice.ideas)} idea(s), {len(advice.sectors)} sector(s) and "
        f"{len(advice.platforms.platforms)} platform(s) valid"
    )
