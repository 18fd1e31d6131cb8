"""Make client text safe to place in Markdown: it renders literally and cannot add HTML or links."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# HTML's three special characters become entities; characters that start Markdown syntax
# anywhere in a line get a backslash. With the brackets escaped no link or image can form,
# so parentheses and '!' are safe as they are.
_TABLE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {ch: "\\" + ch for ch in "\\`*_[]{}|~"}
)
_ORDERED = re.compile(r"^(\d+)([.)])")


class MarkdownText(str):
    """Markdown that is already safe: escaping leaves it alone."""

    __slots__ = ()


def escape_markdown(value: object) -> MarkdownText:
    """Escape any value for Markdown; numbers are formatted, MarkdownText is passed through."""
    if isinstance(value, MarkdownText):
        return value
    if isinstance(value, bool) or value is None:
        return MarkdownText(str(value).lower() if value is not None else "")
    if isinstance(value, int | float):
        return MarkdownText(format_number(value))
    text = " ".join(str(value).split()).translate(_TABLE)
    # A list marker or heading underline only counts at the start of a line.
    if text[:1].isdigit():
        text = _ORDERED.sub(r"\1\\\2", text)
    elif text[:1] in ("-", "=", "+", "#"):
        text = "\\" + text
    return MarkdownText(text)


def format_number(value: float) -> str:
    """30.0 -> '30', 2.5 -> '2.5', 33.333 -> '33.3'."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".rstrip("0").rstrip(".")


def and_list(items: Iterable[object]) -> str:
    """'a', 'a and b', 'a, b and c' (also the `and_list` filter rules can use)."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def finalize(value: object) -> object:
    """Jinja `finalize` hook: every `{{ ... }}` output is escaped unless already MarkdownText."""
    return escape_markdown(value)


_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")


def plain_text(markdown: str) -> str:
    """Markdown of one paragraph as plain text, for JSON and spreadsheets: escapes undone,
    emphasis markers dropped, links written as 'text (address)'."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", markdown)
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch not in "*_`":
            out.append(ch)
        i += 1
    return html.unescape("".join(out))
