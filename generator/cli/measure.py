"""`playbook measure`: the posting mix a client's own account exports show, and (with
--checkins) the counts written into the monthly check-ins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .exits import EXIT_INVALID, command, exit_on_problems, exit_on_write_error
from .options import PROFILE

DAY = click.DateTime(formats=["%Y-%m-%d"])


@command()
@PROFILE
@click.argument("exports", nargs=-1, type=click.Path(path_type=Path))
@click.option("--since", type=DAY, help="The first day to count, YYYY-MM-DD.")
@click.option(
    "--until",
    type=DAY,
    help="The last day to count, YYYY-MM-DD [default: the last twelve full weeks (Monday "
    "to Sunday) of the exports].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A report to read, with excerpts to check the counting, or the counts as JSON.",
)
@click.option(
    "--checkins",
    is_flag=True,
    help="Write the counted posts into the profile's monthly check-ins (the months the "
    "period covers in full; missing months are created).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="With --checkins: write the counts over post counts a person typed.",
)
def measure(
    profile: Path,
    exports: tuple[Path, ...],
    since: dt.datetime | None,
    until: dt.datetime | None,
    fmt: str,
    checkins: bool,
    replace: bool,
) -> None:
    """Count the posts of PROFILE's client in EXPORT (archives as downloaded, unpacked
    folders or posts files; default: the profile's measured_from) by kind, per platform and
    month: questions, sales posts, quotes, reshares, replies and the client's own."""
    from ..pipeline.measure import ExportProblems, measure_exports
    from ..render.measure_report import report_json, report_text
    from ..source.validate import load_profile

    if replace and not checkins:
        raise click.UsageError("--replace only goes with --checkins")
    with exit_on_problems():
        client = load_profile(profile, str(profile))
    paths = list(exports) or [profile.parent / p for p in client.measured_from]
    if not paths:
        raise click.UsageError("give at least one EXPORT (or list them in measured_from:)")
    labels = [str(p) for p in paths]
    try:
        run = measure_exports(
            client, paths, labels, since.date() if since else None, until.date() if until else None
        )
    except ExportProblems as exc:
        for line in exc.lines:
            click.echo(line, err=True)
        raise SystemExit(EXIT_INVALID) from None
    report = report_json if fmt == "json" else report_text
    click.echo(report(run.reads, run.measurement), nl=False)
    if checkins:
        from ..pipeline.measure_checkins import plan_checkins, write_checkins

        with exit_on_problems():
            changes = plan_checkins(client, profile, run, replace)
        with exit_on_write_error():
            written = write_checkins(changes)
        for line in changes.lines:
            click.echo(f"check-in {line}", err=True)
        if written:
            names = ", ".join(p.name for p in written)
            click.echo(f"wrote {len(written)} check-in(s) in {changes.folder}: {names}", err=True)
        else:
            click.echo(f"check-ins in {changes.folder}: nothing to change", err=True)
