"""Facebook's "Download your information" export in JSON: `your_posts_1.json` (or the newer
`your_posts__check_ins__photos_and_videos_1.json`) and the account's comments.

Facebook records no post type: only a title in the account's language, such as "Ann
shared a post." or "Ann shared a link.". A shared post (or memory, photo, video) is a
quote when the account wrote something with it and a reshare otherwise; a shared link is
the account's own post. Newer exports can list a post twice, the copies differing only in
an empty entry of their data: an entry with the same time, title, words and attachments as
one already read is the same post."""

from __future__ import annotations

import json
import re
from typing import Literal

from ...model.export import ExportedPost, ExportRead, Structure
from .base import ExportError, ExportFiles, ExportFormat
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
from .instagram import BARE_TIMESTAMP, first_key

WHAT = "Facebook"
GROUP_POSTS = "group_posts_v2"
# The account's comments, on posts and in groups.
COMMENTS = ("comments_v2", "group_comments_v2")
POSTS_NAMES = ("your_posts_1.json", "your_posts__check_ins__photos_and_videos_1.json")
# Titles of a shared link, then of anything else shared, in the languages Meta exports.
SHARED_LINK = re.compile(
    r"shared a link|a partagé un lien|hat einen link geteilt|compartió un enlace|"
    r"compartilhou um link|heeft een link gedeeld|ha condiviso un link|udostępnił\w* link|"
    r"delade en länk|delte (?:et link|en lenke)|jakoi linkin|chia sẻ một liên kết|"
    r"membagikan tautan|bağlantı paylaştı|поделил\w* ссылкой|リンクをシェア|分享了链接|"
    r"分享了連結|링크를 공유",
    re.IGNORECASE,
)
SHARED = re.compile(
    r"\bshared\b|a partagé|\bgeteilt\b|compartió|compartilhou|\bgedeeld\b|ha condiviso|"
    r"udostępnił|\bdelte\b|\bdelade\b|\bjakoi\b|chia sẻ|\bmembagikan\b|paylaştı|"
    r"поделил|をシェア|分享了|공유했",
    re.IGNORECASE,
)
# "… commented on his own post" and its translations: a comment in the account's own thread.
OWN = re.compile(
    r"\bown\b|\bpropre\b|\beigenen\b|\bpropi[oa]\b|\bpropri[oa]\b|\beigen\b", re.IGNORECASE
)


def is_posts(head: str) -> bool:
    """A JSON list of posts with a bare "timestamp" key; Instagram's have none."""
    if '"string_map_data"' in head or '"string_list_data"' in head:
        return False
    return first_key(head) in ("timestamp", "attachments", "data", "tags", "title") and bool(
        BARE_TIMESTAMP.search(head)
    )


def is_group_posts(head: str) -> bool:
    """The account's posts in groups (groups/your_posts_in_groups.json and its successors)."""
    return starts_like(head, "{") and f'"{GROUP_POSTS}"' in head


def is_comments(head: str) -> bool:
    return starts_like(head, "{") and any(f'"{key}"' in head for key in COMMENTS)


def is_profile(head: str) -> bool:
    return starts_like(head, "{") and '"profile_v2"' in head


def shared(title: str) -> Literal["link", "post", ""]:
    if SHARED_LINK.search(title):
        return "link"
    return "post" if SHARED.search(title) else ""


def attached_links(item: dict[str, object]) -> list[str]:
    urls = []
    for attachment in records(item.get("attachments")):
        for entry in records(attachment.get("data")):
            url = dig(entry, "external_context", "url")
            if isinstance(url, str):
                urls.append(url)
    return urls


def post_of(item: dict[str, object], member: str) -> ExportedPost:
    words = [clean_text(d.get("post")) for d in records(item.get("data"))]
    text = "\n".join(w for w in words if w)
    kind = shared(clean_text(item.get("title")))
    structure: Structure = "original"
    if kind == "post":
        structure = "quote" if text else "reshare"
    when = from_unix(item.get("timestamp"), member, WHAT)
    return post("facebook", when, structure, text, *attached_links(item))


def entry_key(item: dict[str, object]) -> str:
    """What makes two entries the same post: time, title, words and attachments."""
    words = [d.get("post") for d in records(item.get("data")) if d.get("post")]
    fields = [item.get("timestamp"), item.get("title"), words, item.get("attachments")]
    return json.dumps(fields, sort_keys=True)


def read_posts(files: ExportFiles, member: str, seen: set[str]) -> list[ExportedPost]:
    """The posts of one file, leaving out those already in `seen` (and adding the rest)."""
    tree = load_json(files, member, WHAT)
    if isinstance(tree, dict):
        tree = tree.get(GROUP_POSTS)
    if not isinstance(tree, list):
        raise ExportError(
            "the file does not hold a list of posts",
            "give playbook the Facebook export as downloaded (JSON format)",
            member,
        )
    posts = []
    for item in records(tree):
        key = entry_key(item)
        if key not in seen:
            seen.add(key)
            posts.append(post_of(item, member))
    return posts


def read_comments(files: ExportFiles, member: str) -> list[ExportedPost]:
    posts = []
    tree = load_json(files, member, WHAT)
    for item in [i for key in COMMENTS for i in records(dig(tree, key))]:
        comment = next((dig(d, "comment") for d in records(item.get("data"))), None)
        text = clean_text(dig(comment, "comment"))
        own = OWN.search(clean_text(item.get("title")))
        when = from_unix(item.get("timestamp"), member, WHAT)
        posts.append(post("facebook", when, "self_reply" if own else "reply_to_others", text))
    return posts


def account_name(files: ExportFiles) -> str:
    for member in find_members(files, (".json",), is_profile, {"profile_information.json"}):
        name = dig(load_json(files, member, WHAT), "profile_v2", "name", "full_name")
        return clean_text(name)
    return ""


def recognise(files: ExportFiles) -> str | None:
    posts = recognised(files, (".json",), is_posts, POSTS_NAMES)
    for other in (is_group_posts, is_comments):
        found = find_members(files, (".json",), other, first_only=True)
        posts = posts or (found[0] if found else None)
    return posts


def read(files: ExportFiles) -> ExportRead:
    main = main_member(
        files,
        recognise(files),
        "Facebook your_posts_1.json",
        "request the Facebook export in the JSON format and give playbook the whole archive",
    )
    posts: list[ExportedPost] = []
    seen: set[str] = set()
    for member in find_members(files, (".json",), lambda h: is_posts(h) or is_group_posts(h)):
        posts += read_posts(files, member, seen)
    for member in find_members(files, (".json",), is_comments):
        posts += read_comments(files, member)
    return export_read(FACEBOOK, files, main, account_name(files), posts)


FACEBOOK = ExportFormat(
    name="facebook",
    platform="facebook",
    label="Facebook export (your_posts_1.json)",
    looks_for="a Facebook your_posts_1.json (a list of posts, each with a timestamp and data)",
    recognise=recognise,
    read=read,
)
