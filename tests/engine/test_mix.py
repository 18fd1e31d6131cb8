"""Posting-mix arithmetic: limits, recommendations and whole posts."""

from __future__ import annotations

import pytest

from generator.engine.mix import Conflict, Limits, largest_remainder, post_counts, recommend

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


@pytest.mark.parametrize(
    ("posts", "current", "rec", "sentence"),
    [
        (
            6,
            mix(quotes=30, reshares=15, promotional=45, conversation=5, original=5),
            mix(quotes=10, reshares=10, promotional=10, conversation=24, replies=10, original=36),
            "Of your 6 Instagram posts a week, make 1 question to your audience, 1 reply thread "
            "and 2 posts of your own instead of 1 inspirational quote and 3 sales posts.",
        ),
        (
            0.1,
            mix(promotional=100),
            mix(promotional=10, conversation=20, replies=10, original=60),
            "Of your 1 Instagram post a quarter, make 1 post of your own instead of 1 sales post.",
        ),
        (
            1.5,
            mix(promotional=100),
            mix(promotional=10, conversation=60, replies=30),
            "Of your 6 Instagram posts every four weeks, make 4 questions to your audience "
            "and 2 reply threads instead of 6 sales posts.",
        ),
        (
            0,
            mix(original=100),
            mix(original=100),
            "You do not post on Instagram yet; when you start, use the mix below.",
        ),
        (
            4,
            mix(original=100),
            mix(original=100),
            "Of your 4 Instagram posts a week, keep the mix you have.",
        ),
    ],
)
def test_post_counts_sentence(
    posts: float, current: dict[str, float], rec: dict[str, float], sentence: str
) -> None:
    counts = post_counts(posts, current, rec)
    assert counts.sentence("Instagram") == sentence
    assert sum(counts.current.values()) == sum(counts.recommended.values()) == counts.posts
