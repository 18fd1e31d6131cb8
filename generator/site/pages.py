"""The pages of one client's private playbook site, as Markdown. Pure: no files, no builder.

Any site builder that reads Markdown with the extensions in site-config/ (MkDocs today,
Zensical tomorrow) can build these pages; `build.py` hands them to MkDocs. The pages'
layout is in templates/site/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..engine.plan import Plan
from ..engine.progress import Progress
from ..engine.week import DAYS
from ..errors import Problem
from ..model.profile import PLATFORM_LABELS
from ..render.environment import markdown_environment, render_markdown
from ..render.plan_pages import CHECKLIST_PAGE, PLAN_PAGE, render_pages
from ..render.progress_pages import PROGRESS_PAGE, progress_page
from ..text import MarkdownText
from .branding import Look
from .figures import MIX, chart_specs, draw, mix_table

OVERVIEW_PAGE = "index.md"
RULES_PAGE = "rules.md"
ROUTINE_PAGE = "routine.md"
PRINT_PAGE = "print.md"
NAV = (
    ("Overview", OVERVIEW_PAGE),
    ("Action plan", PLAN_PAGE),
    ("Your week", ROUTINE_PAGE),
    ("Measurement checklist", CHECKLIST_PAGE),
    ("Progress", PROGRESS_PAGE),
    ("Rules behind the plan", RULES_PAGE),
    ("Print version", PRINT_PAGE),
)
PAGE_LINKS = {
    "plan": MarkdownText(PLAN_PAGE),
    "checklist": MarkdownText(CHECKLIST_PAGE),
    "progress": MarkdownText(PROGRESS_PAGE),
    "rules": MarkdownText(RULES_PAGE),
    "print": MarkdownText(PRINT_PAGE),
}


@dataclass(frozen=True)
class ClientSite:
    """A client site's pages ({file name: Markdown}), in navigation order."""

    pages: dict[str, str]
    nav: tuple[tuple[str, str], ...] = NAV


def _platform_names(names: Sequence[str]) -> str:
    return ", ".join(PLATFORM_LABELS[n] for n in names)


def overview_page(
    plan: Plan,
    look: Look,
    charts: Mapping[str, str],
    progress: Progress | None = None,
    for_print: bool = False,
) -> str:
    """The overview; `for_print` gives the print page's part (titled Overview, no page list)."""
    return render_markdown(
        "site/overview.md.j2",
        plan=plan,
        client=plan.profile.client,
        coach=look.coach,
        goals=plan.profile.goals,
        platform_names=_platform_names,
        mix=mix_table(plan),
        mix_chart=charts[MIX],
        page=PAGE_LINKS,
        has_progress=progress is not None,
        for_print=for_print,
    )


def routine_page(plan: Plan) -> str | None:
    """The week day by day, or None for a plan without a routine."""
    if plan.routine is None:
        return None
    return render_markdown(
        "site/routine.md.j2",
        client=plan.profile.client,
        routine=plan.routine,
        campaign=plan.campaign_week,
        days=[(day, plan.routine.on(day)) for day in DAYS],
    )


def rules_page(plan: Plan, look: Look) -> str:
    return render_markdown(
        "site/rules.md.j2",
        plan=plan,
        client=plan.profile.client,
        guide_url=MarkdownText(look.guide_url),
    )


def _demote(markdown: str) -> str:
    """Headings one level down, so one print page keeps a single top heading."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.split("\n"))


# A link to another page of the site: on paper it points into the same page, or nowhere.
_PAGE_LINK = re.compile(r"\[([^\]]*)\]\((?:[a-z-]+)\.md(#[^)\s]*)?\)")


def _on_paper(markdown: str) -> str:
    """Links to the site's other pages become links within the print page (the headings
    are all on it), or plain text; a PDF must not point at files on the coach's disk."""
    return _PAGE_LINK.sub(lambda m: f"[{m[1]}]({m[2]})" if m[2] else m[1], markdown)


def cover_date(day: dt.date) -> str:
    """A date as a reader writes it on a cover: 30 November 2026."""
    return f"{day.day} {day:%B %Y}"


def print_page(plan: Plan, look: Look, parts: Sequence[str], made: dt.date | None = None) -> str:
    """A cover, then every page, each after a page break, for A4 paper. The cover's date is
    `made` (the site's date), else the profile's, else none."""
    day = made or plan.profile.client.updated
    return render_markdown(
        "site/print.md.j2",
        plan=plan,
        client=plan.profile.client,
        coach=look.coach,
        date=cover_date(day) if day else "",
        platform_names=_platform_names,
        parts=[_demote(_on_paper(part)) for part in parts],
    )


def problems_banner(problems: Sequence[Problem]) -> str:
    """An error box for the top of every page while the profile does not validate."""
    return markdown_environment().get_template("site/problems.md.j2").render(problems=problems)


def client_site(
    plan: Plan,
    look: Look,
    problems: Sequence[Problem] = (),
    charts: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    made: dt.date | None = None,
) -> ClientSite:
    """All pages of one client's site; with `problems`, each page starts with them.

    `charts` are the SVG of `chart_specs(plan)`, when drawn elsewhere; else they are drawn.
    `made` is the site's date, for the printed cover.
    """
    charts = charts if charts is not None else draw(chart_specs(plan, progress))
    core = render_pages(plan, tabs=True)
    overview = overview_page(plan, look, charts, progress)
    rules = rules_page(plan, look)
    printable = render_pages(plan, tabs=False)
    parts = [
        overview_page(plan, look, charts, progress, for_print=True),
        printable[PLAN_PAGE],
        printable[CHECKLIST_PAGE],
    ]
    pages = {
        OVERVIEW_PAGE: overview,
        PLAN_PAGE: core[PLAN_PAGE],
    }
    week = routine_page(plan)
    if week is not None:
        pages[ROUTINE_PAGE] = week
    pages[CHECKLIST_PAGE] = core[CHECKLIST_PAGE]
    if progress is not None:
        pages[PROGRESS_PAGE] = progress_page(progress, plan.profile.client.name, charts)
        parts.append(pages[PROGRESS_PAGE])
    pages[RULES_PAGE] = rules
    pages[PRINT_PAGE] = print_page(plan, look, parts, made)
    if problems:
        banner = problems_banner(problems)
        pages = {name: _after_title(text, banner) for name, text in pages.items()}
    return ClientSite(pages)


def _after_title(markdown: str, block: str) -> str:
    title, _, rest = markdown.partition("\n")
    return f"{title}\n\n{block}{rest.lstrip()}"
