"""The rules the golden files are made with: the golden rules and the community rules named
here, and nothing else. A contributor who adds a community rule commits that one file; the
golden files and the tests that compare with them do not see it until a test names it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.rules.files import BASELINE

from .conftest import ROOT

RULES = ROOT / "content" / "rules"

# The community rules the golden files were made with. Add an id here (and run
# `make golden`) only when a change to the golden plans is meant.
NAMED_COMMUNITY = (
    "eighty-twenty",
    "five-three-two",
    "four-one-one",
    "reply-within-a-day",
    "rule-of-thirds",
)


def named_rules(dest: Path, source: Path = RULES) -> Path:
    """A rules folder at `dest` holding the golden rules of `source`, its community rules
    named in NAMED_COMMUNITY and its baseline profile; returns `dest`."""
    (dest / "golden").mkdir(parents=True)
    (dest / "community").mkdir()
    for rule in sorted((source / "golden").glob("*.yaml")):
        shutil.copyfile(rule, dest / "golden" / rule.name)
    for rule_id in NAMED_COMMUNITY:
        name = f"{rule_id}.yaml"
        shutil.copyfile(source / "community" / name, dest / "community" / name)
    shutil.copyfile(source / BASELINE, dest / BASELINE)
    return dest


def use_named_rules(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make commands run in this process read their bundled rules from `folder`."""
    monkeypatch.setattr("generator.pipeline.rulebook.rules_dir", lambda: folder)
