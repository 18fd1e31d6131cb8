"""Threads posts and replies, as the Instagram export holds them:
`your_instagram_activity/threads/threads_and_replies.json`. Each post is written like an
Instagram one (a list of media with a title and a time); `text_app_post` says whether it
is a reply."""

from __future__ import annotations

from ...model.export import ExportRead, Structure
from .base import ExportFiles, ExportFormat
from .decoding import (
    clean_text,
    dig,
    find_members,
    from_unix,
    load_json,
    main_member,
    post,
    recognised,
    records,
    starts_like,
)
from .fields import export_read
from .instagram import account_name as instagram_account
from .instagram import media_post

WHAT = "Threads"
NAMES = ("threads_and_replies.json",)
KEY = "text_post_app_text_posts"
PROFILE_KEY = "text_post_app_text_post_app_profile"
# Fields naming whose post a reply answers, or saying outright that it answers the
# account's own: used when the archive has them.
PARENT_AUTHOR = (
    "reply_to_author",
    "replied_to_author",
    "reply_to_username",
    "in_reply_to_username",
    "parent_post_author",
)
SELF_REPLY = ("is_self_reply", "is_reply_to_self", "is_reply_to_own_thread")


def is_threads(head: str) -> bool:
    return starts_like(head, "{") and f'"{KEY}"' in head


def is_profile(head: str) -> bool:
    return starts_like(head, "{") and f'"{PROFILE_KEY}"' in head


def reply_fields(item: dict[str, object]) -> dict[str, object]:
    """The post's `text_app_post` block, at the top or on its first medium."""
    block = item.get("text_app_post")
    if not isinstance(block, dict):
        media = records(item.get("media"))
        block = media[0].get("text_app_post") if media else None
    return block if isinstance(block, dict) else {}


def structure_of(fields: dict[str, object], account: str) -> Structure:
    if any(fields.get(k) is True for k in SELF_REPLY):
        return "self_reply"
    parent = next((clean_text(fields[k]) for k in PARENT_AUTHOR if fields.get(k)), "")
    if parent:
        own = bool(account) and parent.lstrip("@").lower() == account.lower()
        return "self_reply" if own else "reply_to_others"
    return "reply_to_others" if fields.get("is_reply") is True else "original"


def account_name(files: ExportFiles) -> str:
    """The Threads username, else the Instagram one (a Threads account is an Instagram one)."""
    for member in find_members(files, (".json",), is_profile, {"personal_information.json"}):
        users = records(dig(load_json(files, member, WHAT), PROFILE_KEY))
        if users:
            return clean_text(dig(users[0], "string_map_data", "Username", "value"))
    return instagram_account(files)


def recognise(files: ExportFiles) -> str | None:
    return recognised(files, (".json",), is_threads, NAMES)


def read(files: ExportFiles) -> ExportRead:
    main = main_member(
        files,
        recognise(files),
        "Threads threads_and_replies.json",
        "request the Instagram export in the JSON format, Threads included",
    )
    account = account_name(files)
    posts = []
    for member in find_members(files, (".json",), is_threads, NAMES):
        for item in records(dig(load_json(files, member, WHAT), KEY)):
            text, when = media_post(item, member, WHAT)
            structure = structure_of(reply_fields(item), account)
            posts.append(post("threads", from_unix(when, member, WHAT), structure, text))
    return export_read(THREADS, files, main, account, posts)


THREADS = ExportFormat(
    name="threads",
    platform="threads",
    label="Threads posts and replies (threads_and_replies.json)",
    looks_for="a Threads threads_and_replies.json (an object with text_post_app_text_posts)",
    recognise=recognise,
    read=read,
)
