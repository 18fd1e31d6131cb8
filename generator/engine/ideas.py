"""The advice library in a plan: lines of each platform's own for the rules that fired, and
example posts from the idea bank for each kind the plan recommends there. Pure functions."""

from __future__ import annotations

import dataclasses
import hashlib

from ..model.advice import Advice, Idea, PlatformGuide
from ..model.profile import MIX_KINDS, Platform, Profile
from ..rules.ideas import fill_idea
from .plan import ExamplePost, Finding, Plan, PlatformIdeas, PlatformLine
from .sector import SectorChoice

# Example posts per kind on a platform: enough to choose from, few enough to read.
EXAMPLES_PER_KIND = 2


def slots(profile: Profile, choice: SectorChoice, platform: Platform) -> dict[str, str]:
    """The client's words for the slots of idea and platform texts."""
    return {
        "audience": choice.audience.many,
        "audience_one": choice.audience.one,
        "outcome": profile.goals[0].outcome,
        "business": profile.client.name,
        "platform": platform.label,
    }


def _order(client_name: str, platform: str, idea: Idea) -> str:
    """A stable place for the idea in this client's list for one platform: the same inputs
    always give the same examples, and other clients and platforms see other ones."""
    return hashlib.sha256(f"{client_name}\0{platform}\0{idea.id}".encode()).hexdigest()


def example_posts(
    advice: Advice,
    choice: SectorChoice,
    profile: Profile,
    platform: Platform,
    kinds: tuple[str, ...],
    used: frozenset[str] = frozenset(),
) -> tuple[ExamplePost, ...]:
    """Up to EXAMPLES_PER_KIND example posts for each kind, for this client's sector and
    platform: ideas written for the sector first, then those for the client's goals (a goal's
    metric is not always one of the words ideas use, so the others still count). Among
    ideas that fit as well, those in `used` (given for another platform already) come last."""
    goals = [g.metric for g in profile.goals]
    words = slots(profile, choice, platform)
    sector = choice.sector.id

    def rank(idea: Idea) -> tuple[bool, bool, bool, str]:
        for_goals = idea.suits(sector, platform.name, goals)
        return (
            sector not in idea.sectors,
            not for_goals,
            idea.id in used,
            _order(profile.client.name, platform.name, idea),
        )

    out: list[ExamplePost] = []
    for kind in kinds:
        fitting = [i for i in advice.ideas if i.kind == kind and i.suits(sector, platform.name)]
        fitting.sort(key=rank)
        chosen = 0
        for idea in fitting:
            text = fill_idea(idea.text, words)
            if text is None:
                continue  # an idea that never passed the check: left out, never run
            out.append(ExamplePost(kind, text, idea.id))
            chosen += 1
            if chosen == EXAMPLES_PER_KIND:
                break
    return tuple(out)


def platform_lines(
    guide: PlatformGuide, words: dict[str, str], findings: tuple[Finding, ...], platform: str
) -> tuple[PlatformLine, ...]:
    """The platform's role, then its advice for each golden rule that fired there."""
    lines = []
    role = fill_idea(guide.role, words)
    if role is not None:
        lines.append(PlatformLine(None, role))
    for finding in findings:
        rule = finding.rule
        if rule.origin != "golden" or (finding.platforms and platform not in finding.platforms):
            continue
        text = guide.advice.get(rule.id)
        filled = fill_idea(text, words) if text else None
        if filled is not None:
            lines.append(PlatformLine(rule.id, filled))
    return tuple(lines)


def platform_ideas(
    advice: Advice,
    choice: SectorChoice,
    profile: Profile,
    findings: tuple[Finding, ...],
    recommended: dict[str, dict[str, float]],
) -> tuple[PlatformIdeas, ...]:
    """For each of the client's platforms: its own lines, and example posts for each kind
    recommended there (`recommended`: posts by kind, by platform name)."""
    out = []
    used: set[str] = set()
    for platform in profile.platforms:
        guide = advice.platforms.platforms[platform.name]
        mix = recommended.get(platform.name, {})
        # Most recommended first, so the few examples a page shows are of the main kinds.
        kinds = tuple(
            sorted(
                (k for k in MIX_KINDS if mix.get(k, 0) > 0 and guide.exists(k)),
                key=lambda k: (-mix[k], MIX_KINDS.index(k)),
            )
        )
        words = slots(profile, choice, platform)
        examples = example_posts(advice, choice, profile, platform, kinds, frozenset(used))
        used.update(e.idea for e in examples)
        out.append(
            PlatformIdeas(
                platform.name,
                platform.label,
                platform_lines(guide, words, findings, platform.name),
                examples,
            )
        )
    return tuple(out)


def with_advice(plan: Plan, advice: Advice | None, choice: SectorChoice | None) -> Plan:
    """The plan with what the advice library adds: the sector chosen, and per platform its
    own lines and example posts. Unchanged without an advice library."""
    if advice is None or choice is None:
        return plan
    # Whole posts decide which kinds get examples: every kind the client still makes on a
    # platform gets them (a saying cut back to one post shows how to make that one well),
    # and a kind cut to no posts gets none.
    recommended = {
        m.platform: {k: float(v) for k, v in m.counts.recommended.items()} for m in plan.mix
    }
    ideas = platform_ideas(advice, choice, plan.profile, plan.findings, recommended)
    return dataclasses.replace(plan, sector=choice, platform_ideas=ideas)
