"""The text rules that sort a client's own posts into the kinds of the posting mix.

Heuristics, measured against a labelled sample (tests/engine/measure_sample.txt; the guide's
"Measuring from exports" page gives the figures). Each rule is a short list of patterns so
a coach can read what counts: a call to buy, a question to the audience, a quote posted for
its own sake. English first, with the commonest French, German and Spanish phrases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

_URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
# Words inside quotation marks are someone else's: a question there is not the client's.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|„[^“\"”]*[“\"”]|(?<!\w)'[^']{12,}'(?!\w)")

# A call to buy: any one of these makes a post a sales post.
_BUY_PHRASES = (
    r"pre-?orders?",
    r"order (?:now|online|today|yours|here|ahead|by|before|for|fast)",
    r"shop (?:now|the|online)",
    r"buy (?:now|online|at|tickets)",
    r"use (?:code|my code)",
    r"(?:with|discount|promo) code",
    r"link in (?:my |the )?bio",
    r"in (?:my|the|our) bio",
    r"(?:tap|via|at) the link",
    r"sign up|subscribe|enrol",
    r"register(?: now| today| for| here|:)",
    r"book (?:now|online|here|an?|your|via|at|through|today|in)",
    r"reserve (?:yours|your|an?)",
    r"come (?:and )?try",
    r"request a (?:date|proposal|quote)|get a quote|get started|enquire",
    r"call us|call to book|call \d[\d ]*\d|dm us|message us",
    r"tickets|on sale|sale|half price|flash sale|price drop",
    r"\d+ ?% (?:off|discount)",
    r"free (?:delivery|consultations?|trial|entry|postage)",
    r"places? left|limited (?:places|edition|offer)",
    r"offer ends|today only|this week only|while stocks last|last chance|sells? out",
    r"now (?:available|booking|taking)|available to order|(?:back )?in stock",
    r"gift (?:cards?|vouchers?)",
    r"just listed|open house|new patient offer|early[- ]bird",
    # French, German, Spanish
    r"commandez|réservez|achetez|soldes",
    r"jetzt (?:bestellen|buchen|kaufen)|rabatt",
    r"reserva (?:ya|tu)|compra|oferta|descuento|enlace en la bio",
)
# The phrases are matched in lower-cased text: much faster than a case-blind pattern.
_BUY = re.compile(r"\b(?:" + "|".join(_BUY_PHRASES) + r")(?!\w)")
_CODE = re.compile(r"\b[Cc]ode [A-Z0-9]{4,}\b")  # a discount code, written in capitals
# Asking the audience, with or without a question mark.
_PROMPT_PHRASES = (
    r"tell (?:us|me)|let (?:us|me) know|give us your|share (?:it|yours|your)",
    r"in the comments|comment below|drop (?:it|them|yours) below|below\W*$|👇",
    r"vote (?:in|below|for|now|here|with)|vote!|reply and|poll:",
    r"tag (?:a friend|them|someone)|caption this|show us|stitch this",
    r"make your case|brag here|most liked comment|wrong answers only",
    r"dites-le|en commentaire|schreibt|in die kommentare|contadnos|comenta",
)
_PROMPT = re.compile(r"\b(?:" + "|".join(_PROMPT_PHRASES) + ")")
# A question that the post answers itself, or that opens a pitch: not put to readers.
_RHETORICAL = re.compile(
    r"^\W*(?:ever wondered|who knew|did you know|why do so many|is (?:it|social media) worth"
    r"|want|need|looking for|craving|thinking of|tired of|struggling with)\b"
)
_ANSWERED = re.compile(r"^\W*(?:because|usually|honestly|here's|here is|the answer)\b")
# A price with words that offer it: "£60 redeemable", "from £18", "£25 each".
_PRICE = re.compile(r"[£$€]\s?\d|\d\s?[€$]")
_OFFERING = re.compile(
    r"\b(?:available|each|per (?:person|month|session|head)|a month|from|only|including"
    r"|includes|redeemable|all in)\b"
)
# A sentence ending in '?', matched from a sentence's start only: a pattern free to start
# anywhere would rescan a long post without punctuation from every letter.
_QUESTION = re.compile(r"(?:^|(?<=[.!?\n]))[^.!?\n]*\?")

_QUOTE_TAG = re.compile(r"#\w*(?:quote|motivation|inspiration|citation|zitat|frase|cita)\w*")
_QUOTE_WORDS = re.compile(r"\bquote of the day\b|\bcitation du jour\b|\bzitat des tages\b")
# "Words in quotation marks" - Name: a saying with its attribution, at most a short lead-in.
_ATTRIBUTED = re.compile(r"^[^\"“«„]{0,30}[\"“«„][^\"”»“]{8,}[\"”»“]\s*[-–—~]\s*\S", re.DOTALL)


def _without_addresses(text: str) -> str:
    # Most posts hold no address: skip the substitution for them.
    return _URL.sub(" ", text) if "http" in text or "www." in text else text


def _own_words(text: str) -> str:
    """The post without addresses and without words in quotation marks."""
    return _QUOTED.sub(" ", _without_addresses(text))


def asks_audience(text: str) -> bool:
    """Whether the post puts a question to its readers: a question of the client's own
    (not one in quotation marks, not an address's '?'), not answered by the post itself nor
    opening a pitch; or an invitation to answer (tell us, vote, in the comments)."""
    own = _own_words(text).lower()
    if _PROMPT.search(own):
        return True
    if "?" not in own:
        return "¿" in own
    for match in _QUESTION.finditer(own):
        question = match.group().strip()
        if not re.search(r"\w", question) or _RHETORICAL.search(question):
            continue
        after = own[match.end() :]
        if _ANSWERED.search(after):
            continue
        return True
    return "¿" in own


def calls_to_buy(text: str) -> bool:
    """Whether the post asks readers to buy, book or order (addresses left out, so a shop's
    name in a link does not count)."""
    words = _without_addresses(text)
    low = words.lower()
    if _BUY.search(low) or _CODE.search(words):
        return True
    return bool(_PRICE.search(words) and _OFFERING.search(low))


def is_inspirational_quote(text: str) -> bool:
    """Whether the post is a saying posted for its own sake: quotation marks and an
    attribution, 'quote of the day', or a quote or motivation hashtag."""
    low = text.lower()
    return bool(_QUOTE_TAG.search(low) or _QUOTE_WORDS.search(low) or _ATTRIBUTED.search(text))


def site_prefixes(websites: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(host, path prefix) of each of the client's own web addresses."""
    out = []
    for address in websites:
        parts = urlsplit(address)
        host = (parts.hostname or "").removeprefix("www.")
        if host:
            out.append((host, parts.path.rstrip("/")))
    return tuple(out)


def links_to_own_site(links: Sequence[str], text: str, sites: Sequence[tuple[str, str]]) -> bool:
    """Whether the post links to one of the client's own shop or booking addresses: same
    host, and the path starts with the address's path (whole segments)."""
    if not sites:
        return False
    found = _URL.findall(text) if "http" in text or "www." in text else []
    for address in [*links, *found]:
        parts = urlsplit(address if "://" in address else "https://" + address)
        host = (parts.hostname or "").removeprefix("www.")
        path = parts.path.rstrip("/")
        for own_host, prefix in sites:
            if host == own_host and (path == prefix or path.startswith(prefix + "/") or not prefix):
                return True
    return False
