"""The measurement checklist: outcomes first, then engagement, then applause kept as context."""

from __future__ import annotations

import typing
from typing import NamedTuple

from ..model.rule import Metric
from ..rules.compile import CompiledRule, Rulebook
from ..rules.sandbox import RuleCodeError
from ..rules.variables import ClientContext, is_vanity
from ..text import MarkdownText, escape_markdown, format_number
from .plan import CheckEntry, Finding, Section

SECTIONS: tuple[Section, ...] = typing.get_args(Section)


class RuleFailure(NamedTuple):
    """A rule whose code failed on a profile, and why."""

    rule: CompiledRule
    error: RuleCodeError


def _md(text: str) -> MarkdownText:
    return escape_markdown(text)


def _metric_detail(metric: Metric) -> MarkdownText:
    formula = metric.formula[:1].upper() + metric.formula[1:]
    credit = f" After {_md(metric.credit)}." if metric.credit else ""
    return MarkdownText(
        f"{_md(formula)}. Denominator: {_md(metric.denominator)}.{credit} {_md(metric.why)}"
    )


def _tracked(metric: Metric, measuring: list[str]) -> bool:
    tracked = [m.lower() for m in measuring]
    words = {w for m in tracked for w in m.split()}
    return any(c in words or c in tracked for c in metric.counts)


def build_checklist(
    client: ClientContext, findings: tuple[Finding, ...], book: Rulebook
) -> tuple[tuple[CheckEntry, ...], list[RuleFailure]]:
    """Every checklist line for a profile, in section order, and any rule text that failed."""
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
        entries.append(
            CheckEntry(
                "outcome",
                MarkdownText(f"Count {_md(goal.metric)} every {goal.per}"),
                MarkdownText(target),
            )
        )
    referenced: dict[str, list[str]] = {}
    for finding in findings:
        for item, template in finding.rule.checklist:
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
    for metric in book.metrics:
        wanted = metric.kind == "context" or metric.always or metric.id in referenced
        if not wanted:
            continue
        detail = _metric_detail(metric)
        if metric.kind == "context":
            note = "Context, not an outcome"
            if _tracked(metric, base["measuring"]):
                note += ": you track this today; keep it, but judge the plan by the outcomes above"
            detail = MarkdownText(f"{note}. {detail}")
        entries.append(
            CheckEntry(metric.kind, _md(metric.name), detail, tuple(referenced.get(metric.id, ())))
        )
    entries.sort(key=lambda e: SECTIONS.index(e.section))
    return tuple(entries), errors
