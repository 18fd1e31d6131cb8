"""Instagram, Facebook and Threads exports ("Download your information", JSON), built in the
tests from the documented structure: text as UTF-8 bytes in \\u00XX escapes, Unix times,
Facebook's localised titles, Threads' reply flags, direct-message folders alongside."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable

import pytest

from generator.source.exports.base import ExportError, ExportFormat
from generator.source.exports.decoding import clean_text, repair
from generator.source.exports.facebook import FACEBOOK, shared
from generator.source.exports.instagram import INSTAGRAM
from generator.source.exports.threads import THREADS

from .meta_builders import (
    FB_POSTS,
    IG_POSTS,
    export,
    facebook_files,
    fb_post,
    instagram_files,
    meta_json,
    thread,
    threads_files,
    unix,
)


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("caf\u00c3\u00a9", "café"),
        ("it\u00e2\u0080\u0099s", "it\u2019s"),
        ("\u00f0\u009f\u00a5\u0090", "\U0001f950"),
        ("café", "café"),  # right already: left alone
        ("\u00c3", "\u00c3"),  # not a whole UTF-8 sequence: left alone
        ("plain", "plain"),
        ("snow \u2603", "snow \u2603"),
    ],
)
def test_repair_only_when_it_round_trips(stored: str, text: str) -> None:
    assert repair(stored) == text


@pytest.mark.parametrize(
    ("value", "text"), [("  a &amp; b ", "a & b"), ("caf\u00c3\u00a9 &lt;3", "café <3"), (None, "")]
)
def test_clean_text(value: object, text: str) -> None:
    assert clean_text(value) == text


# --- Instagram ----------------------------------------------------------------------------


def test_instagram_counts_and_text() -> None:
    read = INSTAGRAM.read(export(instagram_files()))
    assert Counter(p.structure for p in read.posts) == {
        "original": 4,
        "reply_to_others": 2,
        "self_reply": 1,
    }
    assert (read.format, read.platform, read.account) == (
        "instagram",
        "instagram",
        "hilltop.bakery",
    )
    assert read.source == f"export.zip:{IG_POSTS}"
    texts = [p.text for p in read.posts]
    assert texts[:4] == [
        "Café opens at 8 \u2615 it\u2019s Monday",
        "Two loaves & a cake",
        "",
        "Kneading, slowly",
    ]
    assert read.posts[0].posted == dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
    mine = [p for p in read.posts if p.structure == "self_reply"]
    assert [p.text for p in mine] == ["Thanks everyone"]
    assert "Lovely éclairs!" in texts and "So true" in texts


@pytest.mark.parametrize(
    "path",
    [
        "posts_1.json",
        "content/posts_1.json",
        "your_instagram_activity/content/posts_1.json",
        "renamed by the client/instagram.json",
    ],
)
def test_instagram_posts_found_wherever_they_are(path: str) -> None:
    files = instagram_files(path)
    assert INSTAGRAM.recognise(export(files)) == path
    assert FACEBOOK.recognise(export({path: files[path]})) is None


def test_instagram_without_account_counts_every_comment_as_a_reply_to_others() -> None:
    files = {k: v for k, v in instagram_files().items() if "personal_information" not in k}
    read = INSTAGRAM.read(export(files))
    assert read.account == ""
    assert Counter(p.structure for p in read.posts)["reply_to_others"] == 3


# --- Facebook -----------------------------------------------------------------------------


def test_facebook_counts_from_localised_titles() -> None:
    read = FACEBOOK.read(export(facebook_files()))
    assert Counter(p.structure for p in read.posts) == {
        "original": 4,
        "quote": 2,
        "reshare": 3,
        "reply_to_others": 2,
        "self_reply": 1,
    }
    assert read.account == "Ann Bäcker"
    by_day = {p.posted.day: p for p in read.posts}
    assert by_day[2].links == ("https://hilltop.example/menu",)
    assert by_day[3].text == "So proud of our neighbours \u2764\ufe0f"
    assert by_day[7].links == ("https://example.org/news",)
    assert all(p.text == "" for p in read.posts if p.structure == "reshare")


@pytest.mark.parametrize(
    ("title", "text", "structure"),
    [
        ("", "Hello", "original"),
        ("Ann updated her status.", "Hello", "original"),
        ("Ann shared a post.", "", "reshare"),
        ("Ann shared a post.", "My words", "quote"),
        ("Ann shared Sam's post.", "", "reshare"),
        ("Ann shared a memory.", "", "reshare"),
        ("Ann shared a memory.", "Five years ago!", "quote"),
        ("Ann shared a link.", "My words", "original"),
        ("Ann shared a link.", "", "original"),
        ("Ann a partag\u00e9 une publication.", "", "reshare"),
        ("Ann a partag\u00e9 un lien.", "Mes mots", "original"),
        ("Ann hat einen Beitrag geteilt.", "Meine Worte", "quote"),
        ("Ann compartió una publicación.", "", "reshare"),
        ("Ann heeft een link gedeeld.", "Mijn woorden", "original"),
        ("Ann was at the market.", "", "original"),
    ],
)
def test_facebook_structure_table(title: str, text: str, structure: str) -> None:
    files = export({"your_posts_1.json": meta_json([fb_post(1, title, text)])})
    (post,) = FACEBOOK.read(files).posts
    assert (post.structure, post.text) == (structure, text)


@pytest.mark.parametrize(
    ("title", "kind"),
    [("X shared a link.", "link"), ("X shared a video.", "post"), ("X posted.", "")],
)
def test_shared_kind(title: str, kind: str) -> None:
    assert shared(title) == kind


@pytest.mark.parametrize(
    "path",
    [
        "your_posts_1.json",
        "posts/your_posts_1.json",
        FB_POSTS,
        "facebook-ann/elsewhere/my posts.json",
    ],
)
def test_facebook_posts_found_wherever_they_are(path: str) -> None:
    files = facebook_files(path)
    assert FACEBOOK.recognise(export(files)) == path
    assert INSTAGRAM.recognise(export({path: files[path]})) is None


# --- Threads ------------------------------------------------------------------------------


def test_threads_replies_and_self_replies() -> None:
    read = THREADS.read(export(threads_files()))
    assert [p.structure for p in read.posts] == [
        "original",
        "reply_to_others",
        "self_reply",
        "reply_to_others",
        "self_reply",
        "original",
    ]
    assert read.account == "hilltop.bakery"
    assert read.posts[1].text == "Crust, obviously \U0001f35e"
    assert read.posts[5].text == "Photo day"


def test_threads_without_the_account_cannot_tell_a_self_reply_by_author() -> None:
    files = {k: v for k, v in threads_files().items() if "personal" not in k}
    structures = Counter(p.structure for p in THREADS.read(export(files)).posts)
    assert structures == {"original": 2, "reply_to_others": 3, "self_reply": 1}


def test_an_instagram_archive_holds_threads_too() -> None:
    files = export({**instagram_files(), **threads_files()})
    assert INSTAGRAM.recognise(files) == IG_POSTS
    assert THREADS.recognise(files) == "your_instagram_activity/threads/threads_and_replies.json"
    assert len(THREADS.read(files).posts) == 6
    assert all(p.platform == "instagram" for p in INSTAGRAM.read(files).posts)


# --- Bad input ----------------------------------------------------------------------------

FORMATS_AND_FILES = [
    (INSTAGRAM, "posts_1.json", [{"media": [{"creation_timestamp": unix(1), "title": "Hi"}]}]),
    (FACEBOOK, "your_posts_1.json", [fb_post(1, "", "Hi")]),
    (THREADS, "threads_and_replies.json", {"text_post_app_text_posts": [thread(1, "Hi")]}),
]


@pytest.mark.parametrize(("fmt", "name", "tree"), FORMATS_AND_FILES)
@pytest.mark.parametrize(
    ("damage", "phrase"),
    [
        (lambda data: data[: len(data) // 2], "cut short"),
        (lambda data: data[:-1] + b"},", "not valid JSON"),
        (lambda _data: b"", "empty"),
        (lambda _data: b"  \n", "empty"),
    ],
)
def test_damaged_files(
    fmt: ExportFormat, name: str, tree: object, damage: Callable[[bytes], bytes], phrase: str
) -> None:
    data = damage(meta_json(tree))
    files = export({name: data})
    assert fmt.recognise(files) == name
    with pytest.raises(ExportError) as caught:
        fmt.read(files)
    assert phrase in caught.value.message
    assert caught.value.member == name
    assert caught.value.hint


def test_wrong_encoding_is_named() -> None:
    data = json.dumps([{"media": [], "title": "x", "creation_timestamp": 1}]).encode()
    files = export({"posts_1.json": data.replace(b'"x"', b'"caf\xe9"')})
    with pytest.raises(ExportError, match="not UTF-8"):
        INSTAGRAM.read(files)


def test_a_post_without_a_time_is_an_error() -> None:
    files = export({"posts_1.json": meta_json([{"media": [{"title": "Hi"}], "title": "Hi"}])})
    with pytest.raises(ExportError, match="creation_timestamp"):
        INSTAGRAM.read(files)
    files = export({"your_posts_1.json": meta_json([{"timestamp": "soon", "data": []}])})
    with pytest.raises(ExportError, match="usable time"):
        FACEBOOK.read(files)


@pytest.mark.parametrize(
    ("fmt", "other"),
    [
        (INSTAGRAM, facebook_files()),
        (INSTAGRAM, threads_files()),
        (FACEBOOK, instagram_files()),
        (FACEBOOK, threads_files()),
        (THREADS, instagram_files()),
        (THREADS, facebook_files()),
    ],
)
def test_another_platforms_files_are_not_taken(fmt: ExportFormat, other: dict[str, bytes]) -> None:
    files = export(other)
    assert fmt.recognise(files) is None
    with pytest.raises(ExportError, match=r"no .* found in export\.zip"):
        fmt.read(files)


@pytest.mark.parametrize(("fmt", "name", "tree"), FORMATS_AND_FILES)
def test_cut_anywhere_says_cut_short(fmt: ExportFormat, name: str, tree: object) -> None:
    data = meta_json(tree)
    for end in range(60, len(data) - 1, 5):
        files = export({name: data[:end]})
        assert fmt.recognise(files) == name
        with pytest.raises(ExportError, match="cut short"):
            fmt.read(files)
