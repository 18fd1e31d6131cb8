"""Stage 6, the command line: a thin adapter that reads files, calls the core, writes results.

Exit status: 0 when all is well, 1 for invalid input (every problem printed, nothing
written), 2 for wrong usage. Heavy modules load inside the commands that need them, so
`playbook check` starts fast.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import Problem, ProblemsError
from .common import EXISTING, EXIT_INVALID, OWN_RULES, expand, fail, rulebook_or_fail
from .rules import rules


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Turn client profiles into conversation-first action plans and measurement checklists."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=EXISTING)
@OWN_RULES
def check(files: tuple[Path, ...], own_rules: Path | None) -> None:
    """Validate profiles (files or folders) and their check-ins; exit 0 when all are valid."""
    from ..rules.files import rule_ids
    from ..source.checkins import load_checkins
    from ..source.validate import load_checked_profile

    problems: list[Problem] = []
    paths = expand(files)
    # The ids come from the file names, so checking stays fast: no rule is compiled.
    known = rule_ids(own=own_rules)
    months = 0
    for path in paths:
        try:
            profile = load_checked_profile(path, str(path), known)
            months += len(load_checkins(profile, path))
            if profile.branding is not None and profile.branding.logo is not None:
                # Only then: the check starts faster without the branding module.
                from ..site.branding import profile_logo_problems

                problems += profile_logo_problems(profile, path)
        except ProblemsError as exc:
            problems += _not_a_profile(path, exc.problems)
    if problems:
        fail(problems)
    click.echo(f"{len(paths)} profile(s) and {months} check-in(s) valid", err=True)


def _not_a_profile(path: Path, problems: list[Problem]) -> list[Problem]:
    """A check-in given where a profile is expected gets one line that says so."""
    from ..errors import Mark

    if any(p.message.startswith("unknown top-level key 'period'") for p in problems):
        return [
            Problem(
                Mark(str(path), 1, 1),
                "this is a check-in, not a profile",
                "check it with its profile: playbook check PROFILE checks its check-ins too",
            )
        ]
    return problems


@cli.command()
@click.argument("profiles", nargs=-1, required=True, type=EXISTING)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one folder per client here instead of printing.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "html"]),
    default="markdown",
    show_default=True,
    help="Markdown pages, the plan as JSON data, or one self-contained HTML file.",
)
@OWN_RULES
def plan(
    profiles: tuple[Path, ...], out_dir: Path | None, fmt: str, own_rules: Path | None
) -> None:
    """Make the action plan and measurement checklist for each profile."""
    from ..pipeline.batch import plan_files, plan_one
    from ..pipeline.write import WriteError, slugify, write_clients

    paths = expand(profiles)
    if out_dir is None and len(paths) > 1:
        raise click.UsageError("several profiles need -o DIR (one folder per client)")
    book = rulebook_or_fail(own_rules)
    if out_dir is None:
        outcome = plan_one(paths[0], book, fmt, single=True)
        if outcome.problems:
            fail(outcome.problems)
        click.echo(next(iter(outcome.pages.values())), nl=False)
        return
    outcomes = plan_files(paths, book, fmt)
    problems = [p for o in outcomes for p in o.problems]
    outputs: dict[str, dict[str, str]] = {}
    first: dict[str, Path] = {}
    for outcome in outcomes:
        if outcome.problems:
            continue
        slug = slugify(outcome.client_name)
        if slug in outputs:
            problems.append(_same_folder(outcome.path, first[slug], slug))
            continue
        first[slug] = outcome.path
        outputs[slug] = outcome.pages
    if problems:
        fail(problems)
    try:
        folders = write_clients(out_dir, outputs)
    except (WriteError, OSError) as exc:
        click.echo(f"playbook: error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"wrote {len(folders)} playbook(s) to {out_dir}", err=True)


def _same_folder(path: Path, other: Path, slug: str) -> Problem:
    from ..source.load import read_file
    from ..source.validator import locate

    return Problem(
        locate(read_file(path, str(path)), ("client", "name")),
        f"client name gives the folder '{slug}', like {other}",
        "give each client a distinct name",
    )


@cli.command()
@click.argument("profiles", nargs=-1, required=True, type=EXISTING)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one site per client here, in OUT/<client>/.",
)
@click.option("--pdf", is_flag=True, help="Also print each site to OUT/<client>.pdf (Chromium).")
@click.option(
    "--site-config",
    "settings_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder holding client-site.yml [default: the bundled site-config/].",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Processes [default: one per core].")
@OWN_RULES
def build(
    profiles: tuple[Path, ...],
    out_dir: Path,
    pdf: bool,
    settings_dir: Path | None,
    jobs: int | None,
    own_rules: Path | None,
) -> None:
    """Build a private playbook site for each profile (files or folders)."""
    from .build import run_build

    run_build(expand(profiles), out_dir, pdf, settings_dir, jobs, rulebook_or_fail(own_rules))


@cli.command()
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--site-config",
    "settings_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder holding client-site.yml [default: the bundled site-config/].",
)
@OWN_RULES
def serve(profile: Path, port: int, settings_dir: Path | None, own_rules: Path | None) -> None:
    """Preview PROFILE's site on 127.0.0.1, rebuilt whenever it or a rule changes."""
    from ..site.build import BuildError
    from ..site.serve import Preview, ServeError, serve, temporary_root

    def report(line: str) -> None:
        click.echo(line, err=True)

    root = temporary_root()
    try:
        serve(Preview(profile, root, settings_dir, own_rules, report), "127.0.0.1", port)
    except ServeError as exc:
        raise click.UsageError(str(exc)) from None
    except BuildError as exc:  # an unreadable SOURCE_DATE_EPOCH
        click.echo(f"playbook: error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


@cli.command()
@click.argument("name")
@click.option(
    "-o",
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the profile [default: NAME as a file name, .yaml].",
)
def init(name: str, out_file: Path | None) -> None:
    """Write a commented starter profile for a new client called NAME."""
    from ..pipeline.write import slugify
    from ..render.starters import profile_text
    from ..source.validate import profile_from_bytes

    if not name.strip():
        raise click.UsageError("NAME must not be empty")
    target = out_file or Path(f"{slugify(name)}.yaml")
    text = profile_text(name, target.name, _schema_url("profile", target))
    try:
        profile_from_bytes(text.encode("utf-8"), target.name)
    except ProblemsError as exc:
        message = exc.problems[0].message.replace("client.name", "NAME")
        raise click.UsageError(f"{message} ({exc.problems[0].hint})") from None
    _write_new(target, text)
    click.echo(f"wrote {target}; fill it in, then run: playbook plan {target}", err=True)


def _schema_url(kind: str, target: Path) -> str:
    """The schema's path relative to the new file, so it works when the folder moves."""
    from ..paths import schema_dir

    schema = (schema_dir() / f"{kind}.schema.json").resolve()
    return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()


def _write_new(target: Path, text: str) -> None:
    """Write a new file; never over one that exists."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        click.echo(f"playbook: error: {target} already exists; it is left as it is", err=True)
        sys.exit(EXIT_INVALID)
    except OSError as exc:
        click.echo(f"playbook: error: cannot write {target}: {exc.strerror}", err=True)
        sys.exit(EXIT_INVALID)


@cli.command()
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--period",
    help="The month to record, as YYYY-MM [default: the month after the latest check-in; "
    "with none yet, this month].",
)
def checkin(profile: Path, period: str | None) -> None:
    """Write a check-in for PROFILE (the month after the latest), every field ready to fill."""
    import datetime as dt
    import re

    from ..engine.progress import next_period, period_of_date
    from ..model.checkin import PERIOD_PATTERN
    from ..render.starters import checkin_text
    from ..source.checkins import checkins_folder, load_checkins
    from ..source.validate import load_profile

    if period is not None and not re.fullmatch(PERIOD_PATTERN, period):
        raise click.UsageError(f"--period {period!r}: write the month as YYYY-MM, such as 2026-12")
    try:
        client = load_profile(profile, str(profile))
        found = load_checkins(client, profile)
    except ProblemsError as exc:
        fail(exc.problems)
    if period is None:
        latest = found[-1].period if found else None
        period = next_period(latest) if latest else period_of_date(dt.date.today())
    if any(c.period == period for c in found):
        recorded = checkins_folder(client, profile)
        click.echo(
            f"playbook: error: {period} is already recorded in {recorded}; edit that file",
            err=True,
        )
        sys.exit(EXIT_INVALID)
    target = checkins_folder(client, profile) / f"{period}.yaml"
    _write_new(target, checkin_text(client, period, profile.name, _schema_url("checkin", target)))
    click.echo(f"wrote {target}; fill it in, then run: playbook check {profile}", err=True)


@cli.command()
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the guide to (new, or written by playbook before).",
)
@click.option(
    "--content",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with rules/, examples/ and the guide's pages [default: the bundled one].",
)
@click.option(
    "--config",
    "root_config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A mkdocs.yml whose settings (site name, repository) to carry over "
    "[default: ./mkdocs.yml if there is one].",
)
def guide(out_dir: Path, content: Path | None, root_config: Path | None) -> None:
    """Write the public guide as plain Markdown files plus a matching mkdocs.yml.

    The result builds with any builder that reads mkdocs.yml, without the playbook plugin:
    `mkdocs build -f OUT/mkdocs.yml`, or `zensical build` inside OUT.
    """
    from ..guide.files import guide_tree
    from ..paths import content_dir, site_config_dir
    from ..pipeline.write import WriteError, write_tree

    root = root_config or (Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None)
    repo = ""
    if root is not None:
        from ..site.mkdocs_config import read_config

        settings = read_config(root)
        base = str(settings.get("repo_url") or "").rstrip("/")
        edit = str(settings.get("edit_uri") or "").strip("/")
        repo = f"{base}/{edit}/" if base else ""
    try:
        files = guide_tree(content or content_dir(), site_config_dir(), root, repo)
        # The site a builder made inside the copy (mkdocs' and zensical's default) stays.
        write_tree(out_dir, files, keep=("site",))
    except ProblemsError as exc:
        fail(exc.problems)
    except (WriteError, OSError) as exc:
        click.echo(f"playbook: error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    pages = sum(1 for name in files if name.endswith(".md"))
    click.echo(f"wrote the guide ({pages} pages) to {out_dir}", err=True)


@cli.command()
@click.argument(
    "kind", type=click.Choice(["profile", "rule", "checkin", "client-site"]), default="profile"
)
def schema(kind: str) -> None:
    """Print the JSON Schema of a profile (or of a rule, a check-in, client-site.yml)."""
    from ..source.json_schema import SCHEMAS, schema_text

    click.echo(schema_text(SCHEMAS[kind](), kind), nl=False)


cli.add_command(rules)


def main() -> None:
    """Entry point: never a traceback for a closed pipe or Ctrl-C (exit 130)."""
    try:
        cli.main(standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("playbook: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_INVALID)
