"""LinkedIn's data export: `Shares.csv` (the account's posts; the current comma-separated
UTF-8 layout and the 2018 one, UTF-16 and tab-separated with other column names) and
`Comments.csv` (the account's comments on posts).

A comment names its post by an activity URN while Shares.csv names the same post by a
share or ugcPost URN with another number. LinkedIn's ids carry the moment they were made
(milliseconds since 1970 above their lowest 22 bits), and a post's share and its activity
are made within a second of each other; so a comment is on the account's own post when its
URN is one of the shares' or was made within a few seconds of one of them."""

from __future__ import annotations

import bisect
import csv
import io
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...model.export import ExportedPost, ExportRead, Structure
from .base import ExportError, ExportFiles, ExportFormat
from .decoding import (
    clean_text,
    decode,
    find_members,
    head_text,
    main_member,
    parse_time,
    post,
    recognised,
)
from .fields import export_read

WHAT = "LinkedIn"
# Column names compared without case, spaces, underscores or a byte-order mark. Each role
# lists the names LinkedIn has used for it, current layout first.
DATE = ("date", "sharedate", "createddate", "createdat", "created")
SHARE_LINK = ("sharelink", "link", "permalink", "postlink")
COMMENTARY = ("sharecommentary", "commentary", "sharetext", "content", "text")
SHARED_URL = ("sharedurl", "sharedlink", "originalurl", "url")
# A column saying outright which LinkedIn post was shared, when an export has one.
SHARED_POST = ("sharedpost", "originalshare", "originalsharelink", "resharedpost", "reshareof")
MESSAGE = ("message", "comment", "commenttext", "text")
DATES = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M")
# A LinkedIn post's address: its feed page or an activity/share/ugcPost URN.
_POST_URL = re.compile(
    r"linkedin\.com/(?:feed/update|posts)/|urn:li:(?:activity|share|ugcPost):", re.IGNORECASE
)
LONE_BACKSLASH = re.compile(r'\\(?!")')
_URN = re.compile(r"urn:li:(?:activity|share|ugcPost):\d+", re.IGNORECASE)
# A post's number in a URN, also inside a comment's URN `urn:li:comment:(activity:N,M)`.
_POST_NUMBER = re.compile(r"(?:urn:li:|\()(?:activity|share|ugcPost):(\d+)", re.IGNORECASE)
ID_TIME_SHIFT = 22  # the bits below a LinkedIn id's creation time
SAME_POST_MS = 3000  # a share and its activity are made this close together, at most
# Creation times outside these years are not LinkedIn's (a small test or legacy number).
PLAUSIBLE_MS = (1_262_304_000_000, 4_102_444_800_000)  # 2010 to 2100


def column_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Table:
    """A CSV file's header and rows; `line` is where each row starts in the file."""

    member: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def find(self, names: Sequence[str]) -> int | None:
        keys = [column_key(h) for h in self.header]
        return next((keys.index(n) for n in names if n in keys), None)

    def need(self, names: Sequence[str], role: str) -> int:
        index = self.find(names)
        if index is None:
            raise ExportError(
                f"no {role} column (the columns are: {', '.join(self.header)[:120]})",
                "use the file exactly as LinkedIn sent it; a spreadsheet may have changed it",
                self.member,
            )
        return index


def header_keys(head: str) -> tuple[str, set[str]]:
    """The delimiter and the normalised column names of a CSV file's first line."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return delimiter, {column_key(c.strip().strip('"')) for c in first.split(delimiter)}


def is_shares(head: str, tabbed: bool) -> bool:
    delimiter, keys = header_keys(head)
    if (delimiter == "\t") != tabbed or not keys & set(DATE):
        return False
    return bool(keys & {"sharecommentary", "commentary", "sharelink", "sharedurl"})


def is_comments(head: str) -> bool:
    keys = header_keys(head)[1]
    return bool(keys & set(DATE)) and "link" in keys and "message" in keys


def read_table(files: ExportFiles, member: str, *, backslash_quotes: bool = False) -> Table:
    """Parse a CSV file strictly; broken quoting is an ExportError naming the line."""
    text = decode(files.read(member), member, WHAT)
    if backslash_quotes:
        # Comments.csv writes a quote inside a message as \" rather than "". Other
        # backslashes are doubled so that, read with \ as the escape, they stay.
        text = LONE_BACKSLASH.sub(r"\\\\", text)
    delimiter = header_keys(text)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        strict=True,
        escapechar="\\" if backslash_quotes else None,
    )
    rows: list[tuple[int, tuple[str, ...]]] = []
    header: tuple[str, ...] = ()
    try:
        line = 1
        for row in reader:
            if not header:
                header = tuple(c.strip() for c in row)
            elif any(cell.strip() for cell in row):
                if len(row) > len(header):
                    raise ExportError(
                        f"line {line}: a row has {len(row)} fields where the "
                        f"header has {len(header)} (a quote is missing or out of place)",
                        "use the file exactly as LinkedIn sent it, or download the export again",
                        member,
                    )
                rows.append((line, tuple(row) + ("",) * (len(header) - len(row))))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ExportError(
            f"line {reader.line_num}: broken CSV quoting ({error})",
            "a quoted text never ends or a quote is out of place; use the file exactly as "
            "LinkedIn sent it, or download the export again",
            member,
        ) from None
    if not header:
        raise ExportError("the file is empty", "download the LinkedIn export again", member)
    return Table(member, header, tuple(rows))


def unwrap_lines(text: str) -> str:
    """LinkedIn writes multi-line text with each line in its own quotes; take them off
    when every line has them (a single line is left alone: its quotes may be the post's)."""
    lines = text.replace("\r\n", "\n").split("\n")
    filled = [line.strip() for line in lines if line.strip()]
    if len(lines) < 2 or not all(len(s) >= 2 and s[0] == '"' and s[-1] == '"' for s in filled):
        return text
    return "\n".join(s[1:-1] if (s := line.strip()) else "" for line in lines)


def urn_of(address: str) -> str:
    found = _URN.search(urllib.parse.unquote(address))
    return found.group(0) if found else ""


def post_numbers(address: str) -> set[int]:
    """The numbers of the LinkedIn posts an address names (share, ugcPost or activity)."""
    return {int(n) for n in _POST_NUMBER.findall(urllib.parse.unquote(address))}


def created_ms(number: int) -> int | None:
    """When a LinkedIn id was made, in milliseconds since 1970; None for a number that is
    not a time-stamped id."""
    ms = number >> ID_TIME_SHIFT
    return ms if PLAUSIBLE_MS[0] <= ms < PLAUSIBLE_MS[1] else None


@dataclass(frozen=True)
class OwnPosts:
    """The account's own posts, as the numbers in Shares.csv's links and when they were made."""

    numbers: frozenset[int]
    made: tuple[int, ...]  # sorted

    @classmethod
    def of(cls, addresses: Iterable[str]) -> OwnPosts:
        numbers = frozenset(n for a in addresses for n in post_numbers(a))
        made = sorted(ms for n in numbers if (ms := created_ms(n)) is not None)
        return cls(numbers, tuple(made))

    def holds(self, address: str) -> bool:
        """The address names one of these posts: by the same number, or by an activity
        made within SAME_POST_MS of one of them."""
        for number in post_numbers(address):
            if number in self.numbers:
                return True
            ms = created_ms(number)
            if ms is not None:
                at = bisect.bisect_left(self.made, ms - SAME_POST_MS)
                if at < len(self.made) and self.made[at] <= ms + SAME_POST_MS:
                    return True
        return False


def is_post_address(address: str) -> bool:
    return bool(address) and bool(_POST_URL.search(urllib.parse.unquote(address)))


def read_shares(table: Table) -> list[ExportedPost]:
    """One post per share; rows that differ only in an image or media column are one post."""
    date = table.need(DATE, "date")
    commentary = table.need(COMMENTARY, "ShareCommentary (the post's text)")
    link, shared, shared_post = (table.find(n) for n in (SHARE_LINK, SHARED_URL, SHARED_POST))
    media = {
        i
        for i, h in enumerate(table.header)
        if any(w in column_key(h) for w in ("media", "image", "thumbnail"))
    }
    seen: set[tuple[str, ...]] = set()
    posts = []
    for line, row in table.rows:
        key = tuple(v for i, v in enumerate(row) if i not in media)
        if key in seen:
            continue
        seen.add(key)

        def cell(index: int | None, row: tuple[str, ...] = row) -> str:
            return row[index].strip() if index is not None else ""

        text = clean_text(unwrap_lines(cell(commentary)))
        address = cell(shared)
        structure: Structure = "original"
        if not text:
            structure = "reshare"
        elif cell(shared_post) or is_post_address(address):
            structure = "quote"
        own_link = cell(link)
        when = parse_time(cell(date), DATES, table.member, WHAT, f"line {line}: ")
        posts.append(
            post("linkedin", when, structure, text, address, post_id=urn_of(own_link) or own_link)
        )
    return posts


def own_posts(table: Table) -> OwnPosts:
    """The account's posts as Shares.csv links them (its ShareLink column)."""
    link = table.find(SHARE_LINK)
    return OwnPosts.of(row[link] for _, row in table.rows if link is not None)


def read_comments(table: Table, own: OwnPosts) -> list[ExportedPost]:
    """The account's comments: on its own post (the link names one of its shares) a
    self-reply, otherwise a reply to someone else."""
    date = table.need(DATE, "date")
    message = table.need(MESSAGE, "Message (the comment's text)")
    link = table.find(("link",))
    posts = []
    for line, row in table.rows:
        text = clean_text(row[message])
        when = parse_time(row[date], DATES, table.member, WHAT, f"line {line}: ")
        mine = link is not None and own.holds(row[link])
        posts.append(post("linkedin", when, "self_reply" if mine else "reply_to_others", text))
    return posts


def recognise_current(files: ExportFiles) -> str | None:
    shares = recognised(files, (".csv",), lambda h: is_shares(h, False), {"shares.csv"})
    return shares or recognised(files, (".csv",), is_comments, {"comments.csv"})


def recognise_2018(files: ExportFiles) -> str | None:
    tabbed = find_members(
        files, (".csv", ".tsv"), lambda h: is_shares(h, True), {"shares.csv"}, first_only=True
    )
    return tabbed[0] if tabbed else None


def read_export(files: ExportFiles, main: str | None, fmt: ExportFormat) -> ExportRead:
    main = main_member(
        files,
        main,
        "LinkedIn Shares.csv or Comments.csv",
        "give playbook the whole LinkedIn archive (Settings > Data privacy > Get a copy of "
        "your data)",
    )
    posts: list[ExportedPost] = []
    own = OwnPosts(frozenset(), ())
    if not is_comments(head_text(files, main)):
        shares = read_table(files, main)
        posts, own = read_shares(shares), own_posts(shares)
    for member in find_members(files, (".csv",), is_comments, {"comments.csv"}):
        posts += read_comments(read_table(files, member, backslash_quotes=True), own)
    return export_read(fmt, files, main, "", posts)


def _read_current(files: ExportFiles) -> ExportRead:
    return read_export(files, recognise_current(files), LINKEDIN)


def _read_2018(files: ExportFiles) -> ExportRead:
    return read_export(files, recognise_2018(files), LINKEDIN_2018)


LINKEDIN = ExportFormat(
    name="linkedin",
    platform="linkedin",
    label="LinkedIn data export (Shares.csv, Comments.csv)",
    looks_for="a LinkedIn Shares.csv (columns Date, ShareLink, ShareCommentary) or Comments.csv",
    recognise=recognise_current,
    read=_read_current,
)
LINKEDIN_2018 = ExportFormat(
    name="linkedin-2018",
    platform="linkedin",
    label="LinkedIn data export, 2018 layout (Shares.csv, UTF-16, tab-separated)",
    looks_for="a tab-separated LinkedIn Shares.csv with a Date and a commentary column",
    recognise=recognise_2018,
    read=_read_2018,
)
