"""`playbook init`, `playbook checkin` and `playbook schema`: the files a coach starts from,
and the JSON Schemas their editor checks them with."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import command, exit_on_problems, exit_on_write_error
from .options import PROFILE, out


@command()
@click.argument("name")
@out("Where to write the profile [default: NAME as a file name, .yaml].", file=True)
def init(name: str, out_file: Path | None) -> None:
    """Write a commented starter profile for a new client called NAME."""
    from ..pipeline.starters import write_starter_profile

    with exit_on_write_error():
        target = write_starter_profile(name, out_file)
    click.echo(f"wrote {target}; fill it in, then run: playbook plan {target}", err=True)


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
    click.echo(f"wrote {target}; fill it in, then run: playbook check {profile}", err=True)


@command()
@click.argument(
    "kind",
    type=click.Choice(["profile", "rule", "checkin", "client-site", "platforms", "sector", "idea"]),
    default="profile",
)
def schema(kind: str) -> None:
    """Print the JSON Schema of a profile (or of a rule, a check-in, client-site.yml, or the
    advice library's platforms.yaml, a sector or an idea)."""
    from ..source.json_schema import SCHEMAS, schema_text

    click.echo(schema_text(SCHEMAS[kind](), kind), nl=False)
