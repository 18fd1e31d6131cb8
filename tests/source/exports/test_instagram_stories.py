"""Instagram stories (`stories.json`) and the pre-2020 `media.json`, built in the tests from
their documented structure: stories are the account's own posts; media.json lists photos,
videos and stories with a caption, a `taken_at` time and the path of a file never opened."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from generator.source.exports.base import ExportError
from generator.source.exports.formats import FORMATS
from generator.source.exports.instagram import INSTAGRAM
from generator.source.exports.read import read_all

from .meta_builders import Guarded, instagram_files, medium, meta_json

STORIES = "your_instagram_activity/content/stories.json"


class NoMedia(Guarded):
    """An export that fails the test if a photo or video is opened."""

    def head(self, name: str, size: int = 4096) -> bytes:
        assert not name.endswith((".jpg", ".mp4")), f"opened a media file: {name}"
        return super().head(name, size)

    def read(self, name: str) -> bytes:
        assert not name.endswith((".jpg", ".mp4")), f"read a media file: {name}"
        return super().read(name)


def export(files: dict[str, bytes]) -> NoMedia:
    return NoMedia("instagram.zip", files)


def stories_json(*titles: str) -> bytes:
    return meta_json(
        {"ig_stories": [medium(10 + i, t, f"media/stories/{i}.mp4") for i, t in enumerate(titles)]}
    )


def media_json() -> bytes:
    """The older layout: a two-photo post (one entry per photo), a video, two stories, a
    profile picture and a photo sent in a direct message."""
    album = {"caption": "Fresh rye \u2014 two ways", "taken_at": "2019-05-04T08:15:00"}
    return meta_json(
        {
            "photos": [
                {**album, "path": "photos/201905/a.jpg", "location": "Hilltop"},
                {**album, "path": "photos/201905/b.jpg"},
                {"caption": "", "taken_at": "2019-05-06T07:00:00+02:00", "path": "photos/c.jpg"},
            ],
            "videos": [
                {
                    "caption": "Shaping loaves",
                    "taken_at": "2019-05-08T06:30:00",
                    "path": "videos/v.mp4",
                }
            ],
            "stories": [
                {
                    "caption": "Open till 2 today",
                    "taken_at": "2019-05-09T09:00:00",
                    "path": "stories/s1.jpg",
                },
                {"caption": "", "taken_at": "2019-05-09T09:05:00", "path": "stories/s2.mp4"},
            ],
            "profile": [
                {"caption": "", "taken_at": "2017-01-01T00:00:00", "path": "profile/p.jpg"}
            ],
            "direct": [
                {
                    "caption": "for you only",
                    "taken_at": "2019-05-10T00:00:00",
                    "path": "direct/d.jpg",
                }
            ],
        }
    )


def test_stories_count_as_original_posts_beside_the_posts() -> None:
    files = {**instagram_files(), STORIES: stories_json("Today's bake \u2615", "")}
    read = INSTAGRAM.read(export(files))
    stories = [p for p in read.posts if p.posted.day in (10, 11)]
    assert [(p.structure, p.text) for p in stories] == [
        ("original", "Today's bake \u2615"),
        ("original", ""),
    ]
    assert Counter(p.structure for p in read.posts)["original"] == 4 + 2


@pytest.mark.parametrize("path", [STORIES, "content/stories.json", "stories.json"])
def test_an_export_of_stories_alone_is_recognised(path: str) -> None:
    files = {path: stories_json("One", "Two", "Three"), "media/stories/0.mp4": b"\x00video"}
    assert INSTAGRAM.recognise(export(files)) == path
    reads = read_all(export(files), FORMATS)
    assert [(r.format, len(r.posts)) for r in reads] == [("instagram", 3)]


def test_pre_2020_media_json() -> None:
    files = {
        "media.json": media_json(),
        "photos/201905/a.jpg": b"\xff\xd8",
        "videos/v.mp4": b"\x00",
    }
    assert INSTAGRAM.recognise(export(files)) == "media.json"
    read = INSTAGRAM.read(export(files))
    assert [(p.posted, p.structure, p.text) for p in read.posts] == [
        (dt.datetime(2019, 5, 4, 8, 15, tzinfo=dt.UTC), "original", "Fresh rye \u2014 two ways"),
        (dt.datetime(2019, 5, 6, 5, 0, tzinfo=dt.UTC), "original", ""),
        (dt.datetime(2019, 5, 8, 6, 30, tzinfo=dt.UTC), "original", "Shaping loaves"),
        (dt.datetime(2019, 5, 9, 9, 0, tzinfo=dt.UTC), "original", "Open till 2 today"),
        (dt.datetime(2019, 5, 9, 9, 5, tzinfo=dt.UTC), "original", ""),
    ]
    assert read.source == "instagram.zip:media.json"


def test_media_json_beside_newer_files_is_read_too() -> None:
    files = {**instagram_files(), "media.json": media_json()}
    assert Counter(p.structure for p in INSTAGRAM.read(export(files)).posts)["original"] == 4 + 5


def test_media_json_with_a_time_that_is_not_one() -> None:
    bad = meta_json({"photos": [{"caption": "x", "taken_at": "last spring", "path": "p.jpg"}]})
    with pytest.raises(ExportError) as caught:
        INSTAGRAM.read(export({"media.json": bad}))
    assert caught.value.member == "media.json"
    assert "taken_at" in caught.value.message
