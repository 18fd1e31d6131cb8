"""Small builders shared by the tests: profiles from YAML text, plans from profiles."""

from __future__ import annotations

from functools import cache

import yaml

from generator.evaluate import evaluate
from generator.load import parse_text
from generator.models import Profile
from generator.plan import Plan
from generator.rulebook import load_rulebook
from generator.rules import Rulebook
from generator.validate import validate_profile

BASE: dict[str, object] = {
    "client": {"name": "Test Client"},
    "goals": [
        {"outcome": "More enquiries", "metric": "enquiries", "target": 10, "by": "2027-12-31"}
    ],
    "platforms": [{"name": "linkedin", "posts_per_week": 5}],
    "posting_mix": {
        "quotes": 5,
        "reshares": 5,
        "promotional": 10,
        "conversation": 30,
        "replies": 20,
        "original": 30,
    },
    "measuring": ["enquiries", "response time"],
}


@cache
def rulebook() -> Rulebook:
    return load_rulebook()


@cache
def golden_rulebook() -> Rulebook:
    """The five golden rules alone: engine tests pin the method, not the community's rules."""
    book = rulebook()
    return Rulebook(tuple(r for r in book.rules if r.source == "golden"), book.metrics)


def profile(**changes: object) -> Profile:
    """A valid profile: BASE with the given top-level keys replaced."""
    data = {**BASE, **changes}
    return validate_profile(parse_text(yaml.safe_dump(data, sort_keys=False), "test.yaml"))


def plan(**changes: object) -> Plan:
    """The plan the golden rules make for BASE with the given keys replaced."""
    return evaluate(profile(**changes), golden_rulebook())


def mix(**kinds: float) -> dict[str, float]:
    full = dict.fromkeys(
        ("quotes", "reshares", "promotional", "conversation", "replies", "original"), 0.0
    )
    full.update({k: float(v) for k, v in kinds.items()})
    return full
