"""X's current archive: `data/tweets.js` (older ones: `data/tweet.js`) and, for large
accounts, `data/tweets-part1.js` …, each `window.YTD.tweets.partN = [ {"tweet": {…}}, … ]`.
The account is named in `data/manifest.js` (`window.__THAR_CONFIG`) or `data/account.js`."""

from __future__ import annotations

import re
from typing import Any

from ...model.export import ExportRead
from .base import ExportError, ExportFiles, ExportFormat
from .fields import id_text
from .jsonstream import after_assignment, whole
from .x_tweets import TweetCollector, XAccount

_TWEETS_START = re.compile(rb"window\.YTD\.tweets?\.part(\d+)\s*=\s*")
_ANY_START = re.compile(rb"[\w.$]+\s*=\s*")


def _tweets_files(files: ExportFiles) -> list[str]:
    """The posts files, known by their first line whatever their names ('tweets (1).js'
    from a second download too): part 0 first, then 1, 2 … of the same folder."""
    parts = []
    for name in files.names():
        if name.lower().endswith(".js"):
            head = files.head(name, 256).lstrip(b"\xef\xbb\xbf \t\r\n")
            found = _TWEETS_START.match(head)
            if found:
                parts.append((int(found.group(1)), name))
    if not parts:
        return []
    parts.sort()
    folder = parts[0][1][: parts[0][1].rfind("/") + 1]
    return [name for _, name in parts if name[: name.rfind("/") + 1] == folder]


def recognise(files: ExportFiles) -> str | None:
    names = _tweets_files(files)
    return names[0] if names else None


def _assigned(files: ExportFiles, name: str) -> Any:
    """The value of a small `window.X = …` file."""
    data = files.read(name)
    start = after_assignment(data[:512], _ANY_START)
    if start is None:
        raise ExportError("is not a JavaScript file of an X archive", "give it unchanged", name)
    return whole(data, name, start)


def _account(files: ExportFiles, folder: str) -> XAccount:
    """The account's id and handle: manifest.js has them without the e-mail address that
    account.js also holds, so it is read first."""
    names = set(files.names())
    if f"{folder}manifest.js" in names:
        config = _assigned(files, f"{folder}manifest.js")
        info = config.get("userInfo") if isinstance(config, dict) else None
        if isinstance(info, dict) and info.get("accountId"):
            return XAccount(id_text(info.get("accountId")), id_text(info.get("userName")))
    if f"{folder}account.js" in names:
        entries = _assigned(files, f"{folder}account.js")
        for entry in entries if isinstance(entries, list) else ():
            account = entry.get("account") if isinstance(entry, dict) else None
            if isinstance(account, dict):
                return XAccount(id_text(account.get("accountId")), id_text(account.get("username")))
    return XAccount()


def read(files: ExportFiles) -> ExportRead:
    names = _tweets_files(files)
    if not names:  # pragma: no cover - read only after recognise
        raise ExportError("has no data/tweets.js", "give the X archive")
    first = names[0]
    account = _account(files, first[: first.rfind("/") + 1])
    collector = TweetCollector(account, first)
    collector.read_js(files, names, _TWEETS_START)
    return collector.export_read(X_ARCHIVE, files, first)


X_ARCHIVE = ExportFormat(
    name="x-archive",
    platform="x",
    label="X archive (data/tweets.js)",
    looks_for="an X archive's data/tweets.js beginning 'window.YTD.tweets.part0 ='",
    recognise=recognise,
    read=read,
)
