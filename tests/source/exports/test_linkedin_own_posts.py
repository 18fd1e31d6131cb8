"""Which LinkedIn comments answer the account's own posts: Comments.csv names a post by an
activity URN, Shares.csv by a share or ugcPost URN with another number, and the two are
made within a second of each other (a LinkedIn id carries its creation time above its
lowest 22 bits). The ids here are built that way; none is a real post's."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from generator.source.exports.linkedin import LINKEDIN, OwnPosts, created_ms, post_numbers

from .meta_builders import comments_csv, csv_bytes, export

POSTED = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)
FEED = "https://www.linkedin.com/feed/update/"


def linkedin_id(when: dt.datetime, later_ms: int = 0, low: int = 1234) -> int:
    """An id as LinkedIn makes them: milliseconds since 1970, shifted, then a sequence."""
    return ((int(when.timestamp() * 1000) + later_ms) << 22) | low


def urn(kind: str, number: int) -> str:
    return f"{FEED}urn%3Ali%3A{kind}%3A{number}"


SHARE = linkedin_id(POSTED, 421)
UGC = linkedin_id(POSTED + dt.timedelta(days=1), 17)
ACTIVITY = linkedin_id(POSTED, 600)  # the share's activity


def comment_structures(*links: str) -> list[str]:
    shares = [
        ["2024-03-01 09:30:00", urn("share", SHARE), "Our spring menu", "", "", "PUBLIC"],
        ["2024-03-02 09:30:00", urn("ugcPost", UGC), "Behind the counter", "", "", "PUBLIC"],
    ]
    rows = [(f"2024-03-0{3 + i} 10:00:00", link, f"Reply {i}") for i, link in enumerate(links)]
    files = {"Shares.csv": csv_bytes(shares), "Comments.csv": comments_csv(rows)}
    posts = [p for p in LINKEDIN.read(export(files)).posts if p.text.startswith("Reply")]
    return [p.structure for p in sorted(posts, key=lambda p: p.text)]


def test_an_activity_made_with_the_share_is_the_account_s_own_post() -> None:
    activity = linkedin_id(POSTED, 974, low=77)  # the share's activity, half a second later
    stranger = linkedin_id(POSTED, 9_000)  # someone else's post, nine seconds later
    assert comment_structures(urn("activity", activity), urn("activity", stranger)) == [
        "self_reply",
        "reply_to_others",
    ]


@pytest.mark.parametrize(
    "link",
    [
        urn("ugcPost", UGC),  # the same URN on both sides
        f"{FEED}urn:li:ugcPost:{UGC}",  # written out rather than percent-encoded
        f"{FEED}urn:li:activity:{ACTIVITY}?commentUrn="
        f"urn%3Ali%3Acomment%3A%28activity%3A{ACTIVITY}%2C{linkedin_id(POSTED, 9)}%29",
        f"{FEED}urn%3Ali%3Acomment%3A%28ugcPost%3A{UGC}%2C{linkedin_id(POSTED, 5_000_000)}%29",
    ],
)
def test_own_post_named_in_other_ways(link: str) -> None:
    assert comment_structures(link) == ["self_reply"]


def test_numbers_that_carry_no_time_match_only_exactly() -> None:
    own = OwnPosts.of([urn("share", 41), urn("share", SHARE)])
    assert own.holds(urn("activity", 41))
    assert not own.holds(urn("activity", 42))
    assert created_ms(42) is None
    assert created_ms(SHARE) == int(POSTED.timestamp() * 1000) + 421


def test_post_numbers_read_every_form() -> None:
    link = f"{FEED}urn:li:activity:5?commentUrn=urn%3Ali%3Acomment%3A%28ugcPost%3A6%2C7%29"
    assert post_numbers(link) == {5, 6}
    assert post_numbers("https://example.org/urn:li:member:9") == set()


def test_comments_without_shares_are_replies_to_others() -> None:
    rows = [("2024-03-03 10:00:00", urn("activity", linkedin_id(POSTED, 500)), "Thanks")]
    read = LINKEDIN.read(export({"Comments.csv": comments_csv(rows)}))
    assert Counter(p.structure for p in read.posts) == {"reply_to_others": 1}
