"""The public guide's generated pages, as Markdown, from the rulebook and the example plans.

Pure functions: no file access, no site builder. The MkDocs plugin and `playbook guide`
both call `guide_pages` and `guide_nav`, so every builder gets the very same pages.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..engine.evaluate import judge
from ..engine.mix import KIND_NOUNS
from ..engine.plan import Plan, PlatformAdvice
from ..engine.progress import Progress
from ..model.profile import PLATFORM_LABELS, Profile
from ..model.rule import HORIZON_TITLES, HORIZONS, Horizon
from ..render.environment import render_markdown
from ..render.plan_pages import CHECKLIST_PAGE, PLAN_PAGE, render_pages, rule_references
from ..render.progress_pages import PROGRESS_PAGE, progress_page
from ..rules.compile import CompiledRule, Rulebook
from ..rules.variables import client_context
from ..text import MarkdownText, and_list, escape_markdown
from .advice_pages import IDEAS_DIR, PLATFORMS_DIR, advice_pages
from .nav_groups import community_nav
from .reference import reference_index, reference_page, references

RULES_DIR = "rules"
EXAMPLES_DIR = "examples"
REFERENCE_DIR = "reference"


@dataclass(frozen=True)
class ExamplePlaybook:
    """An example profile and its plan, for the guide's example pages."""

    slug: str
    title: str
    blurb: str
    source: str
    profile: Profile
    plan: Plan
    progress: Progress | None = None
    charts: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class GuidePage:
    """A generated page: its path in the site's docs, its Markdown, and the file to edit
    ('' when no single file is its source, as for the indexes and references)."""

    path: str
    text: str
    edit_path: str


class ExampleAction(NamedTuple):
    """A rule's action as it reads for the rule's example, and when it is due."""

    horizon: Horizon
    text: MarkdownText


@dataclass(frozen=True)
class RuleExample:
    """A rule applied to its first firing example: what the rule says there."""

    name: str
    evidence: tuple[MarkdownText, ...]
    actions: tuple[ExampleAction, ...]
    checklist: tuple[MarkdownText, ...]
    advice: tuple[PlatformAdvice, ...]


ProfileOf = typing.Callable[[CompiledRule], Profile]


def _example(rule: CompiledRule, profile_of: ProfileOf) -> RuleExample:
    """Run the rule on its first firing example, so the page shows real, rendered text."""
    profile = profile_of(rule)
    client = client_context(profile)
    base = client.base
    verdict = judge(rule, client)
    fired = [p for p in profile.platforms if p.name in verdict.fired] or list(profile.platforms)
    first = client.on(fired[0].name)
    ctx = first if rule.spec.scope == "platform" else base
    return RuleExample(
        name=rule.spec.examples.fires[0].name,
        evidence=verdict.evidence,
        actions=tuple(ExampleAction(a.spec.horizon, a.text.render(ctx)) for a in rule.actions),
        checklist=tuple(item.text.render(base) for item in rule.checklist),
        advice=tuple(
            PlatformAdvice(PLATFORM_LABELS[a.platform], a.text.render(first))
            for a in rule.platform_advice
        ),
    )


def applies_in_words(rule: CompiledRule) -> MarkdownText:
    """When a rule fires, in plain words, from its mix limits and its `when_text`."""
    spec = rule.spec
    parts = []
    for kind, limit in spec.mix.items():
        noun = KIND_NOUNS[kind][1]
        if limit.max is not None:
            parts.append(f"{noun} are more than {limit.max:g}% of posts")
        if limit.min is not None:
            parts.append(f"{noun} are fewer than {limit.min:g}% of posts")
    where = "on a platform where " if spec.scope == "platform" else "when "
    text = ""
    if parts:
        text = where + (
            ", or ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]
        )
        if spec.when_text:
            text += f", and {spec.when_text}"
    elif spec.when_text:
        text = where + spec.when_text
    scope = (
        "It is judged on each platform separately, with that platform's own posting mix."
        if spec.scope == "platform"
        else "It is judged once for the whole profile."
    )
    only = ""
    if spec.platform_names:
        concerns = and_list(PLATFORM_LABELS[p] for p in spec.platform_names)
        only = f" It only concerns {concerns}."
    return MarkdownText(f"The rule fires {escape_markdown(text)}. {scope}{only}")


def _facts(rule: CompiledRule) -> MarkdownText:
    spec = rule.spec
    kind = rule.kind().capitalize()
    names = spec.platform_names
    platforms = and_list(PLATFORM_LABELS[p] for p in names) if names else "all"
    facts = [kind, f"id: {spec.id}", f"priority: {spec.priority}", f"platforms: {platforms}"]
    if spec.tags:
        facts.append("tags: " + ", ".join(spec.tags))
    return escape_markdown(" · ".join(facts))


def rule_page(rule: CompiledRule, profile_of: ProfileOf, edit_base: str) -> str:
    """The Markdown of one rule's page; its text is shown as it reads for its first example."""
    example = _example(rule, profile_of)
    # Without a repository to edit in (`playbook guide` away from one), no edit link: a
    # path relative to the page would lead nowhere.
    edit_url = f"{edit_base}{rule_source_path(rule)}" if edit_base else ""
    actions = [
        (h, [text for hz, text in example.actions if hz == h])
        for h in HORIZONS
        if any(hz == h for hz, _ in example.actions)
    ]
    return render_markdown(
        "guide/rule.md.j2",
        rule=rule,
        facts=_facts(rule),
        applies=applies_in_words(rule),
        example=example,
        actions=actions,
        horizon_titles=HORIZON_TITLES,
        checklist=example.checklist,
        advice=example.advice,
        references=rule_references(rule),
        edit_url=MarkdownText(edit_url),
    )


def rule_source_path(rule: CompiledRule) -> str:
    """Where the rule's file lives, relative to the content folder."""
    return f"{RULES_DIR}/{rule.origin}/{rule.id}.yaml"


def _platform_cell(rule: CompiledRule) -> str:
    return ", ".join(PLATFORM_LABELS[p] for p in rule.spec.platform_names) or "All platforms"


def rules_index(book: Rulebook) -> str:
    golden = [r for r in book.rules if r.origin == "golden"]
    community = sorted((r for r in book.rules if r.origin == "community"), key=lambda r: r.id)
    return render_markdown(
        "guide/rules-index.md.j2",
        golden=golden,
        community=community,
        platforms=_platform_cell,
        all_platforms=", ".join(PLATFORM_LABELS.values()),
    )


def guide_pages(
    book: Rulebook,
    examples: Sequence[ExamplePlaybook],
    profile_of: ProfileOf,
    edit_base: str,
    rule_pages: dict[str, str] | None = None,
) -> list[GuidePage]:
    """Every generated page of the guide; `edit_base` + a page's edit_path is its edit link.

    `profile_of(rule)` gives the profile of the rule's first firing example; `rule_pages`
    are rule pages made already (by `rule_page`, possibly in other processes).
    """
    made = rule_pages or {}
    pages: list[GuidePage] = []
    for rule in book.rules:
        text = made.get(rule.id) or rule_page(rule, profile_of, edit_base)
        pages.append(GuidePage(f"{RULES_DIR}/{rule.id}.md", text, rule_source_path(rule)))
    pages.append(GuidePage(f"{RULES_DIR}/index.md", rules_index(book), ""))
    for example in examples:
        for name, text in example_pages(example).items():
            pages.append(GuidePage(f"{EXAMPLES_DIR}/{example.slug}/{name}", text, example.source))
    pages.append(
        GuidePage(
            f"{EXAMPLES_DIR}/index.md",
            render_markdown(
                "guide/examples-index.md.j2", examples=[_example_view(e) for e in examples]
            ),
            "",
        )
    )
    pages += [
        GuidePage(f"{REFERENCE_DIR}/{ref.file}", reference_page(ref), "") for ref in references()
    ]
    pages.append(GuidePage(f"{REFERENCE_DIR}/index.md", reference_index(), ""))
    pages += [GuidePage(path, text, edit) for path, text, edit in advice_pages(book)]
    return pages


def example_pages(example: ExamplePlaybook) -> dict[str, str]:
    """An example's plan and checklist, and its progress when it has check-ins."""
    pages = render_pages(example.plan)
    if example.progress is not None:
        pages[PROGRESS_PAGE] = progress_page(example.progress, example.title, example.charts)
    return pages


def _example_view(example: ExamplePlaybook) -> dict[str, Any]:
    return {
        "title": example.title,
        "slug": MarkdownText(example.slug),
        "blurb": example.blurb,
        "profile_link": MarkdownText(f"../{example.source}"),
        "progress": example.progress is not None,
    }


def guide_nav(book: Rulebook, examples: Sequence[ExamplePlaybook]) -> list[Any]:
    """The navigation: bounded in size, whatever the number of community rules.

    The community rules are one nested entry under "All rules": the theme (with
    navigation.prune) lists them only on their own pages, where the open one is highlighted
    and previous/next lead through them; elsewhere the entry is a single link. Many of them
    are grouped (`community_nav`), so each page lists a few dozen.
    """
    golden = [
        {rule.spec.title: f"{RULES_DIR}/{rule.id}.md"}
        for rule in book.rules
        if rule.origin == "golden"
    ]
    # Bare paths: the builder takes each title from the page's own heading, escaped, never
    # from a contributor's text put into the navigation as it is.
    community = community_nav(
        sorted(
            (rule.spec.title, f"{RULES_DIR}/{rule.id}.md")
            for rule in book.rules
            if rule.origin == "community"
        )
    )
    rules_index = f"{RULES_DIR}/index.md"
    all_rules: str | list[Any] = (
        [rules_index, {"Community rules": community}] if community else rules_index
    )
    playbooks = [
        {
            example.title: [
                {"Action plan": f"{EXAMPLES_DIR}/{example.slug}/{PLAN_PAGE}"},
                {"Measurement checklist": f"{EXAMPLES_DIR}/{example.slug}/{CHECKLIST_PAGE}"},
            ]
            + (
                [{"Progress": f"{EXAMPLES_DIR}/{example.slug}/{PROGRESS_PAGE}"}]
                if example.progress is not None
                else []
            )
        }
        for example in examples
    ]
    return [
        {"Home": "index.md"},
        {"The golden rules": golden},
        {"All rules": all_rules},
        {"Example playbooks": [f"{EXAMPLES_DIR}/index.md", *playbooks]},
        {"For coaches": ["coaches.md", {"Measuring from exports": "measuring.md"}]},
        {"Contribute a rule": "contribute.md"},
        # The platform pages and the idea bank's kinds are reached from these indexes.
        {"Platforms": f"{PLATFORMS_DIR}/index.md"},
        {"Idea bank": f"{IDEAS_DIR}/index.md"},
        # One entry: every page carries the whole navigation, so each line here costs a
        # line on every rule page.
        {"Reference": f"{REFERENCE_DIR}/index.md"},
    ]
