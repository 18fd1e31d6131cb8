"""The measurement checklist: outcomes first, then engagement, then applause kept as context."""

from __future__ import annotations

import typing
from typing import NamedTuple

from ..model.profile import MIX_KINDS
from ..model.rule import Metric
from ..rules.compile import CompiledRule, Rulebook
from ..rules.sandbox import RuleCodeError
from ..rules.variables import ClientContext, is_vanity
from ..text import MarkdownText, and_list, escape_markdown, format_number
from .plan import CheckEntry, Finding, Section

SECTIONS: tuple[Section, ...] = typing.get_args(Section)


class RuleFailure(NamedTuple):
    """A rule whose code failed on a profile, and why."""

    rule: CompiledRule
    error: RuleCodeError


def _md(text: str) -> MarkdownText:
    return escape_markdown(text)


def _fields(metric: Metric) -> str:
    """'`replies` ÷ `posts`' from the check-in fields a metric is worked out from."""
    return " ÷ ".join(f"`{f}`" for f in metric.checkin)


def _metric_detail(metric: Metric, where: str) -> MarkdownText:
    """How to work it out from the check-ins; the formula in words is on the guide's page."""
    return MarkdownText(f"{_fields(metric)} from each check-in{where}.")


def _tracked(metric: Metric, measuring: list[str]) -> bool:
    tracked = [m.lower() for m in measuring]
    words = {w for m in tracked for w in m.split()}
    return any(c in words or c in tracked for c in metric.counts)


def outcome_metric(book: Rulebook, goal_metric: str) -> Metric | None:
    """The outcome metric a goal is counted as: the first whose words the goal's metric
    uses, else the one with no words (any other outcome)."""
    words = {w.strip(".,;:()") for w in goal_metric.lower().split()}
    outcomes = [m for m in book.metrics if m.kind == "outcome"]
    found = next((m for m in outcomes if words & {c.lower() for c in m.counts}), None)
    return found or next((m for m in outcomes if not m.counts), None)


def build_checklist(
    client: ClientContext,
    findings: tuple[Finding, ...],
    book: Rulebook,
    making: frozenset[str] = frozenset(MIX_KINDS),
    paused: frozenset[str] = frozenset(),
) -> tuple[tuple[CheckEntry, ...], list[RuleFailure]]:
    """Every checklist line for a profile, in section order, and any rule text that failed.
    `making`: the kinds of post the plan recommends somewhere; items about others are left
    out. `paused`: platforms paused to fit the week; the lines count only the others."""
    entries: list[CheckEntry] = []
    errors: list[RuleFailure] = []
    base = client.base
    for goal in client.profile.goals:
        by = f" by {goal.by.isoformat()}" if goal.by else ""
        target = (
            f"Target: {format_number(goal.target)} a {goal.per}{by}. Goal: {_md(goal.outcome)}."
        )
        if is_vanity(goal.metric):
            # A goal counted in applause stays on the list, but not among the outcomes.
            entries.append(
                CheckEntry(
                    "context",
                    MarkdownText(f"Count {_md(goal.metric)} every {goal.per}"),
                    MarkdownText(
                        f"{target} This counts applause or reach, not an outcome; "
                        "the action plan suggests an outcome to count instead."
                    ),
                )
            )
            continue
        metric = outcome_metric(book, goal.metric)
        how = f" How to count it: {_md(metric.how)}" if metric and metric.how else ""
        entries.append(
            CheckEntry(
                "outcome",
                MarkdownText(f"Count {_md(goal.metric)} every {goal.per}"),
                MarkdownText(f"{target}{how}"),
            )
        )
    referenced: dict[str, list[str]] = {}
    for finding in findings:
        for item, template in finding.rule.checklist:
            if item.about is not None and item.about not in making:
                continue
            if item.metric:
                referenced.setdefault(item.metric, []).append(finding.rule.id)
            try:
                text = template.render(base)
            except RuleCodeError as exc:
                errors.append(RuleFailure(finding.rule, exc))
                continue
            metric = book.metric(item.metric) if item.metric else None
            detail = (
                MarkdownText(f"(counted as {_md(metric.name)})") if metric else MarkdownText("")
            )
            entries.append(CheckEntry("plan", text, detail, (finding.rule.id,)))
    labels = [p.label for p in client.profile.platforms if p.name not in paused]
    labels = labels or [p.label for p in client.profile.platforms]
    where = f", on {and_list(labels)}"
    for metric in book.metrics:
        wanted = metric.kind == "context" or metric.always or metric.id in referenced
        # Only what a check-in can hold is asked for: the check-in is where it is counted.
        if metric.kind == "outcome" or not wanted or not metric.checkin:
            continue
        detail = _metric_detail(metric, where)
        if metric.kind == "context":
            note = "Context, not an outcome"
            if _tracked(metric, base["measuring"]):
                note += "; you track this today"
            detail = MarkdownText(f"{note}. {detail}")
        entries.append(
            CheckEntry(metric.kind, _md(metric.name), detail, tuple(referenced.get(metric.id, ())))
        )
    entries.sort(key=lambda e: SECTIONS.index(e.section))
    return tuple(entries), errors
