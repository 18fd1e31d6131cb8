"""LinkedIn's Shares.csv (current and 2018 layouts) and Comments.csv, built in the tests
from the documented columns and quirks."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from generator.source.exports.base import ExportError
from generator.source.exports.linkedin import (
    LINKEDIN,
    LINKEDIN_2018,
    column_key,
    unwrap_lines,
)

from .meta_builders import (
    CURRENT_HEADER,
    LINK,
    comments_csv,
    csv_bytes,
    export,
    linkedin_2018_files,
    linkedin_files,
    share,
)


def counts(files: dict[str, bytes], fmt: object = LINKEDIN) -> Counter[str]:
    read = LINKEDIN.read if fmt is LINKEDIN else LINKEDIN_2018.read
    return Counter(p.structure for p in read(export(files)).posts)


def test_current_export_counts_each_structure_once() -> None:
    read = LINKEDIN.read(export(linkedin_files()))
    assert Counter(p.structure for p in read.posts) == {
        "original": 4,
        "reshare": 2,
        "quote": 1,
        "reply_to_others": 3,
        "self_reply": 1,
    }
    assert (read.format, read.platform, read.account) == ("linkedin", "linkedin", "")
    assert read.source == "export.zip:Shares.csv"
    assert [p.posted for p in read.posts] == sorted(p.posted for p in read.posts)
    assert all(p.posted.tzinfo is dt.UTC for p in read.posts)


def test_texts_are_unwrapped_unescaped_and_whole() -> None:
    posts = {p.post_id or p.text: p for p in LINKEDIN.read(export(linkedin_files())).posts}
    first = posts["urn:li:share:1"]
    assert first.text == "Three things we learned this year\n\nPeople want to talk & be heard"
    assert first.posted == dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)
    assert posts["urn:li:share:6"].text == 'A line with "its own" quotes'
    assert posts["urn:li:share:7"].text == "Café open on Sunday \U0001f950"
    assert posts["urn:li:share:2"].links == ("https://hilltop.example/book",)
    assert posts["urn:li:share:3"].text == ""
    assert posts['I said "yes", twice'].structure == "reply_to_others"
    assert posts["Great\npoint"].structure == "reply_to_others"
    assert posts["Thank you all!"].structure == "self_reply"


def test_rows_differing_only_in_the_image_are_one_post() -> None:
    rows = [share(1, 1, "Same post", media=f"https://m.example/{size}.jpg") for size in "sml"]
    rows.append(share(1, 1, "Same post, edited", media="https://m.example/s.jpg"))
    read = LINKEDIN.read(export({"Shares.csv": csv_bytes(rows)}))
    assert [p.text for p in read.posts] == ["Same post", "Same post, edited"]


@pytest.mark.parametrize(
    ("text", "shared", "structure"),
    [
        ("", "", "reshare"),
        ("", "https://example.org/article", "reshare"),
        ("", "https://www.linkedin.com/feed/update/urn:li:activity:1", "reshare"),
        ("My take", "https://www.linkedin.com/feed/update/urn:li:activity:1", "quote"),
        ("My take", "https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A1", "quote"),
        ("My take", "https://www.linkedin.com/posts/sam_x-activity-1-abc", "quote"),
        ("My take", "https://example.org/article", "original"),
        ("My take", "", "original"),
        ("   ", "", "reshare"),
    ],
)
def test_structure_from_commentary_and_shared_address(
    text: str, shared: str, structure: str
) -> None:
    read = LINKEDIN.read(export({"Shares.csv": csv_bytes([share(1, 1, text, shared)])}))
    assert [p.structure for p in read.posts] == [structure]


@pytest.mark.parametrize("bom", [True, False])
def test_with_or_without_a_byte_order_mark(bom: bool) -> None:
    data = csv_bytes([share(1, 1, "Hello")], bom=bom)
    files = export({"Shares.csv": data})
    assert LINKEDIN.recognise(files) == "Shares.csv"
    assert [p.text for p in LINKEDIN.read(files).posts] == ["Hello"]


@pytest.mark.parametrize(
    "header",
    [
        CURRENT_HEADER,
        ("Date", "Share Link", "Share Commentary", "Shared URL", "Media URL", "Visibility"),
        ("\ufeffDATE", "share_link", "Commentary", "Shared Url", "Media Url", "visibility"),
        (" Share Date ", "Link", "Share Commentary", "SharedURL", "Image URL", "Visibility"),
    ],
)
def test_2018_layout_utf16_tabs_other_column_names(header: tuple[str, ...]) -> None:
    files = export(linkedin_2018_files(header))
    assert LINKEDIN_2018.recognise(files) == "Shares.csv"
    assert LINKEDIN.recognise(files) is None
    read = LINKEDIN_2018.read(files)
    assert read.format == "linkedin-2018"
    assert [(p.posted, p.structure, p.text) for p in read.posts] == [
        (dt.datetime(2017, 6, 8, 12, 34, 56, tzinfo=dt.UTC), "original", "Opening day!"),
        (dt.datetime(2017, 6, 9, 8, 0, tzinfo=dt.UTC), "reshare", ""),
        (dt.datetime(2017, 6, 10, 18, 15, tzinfo=dt.UTC), "original", "Two\nlines"),
    ]


def test_current_layout_is_not_taken_for_2018() -> None:
    assert LINKEDIN_2018.recognise(export(linkedin_files())) is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-03-01 09:30:00", dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)),
        ("2017/06/08 12:34:56 UTC", dt.datetime(2017, 6, 8, 12, 34, 56, tzinfo=dt.UTC)),
        ("2017/06/08 12:34 UTC", dt.datetime(2017, 6, 8, 12, 34, tzinfo=dt.UTC)),
        (" 2024-03-01 09:30 ", dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)),
    ],
)
def test_dates(written: str, expected: dt.datetime) -> None:
    row = share(1, 1, "Hi")
    row[0] = written
    (post,) = LINKEDIN.read(export({"Shares.csv": csv_bytes([row])})).posts
    assert post.posted == expected


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ('"one"\n"two"', "one\ntwo"),
        ('"one"\n""\n"three"', "one\n\nthree"),
        ('"one"\r\n"two"', "one\ntwo"),
        ('"a quote on one line"', '"a quote on one line"'),
        ('"one"\ntwo', '"one"\ntwo'),
        ("plain\ntext", "plain\ntext"),
    ],
)
def test_unwrap_lines(raw: str, text: str) -> None:
    assert unwrap_lines(raw) == text


@pytest.mark.parametrize(
    ("name", "key"), [("ShareCommentary", "sharecommentary"), ("\ufeff Share Date", "sharedate")]
)
def test_column_key(name: str, key: str) -> None:
    assert column_key(name) == key


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ('"say \\"hi\\" now"', 'say "hi" now'),
        ('say \\"hi\\" unquoted', 'say "hi" unquoted'),
        ('"doubled ""quotes"" too"', 'doubled "quotes" too'),
        ('"C:\\temp\\new, kept"', "C:\\temp\\new, kept"),
        ('"ends with a quote \\""', 'ends with a quote "'),
    ],
)
def test_comment_quoting(raw: str, text: str) -> None:
    data = f"Date,Link,Message\r\n2024-03-01 10:00:00,{LINK.format(9)},{raw}\r\n"
    (post,) = LINKEDIN.read(export({"Comments.csv": data.encode()})).posts
    assert post.text == text


def test_comments_alone_are_read() -> None:
    files = export({"Comments.csv": comments_csv([("2024-03-01 10:00:00", LINK.format(9), "Hi")])})
    assert LINKEDIN.recognise(files) == "Comments.csv"
    (post,) = LINKEDIN.read(files).posts
    assert (post.structure, post.text) == ("reply_to_others", "Hi")


def test_renamed_and_moved_files_are_recognised_by_content() -> None:
    files = linkedin_files()
    moved = export(
        {
            "backup/linkedin posts.csv": files["Shares.csv"],
            "backup/my comments.csv": files["Comments.csv"],
        }
    )
    assert LINKEDIN.recognise(moved) == "backup/linkedin posts.csv"
    assert counts(dict(moved.files)) == counts(files)


BROKEN = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r\n"


@pytest.mark.parametrize(
    ("files", "phrase"),
    [
        ({"Shares.csv": (BROKEN + '2024-03-01 09:30:00,x,"never ends\r\n').encode()}, "quoting"),
        ({"Shares.csv": (BROKEN + '2024-03-01 09:30:00,x,"ab"c,,,\r\n').encode()}, "line 2"),
        ({"Shares.csv": (BROKEN + "2024-03-01 09:30:00,x,a,b,c,d,e,f\r\n").encode()}, "8 fields"),
        (
            {"Shares.csv": (BROKEN + "2024-03-01 09:30:00,x,Caf\xe9,,,\r\n").encode("cp1252")},
            "UTF-8",
        ),
        ({"Shares.csv": (BROKEN + "1 March 2024,x,Hi,,,\r\n").encode()}, "date"),
        ({"Shares.csv": b""}, "empty"),
        ({"Shares.csv": b"\xef\xbb\xbf\r\n"}, "empty"),
        ({"Comments.csv": b'Date,Link,Message\r\n2024-03-01 10:00:00,x,"open\r\n'}, "quoting"),
    ],
)
def test_bad_input_is_one_error_with_a_hint(files: dict[str, bytes], phrase: str) -> None:
    with pytest.raises(ExportError) as caught:
        LINKEDIN.read(export(files))
    error = caught.value
    assert phrase in error.message
    assert error.member in files
    assert error.hint
    assert "\n" not in error.message + error.hint


def test_missing_commentary_column_names_the_columns() -> None:
    data = b"Date,ShareLink,Visibility\r\n2024-03-01 09:30:00,x,PUBLIC\r\n"
    files = export({"Shares.csv": data})
    assert LINKEDIN.recognise(files) == "Shares.csv"
    with pytest.raises(ExportError, match="no ShareCommentary"):
        LINKEDIN.read(files)


@pytest.mark.parametrize(
    "data",
    [
        b"tweet_id,in_reply_to_status_id,timestamp,source,text\r\n1,,2024-03-01,web,hi\r\n",
        b"First Name,Last Name,Headline\r\nAnn,Baker,Owner\r\n",
        b"",
        b'[{"media": []}]',
    ],
)
def test_other_files_are_not_linkedin(data: bytes) -> None:
    files = export({"Shares.csv" if data.startswith(b"[") else "tweets.csv": data})
    assert LINKEDIN.recognise(files) is None
    assert LINKEDIN_2018.recognise(files) is None
    with pytest.raises(ExportError, match=r"no LinkedIn Shares\.csv"):
        LINKEDIN.read(files)
