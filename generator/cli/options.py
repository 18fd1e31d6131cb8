"""Arguments and options that several commands share, declared once; the coach's
playbook.yml, which gives the ones left out; and the rulebook the `--rules` option gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import ProblemsError
from .exits import detail, fail

if TYPE_CHECKING:
    from ..rules.compile import Rulebook
    from ..source.workspace import Settings

_WORKSPACE = "playbook.workspace"


def workspace() -> Settings | None:
    """The coach's playbook.yml, found from the working folder upwards and read once per
    run; None when there is none. Every problem in it ends the command (exit 1)."""
    meta = click.get_current_context().find_root().meta
    if _WORKSPACE not in meta:
        from ..paths import shown_path
        from ..source.workspace import find_workspace, load_workspace

        try:
            found = find_workspace(Path.cwd())
        except OSError:  # the working folder was deleted
            found = None
        settings = None
        if found is not None:
            try:
                settings = load_workspace(found, shown_path(found))
            except ProblemsError as exc:
                fail(exc.problems)
            detail(f"settings from {shown_path(found)}")
        meta[_WORKSPACE] = settings
    result: Settings | None = meta[_WORKSPACE]
    return result


def from_workspace(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option's callback: a value left out comes from playbook.yml's `key`, if set."""

    def fill(_ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None or value == ():
            settings = workspace()
            found = getattr(settings, key) if settings is not None else None
            if found is not None:
                from ..paths import shown_path

                name = param.opts[0] if isinstance(param, click.Option) else param.name
                detail(f"{name}: {shown_path(found)} (from playbook.yml)")
                return (found,) if value == () else found
        return value

    return fill


F = TypeVar("F", bound=Callable[..., Any])

EXISTING = click.Path(exists=True, path_type=Path)
PROFILES = click.argument("profiles", nargs=-1, type=EXISTING, callback=from_workspace("clients"))
PROFILE = click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
OWN_RULES = click.option(
    "--rules",
    "own_rules",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    callback=from_workspace("rules"),
    help="A folder of your own rules (*.yaml), used with the bundled ones "
    "[default: playbook.yml's rules].",
)
SITE_CONFIG = click.option(
    "--site-config",
    "settings_dir",
    type=EXISTING,
    callback=from_workspace("site_config"),
    help="Your branding file (or a folder holding client-site.yml) "
    "[default: playbook.yml's site_config, else the bundled one].",
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


def profiles_given(profiles: tuple[Path, ...]) -> tuple[Path, ...]:
    """The profiles to work on: those given, else playbook.yml's clients folder."""
    if not profiles:
        raise click.UsageError(
            "give one or more profiles (files or folders), or run inside a workspace whose "
            "playbook.yml names a clients folder (playbook init --workspace)"
        )
    return profiles


def output_or_workspace(out_dir: Path | None, key: str) -> Path | None:
    """-o as given, else playbook.yml's output folder `key` (plans, sites), checked alike."""
    if out_dir is not None:
        return out_dir
    settings = workspace()
    found: Path | None = getattr(settings, key) if settings is not None else None
    if found is not None:
        from ..paths import shown_path

        detail(f"--out: {shown_path(found)} (from playbook.yml)")
        output_folder(click.get_current_context(), click.Option(["-o"]), found)
    return found


def rulebook_or_fail(own_rules: Path | None) -> Rulebook:
    """The bundled rules with the coach's own; every problem printed and exit 1 if any."""
    from ..pipeline.rulebook import load_rulebook

    try:
        return load_rulebook(own=own_rules)
    except ProblemsError as exc:
        fail(exc.problems)
