"""The guide's pages from the advice library: a page per platform and the idea bank, a page
per kind of post. Pure functions, like the rest of the guide's pages."""

from __future__ import annotations

from typing import Any

from ..model.advice import IDEA_SLOTS, Advice, Idea
from ..model.profile import MIX_KINDS, PLATFORM_LABELS, PLATFORMS
from ..render.advice import EXAMPLE_LABELS
from ..render.environment import render_markdown
from ..render.plan_pages import KIND_LABELS
from ..rules.compile import Rulebook
from ..rules.ideas import fill_idea
from ..text import MarkdownText, escape_markdown

PLATFORMS_DIR = "platforms"
IDEAS_DIR = "ideas"
ADVICE_SOURCE = "advice/platforms.yaml"
# What each kind of idea is, at the top of its page.
KIND_WHAT = {
    "quotes": "Inspirational quotes and sayings posted for their own sake. The method keeps "
    "them few; when you post one, give it a line of your own and a question.",
    "reshares": "Someone else's post, shared as it is. Say where to find it and when it is "
    "worth sharing; a quote post with your comment is an own post.",
    "promotional": "Invitations: what is on offer, when, and the one step to take, "
    "without the hard sell.",
    "conversation": "Questions to the audience: one clear question people can answer from "
    "their own experience or taste.",
    "replies": "Replies to people: under their posts, in threads, in your comments.",
    "original": "Posts of your own that are not selling: tips, behind the scenes, "
    "explanations, and quote posts with your view.",
}


def _placeholders(platform: str = "") -> dict[str, str]:
    """Slot values that show where each client's words go."""
    filled = {slot: f"[{slot.replace('_', ' ')}]" for slot in ("audience", "audience_one")}
    filled |= {"outcome": "[your goal]", "business": "[business name]"}
    filled["platform"] = PLATFORM_LABELS.get(platform, "[platform]")
    return filled


def _idea_view(idea: Idea) -> dict[str, Any]:
    platforms = (
        "every platform where the kind exists"
        if "all" in idea.platforms
        else ", ".join(PLATFORM_LABELS[p] for p in idea.platforms)
    )
    sectors = "every sector" if "all" in idea.sectors else ", ".join(idea.sectors)
    facts = [f"Platforms: {platforms}", f"Sectors: {sectors}"]
    if idea.not_sectors:
        facts.append("Never for: " + ", ".join(idea.not_sectors))
    facts.append(f"By {idea.contributor}, {idea.added.isoformat()}")
    return {
        "id": idea.id,
        "text": fill_idea(idea.text, _placeholders()) or "",
        "prompt": idea.prompt,
        "facts": escape_markdown(" · ".join(facts)),
    }


def platform_page(advice: Advice, book: Rulebook, name: str) -> str:
    guide = advice.platforms.guide(name)
    label = PLATFORM_LABELS[name]
    words = guide.words
    shown = [
        ("A post", words.post),
        ("Sharing someone's post as it is", words.reshare),
        ("Sharing it with your comment (a quote post)", words.quote_post or "not available"),
        ("A reply", words.reply),
        ("A thread", words.thread or "not available"),
    ]
    kinds = []
    for kind in MIX_KINDS:
        how = guide.how(kind)
        minutes = guide.minutes_for(kind)
        kinds.append(
            {
                "name": KIND_LABELS[kind],
                "label": how.label if how else "not available",
                "how": fill_idea(how.how, _placeholders(name)) if how else "",
                "minutes": minutes if minutes is not None else "",
            }
        )
    titles = {r.id: r.spec.title for r in book.rules}
    rules = [
        {"id": rule, "title": titles.get(rule, rule), "text": fill_idea(text, _placeholders(name))}
        for rule, text in guide.advice.items()
    ]
    count = sum(1 for i in advice.ideas if "all" in i.platforms or name in i.platforms)
    return render_markdown(
        "guide/platform.md.j2",
        label=label,
        role=fill_idea(guide.role, _placeholders(name)),
        words=shown,
        kinds=kinds,
        advice=rules,
        idea_count=count,
    )


def advice_pages(book: Rulebook) -> list[tuple[str, str, str]]:
    """(path, Markdown, file to edit) of every page from the advice library."""
    advice = book.advice
    if advice is None:
        return []
    pages = [
        (
            f"{PLATFORMS_DIR}/index.md",
            render_markdown(
                "guide/platforms-index.md.j2",
                platforms=[
                    {
                        "name": MarkdownText(p),
                        "label": PLATFORM_LABELS[p],
                        "role": fill_idea(advice.platforms.guide(p).role, _placeholders(p)),
                    }
                    for p in PLATFORMS
                ],
            ),
            ADVICE_SOURCE,
        )
    ]
    pages += [
        (f"{PLATFORMS_DIR}/{p}.md", platform_page(advice, book, p), ADVICE_SOURCE)
        for p in PLATFORMS
    ]
    kinds = [
        {
            "name": MarkdownText(k),
            "title": EXAMPLE_LABELS[k] + " ideas",
            "count": sum(1 for i in advice.ideas if i.kind == k),
        }
        for k in MIX_KINDS
    ]
    pages.append(
        (
            f"{IDEAS_DIR}/index.md",
            render_markdown(
                "guide/ideas-index.md.j2",
                kinds=kinds,
                slots=MarkdownText(", ".join(f"`{{{{ {s} }}}}`" for s in IDEA_SLOTS)),
            ),
            "",
        )
    )
    for kind in kinds:
        name = str(kind["name"])
        ideas = [_idea_view(i) for i in advice.ideas if i.kind == name]
        pages.append(
            (
                f"{IDEAS_DIR}/{name}.md",
                render_markdown(
                    "guide/ideas-kind.md.j2",
                    title=kind["title"],
                    what=KIND_WHAT[name],
                    ideas=ideas,
                ),
                "",
            )
        )
    return pages
