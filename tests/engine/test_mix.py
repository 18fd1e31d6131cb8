"""Posting-mix arithmetic: limits, recommendations and whole posts."""

from __future__ import annotations

import pytest

from generator.engine.mix import Conflict, Limits, largest_remainder, recommend
from generator.engine.posts import describe_posts, whole_posts

from ..helpers import mix

GOLDEN_LIMITS = [
    ("be-conversational", "conversation", 20.0, None, None),
    ("be-conversational", "replies", 10.0, None, None),
    ("be-conversational", "quotes", None, 10.0, "conversation"),
    ("share-is-not-a-conversation", "reshares", None, 10.0, "original"),
    ("pull-dont-push", "promotional", None, 10.0, "original"),
]


def golden_limits() -> Limits:
    limits = Limits()
    for rule, kind, low, high, to in GOLDEN_LIMITS:
        limits.add(rule, kind, low, high, to)
    return limits


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        pytest.param(
            mix(quotes=30, reshares=15, promotional=45, conversation=5, original=5),
            mix(quotes=10, reshares=10, promotional=10, conversation=24, replies=10, original=36),
            id="bakery: cuts move to their targets; replies' floor taken from untouched kinds",
        ),
        pytest.param(
            mix(quotes=5, reshares=5, promotional=10, conversation=30, replies=20, original=30),
            mix(quotes=5, reshares=5, promotional=10, conversation=30, replies=20, original=30),
            id="already within every limit: unchanged",
        ),
        pytest.param(
            mix(original=100),
            mix(conversation=20, replies=10, original=70),
            id="floors only: taken from the other kinds",
        ),
        pytest.param(
            mix(promotional=100),
            mix(promotional=10, conversation=20, replies=10, original=60),
            id="all sales: sales become own posts, floors come from them",
        ),
        pytest.param(
            mix(quotes=34, reshares=33, promotional=33),
            mix(quotes=10, reshares=10, promotional=10, conversation=23, replies=10, original=37),
            id="all broadcast: each cut goes where its rule sends it",
        ),
        pytest.param(
            mix(conversation=10, replies=5, original=85),
            mix(conversation=20, replies=10, original=70),
            id="floors below: raised from original",
        ),
    ],
)
def test_recommend(current: dict[str, float], expected: dict[str, float]) -> None:
    result = recommend(current, golden_limits())
    assert result == expected
    assert sum(result.values()) == 100


@pytest.mark.parametrize(
    ("current", "broken"),
    [
        (mix(quotes=30, conversation=40, replies=30), [("quotes", "max", 10.0, 30.0)]),
        (mix(conversation=15, replies=15, original=70), [("conversation", "min", 20.0, 15.0)]),
        (mix(conversation=20, replies=10, original=70), []),
    ],
)
def test_broken_limits(
    current: dict[str, float], broken: list[tuple[str, str, float, float]]
) -> None:
    assert golden_limits().broken(current) == broken


def test_clashing_limit_is_dropped_and_recorded() -> None:
    limits = golden_limits()
    limits.add("community-rule", "promotional", 20.0, None)  # golden says at most 10
    assert limits.mins.get("promotional") is None
    assert limits.maxs["promotional"].rule == "pull-dont-push"
    holders = ("be-conversational", "pull-dont-push", "share-is-not-a-conversation")
    assert limits.conflicts == [
        Conflict("promotional", "min", holders, "community-rule", 0.0, clash=True)
    ]


@pytest.mark.parametrize(
    ("high", "kept", "conflicts"),
    [
        (20.0, 10.0, [Conflict("promotional", "max", ("pull-dont-push",), "later", 10.0)]),
        (5.0, 10.0, [Conflict("promotional", "max", ("pull-dont-push",), "later", 10.0)]),
        (10.0, 10.0, []),
    ],
    ids=["looser", "stricter", "same"],
)
def test_the_first_rule_to_limit_a_kind_keeps_its_limit(
    high: float, kept: float, conflicts: list[Conflict]
) -> None:
    limits = golden_limits()
    limits.add("later", "promotional", None, high)
    assert limits.maxs["promotional"].value == kept
    assert limits.conflicts == conflicts


def test_floors_over_100_are_refused() -> None:
    limits = Limits()
    limits.add("a", "conversation", 60.0, None)
    limits.add("b", "replies", 50.0, None)
    assert "replies" not in limits.mins
    assert [c.loser for c in limits.conflicts if c.clash] == ["b"]


@pytest.mark.parametrize(
    ("shares", "total", "expected"),
    [
        ({"a": 1.0, "b": 1.0, "c": 1.0}, 10, {"a": 4, "b": 3, "c": 3}),
        ({"a": 50.0, "b": 50.0}, 3, {"a": 2, "b": 1}),
        ({"a": 0.0, "b": 0.0}, 5, {"a": 0, "b": 0}),
        ({"a": 10.0, "b": 90.0}, 0, {"a": 0, "b": 0}),
        ({"a": 33.3, "b": 33.3, "c": 33.4}, 100, {"a": 33, "b": 33, "c": 34}),
    ],
)
def test_largest_remainder(shares: dict[str, float], total: int, expected: dict[str, int]) -> None:
    assert largest_remainder(shares, total) == expected


def _limits(**bounds: tuple[float | None, float | None, str | None]) -> Limits:
    limits = Limits()
    for kind, (low, high, to) in bounds.items():
        limits.add("rule", kind, low, high, to)
    return limits


WHOLE_LIMITS = {
    "conversation": (20.0, None, None),
    "replies": (10.0, None, None),
    "quotes": (None, 10.0, "conversation"),
    "reshares": (None, 10.0, "original"),
    "promotional": (None, 10.0, "original"),
}


@pytest.mark.parametrize(
    ("posts", "current", "sentence"),
    [
        (
            6,
            mix(quotes=30, reshares=15, promotional=45, conversation=5, original=5),
            "On Instagram, every four weeks (24 posts): 9 posts of your own, 6 questions to "
            "your audience, 3 reply threads, 2 inspirational quotes, 2 reshares and 2 sales "
            "posts; that is more questions to your audience, reply threads and posts of your own "
            "and fewer inspirational quotes, reshares and sales posts than now.",
        ),
        (
            0.1,
            mix(promotional=100),
            "On Instagram, each quarter (2 posts): 1 question to your audience and 1 reply "
            "thread; that is more questions to your audience and reply threads and fewer sales "
            "posts than now.",
        ),
        (
            0,
            mix(original=100),
            "You do not post on Instagram yet; when you start, use the mix below.",
        ),
        (
            4,
            mix(original=70, conversation=20, replies=10),
            "On Instagram, every four weeks (16 posts): 10 posts of your own, 4 questions to "
            "your audience and 2 reply threads; that is more questions to your audience and "
            "fewer posts of your own than now.",
        ),
        (
            5,
            mix(original=60, conversation=20, replies=20),
            "On Instagram, each week (5 posts): 3 posts of your own, 1 question to your "
            "audience and 1 reply thread, as now.",
        ),
    ],
)
def test_whole_posts_sentence(posts: float, current: dict[str, float], sentence: str) -> None:
    limits = _limits(**WHOLE_LIMITS)
    counts = whole_posts(posts, current, recommend(current, limits), limits)
    assert describe_posts(counts, "Instagram") == sentence


@pytest.mark.parametrize("posts", [0.5, 1, 1.5, 2, 3, 6, 14])
@pytest.mark.parametrize(
    "current",
    [
        mix(promotional=100),
        mix(reshares=60, conversation=40),
        mix(conversation=45, replies=30, original=25),
        mix(quotes=30, reshares=15, promotional=45, conversation=5, original=5),
    ],
)
def test_whole_posts_keep_every_rule_direction(posts: float, current: dict[str, float]) -> None:
    limits = _limits(**WHOLE_LIMITS)
    counts = whole_posts(
        posts, current, recommend(current, limits), limits, frozenset({"promotional"})
    )
    now, rec = counts.current, counts.recommended
    for kind in ("conversation", "replies", "promotional"):
        assert rec[kind] >= 1, kind
    for kind in ("conversation", "replies"):
        assert rec[kind] >= now[kind]
    for kind in ("quotes", "reshares"):
        assert rec[kind] <= now[kind]
    assert rec["promotional"] <= max(now["promotional"], 1)
