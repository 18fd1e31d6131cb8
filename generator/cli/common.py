"""What the commands share: reading paths, printing problems, loading the rules."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from ..errors import Problem, ProblemsError

if TYPE_CHECKING:
    from ..rules.compile import Rulebook

EXIT_INVALID = 1
YAML_SUFFIXES = (".yaml", ".yml")


def fail(problems: Iterable[Problem]) -> NoReturn:
    for problem in problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_INVALID)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their .yaml files, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                raise click.UsageError(f"{path}: folder holds no .yaml files")
            out += found
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def output_folder(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """-o/--out: the root, home or current folder is refused at once (exit 2)."""
    from ..pipeline.write import UnsafeOutput, check_output_folder

    if value is not None:
        try:
            check_output_folder(value)
        except UnsafeOutput as exc:
            raise click.BadParameter(str(exc)) from None
    return value


EXISTING = click.Path(exists=True, path_type=Path)
OWN_RULES = click.option(
    "--rules",
    "own_rules",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of your own rules (*.yaml), used with the bundled ones.",
)


def rulebook_or_fail(own_rules: Path | None) -> Rulebook:
    """The bundled rules with the coach's own; every problem printed and exit 1 if any."""
    from ..pipeline.rulebook import load_rulebook

    try:
        return load_rulebook(own=own_rules)
    except ProblemsError as exc:
        fail(exc.problems)
