"""`playbook build`: many client sites in one process, on every core, all or nothing per site.

Each profile goes load -> validate -> evaluate -> pages -> MkDocs, into a staging folder
inside the output folder. Sites that built are then moved into place together, with the
manifest written first; a profile that failed leaves its previous site untouched.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..model.site import SiteSettings
from ..parallel import parallel_map, worker_pool
from ..pipeline.client import load_client
from ..pipeline.folders import BUILD_CLASH, client_folders
from ..pipeline.write import claimed, install
from ..rules.compile import Rulebook
from .branding import look_for
from .build import (
    BuildError,
    Built,
    build_site,
    given_stamp,
    look_of,
    stamp_of,
    warm_up,
)
from .figures import chart_specs, draw, warm_up_charts
from .pages import PRINT_PAGE, client_site
from .pdf import PdfUnavailable, print_many, reproducible

# One site is heavy enough that a second process pays off from two sites on.
PARALLEL_FROM = 2


@dataclass(frozen=True)
class BuildRequest:
    """What every site of one batch shares."""

    book: Rulebook
    settings: SiteSettings
    settings_dir: Path


def build_one(
    path: Path, request: BuildRequest, folder: Path, helper: Executor | None = None
) -> Built:
    """One profile's site, built into `folder`; never raises for bad input.

    With a `helper` process the charts are drawn there while MkDocs loads here.
    """
    start = time.perf_counter()
    try:
        client = load_client(path, request.book)
        stamp = stamp_of(client.profile)
        profile, plan, progress = client.profile, client.plan, client.progress
        look = look_of(profile, path, request.settings, request.settings_dir)
        charts = None
        if helper is not None:
            drawing = helper.submit(draw, chart_specs(plan, progress))
            warm_up(look, with_charts=False)
            with suppress(BrokenProcessPool):  # if the helper died, client_site draws them
                charts = drawing.result()
        made = dt.datetime.fromtimestamp(stamp, dt.UTC).date()
        site = client_site(plan, look, charts=charts, progress=progress, made=made)
        name = profile.client.name
        pages = build_site(site, look, name, folder, stamp)
    except ProblemsError as exc:
        return Built(path, "", 0, time.perf_counter() - start, tuple(exc.problems))
    except BuildError as exc:
        return Built(path, "", 0, time.perf_counter() - start, (), str(exc))
    except Exception as exc:
        error = f"internal error while building: {type(exc).__name__}: {exc}"
        return Built(path, "", 0, time.perf_counter() - start, (), error)
    return Built(path, name, pages, time.perf_counter() - start, stamp=stamp)


def _cores(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _build_alone(path: Path, request: BuildRequest, folder: Path) -> Built:
    """One site on two cores: a helper process imports matplotlib while this one reads the
    profile and the rules, then draws the charts while this one loads MkDocs."""
    with worker_pool(1) as helper:
        helper.submit(warm_up_charts)
        return build_one(path, request, folder, helper)


def _print(
    pdf: Callable[[list[tuple[Path, Path]]], Mapping[Path, str] | None],
    pairs: list[tuple[Path, Path]],
    sites: Mapping[str, Built],
) -> dict[Path, str] | None:
    """Print the PDFs and make them reproducible; the ones that failed, with the reason, or
    None if `pdf` printed none. An unexpected error fails PDFs, never the sites."""
    try:
        failed = pdf(pairs)
    except Exception as exc:
        reason = f"internal error while printing: {type(exc).__name__}: {exc} (report it)"
        return {pdf_file: reason for _, pdf_file in pairs}
    if failed is None:
        return None
    failed = dict(failed)
    for _, pdf_file in pairs:
        if pdf_file not in failed:
            try:
                reproducible(pdf_file, sites[pdf_file.stem].stamp)
            except OSError as exc:
                failed[pdf_file] = f"the PDF could not be rewritten: {exc} (build again)"
    return failed


def build_all(
    paths: list[Path],
    out_dir: Path,
    request: BuildRequest,
    jobs: int | None = None,
    on_done: Callable[[int], None] | None = None,
    pdf: Callable[[list[tuple[Path, Path]]], Mapping[Path, str] | None] | None = None,
) -> list[Built]:
    """Build every profile's site under out_dir/<slug>/, and <slug>.pdf when `pdf` prints
    the (print page, PDF file) pairs it is given. `pdf` returns the PDF files it could
    not print, each with the reason (that Built's `pdf_error`), or None if it printed none.

    Sites that built are installed whatever happened to the others and to their PDFs.
    Raises WriteError when out_dir holds files playbook did not write.
    """
    given_stamp()  # a bad SOURCE_DATE_EPOCH is one error for the batch, not one a site
    with claimed(out_dir) as staging:
        if len(paths) >= PARALLEL_FROM and _cores(jobs) > 1:
            warm_up(look_for(request.settings, str(request.settings_dir), None, ""))
        numbered = list(enumerate(paths))
        if len(paths) == 1 and _cores(jobs) > 1 and _can_fork():
            results = [_build_alone(paths[0], request, staging / ".site-0")]
        else:
            results = parallel_map(
                lambda item: build_one(item[1], request, staging / f".site-{item[0]}"),
                numbered,
                jobs,
                PARALLEL_FROM,
                chunk_size=1,
                on_done=on_done,
                on_lost=lambda item: Built(item[1], "", 0, 0.0, lost=True),
            )
        # Each built site's folder; a client whose folder an earlier one has fails.
        ok = [index for index, item in enumerate(results) if item.ok]
        named = [(results[i].path, results[i].client) for i in ok]
        folders = dict(zip(ok, client_folders(named, BUILD_CLASH), strict=True))
        first: dict[str, Built] = {}
        built: list[Built] = []
        for index, item in enumerate(results):
            folder = folders.get(index)
            if isinstance(folder, Problem):
                item = replace(item, problems=(folder,), pages=0)
            elif folder is not None:
                item = replace(item, folder=folder)
                first[folder] = item
                (staging / f".site-{index}").rename(staging / folder)
            built.append(item)
        sites = sorted(first)
        page = PRINT_PAGE.removesuffix(".md") + ".html"
        pairs = [(staging / s / page, staging / f"{s}.pdf") for s in sites]
        failed = _print(pdf, pairs, first) if pdf is not None and pairs else None
        printed = [] if failed is None else [s for s in sites if staging / f"{s}.pdf" not in failed]
        # A PDF this build was asked to print but could not would no longer match its
        # site; a build without --pdf leaves the PDFs as they are.
        stale = [f"{s}.pdf" for s in sites if s not in printed] if pdf is not None else []
        install(out_dir, staging, sorted([*sites, *(f"{s}.pdf" for s in printed)]), drop=stale)
    reasons = {pdf_file.stem: reason for pdf_file, reason in (failed or {}).items()}
    return [
        replace(b, pdf_error=reasons[b.folder]) if b.ok and b.folder in reasons else b
        for b in built
    ]


def failure_lines(results: Sequence[Built], out_dir: Path) -> list[str]:
    """What went wrong besides a profile's own problems: one line naming every profile
    whose build process died, and one line for each PDF that was not printed."""
    lines = []
    lost = [str(item.path) for item in results if item.lost]
    if lost:
        lines.append(
            "playbook: error: a build process stopped before it finished (killed, or out "
            f"of memory?); not built: {', '.join(lost)} (build them again)"
        )
    pdfs = [item for item in results if item.pdf_error]
    return lines + [f"{out_dir / item.folder}.pdf: error: {item.pdf_error}" for item in pdfs]


def print_pdfs(pairs: list[tuple[Path, Path]], chromium: str) -> dict[Path, str]:
    """Print every (print page, PDF file) pair with one Chromium: the PDFs that failed, each
    with the reason (all of them when the browser does not start)."""
    try:
        return print_many(pairs, chromium)
    except PdfUnavailable as exc:
        return {pdf_file: f"no PDF written: {exc}" for _, pdf_file in pairs}


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
