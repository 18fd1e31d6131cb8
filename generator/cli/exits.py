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


# How much a command says besides its output and its errors: -1 with --quiet (nothing),
# 0 by default (what was written, what is valid), 1 with --verbose (which settings were used).
_VERBOSITY = "playbook.verbosity"


def verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return int(ctx.find_root().meta.get(_VERBOSITY, 0)) if ctx is not None else 0


def say(text: str) -> None:
    """A line of information on stderr (what was written, what is valid); not with --quiet."""
    if verbosity() >= 0:
        click.echo(text, err=True)


def detail(text: str) -> None:
    """A line only --verbose prints: which settings, folders and files a command used."""
    if verbosity() > 0:
        click.echo(f"playbook: {text}", err=True)


def _set_verbosity(level: int) -> Callable[[click.Context, click.Parameter, bool], None]:
    def remember(ctx: click.Context, _param: click.Parameter, given: bool) -> None:
        if given:
            ctx.find_root().meta[_VERBOSITY] = level

    return remember


def _verbosity_options() -> list[click.Parameter]:
    return [
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_verbosity(-1),
            help="Print only output and errors.",
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_verbosity(1),
            help="Also say which settings, folders and files are used.",
        ),
    ]


class Command(click.Command):
    """A command whose work may raise WrongUsage: shown as click shows a usage error. Every
    command takes --quiet and --verbose."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_verbosity_options())

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
