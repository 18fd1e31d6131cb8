"""Measuring a client's posting mix from their own account exports: each post sorted into
one of the six kinds, then counted per platform, per month and over a period.

Pure: the posts come in already read (source/exports). The rules, in order:

1. Structure first, from the export's fields: a reshare (no comment of the client's own)
   is a reshare; a reply to someone else and a reply to oneself (a thread) are replies; a
   direct message is counted apart and never sorted, shown or stored.
2. The rest (original posts, and quote posts, which carry the client's own comment) by
   their text (measure_text.py): a link to one of the client's own shop or booking pages
   (`client.websites`) or a call to buy makes a sales post (promotional); else a question
   put to the audience makes conversation; else an inspirational quote posted for its own
   sake makes quotes; anything else is the client's own (original).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from ..model.export import STRUCTURES, ExportedPost
from ..model.profile import MIX_KINDS
from .measure_text import (
    PostText,
    asks_audience,
    calls_to_buy,
    is_inspirational_quote,
    links_to_own_site,
    site_prefixes,
)

DEFAULT_WEEKS = 12
EXCERPTS_PER_KIND = 3
EXCERPT_CHARS = 80
_BY_STRUCTURE = {"reshare": "reshares", "reply_to_others": "replies", "self_reply": "replies"}


def classify_text(text: str, links: Sequence[str], sites: Sequence[tuple[str, str]]) -> str:
    """The kind of a post of the client's own, from its words and links."""
    if links_to_own_site(links, text, sites):
        return "promotional"
    forms = PostText(text)  # lower-cased and split into words once for all the rules
    if calls_to_buy(forms):
        return "promotional"
    if asks_audience(forms):
        return "conversation"
    if is_inspirational_quote(forms):
        return "quotes"
    return "original"


def classify(post: ExportedPost, sites: Sequence[tuple[str, str]] = ()) -> str | None:
    """The posting-mix kind of one post; None for a direct message (never sorted).
    `sites` are the client's own addresses, as `site_prefixes` gives them."""
    if post.structure == "direct_excluded":
        return None
    if post.structure in _BY_STRUCTURE:
        return _BY_STRUCTURE[post.structure]
    return classify_text(post.text, post.links, sites)


@dataclass(frozen=True)
class Tally:
    """Posts counted by structure (all six, direct messages included) and by kind (the six
    kinds of the mix; direct messages are in no kind)."""

    structure: dict[str, int]
    kinds: dict[str, int]

    @property
    def posts(self) -> int:
        """The posts counted in the mix (direct messages left out)."""
        return sum(self.kinds.values())

    def percent(self) -> dict[str, float] | None:
        """Each kind's share of the posts; None when there are none."""
        total = self.posts
        return {k: 100 * n / total for k, n in self.kinds.items()} if total else None


def _tally_of(pairs: Counter[tuple[str, str | None]]) -> Tally:
    """A Tally from posts counted by (structure, kind)."""
    structure: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for (shape, kind), count in pairs.items():
        structure[shape] += count
        if kind is not None:
            kinds[kind] += count
    return Tally({s: structure[s] for s in STRUCTURES}, {k: kinds[k] for k in MIX_KINDS})


@dataclass(frozen=True)
class Period:
    """The days counted, both included; `default` when no --since/--until chose them."""

    since: dt.date
    until: dt.date
    default: bool

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7

    def covers(self, day: dt.date) -> bool:
        return self.since <= day <= self.until

    def whole_months(self) -> tuple[str, ...]:
        """The calendar months (YYYY-MM) the period covers from the first day to the last."""
        months = []
        first = self.since.replace(day=1)
        if first < self.since:
            first = _next_month(first)
        while _next_month(first) - dt.timedelta(days=1) <= self.until:
            months.append(f"{first.year:04d}-{first.month:02d}")
            first = _next_month(first)
        return tuple(months)

    def describe(self) -> str:
        how = f"the last {DEFAULT_WEEKS} full weeks of the export" if self.default else "as given"
        return f"{self.since.isoformat()} to {self.until.isoformat()} ({how}, {self.days} days)"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def default_period(posts: Sequence[ExportedPost]) -> Period | None:
    """The last twelve full weeks (Monday to Sunday) up to the latest post: a week still
    going on when the export was made is left out. None when there are no posts."""
    if not posts:
        return None
    latest = max(p.posted for p in posts).date()
    until = latest - dt.timedelta(days=(latest.weekday() + 1) % 7)  # the Sunday on or before
    return Period(until - dt.timedelta(days=7 * DEFAULT_WEEKS - 1), until, default=True)


def choose_period(
    posts: Sequence[ExportedPost], since: dt.date | None, until: dt.date | None
) -> Period | None:
    """The period asked for: --since/--until where given; a bound left out is the
    default's end, or twelve weeks before the end. None when there is nothing to go by."""
    if since is None and until is None:
        return default_period(posts)
    if until is None:
        found = default_period(posts)
        if found is None:
            return None
        until = found.until
    if since is None:
        since = until - dt.timedelta(days=7 * DEFAULT_WEEKS - 1)
    return Period(since, until, default=False)


@dataclass(frozen=True)
class Excerpt:
    """A few words of one post, with its date, for the coach to check the counting."""

    platform: str
    posted: dt.date
    text: str


@dataclass(frozen=True)
class PlatformMeasure:
    platform: str
    tally: Tally
    months: dict[str, Tally]  # YYYY-MM -> the posts of that month within the period


@dataclass(frozen=True)
class Measurement:
    """What the exports show over the period."""

    period: Period
    overall: Tally
    platforms: tuple[PlatformMeasure, ...]
    excerpts: dict[str, tuple[Excerpt, ...]]  # kind -> the latest few of that kind

    def per_week(self, counted: Tally) -> float:
        return counted.posts / self.period.weeks


def unique_posts(posts: Iterable[ExportedPost]) -> list[ExportedPost]:
    """Each post once, however many exports carry it (same platform and id)."""
    # Ids kept per platform as plain strings: a (platform, id) pair for every post would
    # be one more object for the garbage collector to walk, which shows at 100,000 posts.
    seen: dict[str, set[str]] = {}
    out = []
    for post in posts:
        if post.post_id:
            ids = seen.setdefault(post.platform, set())
            if post.post_id in ids:
                continue
            ids.add(post.post_id)
        out.append(post)
    return out


def measure(
    posts: Sequence[ExportedPost], websites: Sequence[str], period: Period, platforms: Sequence[str]
) -> Measurement:
    """Count the posts of `period` on each of `platforms` (in that order) and overall."""
    sites = site_prefixes(websites)
    # Compared as times, not as dates: one comparison a post, no date made for each.
    start = dt.datetime.combine(period.since, dt.time(), dt.UTC)
    end = dt.datetime.combine(period.until + dt.timedelta(days=1), dt.time(), dt.UTC)
    chosen = [p for p in unique_posts(posts) if start <= p.posted < end]
    # A stable sort by time: posts at the same moment keep the exports' order.
    chosen.sort(key=attrgetter("posted"))
    # Kinds in a list of their own beside the posts, not (post, kind) pairs: fewer objects
    # for the garbage collector to walk.
    kinds = [classify(p, sites) for p in chosen]
    # Counted once by platform, month, structure and kind (Counter counts in C); the
    # tallies then add up those few counts, not the posts again.
    counted = Counter(
        (p.platform, p.posted.year, p.posted.month, p.structure, kind)
        for p, kind in zip(chosen, kinds, strict=True)
    )
    overall: Counter[tuple[str, str | None]] = Counter()
    own: dict[str, Counter[tuple[str, str | None]]] = {name: Counter() for name in platforms}
    months: dict[str, dict[str, Counter[tuple[str, str | None]]]] = {n: {} for n in platforms}
    for (platform, year, month, structure, kind), count in counted.items():
        overall[structure, kind] += count
        if platform in own:
            own[platform][structure, kind] += count
            found = months[platform].setdefault(f"{year:04d}-{month:02d}", Counter())
            found[structure, kind] += count
    measures = tuple(
        PlatformMeasure(
            name,
            _tally_of(own[name]),
            {month: _tally_of(found) for month, found in sorted(months[name].items())},
        )
        for name in platforms
    )
    return Measurement(period, _tally_of(overall), measures, _excerpts(chosen, kinds))


def _excerpts(
    posts: Sequence[ExportedPost], kinds: Sequence[str | None]
) -> dict[str, tuple[Excerpt, ...]]:
    """The latest few posts of each kind that have words of the client's own (`posts` in
    time order, `kinds` their kinds)."""
    found: dict[str, list[Excerpt]] = {kind: [] for kind in MIX_KINDS}
    wanted = len(MIX_KINDS)
    for post, kind in zip(reversed(posts), reversed(kinds), strict=True):
        if kind is None or len(found[kind]) == EXCERPTS_PER_KIND or not post.text.strip():
            continue
        found[kind].append(Excerpt(post.platform, post.posted.date(), shorten(post.text)))
        wanted -= len(found[kind]) == EXCERPTS_PER_KIND
        if not wanted:
            break
    return {kind: tuple(excerpts) for kind, excerpts in found.items()}


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word where it can be."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] if " " in line[: limit - 1] else line[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"
