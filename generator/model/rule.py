"""What a rule file holds: one rule of the method with its own examples; and the metric catalog."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Literal

from .constraints import Checked, FieldProblem, Items, Noun, Range, Text, spec
from .nodes import Node
from .profile import MixKind, Name, Percent, PlatformLiteral, PlatformName

# When an action is due, soonest first.
Horizon = Literal["this-week", "30-days", "90-days"]
HORIZONS: tuple[Horizon, ...] = typing.get_args(Horizon)
HORIZON_TITLES: dict[Horizon, str] = {
    "this-week": "This week",
    "30-days": "Next 30 days",
    "90-days": "Next 90 days",
}
# How much a rule matters when it fires, most first.
Priority = Literal["high", "medium", "low"]
PRIORITIES: tuple[Priority, ...] = typing.get_args(Priority)

# The fixed list of tags, so readers can filter the community rules by a small set of words.
Tag = Annotated[
    Literal[
        "b2b",
        "community",
        "content",
        "conversation",
        "customer-service",
        "goals",
        "local",
        "measurement",
        "posting-mix",
        "response",
        "sales",
        "sharing",
        "video",
    ],
    Noun("tag"),
]
TAGS: tuple[str, ...] = typing.get_args(typing.get_args(Tag)[0])
# A rule names the platforms it is about, or `all`.
RulePlatform = Annotated[Literal["all", PlatformLiteral], Noun("platform")]

RuleId = Annotated[
    str,
    Text(
        3,
        60,
        pattern=r"[a-z0-9]+(-[a-z0-9]+)*",
        pattern_hint="use lowercase words joined by hyphens, such as reply-within-a-day",
    ),
]
Markdown = Annotated[str, Text(1, 4000)]
TemplateText = Annotated[str, Text(1, 1000)]
Url = Annotated[
    str,
    Text(
        8,
        500,
        # Valid in Python and ECMA-262 alike (JSON Schema's regexes): a quote is not escaped.
        pattern=r"""https://[^\s()<>\[\]"'\\]+""",
        pattern_hint="give a full https:// address, without spaces, brackets or quotes",
    ),
]


@dataclass(frozen=True)
class MixLimit(Checked):
    """Bounds, in percent, for one kind of post."""

    min: Percent | None = spec("At least this share of posts.", default=None, example=25)
    max: Percent | None = spec("At most this share of posts.", default=None, example=10)
    to: MixKind | None = spec(
        "The kind of post that takes over the share a cut to max frees.",
        default=None,
        example="original",
    )

    def problems(self) -> Iterable[FieldProblem]:
        if self.min is None and self.max is None:
            yield FieldProblem((), "a mix limit needs 'min:' or 'max:'", "add one or both")
        if self.to is not None and self.max is None:
            yield FieldProblem(("to",), "'to:' goes with 'max:'", "add max: or remove to:")
        elif self.min is not None and self.max is not None and self.min > self.max:
            yield FieldProblem(("min",), f"min {self.min:g} is above max {self.max:g}", "swap them")


@dataclass(frozen=True)
class Action:
    """One thing to do, when, and (optionally) on which platforms only."""

    text: TemplateText = spec(
        "What to do, in Markdown; may use profile values such as {{ client.name }}."
    )
    horizon: Horizon = spec("When: this-week, 30-days or 90-days.", example="this-week")
    platforms: list[PlatformName] = spec(
        "Only for these platforms; empty means every platform.", default=[]
    )
    when: Annotated[str, Text(1, 500)] | None = spec(
        "A Jinja expression; the action is in the plan only where it is true.",
        default=None,
        example="mix.quotes > 0",
    )
    about: MixKind | None = spec(
        "The kind of post the action is about; it is left out wherever the plan recommends "
        "none of that kind, so the plan never speaks of posts the client will not make.",
        default=None,
        example="reshares",
    )
    not_sectors: Annotated[list[Annotated[str, Text(1, 60)]], Items(0, 20)] = spec(
        "Sectors (file names in content/advice/sectors/) the action is never shown to, "
        "because their safeguards forbid it.",
        default=[],
        example=["therapy", "health"],
    )


@dataclass(frozen=True)
class CheckItem:
    """A line the rule adds to the measurement checklist."""

    text: TemplateText = spec("What to check, in Markdown; may use profile values.")
    metric: Annotated[str, Text(1, 60)] | None = spec(
        "The id of a metric in content/metrics.yaml that this item counts.", default=None
    )
    about: MixKind | None = spec(
        "The kind of post the item is about; left out when the plan recommends none of that "
        "kind on any platform.",
        default=None,
        example="reshares",
    )


@dataclass(frozen=True)
class Reference:
    """A source for the rule, credited by name."""

    title: Name = spec("The title of the source.")
    author: Name | None = spec("Who wrote it.", default=None)
    url: Url | None = spec("Where to read it.", default=None)


@dataclass(frozen=True)
class Example:
    """A small profile: its keys replace the same keys of content/rules/baseline-profile.yaml."""

    name: Name = spec("What this example shows.")
    profile: Node = spec("Profile keys to replace in the baseline profile.")


@dataclass(frozen=True)
class Examples:
    """Profiles on which the rule must fire, and profiles on which it must stay quiet."""

    fires: Annotated[list[Example], Items(1, 20)] = spec("Profiles the rule must fire on.")
    quiet: Annotated[list[Example], Items(1, 20)] = spec("Profiles the rule must not fire on.")


@dataclass(frozen=True)
class RuleSpec(Checked):
    """One rule of the method, as written in content/rules/<source>/<id>.yaml."""

    id: RuleId = spec("The rule's id; equal to the file name without .yaml.")
    title: Name = spec("What to do, as a short imperative.", example="Be conversational")
    summary: Annotated[str, Text(1, 300)] = spec("The rule in one line.")
    why: Markdown = spec("Why the rule matters, in Markdown.")
    working: TemplateText = spec(
        "Shown under 'what is already working' when the profile passes the rule."
    )
    priority: Priority = spec("How much it matters when it fires.")
    actions: Annotated[list[Action], Items(1, 20)] = spec("What to do when the rule fires.")
    examples: Examples = spec("Profiles the rule must fire on and stay quiet on.")
    references: Annotated[list[Reference], Items(0, 10)] = spec(
        "Sources, credited by name; a community rule needs one, or 'own_experience:'.",
        default=[],
    )
    number: Annotated[int, Range(1, 99)] | None = spec(
        "The rule's place among the golden rules.", default=None
    )
    scope: Literal["profile", "platform"] = spec(
        "profile: judged once; platform: judged on each platform with its own mix.",
        default="profile",
    )
    when: Annotated[str, Text(1, 500)] | None = spec(
        "A Jinja expression over the profile; the rule applies only where it is true.",
        default=None,
        example="mix.promotional > 20",
    )
    when_text: Annotated[str, Text(1, 300)] | None = spec(
        "The `when:` condition in plain words, for readers of the guide.",
        default=None,
        example="a goal is counted in likes or followers, or has no date",
    )
    platforms: list[RulePlatform] = spec(
        "The platforms the rule is about, or [all]; a community rule must say.",
        default=[],
        example=["instagram", "facebook"],
    )
    mix: dict[MixKind, MixLimit] = spec(
        "Limits on the posting mix; the rule fires where the mix breaks one.", default={}
    )
    evidence: Annotated[list[TemplateText], Items(0, 5)] = spec(
        "What in the profile made the rule fire; may use profile values.", default=[]
    )
    checklist: Annotated[list[CheckItem], Items(0, 10)] = spec(
        "Lines to add to the measurement checklist.", default=[]
    )
    platform_advice: dict[PlatformName, TemplateText] = spec(
        "Advice for one platform where it differs.", default={}
    )
    tags: Annotated[list[Tag], Items(0, 5)] = spec(
        "Words from the fixed list to find the rule by; a community rule needs one.", default=[]
    )
    contributor: Name | None = spec(
        "Who wrote the rule: a name or handle; a community rule needs it.", default=None
    )
    added: dt.date | None = spec(
        "When the rule was added (YYYY-MM-DD); a community rule needs it.", default=None
    )
    own_experience: Annotated[str, Text(1, 300)] | None = spec(
        "Instead of a reference: where the rule comes from in the contributor's own work.",
        default=None,
        example="Three years of running a bakery's Instagram account",
    )

    @property
    def platform_names(self) -> tuple[str, ...]:
        """The platforms the rule is about; empty for every platform."""
        return () if "all" in self.platforms else tuple(self.platforms)

    def problems(self) -> Iterable[FieldProblem]:
        if "all" in self.platforms and len(self.platforms) > 1:
            yield FieldProblem(
                ("platforms",), "'all' already covers every platform", "write [all] alone"
            )
        if self.when is None and not self.mix:
            yield FieldProblem(
                (), "the rule never fires: it has neither 'when:' nor 'mix:'", "add one"
            )
        if self.when is not None and self.when_text is None:
            yield FieldProblem(
                ("when",),
                "a rule with 'when:' needs 'when_text:', the condition in plain words",
                "add when_text: a line a client would understand",
            )
        if self.when is not None and not self.mix and not self.evidence:
            yield FieldProblem(
                ("when",),
                "a rule with 'when:' needs 'evidence:' saying what made it fire",
                "add evidence: ['your goals count {{ vanity_goals | join(\", \") }}']",
            )


@dataclass(frozen=True)
class Metric:
    """A metric a checklist can ask for, with the formula and the denominator it uses."""

    id: RuleId = spec("The metric's id.")
    name: Name = spec("The metric's name.")
    kind: Literal["outcome", "engagement", "context"] = spec(
        "outcome: what a goal counts (matched to a goal's metric by `counts`); engagement: "
        "a sign of conversation; context: applause and reach, not an outcome."
    )
    formula: Annotated[str, Text(1, 300)] = spec("How it is computed.")
    denominator: Annotated[str, Text(1, 100)] = spec("What it is divided by.")
    why: Annotated[str, Text(1, 600)] = spec("What it tells the client.")
    credit: Name | None = spec("Who defined it.", default=None)
    always: bool = spec("Put it on every checklist.", default=False)
    counts: Annotated[list[Annotated[str, Text(1, 40)]], Items(0, 10)] = spec(
        "Words a client may use for it in 'measuring:' (for an outcome: in a goal's metric).",
        default=[],
    )
    how: Annotated[str, Text(1, 400)] | None = spec(
        "How a client counts it, in a sentence: a tracked link, a promo code, a question.",
        default=None,
    )
    checkin: Annotated[list[Annotated[str, Text(1, 40)]], Items(0, 6)] = spec(
        "The check-in fields it is worked out from; a checklist asks only for metrics a "
        "check-in can hold.",
        default=[],
    )


@dataclass(frozen=True)
class MetricCatalog:
    """content/metrics.yaml: every metric a checklist can name."""

    metrics: Annotated[list[Metric], Items(1, 100, unique_key="id")] = spec("The metrics.")
