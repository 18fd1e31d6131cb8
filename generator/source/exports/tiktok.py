"""TikTok's data export in JSON (`user_data_tiktok.json`, formerly `user_data.json`): the
account's videos and the comments it wrote. Its direct messages share the file; they are
dropped as soon as it is parsed and never looked at."""

from __future__ import annotations

import datetime as dt
import re

from ...model.export import ExportedPost, ExportRead
from .base import ExportError, ExportFiles, ExportFormat
from .decoding import (
    clean_text,
    dig,
    load_json,
    main_member,
    parse_time,
    post,
    recognised,
    records,
    starts_like,
)
from .fields import export_read

WHAT = "TikTok"
NAMES = ("user_data_tiktok.json", "user_data.json")
# Where the account's videos are, newest layout first.
VIDEO_PATHS = (
    ("Post", "Posts", "VideoList"),
    ("Video", "Videos", "VideoList"),
    ("Your Public Activity", "Videos", "VideoList"),
    ("Activity", "Videos", "VideoList"),
)
COMMENT_PATHS = (("Comment", "Comments", "CommentsList"),)
PRIVATE_SECTIONS = ("Direct Message", "Direct Messages")
CAPTION_KEYS = ("Title", "Desc", "Description", "Caption")
DATES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")
# Keys only TikTok's export has near its start, whatever its layout.
SIGNATURE = re.compile(
    r'"(?:Like List|Browsing History|Watch History|Favorite Effects|Favorite Sounds|'
    r"Follower List|Following List|Login History|ItemFavoriteList|VideoList|ProfileMap|"
    r"CommentsList|Your Activity|Your Public Activity|"
    r"Ads and data|App Settings|Tiktok Live|TikTok Live|Tiktok Shopping|Income Plus Wallet "
    r'Transactions)"\s*:'
)


def is_tiktok(head: str) -> bool:
    return starts_like(head, "{") and bool(SIGNATURE.search(head))


def caption(item: dict[str, object]) -> str:
    """The video's caption; TikTok writes 'N/A' when there is none."""
    text = next((clean_text(item[k]) for k in CAPTION_KEYS if isinstance(item.get(k), str)), "")
    return "" if text.upper() == "N/A" else text


def entries(tree: object, paths: tuple[tuple[str, ...], ...]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for path in paths:
        found += records(dig(tree, *path))
    return found


def posted(item: dict[str, object], member: str) -> dt.datetime:
    date = item.get("Date")
    return parse_time(date if isinstance(date, str) else "", DATES, member, WHAT)


def video(item: dict[str, object], member: str) -> ExportedPost:
    text, link = caption(item), item.get("Link")
    return post(
        "tiktok",
        posted(item, member),
        "original",
        text,
        post_id=link if isinstance(link, str) else "",
    )


def comment(item: dict[str, object], member: str) -> ExportedPost:
    """A comment the account wrote: TikTok does not say on whose video, so it counts as a
    reply to someone else."""
    text = clean_text(item.get("Comment") or item.get("comment"))
    return post("tiktok", posted(item, member), "reply_to_others", text)


def account_name(tree: object) -> str:
    for section in ("Profile Info", "Profile Information"):
        name = dig(tree, "Profile", section, "ProfileMap", "userName")
        if isinstance(name, str):
            return clean_text(name)
    return ""


def recognise(files: ExportFiles) -> str | None:
    return recognised(files, (".json",), is_tiktok, NAMES)


def read(files: ExportFiles) -> ExportRead:
    member = main_member(
        files,
        recognise(files),
        "TikTok user_data_tiktok.json",
        "request the TikTok data in the JSON format and give playbook the file or the zip",
    )
    tree = load_json(files, member, WHAT)
    if not isinstance(tree, dict):
        raise ExportError(
            "not TikTok's data export (it holds no sections)",
            "request the TikTok data in the JSON format and give playbook user_data_tiktok.json",
            member,
        )
    for section in PRIVATE_SECTIONS:
        tree.pop(section, None)
    posts = [video(v, member) for v in entries(tree, VIDEO_PATHS)]
    posts += [comment(c, member) for c in entries(tree, COMMENT_PATHS)]
    return export_read(TIKTOK, files, member, account_name(tree), posts)


TIKTOK = ExportFormat(
    name="tiktok",
    platform="tiktok",
    label="TikTok export (user_data_tiktok.json)",
    looks_for="a TikTok user_data_tiktok.json (sections such as Activity, Video or Post)",
    recognise=recognise,
    read=read,
)
