"""The charts of a client site: what each shows (pure data), and drawing them.

Pages ask for charts by name; `chart_specs` says what each one holds and `draw` turns the
specs into figures: a caption, then the SVG. Keeping the two apart lets a build draw the
charts in another process while MkDocs loads (matplotlib takes most of a second to import).

The client's own words (their name, goals, metrics) go in the caption and the chart's
accessible name and description, never into the drawing: the browser renders a caption in any
script, while matplotlib lays text out with a font that only has Latin, Greek and Cyrillic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..engine.mix import round_percents
from ..engine.plan import Plan
from ..engine.progress import Progress
from ..model.profile import MIX_KINDS
from ..render.plan_pages import KIND_LABELS
from ..render.progress_pages import MIX_CHART, goal_chart_name
from ..text import format_number

MIX = "mix"
# A goal chart's one line, named in the legend; the caption names what is counted.
RECORDED = "Recorded"


@dataclass(frozen=True)
class BarChart:
    """A grouped bar chart, as `chart.mix_chart` draws it."""

    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]


@dataclass(frozen=True)
class LineChart:
    """Values month by month (None for a month with no check-in), as `chart.line_chart`
    draws them, with an optional target line."""

    title: str
    description: str
    periods: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    target: float | None
    y_label: str


Chart = BarChart | LineChart


def _mix_numbers(plan: Plan) -> tuple[dict[str, float], dict[str, float]]:
    return round_percents(plan.overall_current, ties=()), plan.overall_recommended


def chart_specs(plan: Plan, progress: Progress | None = None) -> dict[str, Chart]:
    """Every chart the client site shows, by name."""
    current, recommended = _mix_numbers(plan)
    description = "; ".join(
        f"{KIND_LABELS[k]}: {format_number(current[k])}% now, "
        f"{format_number(recommended[k])}% recommended"
        for k in MIX_KINDS
    )
    specs: dict[str, Chart] = {
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
    if progress is not None:
        specs.update(progress_specs(progress, plan.profile.client.name))
    return specs


def _words(values: tuple[float | None, ...], months: tuple[str, ...], unit: str = "") -> str:
    return ", ".join(
        f"{m}: {'no check-in' if v is None else format_number(round(v, 1)) + unit}"
        for m, v in zip(months, values, strict=True)
    )


def progress_specs(progress: Progress, client: str) -> dict[str, Chart]:
    """A line chart per goal, and the measured mix month by month against the recommended."""
    specs: dict[str, Chart] = {}
    for i, goal in enumerate(progress.goals):
        target = round(goal.target, 1)
        specs[goal_chart_name(i)] = LineChart(
            title=f"{goal.goal.outcome}: {goal.goal.metric} per month",
            description=(
                f"{goal.goal.metric} of {client} by month against a target of "
                f"{format_number(target)}: {_words(goal.values, progress.months)}."
            ),
            periods=progress.months,
            series=((RECORDED, goal.values),),
            target=target,
            y_label="",
        )
    recorded = [
        (m, mix) for m, mix in zip(progress.months, progress.mix, strict=True) if mix is not None
    ][-5:]  # a chart tells at most six series apart
    series = tuple((m, tuple(round(mix[k], 1) for k in MIX_KINDS)) for m, mix in recorded)
    series += (("Recommended", tuple(progress.recommended[k] for k in MIX_KINDS)),)
    specs[MIX_CHART] = BarChart(
        title=f"Posting mix of {client} by month and recommended",
        description="Share of posts by kind; "
        + "; ".join(
            f"{label}: "
            + ", ".join(
                f"{KIND_LABELS[k]} {format_number(v)}%"
                for k, v in zip(MIX_KINDS, values, strict=True)
            )
            for label, values in series
        )
        + ".",
        categories=tuple(KIND_LABELS[k] for k in MIX_KINDS),
        series=series,
    )
    return specs


def draw(specs: Mapping[str, Chart]) -> dict[str, str]:
    """What goes inside each chart's `<figure>`, by name: the title as the caption, then the
    SVG (imports matplotlib on first use)."""
    from .chart import line_chart, mix_chart

    out = {}
    for name, spec in sorted(specs.items()):
        if isinstance(spec, BarChart):
            svg = mix_chart(
                spec.title,
                spec.description,
                list(spec.categories),
                [(label, list(values)) for label, values in spec.series],
                id_prefix=name,
            )
        else:
            svg = line_chart(
                spec.title,
                spec.description,
                list(spec.periods),
                [(label, list(values)) for label, values in spec.series],
                target=spec.target,
                y_label=spec.y_label,
                id_prefix=name,
            )
        out[name] = f"<figcaption>{escape(' '.join(spec.title.split()))}</figcaption>\n{svg}"
    return out


def draw_each(specs: Sequence[Mapping[str, Chart]]) -> list[dict[str, str]]:
    """`draw` for each set of charts: several sites' or pages' charts in one call (to a
    helper process)."""
    return [draw(charts) for charts in specs]


def warm_up_charts() -> None:
    """Import matplotlib and draw a chart once, so the next chart is drawn warm."""
    from .chart import mix_chart

    mix_chart("warm-up", "", ["a"], [("b", [1.0])])


def mix_table(plan: Plan) -> list[tuple[str, float, float]]:
    """The mix chart's numbers as table rows: (kind of post, now, recommended), in percent."""
    current, recommended = _mix_numbers(plan)
    return [(KIND_LABELS[k], current[k], recommended[k]) for k in MIX_KINDS]
