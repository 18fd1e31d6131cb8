"""Stage 2, validate: turn a loaded YAML tree into a typed model, or every problem with it."""

from __future__ import annotations

import typing
from pathlib import Path

from generator.errors import Problem, ProblemsError
from generator.load import Node, parse_bytes, read_bytes
from generator.models import Profile
from generator.schema import build

T = typing.TypeVar("T")


def validate_profile(node: Node) -> Profile:
    """The Profile a node tree describes; raises ProblemsError listing all that is wrong."""
    profile, problems = build(Profile, node)
    if profile is None or problems:
        raise ProblemsError(problems)
    return profile


def parse_model(
    cls: type[T], raw: bytes, source: str
) -> tuple[T | None, Node | None, list[Problem]]:
    """Bytes as `cls`: the instance and its tree, or None and the problems of the load and
    validate stages together, so one run shows everything."""
    try:
        node = parse_bytes(raw, source)
    except ProblemsError as exc:
        if not isinstance(exc.partial, Node):
            return None, None, exc.problems
        _, more = build(cls, exc.partial)
        # A refused tag is already reported at its place; do not repeat it as a type error.
        seen = {p.mark for p in exc.problems}
        return None, None, [*exc.problems, *(p for p in more if p.mark not in seen)]
    obj, problems = build(cls, node)
    return obj, node, problems


def load_model(
    cls: type[T], path: Path, label: str | None = None
) -> tuple[T | None, Node | None, list[Problem]]:
    """Read a file as `cls` (see `parse_model`)."""
    source = label if label is not None else str(path)
    try:
        raw = read_bytes(path, source)
    except ProblemsError as exc:
        return None, None, exc.problems
    return parse_model(cls, raw, source)


def profile_from_bytes(raw: bytes, source: str) -> Profile:
    """Parse and validate a profile; raises ProblemsError with every problem."""
    profile, _, problems = parse_model(Profile, raw, source)
    if profile is None or problems:
        raise ProblemsError(problems)
    return profile


def load_profile(path: Path, label: str | None = None) -> Profile:
    """Read and validate one profile file."""
    profile, _, problems = load_model(Profile, path, label)
    if profile is None or problems:
        raise ProblemsError(problems)
    return profile
