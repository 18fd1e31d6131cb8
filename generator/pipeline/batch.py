"""Many profiles through the pipeline at once, on every core, in input order.

Each worker loads the rulebook once and then runs load -> validate -> evaluate -> render for
its share of the files. Results come back in the order the files were given, so the output
does not depend on how the work was split.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..parallel import parallel_map
from ..render.plan_pages import render_document, render_json, render_pages
from ..render.progress_pages import PROGRESS_PAGE, progress_data, progress_page
from ..rules.compile import Rulebook
from .client import load_client

# Below this many profiles a second process costs more than it saves.
PARALLEL_FROM = 64  # parallel_map's default threshold


@dataclass(frozen=True)
class Outcome:
    """One profile's result: its pages, or the problems that stopped it."""

    path: Path
    client_name: str
    pages: dict[str, str]
    problems: tuple[Problem, ...] = ()


def plan_one(path: Path, book: Rulebook, fmt: str, single: bool) -> Outcome:
    """Pages for one profile file: one document when `single`, else one file per page."""
    try:
        client = load_client(path, book)
    except ProblemsError as exc:
        return Outcome(path, "", {}, tuple(exc.problems))
    plan, progress = client.plan, client.progress
    name = plan.profile.client.name
    if fmt == "json":
        extra = {"progress": progress_data(progress)} if progress else {}
        pages = {"plan.json": render_json(plan, extra)}
    elif fmt == "html":
        from ..render.html import render_html

        pages = {"playbook.html": render_html(plan, progress)}
    elif single:
        document = render_document(plan)
        if progress:
            document += "\n" + progress_page(progress, name, {}, level=1)
        pages = {"playbook.md": document}
    else:
        pages = render_pages(plan)
        if progress:
            pages[PROGRESS_PAGE] = progress_page(progress, name, {})
    return Outcome(path, name, pages)


def plan_files(
    paths: list[Path], book: Rulebook, fmt: str, jobs: int | None = None
) -> list[Outcome]:
    """Plan every file for writing to a folder, in parallel when there are many."""
    return parallel_map(
        lambda path: plan_one(path, book, fmt, single=False), paths, jobs, PARALLEL_FROM
    )
