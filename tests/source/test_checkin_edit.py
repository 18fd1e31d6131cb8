"""Setting one platform's post counts in a check-in's text, leaving the rest as written."""

from __future__ import annotations

import pytest

from generator.model.checkin import CheckIn
from generator.source.checkin_edit import MEASURED_MARK, CannotEdit, is_measured, set_posts
from generator.source.load import parse_text
from generator.source.validate import parse_model

COUNTS = {
    "quotes": 1,
    "reshares": 2,
    "promotional": 3,
    "conversation": 4,
    "replies": 5,
    "original": 6,
}


def edited(text: str, platform: str = "x") -> str:
    new = set_posts(text, parse_text(text, "t.yaml"), platform, COUNTS)
    found, _, problems = parse_model(CheckIn, new.encode("utf-8"), "t.yaml")
    assert found is not None and not problems, new
    month = found.platforms[platform]  # type: ignore[index]
    assert month.posts is not None and month.posts.as_dict() == COUNTS
    assert is_measured(new, parse_text(new, "t.yaml"), platform)
    return new


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("period: 2026-10\n", ["period: 2026-10"]),
        ("period: 2026-10\nplatforms:\n", ["period: 2026-10"]),
        ("period: 2026-10\nplatforms:\n  x:\n", []),
        ("period: 2026-10\nplatforms:\n  x:\n    likes: 4  # typed\n", ["    likes: 4  # typed"]),
        (
            "period: 2026-10\nplatforms:\n    mastodon:\n        likes: 2\n",
            ["    mastodon:", "        likes: 2"],
        ),
        (
            "period: 2026-10\nplatforms:\n  x:\n    posts:   # hint\n    likes: 1\nnote: hi\n",
            ["    likes: 1", "note: hi"],
        ),
        (
            "period: 2026-10\nplatforms:\n  x:\n    posts:\n      quotes: 9\n      # a comment\n"
            "      reshares: 9\n      promotional: 9\n      conversation: 9\n      replies: 9\n"
            "      original: 9\n    likes: 1\n",
            ["      # a comment", "    likes: 1"],
        ),
    ],
)
def test_set_posts_keeps_everything_else(text: str, kept: list[str]) -> None:
    new = edited(text, "mastodon" if "mastodon" in text else "x")
    lines = new.splitlines()
    assert all(line in lines for line in kept)
    assert "quotes: 9" not in new and MEASURED_MARK in new


def test_a_second_edit_is_the_same_text() -> None:
    once = edited("period: 2026-10\nplatforms:\n  x:\n    likes: 4\n")
    assert edited(once) == once


def test_typed_counts_are_not_marked() -> None:
    text = "period: 2026-10\nplatforms:\n  x:\n    posts: {quotes: 1}\n"
    assert not is_measured(text, parse_text(text, "t.yaml"), "x")


@pytest.mark.parametrize(
    "text",
    [
        "{period: 2026-10}\n",
        "period: 2026-10\nplatforms: {x: {likes: 1}}\n",
        "period: 2026-10\nplatforms:\n  x: {likes: 1}\n",
    ],
)
def test_flow_style_is_not_edited(text: str) -> None:
    with pytest.raises(CannotEdit):
        set_posts(text, parse_text(text, "t.yaml"), "x", COUNTS)
