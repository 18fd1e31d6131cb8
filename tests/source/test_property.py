"""Property tests: whatever bytes arrive, loading either gives a Profile or a list of problems.

Inputs are profile-shaped data (mostly valid, sometimes wrong in the ways people get them
wrong) dumped with `yaml.safe_dump`, fully random text and bytes, and the example profile
with random edits. For each, `parse_bytes` + `validate_profile` either return a `Profile`
or raise `ProblemsError` whose every problem is one `source:line:col: error: ...` line
pointing into the file; no other exception escapes. Every valid profile also evaluates and
renders, the same bytes every time.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from typing import Any

import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from generator.engine.evaluate import evaluate
from generator.errors import ProblemsError
from generator.model.profile import MIX_KINDS, PLATFORMS, Goal, Profile
from generator.pipeline.rulebook import load_rulebook
from generator.render.plan_pages import render_pages
from generator.rules.compile import Rulebook
from generator.source.load import parse_bytes
from generator.source.validate import validate_profile

from ..conftest import EXAMPLES

SOURCE = "fuzz.yaml"
PROBLEM = re.compile(re.escape(SOURCE) + r":(?P<line>\d+):(?P<col>\d+): error: [^\n\r]+")
GOOD = (EXAMPLES / "hilltop-bakery.yaml").read_bytes()
PERIODS: tuple[str, ...] = typing.get_args(typing.get_type_hints(Goal)["per"])
FAST = settings(max_examples=150, deadline=None)


@functools.cache
def rulebook() -> Rulebook:
    return load_rulebook()


def outcome(raw: bytes) -> Profile | None:
    """The Profile, or None after checking every problem; any other exception escapes."""
    try:
        profile = validate_profile(parse_bytes(raw, SOURCE))
    except ProblemsError as exc:
        check_problems(exc, raw)
        return None
    assert isinstance(profile, Profile)
    return profile


def check_problems(exc: ProblemsError, raw: bytes) -> None:
    assert exc.problems, "ProblemsError without any problem: the CLI would print nothing"
    # Every way YAML or an editor can break a line counts, so this bound is generous.
    lines = len(raw.decode("utf-8", "replace").splitlines()) + 1
    for problem in exc.problems:
        text = problem.format()
        assert PROBLEM.fullmatch(text), f"not one `{SOURCE}:line:col: error: ...` line: {text!r}"
        assert problem.mark.source == SOURCE
        assert problem.severity == "error"
        assert problem.message.strip(), text
        assert problem.mark.line >= 1 and problem.mark.col >= 1, text
        assert problem.mark.line <= lines, f"line beyond the end of the file ({lines}): {text}"


def pages(raw: bytes) -> dict[str, bytes]:
    """From bytes to rendered pages, every stage run afresh."""
    profile = validate_profile(parse_bytes(raw, SOURCE))
    rendered = render_pages(evaluate(profile, rulebook()))
    assert rendered and all(isinstance(text, str) and text for text in rendered.values())
    return {name: text.encode("utf-8") for name, text in rendered.items()}


def check_plan(raw: bytes) -> None:
    """A valid profile evaluates and renders, and twice gives the same bytes."""
    assert pages(raw) == pages(raw)


# --- Strategies -------------------------------------------------------------------------------

# Text people paste: line breaks, control characters, YAML punctuation, look-alike values.
TRICKY = st.sampled_from(
    [
        "two\nlines", "carriage\rreturn", "tab\there", "bell\x07", "nel\x85", "ls\u2028",
        " ", "", "#not a comment", "key: value", "- item", "&anchor", "*alias", "!tag", "'",
        '"', "\\", "☃", "\ufeff",
    ]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=30), TRICKY)
JUNK: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    TEXT,
    st.sampled_from(["yes", "no", "~", "null", "2027-02-30", ".inf", "1e3", "0x1F", "1:30"]),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


def mostly(valid: st.SearchStrategy[Any], wrong: st.SearchStrategy[Any] = JUNK) -> Any:
    """`valid` eight times in nine, else `wrong`; shrinking heads for `valid`."""

    @st.composite
    def pick(draw: st.DrawFn) -> Any:
        return draw(wrong if draw(st.integers(0, 8)) == 8 else valid)

    return pick()


NAMES = st.one_of(
    st.sampled_from(["Hilltop Bakery", "Café Ünïcode", 'O\'Brien & Co: "Books"', "東京 Studio"]),
    st.text(min_size=1, max_size=60),
)
POSITIVE = st.one_of(st.integers(1, 500), st.floats(0.01, 500))
BAD_NUMBER = st.one_of(
    st.integers(-100, 0), st.floats(), st.sampled_from(["ten", "", "-1", "5%"]), TRICKY, JUNK
)
# Keys people mistype, and keys no one would type.
STRAY_KEYS = st.one_of(
    st.sampled_from(["platfroms", "goal", "Client", "posting-mix", "hours", "by", "name"]),
    TRICKY,
    st.text(max_size=12),
)
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))


@st.composite
def mixes(draw: st.DrawFn) -> dict[str, Any]:
    """A posting mix that adds up to 100 (in tenths), or one that usually does not."""
    if draw(st.integers(0, 3)) < 3:
        cuts = sorted(draw(st.lists(st.integers(0, 1000), min_size=5, max_size=5)))
        parts = [(b - a) / 10 for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
        mix: dict[str, Any] = {
            kind: int(part) if part.is_integer() else part
            for kind, part in zip(MIX_KINDS, parts, strict=True)
        }
        if draw(st.booleans()):  # kinds left out count as 0
            mix = {kind: value for kind, value in mix.items() if value}
        return mix
    kinds = st.one_of(st.sampled_from(MIX_KINDS), STRAY_KEYS)
    values = st.one_of(st.integers(-20, 120), st.floats(-20, 120), BAD_NUMBER)
    return draw(st.dictionaries(kinds, values, max_size=8))


@st.composite
def goals(draw: st.DrawFn) -> dict[str, Any]:
    goal: dict[str, Any] = {
        "outcome": draw(mostly(NAMES)),
        "metric": draw(mostly(st.text(min_size=1, max_size=70))),
        "target": draw(mostly(POSITIVE, BAD_NUMBER)),
    }
    if draw(st.booleans()):
        goal["per"] = draw(mostly(st.sampled_from(PERIODS), st.one_of(TEXT, JUNK)))
    if draw(st.booleans()):
        goal["by"] = draw(mostly(DATES))
    return goal


@st.composite
def platforms(draw: st.DrawFn) -> dict[str, Any]:
    platform: dict[str, Any] = {
        "name": draw(mostly(st.sampled_from(PLATFORMS), st.one_of(TEXT, JUNK))),
        "posts_per_week": draw(mostly(st.one_of(st.integers(0, 50), st.floats(0, 50)), BAD_NUMBER)),
    }
    if draw(st.integers(0, 3)) == 0:
        platform["posting_mix"] = draw(mixes())
    return platform


@st.composite
def profile_data(draw: st.DrawFn) -> dict[str, Any]:
    """Profile-shaped data: mostly valid, sometimes wrong in one or more places."""
    client: dict[str, Any] = {"name": draw(mostly(NAMES))}
    for key in ("industry", "coach"):
        if draw(st.booleans()):
            client[key] = draw(mostly(NAMES))
    data: dict[str, Any] = {
        "client": draw(mostly(st.just(client))),
        "goals": draw(mostly(st.lists(goals(), min_size=1, max_size=3))),
        "platforms": draw(
            mostly(
                st.lists(platforms(), min_size=1, max_size=4, unique_by=lambda p: repr(p["name"])),
                st.lists(platforms(), max_size=4),
            )
        ),
        "posting_mix": draw(mostly(mixes())),
    }
    if draw(st.booleans()):
        data["measuring"] = draw(mostly(st.lists(st.text(min_size=1, max_size=70), max_size=5)))
    if draw(st.booleans()):
        data["hours_per_week"] = draw(mostly(st.integers(0, 168), BAD_NUMBER))
    if draw(st.integers(0, 8)) == 8:
        data.pop(draw(st.sampled_from(sorted(data))))
    if draw(st.integers(0, 4)) == 4:
        data[draw(STRAY_KEYS)] = draw(JUNK)
    return data


@st.composite
def dumped(draw: st.DrawFn, data: st.SearchStrategy[dict[str, Any]]) -> bytes:
    """`data` as the YAML a person or a tool might write: any style, LF or CRLF, maybe a BOM."""
    text = yaml.safe_dump(
        draw(data),
        allow_unicode=draw(st.booleans()),
        sort_keys=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None, True])),
        width=draw(st.sampled_from([80, 20, 10_000])),
    )
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if draw(st.booleans()) else "").encode() + text.encode("utf-8")


CLEAN_TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1
).filter(lambda s: s.strip())


@st.composite
def valid_profile_data(draw: st.DrawFn) -> dict[str, Any]:
    """Profiles that are valid by construction (the oracle for "no false alarms")."""
    client: dict[str, Any] = {"name": draw(CLEAN_TEXT.filter(lambda s: len(s) <= 200))}
    if draw(st.booleans()):
        client["industry"] = draw(CLEAN_TEXT.filter(lambda s: len(s) <= 200))
    valid_goals = []
    for _ in range(draw(st.integers(1, 3))):
        goal: dict[str, Any] = {
            "outcome": draw(CLEAN_TEXT.filter(lambda s: len(s) <= 200)),
            "metric": draw(CLEAN_TEXT.filter(lambda s: len(s) <= 60)),
            "target": draw(POSITIVE),
        }
        if draw(st.booleans()):
            goal["per"] = draw(st.sampled_from(PERIODS))
        if draw(st.booleans()):
            goal["by"] = draw(DATES)
        valid_goals.append(goal)
    names = draw(st.lists(st.sampled_from(PLATFORMS), min_size=1, max_size=5, unique=True))
    valid_platforms = []
    for name in names:
        platform: dict[str, Any] = {
            "name": name,
            "posts_per_week": draw(st.one_of(st.integers(0, 60), st.floats(0, 60))),
        }
        if draw(st.integers(0, 2)) == 0:
            platform["posting_mix"] = draw(mixes().filter(adds_up))
        valid_platforms.append(platform)
    data: dict[str, Any] = {
        "client": client,
        "goals": valid_goals,
        "platforms": valid_platforms,
        "posting_mix": draw(mixes().filter(adds_up)),
    }
    if draw(st.booleans()):
        measuring = CLEAN_TEXT.filter(lambda s: len(s) <= 60)
        data["measuring"] = draw(st.lists(measuring, max_size=5))
    if draw(st.booleans()):
        data["hours_per_week"] = draw(st.one_of(st.integers(0, 168), st.floats(0, 168)))
    return data


def adds_up(mix: dict[str, Any]) -> bool:
    """A mix valid by construction: known kinds, plain numbers from 0 to 100 adding to 100."""
    numbers = [v for v in mix.values() if type(v) in (int, float) and 0 <= v <= 100]
    return (
        set(mix) <= set(MIX_KINDS) and len(numbers) == len(mix) and abs(sum(numbers) - 100) < 0.01
    )


TOKENS = [
    "client", "name", "goals", "platforms", "posting_mix", "target", "by", ":", ": ", " ",
    "\n", "\r\n", "\r", "- ", "  ", "\t", "[", "]", "{", "}", ",", "#", "&a ", "*a", "&b ",
    "*b", "!!bool ", "!!timestamp ", "!!int ", "!!float ", "!!null ", "!!str ", "!!map ",
    "!!seq ", "!!binary ", "!!python/name:os.system ", "!foo ", "---\n", "...\n", "? ", "|",
    ">-", "'", '"', "%YAML 1.1\n", "\\", "~", "yes", "no", "1e3", "1.0e+999", ".inf", ".nan",
    "-1", "0", "2027-02-30", "2027-06-30 10:00", "<<: ", "\x01", "\x1b", "\x85", "\u2028",
    "\ufeff", "é", "東京", "\U0001f600",
]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
EDITS = st.lists(
    st.tuples(
        st.integers(0, len(GOOD)),
        st.integers(0, 8),
        st.one_of(
            st.sampled_from(TOKENS).map(lambda t: t.encode("utf-8")),
            st.sampled_from([b"\x00", b"\xe9", b"\xc3", b"\xff\xfe", b"\xed\xa0\x80"]),
        ),
    ),
    min_size=1,
    max_size=4,
)

BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from(
            [b"a", b":", b" ", b"\n", b"\r", b"\t", b"-", b"[", b"{", b"#", b"\x00", b"\x01",
             b"\x1b", b"\x7f", b"\xe9", b"\xc3\xa9", b"\xc3", b"\xef\xbb\xbf", b"\xff\xfe"]
        ),
        max_size=80,
    ).map(b"".join),
)  # fmt: skip


def apply_edits(raw: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Each edit deletes a few bytes at a position and inserts a snippet there."""
    for at, delete, insert in edits:
        at = min(at, len(raw))
        raw = raw[:at] + insert + raw[at + delete :]
    return raw


# --- Properties ------------------------------------------------------------------------------


@FAST
@given(raw=dumped(profile_data()))
def test_profile_shaped_data_validates_or_reports_problems(raw: bytes) -> None:
    valid = outcome(raw) is not None
    event("valid" if valid else "refused")
    if valid:
        check_plan(raw)


@FAST
@given(data=valid_profile_data(), raw_style=st.data())
def test_valid_profiles_are_accepted_and_render_deterministically(
    data: dict[str, Any], raw_style: st.DataObject
) -> None:
    raw = raw_style.draw(dumped(st.just(data)))
    try:
        profile = validate_profile(parse_bytes(raw, SOURCE))
    except ProblemsError as exc:
        raise AssertionError(f"a valid profile was refused:\n{exc}\n{raw.decode()}") from None
    assert profile.client.name == data["client"]["name"]
    assert [g.outcome for g in profile.goals] == [g["outcome"] for g in data["goals"]]
    assert [p.name for p in profile.platforms] == [p["name"] for p in data["platforms"]]
    for kind in MIX_KINDS:
        assert getattr(profile.posting_mix, kind) == data["posting_mix"].get(kind, 0)
    check_plan(raw)


@FAST
@given(text=st.one_of(st.text(), YAMLISH))
def test_random_text_validates_or_reports_problems(text: str) -> None:
    raw = text.encode("utf-8")
    if outcome(raw) is not None:
        check_plan(raw)


@FAST
@given(raw=BYTES)
def test_random_bytes_validate_or_report_problems(raw: bytes) -> None:
    if outcome(raw) is not None:
        check_plan(raw)


@FAST
@given(edits=EDITS)
def test_edited_example_validates_or_reports_problems(edits: list[tuple[int, int, bytes]]) -> None:
    raw = apply_edits(GOOD, edits)
    if outcome(raw) is not None:
        check_plan(raw)


@FAST
@given(st.text(max_size=300))
def test_escaped_text_reads_back_as_written(text: str) -> None:
    """What escaping hides from Markdown, plain_text gives back (whitespace folded)."""
    from generator.text import escape_markdown, plain_text

    assert plain_text(escape_markdown(text)) == " ".join(text.split())
