"""The progress page of a client site (and of an example playbook in the guide), and the
progress as plain data for `playbook plan --format json`. Pure: Markdown and dicts only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine.progress import MetricSeries, Progress
from ..model.profile import MIX_KINDS
from ..text import escape_markdown, format_number
from .environment import tidy
from .plan_pages import KIND_LABELS

PROGRESS_PAGE = "progress.md"
GAP = "—"
# Conversation metrics are engagement; likes and reshares are applause and reach.
CONVERSATION = ("conversation-rate", "response-rate")


def _value(value: float | None, unit: str = "") -> str:
    return GAP if value is None else f"{format_number(value)}{unit}"


def _cell(series: MetricSeries, month: int) -> str:
    """A month's value, with the platforms it comes from when not all recorded it."""
    text = _value(series.values[month], series.unit)
    only = series.partial[month] if series.partial else ()
    return f"{text} ({' and '.join(only)} only)" if only else text


def _months_line(progress: Progress) -> str:
    missing = [m for m, r in zip(progress.months, progress.recorded, strict=True) if not r]
    line = f"Months recorded: {progress.months[0]} to {progress.latest}"
    if missing:
        line += f"; no check-in for {', '.join(missing)} (shown as {GAP})"
    return line + "."


def chart_figure(svg: str | None, table: list[str]) -> list[str]:
    """The chart with its table beside it; the table alone where no chart was drawn."""
    if svg is None:
        return [*table, ""]
    return [
        '<div class="pb-chart-pair" markdown="1">',
        "",
        f'<figure class="pb-chart">{svg}</figure>',
        "",
        '<div class="pb-chart-table" markdown="1">',
        "",
        *table,
        "",
        "</div>",
        "",
        "</div>",
        "",
    ]


def goal_chart_name(index: int) -> str:
    return f"goal-{index + 1}"


MIX_CHART = "mix-by-month"


def progress_page(
    progress: Progress, client: str, charts: Mapping[str, str], level: int = 1
) -> str:
    """The progress of one client; headings start at `level`. Charts missing from `charts`
    leave their tables alone (plain Markdown output has no charts)."""
    h = "#" * level
    lines = [f"{h} Progress of {escape_markdown(client)}", "", _months_line(progress), ""]
    lines += [f"{h}# Goals: the outcomes", ""]
    for i, goal in enumerate(progress.goals):
        lines += [f"{h}## {escape_markdown(goal.goal.outcome)}", ""]
        lines += [f"**{goal.status.capitalize()}.** {escape_markdown(goal.sentence)}", ""]
        table = [
            "| Month | " + escape_markdown(goal.goal.metric) + " | Target |",
            "| --- | ---: | ---: |",
        ]
        target = format_number(round(goal.target, 1))
        table += [
            f"| {m} | {_value(v)} | {target} |"
            for m, v in zip(progress.months, goal.values, strict=True)
        ]
        lines += chart_figure(charts.get(goal_chart_name(i)), table)
    lines += [f"{h}# Engagement: conversation, not applause", ""]
    lines.append(
        "Conversation and response rates show people talking with the client; they lead to "
        "the outcomes above. Likes and reshares are applause and reach: context, never outcomes."
    )
    lines.append("")
    header = "| Metric | How it is counted | " + " | ".join(progress.months) + " |"
    rule = "| --- | --- | " + " | ".join("---:" for _ in progress.months) + " |"
    for title, wanted in (
        ("Conversation (engagement)", True),
        ("Applause and reach (context, not outcomes)", False),
    ):
        rows = [s for s in progress.engagement if (s.metric.id in CONVERSATION) == wanted]
        lines += [f"**{title}**", "", header, rule]
        lines += [
            f"| {escape_markdown(s.metric.name)} | {escape_markdown(s.metric.formula)} | "
            + " | ".join(_cell(s, i) for i in range(len(s.values)))
            + " |"
            for s in rows
        ]
        lines.append("")
    lines += [f"{h}# Posting mix, month by month", ""]
    table = ["| Kind of post | " + " | ".join(progress.months) + " | Recommended |"]
    table.append("| --- | " + " | ".join("---:" for _ in progress.months) + " | ---: |")
    for kind in MIX_KINDS:
        cells = [_value(round(m[kind]), "%") if m else GAP for m in progress.mix]
        recommended = _value(progress.recommended[kind], "%")
        table.append(f"| {KIND_LABELS[kind]} | " + " | ".join(cells) + f" | {recommended} |")
    lines += chart_figure(charts.get(MIX_CHART), table)
    lines += [f"{h}# Scorecard of the plan's rules", ""]
    if progress.scorecard:
        lines += [f"| Rule | {progress.latest} | Detail |", "| --- | --- | --- |"]
        lines += [
            f"| {escape_markdown(s.rule.spec.title)} | {s.status} | {escape_markdown(s.detail)} |"
            for s in progress.scorecard
        ]
    else:
        lines.append("No rule asked for a change.")
    return tidy("\n".join(lines))


def progress_data(progress: Progress) -> dict[str, Any]:
    """The progress as plain data, for spreadsheets."""
    return {
        "months": list(progress.months),
        "recorded": list(progress.recorded),
        "goals": [
            {
                "outcome": g.goal.outcome,
                "metric": g.goal.metric,
                "target_per_month": round(g.target, 2),
                "by": g.goal.by.isoformat() if g.goal.by else None,
                "values": list(g.values),
                "status": g.status,
                "summary": g.sentence,
            }
            for g in progress.goals
        ],
        "engagement": [
            {
                "metric": s.metric.id,
                "kind": "engagement" if s.metric.id in CONVERSATION else "context",
                "formula": s.metric.formula,
                "values": list(s.values),
                # Per month: the platforms a value comes from, where not all recorded it.
                "only_from": [list(p) or None for p in s.partial] or [None] * len(s.values),
            }
            for s in progress.engagement
        ],
        "posting_mix": {
            "measured_percent": [
                {k: round(m[k], 1) for k in MIX_KINDS} if m else None for m in progress.mix
            ],
            "recommended_percent": progress.recommended,
        },
        "scorecard": [
            {"rule": s.rule.id, "status": s.status, "detail": s.detail} for s in progress.scorecard
        ],
    }
