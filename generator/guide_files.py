"""The guide's inputs and outputs on disk: read rules and example profiles from a content
folder, and write the generated guide as plain files for any site builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import ProblemsError
from generator.evaluate import evaluate
from generator.guide import ExamplePlaybook, GuidePage, ProfileOf, guide_nav, guide_pages
from generator.load import read_file
from generator.models import Profile
from generator.rulebook import BASELINE, load_rulebook, merge_example
from generator.rules import CompiledRule, Rulebook
from generator.validate import load_profile, validate_profile
from generator.write import slugify

EXAMPLES = "examples"


def example_files(content: Path) -> list[Path]:
    return sorted((content / EXAMPLES).glob("*.yaml"))


def _blurb(path: Path) -> str:
    """The comment lines at the top of a profile, without the editor's schema line."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if "yaml-language-server" not in line:
            lines.append(line.lstrip("# ").rstrip())
    return " ".join(lines)


def load_examples(content: Path, book: Rulebook) -> list[ExamplePlaybook]:
    """Every example profile with its plan; raises ProblemsError for an invalid one."""
    examples = []
    for path in example_files(content):
        profile = load_profile(path, str(path))
        examples.append(
            ExamplePlaybook(
                slug=slugify(profile.client.name),
                title=profile.client.name,
                blurb=_blurb(path),
                source=f"{EXAMPLES}/{path.name}",
                profile=profile,
                plan=evaluate(profile, book),
            )
        )
    return examples


def example_profiles(rules: Path) -> ProfileOf:
    """A function giving each rule's first firing example as a whole profile."""
    baseline = read_file(rules / BASELINE, str(rules / BASELINE))

    def profile_of(rule: CompiledRule) -> Profile:
        return validate_profile(merge_example(baseline, rule.spec.examples.fires[0]))

    return profile_of


def collect_guide(content: Path, edit_base: str) -> tuple[list[GuidePage], list[Any]]:
    """The generated pages and the navigation for the guide whose sources are in `content`."""
    book = load_rulebook(content / "rules")
    examples = load_examples(content, book)
    pages = guide_pages(book, examples, example_profiles(content / "rules"), edit_base)
    return pages, guide_nav(book, examples)


__all__ = ["ProblemsError", "collect_guide", "example_files", "load_examples"]
