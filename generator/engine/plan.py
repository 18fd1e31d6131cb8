"""What the engine decides for one profile: the plan as data, before any rendering."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from ..model.profile import Goal, Profile
from ..model.rule import Horizon
from ..rules.compile import CompiledRule
from ..text import MarkdownText
from .dates import ReviewDates
from .mix import Limits
from .posts import PostCounts
from .sector import SectorChoice
from .week import CampaignWeek, Routine

# The measurement checklist's sections, in the order it shows them.
Section = Literal["outcome", "engagement", "plan", "context"]


class PlatformAdvice(NamedTuple):
    """A rule's advice for one platform, under the platform's label."""

    label: str
    text: MarkdownText


@dataclass(frozen=True)
class Verdict:
    """How one rule judged one profile. `applies` lists where its `when:` held."""

    rule: CompiledRule
    applies: tuple[str | None, ...]
    fired: tuple[str | None, ...]
    evidence: tuple[MarkdownText, ...]
    gap: float


@dataclass(frozen=True)
class Finding:
    """A rule that fired, where, and the profile values that made it fire."""

    rule: CompiledRule
    platforms: tuple[str, ...]
    evidence: tuple[MarkdownText, ...]
    gap: float
    advice: tuple[PlatformAdvice, ...] = ()


@dataclass(frozen=True)
class Working:
    """A rule the profile already keeps."""

    rule: CompiledRule
    text: MarkdownText


@dataclass(frozen=True)
class PlannedAction:
    """One thing to do, when, on which platforms (none: everywhere), and which rules ask for it."""

    horizon: Horizon
    platforms: tuple[str, ...]
    text: MarkdownText
    rule_ids: tuple[str, ...]
    # A pause, or how to make the routine's own posts: it takes no time beyond the week's
    # routine, so it never counts against the client's hours.
    within_routine: bool = False


@dataclass(frozen=True)
class MixAdvice:
    """A platform's posting mix now and as recommended, in percents and in posts."""

    platform: str
    label: str
    posts_per_week: float
    own_mix: bool
    current: dict[str, float]
    recommended: dict[str, float]
    counts: PostCounts
    rule_ids: tuple[str, ...]
    limits: Limits = field(default_factory=Limits, compare=False)
    required: frozenset[str] = frozenset()  # kinds that keep at least one post
    paused: bool = False  # paused to fit the client's hours


@dataclass(frozen=True)
class CheckEntry:
    """A line of the measurement checklist."""

    section: Section
    title: MarkdownText
    detail: MarkdownText
    rule_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A rule the profile switched off, with the coach's reason."""

    rule: CompiledRule
    reason: str


@dataclass(frozen=True)
class ExamplePost:
    """An example post from the idea bank, filled with the client's words."""

    kind: str
    text: MarkdownText
    idea: str  # the idea's id


@dataclass(frozen=True)
class PlatformLine:
    """A line of advice of the platform's own, for a golden rule that fired (or, with no
    rule id, what the platform is for)."""

    rule_id: str | None
    text: MarkdownText


@dataclass(frozen=True)
class PlatformIdeas:
    """What the advice library says for one of the client's platforms."""

    platform: str
    label: str
    lines: tuple[PlatformLine, ...]
    examples: tuple[ExamplePost, ...]


@dataclass(frozen=True)
class CampaignMix:
    """A platform's posts during the campaign."""

    platform: str
    label: str
    counts: PostCounts


@dataclass(frozen=True)
class Campaign:
    """A goal close to its date: its mix and actions until then."""

    goal: Goal
    until: dt.date
    mix: tuple[CampaignMix, ...]
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """Everything the action plan and checklist show for one profile."""

    profile: Profile
    findings: tuple[Finding, ...]
    working: tuple[Working, ...]
    actions: tuple[PlannedAction, ...]
    mix: tuple[MixAdvice, ...]
    overall_current: dict[str, float]
    overall_recommended: dict[str, float]
    checklist: tuple[CheckEntry, ...]
    notes: tuple[str, ...]
    community_rules: int = 0
    skipped: tuple[Skipped, ...] = ()
    measured: str = ""  # the check-in month whose measured posting mix the plan uses
    measured_on: tuple[str, ...] = ()  # the platforms whose mix that month measured
    # The client's own exports the mix was measured from, and the period, in words (then
    # `measured` is ''): 'x.zip (X), 24 August to 15 November 2026'.
    measured_from: str = ""
    # From the advice library (engine/ideas.py): the client's sector and audience, and per
    # platform its own lines and example posts.
    sector: SectorChoice | None = None
    platform_ideas: tuple[PlatformIdeas, ...] = ()
    dates: ReviewDates | None = None  # none: the caller gave the plan no date
    campaigns: tuple[Campaign, ...] = ()
    routine: Routine | None = None  # none: the caller gave no effort model
    campaign_week: CampaignWeek | None = None  # the week while campaigns run, if any do
    # Actions the client's hours leave for later, and per horizon the line that says so.
    later: tuple[PlannedAction, ...] = ()
    pace_notes: dict[str, str] = field(default_factory=dict, compare=False)
    # What rule texts were written with once the plan was settled, by place (a platform's
    # name, None for the whole profile): the winning limits, the answering sessions.
    settled: dict[str | None, dict[str, Any]] = field(default_factory=dict, compare=False)

    @property
    def top(self) -> tuple[Finding, ...]:
        return self.findings[:3]
