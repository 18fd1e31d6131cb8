"""Numbers of any size: every number a file may hold has a range, and a number far outside
it (hundreds of digits, past Python's 4300-digit limit, hex, sexagesimal, a float that
overflows) is one `path:line:col: error: ... (fix)` line at its place, never a traceback.

Each case is a valid file with one number replaced by a huge one; the table says where and
which bound the message must name. Positions are found from the placeholder, so a case is
one line of the table.
"""

from __future__ import annotations

import dataclasses
import re
import time
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.model.checkin import CheckIn
from generator.model.constraints import Range, model_fields
from generator.model.profile import Profile
from generator.model.rule import MetricCatalog, RuleSpec
from generator.model.site import SiteSettings
from generator.source.json_schema import SCHEMAS, json_schema
from generator.source.load import parse_text
from generator.source.validate import parse_model

from ..conftest import EXAMPLES, ROOT

N = "@N@"  # where the number goes
PROFILE = (EXAMPLES / "hilltop-bakery.yaml").read_text(encoding="utf-8")
CHECKIN = (EXAMPLES / "northside-physio" / "checkins" / "2026-12.yaml").read_text(encoding="utf-8")
RULE = (ROOT / "content" / "rules" / "golden" / "be-conversational.yaml").read_text(
    encoding="utf-8"
)
LINE = re.compile(r"[^\n]+:\d+:\d+: error: [^\n]+ \([^\n]+\)")

# Far too large, written every way YAML reads a number.
HUGE = {
    "310-digits": "9" * 310,  # past a float: the target that crashed `playbook plan`
    "400-digits": "9" * 400,
    "5000-digits": "9" * 5000,  # past Python's 4300-digit int-from-text limit
    "underscores": "1_000" * 100,
    "hex": "0x" + "f" * 300,
    "octal": "0" + "7" * 400,
    "binary": "0b" + "1" * 1100,
    "sexagesimal": "1" + ":59" * 300,
    "sexagesimal-float": "1" + ":59" * 300 + ".5",
    "float-overflow": "1.0e+999",
}


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} is not unique"
    return text.replace(old, new)


# (model, file with N in place of one number, the start of the message)
CASES = {
    "goal-target": (
        Profile,
        edit(PROFILE, "target: 30", f"target: {N}"),
        "goals[0].target must be at most 1000000000, not ",
    ),
    "posts-per-week": (
        Profile,
        edit(PROFILE, "posts_per_week: 6", f"posts_per_week: {N}"),
        "platforms[0].posts_per_week must be at most 1000, not ",
    ),
    "hours-per-week": (
        Profile,
        edit(PROFILE, "hours_per_week: 3", f"hours_per_week: {N}"),
        "hours_per_week must be at most 168, not ",
    ),
    "posting-mix": (
        Profile,
        edit(PROFILE, "  quotes: 30", f"  quotes: {N}"),
        "posting_mix.quotes must be at most 100, not ",
    ),
    "platform-posting-mix": (
        Profile,
        edit(
            PROFILE,
            "    posts_per_week: 3\n",
            f"    posts_per_week: 3\n    posting_mix: {{original: {N}}}\n",
        ),
        "platforms[1].posting_mix.original must be at most 100, not ",
    ),
    "checkin-count": (
        CheckIn,
        edit(CHECKIN, "likes: 170", f"likes: {N}"),
        "platforms.facebook.likes must be at most 100000000, not ",
    ),
    "checkin-posts": (
        CheckIn,
        edit(
            CHECKIN,
            "{quotes: 1, reshares: 1, promotional: 1,",
            f"{{quotes: {N}, reshares: 1, promotional: 1,",
        ),
        "platforms.facebook.posts.quotes must be at most 100000000, not ",
    ),
    "checkin-goal-amount": (
        CheckIn,
        edit(CHECKIN, "bookings: 19", f"bookings: {N}"),
        "goals.bookings must be at most 1000000000000, not ",
    ),
    "rule-number": (
        RuleSpec,
        edit(RULE, "number: 1", f"number: {N}"),
        "number must be at most 99, not ",
    ),
    "rule-mix-limit": (
        RuleSpec,
        edit(RULE, "conversation: {min: 20}", f"conversation: {{min: {N}}}"),
        "mix.conversation.min must be at most 100, not ",
    ),
}


def problem_lines(cls: type, text: str) -> list[str]:
    _, _, problems = parse_model(cls, text.encode("utf-8"), "f.yaml")
    return [p.format() for p in problems]


def place(text: str) -> str:
    """`f.yaml:line:col` of the placeholder."""
    at = text.index(N)
    return f"f.yaml:{text.count(chr(10), 0, at) + 1}:{at - text.rfind(chr(10), 0, at)}"


@pytest.mark.parametrize("case", CASES)
def test_each_case_is_valid_with_an_ordinary_number(case: str) -> None:
    cls, text, _ = CASES[case]
    ordinary = {"posting-mix": "30", "platform-posting-mix": "100"}.get(case, "5")
    assert problem_lines(cls, text.replace(N, ordinary)) == []


@pytest.mark.parametrize("number", HUGE.values(), ids=HUGE.keys())
@pytest.mark.parametrize("case", CASES)
def test_a_huge_number_is_one_range_error_at_its_place(case: str, number: str) -> None:
    cls, text, message = CASES[case]
    lines = problem_lines(cls, text.replace(N, number))
    assert len(lines) == 1, lines
    assert LINE.fullmatch(lines[0]), lines[0]
    assert lines[0].startswith(f"{place(text)}: error: {message}"), lines[0]
    assert len(lines[0]) < 250, "the number is shortened in the message"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("goal-target", "goals[0].target must be greater than 0, not -999"),
        ("posts-per-week", "platforms[0].posts_per_week must be at least 0, not -999"),
        ("checkin-count", "platforms.facebook.likes must be at least 0, not -999"),
        ("rule-number", "number must be at least 1, not -999"),
    ],
)
def test_a_huge_negative_number_is_below_the_range(case: str, message: str) -> None:
    cls, text, _ = CASES[case]
    lines = problem_lines(cls, text.replace(N, "-" + "9" * 400))
    assert len(lines) == 1 and f": error: {message}" in lines[0], lines


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("9" * 100, "must be at most 1000, not " + "9" * 39 + "…"),  # exact: at the digit cap
        ("1_000_001", "must be at most 1000, not 1000001"),
        ("0x" + "0" * 300 + "1", ""),  # leading zeros are not size: this is 1
        ("0" * 200 + "7", ""),  # octal 7
    ],
)
def test_long_texts_of_small_numbers_read_as_what_they_are(number: str, message: str) -> None:
    text = CASES["posts-per-week"][1].replace(N, number)
    lines = problem_lines(Profile, text)
    assert [line.split(": error: platforms[0].posts_per_week ")[-1] for line in lines] == (
        [f"{message} (use a number from 0 to 1000)"] if message else []
    )


def test_a_number_at_the_size_limit_loads_quickly() -> None:
    """A sexagesimal integer (1:59:59:...) as long as a file may be: converting it exactly
    took seconds, multiplying an ever larger number by 60 for every part."""
    text = "posts_per_week: 1" + ":59" * 87_000 + "\n"
    start = time.perf_counter()
    parse_text(text, "f.yaml")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("command", ["check", "plan"])
def test_check_and_plan_say_one_line_for_a_310_digit_target(command: str, tmp_path: Path) -> None:
    """The reproduction: `check` passed this profile and `plan` crashed on it."""
    path = tmp_path / "bakery.yaml"
    path.write_text(CASES["goal-target"][1].replace(N, "9" * 310), encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and LINE.fullmatch(lines[0]), result.stderr
    assert lines[0].startswith(f"{path}:11:13: error: goals[0].target must be at most "), lines[0]


def numeric_fields(cls: type, seen: set[type] | None = None) -> list[tuple[str, Any]]:
    """(model.field, type) for every int or float a model holds, nested models included."""
    seen = seen if seen is not None else set()
    if cls in seen:
        return []
    seen.add(cls)
    found = []
    for name, tp in model_fields(cls).items():
        for leaf in leaves(tp):
            base = typing.get_args(leaf)[0] if typing.get_origin(leaf) is typing.Annotated else leaf
            if dataclasses.is_dataclass(base):
                found += numeric_fields(typing.cast(type, base), seen)
            elif base in (int, float):
                found.append((f"{cls.__name__}.{name}", leaf))
    return found


def leaves(tp: Any) -> list[Any]:
    """The types a field's values finally have: through Optional, lists and dict values."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated and typing.get_origin(typing.get_args(tp)[0]) is None:
        return [tp]
    if origin is typing.Annotated:
        return leaves(typing.get_args(tp)[0])
    if origin is list:
        return leaves(typing.get_args(tp)[0])
    if origin is dict:
        return leaves(typing.get_args(tp)[1])
    if origin is not None and origin is not typing.Literal:
        return [
            leaf for arg in typing.get_args(tp) if arg is not type(None) for leaf in leaves(arg)
        ]
    return [tp]


MODELS = [Profile, CheckIn, RuleSpec, MetricCatalog, SiteSettings]


def test_every_number_in_every_model_has_a_bounded_range() -> None:
    fields = [f for cls in MODELS for f in numeric_fields(cls)]
    assert len(fields) > 20, fields  # the walk finds them: mix kinds, counts, target...
    for name, tp in fields:
        ranges = [e for e in typing.get_args(tp)[1:] if isinstance(e, Range)]
        assert ranges, f"{name} has no Range"
        assert ranges[0].min is not None and ranges[0].max is not None, f"{name}: {ranges[0]}"


def number_schemas(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    if isinstance(node, list):
        return [s for i, item in enumerate(node) for s in number_schemas(item, f"{where}[{i}]")]
    if not isinstance(node, dict):
        return []
    own = [(where, node)] if node.get("type") in ("integer", "number") else []
    return own + [s for k, v in node.items() for s in number_schemas(v, f"{where}/{k}")]


@pytest.mark.parametrize("kind", SCHEMAS)
def test_every_number_in_the_json_schema_has_both_bounds(kind: str) -> None:
    for where, schema in number_schemas(json_schema(SCHEMAS[kind](), kind)):
        assert "minimum" in schema or "exclusiveMinimum" in schema, where
        assert "maximum" in schema, where


def test_a_long_text_tagged_as_an_integer_stays_text() -> None:
    """Only digits count as size: `!!int` on words is the text it was."""
    lines = problem_lines(Profile, CASES["posts-per-week"][1].replace(N, "!!int " + "x" * 200))
    assert len(lines) == 1 and "must be a number, not the text 'xxx" in lines[0], lines


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN"])
@pytest.mark.parametrize("case", ["checkin-count", "checkin-posts", "rule-number"])
def test_infinity_or_nan_for_a_whole_number_is_one_line(case: str, value: str) -> None:
    """Whole-number fields rounded the value for their hint: infinity and NaN crashed."""
    cls, text, message = CASES[case]
    lines = problem_lines(cls, text.replace(N, value))
    where = message.split(" must be ")[0]
    assert lines == [
        f"{place(text)}: error: {where} must be a finite number, not {value} "
        "(write a plain number such as 30)"
    ]
