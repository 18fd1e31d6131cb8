"""Small exports built from each platform's documented structure, quirks included, for the
format tests. Every sample is written here; nothing is copied from a real archive."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence

from generator.source.exports.base import FilesInMemory
from generator.source.exports.decoding import is_private

PRIVATE = "a private hello"
LINK = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{}"
CURRENT_HEADER = ("Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility")


class Guarded(FilesInMemory):
    """An export that fails the test if a direct-message file is opened at all."""

    def head(self, name: str, size: int = 4096) -> bytes:
        assert not is_private(name), f"opened a private file: {name}"
        return super().head(name, size)

    def read(self, name: str) -> bytes:
        assert not is_private(name), f"read a private file: {name}"
        return super().read(name)


def export(files: Mapping[str, bytes], label: str = "export.zip") -> Guarded:
    return Guarded(label, dict(files))


def unix(day: int, hour: int = 12) -> int:
    """Seconds since 1970 for a day of March 2024 (UTC)."""
    return int(dt.datetime(2024, 3, day, hour, tzinfo=dt.UTC).timestamp())


# --- LinkedIn ---------------------------------------------------------------------------


def wrapped(text: str) -> str:
    """Multi-line text as LinkedIn writes it: each line in its own quotes."""
    return "\n".join(f'"{line}"' for line in text.split("\n"))


def csv_bytes(
    rows: Sequence[Sequence[str]],
    header: Sequence[str] = CURRENT_HEADER,
    *,
    bom: bool = True,
    tabs: bool = False,
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter="\t" if tabs else ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    if tabs:  # the 2018 layout: UTF-16 with a byte-order mark
        return out.getvalue().encode("utf-16")
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def share(day: int, n: int, text: str = "", shared: str = "", media: str = "") -> list[str]:
    return [f"2024-03-{day:02d} 09:30:00", LINK.format(n), text, shared, media, "MEMBER_NETWORK"]


def comments_csv(rows: Sequence[tuple[str, str, str]]) -> bytes:
    """Comments.csv as LinkedIn writes it: quotes inside a message escaped as \\"."""
    lines = ["Date,Link,Message"]
    for date, link, message in rows:
        escaped = message.replace('"', '\\"')
        lines.append(f'{date},{link},"{escaped}"')
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def linkedin_files() -> dict[str, bytes]:
    """4 originals, 2 reshares, 1 quote; 3 comments on others' posts, 1 on the account's own."""
    first = "Three things we learned this year\n\nPeople want to talk &amp; be heard"
    shares = [
        share(1, 1, wrapped(first), media="https://media.example/1-small.jpg"),
        share(1, 1, wrapped(first), media="https://media.example/1-medium.jpg"),
        share(1, 1, wrapped(first), media="https://media.example/1-large.jpg"),
        share(2, 2, "Our new booking page is up", "https://hilltop.example/book"),
        share(3, 3, ""),
        share(4, 4, "", "https://www.linkedin.com/feed/update/urn:li:activity:900"),
        share(5, 5, "Worth reading, Sam", "https://www.linkedin.com/posts/sam_bread-activity-7"),
        share(6, 6, 'A line with "its own" quotes'),
        share(7, 7, "Caf\u00e9 open on Sunday \U0001f950"),
    ]
    comments = [
        (
            "2024-03-08 10:00:00",
            "https://www.linkedin.com/feed/update/urn:li:share:1",
            "Thank you all!",
        ),
        (
            "2024-03-09 10:00:00",
            "https://www.linkedin.com/feed/update/urn:li:activity:55",
            'I said "yes", twice',
        ),
        (
            "2024-03-10 10:00:00",
            "https://www.linkedin.com/feed/update/urn:li:activity:56",
            "Great\npoint",
        ),
        ("2024-03-11 10:00:00", "https://www.linkedin.com/feed/update/urn:li:ugcPost:57", "Agreed"),
    ]
    return {
        "Shares.csv": csv_bytes(shares),
        "Comments.csv": comments_csv(comments),
        "Profile.csv": b"First Name,Last Name,Headline\r\nAnn,Baker,Owner\r\n",
        "messages.csv": b"CONVERSATION ID,FROM,CONTENT\r\n1,Bob,private words\r\n",
    }


def linkedin_2018_files(header: Sequence[str] = CURRENT_HEADER) -> dict[str, bytes]:
    """2 originals and 1 reshare, UTF-16 and tab-separated, dates written with UTC."""
    rows = [
        ["2017/06/08 12:34:56 UTC", LINK.format(1), "Opening day!", "", "", "PUBLIC"],
        ["2017/06/09 08:00:00 UTC", LINK.format(2), "", "https://example.org/a", "", "PUBLIC"],
        ["2017/06/10 18:15:00 UTC", LINK.format(3), wrapped("Two\nlines"), "", "", "PUBLIC"],
    ]
    return {"Shares.csv": csv_bytes(rows, header, tabs=True)}


# --- Meta (Instagram, Facebook, Threads) ------------------------------------------------


def mangled(tree: object) -> object:
    """Every string as Meta writes it: its UTF-8 bytes one character each."""
    if isinstance(tree, str):
        return tree.encode("utf-8").decode("latin-1")
    if isinstance(tree, list):
        return [mangled(v) for v in tree]
    if isinstance(tree, dict):
        return {mangled(k): mangled(v) for k, v in tree.items()}
    return tree


def meta_json(tree: object) -> bytes:
    """JSON as Meta writes it: mangled text, every non-ASCII byte a \\u00XX escape."""
    return json.dumps(mangled(tree), ensure_ascii=True, indent=2).encode("ascii")


def medium(day: int, title: str = "", uri: str = "media/posts/1.jpg") -> dict[str, object]:
    return {
        "uri": uri,
        "creation_timestamp": unix(day),
        "media_metadata": {"camera_metadata": {"has_camera_metadata": False}},
        "title": title,
        "cross_post_source": {"source_app": "FB"},
    }


IG_POSTS = "your_instagram_activity/content/posts_1.json"


def instagram_files(posts_path: str = IG_POSTS) -> dict[str, bytes]:
    """3 posts and 1 reel (originals); 2 comments on others' posts, 1 on the account's own."""
    posts = [
        {"media": [medium(1, "Caf\u00e9 opens at 8 \u2615 it\u2019s Monday")]},
        {
            "media": [medium(2, uri="a.jpg"), medium(2, uri="b.jpg")],
            "title": "Two loaves &amp; a cake",
            "creation_timestamp": unix(2),
        },
        {"media": [medium(3, "")]},
    ]
    reels = {"ig_reels_media": [{"media": [medium(4, "Kneading, slowly")]}]}
    comments = [
        {
            "media_list_data": [{"uri": ""}],
            "string_map_data": {
                "Comment": {"value": "Lovely \u00e9clairs!"},
                "Media Owner": {"value": "pastry.friend"},
                "Time": {"timestamp": unix(5)},
            },
        },
        {
            "string_map_data": {
                "Comment": {"value": "Thanks everyone"},
                "Media Owner": {"value": "hilltop.bakery"},
                "Time": {"timestamp": unix(6)},
            }
        },
    ]
    older = {
        "comments_media_comments": [
            {
                "title": "miller.joe",
                "string_list_data": [{"value": "So true", "timestamp": unix(7)}],
            }
        ]
    }
    profile = {
        "profile_user": [
            {
                "string_map_data": {
                    "Username": {"value": "hilltop.bakery"},
                    "Name": {"value": "Hilltop"},
                }
            }
        ]
    }
    return {
        posts_path: meta_json(posts),
        "your_instagram_activity/content/reels.json": meta_json(reels),
        "your_instagram_activity/comments/post_comments_1.json": meta_json(comments),
        "your_instagram_activity/comments/comments.json": meta_json(older),
        "personal_information/personal_information/personal_information.json": meta_json(profile),
        "your_instagram_activity/messages/inbox/bob_1/message_1.json": b"{not even json",
        "your_instagram_activity/content/media/posts/1.jpg": b"\xff\xd8\xff\xe0 jpeg bytes",
    }


def fb_post(day: int, title: str = "", text: str = "", url: str = "") -> dict[str, object]:
    item: dict[str, object] = {"timestamp": unix(day)}
    if url:
        item["attachments"] = [{"data": [{"external_context": {"url": url}}]}]
    item["data"] = ([{"post": text}] if text else []) + [{"update_timestamp": unix(day)}]
    if title:
        item["title"] = title
    return item


def facebook_posts() -> list[dict[str, object]]:
    """3 originals, 2 quotes, 3 reshares."""
    return [
        fb_post(1, "", "Fresh sourdough today, who wants one?"),
        fb_post(2, "Ann Baker shared a link.", "Our new menu", "https://hilltop.example/menu"),
        fb_post(3, "Ann Baker shared a post.", "So proud of our neighbours \u2764\ufe0f"),
        fb_post(4, "Ann Baker shared a post."),
        fb_post(5, "Ann Baker shared a memory."),
        fb_post(6, "Ann Baker a partag\u00e9 une publication."),
        fb_post(7, "Ann Baker hat einen Link geteilt.", "", "https://example.org/news"),
        fb_post(8, "Ann Baker shared Sam Miller's post.", "Read this"),
    ]


FB_POSTS = "your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json"


def fb_comment(day: int, text: str, title: str) -> dict[str, object]:
    said = {"timestamp": unix(day), "comment": text, "author": "Ann Baker"}
    return {"timestamp": unix(day), "data": [{"comment": said}], "title": title}


def facebook_files(posts_path: str = FB_POSTS) -> dict[str, bytes]:
    comments = {
        "comments_v2": [
            fb_comment(9, "Congrats!", "Ann Baker commented on Sam Miller's post."),
            fb_comment(10, "Yes, 8am", "Ann Baker replied to her own comment."),
        ]
    }
    groups = {"group_posts_v2": [fb_post(11, "Ann Baker posted in Bakers United.", "Hello all")]}
    in_groups = {
        "group_comments_v2": [fb_comment(12, "Same here", "Ann Baker commented on a post.")]
    }
    profile = {"profile_v2": {"name": {"full_name": "Ann B\u00e4cker"}}}
    return {
        posts_path: meta_json(facebook_posts()),
        "your_activity_across_facebook/comments_and_reactions/comments.json": meta_json(comments),
        "your_activity_across_facebook/groups/your_posts_in_groups.json": meta_json(groups),
        "your_activity_across_facebook/groups/your_comments_in_groups.json": meta_json(in_groups),
        "personal_information/profile_information/profile_information.json": meta_json(profile),
        "your_activity_across_facebook/messages/inbox/sam_1/message_1.json": b"[broken",
    }


def thread(day: int, text: str, **reply: object) -> dict[str, object]:
    block: dict[str, object] = {"reply_control": "everyone", **reply}
    return {"media": [{**medium(day, text, uri=""), "text_app_post": block}]}


def threads_files() -> dict[str, bytes]:
    """2 originals, 2 replies to others, 2 self-replies (one shown by the parent's author,
    one by an explicit flag)."""
    posts = {
        "text_post_app_text_posts": [
            thread(1, "Bread question: crust or crumb?", is_reply=False),
            thread(2, "Crust, obviously \U0001f35e", is_reply=True),
            thread(
                3,
                "And a follow-up to my own question",
                is_reply=True,
                reply_to_author="@hilltop.bakery",
            ),
            thread(4, "Replying to a friend", is_reply=True, reply_to_author="pastry.friend"),
            thread(5, "Part three", is_reply=True, is_self_reply=True),
            {"title": "Photo day", "creation_timestamp": unix(6), "media": [medium(6, "")]},
        ]
    }
    profile = {
        "text_post_app_text_post_app_profile": [
            {"string_map_data": {"Username": {"value": "hilltop.bakery"}}}
        ]
    }
    return {
        "your_instagram_activity/threads/threads_and_replies.json": meta_json(posts),
        "your_instagram_activity/threads/personal_information.json": meta_json(profile),
    }


# --- TikTok -----------------------------------------------------------------------------


def tiktok_tree(*, newer: bool = True) -> dict[str, object]:
    """3 videos (one captioned N/A) and 2 comments; direct messages alongside."""
    videos = [
        {
            "Date": "2024-03-01 10:11:12",
            "Link": "https://www.tiktokv.com/share/video/1/",
            "Likes": "12",
            "Title": "Morning bake #bread",
        },
        {
            "Date": "2024-03-02 10:11:12",
            "Link": "https://www.tiktokv.com/share/video/2/",
            "Likes": "3",
            "Title": "N/A",
        },
        {
            "Date": "2024-03-03 10:11:12",
            "Link": "https://www.tiktokv.com/share/video/3/",
            "Likes": "0",
            "Desc": "Croissant &amp; coffee",
        },
    ]
    section = {"Posts": {"VideoList": videos}} if newer else {"Videos": {"VideoList": videos}}
    return {
        "Activity": {
            "Browsing History": {
                "VideoList": [
                    {
                        "Date": "2024-03-01 09:00:00",
                        "Link": "https://www.tiktokv.com/share/video/9/",
                    }
                ]
            },
            "Like List": {"ItemFavoriteList": []},
        },
        "Comment": {
            "Comments": {
                "CommentsList": [
                    {
                        "Date": "2024-03-04 08:00:00",
                        "Comment": "Looks delicious \U0001f60b",
                        "Photo": "N/A",
                        "Url": "",
                    },
                    {
                        "Date": "2024-03-05 08:00:00",
                        "Comment": "Where is this?",
                        "Photo": "N/A",
                        "Url": "",
                    },
                ]
            }
        },
        "Direct Message": {
            "Direct Messages": {"ChatHistory": {"Chat with sam": [{"Content": PRIVATE}]}}
        },
        "Post" if newer else "Video": section,
        "Profile": {"Profile Info": {"ProfileMap": {"userName": "hilltopbakery"}}},
    }


def tiktok_files(
    name: str = "TikTok_Data/user_data_tiktok.json", *, newer: bool = True
) -> dict[str, bytes]:
    return {name: json.dumps(tiktok_tree(newer=newer), indent=2).encode("utf-8")}
