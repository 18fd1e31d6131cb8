"""The plan job, top to bottom: load one client (its profile and check-ins), plan it, render
it in a format; then many clients at once, on every core, and the folder each one goes to.

Reads files; the work is done by the pure layers below. Results come back in the order the
files were given, so the output does not depend on how the work was split.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..engine.evaluate import MeasuredMix, evaluate
from ..engine.explain import explain
from ..engine.plan import Plan
from ..engine.progress import (
    Progress,
    measured_mix,
    measured_platforms,
    progress,
    with_measured_mix,
)
from ..errors import Problem, ProblemsError, WrongUsage, unknown_hint
from ..model.checkin import CheckIn
from ..model.profile import PostingMix, Profile
from ..parallel import parallel_map
from ..render.plan_pages import render_document, render_json, render_pages
from ..render.progress_pages import PROGRESS_PAGE, progress_data, progress_page
from ..rules.compile import Rulebook
from ..rules.sandbox import RuleCodeError
from ..source.checkins import load_checkins
from ..source.validate import checked_profile_from_bytes, load_checked_profile
from .folders import PLAN_CLASH, client_folders
from .formats import Format
from .measure import (
    MeasureRun,
    export_months,
    measured_from,
    period_words,
    sources_words,
    with_export_months,
)
from .write import slugify

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
    profile = load_checked_profile(path, str(path), *_known_ids(book))
    checkins = load_checkins(profile, path)
    return plan_profile(profile, checkins, book, measured_from(profile, path))


def _known_ids(book: Rulebook) -> tuple[set[str], set[str] | None]:
    sectors = {s.id for s in book.advice.sectors} if book.advice else None
    return {r.id for r in book.rules}, sectors


STDIN_LABEL = "<stdin>"


def plan_from_bytes(raw: bytes, book: Rulebook, fmt: Format) -> str:
    """The plan of a profile read already (from standard input, so without check-ins) as
    one document; raises ProblemsError, with `<stdin>` as the file in each problem."""
    profile = checked_profile_from_bytes(raw, STDIN_LABEL, *_known_ids(book))
    client = plan_profile(profile, (), book)
    return next(iter(render_client(client, fmt, single=True).values()))


def plan_date(profile: Profile) -> dt.date:
    """The plan's date: the profile's `client.updated`, else SOURCE_DATE_EPOCH, else today.
    Decided here, once, so the engine below stays pure."""
    if profile.client.updated is not None:
        return profile.client.updated
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    if given.isdigit() and int(given) < 2**32:
        return dt.datetime.fromtimestamp(int(given), dt.UTC).date()
    return dt.date.today()


def plan_profile(
    profile: Profile,
    checkins: tuple[CheckIn, ...],
    book: Rulebook,
    exports: MeasureRun | None = None,
) -> ClientData:
    """The plan judges the latest measured posting mix: the last twelve full weeks of the
    profile's exports (measured_from:) where it names any, else the latest check-in that
    counted posts. The exports' monthly counts join the check-ins' on the progress page."""
    planned = plan_date(profile)
    stated = evaluate(profile, book, planned=planned)
    latest = next((c for c in reversed(checkins) if measured_mix(c) is not None), None)
    plan = stated
    shown = checkins
    if exports is not None:
        shown = with_export_months(checkins, export_months(profile, exports))
        plan = _plan_from_exports(profile, book, exports, planned) or stated
    elif latest is not None:
        judged = with_measured_mix(profile, latest)
        counted = measured_platforms(profile, latest)
        posting = tuple(p.name for p in profile.platforms if p.posts_per_week > 0)
        # The month's own mix over all its posts, when it counted every platform's posts.
        overall = measured_mix(latest) if set(posting) <= set(counted) else None
        plan = evaluate(judged, book, MeasuredMix(latest.period, counted, overall), planned)
    found = progress(plan, profile, shown, book.metrics, stated.findings)
    if found is not None and exports is not None and shown != checkins:
        found = dataclasses.replace(found, counted_from=sources_words(exports))
    return ClientData(profile, checkins, plan, found)


def _plan_from_exports(
    profile: Profile, book: Rulebook, run: MeasureRun, planned: dt.date
) -> Plan | None:
    """The plan on the mix the exports measured, per platform they cover (a platform they
    do not cover keeps its stated mix); None when they hold no post of the profile's
    platforms in the period."""
    counted = {m.platform: m.tally.percent() for m in run.measurement.platforms}
    platforms = []
    for platform in profile.platforms:
        own = counted.get(platform.name)
        if own is not None:
            platform = dataclasses.replace(platform, posting_mix=PostingMix(**own))
        platforms.append(platform)
    measured_on = tuple(p.name for p in profile.platforms if counted.get(p.name) is not None)
    if not measured_on:
        return None
    judged = dataclasses.replace(profile, platforms=platforms)
    posting = {p.name for p in profile.platforms if p.posts_per_week > 0}
    found = run.measurement
    overall = found.overall.percent() if posting <= set(measured_on) else None
    words = f"{sources_words(run)}, {period_words(found.period)}"
    return evaluate(judged, book, MeasuredMix("", measured_on, overall, words), planned)


def render_client(client: ClientData, fmt: Format, single: bool) -> dict[str, str]:
    """A planned client's pages by file name: one document when `single`, else one file
    per page."""
    plan, progress = client.plan, client.progress
    name = plan.profile.client.name
    if fmt == "json":
        extra = {"progress": progress_data(progress)} if progress else {}
        return {"plan.json": render_json(plan, extra)}
    if fmt == "ics":
        from ..render.calendar import render_ics

        return {"routine.ics": render_ics(plan, slugify(name))}
    if fmt == "html":
        from ..render.html import render_html

        # Named after the client: a file attached to an e-mail says whose playbook it is.
        return {f"{slugify(name)}.html": render_html(plan, progress)}
    if single:
        document = render_document(plan)
        if progress:
            document += "\n" + progress_page(progress, name, {}, level=1)
        return {"playbook.md": document}
    pages = render_pages(plan)
    if progress:
        pages[PROGRESS_PAGE] = progress_page(progress, name, {})
    return pages


def plan_document(path: Path, book: Rulebook, fmt: Format) -> str:
    """One profile's plan as one document, to print; raises ProblemsError."""
    return next(iter(render_client(load_client(path, book), fmt, single=True).values()))


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


def plan_folders(
    paths: list[Path], book: Rulebook, fmt: Format
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Every file's pages by client folder, for `write_clients`; and the problems, in the
    order of the files: each invalid profile's, then each client whose folder another has."""
    outcomes = plan_files(paths, book, fmt)
    problems = [p for o in outcomes for p in o.problems]
    planned = [o for o in outcomes if not o.problems]
    folders = client_folders([(o.path, o.client_name) for o in planned], PLAN_CLASH)
    outputs: dict[str, dict[str, str]] = {}
    for outcome, folder in zip(planned, folders, strict=True):
        if isinstance(folder, Problem):
            problems.append(folder)
        else:
            outputs[folder] = outcome.pages
    return outputs, problems


def explain_rule(rule_id: str, path: Path, book: Rulebook) -> str:
    """Whether the rule `rule_id` fires on the client at `path`, and why. WrongUsage for an
    unknown id; ProblemsError for an invalid profile, or for the rule failing on it."""
    by_id = {r.id: r for r in book.rules}
    if rule_id not in by_id:
        raise WrongUsage(f"there is no rule '{rule_id}' ({unknown_hint(rule_id, by_id)})")
    rule = by_id[rule_id]
    try:
        client = load_client(path, book)
        # Judged as the plan judges it: on the latest measured mix, where there is one.
        judged, plan = client.plan.profile, client.plan
        measured = (
            f"from the exports {plan.measured_from}"
            if plan.measured_from
            else f"in the {plan.measured} check-in"
            if plan.measured
            else ""
        )
        sector = client.plan.sector
        words = sector.words if sector else None
        limits = {m.platform: m.limits for m in client.plan.mix}
        settled = client.plan.settled
        skipped = judged.skipped.get(rule_id)
        return explain(rule, judged, skipped, measured, words, settled, limits)
    except RuleCodeError as exc:
        what = f"rule '{rule_id}' fails on {path}: {exc}"
        hint = "fix the rule for profiles like this one"
        raise ProblemsError([Problem(rule.mark(*exc.where), what, hint)]) from None
