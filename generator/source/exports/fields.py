"""Small readers every format shares: dates, ids, and settling which replies answer the
account's own posts once the whole file is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import attrgetter

from ...model.export import ExportedPost, ExportRead
from .base import ExportError, ExportFiles, ExportFormat
from .decoding import basename


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
    if type(value) is str:  # the commonest case first
        return value
    if value is None or isinstance(value, bool | dict | list):
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
            # vars() of the frozen record holds every field: quicker than
            # dataclasses.replace, which looks the fields up again for each post.
            posts[index] = ExportedPost(**{**vars(posts[index]), "structure": "self_reply"})
    return tuple(posts)


def source_of(files: ExportFiles, member: str) -> str:
    """What the coach gave, followed by the member unless the posts file was given alone."""
    alone = list(files.names()) == [member] and basename(
        files.label.replace("\\", "/")
    ) == basename(member)
    return files.label if alone else f"{files.label}:{member}"


def export_read(
    fmt: ExportFormat,
    files: ExportFiles,
    member: str,
    account: str,
    posts: Iterable[ExportedPost],
) -> ExportRead:
    """The result of reading `member`, its posts in time order."""
    return ExportRead(
        format=fmt.name,
        format_label=fmt.label,
        platform=fmt.platform,
        source=source_of(files, member),
        account=account,
        posts=tuple(sorted(posts, key=attrgetter("posted"))),
    )
