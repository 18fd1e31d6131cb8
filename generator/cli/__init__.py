"""The command line, shaped like MkDocs' own: this module holds the `playbook` group and
`main`; each command group is a small module (check, plan, site, starters, guide, rules,
measure) whose commands read the arguments and hand the work to a function in a lower layer.

Shared arguments and options are in options.py; exit codes and error lines in exits.py.
Heavy modules load inside the commands that need them, so `playbook check` starts fast.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
from typing import NoReturn, TextIO

import click

from .. import __version__
from .exits import EXIT_INTERRUPTED, EXIT_INVALID, Group

# Each command, by name, and the module of this package that defines it under that name.
COMMANDS = {
    "check": "check",
    "plan": "plan",
    "build": "site",
    "serve": "site",
    "init": "starters",
    "checkin": "starters",
    "branding": "starters",
    "schema": "starters",
    "guide": "guide",
    "rules": "rules",
    "ideas": "ideas",
    "measure": "measure",
}


class Playbook(Group):
    """The `playbook` group. A command's module is imported when the command runs (or help
    lists it), so `playbook check` loads none of the other commands' code."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: ARG002
        if cmd_name in COMMANDS:
            return _load(cmd_name)
        # Click suggests close names from the commands the group holds: hold them all.
        self.commands.update({name: _load(name) for name in COMMANDS})
        return None


def _load(name: str) -> click.Command:
    command: click.Command = getattr(importlib.import_module(f".{COMMANDS[name]}", __name__), name)
    return command


@click.group(cls=Playbook, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Turn client profiles into conversation-first action plans and measurement checklists."""


def main() -> None:
    """Entry point: never a traceback for output that cannot be written (a full disk: one
    line, exit 1; a reader that went away, as `| head` does: quietly), nor for Ctrl-C."""
    try:
        _main()
        if sys.stdout is not None:  # None: started with stdout closed; click wrote nothing
            sys.stdout.flush()
    except OSError as exc:
        _output_failed(exc)


def _main() -> None:
    try:
        cli.main(standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("playbook: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


# Why a stream stops taking output: the disk is full (or over quota), the device failed.
_UNWRITABLE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


def _output_failed(exc: OSError) -> NoReturn:
    """Exit 1 once stdout or stderr cannot take more; say why while stderr still can."""
    _discard(sys.stdout)
    if not isinstance(exc, BrokenPipeError):
        reason = exc.strerror or str(exc)
        what = f"{exc.filename}: " if exc.filename else ""
        if not what and exc.errno in _UNWRITABLE:
            what = "cannot write the output: "
        with contextlib.suppress(OSError, ValueError, AttributeError):
            click.echo(f"playbook: error: {what}{reason}", err=True)
            sys.stderr.flush()
    _discard(sys.stderr)
    sys.exit(EXIT_INVALID)


def _discard(stream: TextIO | None) -> None:
    """Point a stream at the null device: what it still buffers would fail again at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())  # type: ignore[union-attr]
