"""Stage 2, validate: turn a loaded YAML tree into a typed model, or every problem with it."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from ..errors import Problem, ProblemsError, unknown_hint
from ..model.profile import Profile
from .files import read_bytes
from .load import Node, parse_bytes
from .validator import build, locate

T = TypeVar("T")


class Parsed(NamedTuple, Generic[T]):
    """A file read as a model: the instance (None when it does not fit), the node tree
    (None when the file could not be read or parsed) and every problem found."""

    value: T | None
    node: Node | None
    problems: list[Problem]


def validate_profile(node: Node) -> Profile:
    """The Profile a node tree describes; raises ProblemsError listing all that is wrong."""
    profile, problems = build(Profile, node)
    if profile is None or problems:
        raise ProblemsError(problems)
    return profile


def parse_model(cls: type[T], raw: bytes, source: str) -> Parsed[T]:
    """Bytes as `cls`, with the problems of the load and validate stages together, so one
    run shows everything."""
    try:
        node = parse_bytes(raw, source)
    except ProblemsError as exc:
        if not isinstance(exc.partial, Node):
            return Parsed(None, None, exc.problems)
        more = build(cls, exc.partial).problems
        # A refused tag is already reported at its place; do not repeat it as a type error.
        seen = {p.mark for p in exc.problems}
        return Parsed(None, None, [*exc.problems, *(p for p in more if p.mark not in seen)])
    built = build(cls, node)
    return Parsed(built.value, node, built.problems)


def load_model(cls: type[T], path: Path, label: str | None = None) -> Parsed[T]:
    """Read a file as `cls` (see `parse_model`)."""
    source = label if label is not None else str(path)
    try:
        raw = read_bytes(path, source)
    except ProblemsError as exc:
        return Parsed(None, None, exc.problems)
    return parse_model(cls, raw, source)


def profile_from_bytes(raw: bytes, source: str) -> Profile:
    """Parse and validate a profile; raises ProblemsError with every problem."""
    profile, _, problems = parse_model(Profile, raw, source)
    if profile is None or problems:
        raise ProblemsError(problems)
    return profile


def load_profile(path: Path, label: str | None = None) -> Profile:
    """Read and validate one profile file."""
    return load_checked_profile(path, label if label is not None else str(path))


def unknown_skips(profile: Profile, node: Node, rule_ids: typing.Collection[str]) -> list[Problem]:
    """A problem for every id in the profile's `rules: skip:` that names no rule."""
    skip = profile.rules.skip if profile.rules else []
    return [
        Problem(
            locate(node, ("rules", "skip", i, "id")),
            f"there is no rule '{item.id}' to switch off",
            unknown_hint(item.id, rule_ids),
        )
        for i, item in enumerate(skip)
        if item.id not in rule_ids
    ]


def unknown_sector(
    profile: Profile, node: Node, sector_ids: typing.Collection[str]
) -> list[Problem]:
    """A problem when the profile's `client.sector` names no sector."""
    sector = profile.client.sector
    if sector is None or sector in sector_ids:
        return []
    return [
        Problem(
            locate(node, ("client", "sector")),
            f"there is no sector '{sector}'",
            unknown_hint(sector, sector_ids),
        )
    ]


def load_checked_profile(
    path: Path,
    label: str,
    rule_ids: typing.Collection[str] | None = None,
    sector_ids: typing.Collection[str] | None = None,
) -> Profile:
    """Read and validate one profile file, and, given the rule ids, the rules it skips (and
    given the sector ids, the sector it names)."""
    return _checked(load_model(Profile, path, label), rule_ids, sector_ids)


def checked_profile_from_bytes(
    raw: bytes,
    label: str,
    rule_ids: typing.Collection[str] | None = None,
    sector_ids: typing.Collection[str] | None = None,
) -> Profile:
    """`load_checked_profile` for a profile read already (from standard input)."""
    return _checked(parse_model(Profile, raw, label), rule_ids, sector_ids)


def _checked(
    parsed: Parsed[Profile],
    rule_ids: typing.Collection[str] | None,
    sector_ids: typing.Collection[str] | None,
) -> Profile:
    profile, node, problems = parsed
    if profile is not None and node is not None and rule_ids is not None:
        problems += unknown_skips(profile, node, rule_ids)
    if profile is not None and node is not None and sector_ids is not None:
        problems += unknown_sector(profile, node, sector_ids)
    if profile is None or problems:
        raise ProblemsError(problems)
    return profile
