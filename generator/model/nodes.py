"""The tree a YAML document loads into: values with the place each starts."""

from __future__ import annotations

from typing import Any

from ..errors import Mark


# Plain classes with __slots__ rather than dataclasses: a document has many nodes, and
# defining dataclasses costs start-up time that `playbook check` does not have.
class Node:
    """A value in a YAML document and the place it starts."""

    __slots__ = ("mark",)

    def __init__(self, mark: Mark) -> None:
        self.mark = mark


class Scalar(Node):
    """A scalar: str, int, float, bool, None or date. `text` is the source text."""

    __slots__ = ("quoted", "text", "value")

    def __init__(self, mark: Mark, value: object, text: str, quoted: bool = False) -> None:
        super().__init__(mark)
        self.value = value
        self.text = text
        self.quoted = quoted

    def __repr__(self) -> str:
        return f"Scalar({self.text!r} at {self.mark.line}:{self.mark.col})"


class Sequence(Node):
    """A list of nodes."""

    __slots__ = ("items",)

    def __init__(self, mark: Mark, items: list[Node] | None = None) -> None:
        super().__init__(mark)
        self.items: list[Node] = items if items is not None else []


class Key:
    """A mapping key: always text, with its own place."""

    __slots__ = ("mark", "text")

    def __init__(self, text: str, mark: Mark) -> None:
        self.text = text
        self.mark = mark


class Mapping(Node):
    """Keys and values in file order; keys are unique (the composer refuses duplicates)."""

    __slots__ = ("entries",)

    def __init__(self, mark: Mark, entries: list[tuple[Key, Node]] | None = None) -> None:
        super().__init__(mark)
        self.entries: list[tuple[Key, Node]] = entries if entries is not None else []

    def get(self, name: str) -> Node | None:
        for key, value in self.entries:
            if key.text == name:
                return value
        return None

    def keys(self) -> list[str]:
        return [key.text for key, _ in self.entries]


def to_python(node: Node) -> Any:
    """Plain Python data for a node (used for JSON output and tests)."""
    if isinstance(node, Mapping):
        return {key.text: to_python(value) for key, value in node.entries}
    if isinstance(node, Sequence):
        return [to_python(item) for item in node.items]
    assert isinstance(node, Scalar)
    return node.value
