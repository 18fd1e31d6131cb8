"""Stage 1, load: read a YAML file into a tree of nodes that remember where they came from.

PyYAML's loaders forget positions, keep the last of two duplicate keys, build Python
objects from tags and expand aliases without limit. This module composes the tree from
PyYAML's event stream instead, so it can refuse all of that with a line and column.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import Mark, Problem, ProblemsError
from ..model.nodes import Key, Mapping, Node, Scalar, Sequence, to_python
from .files import MAX_BYTES, read_bytes

MAX_DEPTH = 32
MAX_NODES = 20_000

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


def read_file(path: Path, label: str | None = None) -> Node:
    """Load one YAML file; raise ProblemsError listing everything wrong with it."""
    source = label if label is not None else str(path)
    return parse_bytes(read_bytes(path, source), source)


def parse_bytes(raw: bytes, source: str) -> Node:
    """Decode and parse YAML bytes with every check this module promises."""
    start = Mark(source, 1, 1)
    if len(raw) > MAX_BYTES:
        raise ProblemsError(
            [
                Problem(
                    start,
                    f"file is larger than the {MAX_BYTES // 1024} KiB limit",
                    "a profile or rule is a few kilobytes; check this is the right file",
                )
            ]
        )
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ProblemsError(
            [Problem(start, "file is saved as UTF-16", "save it with UTF-8 encoding")]
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise ProblemsError(
            [
                Problem(
                    _byte_mark(raw, at, source),
                    "file is binary, not YAML text",
                    "give a .yaml text file",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemsError(
            [
                Problem(
                    _byte_mark(raw, exc.start, source),
                    f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                    "save the file with UTF-8 encoding",
                )
            ]
        ) from None
    return parse_text(text.removeprefix("\ufeff"), source)


def _byte_mark(raw: bytes, offset: int, source: str) -> Mark:
    """Line and column (in characters, as editors count) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Mark(source, raw.count(b"\n", 0, offset) + 1, col)


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def parse_text(text: str, source: str) -> Node:
    """Parse YAML text into a Node tree (one document, mapping keys unique)."""
    tabs = [
        Problem(
            Mark(source, text.count("\n", 0, m.start()) + 1, m.end() - m.start()),
            "tab character in indentation",
            "indent with spaces; YAML does not allow tabs there",
        )
        for m in _TAB_INDENT.finditer(text)
    ]
    if tabs:
        raise ProblemsError(tabs)
    composer = _Composer(source)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            composer.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise ProblemsError([*composer.problems, _syntax_problem(exc, source)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ProblemsError(
            [
                Problem(
                    Mark(source, line, col),
                    f"control character U+{exc.character:04X} is not allowed",
                    "remove it; the file must be plain text",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ProblemsError(
            [Problem(Mark(source, 1, 1), f"cannot parse YAML: {exc}", "check the file is YAML")]
        ) from None
    except _Stop:
        raise ProblemsError(composer.problems) from None
    if composer.problems:
        raise ProblemsError(composer.problems, partial=composer.root)
    if composer.root is None:
        raise ProblemsError(
            [Problem(Mark(source, 1, 1), "file is empty", "start from `playbook init NAME`")]
        )
    return composer.root


_OPENERS = {
    "quoted scalar": "the quoted text",
    "flow sequence": "the [ list",
    "flow mapping": "the { mapping",
}


def _syntax_problem(exc: yaml.MarkedYAMLError, source: str) -> Problem:
    context = exc.context or ""
    unclosed = "end of stream" in (exc.problem or "") or "flow" in context
    if exc.context_mark is not None and unclosed:
        # An unclosed quote or bracket: the useful place is where it opened, not the end.
        m = exc.context_mark
        what = _OPENERS.get(context.split(" a ")[-1], "this value")
        return Problem(
            Mark(source, m.line + 1, m.column + 1),
            f"YAML syntax error: {what} that starts here is not closed",
            "add the closing quote or bracket",
        )
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = exc.problem or "invalid YAML"
    if exc.context:
        what = f"{what} ({exc.context})" if "while" not in exc.context else what
    hint = "check the indentation above this line and quote values that contain ': ' or '#'"
    if "special characters" in what:
        hint = "remove control characters; the file must be plain text"
    return Problem(Mark(source, line, col), f"YAML syntax error: {what}", hint)


# More significant digits than any number a file may hold, and few enough that reading one
# is quick and it converts to a float: 2**332 is about 1e100.
MAX_INT_DIGITS = 100
_INT_TEXT = re.compile(r"[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|[0-9][0-9:]*)")
_INT_LEAD = re.compile(r"[-+]?(?:0[box]?)?0*")  # what adds no size: sign, base, zeros


def _int_value(text: str, node: yaml.ScalarNode) -> object:
    """A YAML integer; one with more than MAX_INT_DIGITS significant digits is read as
    infinity with its sign. Converting it exactly would be slow (a sexagesimal 1:59:59...
    or a long decimal) or raise (Python refuses decimal text over 4300 digits), and no
    field accepts a number that large: the validator reports it against the field's range."""
    digits = text.replace("_", "")
    lead = _INT_LEAD.match(digits)
    # Not an integer at all (`!!int hello`): the constructor refuses it and the text stays.
    size = len(digits) - lead.end() if lead and _INT_TEXT.fullmatch(digits) else 0
    if size > MAX_INT_DIGITS:
        return -math.inf if digits.startswith("-") else math.inf
    return _constructor.construct_yaml_int(node)


class _Stop(Exception):
    """Raised inside the composer to stop reading a document that is too large."""


class _Composer:
    """Builds Nodes from PyYAML events, checking tags, keys, depth and alias expansion."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.root: Node | None = None
        self.problems: list[Problem] = []
        self.stack: list[Node] = []
        self.pending_key: list[Key | None] = []
        # Per open collection, the keys seen so far (none for a list): a duplicate is found
        # in one look-up, not by reading every earlier key (which made a long mapping slow).
        self.seen_keys: list[dict[str, Key]] = []
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.sizes: list[int] = []
        self.open_anchors: list[str | None] = []
        self.nodes = 0
        self.documents = 0

    def mark(self, event: Any) -> Mark:
        return Mark(self.source, event.start_mark.line + 1, event.start_mark.column + 1)

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.problems.append(
                    Problem(
                        self.mark(event),
                        "more than one YAML document in the file",
                        "keep one document per file; remove the '---' line",
                    )
                )
                raise _Stop
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.start_collection(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.end_collection()

    def check_tag(self, event: Any) -> bool:
        tag = event.tag
        if tag is None or tag == "!" or tag in _STANDARD_TAGS:
            return True
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        self.problems.append(
            Problem(
                self.mark(event),
                f"YAML tag '{shown}' is not allowed",
                "remove the tag; only plain text, numbers, dates, lists and mappings are read",
            )
        )
        return False

    def count(self, event: Any, amount: int) -> None:
        self.nodes += amount
        for i in range(len(self.sizes)):
            self.sizes[i] += amount
        if self.nodes > MAX_NODES:
            self.problems.append(
                Problem(
                    self.mark(event),
                    f"document expands to more than {MAX_NODES} values",
                    "remove repeated aliases (*name); a profile needs far fewer values",
                )
            )
            raise _Stop

    def scalar(self, event: yaml.ScalarEvent) -> None:
        mark = self.mark(event)
        if self.stack and isinstance(self.stack[-1], Mapping) and self.pending_key[-1] is None:
            if event.anchor is not None:
                self.problems.append(
                    Problem(mark, "anchors on keys are not supported", "remove the '&' anchor")
                )
            self.pending_key[-1] = Key(event.value, mark)
            return
        self.count(event, 1)
        value: object = event.value
        if self.check_tag(event):
            value = self.resolve(event)
        node = Scalar(mark, value, event.value, quoted=bool(event.style))
        if event.anchor is not None:
            self.anchors[event.anchor] = (node, 1)
        self.attach(node)

    def resolve(self, event: yaml.ScalarEvent) -> object:
        tag = event.tag
        if tag in (None, "!"):
            tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        node = yaml.ScalarNode(tag, event.value)
        try:
            if tag.endswith(":timestamp"):
                value: object = _constructor.construct_yaml_timestamp(node)
            elif tag.endswith(":int"):
                value = _int_value(event.value, node)
            elif tag.endswith(":float"):
                value = _constructor.construct_yaml_float(node)
            elif tag.endswith(":bool"):
                value = _constructor.construct_yaml_bool(node)
            elif tag.endswith(":null"):
                value = None
            else:
                value = event.value
        except OverflowError:
            # A sexagesimal float such as 1:59:59:...:59.5 too large for a float.
            return -math.inf if event.value.startswith("-") else math.inf
        except (ValueError, TypeError, KeyError, IndexError, AttributeError,
                yaml.YAMLError):  # fmt: skip
            # Such as 2027-02-30 or `!!bool maybe`: keep the text; the model says what it wants.
            return event.value
        return value

    def alias(self, event: yaml.AliasEvent) -> None:
        mark = self.mark(event)
        if self.stack and isinstance(self.stack[-1], Mapping) and self.pending_key[-1] is None:
            self.problems.append(
                Problem(mark, "aliases as keys are not supported", "write the key as plain text")
            )
            self.pending_key[-1] = Key(f"*{event.anchor}", mark)
            return
        target = self.anchors.get(event.anchor or "")
        if target is None:
            self.problems.append(
                Problem(mark, f"unknown alias '*{event.anchor}'", "define '&name' before '*name'")
            )
            return
        node, size = target
        self.count(event, size)
        self.attach(node)

    def start_collection(self, event: Any) -> None:
        mark = self.mark(event)
        self.check_tag(event)
        if self.stack and isinstance(self.stack[-1], Mapping) and self.pending_key[-1] is None:
            self.problems.append(
                Problem(mark, "a list or mapping cannot be a key", "use a plain text key")
            )
            raise _Stop
        if len(self.stack) >= MAX_DEPTH:
            self.problems.append(
                Problem(
                    mark,
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "a profile is a few levels deep; check the indentation",
                )
            )
            raise _Stop
        self.count(event, 1)
        node: Node = Mapping(mark) if isinstance(event, yaml.MappingStartEvent) else Sequence(mark)
        self.stack.append(node)
        self.pending_key.append(None)
        self.seen_keys.append({})
        self.sizes.append(1)
        self.open_anchors.append(event.anchor)

    def end_collection(self) -> None:
        node = self.stack.pop()
        self.pending_key.pop()
        self.seen_keys.pop()
        size = self.sizes.pop()
        anchor = self.open_anchors.pop()
        if anchor is not None:
            self.anchors[anchor] = (node, size)
        self.attach(node)

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        assert isinstance(parent, Mapping)
        key = self.pending_key[-1]
        assert key is not None
        self.pending_key[-1] = None
        seen = self.seen_keys[-1].setdefault(key.text, key)
        if seen is not key:
            self.problems.append(
                Problem(
                    key.mark,
                    f"duplicate key '{key.text}' (first at line {seen.mark.line})",
                    "keep only one; YAML would silently drop the first",
                )
            )
            return
        parent.entries.append((key, node))


__all__ = [
    "Key",
    "Mapping",
    "Node",
    "Scalar",
    "Sequence",
    "parse_bytes",
    "parse_text",
    "read_bytes",
    "read_file",
    "to_python",
]
