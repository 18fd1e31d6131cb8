"""Stage 2, validate: turn a loaded YAML tree into a typed Profile, or every problem with it."""

from __future__ import annotations

from pathlib import Path

from generator.errors import ProblemsError
from generator.load import Node, read_file
from generator.models import Profile
from generator.schema import build


def validate_profile(node: Node) -> Profile:
    """The Profile a node tree describes; raises ProblemsError listing all that is wrong."""
    profile, problems = build(Profile, node)
    if profile is None or problems:
        raise ProblemsError(problems)
    return profile


def load_profile(path: Path, label: str | None = None) -> Profile:
    """Read and validate one profile file."""
    return validate_profile(read_file(path, label))
