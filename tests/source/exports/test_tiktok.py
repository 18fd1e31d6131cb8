"""TikTok's data export (user_data_tiktok.json / user_data.json), built in the tests from
the documented sections: videos under Post or Video, 'N/A' captions, comments the account
wrote, direct messages in the same file."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable

import pytest

from generator.source.exports.base import ExportError
from generator.source.exports.tiktok import TIKTOK, caption

from .meta_builders import PRIVATE, export, tiktok_files, tiktok_tree


@pytest.mark.parametrize("newer", [True, False])
def test_videos_and_comments(newer: bool) -> None:
    name = "user_data_tiktok.json" if newer else "user_data.json"
    read = TIKTOK.read(export(tiktok_files(name, newer=newer)))
    assert Counter(p.structure for p in read.posts) == {"original": 3, "reply_to_others": 2}
    assert (read.format, read.platform, read.account) == ("tiktok", "tiktok", "hilltopbakery")
    assert [p.text for p in read.posts] == [
        "Morning bake #bread",
        "",
        "Croissant & coffee",
        "Looks delicious \U0001f60b",
        "Where is this?",
    ]
    assert read.posts[0].posted == dt.datetime(2024, 3, 1, 10, 11, 12, tzinfo=dt.UTC)
    assert read.posts[0].post_id == "https://www.tiktokv.com/share/video/1/"
    assert read.source == f"export.zip:{name}"


def test_direct_messages_are_never_counted_or_kept() -> None:
    read = TIKTOK.read(export(tiktok_files()))
    assert all(PRIVATE not in p.text for p in read.posts)
    assert "direct_excluded" not in {p.structure for p in read.posts}


@pytest.mark.parametrize(
    ("item", "text"),
    [
        ({"Title": "N/A"}, ""),
        ({"Title": "n/a"}, ""),
        ({"Title": " Bread &amp; butter "}, "Bread & butter"),
        ({"Desc": "Old layout"}, "Old layout"),
        ({}, ""),
        ({"Title": 3}, ""),
    ],
)
def test_caption(item: dict[str, object], text: str) -> None:
    assert caption(item) == text


def test_a_single_file_given_alone_is_its_own_source() -> None:
    files = export(tiktok_files("user_data_tiktok.json"), label="user_data_tiktok.json")
    assert TIKTOK.read(files).source == "user_data_tiktok.json"


def test_renamed_file_is_recognised_by_content() -> None:
    files = export(tiktok_files("downloads/my tiktok.json"))
    assert TIKTOK.recognise(files) == "downloads/my tiktok.json"


def test_an_export_with_no_videos_reads_as_none() -> None:
    tree = tiktok_tree()
    del tree["Post"], tree["Comment"]
    read = TIKTOK.read(export({"user_data_tiktok.json": json.dumps(tree).encode()}))
    assert read.posts == ()


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (lambda d: d[: len(d) // 3], "cut short"),
        (lambda _d: b"", "empty"),
        (lambda d: d.replace(b"2024-03-02 10:11:12", b"2 March"), "date"),
        (lambda d: d.replace(b"Morning", b"Morn\xe9ing"), "not UTF-8"),
    ],
)
def test_bad_input(data: Callable[[bytes], bytes], phrase: str) -> None:
    raw = tiktok_files("user_data_tiktok.json")["user_data_tiktok.json"]
    files = export({"user_data_tiktok.json": data(raw)})
    with pytest.raises(ExportError) as caught:
        TIKTOK.read(files)
    assert phrase in caught.value.message
    assert caught.value.member == "user_data_tiktok.json"
    assert caught.value.hint


@pytest.mark.parametrize(
    "data",
    [
        b'{"text_post_app_text_posts": []}',
        b'[{"media": [], "creation_timestamp": 1}]',
        b'{"orderedItems": [], "type": "OrderedCollection"}',
        b"window.YTD.tweets.part0 = []",
    ],
)
def test_other_platforms_are_not_tiktok(data: bytes) -> None:
    files = export({"user_data.json": data})
    assert TIKTOK.recognise(files) is None
