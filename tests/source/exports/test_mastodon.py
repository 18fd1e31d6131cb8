"""Mastodon archives: outbox.json (and actor.json) built from ActivityStreams' structure,
with the quirks of real exports."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from generator.model.export import ExportRead
from generator.source.exports.base import FilesInMemory
from generator.source.exports.read import read_exports, read_one

from .builders import ACTOR, FOLLOWERS, PUBLIC, actor, boost, note, outbox, write_tar_gz, write_zip

OTHER = "https://other.example/users/bo"


def activities() -> list[dict[str, object]]:
    """One of each structure, and every way a post can be addressed."""
    return [
        note(
            1,
            '<p>Rye &amp; spelt, out of the oven <a href="https://shop.example/rye">'
            "shop.example/rye</a></p><p>Second line</p>",
        ),
        note(2, "<p>Unlisted crumbs</p>", to=[FOLLOWERS], cc=[PUBLIC]),
        note(3, "<p>Followers only</p>", to=[FOLLOWERS], cc=[]),
        note(4, "<p>secret</p>", to=[OTHER], cc=[]),  # a direct message
        note(
            5,
            '<p><span class="h-card"><a href="https://other.example/@bo" class="u-url '
            'mention">@<span>bo</span></a></span> thanks!</p>',
            in_reply_to="https://other.example/users/bo/statuses/77",
            cc=[OTHER],
        ),
        note(6, "<p>And a second part</p>", in_reply_to=f"{ACTOR}/statuses/1"),
        boost(7, "https://other.example/users/bo/statuses/78"),
        note(8, "<p>Which loaf next week?</p>", kind="Question"),
        note(9, "<p>This, exactly</p>", quoteUri="https://other.example/users/bo/statuses/79"),
        {"id": f"{ACTOR}/statuses/10#delete", "type": "Delete", "actor": ACTOR, "object": "x"},
    ]


EXPECTED = {
    "original": 4,
    "direct_excluded": 1,
    "reply_to_others": 1,
    "self_reply": 1,
    "reshare": 1,
    "quote": 1,
}


def structures(read: ExportRead) -> Counter[str]:
    return Counter(post.structure for post in read.posts)


def test_every_structure_is_counted_from_its_fields() -> None:
    export = FilesInMemory("ana.zip", {"outbox.json": outbox(activities()), "actor.json": actor()})
    read = read_one(export)
    assert read.format == "mastodon-outbox"
    assert read.platform == "mastodon"
    assert read.account == "ana"
    assert read.source == "ana.zip:outbox.json"
    assert structures(read) == EXPECTED
    first = read.posts[0]
    assert first.text == "Rye & spelt, out of the oven shop.example/rye\nSecond line"
    assert first.links == ("https://shop.example/rye",)
    assert first.posted == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    reply = read.posts[4]
    assert reply.text == "@bo thanks!"
    assert reply.links == ()  # a mention is not a link


def test_direct_messages_keep_no_words() -> None:
    read = read_one(FilesInMemory("o", {"outbox.json": outbox(activities())}))
    direct = [post for post in read.posts if post.structure == "direct_excluded"]
    assert [(post.text, post.links) for post in direct] == [("", ())]


def test_without_actor_json_a_parent_in_the_same_file_makes_a_self_reply() -> None:
    read = read_one(FilesInMemory("outbox.json", {"outbox.json": outbox(activities())}))
    assert structures(read) == EXPECTED
    assert read.account == ""
    assert read.source == "outbox.json"


def test_with_actor_json_a_parent_outside_the_file_is_still_the_accounts_own() -> None:
    items = [note(1, in_reply_to=f"{ACTOR}/statuses/999")]
    with_actor = read_one(FilesInMemory("a", {"outbox.json": outbox(items), "actor.json": actor()}))
    alone = read_one(FilesInMemory("a", {"outbox.json": outbox(items)}))
    assert [p.structure for p in with_actor.posts] == ["self_reply"]
    assert [p.structure for p in alone.posts] == ["reply_to_others"]


def test_total_items_need_not_match_the_list() -> None:
    read = read_one(FilesInMemory("o", {"outbox.json": outbox(activities(), total=9999)}))
    assert len(read.posts) == sum(EXPECTED.values())


@pytest.mark.parametrize("where", ["before", "after"])
def test_repeated_keys_neither_crash_nor_lose_posts(where: str) -> None:
    """Some exports write `orderedItems` twice, once empty, and `@context` twice."""
    text = outbox(activities()).decode("utf-8")
    extra = '"@context": {}, "orderedItems": [],'
    if where == "before":
        text = text.replace('"orderedItems": [', extra + ' "orderedItems": [', 1)
    else:
        text = text[: text.rindex("}")] + ', "orderedItems": [], "@context": {}}'
    # A repeated key inside an activity too.
    text = text.replace('"type": "Note",', '"type": "Note", "type": "Note",', 1)
    read = read_one(FilesInMemory("o", {"outbox.json": text.encode("utf-8")}))
    assert structures(read) == EXPECTED


def test_an_export_with_no_posts_reads_as_none() -> None:
    read = read_one(FilesInMemory("o", {"outbox.json": outbox([])}))
    assert read.posts == ()


@pytest.mark.parametrize("writer", [write_zip, write_tar_gz], ids=["zip", "tar.gz"])
def test_the_archive_as_downloaded(tmp_path: Path, writer: object) -> None:
    files = {
        "outbox.json": outbox(activities()),
        "actor.json": actor(),
        "media_attachments/files/1/original/a.jpg": b"\xff\xd8" + bytes(5000),
        "likes.json": json.dumps({"type": "OrderedCollection", "orderedItems": []}).encode(),
    }
    path = writer(tmp_path / "archive.bin", files)  # type: ignore[operator]
    reads, problems = read_exports([path], ["archive"])
    assert problems == []
    assert structures(reads[0]) == EXPECTED


def test_a_second_download_of_the_outbox_is_still_an_outbox() -> None:
    read = read_one(FilesInMemory("o", {"outbox (1).json": outbox(activities())}))
    assert structures(read) == EXPECTED
