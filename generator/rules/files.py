"""Where rule files are, without reading them: cheap enough for `playbook check`, which
only needs the rules' ids (each rule's id is its file name)."""

from __future__ import annotations

from pathlib import Path

from ..paths import rules_dir

# Folders of the bundled rules; a coach's own folder adds "private" rules.
SOURCES = ("golden", "community")
BASELINE = "baseline-profile.yaml"
# Files in a rules folder that are not rules.
NOT_RULES = (BASELINE, "TEMPLATE.yaml")


def rule_files(folder: Path, own: Path | None = None) -> list[tuple[str, Path]]:
    """(source, path) for every rule file under folder/golden and folder/community, then
    the coach's own rules (`*.yaml` directly in `own`), sorted."""
    found = []
    for source in SOURCES:
        found += [(source, p) for p in sorted((folder / source).glob("*.yaml"))]
    if own is not None:
        found += [("private", p) for p in sorted(own.glob("*.yaml")) if p.name not in NOT_RULES]
    return found


def rule_ids(folder: Path | None = None, own: Path | None = None) -> set[str]:
    """The ids of the rules, read from the file names."""
    return {path.stem for _, path in rule_files(folder or rules_dir(), own)}
