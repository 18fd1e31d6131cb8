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
    files = export(SAMPLES[sample]())
    claimed = {fmt.name for fmt in OURS if fmt.recognise(files)}
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
