"""What the advice library adds to a plan's pages and JSON: the sector and audience used,
the sector's safeguards, each platform's own lines and example posts. Pure functions."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..engine.plan import ExamplePost, Plan, PlatformIdeas
from ..model.advice import Safeguard
from ..text import MarkdownText, and_list, escape_markdown, plain_text

# Example posts shown per platform in the Markdown plan (the JSON has them all).
WEEK_IDEAS = 3
# What each kind of example is, before its text.
EXAMPLE_LABELS = {
    "quotes": "Inspirational quote",
    "reshares": "Reshare",
    "promotional": "Invitation",
    "conversation": "Question",
    "replies": "Reply",
    "original": "Your own post",
}


class ShownSafeguard(NamedTuple):
    """A safeguard as the plan shows it."""

    title: str
    text: str
    stock_reply: str | None
    reference: MarkdownText


def _reference(guard: Safeguard) -> MarkdownText:
    """'*Title*, Publisher (UK): address': the address as text, not a link, so a plan
    exported as one HTML file still links only inside itself."""
    ref = guard.reference
    where = escape_markdown(f"{ref.publisher} ({ref.jurisdiction}): {ref.url}")
    return MarkdownText(f"*{escape_markdown(ref.title)}*, {where}")


def week_ideas(
    ideas: PlatformIdeas, limit: int = WEEK_IDEAS, shown: frozenset[str] = frozenset()
) -> list[ExamplePost]:
    """The first example of each kind, in the order the plan ranks the kinds, up to `limit`,
    leaving out ideas `shown` for another platform already."""
    seen: set[str] = set()
    out: list[ExamplePost] = []
    for example in ideas.examples:
        if example.idea in shown:
            continue
        if example.kind not in seen and len(out) < limit:
            seen.add(example.kind)
            out.append(example)
    return out


def advice_context(plan: Plan) -> dict[str, Any]:
    """Template variables for the plan's advice blocks."""
    choice = plan.sector
    guards = choice.sector.safeguards if choice else []
    # Each idea is shown once in a plan: a platform shows only ideas not shown before it.
    shown: dict[str, list[ExamplePost]] = {}
    paused = [m for m in plan.mix if m.paused]
    for ideas in plan.platform_ideas:
        if any(m.platform == ideas.platform for m in paused):
            shown[ideas.platform] = []
            continue
        before = frozenset(e.idea for examples in shown.values() for e in examples)
        shown[ideas.platform] = week_ideas(ideas, shown=before)
    return {
        "sector_line": choice.sentence() if choice else "",
        "sector_title": choice.sector.title if choice else "",
        "safeguards": [
            ShownSafeguard(g.title, g.text, g.stock_reply, _reference(g)) for g in guards
        ],
        "platform_ideas": plan.platform_ideas,
        "week_ideas": shown,
        # A platform paused to fit the week gets one shared line, not advice for now.
        "paused_platforms": frozenset(m.platform for m in paused),
        "paused_labels": and_list(m.label for m in paused),
        "paused_pages": [(m.label, m.platform) for m in paused],
        # Where the idea bank is first quoted, the plan says once what the ideas are.
        "ideas_explained_on": next((p for p, examples in shown.items() if examples), None),
        "example_labels": EXAMPLE_LABELS,
    }


def _ideas_of(plan: Plan, platform: str) -> PlatformIdeas | None:
    return next((p for p in plan.platform_ideas if p.platform == platform), None)


def platform_data(plan: Plan, platform: str) -> dict[str, Any]:
    """A platform's own lines and example posts, for its entry in the JSON posting mix."""
    ideas = _ideas_of(plan, platform)
    if ideas is None:
        return {}
    return {
        "advice": [{"rule": line.rule_id, "text": plain_text(line.text)} for line in ideas.lines],
        "examples": [
            {"kind": e.kind, "text": plain_text(e.text), "idea": e.idea} for e in ideas.examples
        ],
    }


def advice_data(plan: Plan) -> dict[str, Any]:
    """The sector, audience and safeguards the plan used, for the JSON's top level."""
    choice = plan.sector
    if choice is None:
        return {}
    return {
        "sector": {
            "id": choice.sector.id,
            "title": choice.sector.title,
            "chosen": choice.how,
            "matched": choice.word,
            "audience": {"one": choice.audience.one, "many": choice.audience.many},
        },
        "safeguards": [
            {
                "id": g.id,
                "title": g.title,
                "text": g.text,
                "stock_reply": g.stock_reply,
                "reference": {
                    "title": g.reference.title,
                    "publisher": g.reference.publisher,
                    "url": g.reference.url,
                    "jurisdiction": g.reference.jurisdiction,
                },
            }
            for g in choice.sector.safeguards
        ],
    }
