"""Putting measured post counts into a check-in file without disturbing the rest of it.

The file is edited as text, guided by the positions of its parsed tree, so every comment,
value and blank line a person wrote stays as it was: only one platform's `posts:` entry is
written (or added). Counts playbook wrote carry MEASURED_MARK at the end of their line, so a
later run can tell them from counts a person typed.
"""

from __future__ import annotations

from collections.abc import Mapping as KindCounts

from ..model.nodes import Mapping, Node, Scalar

MEASURED_MARK = "# counted by playbook measure"
INDENT = 2


class CannotEdit(Exception):
    """The file is laid out in a way this module does not edit (a flow-style mapping)."""


def posts_line(counts: KindCounts[str, int]) -> str:
    inner = ", ".join(f"{kind}: {n}" for kind, n in counts.items())
    return f"posts: {{{inner}}}  {MEASURED_MARK}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _flow(lines: list[str], node: Node) -> bool:
    line = lines[node.mark.line - 1] if node.mark.line <= len(lines) else ""
    return line[node.mark.col - 1 : node.mark.col] in ("{", "[")


def _entry(mapping: Mapping, name: str) -> tuple[int, int, Node] | None:
    """(line index, column index, value) of a key of a mapping."""
    for key, value in mapping.entries:
        if key.text == name:
            return key.mark.line - 1, key.mark.col - 1, value
    return None


def _child_indent(mapping: Node, fallback: int) -> int:
    if isinstance(mapping, Mapping) and mapping.entries:
        return mapping.entries[0][0].mark.col - 1
    return fallback


def _replace_block(lines: list[str], at: int, indent: int, new: str) -> None:
    """Replace the line `at` and the lines of its value below it (more indented content;
    comments and blank lines among them are kept)."""
    end = at + 1
    drop = []
    while end < len(lines):
        line = lines[end]
        if _is_content(line):
            if _indent(line) <= indent:
                break
            drop.append(end)
        end += 1
    for index in reversed(drop):
        del lines[index]
    lines[at] = " " * indent + new


def is_measured(text: str, root: Node, platform: str) -> bool:
    """Whether the platform's `posts:` line carries MEASURED_MARK: playbook wrote it."""
    lines = text.split("\n")
    platforms = root.get("platforms") if isinstance(root, Mapping) else None
    own = _entry(platforms, platform) if isinstance(platforms, Mapping) else None
    posts = _entry(own[2], "posts") if own and isinstance(own[2], Mapping) else None
    return posts is not None and lines[posts[0]].rstrip().endswith(MEASURED_MARK)


def set_posts(text: str, root: Node, platform: str, counts: KindCounts[str, int]) -> str:
    """The check-in `text` (parsed as `root`) with `platforms: <platform>: posts:` set to
    `counts`; raises CannotEdit for a layout it does not edit."""
    lines = text.split("\n")
    if not isinstance(root, Mapping) or _flow(lines, root):
        raise CannotEdit("the check-in is not a block mapping")
    new = posts_line(counts)
    platforms = _entry(root, "platforms")
    if platforms is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["platforms:", f"{' ' * INDENT}{platform}:", f"{' ' * 2 * INDENT}{new}", ""]
        return "\n".join(lines)
    at, col, value = platforms
    if isinstance(value, Mapping) and _flow(lines, value):
        raise CannotEdit("'platforms:' is written in flow style")
    if not isinstance(value, Mapping | Scalar):
        raise CannotEdit("'platforms:' is not a mapping")
    own = _entry(value, platform) if isinstance(value, Mapping) else None
    if own is None:
        indent = _child_indent(value, col + INDENT)
        if isinstance(value, Scalar) and value.text:
            raise CannotEdit("'platforms:' holds a value, not a mapping")
        lines[at + 1 : at + 1] = [f"{' ' * indent}{platform}:", f"{' ' * (indent + INDENT)}{new}"]
        return "\n".join(lines)
    at, col, value = own
    if isinstance(value, Mapping) and _flow(lines, value):
        raise CannotEdit(f"'{platform}:' is written in flow style")
    posts = _entry(value, "posts") if isinstance(value, Mapping) else None
    if posts is None:
        if isinstance(value, Scalar) and value.text:
            raise CannotEdit(f"'{platform}:' holds a value, not a mapping")
        indent = _child_indent(value, col + INDENT)
        lines[at + 1 : at + 1] = [" " * indent + new]
        return "\n".join(lines)
    at, col, _ = posts
    _replace_block(lines, at, col, new)
    return "\n".join(lines)
