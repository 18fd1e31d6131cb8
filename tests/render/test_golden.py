"""Golden files: the generated Markdown and JSON of every example profile, byte for byte.

They are made with the golden rules and the community rules tests/rulesets.py names, so a
new community rule changes them only once a test names it. On a difference the test prints
a unified diff. To accept a change on purpose, run
`make golden` (pytest --update-golden) and review the diff of tests/golden/ before committing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.pipeline.client import plan_one
from generator.pipeline.rulebook import load_rulebook
from generator.rules.compile import Rulebook

from ..conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
PROFILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def book(golden_rules: Path) -> Rulebook:
    return load_rulebook(golden_rules)


def outputs(profile_path: Path, book: Rulebook) -> dict[str, str]:
    """What `playbook plan` writes for the profile: the pages (with progress.md where the
    example has check-ins), the single document and the JSON."""
    pages = dict(plan_one(profile_path, book, "markdown", single=False).pages)
    pages.update(plan_one(profile_path, book, "markdown", single=True).pages)
    pages.update(plan_one(profile_path, book, "json", single=True).pages)
    return pages


def compare(expected_file: Path, actual: str, update: bool) -> None:
    if update:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert expected_file.exists(), f"{expected_file} is missing: run `make golden` once"
    expected = expected_file.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                str(expected_file),
                "generated",
            )
        )
        pytest.fail(f"generated output differs from {expected_file}:\n{diff}", pytrace=False)


@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_example_matches_golden(profile_path: Path, book: Rulebook, update_golden: bool) -> None:
    for name, text in outputs(profile_path, book).items():
        compare(GOLDEN / profile_path.stem / name, text, update_golden)


def test_every_golden_folder_has_an_example() -> None:
    stale = {p.name for p in GOLDEN.iterdir() if p.is_dir()} - {p.stem for p in PROFILES}
    assert not stale, f"golden folders without an example profile: {sorted(stale)}"


@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_output_is_deterministic(profile_path: Path, book: Rulebook, golden_rules: Path) -> None:
    assert outputs(profile_path, book) == outputs(profile_path, load_rulebook(golden_rules))
