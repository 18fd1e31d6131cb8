"""The advice library: how each platform works, what each kind of business needs, and a bank
of example posts (content/advice/, described in its README)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from .constraints import Checked, FieldProblem, Items, Range, Text, spec
from .profile import MIX_KINDS, PLATFORMS, Audience, MixKind, Name, PlatformName
from .rule import RuleId, RulePlatform, Url

# The only slots an idea's text may fill, and what each holds.
IDEA_SLOTS: dict[str, str] = {
    "audience": "what the client's audience is called, plural (patients, residents)",
    "audience_one": "the same, singular (patient, resident)",
    "outcome": "the outcome of the client's first goal, in the client's words",
    "business": "the client's name",
    "platform": "the platform's name (Instagram, LinkedIn)",
}
# An idea's sectors, goals or platforms may be [all].
ALL = "all"

Line = Annotated[str, Text(1, 300)]
Sentence = Annotated[str, Text(1, 600)]
Minutes = Annotated[int, Range(1, 240)]
Word = Annotated[
    str,
    Text(
        1,
        60,
        pattern=r"[^\sA-Z](?:[^A-Z\r\n]*[^\sA-Z])?",
        pattern_hint="write it in lowercase on one line, such as dental practice",
    ),
]


@dataclass(frozen=True)
class KindHow:
    """One kind of post on one platform: what it is called there, and how it is done."""

    label: Annotated[str, Text(1, 60)] = spec("The kind's name on this platform.")
    how: Line = spec("How to make one, in one line.")


@dataclass(frozen=True)
class PlatformWords:
    """The platform's own words for posting, sharing, quoting, replying and threads."""

    post: Annotated[str, Text(1, 40)] = spec("A post.", example="post")
    reshare: Annotated[str, Text(1, 40)] = spec("Sharing someone's post unchanged.")
    quote_post: Annotated[str, Text(1, 40)] | None = spec(
        "Sharing someone's post with a comment; null where there is no such thing."
    )
    reply: Annotated[str, Text(1, 40)] = spec("A reply or comment.")
    thread: Annotated[str, Text(1, 40)] | None = spec(
        "A run of connected posts; null where there is none."
    )


@dataclass(frozen=True)
class PlatformGuide(Checked):
    """How one platform works for a small business."""

    role: Line = spec("What the platform is for, in one sentence.")
    words: PlatformWords = spec("The platform's own words.")
    kinds: dict[MixKind, KindHow | None] = spec(
        "Every kind of post: its label and how it is done, or null where it does not exist."
    )
    minutes: dict[MixKind, Minutes | None] = spec(
        "Whole minutes one post of each kind takes (replies: one session); null exactly "
        "where the kind is null."
    )
    advice: dict[RuleId, Sentence] = spec("One or two lines for each golden rule, by rule id.")

    def problems(self) -> Iterable[FieldProblem]:
        for key in ("kinds", "minutes"):
            missing = [k for k in MIX_KINDS if k not in getattr(self, key)]
            if missing:
                yield FieldProblem(
                    (key,),
                    f"'{key}' leaves out {', '.join(missing)}",
                    "give all six kinds; write null where the kind does not exist here",
                )
        for kind in MIX_KINDS:
            if (
                kind in self.kinds
                and kind in self.minutes
                and (self.kinds[kind] is None) != (self.minutes[kind] is None)
            ):
                yield FieldProblem(
                    ("minutes", kind),
                    f"'{kind}' is null in one of kinds and minutes but not the other",
                    "write null in both where the kind does not exist, minutes in both "
                    "where it does",
                )

    def exists(self, kind: str) -> bool:
        """True when the kind of post exists on this platform."""
        return self.how(kind) is not None

    def how(self, kind: str) -> KindHow | None:
        """The kind's label and how it is done here; None where it does not exist."""
        return next((how for name, how in self.kinds.items() if name == kind), None)

    def minutes_for(self, kind: str) -> int | None:
        """Minutes one post of the kind takes here; None where it does not exist."""
        return next((m for name, m in self.minutes.items() if name == kind), None)


@dataclass(frozen=True)
class PlatformBook(Checked):
    """content/advice/platforms.yaml: every platform, and the time budget defaults."""

    reply_session_minutes: Minutes = spec("Minutes of one reply session (about ten replies).")
    checkin_minutes: Minutes = spec("Minutes of the monthly check-in.")
    weekly_review_minutes: Minutes = spec("Minutes of the weekly review.")
    default_hours_per_week: Annotated[float, Range(0, 80, exclusive_min=True)] = spec(
        "Hours a week assumed when a profile gives none."
    )
    platforms: dict[PlatformName, PlatformGuide] = spec("Every platform, by id.")

    def guide(self, name: str) -> PlatformGuide:
        """The guide of the platform of that id (every platform has one)."""
        return next(guide for key, guide in self.platforms.items() if key == name)

    def problems(self) -> Iterable[FieldProblem]:
        missing = [p for p in PLATFORMS if p not in self.platforms]
        if missing:
            yield FieldProblem(
                ("platforms",),
                f"'platforms' leaves out {', '.join(missing)}",
                "add an entry for each platform playbook knows",
            )


@dataclass(frozen=True)
class Reference:
    """Guidance a safeguard rests on."""

    title: Name = spec("The title of the guidance.")
    publisher: Name = spec("Who publishes it.")
    url: Url = spec("The page, or the publisher's home page.")
    jurisdiction: Annotated[str, Text(1, 60)] = spec("Where it applies.", example="UK")


@dataclass(frozen=True)
class Safeguard:
    """Something a sector must never do on social media, with the guidance behind it."""

    id: RuleId = spec("The safeguard's id.")
    title: Name = spec("A short imperative.")
    text: Sentence = spec("One or two sentences.")
    reference: Reference = spec("The guidance it rests on.")
    stock_reply: Sentence | None = spec(
        "A reply to paste, on safeguards about disclosures in public.", default=None
    )


@dataclass(frozen=True)
class KindName:
    """What a kind of post is called for a sector: appeals, bookings, calls to action."""

    one: Annotated[str, Text(1, 40)] = spec("Singular.", example="appeal")
    many: Annotated[str, Text(1, 40)] = spec("Plural.", example="appeals")


SALES_POSTS = KindName("sales post", "sales posts")


@dataclass(frozen=True)
class Sector:
    """content/advice/sectors/<id>.yaml: one kind of business."""

    id: RuleId = spec("The sector's id; equal to the file name without .yaml.")
    title: Name = spec("The sector's name.")
    match: Annotated[list[Word], Items(0, 60)] = spec(
        "Words or phrases that recognise it in a profile's industry (whole words)."
    )
    audience: Audience = spec("What its audience is called.")
    conversions: Annotated[list[Word], Items(1, 12)] = spec("What its goals count.")
    calls_to_action: Annotated[list[Line], Items(1, 8)] = spec("Pull-style calls to action.")
    safeguards: Annotated[list[Safeguard], Items(0, 10, unique_key="id")] = spec(
        "What the sector must never do; [] where none."
    )
    avoid_kinds_note: Line | None = spec("One line on posts to avoid, or null.")
    contributor: Name = spec("Who wrote it.")
    added: dt.date = spec("When it was added (YYYY-MM-DD).")
    sales_label: KindName | None = spec(
        "What a plan calls the posting mix's sales posts for this sector, in lower case; "
        "null or left out: sales posts. The profile's key stays `promotional`.",
        default=None,
    )
    audience_platforms: Annotated[list[PlatformName], Items(0, 10)] = spec(
        "Where this sector's audience usually talks, most first; when the hours allow fewer "
        "platforms, the one higher here is kept of two with as much conversation.",
        default=[],
        example=["facebook", "instagram"],
    )

    @property
    def sales(self) -> KindName:
        return self.sales_label or SALES_POSTS


IdeaPlatform = RulePlatform


@dataclass(frozen=True)
class Idea(Checked):
    """content/advice/ideas/<kind>/<id>.yaml: one example post or reply."""

    id: RuleId = spec("The idea's id; equal to the file name without .yaml.")
    kind: MixKind = spec("The kind of post; equal to the folder name.")
    text: Annotated[str, Text(1, 280)] = spec(
        "The post, at most 280 characters; may use only the slots "
        + ", ".join("{{ " + s + " }}" for s in IDEA_SLOTS)
        + "."
    )
    prompt: Line = spec("What the client should swap in.")
    platforms: Annotated[list[IdeaPlatform], Items(1, 10)] = spec(
        "[all], or the platforms it suits."
    )
    sectors: Annotated[list[Annotated[str, Text(1, 60)]], Items(1, 20)] = spec(
        "[all], or sector ids."
    )
    not_sectors: Annotated[list[Annotated[str, Text(1, 60)]], Items(0, 20)] = spec(
        "Sector ids it must never be shown to."
    )
    goals: Annotated[list[Word], Items(1, 12)] = spec(
        "[all], or conversion words from the sectors' conversions."
    )
    contributor: Name = spec("Who wrote it: a name or handle.")
    added: dt.date = spec("When it was added (YYYY-MM-DD).")

    def problems(self) -> Iterable[FieldProblem]:
        for key in ("platforms", "sectors", "goals"):
            values = getattr(self, key)
            if ALL in values and len(values) > 1:
                yield FieldProblem((key,), "'all' already covers everything", "write [all] alone")
        if ALL in self.not_sectors:
            yield FieldProblem(("not_sectors",), "'all' would hide the idea", "name sectors")
        both = sorted(set(self.sectors) & set(self.not_sectors))
        if both:
            yield FieldProblem(
                ("not_sectors",),
                f"{', '.join(both)} is in both sectors and not_sectors",
                "keep it in one of them",
            )

    def suits(self, sector: str, platform: str, goals: Iterable[str] = ()) -> bool:
        """True when the idea may be shown to that sector on that platform (and, given the
        client's goal metrics, one of them, or the idea is for every goal)."""
        if sector in self.not_sectors:
            return False
        if ALL not in self.sectors and sector not in self.sectors:
            return False
        if ALL not in self.platforms and platform not in self.platforms:
            return False
        wanted = {g.lower() for g in goals}
        return ALL in self.goals or not wanted or bool(wanted & set(self.goals))


@dataclass(frozen=True)
class Advice:
    """The whole advice library."""

    platforms: PlatformBook
    sectors: tuple[Sector, ...]
    ideas: tuple[Idea, ...]

    def sector(self, sector_id: str) -> Sector | None:
        return next((s for s in self.sectors if s.id == sector_id), None)
