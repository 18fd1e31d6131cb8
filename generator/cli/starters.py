"""`playbook init`, `playbook checkin`, `playbook branding` and `playbook schema`: the files a
coach starts from (a workspace, a client's profile, a month's check-in, branding), and the
JSON Schemas their editor checks them with."""

from __future__ import annotations

from pathlib import Path

import click

from ..paths import shown_path
from .exits import command, exit_on_problems, exit_on_write_error, say
from .options import PROFILE, out, workspace


@command()
@click.argument("name", required=False)
@click.option(
    "--workspace",
    "workspace_dir",
    is_flag=False,
    flag_value=".",
    type=click.Path(file_okay=False, path_type=Path),
    help="Create a coach's workspace in DIR [default: here]: playbook.yml, "
    "brand/client-site.yml, rules/, clients/ and schemas/.",
    metavar="[DIR]",
)
@click.option("--coach", help="Your name, for a new workspace [default: playbook.yml's coach].")
@out(
    "Where to write the profile [default: NAME as a file name, .yaml, in playbook.yml's "
    "clients folder or here].",
    file=True,
)
def init(
    name: str | None, workspace_dir: Path | None, coach: str | None, out_file: Path | None
) -> None:
    """Write a commented starter profile for a new client called NAME, or with --workspace
    a coach's workspace."""
    from ..pipeline.starters import write_starter_profile

    if workspace_dir is not None:
        if name is not None:
            raise click.UsageError("give NAME or --workspace, not both")
        _init_workspace(workspace_dir, coach)
        return
    if name is None:
        raise click.UsageError("Missing argument 'NAME' (or --workspace for a workspace).")
    settings = workspace()
    folder = settings.clients if settings is not None else None
    coach = coach or (settings.coach if settings is not None else None)
    with exit_on_write_error():
        target = write_starter_profile(name, out_file, folder, coach)
    shown = shown_path(target)
    say(f"wrote {shown}; fill it in, then run: playbook plan {shown}")


def _init_workspace(folder: Path, coach: str | None) -> None:
    from ..pipeline.workspace import write_workspace

    with exit_on_write_error():
        target = write_workspace(folder, coach)
    where = "" if folder == Path() else f"cd {folder}, then "
    say(f"wrote {target} and the workspace's folders; {where}run: playbook init CLIENT-NAME")


@command()
@out("Write a new file instead of printing.", file=True)
@click.option("--coach", help="Your name [default: playbook.yml's coach].")
def branding(out_file: Path | None, coach: str | None) -> None:
    """Print (or write) a starter branding file for client sites: your name, logo and
    colour, for --site-config or playbook.yml's site_config."""
    from ..pipeline.workspace import write_branding

    settings = workspace()
    coach = coach or (settings.coach if settings is not None else None)
    with exit_on_write_error():
        text = write_branding(out_file, coach)
    if out_file is None:
        click.echo(text, nl=False)
    else:
        say(f"wrote {out_file}; use it with --site-config {out_file}")


@command()
@PROFILE
@click.option(
    "--period",
    help="The month to record, as YYYY-MM [default: the month after the latest check-in; "
    "with none yet, this month].",
)
def checkin(profile: Path, period: str | None) -> None:
    """Write a check-in for PROFILE (the month after the latest), every field ready to fill."""
    from ..pipeline.starters import write_checkin

    with exit_on_problems(), exit_on_write_error():
        target = write_checkin(profile, period)
    say(f"wrote {target}; fill it in, then run: playbook check {profile}")


@command()
@click.argument(
    "kind",
    type=click.Choice(
        ["profile", "rule", "checkin", "client-site", "platforms", "sector", "idea", "workspace"]
    ),
    default="profile",
)
def schema(kind: str) -> None:
    """Print the JSON Schema of a profile (or of a rule, a check-in, client-site.yml, the
    advice library's platforms.yaml, a sector or an idea, or a workspace's playbook.yml)."""
    from ..source.json_schema import SCHEMAS, schema_text

    click.echo(schema_text(SCHEMAS[kind](), kind), nl=False)
