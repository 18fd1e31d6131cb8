"""Link addresses as a browser reads them: which ones a page may carry, and a last pass over
finished HTML that disarms the rest.

One decision for the whole package. The Markdown check of rule text (rules/markup.py) and
the pass over every generated page (`disarm_html`) both ask `leading_scheme`, so what the
rule checker lets through and what a page may hold never drift apart. The allowlist is
short: http, https, mailto, and relative addresses (no scheme at all).
"""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser

SCHEMES = frozenset({"http", "https", "mailto"})
# Attributes whose value a browser follows, loads or submits to.
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "srcset", "formaction", "action", "data"})

_SCHEME_CHARS = frozenset(string.ascii_letters + string.digits + "+-.")
_LETTERS = frozenset(string.ascii_letters)
# A character reference as HTML reads one: named, decimal or hex, with or without ';', with
# any number of digits (`html.unescape` then decodes it exactly as HTML5 says).
_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")


def _ignored(ch: str, extra: str) -> bool:
    """Characters that do not count in an address: a browser drops ASCII tab and newlines
    anywhere, and leading spaces and control characters; dropping every whitespace and
    control character anywhere can only reveal a scheme, never hide one."""
    return ch.isspace() or not ch.isprintable() or ch in extra


def leading_scheme(text: str, start: int = 0, decode: bool = True, ignore: str = "") -> str | None:
    """The scheme of the address at `text[start:]` as a browser reads it, lower-cased, or
    None for a relative address.

    `decode`: character references are decoded first (pass False for attribute values an
    HTML parser decoded already). `ignore`: more characters to drop, such as Markdown's
    backslash. The scan stops at the first character that cannot be part of a scheme, so
    it costs the length of the scheme and the padding before it, however long the text.
    """
    scheme: list[str] = []
    i = start
    while i < len(text):
        found = _REFERENCE.match(text, i) if decode and text[i] == "&" else None
        piece = html.unescape(found.group()) if found else text[i]
        i = found.end() if found else i + 1
        for ch in piece:
            if _ignored(ch, ignore):
                continue
            if ch == ":":
                return "".join(scheme).lower() if scheme and scheme[0] in _LETTERS else None
            if ch not in _SCHEME_CHARS:
                return None
            scheme.append(ch)
    return None


def allowed_scheme(scheme: str | None) -> bool:
    return scheme is None or scheme in SCHEMES


def allowed_url(value: str, decode: bool = True) -> bool:
    """True for an http, https or mailto address, or a relative one."""
    return allowed_scheme(leading_scheme(value, decode=decode))


def _srcset_urls(value: str) -> list[str]:
    """The addresses in a srcset: comma-separated candidates, each 'address [size]'."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def allowed_attribute(name: str, value: str | None, decode: bool = False) -> bool:
    """True unless the attribute makes the browser follow or load a disallowed address."""
    if value is None or name.lower() not in URL_ATTRIBUTES:
        return True
    if name.lower() == "srcset":
        value = html.unescape(value) if decode else value
        return all(allowed_url(url, False) for url in [value, *_srcset_urls(value)])
    return allowed_url(value, decode)


# Every place a URL attribute may be set, read as loosely as Python's HTML parser reads
# attributes (any run of '=', three kinds of value), in lower-case text: `re` finds these
# five times faster than with IGNORECASE. (xlink:href ends in href, formaction in action.)
_CANDIDATE = re.compile(r"""(?:href|srcset|src|action|data)\s*=+\s*('[^']*'|"[^"]*"|[^>\s]*)""")


def _suspect(page: str) -> bool:
    """True when some URL attribute in the page may hold a disallowed address. Cheap: a
    page without one (nearly every page) is never parsed."""
    lowered = page.lower()
    if len(lowered) != len(page):
        return True  # U+0130 lower-cases to two characters: the places differ; parse it
    if not any(_UNCLEAR.findall(lowered)):
        return False
    for found in _CANDIDATE.finditer(lowered):
        value = page[found.start(1) : found.end(1)]
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        if _PLAINLY_SAFE.fullmatch(value):
            continue
        # Read as a srcset too: a list of addresses is looked at one by one.
        if not allowed_attribute("srcset", value, decode=True):
            return True
    return False


# Most addresses on a page need no decoding to judge: with no '&' no character reference can
# make a ':', so a value without ':' has no scheme at all (a relative address), and one that
# plainly starts with http:// or https:// and holds no space, control character or comma
# (a srcset list) is one of those. Anything else goes through the full reading.
_PLAINLY_SAFE = re.compile(r"[^&:\x00-\x20,]*|(?i:https?://)[^&\x00-\x20,]*")


# _CANDIDATE in one pass of `re`, its value captured only when it is not plainly safe: the
# three value forms, each matched exactly as far as _CANDIDATE's own would be when it holds
# a plainly safe address (so both find the same attributes), else captured. Anything not
# sure to be safe is captured and read in full.
_SAFE_VALUE = r"(?:[^&:\x00-\x20,{end}]*|https?://[^&\x00-\x20,{end}]*)"
_UNCLEAR = re.compile(
    r"(?:href|srcset|src|action|data)\s*=+\s*"
    r"(?:'" + _SAFE_VALUE.format(end="'") + "'"
    r'|"' + _SAFE_VALUE.format(end='"') + '"'
    r"|(?!['\"])" + _SAFE_VALUE.format(end=r">\s") + r"(?=[>\s]|\Z)"
    r"""|('[^']*'|"[^"]*"|[^>\s]*))"""
)


class _Disarm(HTMLParser):
    """Finds start tags with a disallowed address, and what to put in their place."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.changes: list[tuple[int, int, int, str]] = []  # line, column, length, new tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, " /")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        if all(allowed_attribute(name, value) for name, value in attrs):
            return
        kept = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(value)}"'
            for name, value in attrs
            if allowed_attribute(name, value)
        )
        raw = self.get_starttag_text() or ""
        line, column = self.getpos()
        self.changes.append((line, column, len(raw), f"<{tag}{kept}{end}>"))


def disarm_html(page: str) -> str:
    """The page with every link, source or form target whose address is not http, https,
    mailto or relative taken out of its tag; a page without one comes back unchanged."""
    if not _suspect(page):
        return page
    parser = _Disarm()
    parser.feed(page)
    parser.close()
    starts = [0] + [found.end() for found in re.finditer("\n", page)]
    out = []
    done = 0
    for line, column, length, tag in parser.changes:
        at = starts[line - 1] + column
        out += [page[done:at], tag]
        done = at + length
    return "".join(out) + page[done:]
