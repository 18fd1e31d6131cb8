"""The plan job, top to bottom: load one client (its profile and check-ins), plan it, render
it in a format; then many clients at once, on every core.

Reads files; the work is done by the pure layers below. Results come back in the order the
files were given, so the output does not depend on how the work was split.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..engine.evaluate import evaluate
from ..engine.plan import Plan
from ..engine.progress import (
    Progress,
    measured_mix,
    measured_platforms,
    progress,
    with_measured_mix,
)
from ..errors import Problem, ProblemsError
from ..model.checkin import CheckIn
from ..model.profile import Profile
from ..parallel import parallel_map
from ..render.plan_pages import render_document, render_json, render_pages
from ..render.progress_pages import PROGRESS_PAGE, progress_data, progress_page
from ..rules.compile import Rulebook
from ..source.checkins import load_checkins
from ..source.validate import load_checked_profile
from .formats import Format

# Below this many profiles a second process costs more than it saves.
PARALLEL_FROM = 64  # parallel_map's default threshold


@dataclass(frozen=True)
class ClientData:
    """A client as the outputs see it."""

    profile: Profile  # as the coach wrote it
    checkins: tuple[CheckIn, ...]
    plan: Plan
    progress: Progress | None


def load_client(path: Path, book: Rulebook) -> ClientData:
    """Read, validate and plan one client; raises ProblemsError with every problem of the
    profile, or of its check-ins."""
    profile = load_checked_profile(path, str(path), {r.id for r in book.rules})
    return plan_profile(profile, load_checkins(profile, path), book)


def plan_profile(profile: Profile, checkins: tuple[CheckIn, ...], book: Rulebook) -> ClientData:
    """The plan judges the latest measured posting mix, where a check-in counted posts."""
    stated = evaluate(profile, book)
    latest = next((c for c in reversed(checkins) if measured_mix(c) is not None), None)
    plan = stated
    if latest is not None:
        judged = with_measured_mix(profile, latest)
        counted = measured_platforms(profile, latest)
        posting = tuple(p.name for p in profile.platforms if p.posts_per_week > 0)
        # The month's own mix over all its posts, when it counted every platform's posts.
        overall = measured_mix(latest) if set(posting) <= set(counted) else None
        plan = evaluate(judged, book, latest.period, counted, overall)
    found = progress(plan, profile, checkins, book.metrics, stated.findings)
    return ClientData(profile, checkins, plan, found)


def render_client(client: ClientData, fmt: Format, single: bool) -> dict[str, str]:
    """A planned client's pages by file name: one document when `single`, else one file
    per page."""
    plan, progress = client.plan, client.progress
    name = plan.profile.client.name
    if fmt == "json":
        extra = {"progress": progress_data(progress)} if progress else {}
        return {"plan.json": render_json(plan, extra)}
    if fmt == "html":
        from ..render.html import render_html

        return {"playbook.html": render_html(plan, progress)}
    if single:
        document = render_document(plan)
        if progress:
            document += "\n" + progress_page(progress, name, {}, level=1)
        return {"playbook.md": document}
    pages = render_pages(plan)
    if progress:
        pages[PROGRESS_PAGE] = progress_page(progress, name, {})
    return pages


@dataclass(frozen=True)
class Outcome:
    """One profile's result: its pages, or the problems that stopped it."""

    path: Path
    client_name: str
    pages: dict[str, str]
    problems: tuple[Problem, ...] = ()


def plan_one(path: Path, book: Rulebook, fmt: Format, single: bool) -> Outcome:
    """Pages for one profile file (see render_client); never raises for bad input."""
    try:
        client = load_client(path, book)
    except ProblemsError as exc:
        return Outcome(path, "", {}, tuple(exc.problems))
    return Outcome(path, client.plan.profile.client.name, render_client(client, fmt, single))


def plan_files(
    paths: list[Path], book: Rulebook, fmt: Format, jobs: int | None = None
) -> list[Outcome]:
    """Plan every file for writing to a folder, in parallel when there are many."""
    return parallel_map(
        lambda path: plan_one(path, book, fmt, single=False), paths, jobs, PARALLEL_FROM
    )
