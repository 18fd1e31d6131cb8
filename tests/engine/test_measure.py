"""Sorting posts into the six kinds and counting them over a period: small cases."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.engine.measure import (
    Period,
    choose_period,
    classify,
    default_period,
    measure,
    shorten,
)
from generator.engine.measure_text import site_prefixes
from generator.model.export import ExportedPost, Structure
from tests.checkin_fixtures import posts as counts

SITES = site_prefixes(["https://shop.example.com/store", "https://www.bookme.example/"])


def post(
    text: str = "",
    structure: Structure = "original",
    links: tuple[str, ...] = (),
    day: dt.date = dt.date(2026, 11, 4),
    platform: str = "x",
    post_id: str = "",
) -> ExportedPost:
    posted = dt.datetime.combine(day, dt.time(12), dt.UTC)
    return ExportedPost(platform, posted, structure, text, links, post_id)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("structure", "text", "kind"),
    [
        ("reshare", "", "reshares"),
        ("reply_to_others", "Which one? Tell us!", "replies"),
        ("self_reply", "Shop now, 20% off", "replies"),
        ("direct_excluded", "", None),
        ("quote", "So true. Our whole team read this.", "original"),
        ("quote", "Would you agree? What would you add?", "conversation"),
        ("original", "", "original"),
    ],
)
def test_structure_comes_first(structure: Structure, text: str, kind: str | None) -> None:
    assert classify(post(text, structure), SITES) == kind


@pytest.mark.parametrize(
    ("text", "links", "kind"),
    [
        ("New loaves today.", ("https://shop.example.com/store/bread",), "promotional"),
        ("New loaves today.", ("https://shop.example.com/blog/bread",), "original"),
        ("New loaves today.", ("https://shop.example.com/storefront",), "original"),
        ("See you there.", ("https://bookme.example/slots?day=2",), "promotional"),
        ("See https://www.bookme.example/x today", (), "promotional"),
        ("Order now for Friday", (), "promotional"),
        ("Use code BREAD10 at the till", (), "promotional"),
        ("30% off everything", (), "promotional"),
        ("Jetzt bestellen!", (), "promotional"),
        ("Réservez votre table", (), "promotional"),
        ("Our sales figures were flat", (), "original"),
        ("Want fresh bread? Pre-order now.", (), "promotional"),
        ("What is your favourite loaf?", (), "conversation"),
        ("Read https://blog.example.com/p?id=3 later", (), "original"),
        ('She asked "why bake at all?" and I had no answer', (), "original"),
        ("Ever wondered why bread goes stale? Starch, mostly.", (), "original"),
        ("Why open at 6am? Because the builders come first.", (), "original"),
        ("Rye or spelt? Tell us below", (), "conversation"),
        ("Caption this photo", (), "conversation"),
        ("¿Cuál es vuestro pan favorito?", (), "conversation"),
        ('"Bake with love." - A. Baker', (), "quotes"),
        ("« Le pain, c'est la vie. » — Proverbe", (), "quotes"),
        ("Rise and shine. #mondaymotivation", (), "quotes"),
        ("Quote of the day: keep going", (), "quotes"),
        ('A customer said "best bread in town" today', (), "original"),
        ("Raised £400 for the school", (), "original"),
        ("Classes from £18 a month", (), "promotional"),
    ],
)
def test_text_rules(text: str, links: tuple[str, ...], kind: str) -> None:
    assert classify(post(text, links=links), SITES) == kind


@pytest.mark.parametrize(
    ("latest", "since", "until"),
    [
        (dt.date(2026, 11, 29), dt.date(2026, 9, 7), dt.date(2026, 11, 29)),  # a Sunday
        (dt.date(2026, 11, 30), dt.date(2026, 9, 7), dt.date(2026, 11, 29)),  # a Monday
        (dt.date(2026, 11, 28), dt.date(2026, 8, 31), dt.date(2026, 11, 22)),  # a Saturday
    ],
)
def test_default_period_is_twelve_full_weeks(
    latest: dt.date, since: dt.date, until: dt.date
) -> None:
    found = default_period([post(day=dt.date(2026, 1, 5)), post(day=latest)])
    assert found == Period(since, until, default=True)
    assert found.since.weekday() == 0 and found.until.weekday() == 6
    assert found.days == 84


def test_no_posts_no_period() -> None:
    assert default_period([]) is None
    assert choose_period([], None, dt.date(2026, 1, 1)) == Period(
        dt.date(2025, 10, 10), dt.date(2026, 1, 1), default=False
    )


def test_whole_months() -> None:
    assert Period(dt.date(2026, 8, 31), dt.date(2026, 11, 22), True).whole_months() == (
        "2026-09",
        "2026-10",
    )
    assert Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31), False).whole_months() == ("2026-01",)
    assert Period(dt.date(2026, 1, 2), dt.date(2026, 1, 31), False).whole_months() == ()


def test_counting_per_platform_month_and_overall() -> None:
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 11, 30), False)
    posts = [
        post("What do you think?", day=dt.date(2026, 10, 3), post_id="1"),
        post("What do you think?", day=dt.date(2026, 10, 3), post_id="1"),  # twice exported
        post("", "reshare", day=dt.date(2026, 11, 3)),
        post("", "direct_excluded", day=dt.date(2026, 11, 3)),
        post("Shop now", day=dt.date(2026, 11, 5), platform="mastodon"),
        post("too early", day=dt.date(2026, 9, 30)),
    ]
    found = measure(posts, [], period, ["x", "mastodon"])
    assert found.overall.kinds == counts(reshares=1, promotional=1, conversation=1)
    assert found.overall.structure["direct_excluded"] == 1
    assert found.overall.posts == 3
    x, mastodon = found.platforms
    assert sorted(x.months) == ["2026-10", "2026-11"]
    assert x.months["2026-10"].kinds["conversation"] == 1
    assert mastodon.tally.percent() == counts(promotional=100)
    assert found.per_week(found.overall) == pytest.approx(3 / (61 / 7))
    assert [e.text for e in found.excerpts["conversation"]] == ["What do you think?"]
    assert found.excerpts["reshares"] == ()  # nothing of the client's own to show


def test_direct_messages_are_never_excerpted() -> None:
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), False)
    secret = post("call me on 0117", "direct_excluded", day=dt.date(2026, 11, 3))
    found = measure([secret], [], period, ["x"])
    assert all(not excerpts for excerpts in found.excerpts.values())


@pytest.mark.parametrize(
    ("text", "short"),
    [("a  b\nc", "a b c"), ("word " * 30, ("word " * 15).strip() + "…")],
)
def test_shorten(text: str, short: str) -> None:
    assert shorten(text) == short
