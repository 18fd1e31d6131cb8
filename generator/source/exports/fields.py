"""Small readers every format shares: dates, ids, and settling which replies answer the
account's own posts once the whole file is read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from ...model.export import ExportedPost, ExportRead
from ...model.profile import PlatformLiteral
from .base import ExportError, ExportFiles, ExportFormat


def iso_utc(value: object, member: str, what: str = "date") -> dt.datetime:
    """An ISO 8601 time as aware UTC; a time without a zone is taken as UTC."""
    if not isinstance(value, str):
        raise ExportError(
            f"a post has no {what} ({value!r})", "give the export file unchanged", member
        )
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ExportError(
            f"a post's {what} {value[:40]!r} is not a date",
            "give the export file unchanged",
            member,
        ) from None
    if when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def id_text(value: object) -> str:
    """An id however the export wrote it (X writes numbers as strings, sometimes not): ''
    for none."""
    if value is None or value == "" or isinstance(value, bool | dict | list):
        return ""
    return str(value)


def settle_self_replies(
    posts: list[ExportedPost], unsure: Iterable[tuple[int, str]]
) -> tuple[ExportedPost, ...]:
    """Mark as self-replies the replies (given as index and parent id) whose parent is a
    post of the same file: used when the export does not name its own account."""
    own = {post.post_id for post in posts if post.post_id}
    for index, parent in unsure:
        if parent in own:
            posts[index] = dataclasses.replace(posts[index], structure="self_reply")
    return tuple(posts)


def export_read(
    fmt: ExportFormat,
    platform: PlatformLiteral,
    files: ExportFiles,
    member: str,
    account: str,
    posts: tuple[ExportedPost, ...],
) -> ExportRead:
    """The result of reading `member`: its source is 'a.zip:data/tweets.js', or the file
    alone when that is all the coach gave."""
    alone = list(files.names()) == [member]
    return ExportRead(
        format=fmt.name,
        format_label=fmt.label,
        platform=platform,
        source=files.label if alone else f"{files.label}:{member}",
        account=account,
        posts=posts,
    )
