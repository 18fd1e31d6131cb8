"""The text rules that sort a client's own posts into the kinds of the posting mix.

Heuristics, measured against a labelled sample (tests/engine/measure_sample.txt; the guide's
"Measuring from exports" page gives the figures). Each rule is a short list of patterns so
a coach can read what counts: a call to buy, a question to the audience, a quote posted for
its own sake. English first, with the commonest French, German and Spanish phrases.

Speed: a measure reads every post of an export, and most posts hold none of the phrases. So
each phrase list is kept with, for each line, the words one of which stands whole in every
match; a post's words are looked up in a set first, and only the lines whose words it holds
are searched (PhraseRule). The whole list in one pattern stays the rule's definition, and the
tests hold the two to the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from urllib.parse import urlsplit

_URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
# Words inside quotation marks are someone else's: a question there is not the client's.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|„[^“\"”]*[“\"”]|(?<!\w)'[^']{12,}'(?!\w)")
_QUOTE_MARKS = "\"“«„'"  # every match of _QUOTED holds one of these
_WORD = re.compile(r"\w+")


class PhraseRule:
    """Phrases matched from a word's start in lower-cased text, `end` after each.

    `rows` pairs each line of phrases with its key words: words one of which every match of
    the line holds whole (a run of word characters with none just before or after). A line
    with no key words must be plain text (no pattern characters), looked for as it stands."""

    def __init__(self, rows: Sequence[tuple[str, str]], end: str = "") -> None:
        self.whole = re.compile(r"\b(?:" + "|".join(phrase for _, phrase in rows) + ")" + end)
        by_key: dict[str, list[str]] = {}
        self._plain: list[tuple[str, re.Pattern[str]]] = []
        for keys, phrase in rows:
            if not keys:
                if re.escape(phrase) != phrase:
                    raise ValueError(f"a phrase without key words must be plain text: {phrase}")
                # Looked for as text first ('in' is far quicker than a pattern led by '\b').
                self._plain.append((phrase, re.compile(r"\b" + phrase + end)))
            for key in keys.split():
                by_key.setdefault(key, []).append(phrase)
        self.keys = frozenset(by_key)
        self._by_key = {key: _led_by(key, found, end) for key, found in by_key.items()}

    def search(self, low: str, words: Collection[str]) -> bool:
        """Whether any phrase is in `low`: the same answer as `self.whole.search(low)`.
        `words` holds at least those of `low`'s words (`_WORD.findall`) that are keys."""
        for key in self.keys.intersection(words):
            if self._by_key[key].search(low):
                return True
        for phrase, pattern in self._plain:  # noqa: SIM110 - a loop is quicker than any()
            if phrase in low and pattern.search(low):
                return True
        return False


def _led_by(key: str, phrases: Sequence[str], end: str) -> re.Pattern[str]:
    """One pattern of the phrases a key word finds. When each begins with the key and a
    space, the pattern begins with the key's letters, which the regex engine looks for
    quickly, and checks after them that no letter comes before (a word's start)."""
    if all(phrase.startswith(key + " ") and _one_branch(phrase) for phrase in phrases):
        rests = "|".join(phrase[len(key) :] for phrase in phrases)
        return re.compile(re.escape(key) + rf"(?<!\w[\s\S]{{{len(key)}}})(?:{rests}){end}")
    return re.compile(r"\b(?:" + "|".join(phrases) + ")" + end)


def _one_branch(phrase: str) -> bool:
    """Whether a phrase is one branch ('|' only inside groups) of groups and letters."""
    depth = 0
    for char in phrase:
        depth += (char == "(") - (char == ")")
        if char == "|" and not depth:
            return False
    return "[" not in phrase and "\\" not in phrase


# A call to buy: any one of these makes a post a sales post. Each line: its key words (see
# PhraseRule), then its phrases.
_BUY_PHRASES = (
    ("pre preorder preorders", r"pre-?orders?"),
    ("order", r"order (?:now|online|today|yours|here|ahead|by|before|for|fast)"),
    ("shop", r"shop (?:now|the|online)"),
    ("buy", r"buy (?:now|online|at|tickets)"),
    ("code", r"use (?:code|my code)"),
    ("code", r"(?:with|discount|promo) code"),
    ("bio", r"link in (?:my |the )?bio"),
    ("bio", r"in (?:my|the|our) bio"),
    ("link", r"(?:tap|via|at) the link"),
    ("sign subscribe enrol", r"sign up|subscribe|enrol"),
    ("register", r"register(?: now| today| for| here|:)"),
    ("book", r"book (?:now|online|here|an?|your|via|at|through|today|in)"),
    ("reserve", r"reserve (?:yours|your|an?)"),
    ("try", r"come (?:and )?try"),
    ("request get enquire", r"request a (?:date|proposal|quote)|get a quote|get started|enquire"),
    ("call dm message", r"call us|call to book|call \d[\d ]*\d|dm us|message us"),
    ("tickets sale price", r"tickets|on sale|sale|half price|flash sale|price drop"),
    ("off discount", r"\d+ ?% (?:off|discount)"),
    ("free", r"free (?:delivery|consultations?|trial|entry|postage)"),
    ("left limited", r"places? left|limited (?:places|edition|offer)"),
    (
        "offer only stocks chance sell sells",
        r"offer ends|today only|this week only|while stocks last|last chance|sells? out",
    ),
    (
        "now available stock",
        r"now (?:available|booking|taking)|available to order|(?:back )?in stock",
    ),
    ("gift", r"gift (?:cards?|vouchers?)"),
    ("listed house patient early", r"just listed|open house|new patient offer|early[- ]bird"),
    # French, German, Spanish
    ("commandez réservez achetez soldes", r"commandez|réservez|achetez|soldes"),
    ("jetzt rabatt", r"jetzt (?:bestellen|buchen|kaufen)|rabatt"),
    (
        "reserva compra oferta descuento bio",
        r"reserva (?:ya|tu)|compra|oferta|descuento|enlace en la bio",
    ),
)
# The phrases are matched in lower-cased text: much faster than a case-blind pattern.
_BUY = PhraseRule(_BUY_PHRASES, end=r"(?!\w)")
_CODE = re.compile(r"\b[Cc]ode [A-Z0-9]{4,}\b")  # a discount code, written in capitals
# Asking the audience, with or without a question mark. No end is asked of the last word
# ('comments' is found in 'commentsection' too): key words are those followed by more.
_PROMPT_PHRASES = (
    ("tell", r"tell (?:us|me)"),
    ("let", r"let (?:us|me) know"),
    ("give", r"give us your"),
    ("share", r"share (?:it|yours|your)"),
    ("in", r"in the comments"),
    ("comment", r"comment below"),
    ("drop", r"drop (?:it|them|yours) below"),
    ("below", r"below\W*$"),
    ("", r"👇"),
    ("vote", r"vote (?:in|below|for|now|here|with)|vote!"),
    ("reply", r"reply and"),
    ("poll", r"poll:"),
    ("tag caption show stitch", r"tag (?:a friend|them|someone)|caption this|show us|stitch this"),
    ("make brag most wrong", r"make your case|brag here|most liked comment|wrong answers only"),
    ("dites en", r"dites-le|en commentaire"),
    ("", r"schreibt"),
    ("in", r"in die kommentare"),
    ("", r"contadnos"),
    ("", r"comenta"),
)
_PROMPT = PhraseRule(_PROMPT_PHRASES)
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
_QUOTE_WORDS = PhraseRule(
    (
        ("quote", "quote of the day"),
        ("citation", "citation du jour"),
        ("zitat", "zitat des tages"),
    ),
    end=r"\b",
)
# "Words in quotation marks" - Name: a saying with its attribution, at most a short lead-in.
_ATTRIBUTED = re.compile(r"^[^\"“«„]{0,30}[\"“«„][^\"”»“]{8,}[\"”»“]\s*[-–—~]\s*\S", re.DOTALL)


# Every rule's key words: a post's words are looked up in it once, for all the rules.
_KEYS = _BUY.keys | _PROMPT.keys | _QUOTE_WORDS.keys


def _without_addresses(text: str) -> str:
    # Most posts hold no address: skip the substitution for them.
    return _URL.sub(" ", text) if "http" in text or "www." in text else text


def _without_quoted(text: str) -> str:
    # Most posts hold no quotation mark: skip the substitution for them.
    return _QUOTED.sub(" ", text) if any(mark in text for mark in _QUOTE_MARKS) else text


def _own_words(text: str) -> str:
    """The post without addresses and without words in quotation marks."""
    return _without_quoted(_without_addresses(text))


class PostText:
    """One post's text in the forms the rules read, each made once and shared by them:
    lower-cased, without addresses, without quoted words, and the key words of each."""

    __slots__ = ("_keys", "_keys_of", "_own_low", "bare", "bare_low", "low", "marked", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()
        self.bare = _without_addresses(text)
        self.bare_low = self.low if self.bare is text else self.bare.lower()
        # Whether it holds a quotation mark (_QUOTE_MARKS), written out: quicker than a loop.
        self.marked = "'" in text or '"' in text or "“" in text or "«" in text or "„" in text
        self._own_low: str | None = None
        self._keys_of: str | None = None
        self._keys: frozenset[str] = frozenset()

    def own_low(self) -> str:
        """The post's own words (see _own_words), lower-cased."""
        if self._own_low is None:
            # Taking addresses out adds no quotation mark: `marked` holds for `bare` too.
            own = _QUOTED.sub(" ", self.bare) if self.marked else self.bare
            self._own_low = self.bare_low if own is self.bare else own.lower()
        return self._own_low

    def keys(self, form: str) -> frozenset[str]:
        """The words of one of the forms that are key words of a rule (most posts have one
        form: the answer is kept for the next rule)."""
        if form is not self._keys_of:
            self._keys_of, self._keys = form, _KEYS.intersection(_WORD.findall(form))
        return self._keys


def _forms(text: str | PostText) -> PostText:
    return text if isinstance(text, PostText) else PostText(text)


def asks_audience(text: str | PostText) -> bool:
    """Whether the post puts a question to its readers: a question of the client's own
    (not one in quotation marks, not an address's '?'), not answered by the post itself nor
    opening a pitch; or an invitation to answer (tell us, vote, in the comments)."""
    forms = _forms(text)
    own = forms.own_low()
    if _PROMPT.search(own, forms.keys(own)):
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


def calls_to_buy(text: str | PostText) -> bool:
    """Whether the post asks readers to buy, book or order (addresses left out, so a shop's
    name in a link does not count)."""
    forms = _forms(text)
    words, low = forms.bare, forms.bare_low
    keys = forms.keys(low)
    if _BUY.search(low, keys):
        return True
    # 'code' stands whole in the lower-cased text wherever _CODE matches: lower-casing
    # never makes a character outside words end in a word character (a test checks).
    if "code" in keys and _CODE.search(words):
        return True
    if not ("£" in words or "$" in words or "€" in words):  # one is in every _PRICE match
        return False
    return bool(_PRICE.search(words) and _OFFERING.search(low))


def is_inspirational_quote(text: str | PostText) -> bool:
    """Whether the post is a saying posted for its own sake: quotation marks and an
    attribution, 'quote of the day', or a quote or motivation hashtag."""
    forms = _forms(text)
    low = forms.low
    return bool(
        ("#" in low and _QUOTE_TAG.search(low))
        or _QUOTE_WORDS.search(low, forms.keys(low))
        or (forms.marked and _ATTRIBUTED.search(forms.text))
    )


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
