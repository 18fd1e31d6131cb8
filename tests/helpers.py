"""Small builders shared by the tests: profiles from YAML text, plans from profiles."""

from __future__ import annotations

import socket
import time
import urllib.request
from functools import cache

import yaml

from generator.engine.evaluate import evaluate
from generator.engine.plan import Plan
from generator.model.profile import Profile
from generator.pipeline.rulebook import load_rulebook
from generator.rules.compile import Rulebook
from generator.source.load import parse_text
from generator.source.validate import validate_profile

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
    return Rulebook(tuple(r for r in book.rules if r.origin == "golden"), book.metrics)


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


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_text(url: str, text: str, seconds: float = 60) -> str:
    """The page at `url` once it holds `text` (a server rebuilding); fails after `seconds`."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = str(response.read().decode("utf-8"))
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}; last page: {body[:300]}")
