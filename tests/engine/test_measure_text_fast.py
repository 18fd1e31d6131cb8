"""The text rules' quick paths give the answers of their plain definitions.

measure_text.py looks a post's words up in a set before it searches any phrase, searches a
key word's phrases with a pattern led by the word's letters, and skips a pattern when a
character every match needs is missing. Each check here sets the quick rule beside the
plain one (the whole pattern, searched with no look-up first) over a varied table of posts:
phrases whole and cut short, in capitals, run into other words, beside addresses, emoji,
quotation marks, prices and hashtags, and posts made by joining such pieces at random."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from generator.engine import measure_text as rules
from generator.engine.measure_text import (
    PhraseRule,
    PostText,
    asks_audience,
    calls_to_buy,
    is_inspirational_quote,
)

SAMPLE = Path(__file__).with_name("measure_sample.txt")

# Pieces that touch every phrase, and the places where a quick path could go wrong.
PIECES = [
    *("order now", "Order Now!", "ORDER ONLINE", "reorder now", "order nowhere", "orders now"),
    *("pre-order", "preorders", "PREORDER", "pre order", "prelude", "shop the", "shopping"),
    *("buy tickets", "buy at", "use my code", "Code SAVE20", "code save20", "barcode SAVE20"),
    *("promo code", "link in bio", "in our bio", "biology", "tap the link", "at the links"),
    *("sign up", "subscribe", "subscribers", "enrol", "enrolment", "register:", "registers"),
    *("book an", "book in", "booked in", "notebook now", "reserve yours", "come and try"),
    *("request a quote", "get a quote", "get started", "enquire", "call 0123 456", "call us"),
    *("dm us", "message us", "tickets", "on sale", "sale", "salesman", "half price"),
    *("price drop", "20% off", "20 % discount", "free trial", "places left", "limited edition"),
    *("offer ends", "today only", "this week only", "while stocks last", "last chance"),
    *("sells out", "sell out", "now booking", "available to order", "back in stock"),
    *("gift cards", "just listed", "open house", "new patient offer", "early-bird"),
    *("early bird", "commandez", "Réservez", "achetez", "soldes", "jetzt kaufen", "Rabatt"),
    *("reserva ya", "compra", "oferta", "descuento", "enlace en la bio", "£60 redeemable"),
    *("from £18", "€5", "5€ each", "$10 per person", "tell us", "tell usa", "let me know"),
    *("give us your", "share yours", "in the comments", "in the commentsection"),
    *("comment below", "drop it below", "below", "below!!", "👇", "x👇", "vote!", "vote for"),
    *("reply and", "poll:", "tag a friend", "caption this", "show us", "stitch this"),
    *("make your case", "brag here", "most liked comment", "wrong answers only", "dites-le"),
    *("en commentaire", "schreibt", "Schreibtisch", "in die kommentare", "contadnos"),
    *("comenta", "comentario", "quote of the day", "quote of the days", "Citation du jour"),
    *("zitat des tages", "#mondaymotivation", "#quotes", "?", "¿", "Why?", "who knew?"),
    *("because", '"quoted?"', "“curly?” —", "«guillemets?»", "„German?“", "'a long one, quoted?'"),
    *("http://shop.example/order now", "www.book.example", "bookhttp://x", "HTTP://x.y"),
    *("orderhttps://a.b now", "_order now", "order_now", "İorder now", "xorder now"),
    *("2order now", "😀order now", "ΣORDER NOW", "\n", "...", ", ", "—", " - Name", "~"),
]
FILLER = ["the", "a", "bread", "loaf", "café", "délice", "🍞", "☕", "and", "we", "it", "you"]
JOINS = [" ", "", "\n", ". ", "! ", "-", "'", '"', "“", "«"]


def made_posts(count: int = 4000) -> list[str]:
    rng = random.Random(13)
    found = []
    for _ in range(count):
        parts = [
            rng.choice(PIECES) if rng.random() < 0.4 else rng.choice(FILLER)
            for _ in range(rng.randint(1, 9))
        ]
        found.append("".join(part + rng.choice(JOINS) for part in parts))
    return found


def sample_posts() -> list[str]:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    return [line.split(" | ", 2)[2] for line in lines if line.strip() and not line.startswith("#")]


POSTS = [*PIECES, *sample_posts(), *made_posts()]


# The plain definitions: each rule's whole pattern, searched every time.


def plain_calls_to_buy(text: str) -> bool:
    words = rules._without_addresses(text)
    low = words.lower()
    if rules._BUY.whole.search(low) or rules._CODE.search(words):
        return True
    return bool(rules._PRICE.search(words) and rules._OFFERING.search(low))


def plain_own_words(text: str) -> str:
    return rules._QUOTED.sub(" ", rules._without_addresses(text))


def plain_asks_audience(text: str) -> bool:
    own = plain_own_words(text).lower()
    if rules._PROMPT.whole.search(own):
        return True
    if "?" not in own:
        return "¿" in own
    for match in rules._QUESTION.finditer(own):
        question = match.group().strip()
        if not re.search(r"\w", question) or rules._RHETORICAL.search(question):
            continue
        if rules._ANSWERED.search(own[match.end() :]):
            continue
        return True
    return "¿" in own


def plain_is_inspirational_quote(text: str) -> bool:
    low = text.lower()
    return bool(
        rules._QUOTE_TAG.search(low)
        or rules._QUOTE_WORDS.whole.search(low)
        or rules._ATTRIBUTED.search(text)
    )


@pytest.mark.parametrize(
    "rule", [rules._BUY, rules._PROMPT, rules._QUOTE_WORDS], ids=["buy", "prompt", "quote"]
)
def test_a_phrase_rule_answers_as_its_whole_pattern(rule: PhraseRule) -> None:
    hits = 0
    for text in POSTS:
        low = text.lower()
        want = bool(rule.whole.search(low))
        assert rule.search(low, rules._WORD.findall(low)) == want, text
        assert rule.search(low, PostText(text).keys(low)) == want, text
        hits += want
    assert 0 < hits < len(POSTS)  # the table holds posts either way


@pytest.mark.parametrize(
    ("quick", "plain"),
    [
        (calls_to_buy, plain_calls_to_buy),
        (asks_audience, plain_asks_audience),
        (is_inspirational_quote, plain_is_inspirational_quote),
    ],
    ids=["calls_to_buy", "asks_audience", "is_inspirational_quote"],
)
def test_each_rule_answers_as_its_plain_definition(quick: object, plain: object) -> None:
    assert callable(quick) and callable(plain)
    answers = [plain(text) for text in POSTS]
    assert [quick(text) for text in POSTS] == answers
    assert [quick(PostText(text)) for text in POSTS] == answers
    assert any(answers) and not all(answers)


def test_own_words_skip_the_substitution_only_when_nothing_would_change() -> None:
    for text in POSTS:
        assert rules._own_words(text) == plain_own_words(text), text


def test_every_key_word_is_a_word() -> None:
    for rule in (rules._BUY, rules._PROMPT, rules._QUOTE_WORDS):
        assert all(re.fullmatch(r"\w+", key) for key in rule.keys)
    assert "code" in rules._BUY.keys  # calls_to_buy looks for _CODE only when it is found


def test_a_line_without_key_words_must_be_plain_text() -> None:
    with pytest.raises(ValueError, match="plain text"):
        PhraseRule([("", r"tell (?:us|me)")])


def test_lower_casing_never_makes_a_word_character_of_another() -> None:
    # calls_to_buy trusts it: where _CODE matches the text, 'code' stands whole in the
    # lower-cased text, since the character before it stays outside any word.
    word = re.compile(r"\w")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        low = char.lower()
        if low != char and not word.match(char):
            assert not word.match(low[-1]), hex(point)
