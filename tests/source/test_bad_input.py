"""Bad input, one class at a time: every problem is reported as `path:line:col: error: what
(how to fix)`, at the right place, all at once, with exit status 1 and nothing written.

Positions are checked in-process through `parse_bytes` and `validate_profile`; the real
command is run for a representative subset (exit status, stderr lines, no traceback, no
output folder).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from generator.errors import Problem, ProblemsError
from generator.source.files import MAX_BYTES
from generator.source.load import MAX_DEPTH, parse_bytes
from generator.source.validate import profile_from_bytes, validate_profile

from ..conftest import EXAMPLES, Run

SOURCE = "p.yaml"
BAKERY = EXAMPLES / "hilltop-bakery.yaml"
# The example without its `updated:` line, so the line numbers below stay those of the
# profile a coach writes first.
GOOD = BAKERY.read_text(encoding="utf-8").replace("  updated: 2026-11-30\n", "")
# One problem line: `path:line:col: error: message (hint)`, on one line.
LINE = re.compile(r"(?P<source>[^\n]+?):(?P<line>\d+):(?P<col>\d+): error: [^\n]+ \([^\n]+\)")

# Where things are in GOOD (content/examples/hilltop-bakery.yaml), 1-based:
#   3 client:                    10 "    target: 30"          18 posting_mix:
#   4 "  name: Hilltop Bakery"   12 "    by: 2027-06-30"      19 "  quotes: 30"
#   5 "  industry: ..."          14 "  - name: instagram"     25 measuring: [likes, followers]
#   8 "  - outcome: ..."         15 "    posts_per_week: 6"   26 hours_per_week: 3
#                                16 "  - name: facebook"      (26 lines)

Want = tuple[int, int, str]
"""(line, column, a phrase the message must contain)."""


def edit(old: str, new: str, text: str = GOOD) -> str:
    """`text` with `old` (which occurs exactly once) replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} is not unique in the profile"
    return text.replace(old, new)


def problems_of(raw: bytes | str) -> list[Problem]:
    """The problems `parse_bytes` + `validate_profile` report; fails if the input is valid."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(ProblemsError) as info:
        profile_from_bytes(data, SOURCE)
    assert info.value.problems, "ProblemsError without any problem"
    return info.value.problems


def assert_formatted(problem: Problem) -> None:
    """One line, `path:line:col: error: what (how to fix)`, with a non-empty hint."""
    line = problem.format()
    assert problem.hint.strip(), f"no hint on how to fix it: {line}"
    assert LINE.fullmatch(line), f"not one `path:line:col: error: what (hint)` line: {line!r}"
    assert line.endswith(f" ({problem.hint})"), line
    assert line.startswith(f"{SOURCE}:{problem.mark.line}:{problem.mark.col}: error: "), line


def expect(raw: bytes | str, *want: Want, hint: str = "") -> list[Problem]:
    """Exactly the problems `want`, in order, each formatted with a hint (containing `hint`)."""
    problems = problems_of(raw)
    shown = "\n".join(p.format() for p in problems)
    assert [(p.mark.line, p.mark.col) for p in problems] == [(w[0], w[1]) for w in want], shown
    for problem, (_, _, phrase) in zip(problems, want, strict=True):
        assert phrase in problem.message, shown
        assert_formatted(problem)
        assert hint in problem.hint, shown
    return problems


def test_the_example_profile_is_valid() -> None:
    """The baseline every case below edits is itself valid."""
    validate_profile(parse_bytes(GOOD.encode("utf-8"), SOURCE))


# --- YAML text that cannot be parsed ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line", "col"),
    [
        pytest.param(
            edit("name: Hilltop Bakery", "name: Hilltop: Bakery"), 4, 16, id="colon-space"
        ),
        pytest.param(edit("  coach: Sam", " coach: Sam"), 6, 2, id="key-dedented"),
        pytest.param(edit("  - name: facebook", "  -name: facebook"), 16, 3, id="dash-no-space"),
        pytest.param(edit("  industry: food", "   industry: food"), 5, 12, id="key-indented"),
    ],
)
def test_yaml_syntax_error(raw: str, line: int, col: int) -> None:
    expect(raw, (line, col, "YAML syntax error"), hint="indentation")


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        pytest.param("client:\n\tname: a\n", [(2, 1, "tab")], id="one-tab"),
        pytest.param(
            edit("  coach: Sam", "\tcoach: Sam", edit("  name: Hilltop", "\tname: Hilltop")),
            [(4, 1, "tab"), (6, 1, "tab")],
            id="two-tab-lines",
        ),
        pytest.param(
            "client:\n  \tname: a\n  \t industry: b\n\t\tcoach: c\n",
            [(2, 3, "tab"), (3, 3, "tab"), (4, 1, "tab")],
            id="tabs-after-spaces",
        ),
    ],
)
def test_tab_in_indentation(raw: str, want: list[Want]) -> None:
    expect(raw, *want, hint="spaces")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\n\n  \n", id="blank-lines"),
        pytest.param(b"\xef\xbb\xbf", id="byte-order-mark-only"),
        pytest.param(b"# a profile\n# still to write\n", id="only-comments"),
        pytest.param(b"# yaml-language-server: $schema=x.json\n\n   # indented\n", id="comments"),
    ],
)
def test_empty_file_or_only_comments(raw: bytes) -> None:
    expect(raw, (1, 1, "empty"), hint="playbook init")


@pytest.mark.parametrize(
    ("raw", "line", "col", "phrase"),
    [
        pytest.param("- client\n- goals\n", 1, 1, "not a list", id="block-list"),
        pytest.param("[client, goals]\n", 1, 1, "not a list", id="flow-list"),
        pytest.param("hello\n", 1, 1, "not the text 'hello'", id="text"),
        pytest.param("42\n", 1, 1, "not the number 42", id="number"),
        pytest.param("# first a comment\nhello\n", 2, 1, "not the text", id="text-after-comment"),
    ],
)
def test_top_level_not_a_mapping(raw: str, line: int, col: int, phrase: str) -> None:
    expect(raw, (line, col, "top level must be a mapping"), hint="client:")
    expect(raw, (line, col, phrase))


@pytest.mark.parametrize(
    ("raw", "line", "col", "byte"),
    [
        pytest.param(b"client:\n  name: Caf\xe9\n", 2, 12, "0xe9", id="latin-1"),
        pytest.param(GOOD.encode().replace(b"Rivera", b"Rivera\x92s"), 6, 20, "0x92", id="cp1252"),
        # Columns count characters, as in every other message: "  name: Café " is 13.
        pytest.param(
            b"client:\n  name: Caf\xc3\xa9 \xe9\n", 2, 14, "0xe9", id="column-counts-characters"
        ),
    ],
)
def test_not_utf8(raw: bytes, line: int, col: int, byte: str) -> None:
    expect(raw, (line, col, f"byte {byte} is not valid UTF-8"), hint="UTF-8")


@pytest.mark.parametrize(
    ("raw", "line", "col", "phrase"),
    [
        pytest.param(b"\x00\x01\x02\x03", 1, 1, "binary", id="nul-bytes"),
        pytest.param("client: x\n".encode("utf-16"), 1, 1, "saved as UTF-16", id="utf-16"),
        pytest.param(b"\xfe\xff\x00c\x00l", 1, 1, "saved as UTF-16", id="utf-16-big-endian"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", 3, 1, "binary", id="png-header"),
        pytest.param(b"client:\n  name: Hill\x00top\n", 2, 13, "binary", id="nul-in-text"),
        pytest.param(bytes(range(256)), 1, 1, "binary", id="every-byte"),
        pytest.param(b"\xfe\xed\xfa\xce garbage", 1, 1, "not valid UTF-8", id="random-bytes"),
        # Valid UTF-8, but control characters are not YAML text: say where they are.
        pytest.param(b"client:\n  name: a\x07b\n", 2, 10, "control character", id="bell"),
        pytest.param(
            edit("name: Hilltop Bakery", "name: \x1b[31mHilltop\x1b[0m").encode(),
            4,
            9,
            "control character",
            id="terminal-colour-code",
        ),
    ],
)
def test_binary_garbage(raw: bytes, line: int, col: int, phrase: str) -> None:
    expect(raw, (line, col, phrase))


# --- YAML that parses into something a profile cannot be ------------------------------------


@pytest.mark.parametrize(
    ("raw", "line", "col", "key", "first"),
    [
        pytest.param(GOOD + "client:\n  name: Other\n", 27, 1, "client", 3, id="top-level"),
        pytest.param(
            edit("  industry: food and drink\n", "  industry: food and drink\n  name: Other\n"),
            6,
            3,
            "name",
            4,
            id="nested",
        ),
        pytest.param(
            edit("    target: 30\n", "    target: 30\n    target: 40\n"),
            11,
            5,
            "target",
            10,
            id="in-a-list-item",
        ),
        pytest.param(
            edit(
                "client:\n  name: Hilltop Bakery\n  industry: food and drink\n"
                "  coach: Sam Rivera\n",
                "client: {name: a, name: b}\n",
            ),
            3,
            19,
            "name",
            3,
            id="flow-mapping-same-line",
        ),
    ],
)
def test_duplicate_key(raw: str, line: int, col: int, key: str, first: int) -> None:
    expect(raw, (line, col, f"duplicate key '{key}' (first at line {first})"), hint="only one")


@pytest.mark.parametrize(
    ("raw", "line", "col", "word", "suggestion"),
    [
        pytest.param(GOOD + "platfroms: []\n", 27, 1, "platfroms", "platforms", id="top-level"),
        pytest.param(edit("  industry:", "  industri:"), 5, 3, "industri", "industry", id="client"),
        pytest.param(edit("    per: month", "    pr: month"), 11, 5, "pr", "per", id="goal"),
        pytest.param(
            edit("name: instagram", "name: instagrm"),
            14,
            11,
            "instagrm",
            "instagram",
            id="platform",
        ),
        pytest.param(
            edit("name: facebook", "name: Facebook"),
            16,
            11,
            "Facebook",
            "facebook",
            id="platform-case",
        ),
        pytest.param(
            edit("  quotes: 30", "  quotse: 30"), 19, 3, "quotse", "quotes", id="posting-mix-kind"
        ),
        pytest.param(
            edit(
                "    posts_per_week: 6\n",
                "    posts_per_week: 6\n    posting_mix:\n      replys: 100\n",
            ),
            17,
            7,
            "replys",
            "replies",
            id="platform-posting-mix-kind",
        ),
        pytest.param(edit("per: month", "per: monthly"), 11, 10, "monthly", "month", id="period"),
    ],
)
def test_unknown_name(raw: str, line: int, col: int, word: str, suggestion: str) -> None:
    expect(raw, (line, col, f"'{word}'"), hint=f"did you mean '{suggestion}'?")


@pytest.mark.parametrize(
    ("raw", "line", "col", "phrase", "hint"),
    [
        pytest.param(
            edit("target: 30", "target: thirty"),
            10,
            13,
            "must be a number",
            "",
            id="text-for-number",
        ),
        pytest.param(
            edit("target: 30", "target: true"), 10, 13, "must be a number", "", id="bool-for-number"
        ),
        pytest.param(
            edit("target: 30", 'target: "30"'),
            10,
            13,
            "must be a number",
            "remove the quotes",
            id="quoted-number",
        ),
        pytest.param(
            edit("measuring: [likes, followers]", "measuring: {likes: 1}"),
            25,
            12,
            "must be a list",
            "- ",
            id="mapping-for-list",
        ),
        pytest.param(
            edit(GOOD[GOOD.index("platforms:") : GOOD.index("posting_mix:")], "platforms: x\n"),
            13,
            12,
            "must be a list",
            "- ",
            id="text-for-list",
        ),
        pytest.param(
            edit("name: Hilltop Bakery", "name: yes"),
            4,
            9,
            "must be text",
            'put it in quotes: "yes"',
            id="yes-for-name",
        ),
        pytest.param(
            edit("name: Hilltop Bakery", "name: 2027"),
            4,
            9,
            "must be text",
            'put it in quotes: "2027"',
            id="number-for-name",
        ),
        pytest.param(
            edit("name: Hilltop Bakery", "name: [Hilltop]"),
            4,
            9,
            "must be text",
            "",
            id="list-for-name",
        ),
        pytest.param(
            edit("per: month", "per: 4"), 11, 10, "must be one of", "", id="number-for-choice"
        ),
        pytest.param(
            edit("by: 2027-06-30", "by: soon"),
            12,
            9,
            "must be a date",
            "YYYY-MM-DD",
            id="text-for-date",
        ),
    ],
)
def test_wrong_type(raw: str, line: int, col: int, phrase: str, hint: str) -> None:
    expect(raw, (line, col, phrase), hint=hint)


@pytest.mark.parametrize(
    ("raw", "line", "col", "phrase"),
    [
        pytest.param(
            edit("posts_per_week: 6", "posts_per_week: -1"),
            15,
            21,
            "at least 0, not -1",
            id="negative-posts",
        ),
        pytest.param(
            edit("hours_per_week: 3", "hours_per_week: -3"),
            26,
            17,
            "at least 0, not -3",
            id="negative-hours",
        ),
        pytest.param(
            edit("  quotes: 30", "  quotes: -10"),
            19,
            11,
            "at least 0, not -10",
            id="negative-percent",
        ),
        pytest.param(
            edit("target: 30", "target: 0"), 10, 13, "greater than 0, not 0", id="zero-target"
        ),
        pytest.param(
            edit("target: 30", "target: -5"), 10, 13, "greater than 0, not -5", id="negative-target"
        ),
        pytest.param(
            edit("  quotes: 30", "  quotes: 150"),
            19,
            11,
            "at most 100, not 150",
            id="percent-over-100",
        ),
    ],
)
def test_number_out_of_range(raw: str, line: int, col: int, phrase: str) -> None:
    expect(raw, (line, col, phrase))


@pytest.mark.parametrize(
    ("raw", "line", "col", "total"),
    [
        pytest.param(edit("  quotes: 30", "  quotes: 20"), 19, 3, "90", id="profile-under"),
        pytest.param(edit("  quotes: 30", "  quotes: 40"), 19, 3, "110", id="profile-over"),
        pytest.param(edit("  quotes: 30", "  quotes: 29.5"), 19, 3, "99.5", id="profile-fraction"),
        pytest.param(
            edit(
                "    posts_per_week: 6\n",
                "    posts_per_week: 6\n    posting_mix:\n      quotes: 50\n      original: 20\n",
            ),
            17,
            7,
            "70",
            id="platform-own-mix",
        ),
    ],
)
def test_posting_mix_does_not_add_up_to_100(raw: str, line: int, col: int, total: str) -> None:
    expect(raw, (line, col, f"adds up to {total}, not 100"), hint="percentages")


@pytest.mark.parametrize(
    ("raw", "line", "col", "where", "key"),
    [
        pytest.param(
            GOOD[: GOOD.index("posting_mix:")] + GOOD[GOOD.index("measuring:") :],
            3,
            1,
            "the top level",
            "posting_mix",
            id="top-level",
        ),
        pytest.param(edit("  name: Hilltop Bakery\n", ""), 3, 1, "client", "name", id="client"),
        pytest.param(edit("    metric: enquiries\n", ""), 8, 5, "goals[0]", "metric", id="goal"),
        pytest.param(
            edit("    posts_per_week: 6\n", ""),
            14,
            5,
            "platforms[0]",
            "posts_per_week",
            id="platform",
        ),
    ],
)
def test_missing_required_key(raw: str, line: int, col: int, where: str, key: str) -> None:
    expect(raw, (line, col, f"{where} is missing the required key '{key}'"), hint=f"add '{key}:'")


def test_empty_goal_list() -> None:
    goals = GOOD[GOOD.index("goals:") : GOOD.index("platforms:")]
    expect(edit(goals, "goals: []\n"), (7, 8, "goals needs at least one entry"), hint="add")


@pytest.mark.parametrize(
    ("raw", "line", "col", "tag"),
    [
        pytest.param(
            edit("name: Hilltop Bakery", "name: !!python/object/apply:os.mkdir [PWNED]"),
            4,
            9,
            "!!python/object/apply:os.mkdir",
            id="python-object-apply",
        ),
        pytest.param(
            edit("name: Hilltop Bakery", "name: !!python/name:os.system"),
            4,
            9,
            "!!python/name:os.system",
            id="python-name",
        ),
        pytest.param(
            edit("client:\n", "client: !!python/object:collections.OrderedDict\n"),
            3,
            9,
            "!!python/object:collections.OrderedDict",
            id="python-object-on-mapping",
        ),
        pytest.param(edit("name: Hilltop Bakery", "name: !foo bar"), 4, 9, "!foo", id="custom"),
        pytest.param(edit("client:\n", "client: !client\n"), 3, 9, "!client", id="custom-mapping"),
        pytest.param(
            edit("measuring: [likes", "measuring: [!!binary bGlrZXM="),
            25,
            13,
            "!!binary",
            id="binary",
        ),
    ],
)
def test_tag_that_would_construct_objects(
    raw: str, line: int, col: int, tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    expect(raw, (line, col, f"YAML tag '{tag}' is not allowed"), hint="remove the tag")
    assert not (tmp_path / "PWNED").exists(), "a YAML tag ran code"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(edit("by: 2027-06-30", "by: !!bool maybe"), id="bool-tag-on-non-bool"),
        pytest.param(edit("by: 2027-06-30", "by: !!timestamp soon"), id="timestamp-tag-on-text"),
        pytest.param(edit("by: 2027-06-30", "by: !!int soon"), id="int-tag-on-text"),
        pytest.param(edit("by: 2027-06-30", "by: !!float"), id="float-tag-on-nothing"),
        pytest.param(edit("by: 2027-06-30", "by: !!bool"), id="bool-tag-on-nothing"),
    ],
)
def test_standard_tag_on_a_value_it_does_not_fit(raw: str) -> None:
    """`!!bool maybe` is not a crash: it is a value the field does not accept."""
    problems = problems_of(raw)
    assert [(p.mark.line, p.mark.col) for p in problems] == [(12, 9)]
    assert_formatted(problems[0])


def billion_laughs(levels: int = 9, fan_out: int = 9) -> str:
    names = [f"l{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(["lol"] * fan_out) + "]"]
    lines += [
        f"{name}: &{name} [" + ", ".join([f"*{below}"] * fan_out) + "]"
        for below, name in itertools.pairwise(names)
    ]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_before_it_expands() -> None:
    raw = billion_laughs()
    # Nodes so far: 1 (top) + 10 (l0) + 91 (l1) + 820 (l2) + 7381 (l3) = 8303; l4's list
    # makes 8304 and each *l3 adds 7381: the second one (line 5, column 15) passes 20 000.
    expect(raw, (5, 15, "expands to more than"), hint="aliases")


@pytest.mark.parametrize(
    ("raw", "line", "col"),
    [
        pytest.param("[" * 200 + "]" * 200 + "\n", 1, MAX_DEPTH + 1, id="flow-lists"),
        pytest.param(
            "".join("  " * i + f"k{i}:\n" for i in range(200)),
            MAX_DEPTH + 1,
            2 * MAX_DEPTH + 1,
            id="block-mappings",
        ),
        pytest.param("{a: " * 1000 + "1" + "}" * 1000 + "\n", 1, 4 * MAX_DEPTH + 1, id="flow-maps"),
    ],
)
def test_deep_nesting(raw: str, line: int, col: int) -> None:
    expect(raw, (line, col, f"nesting deeper than {MAX_DEPTH} levels"))


def test_file_over_the_size_limit() -> None:
    good = GOOD.encode("utf-8")
    at_limit = good + b"#" * (MAX_BYTES - len(good))
    assert len(at_limit) == MAX_BYTES
    validate_profile(parse_bytes(at_limit, SOURCE))
    expect(at_limit + b"#", (1, 1, "larger than the"), hint="right file")
    expect(good * (MAX_BYTES // len(good) + 1), (1, 1, f"{MAX_BYTES // 1024} KiB"))


@pytest.mark.parametrize(
    ("raw", "line", "col"),
    [
        pytest.param(GOOD + "---\nclient: {}\n", 27, 1, id="second-document"),
        pytest.param("---\n" + GOOD + "---\n" + GOOD, 28, 1, id="two-profiles"),
        pytest.param(GOOD + "---\n", 27, 1, id="empty-second-document"),
    ],
)
def test_more_than_one_document(raw: str, line: int, col: int) -> None:
    expect(raw, (line, col, "more than one YAML document"), hint="'---'")


def test_duplicate_platform_entries() -> None:
    raw = edit("name: facebook", "name: instagram")
    expect(raw, (16, 11, "platforms lists 'instagram' twice"), hint="merge entry 2 into entry 1")


@pytest.mark.parametrize(
    ("date", "phrase", "hint"),
    [
        pytest.param(
            "2027-02-30",
            "'2027-02-30' is not a real date",
            "the day is 30: February 2027 has days 01 to 28",
            id="february-30",
        ),
        pytest.param(
            "2026-02-29",
            "'2026-02-29' is not a real date",
            "the day is 29: February 2026 has days 01 to 28",
            id="not-a-leap-year",
        ),
        pytest.param(
            "2027-13-01",
            "'2027-13-01' is not a real date",
            "the month is 13: a month is 01 to 12",
            id="month-13",
        ),
        pytest.param(
            "2027-00-01", "is not a real date", "the month is 00: a month is 01 to 12", id="month-0"
        ),
        pytest.param(
            "2027-6-3", "'2027-6-3' is not YYYY-MM-DD", "two digits each: 2027-06-03", id="short"
        ),
        pytest.param("2027-06-30 10:00:00", "without a time", "", id="date-time"),
        pytest.param("2027-06-30T10:00:00Z", "without a time", "", id="iso-date-time"),
    ],
)
def test_bad_date(date: str, phrase: str, hint: str) -> None:
    problems = expect(edit("by: 2027-06-30", f"by: {date}"), (12, 9, phrase), hint=hint)
    # The hint blames the part that is wrong, and only that part.
    for part in ("the day is", "the month is"):
        assert (part in problems[0].hint) == (part in hint), problems[0].hint


@pytest.mark.parametrize(
    ("old", "new", "line", "col"),
    [
        pytest.param("target: 30", "target: .inf", 10, 13, id="inf-target"),
        pytest.param("target: 30", "target: .nan", 10, 13, id="nan-target"),
        pytest.param("posts_per_week: 6", "posts_per_week: -.inf", 15, 21, id="minus-inf"),
        pytest.param("hours_per_week: 3", "hours_per_week: .NaN", 26, 17, id="nan-hours"),
        pytest.param("  quotes: 30", "  quotes: .nan", 19, 11, id="nan-percent"),
    ],
)
def test_infinite_or_not_a_number(old: str, new: str, line: int, col: int) -> None:
    expect(edit(old, new), (line, col, "must be a finite number"))


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(GOOD + '"colour\\nscheme": blue\n', id="newline-in-unknown-key"),
        pytest.param(edit("target: 30", 'target: "thirty\\nfive"'), id="newline-in-text"),
        pytest.param(GOOD + '"colour\\rscheme": blue\n', id="carriage-return-in-unknown-key"),
        pytest.param("--- |\n  a profile\n  on two lines\n", id="block-text-top-level"),
    ],
)
def test_each_problem_is_one_line(raw: str) -> None:
    """Text from the file that is quoted in a message cannot break the one-line format."""
    for problem in problems_of(raw):
        assert "\n" not in problem.format() and "\r" not in problem.format(), problem.format()


MANY = """\
client:
  name: yes
  industri: food and drink
goals:
  - outcome: More weekday walk-in customers
    metric: enquiries
    target: 0
    per: monthly
    by: 2027-02-30
  - outcome: ""
    metric: bookings
    target: 5
platforms:
  - name: instagrm
    posts_per_week: -2
  - name: facebook
    posts_per_week: 3
    posting_mix:
      quotes: 50
      original: 20
posting_mix:
  quotes: 30
  promo: 70
measuring: {likes: 1}
hours_per_week: .inf
colour: blue
"""
MANY_WANT: list[Want] = [
    (2, 9, "client.name must be text"),
    (3, 3, "'industri'"),
    (7, 13, "greater than 0"),
    (8, 10, "'monthly'"),
    (9, 9, "not a real date"),
    (10, 14, "goals[1].outcome is empty"),
    (14, 11, "unknown platform 'instagrm'"),
    (15, 21, "at least 0"),
    (19, 7, "adds up to 70"),
    (23, 3, "'promo'"),
    (24, 12, "must be a list"),
    (25, 17, "finite number"),
    (26, 1, "unknown top-level key 'colour'"),
]


def test_all_problems_in_a_file_are_reported_at_once() -> None:
    problems = problems_of(MANY)
    shown = "\n".join(p.format() for p in problems)
    assert len(problems) == len(MANY_WANT), shown
    for problem, (line, col, phrase) in zip(problems, MANY_WANT, strict=True):
        assert (problem.mark.line, problem.mark.col) == (line, col), shown
        assert phrase in problem.message, shown


def test_load_time_and_schema_problems_are_reported_together() -> None:
    """A duplicate key does not hide an unknown platform further down: one run, both lines."""
    raw = edit("  industry: food and drink\n", "  industry: food and drink\n  name: Other\n")
    raw = edit("name: instagram", "name: instagrm", raw)
    problems = problems_of(raw)
    assert [(p.mark.line, p.mark.col) for p in problems] == [(6, 3), (15, 11)], "\n".join(
        p.format() for p in problems
    )


# --- The real command ------------------------------------------------------------------------

CLI_CASES = [
    pytest.param("client:\n\tname: a\n\tcoach: b\n", ["2:1", "3:1"], id="tabs"),
    pytest.param(b"client:\n  name: Caf\xe9\n", ["2:12"], id="not-utf8"),
    pytest.param(b"\x00\x00binary", ["1:1"], id="binary"),
    pytest.param(b"\x01", ["1:1"], id="control-character"),
    pytest.param(GOOD + "client:\n  name: Other\n", ["27:1"], id="duplicate-key"),
    pytest.param(edit("name: instagram", "name: instagrm"), ["14:11"], id="unknown-platform"),
    pytest.param(edit("  quotes: 30", "  quotes: 20"), ["19:3"], id="posting-mix-sum"),
    pytest.param(
        edit("name: Hilltop Bakery", "name: !!python/object/apply:os.mkdir [PWNED]"),
        ["4:9"],
        id="python-tag",
    ),
    pytest.param(edit("by: 2027-06-30", "by: !!bool maybe"), ["12:9"], id="standard-tag-misused"),
    pytest.param(billion_laughs(), ["5:15"], id="alias-bomb"),
    pytest.param("[" * 200 + "]" * 200, [f"1:{MAX_DEPTH + 1}"], id="deep-nesting"),
    pytest.param(b"#" * (MAX_BYTES + 1), ["1:1"], id="too-large"),
    pytest.param(GOOD + "---\n" + GOOD, ["27:1"], id="two-documents"),
    pytest.param(MANY, [f"{w[0]}:{w[1]}" for w in MANY_WANT], id="many-problems"),
]


def write(folder: Path, name: str, raw: bytes | str) -> Path:
    path = folder / name
    if isinstance(raw, str):
        path.write_text(raw, encoding="utf-8")
    else:
        path.write_bytes(raw)
    return path


@pytest.mark.parametrize(("raw", "where"), CLI_CASES)
def test_check_reports_problems(
    run_playbook: Run, tmp_path: Path, raw: bytes | str, where: list[str]
) -> None:
    write(tmp_path, "bad.yaml", raw)
    result = run_playbook("check", "bad.yaml")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.split(": error: ")[0] for line in lines] == [f"bad.yaml:{w}" for w in where], (
        result.stderr
    )
    assert all(LINE.fullmatch(line) for line in lines), result.stderr
    assert not (tmp_path / "PWNED").exists()


def test_check_reports_every_file_in_one_run(run_playbook: Run, tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "a.yaml", edit("name: instagram", "name: instagrm"))
    write(tmp_path, "b.yaml", MANY)
    result = run_playbook("check", "good.yaml", "a.yaml", "b.yaml")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    sources = [line.split(":")[0] for line in result.stderr.splitlines()]
    assert sources == ["a.yaml"] + ["b.yaml"] * len(MANY_WANT), result.stderr


BAD_FOR_PLAN = [
    pytest.param(edit("name: instagram", "name: instagrm"), id="invalid-profile"),
    pytest.param(edit("name: Hilltop Bakery", "name: Hilltop: Bakery"), id="yaml-syntax"),
    pytest.param(b"\x00\x01", id="binary"),
    pytest.param(edit("by: 2027-06-30", "by: !!timestamp soon"), id="standard-tag-misused"),
]


@pytest.mark.parametrize("raw", BAD_FOR_PLAN)
@pytest.mark.parametrize("out_exists", [True, False], ids=["out-exists", "out-new"])
def test_plan_writes_nothing_when_any_profile_is_invalid(
    run_playbook: Run, tmp_path: Path, raw: bytes | str, out_exists: bool
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    write(work, "good.yaml", GOOD)
    write(work, "bad.yaml", raw)
    out = tmp_path / "out"
    if out_exists:
        out.mkdir()
    result = run_playbook("plan", "-o", str(out), "good.yaml", "bad.yaml", cwd=work)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("bad.yaml:") for line in lines), result.stderr
    assert all(LINE.fullmatch(line) for line in lines), result.stderr
    if out_exists:
        assert list(out.iterdir()) == [], "plan wrote into the output folder"
    else:
        assert not out.exists(), "plan created the output folder"
    assert sorted(p.name for p in work.iterdir()) == ["bad.yaml", "good.yaml"]


def test_plan_writes_the_good_profile_alone(run_playbook: Run, tmp_path: Path) -> None:
    """The control for the test above: the same good profile on its own is written."""
    write(tmp_path, "good.yaml", GOOD)
    result = run_playbook("plan", "-o", "out", "good.yaml")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".playbook-manifest",
        "hilltop-bakery",
    ]


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-arguments"),
        pytest.param(["check"], id="check-no-files"),
        pytest.param(["plan"], id="plan-no-files"),
        pytest.param(["check", "missing.yaml"], id="check-missing-file"),
        pytest.param(["plan", "missing.yaml"], id="plan-missing-file"),
        pytest.param(["plan", "-o", "out", "good.yaml", "missing.yaml"], id="plan-o-missing-file"),
        pytest.param(["plan", "good.yaml", "other.yaml"], id="plan-two-files-without-o"),
        pytest.param(["plan", "--format", "xml", "good.yaml"], id="unknown-format"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_wrong_usage_exits_2(run_playbook: Run, tmp_path: Path, args: list[str]) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "other.yaml", edit("Hilltop Bakery", "Other Bakery"))
    result = run_playbook(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.yaml", "other.yaml"]


@pytest.mark.parametrize(
    ("raw", "line", "col", "phrase"),
    [
        pytest.param('client:\n  name: "Unclosed\ngoals: []\n', 2, 9, "quoted text", id="quote"),
        pytest.param(
            "measuring: [likes, followers\nhours_per_week: 3\n", 1, 12, "[ list", id="list"
        ),
        pytest.param("client: {name: a\ngoals: []\n", 1, 9, "{ mapping", id="mapping"),
    ],
)
def test_unclosed_quote_or_bracket_points_where_it_opens(
    raw: str, line: int, col: int, phrase: str
) -> None:
    expect(raw, (line, col, f"{phrase} that starts here is not closed"))


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("posting_mix:\n", "posting_mix: [1, 2]\nold_mix:\n", "write keys such as quotes:"),
        ("posts_per_week: 6", 'posts_per_week: "three"', "write a number such as 30"),
        ("posts_per_week: 6", 'posts_per_week: "6"', "remove the quotes"),
    ],
)
def test_type_hints_say_what_to_write(old: str, new: str, hint: str) -> None:
    problems = problems_of(edit(old, new))
    assert any(hint in p.hint for p in problems), "\n".join(p.format() for p in problems)
