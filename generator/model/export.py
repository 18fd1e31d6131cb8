"""What playbook reads out of a client's own account export: one record per post."""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Literal

from .profile import PlatformLiteral

# How a post relates to others, read from the archive's fields (never guessed from text).
Structure = Literal[
    "original",  # a post of the account's own, not a reply
    "reply_to_others",  # a reply to someone else's post or comment
    "self_reply",  # a reply to the account's own post: a thread
    "reshare",  # a retweet, boost or repost with no comment of the account's own
    "quote",  # someone else's post shared with the account's own comment
    "direct_excluded",  # a direct message: counted apart, never printed or stored
]
STRUCTURES: tuple[str, ...] = typing.get_args(Structure)


@dataclass(frozen=True)
class ExportedPost:
    """One post as the export recorded it. `text` is the account's own words only
    (unescaped and repaired; '' for a plain reshare and always '' for a direct message)."""

    platform: PlatformLiteral
    posted: dt.datetime  # timezone-aware, UTC
    structure: Structure
    text: str = ""
    links: tuple[str, ...] = ()  # addresses linked (expanded where the export has them)
    post_id: str = ""  # the archive's id for the post, '' when it has none


@dataclass(frozen=True)
class ExportRead:
    """The posts read from one export, and what was recognised about it."""

    format: str  # a short format name, such as 'x-archive' or 'mastodon-outbox'
    format_label: str  # the same in words, such as 'X archive (data/tweets.js)'
    platform: PlatformLiteral
    source: str  # what the coach gave; a member shows as "a.zip:data/tweets.js"
    account: str  # the account's handle or id as the archive names it, '' when it does not
    posts: tuple[ExportedPost, ...]
