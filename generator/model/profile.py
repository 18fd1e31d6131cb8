"""The client profile: what a coach writes about one client. A contract other tools rely on."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import PurePosixPath
from typing import Annotated, Literal

from .constraints import Checked, FieldProblem, Items, Noun, Range, Text, spec

PLATFORM_LABELS = {
    "x": "X",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "pinterest": "Pinterest",
}

PlatformLiteral = Literal[
    "x",
    "linkedin",
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "mastodon",
    "bluesky",
    "threads",
    "pinterest",
]
PlatformName = Annotated[PlatformLiteral, Noun("platform")]
MixKind = Annotated[
    Literal["quotes", "reshares", "promotional", "conversation", "replies", "original"],
    Noun("posting-mix kind"),
]
# The closed sets, in their canonical order, read from the types so they cannot drift.
PLATFORMS: tuple[str, ...] = typing.get_args(typing.get_args(PlatformName)[0])
MIX_KINDS: tuple[str, ...] = typing.get_args(typing.get_args(MixKind)[0])
Percent = Annotated[float, Range(0, 100)]
Name = Annotated[
    str,
    Text(1, 200, pattern="[^\r\n\u2028\u2029\x85]+", pattern_hint="keep it on one line"),
]

MIX_SUM_TOLERANCE = 0.1
# A goal counts people or things a month: a billion is past any client's, and a bound
# keeps the plan's arithmetic and its pages' numbers ordinary.
MAX_TARGET = 1_000_000_000
Colour = Annotated[
    str,
    Text(
        1,
        7,
        pattern=r"#[0-9a-fA-F]{6}",
        pattern_hint="write the colour as #rrggbb, such as #1565c0",
    ),
]
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
Website = Annotated[
    str,
    Text(
        9,
        300,
        pattern=r"https://[^\s/?#]+(/[^\s?#]*)?",
        pattern_hint="write the whole address, such as https://hilltopbakery.example/shop",
    ),
]
ExportPath = Annotated[str, Text(1, 300, pattern="[^\r\n]+", pattern_hint="one path a line")]


def logo_problems(logo: str | None) -> list[FieldProblem]:
    """A logo is an image file named plainly, found beside the file that names it."""
    if logo is None:
        return []
    path = PurePosixPath(logo)
    if path.is_absolute() or ".." in path.parts or "\\" in logo:
        return [
            FieldProblem(
                ("logo",), "the logo must be a file beside this one", "write its file name"
            )
        ]
    if path.suffix.lower() not in LOGO_TYPES:
        kinds = ", ".join(LOGO_TYPES)
        return [
            FieldProblem(
                ("logo",), f"'{logo}' is not an image playbook uses", f"use one of {kinds}"
            )
        ]
    return []


@dataclass(frozen=True)
class Audience:
    """What a client's audience is called: patients, residents, fans."""

    one: Annotated[str, Text(1, 40)] = spec("Singular.", example="patient")
    many: Annotated[str, Text(1, 40)] = spec("Plural.", example="patients")


SectorId = Annotated[
    str,
    Text(
        3,
        60,
        pattern=r"[a-z0-9]+(-[a-z0-9]+)*",
        pattern_hint="write a sector id, such as health or food-and-drink",
    ),
]


@dataclass(frozen=True)
class Client(Checked):
    """Who the playbook is for."""

    name: Name = spec("The client's name, shown on every page.", example="Hilltop Bakery")
    industry: Name | None = spec("The client's industry.", default=None, example="food and drink")
    coach: Name | None = spec("The coach's name.", default=None, example="Sam Rivera")
    updated: dt.date | None = spec(
        "When the profile was last brought up to date; the client site carries this date, "
        "so rebuilding it gives the same files.",
        default=None,
        example="2026-11-20",
    )
    sector: SectorId | None = spec(
        "The kind of business, as a file name in content/advice/sectors/ without .yaml "
        "[default: matched from the words of industry].",
        default=None,
        example="health",
    )
    audience: Audience | None = spec(
        "What the client's audience is called, singular and plural "
        "[default: the sector's word, such as patients].",
        default=None,
        example={"one": "resident", "many": "residents"},
    )

    websites: Annotated[list[Website], Items(0, 20)] = spec(
        "The client's own shop and booking pages: a post linking to one of them (the same "
        "host, the path starting with the address's path) counts as a sales post when "
        "playbook measures the mix from the client's exports.",
        default=[],
        example=["https://hilltopbakery.example/shop"],
    )

    def problems(self) -> Iterable[FieldProblem]:
        # The date is stamped into the site's files, whose format holds 1970 to 2105.
        if self.updated is not None and not 1970 <= self.updated.year <= 2105:
            yield FieldProblem(
                ("updated",),
                f"{self.updated.isoformat()} is not a date to date a site by",
                ("give the date the profile was last brought up to date"),
            )


@dataclass(frozen=True)
class Goal(Checked):
    """An outcome the client wants from social media, and how it is counted."""

    outcome: Name = spec("The outcome in the client's words.", example="More weekday customers")
    metric: Annotated[str, Text(1, 60)] = spec(
        "What gets counted, such as enquiries or bookings.", example="enquiries"
    )
    target: Annotated[float, Range(0, MAX_TARGET, exclusive_min=True)] = spec(
        "How many per period; a number greater than 0 and at most a billion.", example=30
    )
    per: Literal["week", "month", "quarter"] = spec(
        "The period the target is counted over.", default="month", example="month"
    )
    by: dt.date | None = spec(
        "The date to reach the target by.", default=None, example="2027-06-30"
    )


@dataclass(frozen=True)
class PostingMix(Checked):
    """Percent of recent posts by kind; the kinds add up to 100. Kinds left out count as 0."""

    quotes: Percent = spec(
        "Inspirational quotes and sayings posted for their own sake. Not quote posts: "
        "someone else's post shared with your comment counts as original, without one as "
        "reshares.",
        default=0,
    )
    reshares: Percent = spec(
        "Others' posts shared with no comment of yours: reposts, retweets, quote posts "
        "with nothing added.",
        default=0,
    )
    promotional: Percent = spec("Sales and promotional posts.", default=0)
    conversation: Percent = spec("Posts that ask the audience something.", default=0)
    replies: Percent = spec("Replies to others and threads that continue a talk.", default=0)
    original: Percent = spec(
        "The client's own non-sales content, including quote posts that add a comment.",
        default=0,
    )

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    def problems(self) -> Iterable[FieldProblem]:
        total = sum(self.as_dict().values())
        if abs(total - 100) > MIX_SUM_TOLERANCE:
            shown = f"{total:g}"
            yield FieldProblem(
                (), f"posting mix adds up to {shown}, not 100", "adjust the percentages"
            )


@dataclass(frozen=True)
class Platform(Checked):
    """A platform the client posts on."""

    name: PlatformName = spec("The platform.", example="instagram")
    posts_per_week: Annotated[float, Range(0, 1000)] = spec(
        "How many posts a week, on average.", example=6
    )
    posting_mix: PostingMix | None = spec(
        "This platform's own posting mix, if it differs from the profile's.", default=None
    )

    @property
    def label(self) -> str:
        return PLATFORM_LABELS[self.name]


@dataclass(frozen=True)
class Branding(Checked):
    """This client's site look, where it differs from the coach's site-config."""

    coach: Name | None = spec("The coach's name on this client's site.", default=None)
    logo: Annotated[str, Text(1, 200)] | None = spec(
        "An image file (SVG, PNG, JPEG or WebP) beside the profile.",
        default=None,
        example="logo.png",
    )
    primary_color: Colour | None = spec(
        "The brand colour, as #rrggbb.", default=None, example="#6a1b9a"
    )

    def problems(self) -> Iterable[FieldProblem]:
        return logo_problems(self.logo)


@dataclass(frozen=True)
class SkippedRule:
    """A rule the coach switched off for this client, and why."""

    id: Annotated[str, Text(1, 60)] = spec("The rule's id.", example="five-three-two")
    reason: Annotated[str, Text(1, 300)] = spec(
        "Why it does not suit this client; shown on the plan.",
        example="The client shares no one else's posts by choice",
    )


@dataclass(frozen=True)
class RuleChoices:
    """Which rules the plan leaves out for this client."""

    skip: Annotated[list[SkippedRule], Items(0, 50, unique_key="id")] = spec(
        "Rules switched off for this client, each with the reason.", default=[]
    )


@dataclass(frozen=True)
class Profile(Checked):
    """A client profile: goals, platforms and how the client posts today."""

    client: Client = spec("Who the playbook is for.")
    goals: Annotated[list[Goal], Items(1, 20)] = spec("What the client wants; at least one.")
    platforms: Annotated[list[Platform], Items(1, len(PLATFORMS), unique_key="name")] = spec(
        "Where the client posts; at least one."
    )
    posting_mix: PostingMix = spec("Percent of recent posts by kind, adding up to 100.")
    measuring: Annotated[list[Annotated[str, Text(1, 60)]], Items(0, 30)] = spec(
        "What the client tracks today.", default=[], example=["likes", "followers"]
    )
    hours_per_week: Annotated[float, Range(0, 168)] | None = spec(
        "Hours a week the client can give to social media.", default=None, example=3
    )
    rules: RuleChoices | None = spec(
        "Rules to switch off for this client, each with the reason.", default=None
    )
    branding: Branding | None = spec(
        "The client site's look, where it differs from the coach's settings.", default=None
    )
    checkins: Annotated[str, Text(1, 200)] | None = spec(
        "The folder of monthly check-ins, relative to this file "
        "[default: <this file's name>/checkins/ beside it].",
        default=None,
        example="hilltop-bakery/checkins",
    )

    measured_from: Annotated[list[ExportPath], Items(0, 20)] = spec(
        "The client's own account exports (a .zip or .tar.gz as downloaded, an unpacked "
        "folder or the posts file), relative to this file: the plan measures the posting "
        "mix of their last twelve full weeks instead of using posting_mix.",
        default=[],
        example=["exports/x-archive.zip"],
    )

    @property
    def skipped(self) -> dict[str, str]:
        """The ids of the rules switched off, with the reasons."""
        return {s.id: s.reason for s in self.rules.skip} if self.rules else {}

    def mix_for(self, platform: Platform) -> PostingMix:
        return platform.posting_mix or self.posting_mix

    def problems(self) -> Iterable[FieldProblem]:
        if self.checkins is not None:
            folder = PurePosixPath(self.checkins.replace("\\", "/"))
            if folder.is_absolute() or ".." in folder.parts:
                yield FieldProblem(
                    ("checkins",),
                    "the check-ins folder must be inside the profile's folder",
                    "give a path relative to this file, such as hilltop-bakery/checkins",
                )
        for index, given in enumerate(self.measured_from):
            if PurePosixPath(given.replace("\\", "/")).is_absolute() or given[1:3] == ":\\":
                yield FieldProblem(
                    ("measured_from", index),
                    "an export is named relative to the profile",
                    "give a path relative to this file, such as exports/x-archive.zip",
                )
