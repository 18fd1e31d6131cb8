"""The charts of a client site: what each shows (pure data), and drawing them.

Pages ask for charts by name; `chart_specs` says what each one holds and `draw` turns the
specs into SVG. Keeping the two apart lets a build draw the charts in another process while
MkDocs loads (matplotlib takes most of a second to import).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.escape import format_number
from generator.mix import round_percents
from generator.models import MIX_KINDS
from generator.plan import Plan
from generator.render import KIND_LABELS

MIX = "mix"


@dataclass(frozen=True)
class BarChart:
    """A grouped bar chart, as `chart.mix_chart` draws it."""

    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]


def _mix_numbers(plan: Plan) -> tuple[dict[str, float], dict[str, float]]:
    return round_percents(plan.overall_current, ties=()), plan.overall_recommended


def chart_specs(plan: Plan) -> dict[str, BarChart]:
    """Every chart the client site shows, by name."""
    current, recommended = _mix_numbers(plan)
    description = "; ".join(
        f"{KIND_LABELS[k]}: {format_number(current[k])}% now, "
        f"{format_number(recommended[k])}% recommended"
        for k in MIX_KINDS
    )
    return {
        MIX: BarChart(
            title=f"Posting mix of {plan.profile.client.name}: now and recommended",
            description=f"Share of posts by kind. {description}.",
            categories=tuple(KIND_LABELS[k] for k in MIX_KINDS),
            series=(
                ("Now", tuple(current[k] for k in MIX_KINDS)),
                ("Recommended", tuple(recommended[k] for k in MIX_KINDS)),
            ),
        )
    }


def draw(specs: Mapping[str, BarChart]) -> dict[str, str]:
    """SVG for every chart, by name (imports matplotlib on first use)."""
    from generator.chart import mix_chart

    return {
        name: mix_chart(
            spec.title,
            spec.description,
            list(spec.categories),
            [(label, list(values)) for label, values in spec.series],
            id_prefix=name,
        )
        for name, spec in sorted(specs.items())
    }


def mix_figure(plan: Plan, svg: str) -> list[str]:
    """The mix chart with the same numbers as a table beside it (Markdown lines)."""
    current, recommended = _mix_numbers(plan)
    table = ["| Kind of post | Now | Recommended |", "| --- | ---: | ---: |"]
    table += [
        f"| {KIND_LABELS[k]} | {format_number(current[k])}% | {format_number(recommended[k])}% |"
        for k in MIX_KINDS
    ]
    return [
        '<div class="pb-chart-pair" markdown="1">',
        "",
        f'<figure class="pb-chart">{svg}</figure>',
        "",
        '<div class="pb-chart-table" markdown="1">',
        "",
        "The same numbers as a table:",
        "",
        *table,
        "",
        "</div>",
        "",
        "</div>",
    ]
