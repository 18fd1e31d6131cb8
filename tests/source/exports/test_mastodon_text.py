"""A Note's words from its HTML: the quick path for plain paragraphs gives what the general
way gives, over a table of the shapes Mastodon and other servers write and odd markup."""

from __future__ import annotations

import random

import pytest

from generator.source.exports import mastodon
from generator.source.exports.mastodon import _links, _markup_text, _text_and_links

MENTION = (
    '<span class="h-card"><a href="https://social.example/@bo" class="u-url mention">'
    "@<span>bo</span></a></span>"
)
HASHTAG = (
    '<a href="https://social.example/tags/bread" class="mention hashtag">#<span>bread</span></a>'
)
LINK = (
    '<a href="https://shop.example/order?a=1&amp;b=2" rel="nofollow noopener" target="_blank">'
    '<span class="invisible">https://</span><span class="">shop.example/order</span></a>'
)
CONTENTS = [
    "<p>Fresh bread &amp; butter</p>",
    "<p>a</p><p>b</p>",
    "<p></p>",
    "<p>a</p><p></p><p>b</p>",
    "<p></p><p>x</p>",
    "<p>x</p><p></p>",
    "<p>a</p> <p>b</p>",
    "<p>a</p>\n<p>b</p>",
    "<P>a</P><P>b</P>",
    "<p>a<br>b</p>",
    "<p>a<br />b<BR/>c</p>",
    '<p class="x">a</p>',
    '<p>a</p><p class="c">b</p>',
    f"<p>Hi {MENTION} thanks</p>",
    f"<p>New loaf {HASHTAG}</p><p>{LINK}</p>",
    f"<p>{MENTION} {MENTION}</p>",
    "<p>&lt;p&gt; written out</p>",
    "a < b > c",
    "<p>1 < 2</p>",
    "<p>a>b</p>",
    "<p>/p></p>",
    "<p>x</p>trailing",
    "leading<p>x</p>",
    "plain text, no markup",
    "<p>café 🍞 &#127838; &eacute; &amp;amp; &nbsp;</p>",
    "<p>  spaced  </p><p>\n</p>",
    "<p>a</p><p>b",
    "<p><p>nested</p></p>",
    "<p>emoji 👇</p><p>#tag ¿sí?</p>",
    "<p>broken <a href='x'>link</p>",
    "<p>",
    "</p>",
    "<p>ends in <</p>",
    "<p>&</p><p>&amp</p><p>&#x1F35E;</p>",
]
PIECES = [
    "<p>",
    "</p>",
    "<br>",
    "<br/>",
    "<P>",
    " ",
    "\n",
    "a",
    "é",
    "🍞",
    "&amp;",
    "&lt;",
    "<",
    ">",
]


def made_contents(count: int = 3000) -> list[str]:
    rng = random.Random(7)
    made = []
    for _ in range(count):
        middle = "".join(rng.choice([*PIECES, MENTION, LINK]) for _ in range(rng.randint(0, 8)))
        made.append(f"<p>{middle}</p>" if rng.random() < 0.7 else middle)
    return made


@pytest.mark.parametrize("content", CONTENTS)
def test_the_quick_path_gives_what_the_general_way_gives(content: str) -> None:
    assert _text_and_links(content) == (_markup_text(content), _links(content))


def test_made_contents_agree() -> None:
    for content in made_contents():
        assert _text_and_links(content) == (_markup_text(content), _links(content)), content


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("<p>Fresh bread &amp; butter</p>", "Fresh bread & butter"),
        ("<p>a</p><p></p><p>b 🍞</p>", "a\n\nb 🍞"),
        ("<p> x </p>", "x"),
    ],
)
def test_plain_paragraphs_take_the_quick_path(
    content: str, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def general(_content: str) -> object:
        raise AssertionError("the general way was taken")

    monkeypatch.setattr(mastodon, "_markup_text", general)
    monkeypatch.setattr(mastodon, "_links", general)
    assert _text_and_links(content) == (words, ())


@pytest.mark.parametrize("content", [None, "", 12, ["<p>x</p>"]])
def test_no_content_has_no_words(content: object) -> None:
    assert _text_and_links(content) == ("", ())
