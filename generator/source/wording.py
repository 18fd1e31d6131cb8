"""How validation problems put places, values and bounds into words."""

from __future__ import annotations

import datetime as dt

from ..model.constraints import Path, Range
from .load import Mapping, Node, Scalar, Sequence


def show_path(path: Path) -> str:
    """A place in a file as a reader names it: 'goals[0].target', or 'the top level'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the top level"


# What a value of each scalar type is called ("must be a whole number")...
KIND_WORDS = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dt.date: "a date like 2027-06-30",
}
# ...and a value to write instead of a wrong one.
EXAMPLES = {
    str: "some text",
    int: "a whole number such as 3",
    float: "a number such as 30",
    bool: "true or false",
    dt.date: "a date such as 2027-06-30",
}


def describe(node: Node) -> str:
    """What a node holds, for 'must be a number, not ...'."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    assert isinstance(node, Scalar)
    value = node.value
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({node.text})"
    if isinstance(value, int | float):
        return f"the number {short(node.text)}"
    if isinstance(value, dt.date):
        return f"the date {node.text}"
    return f"the text '{short(node.text)}'"


def short(text: str, limit: int = 40) -> str:
    """The text, cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def number(value: float | None) -> str:
    """A bound as written: 100 rather than 100.0."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def range_words(bounds: Range) -> str:
    """The numbers a Range allows, for 'use a number from 0 to 100'."""
    low = (
        f"greater than {number(bounds.min)}"
        if bounds.exclusive_min
        else f"from {number(bounds.min)}"
    )
    if bounds.max is None:
        return low if bounds.exclusive_min else f"of {number(bounds.min)} or more"
    if bounds.exclusive_min:
        return f"{low} and at most {number(bounds.max)}"
    return f"{low} to {number(bounds.max)}"
