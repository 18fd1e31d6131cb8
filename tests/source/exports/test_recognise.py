"""Each export is recognised by its own format only, from names and first bytes, and direct
messages are never opened while looking."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.source.exports.decoding import is_private
from generator.source.exports.facebook import FACEBOOK
from generator.source.exports.instagram import INSTAGRAM
from generator.source.exports.linkedin import LINKEDIN, LINKEDIN_2018
from generator.source.exports.threads import THREADS
from generator.source.exports.tiktok import TIKTOK

from .meta_builders import (
    export,
    facebook_files,
    instagram_files,
    linkedin_2018_files,
    linkedin_files,
    threads_files,
    tiktok_files,
)

OURS = (LINKEDIN, LINKEDIN_2018, INSTAGRAM, THREADS, FACEBOOK, TIKTOK)
SAMPLES: dict[str, Callable[[], dict[str, bytes]]] = {
    "linkedin": linkedin_files,
    "linkedin-2018": linkedin_2018_files,
    "instagram": instagram_files,
    "threads": threads_files,
    "facebook": facebook_files,
    "tiktok": tiktok_files,
}


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_only_its_own_format_recognises_an_export(sample: str) -> None:
    from generator.source.exports.formats import FORMATS

    files = export(SAMPLES[sample]())
    claimed = {fmt.name for fmt in FORMATS if fmt.recognise(files)}
    assert claimed == {sample}
    (fmt,) = (f for f in OURS if f.name == sample)
    read = fmt.read(files)
    assert read.posts
    assert read.format == sample


def test_formats_are_registered_in_order() -> None:
    from generator.source.exports.formats import FORMATS

    names = [fmt.name for fmt in FORMATS]
    assert [n for n in names if n in SAMPLES] == [fmt.name for fmt in OURS]
    assert all(fmt.looks_for and fmt.label for fmt in FORMATS)


@pytest.mark.parametrize(
    ("name", "private"),
    [
        ("your_instagram_activity/messages/inbox/bob_1/message_1.json", True),
        ("messages/inbox/x/audio/a.mp4", True),
        ("your_activity_across_facebook/messages/archived_threads/a/message_1.json", True),
        ("messages.csv", True),
        ("TikTok/Direct Messages/chat.txt", True),
        ("your_instagram_activity/content/posts_1.json", False),
        ("Shares.csv", False),
    ],
)
def test_private_paths(name: str, private: bool) -> None:
    assert is_private(name) is private


def test_an_archive_with_two_platforms_gives_each_its_own_posts() -> None:
    # A Meta download holds the Instagram posts and the Threads posts side by side.
    from generator.source.exports.read import read_all

    reads = read_all(export({**instagram_files(), **threads_files()}))
    assert [read.platform for read in reads] == ["instagram", "threads"]
    assert all(read.posts for read in reads)


def test_one_platform_is_read_once_even_when_two_of_its_layouts_match() -> None:
    from generator.source.exports.read import read_all

    from .test_x import current_files
    from .x_builders import older_tweets, tweets_csv

    files = {**current_files(), "tweets.csv": tweets_csv(older_tweets())}
    assert len(files) == len(current_files()) + 1
    reads = read_all(export(files))
    assert [read.format for read in reads] == ["x-archive"]
