"""Markdown in rule text: what the rule checker refuses, and how rendered text is defused.

A rule author may write emphasis and links to http, https and mailto addresses (or
relative ones); nothing that makes HTML. Link addresses are judged as a browser will read
them (`urls.leading_scheme`): character references decoded, whitespace and control
characters dropped, however long the padding before the scheme.
"""

from __future__ import annotations

import functools
import re

from ..text import MarkdownText
from ..urls import allowed_scheme, leading_scheme

# (Patterns as text: `re` compiles each on first use, not when `playbook check` starts.)
# What `safe_markdown` looks at: a backslash escape (kept), '<' (raw HTML, comments and
# autolinks), braces (attribute lists such as {: onclick=...}), '![' (images load from other
# hosts), ']' before '(' (the end of a link's text) and ']:' (a reference definition's).
_MARKUP = r"\\[\\{}\[\]!]|<|[{}]|!(?=\[)|\](?=\s*\()|\]\s*:"
_RISKY = r"[<{}]|!\[|\]\s*[(:]"
# Python-Markdown takes time quadratic in the number of '[' in a paragraph (4,000 of them
# take seconds); past this many, every '[' is shown as text and no link forms.
MAX_BRACKETS = 50
_BRACKET = r"(?<!\\)((?:\\\\)*)\["
# Dropped when reading a link's address: Markdown's backslash escapes, and the '<' of an
# address written <like this>.
_NOT_ADDRESS = "\\<"
LINK_RULE = "links must be http://, https:// or mailto: addresses"


def _target_scheme(found: re.Match[str]) -> str | None:
    """The scheme of the link address after a ']' mark ('](' or ']:'), as a browser reads it."""
    text, start = found.string, found.end()
    if found.group() == "]":
        start = text.index("(", start) + 1  # the mark's lookahead saw only space before it
    return leading_scheme(text, start, ignore=_NOT_ADDRESS)


def _made_safe(found: re.Match[str]) -> str:
    mark = found.group()
    if mark[0] == "\\":
        return mark  # already escaped
    if mark == "<":
        return "&lt;"
    if mark in "{}!":
        return "\\" + mark
    if allowed_scheme(_target_scheme(found)):
        return mark
    if mark == "]":
        return "\\]"  # "[text\](javascript:...)" is not a link
    # Python-Markdown reads "[1\]: javascript:..." as a definition all the same; with the
    # colon written as an entity it is a line of text, which reads the same.
    return mark[:-1] + "&#58;"


def safe_markdown(text: str) -> MarkdownText:
    """Rule Markdown that can only render as text, emphasis and allowed links: no raw HTML,
    attribute lists, images or script links, however they are spelt.

    Values a template inserts are escaped already (text.escape_markdown) and stay as they
    are, so this can run on a whole rendered text.
    """
    if re.search(_RISKY, text):
        text = re.sub(_MARKUP, _made_safe, text)
    if text.count("[") > MAX_BRACKETS:
        text = re.sub(_BRACKET, r"\1\\[", text)
    return MarkdownText(text)


@functools.lru_cache(maxsize=8192)
def text_without_code(source: str) -> MarkdownText:
    """Rule text with no code in it, on one line and made safe."""
    return safe_markdown(" ".join(source.split()))


_JINJA_CODE = r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
_TAG = r"<[A-Za-z!/?]"


def markdown_problems(text: str) -> list[str]:
    """What the rule checker refuses in rule Markdown (Jinja code aside): everything
    `safe_markdown` would have to defuse."""
    prose = re.sub(_JINJA_CODE, " ", text)
    found = set()
    for mark in re.finditer(_MARKUP, prose):
        what = mark.group()
        if what == "<" and re.match(_TAG, prose[mark.start() : mark.start() + 2]):
            found.add("raw HTML is not allowed in rule text")
        elif what in "{}":
            found.add("'{' and '}' outside {{ }} and {% %} are not allowed in rule text")
        elif what == "!":
            found.add("images are not allowed in rule text")
        elif what[0] == "]" and not allowed_scheme(scheme := _target_scheme(mark)):
            found.add(f"{LINK_RULE}, not '{str(scheme)[:30]}:'")
    if prose.count("[") > MAX_BRACKETS:
        found.add(f"more than {MAX_BRACKETS} '[' in one text")
    return sorted(found)
