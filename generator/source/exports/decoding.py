"""Helpers the LinkedIn, Meta and TikTok formats share: finding a posts file by its first
bytes, decoding and parsing it with errors a coach can act on, repairing text and reading
dates as aware UTC."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Collection, Iterator, Sequence

from ...model.export import ExportedPost, Structure
from ...model.profile import PlatformLiteral
from .base import ExportError, ExportFiles

# Folders that hold direct messages in Meta and TikTok exports: never opened, not even
# their first bytes.
PRIVATE_PARTS = frozenset(
    {
        "messages",
        "inbox",
        "message_requests",
        "archived_threads",
        "filtered_threads",
        "e2ee_cutover",
        "direct messages",
        "direct_messages",
        "direct message",
    }
)
# Files of direct messages that sit among the posts files (LinkedIn's messages.csv).
PRIVATE_FILES = frozenset({"messages.csv", "guide_messages.csv", "learning_coach_messages.csv"})
# How many files' first bytes one format may look at before giving up: an archive of
# thousands of small JSON files stays quick to recognise.
MAX_HEADS = 400
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def basename(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def is_private(name: str) -> bool:
    """A member inside a direct-message folder (or a message file) is never read."""
    parts = name.lower().split("/")
    name = parts[-1]
    return (
        any(p in PRIVATE_PARTS for p in parts[:-1])
        or name in PRIVATE_FILES
        or name.startswith("message_")
    )


def head_text(files: ExportFiles, name: str, size: int = 4096) -> str:
    """A file's first bytes as text, leniently decoded (for recognising only)."""
    try:
        head = files.head(name, size)
    except (ExportError, OSError, KeyError):
        return ""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="ignore")


def candidates(
    files: ExportFiles, suffixes: tuple[str, ...], preferred: Collection[str] = ()
) -> Iterator[str]:
    """Members worth a look, those with a preferred file name first; never a private one."""
    names = [n for n in files.names() if n.lower().endswith(suffixes) and not is_private(n)]
    first = [n for n in names if basename(n).lower() in preferred]
    yield from first
    yield from (n for n in names if n not in first)


def find_members(
    files: ExportFiles,
    suffixes: tuple[str, ...],
    accept: Callable[[str], bool],
    preferred: Collection[str] = (),
    *,
    first_only: bool = False,
) -> list[str]:
    """Members whose first bytes `accept` says are the right kind of file."""
    found: list[str] = []
    for looked, name in enumerate(candidates(files, suffixes, preferred)):
        if looked >= MAX_HEADS:
            break
        if accept(head_text(files, name)):
            found.append(name)
            if first_only:
                break
    return found


def recognised(
    files: ExportFiles,
    suffixes: tuple[str, ...],
    accept: Callable[[str], bool],
    names: Collection[str],
) -> str | None:
    """The first member whose head `accept`s, else an empty file under one of the format's
    own names (so reading it says it is empty rather than that nothing was found)."""
    found = find_members(files, suffixes, accept, names, first_only=True)
    if found:
        return found[0]
    empty = (n for n in files.names() if basename(n).lower() in names and not is_private(n))
    return next((n for n in empty if not head_text(files, n, 64).strip("\ufeff\x00 \t\r\n")), None)


def decode(data: bytes, member: str, what: str) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with one."""
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise ExportError(
            "the file is empty",
            f"download the {what} export again; this file has no posts in it",
            member,
        )
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportError(
            f"not UTF-8 or UTF-16 text (byte {error.start} cannot be read)",
            f"use the file exactly as {what} sent it; a file opened and saved again in a "
            "spreadsheet or editor changes its encoding",
            member,
        ) from None


def load_json(files: ExportFiles, member: str, what: str) -> object:
    """The member parsed as JSON; a cut-off or broken file is one ExportError."""
    text = decode(files.read(member), member, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # Cut short: nothing after the error but a piece of a value (a word, a number, an
        # escape), or a string still open at the end.
        rest = text[error.pos :].strip()
        cut = len(rest) < 6 and not set(rest) & set('[]{},:"')
        if cut or error.msg.startswith("Unterminated string"):
            raise ExportError(
                f"the file is cut short: it stops in the middle at line {error.lineno}",
                f"download the {what} export again and give playbook the whole archive",
                member,
            ) from None
        raise ExportError(
            f"not valid JSON at line {error.lineno} column {error.colno} ({error.msg})",
            f"use the file exactly as {what} sent it, or download the export again "
            "(choose the JSON format, not HTML)",
            member,
        ) from None


def repair(text: str) -> str:
    """Undo Meta's mojibake: UTF-8 bytes stored one per character. Only when the text
    round-trips, so text that was right to begin with is left alone."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def clean_text(value: object) -> str:
    """The account's words as written: repaired, HTML entities undone, ends trimmed."""
    if not isinstance(value, str):
        return ""
    return html.unescape(repair(value)).strip()


def links_in(text: str, *extra: str) -> tuple[str, ...]:
    """Addresses in the text and the extra ones given, each once, in order."""
    found = [u.rstrip(".,;:!?") for u in _URL.findall(text)] + [e for e in extra if e]
    return tuple(dict.fromkeys(found))


def from_unix(value: object, member: str, what: str) -> dt.datetime:
    """Unix seconds (milliseconds when too large to be seconds) as aware UTC."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = float(value.strip())
    if number is None or number <= 0:
        raise ExportError(
            f"a post without a usable time ({str(value)[:40]!r})",
            f"download the {what} export again; playbook needs each post's time to count it",
            member,
        )
    if number > 1e11:
        number /= 1000
    return dt.datetime.fromtimestamp(number, tz=dt.UTC)


def parse_time(
    text: str, formats: Sequence[str], member: str, what: str, where: str = ""
) -> dt.datetime:
    """A date written in one of `formats`, read as UTC; `where` places it, as 'line 4: '."""
    value = text.strip().removesuffix("UTC").removesuffix("Z").strip()
    for layout in formats:
        try:
            return dt.datetime.strptime(value, layout).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise ExportError(
        f"{where}a date playbook cannot read: {text.strip()[:40]!r}",
        f"use the file exactly as {what} sent it; a spreadsheet may have rewritten the dates",
        member,
    )


def dig(tree: object, *path: str) -> object:
    """tree[path[0]][path[1]]…, or None when any step is missing."""
    for key in path:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(key)
    return tree


def records(value: object) -> list[dict[str, object]]:
    """The objects in a JSON list, skipping anything else."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def starts_like(head: str, opener: str) -> bool:
    """The text, after any byte-order mark and white space, begins with `opener`."""
    return head.lstrip("\ufeff \t\r\n").startswith(opener)


def post(
    platform: PlatformLiteral,
    posted: dt.datetime,
    structure: Structure,
    text: str,
    *extra_links: str,
    post_id: str = "",
) -> ExportedPost:
    """A post whose links are those in its text and the extra ones given."""
    links = links_in(text, *extra_links)
    return ExportedPost(platform, posted, structure, text, links, post_id)


def main_member(files: ExportFiles, main: str | None, wanted: str, hint: str) -> str:
    """The member a format recognised; an ExportError when it found none or it is empty."""
    if main is None:
        raise ExportError(f"no {wanted} found in {files.label}", hint)
    if not head_text(files, main, 64).strip("\ufeff\x00 \t\r\n"):
        decode(files.read(main), main, wanted.split()[0])
    return main
