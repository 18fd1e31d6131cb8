"""Mastodon's account archive: `outbox.json`, an ActivityStreams collection of the account's
activities, and `actor.json`, the account itself.

A `Create` of a Note (or a poll, a Question) is a post, an `Announce` a boost; a reply has
`inReplyTo`. Direct messages are in the file too: a post addressed (to/cc) to neither the
Public collection nor the account's followers. They are counted apart and never read.
Followers-only posts are kept. `totalItems` is not trusted, and every `orderedItems` is read:
some exports write that key twice, once with an empty list."""

from __future__ import annotations

import html
import re
from typing import Any

from ...model.export import ExportedPost, ExportRead, Structure
from .base import ExportError, ExportFiles, ExportFormat
from .fields import export_read, id_text, iso_utc, settle_self_replies
from .jsonstream import JsonStream, whole

_OUTBOX = re.compile(r"(^|/)outbox[^/]*\.json$")  # 'outbox (1).json' from a second download
_PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
_POST_TYPES = frozenset({"Note", "Question", "Article"})
# Fields later Mastodon versions and other servers use for a quoted post.
_QUOTE_FIELDS = ("quote", "quoteUri", "quoteUrl", "_misskey_quote")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_ANCHOR = re.compile(r"<a\s([^>]*)>", re.IGNORECASE)
_HREF = re.compile(r'href="([^"]*)"')
_CLASS = re.compile(r'class="([^"]*)"')


def recognise(files: ExportFiles) -> str | None:
    for name in files.names():
        if _OUTBOX.search(name):
            head = files.head(name, 2048)
            if b"OrderedCollection" in head or b"orderedItems" in head:
                return name
    return None


def _text_and_links(content: object) -> tuple[str, tuple[str, ...]]:
    """The post's words from its HTML (paragraphs and line breaks kept, tags dropped) and
    the addresses it links (see _links)."""
    if not isinstance(content, str) or not content:
        return "", ()
    # The commonest shape, paragraphs and nothing else, without the two substitutions:
    # once the paragraph breaks are replaced, no other '<' may be left (so no link either).
    if content.startswith("<p>") and content.endswith("</p>"):
        inner = content[3:-4].replace("</p><p>", "\n")
        if "<" not in inner:
            return html.unescape(inner).strip(), ()
    return _markup_text(content), _links(content)


def _markup_text(content: str) -> str:
    """The words of any HTML, the general way."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", content))).strip()


def _links(content: object) -> tuple[str, ...]:
    """Addresses linked in the post, leaving out mentions and hashtags."""
    if not isinstance(content, str) or "<a" not in content:
        return ()
    found = []
    for attributes in _ANCHOR.findall(content):
        classes = _CLASS.search(attributes)
        if classes and ({"mention", "hashtag"} & set(classes.group(1).split())):
            continue
        href = _HREF.search(attributes)
        if href:
            found.append(html.unescape(href.group(1)))
    return tuple(found)


def _is_direct(activity: dict[str, Any], note: dict[str, Any]) -> bool:
    """Addressed to people only: neither the Public collection nor a followers collection
    (stopping at the first public address, which is nearly always the first one)."""
    addressed = False
    for thing in (note, activity):
        for field in ("to", "cc"):
            value = thing.get(field)
            for name in (value,) if isinstance(value, str) else value or ():
                if not isinstance(name, str):
                    continue
                if name in _PUBLIC or name.endswith("/followers"):
                    return False
                addressed = True
    return addressed  # an export that leaves out addressing: treated as public


def _account(files: ExportFiles, outbox: str) -> tuple[str, str]:
    """(the actor's id, the handle to show) from actor.json beside the outbox, if any."""
    name = outbox[: outbox.rfind("/") + 1] + "actor.json"
    if name not in files.names():
        return "", ""
    actor = whole(files.read(name), name)
    if not isinstance(actor, dict):
        return "", ""
    actor_id = id_text(actor.get("id"))
    return actor_id, id_text(actor.get("preferredUsername")) or actor_id


def read(files: ExportFiles) -> ExportRead:
    member = recognise(files)
    if member is None:  # pragma: no cover - read only after recognise
        raise ExportError("has no outbox.json", "give the Mastodon archive")
    actor_id, handle = _account(files, member)
    own_prefix = actor_id.rstrip("/") + "/" if actor_id else ""
    posts: list[ExportedPost] = []
    unsure: list[tuple[int, str]] = []
    stream = JsonStream(files.chunks(member), member)
    seen_items = False
    for key in stream.members():
        if key != "orderedItems":
            stream.value()
            continue
        seen_items = True
        for activity in stream.items():
            post, parent = _post(activity, member, own_prefix)
            if post is None:
                continue
            if parent and not own_prefix:
                unsure.append((len(posts), parent))
            posts.append(post)
    stream.end()
    if not seen_items:
        raise ExportError(
            "has no orderedItems list of activities", "give the outbox.json of the archive", member
        )
    return export_read(MASTODON, files, member, handle, settle_self_replies(posts, unsure))


def _post(activity: Any, member: str, own_prefix: str) -> tuple[ExportedPost | None, str]:
    """The post an activity records (None for other activities), and its parent's id.
    A reply to an id under `own_prefix` (the account's, when known) is a self-reply."""
    if not isinstance(activity, dict):
        return None, ""
    kind = activity.get("type")
    if kind == "Announce":
        when = iso_utc(activity.get("published"), member, "publication date")
        boosted = activity.get("object")
        target = boosted.get("id") if isinstance(boosted, dict) else boosted
        return ExportedPost("mastodon", when, "reshare", links=_one(target)), ""
    note = activity.get("object")
    if kind != "Create" or not isinstance(note, dict) or note.get("type") not in _POST_TYPES:
        return None, ""
    when = iso_utc(note.get("published") or activity.get("published"), member, "publication date")
    post_id = id_text(note.get("id"))
    if _is_direct(activity, note):
        return ExportedPost("mastodon", when, "direct_excluded", post_id=post_id), ""
    content = note.get("content")
    text, links = _text_and_links(content)
    parent = note.get("inReplyTo")
    parent = parent.get("id") if isinstance(parent, dict) else parent
    if isinstance(parent, str) and parent:
        own = own_prefix and parent.startswith(own_prefix)
        reply: Structure = "self_reply" if own else "reply_to_others"
        return ExportedPost("mastodon", when, reply, text, links, post_id), parent
    structure: Structure = "original"
    if not note.keys().isdisjoint(_QUOTE_FIELDS) and any(
        isinstance(note.get(field), str | dict) for field in _QUOTE_FIELDS
    ):
        structure = "quote"
    return ExportedPost("mastodon", when, structure, text, links, post_id), ""


def _one(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) and value else ()


MASTODON = ExportFormat(
    name="mastodon-outbox",
    platform="mastodon",
    label="Mastodon archive (outbox.json)",
    looks_for="a Mastodon outbox.json (an ActivityStreams OrderedCollection)",
    recognise=recognise,
    read=read,
)
