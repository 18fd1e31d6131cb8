"""Bluesky repositories (.car), built block by block from the AT Protocol's structure."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.source.exports.base import FilesInMemory
from generator.source.exports.read import read_exports, read_one

from .car_builder import DID, OTHER_DID, Repo

WHEN = "2026-03-02T09:30:00.000Z"
THEIRS = f"at://{OTHER_DID}/app.bsky.feed.post/3lbbbbbbbbbb2"


def ref(uri: str) -> dict[str, str]:
    return {"uri": uri, "cid": "bafyreib2rxk3rh6kzwq"}


def post(text: str, **fields: Any) -> dict[str, Any]:
    return {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": WHEN,
        "langs": ["en"],
    } | fields


def quoting(uri: str) -> dict[str, Any]:
    return {"$type": "app.bsky.embed.record", "record": ref(uri)}


def repo() -> Repo:
    """One of each structure, and records of types that are not posts."""
    r = Repo()
    link = {"$type": "app.bsky.richtext.facet#link", "uri": "https://shop.example/rye"}
    facets = [{"index": {"byteStart": 13, "byteEnd": 29}, "features": [link]}]
    first = r.add(
        "app.bsky.feed.post/3laaaaaaaaa22", post("Rye is back: shop.example/rye", facets=facets)
    )
    with_media = {
        "$type": "app.bsky.embed.recordWithMedia",
        "record": quoting(THEIRS),
        "media": {"$type": "app.bsky.embed.images", "images": []},
    }
    external = {"$type": "app.bsky.embed.external", "external": {"uri": "https://blog.example/a"}}
    posts = [
        post("part two", reply={"root": ref(first), "parent": ref(first)}),
        post("congrats!", reply={"root": ref(THEIRS), "parent": ref(THEIRS)}),
        post("so true", embed=quoting(THEIRS)),
        post("look at this", embed=with_media),
        post("as I said", embed=quoting(first)),  # one's own post: not a quote
        post("a feed", embed=quoting(f"at://{OTHER_DID}/app.bsky.feed.generator/bread")),
        post("read this", embed=external),
    ]
    for number, record in enumerate(posts, 3):
        r.add(f"app.bsky.feed.post/3laaaaaaaaa2{number:x}", record)
    others: dict[str, dict[str, Any]] = {
        "app.bsky.feed.repost": {"subject": ref(THEIRS)},
        "app.bsky.feed.like": {"subject": ref(THEIRS)},
        "app.bsky.graph.follow": {"subject": OTHER_DID},
    }
    for collection, fields in others.items():
        r.add(
            f"{collection}/3laaaaaaaaab{len(r.records)}",
            {"$type": collection, "createdAt": WHEN} | fields,
        )
    r.add("app.bsky.actor.profile/self", {"$type": "app.bsky.actor.profile", "displayName": "Ana"})
    return r


EXPECTED = {"original": 4, "self_reply": 1, "reply_to_others": 1, "quote": 2, "reshare": 1}


def test_every_structure_is_counted_from_its_fields() -> None:
    read = read_one(FilesInMemory("repo.car", {"repo.car": repo().car()}))
    assert (read.format, read.platform, read.account) == ("bluesky-repo", "bluesky", DID)
    assert read.source == "repo.car"
    assert dict(Counter(p.structure for p in read.posts)) == EXPECTED
    first = read.posts[0]
    assert first.post_id == f"at://{DID}/app.bsky.feed.post/3laaaaaaaaa22"
    assert first.links == ("https://shop.example/rye",)
    assert first.posted == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    by_text = {p.text: p for p in read.posts}
    assert by_text["read this"].links == ("https://blog.example/a",)
    assert by_text[""].structure == "reshare"


def test_an_unusable_date_falls_back_to_the_record_keys_own_time() -> None:
    r = Repo()
    r.add("app.bsky.feed.post/3lcxqvbyqtk2y", post("odd app", createdAt="sometime"))
    (only,) = read_one(FilesInMemory("r.car", {"r.car": r.car()})).posts
    assert only.posted.year >= 2024


def test_a_repository_with_no_posts() -> None:
    r = Repo()
    r.add("app.bsky.actor.profile/self", {"$type": "app.bsky.actor.profile"})
    assert read_one(FilesInMemory("r.car", {"r.car": r.car()})).posts == ()


BAD = [
    ("cut short", lambda data: data[: len(data) // 2], "damaged or cut short"),
    ("no header", lambda data: b"\x05roots" + b"version" * 3 + data[:0], "damaged or cut short"),
    ("a missing record", None, "missing its record"),
]


@pytest.mark.parametrize(("case", "spoil", "phrase"), BAD, ids=[b[0] for b in BAD])
def test_bad_repositories_are_one_line(tmp_path: Path, case: str, spoil: Any, phrase: str) -> None:
    r = repo()
    data = r.car(drop="app.bsky.feed.post/3laaaaaaaaa24") if spoil is None else spoil(r.car())
    path = tmp_path / "repo.car"
    path.write_bytes(data)
    reads, problems = read_exports([path], ["repo.car"])
    assert reads == []
    assert len(problems) == 1, case
    assert problems[0].startswith("repo.car: error: ")
    assert phrase in problems[0]
