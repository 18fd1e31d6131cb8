"""Arguments and options that several commands share, declared once; and the rulebook the
`--rules` option gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import ProblemsError
from .exits import fail

if TYPE_CHECKING:
    from ..rules.compile import Rulebook

F = TypeVar("F", bound=Callable[..., Any])

EXISTING = click.Path(exists=True, path_type=Path)
PROFILES = click.argument("profiles", nargs=-1, required=True, type=EXISTING)
PROFILE = click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
OWN_RULES = click.option(
    "--rules",
    "own_rules",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of your own rules (*.yaml), used with the bundled ones.",
)
SITE_CONFIG = click.option(
    "--site-config",
    "settings_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder holding client-site.yml [default: the bundled site-config/].",
)


def out(help_text: str, *, required: bool = False, file: bool = False) -> Callable[[F], F]:
    """`-o/--out`: a folder to write to (`out_dir`), or with `file` a file (`out_file`)."""
    if file:
        kind = click.Path(dir_okay=False, path_type=Path)
    else:
        kind = click.Path(file_okay=False, path_type=Path)
    name = "out_file" if file else "out_dir"
    check = None if file else output_folder
    return click.option(
        "-o", "--out", name, required=required, type=kind, callback=check, help=help_text
    )


def output_folder(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """-o/--out: the root, home or current folder is refused at once (exit 2)."""
    from ..pipeline.write import UnsafeOutput, check_output_folder

    if value is not None:
        try:
            check_output_folder(value)
        except UnsafeOutput as exc:
            raise click.BadParameter(str(exc)) from None
    return value


def rulebook_or_fail(own_rules: Path | None) -> Rulebook:
    """The bundled rules with the coach's own; every problem printed and exit 1 if any."""
    from ..pipeline.rulebook import load_rulebook

    try:
        return load_rulebook(own=own_rules)
    except ProblemsError as exc:
        fail(exc.problems)
