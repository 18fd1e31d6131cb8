"""X archives, current and older, built from their documented structure and quirks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from generator.model.export import ExportRead
from generator.source.exports.base import ExportError, FilesInMemory
from generator.source.exports.read import read_exports, read_one
from generator.source.exports.x_tweets import parse_created

from .builders import write_zip
from .x_builders import (
    HANDLE,
    account_js,
    current_tweets,
    manifest_js,
    month_js,
    older_tweets,
    tweets_csv,
    tweets_js,
    user_details_js,
)


def structures(read: ExportRead) -> dict[str, int]:
    return dict(Counter(post.structure for post in read.posts))


def current_files(account: str = "manifest") -> dict[str, bytes]:
    main, part1 = current_tweets()
    files = {
        "data/tweets.js": tweets_js(main),
        "data/tweets-part1.js": tweets_js(part1, part=1),
        "data/like.js": b"window.YTD.like.part0 = []",
        "data/deleted-tweets.js": tweets_js(main[:2], kind="deleted_tweets"),
        "data/tweets_media/1-a.jpg": b"\xff\xd8",
    }
    if account == "manifest":
        files["data/manifest.js"] = manifest_js()
    if account in ("manifest", "account.js"):
        files["data/account.js"] = account_js()
    return files


WITH_ACCOUNT = {"original": 4, "reshare": 1, "quote": 2, "reply_to_others": 2, "self_reply": 2}


@pytest.mark.parametrize("account", ["manifest", "account.js"])
def test_current_archive_counts_every_structure(account: str) -> None:
    read = read_one(FilesInMemory("x.zip", current_files(account)))
    assert (read.format, read.platform, read.account) == ("x-archive", "x", HANDLE)
    assert read.source == "x.zip:data/tweets.js"
    assert structures(read) == WITH_ACCOUNT


def test_text_is_unescaped_and_a_quotes_link_is_not_its_words() -> None:
    read = read_one(FilesInMemory("x.zip", current_files()))
    by_id = {post.post_id: post for post in read.posts}
    assert by_id["1"].text == "Bread & butter <3 https://t.co/a1"
    assert by_id["1"].links == ("https://shop.example/bread",)
    assert (by_id["2"].structure, by_id["2"].text) == ("reshare", "")
    assert (by_id["3"].structure, by_id["3"].text) == ("quote", "So true")
    assert by_id["1"].posted == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert by_id["12"].posted == dt.datetime(2026, 3, 2, 1, 10, tzinfo=dt.UTC)


def test_an_edited_tweet_counts_once() -> None:
    read = read_one(FilesInMemory("x.zip", current_files()))
    ids = [post.post_id for post in read.posts]
    assert "10" in ids
    assert "9" not in ids


def test_the_posts_file_alone_finds_self_replies_in_the_same_file() -> None:
    """Without the account: a reply to a post in the file is a thread; a reply to one
    outside it is someone else's; a link to the account's own post reads as a quote."""
    main, _ = current_tweets()
    read = read_one(FilesInMemory("tweets.js", {"tweets.js": tweets_js(main)}))
    assert read.account == ""
    assert read.source == "tweets.js"
    assert structures(read) == {
        "original": 2,
        "reshare": 1,
        "quote": 3,
        "reply_to_others": 3,
        "self_reply": 1,
    }


def test_the_archive_as_downloaded(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "twitter-2026-06-01.zip", current_files())
    reads, problems = read_exports([path], ["twitter.zip"])
    assert problems == []
    assert structures(reads[0]) == WITH_ACCOUNT


OLDER = {"original": 1, "reshare": 2, "quote": 1, "reply_to_others": 2, "self_reply": 1}


def test_older_archive_monthly_files() -> None:
    files = {
        "data/js/tweets/2013_01.js": month_js(older_tweets()[:4]),
        "data/js/tweets/2013_02.js": month_js(older_tweets()[4:], "2013_02"),
        "data/js/user_details.js": user_details_js(),
        "tweets.csv": tweets_csv(older_tweets()),
        "index.html": b"<html></html>",
    }
    read = read_one(FilesInMemory("old.zip", files))
    assert (read.format, read.account) == ("x-archive-older", HANDLE)
    assert read.source == "old.zip:data/js/tweets/2013_01.js"
    assert structures(read) == OLDER
    assert read.posts[0].text == "Rye & spelt"
    assert read.posts[0].posted == dt.datetime(2013, 1, 31, 12, tzinfo=dt.UTC)


def test_older_archive_tweets_csv_alone_counts_the_same() -> None:
    read = read_one(FilesInMemory("tweets.csv", {"tweets.csv": tweets_csv(older_tweets())}))
    assert read.format == "x-archive-older"
    assert structures(read) == OLDER
    assert read.posts[0].links == ("http://shop.example/rye",)


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Wed Oct 10 20:19:24 +0000 2018", dt.datetime(2018, 10, 10, 20, 19, 24)),
        ("Wed Oct 10 20:19:24 +0130 2018", dt.datetime(2018, 10, 10, 18, 49, 24)),
        ("2013-01-31 23:00:00 -0200", dt.datetime(2013, 2, 1, 1, 0)),
        ("2013-01-31 12:00:00 +0000", dt.datetime(2013, 1, 31, 12, 0)),
    ],
)
def test_both_date_styles(written: str, utc: dt.datetime) -> None:
    assert parse_created(written, "m") == utc.replace(tzinfo=dt.UTC)


@pytest.mark.parametrize("written", ["", "yesterday", "Wed Foo 10 20:19:24 +0000 2018", None])
def test_a_date_x_never_writes_is_one_error(written: object) -> None:
    with pytest.raises(ExportError, match="is not in a form X writes"):
        parse_created(written, "m")


BAD = [
    ("data/tweets.js", tweets_js(current_tweets()[0])[:900], "data/tweets.js", "line "),
    ("data/tweets.js", b"window.YTD.tweets.part0 = [1, 2]", "data/tweets.js", "not a tweet"),
    (
        "tweets.csv",
        tweets_csv(older_tweets()) + b'"9","","","2013-01-31 12:00:00 +0000","w","a"b"',
        "tweets.csv",
        "broken CSV",
    ),
    ("data/like.js", b"window.YTD.like.part0 = []", "", "is not an export playbook recognises"),
]


@pytest.mark.parametrize(
    ("name", "data", "member", "phrase"), BAD, ids=["cut", "numbers", "csv", "likes"]
)
def test_bad_x_files_are_one_line(
    tmp_path: Path, name: str, data: bytes, member: str, phrase: str
) -> None:
    path = write_zip(tmp_path / "x.zip", {name: data})
    reads, problems = read_exports([path], ["x.zip"])
    assert reads == []
    assert len(problems) == 1
    assert problems[0].startswith(f"x.zip:{member}: error: " if member else "x.zip: error: ")
    assert phrase in problems[0]


def test_a_renamed_posts_file_is_known_by_its_first_line() -> None:
    main, _ = current_tweets()
    files = {"tweets (1).js": tweets_js(main), "assets/js/app.js": b"window.app = {}"}
    read = read_one(FilesInMemory("dl", files))
    assert read.source == "dl:tweets (1).js"
    assert len(read.posts) == len(main) - 1  # the edited tweet once
