"""Facebook quirks met in real exports, rebuilt in our own words: titles in languages other
than the commonest European ones, and newer exports listing the same post twice."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.source.exports.facebook import FACEBOOK, shared

from .meta_builders import FB_POSTS, export, fb_post, meta_json, unix


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Mai Anh \u0111\u00e3 chia s\u1ebb m\u1ed9t b\u00e0i vi\u1ebft.", "post"),
        ("Mai Anh \u0111\u00e3 chia s\u1ebb m\u1ed9t li\u00ean k\u1ebft.", "link"),
        ("Mai Anh \u0111\u00e3 chia s\u1ebb m\u1ed9t k\u1ef7 ni\u1ec7m.", "post"),
        ("Budi membagikan tautan.", "link"),
        ("Budi membagikan kiriman.", "post"),
        ("Ay\u015fe bir ba\u011flant\u0131 payla\u015ft\u0131.", "link"),
        ("Ay\u015fe bir g\u00f6nderi payla\u015ft\u0131.", "post"),
        ("Анна поделилась ссылкой.", "link"),
        ("Eva delade en l\u00e4nk.", "link"),
        ("Mai Anh \u0111\u00e3 c\u1eadp nh\u1eadt tr\u1ea1ng th\u00e1i.", ""),
    ],
)
def test_shared_titles_in_more_languages(title: str, kind: str) -> None:
    assert shared(title) == kind


def entry(day: int, title: str, *, extra_empty: int = 0, url: str = "") -> dict[str, object]:
    """A post as the newer export writes it: its words, then empty objects."""
    item = fb_post(day, title, url=url)
    data = item["data"]
    assert isinstance(data, list)
    item["data"] = data + [{} for _ in range(1 + extra_empty)]
    return item


def test_the_same_post_listed_twice_counts_once() -> None:
    shared_post = "Mai Anh \u0111\u00e3 chia s\u1ebb m\u1ed9t b\u00e0i vi\u1ebft."
    shared_link = "Mai Anh \u0111\u00e3 chia s\u1ebb m\u1ed9t li\u00ean k\u1ebft."
    posts = [
        entry(1, shared_post),
        entry(2, shared_link, url="https://example.org/a"),
        entry(2, shared_link, url="https://example.org/a"),  # the very same entry again
        entry(1, shared_post, extra_empty=1),  # again, with one more empty object
        entry(2, shared_link, url="https://example.org/b"),  # same time, another link
        {"timestamp": unix(3), "data": [{}]},  # nothing but a time
    ]
    read = FACEBOOK.read(export({FB_POSTS: meta_json(posts)}))
    assert Counter(p.structure for p in read.posts) == {"reshare": 1, "original": 3}
    assert sorted(link for p in read.posts for link in p.links) == [
        "https://example.org/a",
        "https://example.org/b",
    ]
