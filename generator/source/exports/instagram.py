"""Instagram's "Download your information" export in JSON: `posts_1.json` (also under
`content/` or `your_instagram_activity/content/`), reels, stories (`stories.json`), the
pre-2020 `media.json` (lists of photos, videos and stories, each with a caption, a
`taken_at` time and the path of its file, which is never opened), and the account's
comments on posts. Meta writes text as UTF-8 bytes in \\u00XX escapes; it is repaired here.

Stories are the account's own posts: a coach counts them as Instagram posts like any other."""

from __future__ import annotations

import re

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
from .fields import export_read, iso_utc

WHAT = "Instagram"
POSTS_NAMES = ("posts_1.json", "posts.json")
# Lists of a JSON object that hold the account's own posts: reels and stories.
OWN_LISTS = ("ig_reels_media", "ig_stories")
# The pre-2020 media.json: the lists that are posts. Its "profile" list (profile pictures)
# and "direct" list (photos sent in direct messages) are not.
MEDIA_JSON_LISTS = ("photos", "videos", "stories")
# A key named exactly "timestamp" (not creation_timestamp): Facebook's posts have one at
# the top of each post, Instagram's do not.
BARE_TIMESTAMP = re.compile(r'"timestamp"\s*:')
_FIRST_KEY = re.compile(r'^\s*\[\s*\{\s*"([^"]+)"')
# The comment's own words in a comments file, under the label of the export's language.
COMMENT_LABELS = ("Comment", "Opmerking", "Commentaire", "Kommentar", "Comentario", "Commento")
OWNER_LABELS = ("Media Owner", "Media-eigenaar", "Propriétaire", "Eigentümer")


def first_key(head: str) -> str:
    """The first key of the first object in a JSON list, '' when the head is not one."""
    found = _FIRST_KEY.match(head.lstrip("\ufeff"))
    return found.group(1) if found else ""


def is_posts(head: str) -> bool:
    key = first_key(head)
    if key == "media":
        return True
    return key in ("title", "creation_timestamp") and not BARE_TIMESTAMP.search(head)


def is_reels_or_stories(head: str) -> bool:
    """Reels or stories: an object holding one of the lists of the account's own posts."""
    return starts_like(head, "{") and any(f'"{key}"' in head for key in OWN_LISTS)


def is_media_json(head: str) -> bool:
    """The pre-2020 media.json: an object of lists whose entries have a `taken_at`."""
    return (
        starts_like(head, "{")
        and '"taken_at"' in head
        and any(f'"{key}"' in head for key in MEDIA_JSON_LISTS)
    )


def is_comments(head: str) -> bool:
    if starts_like(head, "{"):
        return '"comments_media_comments"' in head or '"comments_reels_comments"' in head
    return first_key(head) in ("media_list_data", "string_map_data", "string_list_data") and (
        '"string_map_data"' in head or '"string_list_data"' in head
    )


def is_profile(head: str) -> bool:
    return starts_like(head, "{") and '"profile_user"' in head


def media_post(item: dict[str, object], member: str, what: str) -> tuple[str, object]:
    """(text, time) of a post written as a list of media: the caption is the post's own
    title, or its only medium's title when the post has none."""
    media = records(item.get("media"))
    text = clean_text(item.get("title"))
    if not text and media:
        text = clean_text(media[0].get("title"))
    when = item.get("creation_timestamp")
    if when is None and media:
        when = media[0].get("creation_timestamp")
    if when is None:
        raise ExportError(
            "a post without a creation_timestamp",
            f"download the {what} export again in the JSON format",
            member,
        )
    return text, when


def read_posts(files: ExportFiles, member: str) -> list[ExportedPost]:
    tree = load_json(files, member, WHAT)
    if not isinstance(tree, list | dict):
        raise ExportError(
            "the file does not hold a list of posts",
            "give playbook the Instagram export as downloaded (JSON format)",
            member,
        )
    if isinstance(tree, dict):
        items = [item for key in OWN_LISTS for item in records(tree.get(key))]
    else:
        items = records(tree)
    posts = []
    for item in items:
        text, when = media_post(item, member, WHAT)
        posts.append(post("instagram", from_unix(when, member, WHAT), "original", text))
    return posts


def read_media_json(files: ExportFiles, member: str) -> list[ExportedPost]:
    """The pre-2020 layout's photos, videos and stories. A post of several photos is one
    entry per photo, each with the post's caption and time: they are counted once."""
    tree = load_json(files, member, WHAT)
    seen: set[tuple[str, object, str]] = set()
    posts = []
    for key in MEDIA_JSON_LISTS:
        for item in records(dig(tree, key)):
            text = clean_text(item.get("caption"))
            if (key, item.get("taken_at"), text) in seen:
                continue
            seen.add((key, item.get("taken_at"), text))
            when = iso_utc(item.get("taken_at"), member, "taken_at time")
            posts.append(post("instagram", when, "original", text))
    return posts


def labelled(fields: dict[str, object], labels: tuple[str, ...], part: str) -> object:
    for label in labels:
        value = dig(fields, label, part)
        if value is not None:
            return value
    return None


def read_comments(files: ExportFiles, member: str, account: str) -> list[ExportedPost]:
    """The account's comments: on its own post a self-reply, otherwise a reply to someone else."""
    tree = load_json(files, member, WHAT)
    if isinstance(tree, dict):
        tree = tree.get("comments_media_comments") or tree.get("comments_reels_comments")
    posts = []
    for item in records(tree):
        fields = item.get("string_map_data")
        if isinstance(fields, dict):
            text = clean_text(labelled(fields, COMMENT_LABELS, "value"))
            owner = clean_text(labelled(fields, OWNER_LABELS, "value"))
            stamps = [dig(v, "timestamp") for v in fields.values()]
            when = next((s for s in stamps if s), None)
        else:  # the older layout: one entry holding the text and time, the owner as title
            entry = next(iter(records(item.get("string_list_data"))), {})
            text, when = clean_text(entry.get("value")), entry.get("timestamp")
            owner = clean_text(item.get("title"))
        own = bool(account) and owner.lower() == account.lower()
        structure: Structure = "self_reply" if own else "reply_to_others"
        posts.append(post("instagram", from_unix(when, member, WHAT), structure, text))
    return posts


def account_name(files: ExportFiles) -> str:
    """The username in personal_information.json, '' when the export has none."""
    for member in find_members(files, (".json",), is_profile, {"personal_information.json"}):
        users = records(dig(load_json(files, member, WHAT), "profile_user"))
        if users:
            return clean_text(dig(users[0], "string_map_data", "Username", "value"))
    return ""


def recognise(files: ExportFiles) -> str | None:
    for accept in (is_posts, is_reels_or_stories, is_media_json, is_comments):
        found = find_members(files, (".json",), accept, POSTS_NAMES, first_only=True)
        if found:
            return found[0]
    return recognised(files, (".json",), is_posts, POSTS_NAMES)


def read(files: ExportFiles) -> ExportRead:
    main = main_member(
        files,
        recognise(files),
        "Instagram posts_1.json",
        "request the Instagram export in the JSON format and give playbook the whole archive",
    )
    posts: list[ExportedPost] = []
    for member in find_members(files, (".json",), lambda h: is_posts(h) or is_reels_or_stories(h)):
        posts += read_posts(files, member)
    for member in find_members(files, (".json",), is_media_json, {"media.json"}):
        posts += read_media_json(files, member)
    account = account_name(files)
    for member in find_members(files, (".json",), is_comments):
        posts += read_comments(files, member, account)
    return export_read(INSTAGRAM, files, main, account, posts)


INSTAGRAM = ExportFormat(
    name="instagram",
    platform="instagram",
    label="Instagram export (posts_1.json)",
    looks_for="an Instagram posts_1.json (a list of posts, each with media and "
    "creation_timestamp), stories.json or the older media.json",
    recognise=recognise,
    read=read,
)
