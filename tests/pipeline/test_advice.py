"""The advice library: every bundled file loads, and every bad input is one line at its place."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ProblemsError
from generator.model.advice import IDEA_SLOTS
from generator.model.profile import MIX_KINDS, PLATFORMS
from generator.pipeline.advice import golden_rule_ids, load_advice
from generator.pipeline.rulebook import load_rulebook
from generator.rules.ideas import fill_idea

from ..conftest import ROOT, Run

ADVICE = ROOT / "content" / "advice"
LINE = re.compile(r"^\S+\.yaml:\d+:\d+: error: .+ \(.+\)$")
IDEA = ADVICE / "ideas" / "conversation" / "which-bake-next-saturday.yaml"
SECTOR = ADVICE / "sectors" / "therapy.yaml"
# A link to a script: ']' not escaped, then '(' and the scheme.
UNESCAPED_LINK = re.compile(r"(?<!\\)\]\(\s*jav")


def test_every_bundled_advice_file_loads() -> None:
    advice = load_advice()
    assert {s.id for s in advice.sectors} == {p.stem for p in (ADVICE / "sectors").glob("*.yaml")}
    assert len(advice.ideas) == len(list((ADVICE / "ideas").glob("*/*.yaml")))
    assert set(advice.platforms.platforms) == set(PLATFORMS)
    golden = set(golden_rule_ids())
    for guide in advice.platforms.platforms.values():
        assert set(guide.advice) == golden
        assert set(guide.kinds) == set(MIX_KINDS)
    assert {i.kind for i in advice.ideas} == set(MIX_KINDS)


def test_the_rulebook_carries_the_advice() -> None:
    book = load_rulebook()
    assert book.advice is not None
    assert book.advice.platforms.platforms["pinterest"].exists("conversation") is False
    assert book.advice.sector("general") is not None


def _edit(path: Path, old: str, new: str) -> Callable[[Path], None]:
    """A change to one bundled file, made in a copy of the library."""

    def change(content: Path) -> None:
        target = content / path.relative_to(ROOT / "content")
        text = target.read_text(encoding="utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _rename(path: Path, name: str) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        target = content / path.relative_to(ROOT / "content")
        target.rename(target.with_name(name))

    return change


BAD: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # case: (the change, the file the line names, words the line holds)
    "unknown key in an idea": (
        _edit(IDEA, "prompt:", "colour: red\nprompt:"),
        "which-bake-next-saturday.yaml:",
        "colour",
    ),
    "unknown key in a sector": (
        _edit(SECTOR, "conversions:", "tone: warm\nconversions:"),
        "therapy.yaml:",
        "tone",
    ),
    "bad kind": (_edit(IDEA, "kind: conversation", "kind: gossip"), "which-bake", "gossip"),
    "kind not the folder": (
        _edit(IDEA, "kind: conversation", "kind: original"),
        "which-bake",
        "differs from the folder",
    ),
    "bad platform in an idea": (
        _edit(IDEA, "platforms: [x,", "platforms: [instagarm,"),
        "which-bake",
        "instagarm",
    ),
    "bad platform in platforms.yaml": (
        _edit(ADVICE / "platforms.yaml", "  pinterest:\n", "  pinterst:\n"),
        "platforms.yaml:",
        "pinterst",
    ),
    "a platform without advice for a golden rule": (
        _edit(ADVICE / "platforms.yaml", "      pull-dont-push:", "      pull-dont-puhs:"),
        "platforms.yaml:",
        "pull-dont-puhs",
    ),
    "unknown slot": (
        _edit(IDEA, "next Saturday:", "next Saturday, {{ customer }}:"),
        "which-bake",
        "unknown slot 'customer'",
    ),
    "rule variable as a slot": (
        _edit(IDEA, "next Saturday:", "next Saturday, {{ client.name }}:"),
        "which-bake",
        "not a slot",
    ),
    "missing credit": (
        _edit(IDEA, "contributor: playbook maintainers\n", ""),
        "which-bake",
        "contributor",
    ),
    "sector without credit": (
        _edit(SECTOR, "contributor: playbook maintainers\n", ""),
        "therapy",
        "contributor",
    ),
    "id not the file name": (
        _edit(IDEA, "id: which-bake-next-saturday", "id: which-bake"),
        "which-bake-next-saturday.yaml:",
        "differs from the file name",
    ),
    "sector id not the file name": (
        _rename(SECTOR, "counselling.yaml"),
        "counselling.yaml:",
        "differs from the file name",
    ),
    "idea names an unknown sector": (
        _edit(IDEA, "sectors: [food-and-drink]", "sectors: [food-and-drnk]"),
        "which-bake",
        "unknown sector 'food-and-drnk'",
    ),
    "idea excludes an unknown sector": (
        _edit(IDEA, "not_sectors: []", "not_sectors: [therapie]"),
        "which-bake",
        "unknown sector 'therapie'",
    ),
    "idea names an unknown goal": (
        _edit(IDEA, "goals: [all]", "goals: [hugs]"),
        "which-bake",
        "unknown goal word 'hugs'",
    ),
    "script in an idea": (
        _edit(IDEA, "next Saturday:", "next Saturday <script>alert(1)</script>:"),
        "which-bake",
        "raw HTML",
    ),
    "javascript link in an idea": (
        _edit(IDEA, "next Saturday:", "next [Saturday](javascript:alert(1)):"),
        "which-bake",
        "links must be",
    ),
    "template code in an idea": (
        _edit(IDEA, "next Saturday:", "next {{ ''.__class__.__mro__ }} Saturday:"),
        "which-bake",
        "not a slot",
    ),
    "template statement in an idea": (
        _edit(IDEA, "next Saturday:", "next {% for x in y %}x{% endfor %} Saturday:"),
        "which-bake",
        "not a slot",
    ),
    "template code in a sector": (
        _edit(SECTOR, "text: If someone", "text: If {{ 7*7 }} someone"),
        "therapy.yaml:",
        "template code",
    ),
    "script in platform advice": (
        _edit(
            ADVICE / "platforms.yaml",
            "    role: Quick",
            "    role: <img src=x onerror=alert(1)> Quick",
        ),
        "platforms.yaml:",
        "raw HTML",
    ),
    "a kind folder that is no kind": (
        lambda content: (content / "advice" / "ideas" / "memes").mkdir(),
        "memes",
        "not a kind of post",
    ),
}


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ADVICE, folder / "advice")
    return folder


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_advice_file_is_one_line_at_its_place(content: Path, case: str) -> None:
    change, where, words = BAD[case]
    change(content)
    with pytest.raises(ProblemsError) as raised:
        load_advice(content)
    lines = [p.format() for p in raised.value.problems]
    assert len(lines) == 1, lines
    line = lines[0]
    if case != "a kind folder that is no kind":
        assert LINE.match(line), line
    assert where in line and words in line, line


def test_every_problem_in_every_file_at_once(content: Path) -> None:
    for case in ("bad kind", "unknown key in a sector", "bad platform in platforms.yaml"):
        BAD[case][0](content)
    with pytest.raises(ProblemsError) as raised:
        load_advice(content)
    assert len(raised.value.problems) == 3, raised.value


SLOTS = {
    "audience": "patients",
    "audience_one": "patient",
    "outcome": "More *bookings*",
    "business": "<script>alert(1)</script> [x](javascript:alert(1))",
    "platform": "Instagram",
}


def test_slots_are_filled_and_the_client_words_are_escaped() -> None:
    assert set(SLOTS) == set(IDEA_SLOTS)
    text = fill_idea("Hello {{ audience }} from {{ business }} on {{platform}}", SLOTS)
    assert text is not None
    assert text.startswith("Hello patients from ") and text.endswith(" on Instagram")
    assert "<" not in text and not UNESCAPED_LINK.search(text)


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% for i in range(10**9) %}x{% endfor %}",
        "{{ client.name }}",
        "{{ customer }}",
        "{# hidden #}",
    ],
)
def test_a_template_payload_that_skipped_the_check_is_left_out(payload: str) -> None:
    assert fill_idea(f"Try this: {payload}", SLOTS) is None


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click]( jav&#x61;script:alert(1))",
        "![x](https://tracker.example/p.gif)",
        "{: onclick=alert(1) }",
        "<a href='javascript:alert(1)'>x</a>",
    ],
)
def test_a_markup_payload_that_skipped_the_check_is_inert(payload: str) -> None:
    text = fill_idea(f"Try this: {payload}", SLOTS)
    assert text is not None
    assert "<" not in text
    assert not UNESCAPED_LINK.search(text)
    assert not re.search(r"(?<!\\)!\[", text)


def test_every_sector_has_three_ideas_of_every_kind_on_every_platform() -> None:
    advice = load_advice()
    thin = [
        (sector.id, platform, kind)
        for sector in advice.sectors
        for platform in PLATFORMS
        for kind in MIX_KINDS
        if advice.platforms.guide(platform).exists(kind)
        and sum(1 for i in advice.ideas if i.kind == kind and i.suits(sector.id, platform)) < 3
    ]
    assert not thin


def _runs(text: str, size: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_no_two_ideas_share_a_run_of_six_words() -> None:
    seen: dict[tuple[str, ...], str] = {}
    shared = []
    for idea in load_advice().ideas:
        for run in _runs(idea.text) | _runs(idea.prompt):
            if run in seen and seen[run] != idea.id:
                shared.append((seen[run], idea.id, " ".join(run)))
            seen.setdefault(run, idea.id)
    assert not shared


# What a sector with safeguards must never be told: to answer people in public, to ask for
# their stories, or (where testimonials are ruled out) to ask for reviews.
ANSWER_IN_PUBLIC = re.compile(
    r"answer (the |their |your )?(best )?(replies|comments)( \w+)? in (public|a post)"
    r"|replies in public|share (your|their) (own )?(story|stories|experience|symptoms)",
    re.IGNORECASE,
)
ASK_FOR_REVIEWS = re.compile(r"\b(leave|write|post) (us )?an? (review|testimonial)", re.IGNORECASE)


def test_bundled_rules_and_ideas_hold_to_every_sectors_safeguards() -> None:
    book = load_rulebook()
    advice = book.advice
    assert advice is not None
    for sector in (s for s in advice.sectors if s.safeguards):
        texts = [i.text for i in advice.ideas if any(i.suits(sector.id, p) for p in PLATFORMS)]
        for rule in book.rules:
            texts += [a.text for a in rule.spec.actions if sector.id not in a.not_sectors]
            texts += list(rule.spec.platform_advice.values())
        for guide in advice.platforms.platforms.values():
            texts += list(guide.advice.values())
        guards = {g.id for g in sector.safeguards}
        for text in texts:
            assert not ANSWER_IN_PUBLIC.search(text), (sector.id, text)
            if guards & {"no-client-testimonials", "careful-health-claims"}:
                assert not ASK_FOR_REVIEWS.search(text), (sector.id, text)


def test_playbook_ideas_check(run_playbook: Run, content: Path) -> None:
    assert run_playbook("ideas", "check").returncode == 0
    BAD["bad kind"][0](content)
    BAD["unknown slot"][0](content)  # in the same file: both are reported
    BAD["unknown key in a sector"][0](content)
    result = run_playbook("ideas", "check", str(content / "advice" / "ideas"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and all(LINE.match(line) for line in lines), lines
