"""Stage 4, render: a plan becomes Markdown pages (and JSON). Pure functions, no file writes.

`render_pages` is the one place pages come from; the CLI writes them, and site builders
(MkDocs today, Zensical tomorrow) only ever receive the Markdown it returns.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from .. import __version__
from ..engine.checklist import SECTIONS
from ..engine.mix import Limits, Nouns, kind_nouns, round_percents
from ..engine.plan import Plan, PlannedAction
from ..engine.posts import describe_posts
from ..engine.week import Routine
from ..model.profile import MIX_KINDS, PLATFORM_LABELS
from ..model.rule import HORIZON_TITLES, HORIZONS
from ..rules.compile import CompiledRule
from ..text import MarkdownText, and_list, escape_markdown, plain_text
from .advice import advice_context, advice_data, platform_data
from .environment import markdown_environment, render_markdown, tidy

# A reference's address, as the rule checker allows it; anything else is not linked.
_HTTPS = re.compile(r"https://[^\s()<>\[\]\"'\\]+")
PLAN_PAGE = "action-plan.md"
CHECKLIST_PAGE = "measurement-checklist.md"
PLAN_TEMPLATE = "action-plan.md.j2"
CHECKLIST_TEMPLATE = "measurement-checklist.md.j2"
KIND_LABELS = {
    "quotes": "Inspirational quotes",
    "reshares": "Reshares",
    "promotional": "Sales posts",
    "conversation": "Questions to the audience",
    "replies": "Replies and threads",
    "original": "Own posts",
}


def plan_nouns(plan: Plan) -> Nouns:
    """The kinds' nouns in the plan's sector's words."""
    sales = plan.sector.sector.sales if plan.sector else None
    return kind_nouns((sales.one, sales.many) if sales else None)


def kind_labels(plan: Plan) -> dict[str, str]:
    """The mix table's row labels, with the sector's word for sales posts."""
    many = plan_nouns(plan)["promotional"][1]
    return {**KIND_LABELS, "promotional": many[:1].upper() + many[1:]}


SECTION_TITLES = {
    "outcome": "Outcomes from the goals",
    "engagement": "Engagement",
    "plan": "From the action plan",
    "context": "Context, not outcomes",
}


@cache
def heading_anchor(title: str) -> str:
    """The id Python-Markdown's toc extension (and so MkDocs) gives a heading."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _group_actions(plan: Plan) -> list[tuple[str, list[tuple[str, list[PlannedAction]]]]]:
    """Horizon -> [(group title, actions)]: actions for every platform first, then each one."""
    out: list[tuple[str, list[tuple[str, list[PlannedAction]]]]] = []
    for horizon in HORIZONS:
        actions = [a for a in plan.actions if a.horizon == horizon]
        if not actions:
            continue
        groups: list[tuple[str, list[PlannedAction]]] = []
        shared = [a for a in actions if not a.platforms]
        if shared:
            groups.append(("Every platform", shared))
        # A step for several platforms is said once, under all their names, before the
        # steps of one platform each.
        order: list[str] = [p.name for p in plan.profile.platforms]
        labels: dict[str, str] = {p.name: p.label for p in plan.profile.platforms}
        by_places: dict[tuple[str, ...], list[PlannedAction]] = {}
        for action in actions:
            if action.platforms:
                places = tuple(sorted(set(action.platforms) & labels.keys(), key=order.index))
                by_places.setdefault(places, []).append(action)
        several = [k for k in by_places if len(k) > 1]
        several.sort(key=lambda k: (-len(k), [order.index(n) for n in k]))
        for places in several + [(name,) for name in order if (name,) in by_places]:
            groups.append((and_list(labels[n] for n in places), by_places[places]))
        out.append((horizon, groups))
    return out


def rule_references(rule: CompiledRule) -> MarkdownText:
    """'*Title* by Author; [Title](url).' for a rule's sources."""
    parts = []
    for ref in rule.spec.references:
        title = escape_markdown(ref.title)
        text = f"[{title}]({ref.url})" if ref.url and _HTTPS.fullmatch(ref.url) else f"*{title}*"
        if ref.author:
            text += f" by {escape_markdown(ref.author)}"
        parts.append(text)
    if rule.spec.own_experience:
        who = escape_markdown(rule.spec.contributor or "the contributor")
        parts.append(f"experience of {who}: {escape_markdown(rule.spec.own_experience)}")
    return MarkdownText("; ".join(parts) + ".")


# The public guide, where each rule's page gives its reasoning in full.
GUIDE_URL = "https://playbook-guide.github.io/playbook/"


def plan_sources(plan: Plan) -> MarkdownText:
    """Every source of the plan's rules, each once."""
    seen = dict.fromkeys(rule_references(f.rule).rstrip(".") for f in plan.findings)
    parts = [p for text in seen for p in text.split("; ")]
    return MarkdownText("; ".join(dict.fromkeys(parts)) + ".")


def _context(plan: Plan, plan_page: str, guide_url: str = GUIDE_URL) -> dict[str, Any]:
    rules = {f.rule.id: f.rule for f in plan.findings}
    # A top priority with no platform advice has nothing to add below the priorities: its
    # links go straight to the rule's page in the guide, and it gets no section of its own.
    paused = {m.label for m in plan.mix if m.paused}
    advice = {f.rule.id: [a for a in f.advice if a[0] not in paused] for f in plan.findings}
    said = {f.rule.id for f in plan.findings if f in plan.top and not advice[f.rule.id]}
    said = {i for i in said if rules[i].origin != "own"}

    def rule_link(rule: CompiledRule) -> MarkdownText:
        title = escape_markdown(rule.spec.title)
        if rule.id in said:
            return MarkdownText(f"[{title}]({guide_url}rules/{rule.id}/)")
        return MarkdownText(f"[{title}]({plan_page}#{heading_anchor(rule.spec.title)})")

    def rule_links(ids: Iterable[str]) -> MarkdownText:
        return MarkdownText(", ".join(rule_link(rules[i]) for i in ids if i in rules))

    def action_links(action: PlannedAction) -> MarkdownText:
        """' (rule, rule)' after an action, or nothing for an action no rule asks for."""
        links = rule_links(action.rule_ids)
        return MarkdownText(f" ({links})" if links else "")

    client = plan.profile.client
    facts = [f"Coach: {client.coach}"] if client.coach else []
    if client.industry:
        facts.append(f"Industry: {client.industry}")
    facts.append("Platforms: " + ", ".join(p.label for p in plan.profile.platforms))
    sections = [
        (s, [e for e in plan.checklist if e.section == s])
        for s in SECTIONS
        if any(e.section == s for e in plan.checklist)
    ]
    community = plan.community_rules
    changes, working = len(plan.findings), len(plan.working)
    summary = f"{changes} rule{'s' if changes != 1 else ''} ask{'s' if changes == 1 else ''} "
    summary += "for a change"
    if working:
        summary += f"; {working} {'is' if working == 1 else 'are'} already working"
    return {
        "plan": plan,
        "client": client,
        "facts": " · ".join(facts),
        "overall_current": round_percents(plan.overall_current, ties=()),
        "community_note": (
            f"and {community} community rule{'s' if community != 1 else ''}" if community else ""
        ),
        "summary_line": summary + ".",
        "platform_note": lambda names: (
            "; " + ", ".join(PLATFORM_LABELS[n] for n in names) if names else ""
        ),
        "references": rule_references,
        "sources": plan_sources(plan),
        "campaign_sentence": lambda item: describe_posts(
            item.counts, item.label, "the normal plan", plan_nouns(plan)
        ),
        "guide_url": MarkdownText(guide_url),
        "kinds": MIX_KINDS,
        "kind_labels": kind_labels(plan),
        "horizons": _group_actions(plan),
        "horizon_titles": HORIZON_TITLES,
        "sections": sections,
        "section_titles": SECTION_TITLES,
        "rule_link": rule_link,
        "rule_links": rule_links,
        "why_findings": [f for f in plan.findings if f.rule.id not in said],
        # Platform advice only for the platforms the week keeps.
        "kept_advice": advice,
        **advice_context(plan),
        "action_links": action_links,
    }


def render_pages(plan: Plan, tabs: bool = False) -> dict[str, str]:
    """The client's pages as {file name: Markdown}: the action plan and the checklist.

    With `tabs`, each platform's part of the plan is a content tab (for the client site).
    """
    return {
        PLAN_PAGE: render_markdown(PLAN_TEMPLATE, **_context(plan, ""), tabs=tabs),
        CHECKLIST_PAGE: render_markdown(CHECKLIST_TEMPLATE, **_context(plan, PLAN_PAGE)),
    }


def render_document(plan: Plan) -> str:
    """Both pages as one Markdown document (for standard output); links stay inside it."""
    env = markdown_environment()
    context = {**_context(plan, ""), "tabs": False}
    parts = [env.get_template(t).render(context) for t in (PLAN_TEMPLATE, CHECKLIST_TEMPLATE)]
    return tidy("\n\n".join(parts))


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (the JSON format); text fields are plain text, not Markdown."""
    profile = plan.profile
    return {
        "playbook_version": __version__,
        "client": {
            "name": profile.client.name,
            "industry": profile.client.industry,
            "coach": profile.client.coach,
        },
        "findings": [
            {
                "rule": f.rule.id,
                "title": f.rule.spec.title,
                "source": f.rule.origin_label,
                "priority": f.rule.spec.priority,
                "platforms": list(f.platforms),
                "evidence": [plain_text(e) for e in f.evidence],
            }
            for f in plan.findings
        ],
        "working": [{"rule": w.rule.id, "text": plain_text(w.text)} for w in plan.working],
        "actions": [
            {
                "horizon": a.horizon,
                "platforms": list(a.platforms),
                "text": plain_text(a.text),
                "rules": list(a.rule_ids),
            }
            for a in plan.actions
        ],
        # Actions the client's hours leave for later, and per horizon the line saying so.
        "later_actions": [
            {"platforms": list(a.platforms), "text": plain_text(a.text), "rules": list(a.rule_ids)}
            for a in plan.later
        ],
        "pace_notes": dict(plan.pace_notes),
        "posting_mix": {
            # Said only when the mix was measured from exports, so other plans stay as before.
            **({"measured_from": plan.measured_from} if plan.measured_from else {}),
            "current": plan.overall_current,
            "recommended": plan.overall_recommended,
            "platforms": [
                {
                    "platform": m.platform,
                    "posts_per_week": m.posts_per_week,
                    "period": m.counts.period,
                    "current_percent": m.current,
                    "recommended_percent": m.recommended,
                    "current_posts": m.counts.current,
                    "recommended_posts": m.counts.recommended,
                    "paused": m.paused,
                    "rules": list(m.rule_ids),
                    "limits": limits_data(m.limits),
                    **platform_data(plan, m.platform),
                }
                for m in plan.mix
            ],
        },
        "checklist": [
            {
                "section": e.section,
                "title": plain_text(e.title),
                "detail": plain_text(e.detail),
                "rules": list(e.rule_ids),
            }
            for e in plan.checklist
        ],
        "notes": [plain_text(n) for n in plan.notes],
        "routine": routine_data(plan),
        "campaigns": [
            {
                "goal": c.goal.outcome,
                "until": c.until.isoformat(),
                "platforms": [
                    {
                        "platform": m.platform,
                        "period": m.counts.period,
                        "posts": m.counts.recommended,
                    }
                    for m in c.mix
                ],
                "actions": list(c.actions),
            }
            for c in plan.campaigns
        ],
        "review": (
            {
                "planned": plan.dates.planned.isoformat(),
                "baseline_month": plan.dates.baseline_month,
                "checkins": [d.isoformat() for d in plan.dates.checkins],
                "review": plan.dates.review.isoformat(),
            }
            if plan.dates
            else None
        ),
        "skipped": [{"rule": s.rule.id, "reason": s.reason} for s in plan.skipped],
        **advice_data(plan),
    }


def limits_data(limits: Limits) -> dict[str, dict[str, Any]]:
    """The one limit that won for each kind a rule limits, and the rule that set it."""
    out: dict[str, dict[str, Any]] = {}
    for kind in MIX_KINDS:
        low, high = limits.mins.get(kind), limits.maxs.get(kind)
        if low is None and high is None:
            continue
        out[kind] = {
            "min": low.value if low else None,
            "min_rule": low.rule if low else None,
            "max": high.value if high else None,
            "max_rule": high.rule if high else None,
        }
    return out


def routine_data(plan: Plan) -> dict[str, Any] | None:
    """The weekly routine as data: the budget, the average week's total and every slot."""
    routine = plan.routine
    if routine is None:
        return None
    week = plan.campaign_week
    starts = week.normal_from if week else (plan.dates.planned if plan.dates else None)
    return {
        "budget_minutes": routine.budget_minutes,
        "total_minutes": routine.total_minutes,
        "hours_per_week": routine.budget.hours,
        "hours_stated": routine.budget.stated,
        "paused": list(routine.budget.paused),
        "notes": [plain_text(MarkdownText(n)) for n in routine.budget.notes],
        "slots": _slots_data(routine),
        # The normal week starts after the campaign week, when there is one.
        "starts": starts.isoformat() if starts else None,
        "campaign": (
            {
                "goals": list(week.goals),
                "starts": week.starts.isoformat(),
                "until": week.until.isoformat(),
                "total_minutes": week.routine.total_minutes,
                "slots": _slots_data(week.routine),
            }
            if week
            else None
        ),
    }


def _slots_data(routine: Routine) -> list[dict[str, Any]]:
    return [
        {
            "day": s.day,
            "platform": s.platform,
            "task": s.task,
            "kind": s.kind,
            "minutes": s.minutes,
            "every_weeks": s.every_weeks,
        }
        for s in routine.slots
    ]


def render_json(plan: Plan, extra: dict[str, Any] | None = None) -> str:
    """The plan as JSON, with `extra` keys (the progress) when given."""
    data = {**plan_data(plan), **(extra or {})}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
