"""How a command ends when something is wrong: one set of exit codes, one line per problem.

0 when all is well; 1 for invalid input (every problem printed, nothing written) or output
that cannot be written; 2 for wrong usage (click's own code for its usage errors, and for
WrongUsage from the layers below, shown with the command's usage); 130 when interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from ..errors import Problem, ProblemsError, WrongUsage

EXIT_INVALID = 1
EXIT_INTERRUPTED = 130


def die(message: str) -> NoReturn:
    """One line, `playbook: error: message`, and exit 1."""
    click.echo(f"playbook: error: {message}", err=True)
    sys.exit(EXIT_INVALID)


def fail(problems: Iterable[Problem]) -> NoReturn:
    """Every problem, one line each, and exit 1."""
    for problem in problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_INVALID)


@contextmanager
def exit_on_problems() -> Iterator[None]:
    """Invalid input (ProblemsError) inside ends the command through `fail`."""
    try:
        yield
    except ProblemsError as exc:
        fail(exc.problems)


@contextmanager
def exit_on_write_error() -> Iterator[None]:
    """Output that cannot be written (WriteError, OSError) inside ends the command through
    `die`."""
    # Imported here: `playbook check` writes nothing and starts faster without it.
    from ..pipeline.write import WriteError

    try:
        yield
    except (WriteError, OSError) as exc:
        die(str(exc))


@contextmanager
def exit_on_build_error() -> Iterator[None]:
    """A batch that cannot start (an unreadable SOURCE_DATE_EPOCH) ends through `die`."""
    from ..site.build import BuildError

    try:
        yield
    except BuildError as exc:
        die(str(exc))


class Command(click.Command):
    """A command whose work may raise WrongUsage: shown as click shows a usage error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WrongUsage as exc:
            raise click.UsageError(str(exc), ctx) from None


class Group(click.Group):
    """A group whose commands are `Command`s."""

    command_class = Command


def command(name: str | None = None) -> Callable[[Callable[..., Any]], Command]:
    """`click.command` for a `Command`."""
    return click.command(name, cls=Command)
