"""`playbook build` and `playbook serve`: private client sites, built in a batch or
previewed live while the coach edits."""

from __future__ import annotations

import shutil
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..source.files import expand
from .exits import (
    EXIT_INVALID,
    command,
    die,
    exit_on_build_error,
    exit_on_problems,
    exit_on_write_error,
    say,
    verbosity,
)
from .options import (
    OWN_RULES,
    PROFILE,
    PROFILES,
    SITE_CONFIG,
    out,
    output_or_workspace,
    profiles_given,
    rulebook_or_fail,
    workspace,
)

if TYPE_CHECKING:
    from ..site.build import Built


@command()
@PROFILES
@out("Write one site per client here, in OUT/<client>/ [default: playbook.yml's out: sites:].")
@click.option("--pdf", is_flag=True, help="Also print each site to OUT/<client>.pdf (Chromium).")
@SITE_CONFIG
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Processes [default: one per core].")
@OWN_RULES
def build(
    profiles: tuple[Path, ...],
    out_dir: Path | None,
    pdf: bool,
    settings_dir: Path | None,
    jobs: int | None,
    own_rules: Path | None,
) -> None:
    """Build a private playbook site for each profile (files or folders)."""
    from ..site.batch import BuildRequest, build_all, print_pdfs
    from ..site.build import load_settings

    out_dir = output_or_workspace(out_dir, "sites")
    if out_dir is None:
        raise click.UsageError("Missing option '-o' / '--out' (or out: sites: in playbook.yml).")
    printer = None
    if pdf:
        # Before any site is built: a PDF that cannot be printed is an error, found at once.
        from ..site.browsers import PdfUnavailable, pdf_browser
        from ..site.pdf import print_timeout

        try:
            print_timeout()
            printer = partial(print_pdfs, chromium=pdf_browser())
        except PdfUnavailable as exc:
            die(f"--pdf: {exc}")
    paths = expand(profiles_given(profiles))
    book = rulebook_or_fail(own_rules)
    with exit_on_problems():
        request = BuildRequest(book, *load_settings(settings_dir))
    with exit_on_write_error(), exit_on_build_error():
        if sys.stderr.isatty():
            with click.progressbar(length=len(paths), label="building", file=sys.stderr) as bar:
                results = build_all(paths, out_dir, request, jobs, bar.update, printer)
        else:
            results = build_all(paths, out_dir, request, jobs, None, printer)
    _report(results, out_dir)


def _report(results: list[Built], out_dir: Path) -> None:
    """Every problem, every lost build and failed PDF, the summary table and the count;
    exit 1 if anything failed."""
    from ..site.batch import failure_lines, summary_table

    for item in results:
        for problem in item.problems:
            click.echo(problem.format(), err=True)
        if item.error:
            click.echo(
                f"{item.path}:1:1: error: {item.error} (fix the profile or report it)", err=True
            )
    failures = failure_lines(results, out_dir)
    for line in failures:
        click.echo(line, err=True)
    say(summary_table(results))
    failed = sum(1 for r in results if not r.ok)
    built = len(results) - failed
    say(f"built {built} site(s) in {out_dir}; {failed} failed")
    if failed or failures:
        sys.exit(EXIT_INVALID)


@command()
@PROFILE
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@SITE_CONFIG
@OWN_RULES
def serve(profile: Path, port: int, settings_dir: Path | None, own_rules: Path | None) -> None:
    """Preview PROFILE's site on 127.0.0.1, rebuilt whenever it or a rule changes."""
    from ..site.serve import Preview, ServeError, serve, temporary_root

    # Read now: the server reports from its own threads, outside this command's context.
    quiet = verbosity() < 0

    def report(line: str) -> None:
        if not quiet or ": error:" in line:
            click.echo(line, err=True)

    root = temporary_root()
    try:
        with exit_on_build_error():
            settings = workspace()
            found = settings.file if settings is not None else None
            preview = Preview(profile, root, settings_dir, own_rules, report, found)
            serve(preview, "127.0.0.1", port)
    except ServeError as exc:
        die(str(exc))
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
