"""Bluesky's "export my data": the account's repository as one CAR file, decoded with
libipld (the IPLD library the AT Protocol SDK for Python uses).

The root block is the signed commit naming the repository's DID; its `data` is a Merkle
search tree whose keys are `collection/record-key`. `app.bsky.feed.post` records are posts
(a reply has `reply.parent`; a self-reply's parent URI carries the repository's own DID; an
`app.bsky.embed.record` or `recordWithMedia` embed of someone else's post makes a quote) and
`app.bsky.feed.repost` records are reshares. Every other record type (likes, follows,
blocks, the profile) is left alone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import libipld

from ...model.export import ExportedPost, ExportRead, Structure
from .base import ExportError, ExportFiles, ExportFormat
from .fields import export_read, iso_utc

_POST, _REPOST = "app.bsky.feed.post", "app.bsky.feed.repost"
_QUOTE_EMBEDS = frozenset({"app.bsky.embed.record", "app.bsky.embed.recordWithMedia"})
_LINK = "app.bsky.richtext.facet#link"
_DAMAGED = "download the repository again (Settings, Account, Export my data)"
_TID_DIGITS = {char: value for value, char in enumerate("234567abcdefghijklmnopqrstuvwxyz")}
_TID = re.compile(r"^[234567a-z]{13}$")


def recognise(files: ExportFiles) -> str | None:
    for name in files.names():
        if name.lower().endswith(".car"):
            head = files.head(name, 256)
            if b"roots" in head[:128] and b"version" in head[:128]:
                return name
    return None


def _did(uri: object) -> str:
    """The DID of an at:// URI ('at://did:plc:abc/app.bsky.feed.post/3k…' -> 'did:plc:abc')."""
    if not isinstance(uri, str) or not uri.startswith("at://"):
        return ""
    return uri[5:].split("/", 1)[0]


def _tree(
    blocks: dict[bytes, Any], cid: bytes, member: str, depth: int = 0
) -> Iterator[tuple[str, Any]]:
    """(key, value CID) of every entry of the search tree under `cid`, in key order. Keys
    are stored as a prefix length shared with the entry before and the rest."""
    node = blocks.get(cid)
    if not isinstance(node, dict) or depth > 64:
        raise ExportError(
            "the repository is missing a block of its record tree: it is cut short",
            _DAMAGED,
            member,
        )
    if node.get("l"):
        yield from _tree(blocks, node["l"], member, depth + 1)
    key = b""
    for entry in node.get("e") or ():
        key = key[: entry["p"]] + entry["k"]
        yield key.decode("utf-8", "replace"), entry["v"]
        if entry.get("t"):
            yield from _tree(blocks, entry["t"], member, depth + 1)


def _tid_time(record_key: str) -> dt.datetime | None:
    """The time inside a record key (a TID: microseconds since 1970 in sortable base 32)."""
    if not _TID.match(record_key):
        return None
    value = 0
    for char in record_key:
        value = value * 32 + _TID_DIGITS[char]
    return dt.datetime.fromtimestamp((value >> 10) / 1_000_000, dt.UTC)


def _posted(record: dict[str, Any], record_key: str, member: str) -> dt.datetime:
    """`createdAt`, or the record key's own time when an app wrote no usable date."""
    try:
        return iso_utc(record.get("createdAt"), member, "creation date")
    except ExportError:
        when = _tid_time(record_key)
        if when is None:
            raise
        return when


def _links(record: dict[str, Any]) -> tuple[str, ...]:
    found = []
    for facet in record.get("facets") or ():
        for feature in facet.get("features") or () if isinstance(facet, dict) else ():
            if isinstance(feature, dict) and feature.get("$type") == _LINK:
                found.append(str(feature.get("uri", "")))
    embed = record.get("embed")
    external = embed.get("external") if isinstance(embed, dict) else None
    if isinstance(external, dict) and external.get("uri"):
        found.append(str(external["uri"]))
    return tuple(dict.fromkeys(found))


def _quoted_uri(embed: object) -> str:
    if not isinstance(embed, dict) or embed.get("$type") not in _QUOTE_EMBEDS:
        return ""
    inner = embed.get("record")
    if isinstance(inner, dict) and isinstance(inner.get("record"), dict):
        inner = inner["record"]  # recordWithMedia wraps the embedded record once more
    uri = inner.get("uri") if isinstance(inner, dict) else None
    return uri if isinstance(uri, str) and f"/{_POST}/" in uri else ""


def _post(record: dict[str, Any], uri: str, did: str, member: str) -> ExportedPost:
    posted = _posted(record, uri.rsplit("/", 1)[-1], member)
    if record.get("$type") == _REPOST:
        subject = record.get("subject")
        target = subject.get("uri") if isinstance(subject, dict) else None
        return ExportedPost("bluesky", posted, "reshare", "", (str(target),) if target else (), uri)
    structure: Structure = "original"
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    quoted = _quoted_uri(record.get("embed"))
    if isinstance(parent, dict):
        structure = "self_reply" if _did(parent.get("uri")) == did else "reply_to_others"
    elif quoted and _did(quoted) != did:
        structure = "quote"
    text = record.get("text")
    return ExportedPost(
        "bluesky", posted, structure, text if isinstance(text, str) else "", _links(record), uri
    )


def read(files: ExportFiles) -> ExportRead:
    member = recognise(files)
    if member is None:  # pragma: no cover - read only after recognise
        raise ExportError("has no .car repository", "give the file Bluesky exported")
    try:
        header, blocks = libipld.decode_car(files.read(member))
    except (ValueError, RecursionError) as error:
        reason = " ".join(str(error).split())[:120]
        raise ExportError(
            f"the repository file is damaged or cut short ({reason})", _DAMAGED, member
        ) from None
    roots = header.get("roots")
    commit = blocks.get(roots[0]) if isinstance(roots, list) and roots else None
    if not isinstance(commit, dict) or not isinstance(commit.get("did"), str):
        raise ExportError(
            "the repository has no signed commit naming its account", _DAMAGED, member
        )
    did = commit["did"]
    posts = []
    for key, cid in _tree(blocks, commit.get("data") or b"", member):
        collection = key.split("/", 1)[0]
        if collection not in (_POST, _REPOST):
            continue
        record = blocks.get(cid)
        if not isinstance(record, dict):
            raise ExportError(f"the repository is missing its record {key}", _DAMAGED, member)
        posts.append(_post(record, f"at://{did}/{key}", did, member))
    return export_read(BLUESKY, files, member, did, tuple(posts))


BLUESKY = ExportFormat(
    name="bluesky-repo",
    platform="bluesky",
    label="Bluesky repository (.car)",
    looks_for="a Bluesky repository .car file",
    recognise=recognise,
    read=read,
)
