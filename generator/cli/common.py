"""What the commands share: reading paths, printing problems, loading the rules."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from ..errors import Problem, ProblemsError
from ..source.files import yaml_files

if TYPE_CHECKING:
    from ..rules.compile import Rulebook

EXIT_INVALID = 1


def fail(problems: Iterable[Problem]) -> NoReturn:
    for problem in problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_INVALID)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their .yaml files, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = yaml_files(path)
            if not found:
                raise click.UsageError(f"{path}: folder holds no .yaml files")
            out += found
        else:
            out.append(path)
    return list(dict.fromkeys(out))


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
