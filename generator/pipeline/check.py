"""The check jobs: validate profiles with their check-ins without planning them, so
`playbook check` starts fast (no rule is compiled, no template loaded); and choose the
rule files `playbook rules check` checks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Mark, Problem, ProblemsError
from ..model.profile import Profile
from ..paths import rules_dir, sector_ids
from ..rules.files import NOT_RULES, rule_files
from ..source.checkins import load_checkins
from ..source.files import expand
from ..source.validate import load_checked_profile


def check_client(path: Path, known_rules: set[str]) -> tuple[Profile, int]:
    """The valid profile at `path` and how many check-ins it has; raises ProblemsError with
    every problem of both."""
    try:
        profile = load_checked_profile(path, str(path), known_rules, sector_ids())
        return profile, len(load_checkins(profile, path))
    except ProblemsError as exc:
        raise ProblemsError(_not_a_profile(path, exc.problems)) from None


def _not_a_profile(path: Path, problems: list[Problem]) -> list[Problem]:
    """A check-in given where a profile is expected gets one line that says so."""
    if any(p.message.startswith("unknown top-level key 'period'") for p in problems):
        return [
            Problem(
                Mark(str(path), 1, 1),
                "this is a check-in, not a profile",
                "check it with its profile: playbook check PROFILE checks its check-ins too",
            )
        ]
    return problems


def rule_files_to_check(paths: Sequence[Path], own: Path | None) -> tuple[list[Path], Path | None]:
    """The rule files to check, and the rules folder they are checked against (None: the
    one they sit in). Without paths, every rule: the bundled ones, then the coach's own.

    A rules folder (with golden/ and community/) gives its rules, any other folder its
    .yaml files, never the template or the baseline profile."""
    if not paths:
        folder = rules_dir()
        return [path for _, path in rule_files(folder, own)], folder
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and any((path / s).is_dir() for s in ("golden", "community")):
            found += [p for _, p in rule_files(path)]
        elif path.is_dir():
            found += [p for p in expand([path]) if p.name not in NOT_RULES]
        else:
            found.append(path)
    return list(dict.fromkeys(found)), None
