"""Where rule files are, without reading them: cheap enough for `playbook check`, which
only needs the rules' ids (each rule's id is its file name)."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Literal, NamedTuple

from ..paths import rules_dir

# Where a rule comes from, in precedence order: the golden rules, the coach's own rules
# (`--rules DIR`), the community's rules.
Origin = Literal["golden", "own", "community"]
ORIGINS: tuple[Origin, ...] = typing.get_args(Origin)
# The bundled rules, each origin in the folder of its name.
BUNDLED: tuple[Origin, ...] = ("golden", "community")
BASELINE = "baseline-profile.yaml"
# Files in a rules folder that are not rules.
NOT_RULES = (BASELINE, "TEMPLATE.yaml")


class RuleFile(NamedTuple):
    """A rule file, and where the rule comes from."""

    origin: Origin
    path: Path


def rule_files(folder: Path, own: Path | None = None) -> list[RuleFile]:
    """Every rule file under folder/golden and folder/community, then the coach's own rules
    (`*.yaml` directly in `own`), sorted."""
    found = []
    for origin in BUNDLED:
        found += [RuleFile(origin, p) for p in sorted((folder / origin).glob("*.yaml"))]
    if own is not None:
        found += [RuleFile("own", p) for p in sorted(own.glob("*.yaml")) if p.name not in NOT_RULES]
    return found


def rule_ids(folder: Path | None = None, own: Path | None = None) -> set[str]:
    """The ids of the rules, read from the file names."""
    return {file.path.stem for file in rule_files(folder or rules_dir(), own)}
