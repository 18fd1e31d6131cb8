"""The progress page of a client site (and of an example playbook in the guide), and the
progress as plain data for `playbook plan --format json`. Pure: Markdown and dicts only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.progress import MetricSeries, Progress
from ..model.profile import MIX_KINDS
from ..text import MarkdownText
from .environment import GAP, render_markdown
from .plan_pages import KIND_LABELS

PROGRESS_PAGE = "progress.md"
TEMPLATE = "progress.md.j2"
# Conversation metrics are engagement; likes and reshares are applause and reach.
CONVERSATION = ("conversation-rate", "response-rate")
MIX_CHART = "mix-by-month"


def goal_chart_name(index: int) -> str:
    return f"goal-{index + 1}"


@dataclass(frozen=True)
class GoalTable:
    """A goal's section: whether it is on track, and its values month by month against a
    month's worth of its target (to one decimal)."""

    outcome: str
    metric: str
    status: str
    sentence: str
    rows: tuple[tuple[str, float | None], ...]
    target: float
    chart: str | None


@dataclass(frozen=True)
class MetricRow:
    """A metric month by month; each value with the platforms it comes from when not all
    of the client's recorded it."""

    series: MetricSeries
    cells: tuple[tuple[float | None, tuple[str, ...]], ...]


@dataclass(frozen=True)
class MixRow:
    """A kind of post: its measured share month by month (None: not counted) and the
    recommended share, in percent."""

    label: str
    months: tuple[int | None, ...]
    recommended: float


def _goal_tables(progress: Progress, charts: Mapping[str, str]) -> list[GoalTable]:
    return [
        GoalTable(
            goal.goal.outcome,
            goal.goal.metric,
            goal.status,
            goal.sentence,
            tuple(zip(progress.months, goal.values, strict=True)),
            round(goal.target, 1),
            charts.get(goal_chart_name(i)),
        )
        for i, goal in enumerate(progress.goals)
    ]


def _metric_row(series: MetricSeries) -> MetricRow:
    only = series.partial or ((),) * len(series.values)
    return MetricRow(series, tuple(zip(series.values, only, strict=True)))


def _engagement(progress: Progress) -> list[tuple[str, list[MetricRow]]]:
    """Conversation first, then applause and reach, each as its own table."""
    return [
        (
            title,
            [
                _metric_row(s)
                for s in progress.engagement
                if (s.metric.id in CONVERSATION) == wanted
            ],
        )
        for title, wanted in (
            ("Conversation (engagement)", True),
            ("Applause and reach (context, not outcomes)", False),
        )
    ]


def _mix_rows(progress: Progress) -> list[MixRow]:
    return [
        MixRow(
            KIND_LABELS[kind],
            tuple(round(m[kind]) if m else None for m in progress.mix),
            progress.recommended[kind],
        )
        for kind in MIX_KINDS
    ]


def progress_page(
    progress: Progress, client: str, charts: Mapping[str, str], level: int = 1
) -> str:
    """The progress of one client; headings start at `level`. Charts missing from `charts`
    leave their tables alone (plain Markdown output has no charts)."""
    return render_markdown(
        TEMPLATE,
        h=MarkdownText("#" * level),
        client=client,
        progress=progress,
        missing=[m for m, r in zip(progress.months, progress.recorded, strict=True) if not r],
        gap=GAP,
        goals=_goal_tables(progress, charts),
        engagement=_engagement(progress),
        mix=_mix_rows(progress),
        mix_chart=charts.get(MIX_CHART),
    )


def progress_data(progress: Progress) -> dict[str, Any]:
    """The progress as plain data, for spreadsheets."""
    return {
        "months": list(progress.months),
        "recorded": list(progress.recorded),
        # Said only when exports were counted, so other progress data stays as before.
        **({"posts_counted_from": progress.counted_from} if progress.counted_from else {}),
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
