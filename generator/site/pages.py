"""The pages of one client's private playbook site, as Markdown. Pure: no files, no builder.

Any site builder that reads Markdown with the extensions in site-config/ (MkDocs today,
Zensical tomorrow) can build these pages; `client_site.py` hands them to MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..engine.plan import Finding, Plan
from ..engine.progress import Progress
from ..errors import Problem
from ..model.profile import PLATFORM_LABELS
from ..render.plan_pages import CHECKLIST_PAGE, PLAN_PAGE, render_pages, tidy
from ..render.progress_pages import PROGRESS_PAGE, progress_page
from ..text import escape_markdown, format_number
from .branding import Look
from .figures import MIX, chart_specs, draw, mix_figure

OVERVIEW_PAGE = "index.md"
RULES_PAGE = "rules.md"
PRINT_PAGE = "print.md"
NAV = (
    ("Overview", OVERVIEW_PAGE),
    ("Action plan", PLAN_PAGE),
    ("Measurement checklist", CHECKLIST_PAGE),
    ("Progress", PROGRESS_PAGE),
    ("Rules behind the plan", RULES_PAGE),
    ("Print version", PRINT_PAGE),
)
PAGE_BREAK = '<div class="pb-page-break"></div>'


@dataclass(frozen=True)
class ClientSite:
    """A client site's pages ({file name: Markdown}), in navigation order."""

    pages: dict[str, str]
    nav: tuple[tuple[str, str], ...] = NAV


def _goals(plan: Plan) -> list[str]:
    lines = ["| Outcome | Counted in | Target | By |", "| --- | --- | ---: | --- |"]
    for goal in plan.profile.goals:
        by = goal.by.isoformat() if goal.by else "no date yet"
        lines.append(
            f"| {escape_markdown(goal.outcome)} | {escape_markdown(goal.metric)} | "
            f"{format_number(goal.target)} a {goal.per} | {by} |"
        )
    return lines


def _priority_line(index: int, finding: Finding) -> str:
    where = ", ".join(PLATFORM_LABELS[p] for p in finding.platforms)
    place = f" ({where})" if where else ""
    spec = finding.rule.spec
    return f"{index}. **{escape_markdown(spec.title)}**{place}: {escape_markdown(spec.summary)}"


def overview_page(
    plan: Plan, look: Look, charts: Mapping[str, str], progress: Progress | None = None
) -> str:
    client = plan.profile.client
    name = escape_markdown(client.name)
    lines = [f"# Playbook for {name}", ""]
    lines.append(f"Prepared by {escape_markdown(look.coach)}.")
    if client.updated:
        lines[-1] += f" Profile of {client.updated.isoformat()}."
    lines += ["", "## Goals", "", *_goals(plan), ""]
    lines += ["## Top priorities", ""]
    if plan.top:
        lines += [_priority_line(i, f) for i, f in enumerate(plan.top, 1)]
        lines += ["", f"The [action plan]({PLAN_PAGE}) says what to do about each."]
    else:
        lines.append("No rule asks for a change: keep measuring the outcomes.")
    lines += ["", "## Posting mix", "", *mix_figure(plan, charts[MIX]), ""]
    lines += [
        "## Pages",
        "",
        f"- [Action plan]({PLAN_PAGE}): what to do this week, this month and this quarter.",
        f"- [Measurement checklist]({CHECKLIST_PAGE}): what to count every period.",
        *(
            [f"- [Progress]({PROGRESS_PAGE}): the goals, month by month, from the check-ins."]
            if progress is not None
            else []
        ),
        f"- [Rules behind the plan]({RULES_PAGE}): why, with the evidence from the profile.",
        f"- [Print version]({PRINT_PAGE}): everything on one page, laid out for A4.",
    ]
    return tidy("\n".join(lines))


def rules_page(plan: Plan, look: Look) -> str:
    name = escape_markdown(plan.profile.client.name)
    lines = [f"# Rules behind the plan for {name}", ""]
    if plan.findings:
        lines += ["## Rules that ask for a change", ""]
    for finding in plan.findings:
        rule = finding.rule
        lines += [f"### {escape_markdown(rule.spec.title)}", ""]
        summary = escape_markdown(rule.spec.summary)
        lines.append(f"*{summary}* ({rule.kind()}, {rule.spec.priority} priority)")
        lines.append("")
        lines += [f"- {line}" for line in finding.evidence if line]
        lines += ["", _guide_link(look, rule.id, rule.origin), ""]
    if plan.working:
        lines += ["## What is already working", ""]
        for item in plan.working:
            title = escape_markdown(item.rule.spec.title)
            link = _guide_link(look, item.rule.id, item.rule.origin)
            lines.append(f"- **{title}**: {item.text} {link}")
        lines.append("")
    if plan.skipped:
        lines += ["## Rules switched off for this client", ""]
        for skipped in plan.skipped:
            title = escape_markdown(skipped.rule.spec.title)
            lines.append(f"- **{title}**: {escape_markdown(skipped.reason)}")
    return tidy("\n".join(lines))


def _guide_link(look: Look, rule_id: str, origin: str) -> str:
    if origin == "own":
        return ""
    return f"[The rule in the public guide]({look.guide_url}rules/{rule_id}/)"


def _demote(markdown: str) -> str:
    """Headings one level down, so one print page keeps a single top heading."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.split("\n"))


# A link to another page of the site: on paper it points into the same page, or nowhere.
_PAGE_LINK = re.compile(r"\[([^\]]*)\]\((?:[a-z-]+)\.md(#[^)\s]*)?\)")


def _on_paper(markdown: str) -> str:
    """Links to the site's other pages become links within the print page (the headings
    are all on it), or plain text; a PDF must not point at files on the coach's disk."""
    return _PAGE_LINK.sub(lambda m: f"[{m[1]}]({m[2]})" if m[2] else m[1], markdown)


def print_page(plan: Plan, parts: Sequence[str]) -> str:
    """Every page in one, each after a page break, for A4 paper."""
    name = escape_markdown(plan.profile.client.name)
    out = [f"# Playbook for {name}", ""]
    for part in parts:
        out += [PAGE_BREAK, "", _demote(_on_paper(part)), ""]
    return tidy("\n".join(out))


def problems_banner(problems: Sequence[Problem]) -> str:
    """An error box for the top of every page while the profile does not validate."""
    lines = ['!!! failure "The profile has errors: this is the last version that worked"', ""]
    lines += [f"    - `{p.format().replace('`', chr(39))}`" for p in problems[:20]]
    return "\n".join(lines) + "\n\n"


def client_site(
    plan: Plan,
    look: Look,
    problems: Sequence[Problem] = (),
    charts: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ClientSite:
    """All pages of one client's site; with `problems`, each page starts with them.

    `charts` are the SVG of `chart_specs(plan)`, when drawn elsewhere; else they are drawn.
    """
    charts = charts if charts is not None else draw(chart_specs(plan, progress))
    core = render_pages(plan, tabs=True)
    overview = overview_page(plan, look, charts, progress)
    rules = rules_page(plan, look)
    printable = render_pages(plan, tabs=False)
    parts = [_without_title(overview), printable[PLAN_PAGE], printable[CHECKLIST_PAGE]]
    pages = {
        OVERVIEW_PAGE: overview,
        PLAN_PAGE: core[PLAN_PAGE],
        CHECKLIST_PAGE: core[CHECKLIST_PAGE],
    }
    if progress is not None:
        pages[PROGRESS_PAGE] = progress_page(progress, plan.profile.client.name, charts)
        parts.append(pages[PROGRESS_PAGE])
    pages[RULES_PAGE] = rules
    pages[PRINT_PAGE] = print_page(plan, parts)
    if problems:
        banner = problems_banner(problems)
        pages = {name: _after_title(text, banner) for name, text in pages.items()}
    return ClientSite(pages)


def _without_title(markdown: str) -> str:
    """The overview for the print page: its own title, and no list of the site's pages."""
    lines = markdown.split("\n")
    text = "\n".join(["# Overview", *lines[1:]])
    return text.split("\n## Pages\n", 1)[0]


def _after_title(markdown: str, block: str) -> str:
    title, _, rest = markdown.partition("\n")
    return f"{title}\n\n{block}{rest.lstrip()}"
