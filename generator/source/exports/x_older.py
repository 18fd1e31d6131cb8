"""X's older archive (until about 2018): one file per month under `data/js/tweets/`
(`Grailbird.data.tweets_2013_01 = [ … ]`), the same tweets in `tweets.csv`, and the account
in `data/js/user_details.js`. The monthly files are read when present (they name the users
replied to); a `tweets.csv` alone is read as a table."""

from __future__ import annotations

import csv
import io
import re

from ...model.export import ExportRead
from .base import ExportError, ExportFiles, ExportFormat
from .fields import id_text
from .jsonstream import after_assignment, whole
from .x_tweets import TweetCollector, XAccount, parse_created

_MONTH_FILE = re.compile(r"(^|/)data/js/tweets/\d{4}_\d{2}\.js$")
_MONTH_START = re.compile(rb"Grailbird\.data\.tweets_\d{4}_\d{2}\s*=\s*")
_USER_START = re.compile(rb"var\s+user_details\s*=\s*")
_CSV_FILE = re.compile(r"(^|/)tweets\.csv$")
_CSV_COLUMNS = ("tweet_id", "timestamp", "text")


def _month_files(files: ExportFiles) -> list[str]:
    return [
        name
        for name in files.names()
        if _MONTH_FILE.search(name) and after_assignment(files.head(name, 256), _MONTH_START)
    ]


def _csv_file(files: ExportFiles) -> str | None:
    for name in files.names():
        if _CSV_FILE.search(name):
            header = files.head(name, 1024).lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
            if all(column.encode() in header for column in _CSV_COLUMNS):
                return name
    return None


def recognise(files: ExportFiles) -> str | None:
    months = _month_files(files)
    return months[0] if months else _csv_file(files)


def _account(files: ExportFiles, member: str) -> XAccount:
    root = member.split("data/js/")[0] if "data/js/" in member else member[: member.rfind("/") + 1]
    name = f"{root}data/js/user_details.js"
    if name not in files.names():
        return XAccount()
    data = files.read(name)
    details = whole(data, name, after_assignment(data[:256], _USER_START) or 0)
    if not isinstance(details, dict):
        return XAccount()
    return XAccount(id_text(details.get("id")), id_text(details.get("screen_name")))


def _read_csv(collector: TweetCollector, data: bytes) -> None:
    """tweets.csv: a retweet may leave `retweeted_status_id` empty (its text still starts
    `RT @`); `expanded_urls` lists the links, comma-separated."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(
            "is not UTF-8 text", "give tweets.csv unchanged", collector.member
        ) from None
    rows = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in rows:
            urls = [("", url) for url in (row.get("expanded_urls") or "").split(",") if url]
            collector.add(
                id_text(row.get("tweet_id")),
                parse_created(row.get("timestamp"), collector.member),
                row.get("text") or "",
                urls,
                (
                    id_text(row.get("in_reply_to_status_id")),
                    id_text(row.get("in_reply_to_user_id")),
                    "",
                ),
                retweet=bool(row.get("retweeted_status_id")),
            )
    except csv.Error as error:
        raise ExportError(
            f"line {rows.line_num}: broken CSV ({error})",
            "give tweets.csv as the archive holds it; a spreadsheet may have re-saved it",
            collector.member,
        ) from None


def read(files: ExportFiles) -> ExportRead:
    months = _month_files(files)
    member = months[0] if months else _csv_file(files)
    if member is None:  # pragma: no cover - read only after recognise
        raise ExportError("has no data/js/tweets/ or tweets.csv", "give the X archive")
    account = _account(files, member)
    collector = TweetCollector(account, member)
    if months:
        collector.read_js(files, months, _MONTH_START)
    else:
        _read_csv(collector, files.read(member))
    return collector.export_read(X_OLDER, files, member)


X_OLDER = ExportFormat(
    name="x-archive-older",
    platform="x",
    label="older X archive (data/js/tweets/YYYY_MM.js, tweets.csv)",
    looks_for="an older X archive's data/js/tweets/YYYY_MM.js or tweets.csv",
    recognise=recognise,
    read=read,
)
