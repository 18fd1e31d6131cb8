"""X archive fixtures built from the archives' documented structure: numbers as strings,
HTML-escaped text, retweets only as `RT @` text, quotes only as status links."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

ACCOUNT_ID = "1000"
HANDLE = "ana_bakes"
OTHER_ID = "2000"


def tweet(
    number: int,
    text: str,
    *,
    urls: tuple[tuple[str, str], ...] = (),
    parent: str = "",
    reply_user: str = "",
    reply_name: str = "",
    created: str = "Mon Mar 02 09:30:00 +0000 2026",
    edit_of: str = "",
) -> dict[str, Any]:
    """A tweet as the current archive's tweets.js holds it (inside {"tweet": …})."""
    own = str(number)
    edit_info: dict[str, Any] = (
        {
            "edit": {
                "initialTweetId": edit_of,
                "editControlInitial": {"editTweetIds": [edit_of, own]},
            }
        }
        if edit_of
        else {"initial": {"editTweetIds": [own], "editsRemaining": "5", "isEditEligible": True}}
    )
    found: dict[str, Any] = {
        "edit_info": edit_info,
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {
            "hashtags": [],
            "symbols": [],
            "user_mentions": [],
            "urls": [
                {
                    "url": short,
                    "expanded_url": long,
                    "display_url": long[8:30],
                    "indices": ["0", "23"],
                }
                for short, long in urls
            ],
        },
        "display_text_range": ["0", str(len(text))],
        "favorite_count": "3",
        "id_str": own,
        "truncated": False,
        "retweet_count": "0",
        "id": own,
        "created_at": created,
        "favorited": False,
        "full_text": text,
        "lang": "en",
    }
    if parent:
        found |= {"in_reply_to_status_id_str": parent, "in_reply_to_status_id": parent}
    if reply_user:
        found |= {"in_reply_to_user_id_str": reply_user, "in_reply_to_user_id": reply_user}
    if reply_name:
        found["in_reply_to_screen_name"] = reply_name
    return found


def tweets_js(tweets: list[dict[str, Any]], part: int = 0, kind: str = "tweets") -> bytes:
    body = json.dumps([{"tweet": t} for t in tweets], indent=2, ensure_ascii=False)
    return f"window.YTD.{kind}.part{part} = {body}".encode()


def manifest_js() -> bytes:
    config = {
        "userInfo": {"accountId": ACCOUNT_ID, "userName": HANDLE, "displayName": "Ana"},
        "archiveInfo": {"sizeBytes": "1234", "generationDate": "2026-06-01T00:00:00.000Z"},
        "dataTypes": {"tweets": {"files": [{"fileName": "data/tweets.js", "count": "9"}]}},
    }
    return f"window.__THAR_CONFIG = {json.dumps(config, indent=2)}".encode()


def account_js() -> bytes:
    account = {
        "email": "ana@example.com",
        "createdVia": "web",
        "username": HANDLE,
        "accountId": ACCOUNT_ID,
        "createdAt": "2010-01-01T00:00:00.000Z",
        "accountDisplayName": "Ana",
    }
    return f"window.YTD.account.part0 = {json.dumps([{'account': account}])}".encode()


def current_tweets() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(tweets.js, tweets-part1.js): one of every structure and quirk."""
    main = [
        tweet(
            1,
            "Bread &amp; butter &lt;3 https://t.co/a1",
            urls=(("https://t.co/a1", "https://shop.example/bread"),),
        ),
        tweet(2, "RT @bo: our new loaf is out"),
        tweet(
            3,
            "So true https://t.co/q1",
            urls=(("https://t.co/q1", "https://twitter.com/bo/status/555"),),
        ),
        tweet(4, "@bo congrats!", parent="777", reply_user=OTHER_ID, reply_name="bo"),
        tweet(5, "@bo see you there", reply_user=OTHER_ID, reply_name="bo"),  # no parent
        tweet(6, "and more", parent="900", reply_user=ACCOUNT_ID, reply_name=HANDLE),
        tweet(7, "part two", parent="1", reply_user=ACCOUNT_ID, reply_name=HANDLE),
        tweet(
            8,
            "as I said https://t.co/s1",
            urls=(("https://t.co/s1", f"https://x.com/{HANDLE}/status/1"),),
        ),
        tweet(10, "Crumb, edited", edit_of="9"),
        tweet(9, "Crumb"),
        tweet(
            11, "Yes! https://t.co/q2", urls=(("https://t.co/q2", "https://x.com/cy/status/56"),)
        ),
    ]
    return main, [tweet(12, "From the second part", created="Sun Mar 01 23:10:00 -0200 2026")]


# The older archive: Grailbird monthly files and tweets.csv.


def old_tweet(
    number: int,
    text: str,
    *,
    urls: tuple[str, ...] = (),
    parent: str = "",
    reply_user: str = "",
    retweet_of: str = "",
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "source": "web",
        "entities": {
            "user_mentions": [],
            "media": [],
            "hashtags": [],
            "urls": [
                {"indices": [0, 20], "url": f"http://t.co/{i}", "expanded_url": u}
                for i, u in enumerate(urls)
            ],
        },
        "geo": {},
        "id_str": str(number),
        "text": text,
        "id": number,
        "created_at": "2013-01-31 12:00:00 +0000",
        "user": {"name": "Ana", "screen_name": HANDLE, "protected": False, "id_str": ACCOUNT_ID},
    }
    if parent:
        found |= {"in_reply_to_status_id_str": parent, "in_reply_to_status_id": int(parent)}
    if reply_user:
        found |= {"in_reply_to_user_id_str": reply_user, "in_reply_to_user_id": int(reply_user)}
    if retweet_of:
        found["retweeted_status"] = {"id_str": retweet_of, "text": "theirs", "user": {}}
    return found


def older_tweets() -> list[dict[str, Any]]:
    return [
        old_tweet(1, "Rye &amp; spelt", urls=("http://shop.example/rye",)),
        old_tweet(2, "RT @bo: an old-style retweet"),  # no retweeted_status
        old_tweet(3, "RT @cy: a new-style retweet", retweet_of="88"),
        old_tweet(4, "Love this http://t.co/0", urls=("http://twitter.com/bo/status/66",)),
        old_tweet(5, "@bo hi", parent="70", reply_user=OTHER_ID),
        old_tweet(6, "@bo no parent", reply_user=OTHER_ID),
        old_tweet(7, "continued", parent="1", reply_user=ACCOUNT_ID),
    ]


def month_js(tweets: list[dict[str, Any]], month: str = "2013_01") -> bytes:
    return f"Grailbird.data.tweets_{month} = \n {json.dumps(tweets, indent=2)}".encode()


def user_details_js() -> bytes:
    details = {"screen_name": HANDLE, "location": "", "full_name": "Ana", "id": ACCOUNT_ID}
    return f"var user_details =  {json.dumps(details)}".encode()


CSV_COLUMNS = [
    "tweet_id",
    "in_reply_to_status_id",
    "in_reply_to_user_id",
    "timestamp",
    "source",
    "text",
    "retweeted_status_id",
    "retweeted_status_user_id",
    "retweeted_status_timestamp",
    "expanded_urls",
]


def tweets_csv(tweets: list[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for t in tweets:
        writer.writerow(
            [
                t["id_str"],
                t.get("in_reply_to_status_id_str", ""),
                t.get("in_reply_to_user_id_str", ""),
                t["created_at"],
                t["source"],
                t["text"],
                t.get("retweeted_status", {}).get("id_str", ""),
                "",
                "",
                ",".join(u["expanded_url"] for u in t["entities"]["urls"]),
            ]
        )
    return out.getvalue().encode("utf-8")
