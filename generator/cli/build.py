"""The command-line side of client sites: progress, the summary table, PDFs and exit codes.

Kept apart from cli.py so `playbook check` never imports any of it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import ProblemsError
from ..pipeline.write import WriteError
from ..rules.compile import Rulebook
from ..site.batch import BuildRequest, build_all, failure_lines
from ..site.build import BuildError, Built, load_settings

EXIT_INVALID = 1


def _print_pdfs(pairs: list[tuple[Path, Path]]) -> dict[Path, str] | None:
    """Print every pair with one Chromium: the PDFs that failed, or None (with a note)
    where Chromium is missing."""
    from ..site.pdf import CHROMIUM_ENV, PdfUnavailable, chromium_path, print_many

    chromium = chromium_path()
    try:
        if chromium is None:
            chosen = os.environ.get(CHROMIUM_ENV)
            raise PdfUnavailable(
                f"Chromium was not found at {chosen} (set by {CHROMIUM_ENV}): correct it, "
                "or leave out --pdf"
                if chosen
                else "Chromium was not found: install it (apt-get install chromium) "
                "or leave out --pdf"
            )
        return print_many(pairs, chromium)
    except PdfUnavailable as exc:
        click.echo(f"playbook: note: no PDFs written: {exc}", err=True)
        return None


def summary_table(results: list[Built]) -> str:
    """client, status, pages and time, one row per profile, in the order given."""
    rows = [("client", "status", "pages", "time")]
    for item in results:
        status = "built" if item.ok else "failed"
        name = item.client or str(item.path)
        rows.append((name, status, str(item.pages), f"{item.seconds:.2f} s"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(
            cell.rjust(widths[i]) if i >= 2 else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    )


def run_build(
    paths: list[Path],
    out_dir: Path,
    pdf: bool,
    settings_dir: Path | None,
    jobs: int | None,
    book: Rulebook,
) -> None:
    """Build every site, report, and exit 1 if any profile failed."""
    try:
        settings, folder = load_settings(settings_dir)
    except ProblemsError as exc:
        for problem in exc.problems:
            click.echo(problem.format(), err=True)
        sys.exit(EXIT_INVALID)
    request = BuildRequest(book, settings, folder)
    printer = _print_pdfs if pdf else None
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=len(paths), label="building", file=sys.stderr) as bar:
                results = build_all(paths, out_dir, request, jobs, bar.update, printer)
        else:
            results = build_all(paths, out_dir, request, jobs, None, printer)
    except (WriteError, OSError, BuildError) as exc:
        click.echo(f"playbook: error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
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
    click.echo(summary_table(results), err=True)
    failed = sum(1 for r in results if not r.ok)
    built = len(results) - failed
    click.echo(f"built {built} site(s) in {out_dir}; {failed} failed", err=True)
    if failed or failures:
        sys.exit(EXIT_INVALID)
