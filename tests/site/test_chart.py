"""SVG charts: same bytes every time, well-formed, accessible, safe with hostile client text."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from generator.site.chart import line_chart, mix_chart

from ..conftest import ROOT

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
S = f"{{{SVG_NS}}}"
HOSTILE = "<script>alert(1)</script>"
FONDATION = "Fondation <Enfants> & Co"

KINDS = ["Quote posts", "Reshares", "Sales posts", "Questions", "Reply threads", "Own posts"]
NOW = [30.0, 15.0, 45.0, 5.0, 0.0, 5.0]
RECOMMENDED = [10.0, 10.0, 10.0, 24.0, 10.0, 36.0]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
FOLLOWERS: list[float | None] = [100.0, 120.0, None, 180.0, 212.5, None]


def mix() -> str:
    return mix_chart(
        "Posting mix", "Now and recommended", KINDS, [("Now", NOW), ("Recommended", RECOMMENDED)]
    )


def line() -> str:
    return line_chart(
        "Followers", "Followers per month", MONTHS, [("Followers", FOLLOWERS)], 250, "Followers"
    )


# The same two charts, drawn in a fresh interpreter by the subprocess test.
SCRIPT = """
import sys
import generator.site.chart as chart
assert "matplotlib" not in sys.modules, "importing generator.site.chart must not import matplotlib"
from tests.site.test_chart import line, mix
sys.stdout.buffer.write(mix().encode() + b"\\0" + line().encode())
"""

CHARTS: dict[str, Callable[[], str]] = {"mix": mix, "line": line}


@pytest.fixture(scope="module")
def drawn() -> dict[str, str]:
    return {name: draw() for name, draw in CHARTS.items()}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, *classes: str) -> list[ET.Element]:
    """The elements that have all these classes."""
    return [el for el in root.iter() if set(classes) <= set(el.get("class", "").split())]


def words(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def texts(root: ET.Element) -> list[str]:
    return [words(el) for el in root.iter(f"{S}text")]


@pytest.mark.parametrize("name", CHARTS)
def test_same_input_same_bytes(name: str, drawn: dict[str, str]) -> None:
    assert CHARTS[name]() == drawn[name]


def test_same_bytes_in_a_fresh_process(drawn: dict[str, str]) -> None:
    # Another hash seed: nothing may depend on the order of a set of strings. A build date:
    # matplotlib would use it for a Date, which must not be written at all.
    env = {**os.environ, "PYTHONHASHSEED": "12345", "SOURCE_DATE_EPOCH": "86400"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, check=True
    ).stdout
    assert out.split(b"\0") == [drawn["mix"].encode(), drawn["line"].encode()]


@pytest.mark.parametrize("name", CHARTS)
def test_inlinable_svg(name: str, drawn: dict[str, str]) -> None:
    svg = drawn[name]
    root = parse(svg)
    assert root.tag == f"{S}svg"
    assert svg.startswith("<svg ")
    for absent in ("<?xml", "<!DOCTYPE", "<metadata", "Matplotlib", "matplotlib.org"):
        assert absent not in svg
    assert root.get("width") == "100%"
    assert root.get("height") is None
    # As wide as a phone's column of text, so the chart is shown there at about its size.
    assert root.get("viewBox", "").startswith("0 0 340 ")
    # Indented lines would become code blocks if Markdown ever saw the chart.
    assert not re.search(r"^\s", svg, re.MULTILINE)


@pytest.mark.parametrize("name", CHARTS)
def test_no_timestamp_and_no_links(name: str, drawn: dict[str, str]) -> None:
    svg = drawn[name]
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}|Date", svg)
    assert set(re.findall(r"https?://[^\"'\s)]*", svg)) == {SVG_NS, XLINK_NS}
    assert svg.count("http") == 2


@pytest.mark.parametrize("name", CHARTS)
def test_named_by_title_and_desc(name: str, drawn: dict[str, str]) -> None:
    root = parse(drawn[name])
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert [first.tag, second.tag] == [f"{S}title", f"{S}desc"]
    assert (root.get("aria-labelledby") or "").split() == [first.get("id"), second.get("id")]
    assert first.text in ("Posting mix", "Followers")


def test_no_desc_when_the_description_is_blank() -> None:
    root = parse(mix_chart("Mix", "  ", ["A"], [("Now", [50.0])]))
    assert root.find(f"{S}desc") is None
    assert root.get("aria-labelledby") == root[0].get("id")


@pytest.mark.parametrize("name", CHARTS)
def test_ids_unique_referenced_and_prefixed(name: str, drawn: dict[str, str]) -> None:
    root = parse(drawn[name])
    prefix = root.get("id") or ""
    ids = [el.get("id") or "" for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i == prefix or i.startswith(prefix + "-") for i in ids)
    refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', drawn[name])
    assert {a or b for a, b in refs} <= set(ids)
    # Matplotlib's stylesheet would otherwise apply to the whole page.
    assert f"#{prefix} *{{" in (root.findtext(f"{S}defs/{S}style") or "")


def test_different_charts_share_no_id(drawn: dict[str, str]) -> None:
    def ids(svg: str) -> set[str]:
        return set(re.findall(r' id="([^"]+)"', svg))

    assert not ids(drawn["mix"]) & ids(drawn["line"])
    other = mix_chart("Posting mix", "Now and recommended", KINDS, [("Now", RECOMMENDED)])
    assert not ids(drawn["mix"]) & ids(other)


def test_id_prefix_given() -> None:
    root = parse(mix_chart("Mix", "d", ["A"], [("Now", [50.0])], id_prefix="mix-1"))
    assert root.get("id") == "mix-1"
    assert root.get("aria-labelledby") == "mix-1-title mix-1-desc"


@pytest.mark.parametrize(
    ("text", "raw", "shown"),
    [
        (HOSTILE, "<script", HOSTILE),
        (FONDATION, "<Enfants>", FONDATION),
        ("Say \"hi\" & 'bye' ]]> <!-- x -->", "<!--", "Say \"hi\" & 'bye' ]]> <!-- x -->"),
        ("Controls \x00\x08\x1b\ufffe and\nnewlines", "\x00", "Controls and newlines"),
    ],
    ids=["script", "fondation", "xml syntax", "control characters"],
)
@pytest.mark.parametrize("chart", ["mix", "line"])
def test_hostile_text_is_escaped(chart: str, text: str, raw: str, shown: str) -> None:
    if chart == "mix":
        svg = mix_chart(text, text, [text, "B"], [(text, [40.0, 60.0])])
    else:
        svg = line_chart(text, text, [text, "B"], [(text, [1.0, 2.0])], y_label=text)
    root = parse(svg)  # well-formed despite the text
    assert raw not in svg
    assert root.findtext(f"{S}title") == shown
    assert root.findtext(f"{S}desc") == shown
    # Visible too: in the legend at least (a tick label may be wrapped; the title is the
    # page's caption, not drawn).
    assert texts(root).count(shown) >= 1


@pytest.mark.parametrize(
    "text",
    ["$5 to $10", "_hidden", "Café ☕ 😀", 'id="a" url(#b) href="#c"'],
    ids=["dollars not mathtext", "underscore kept in legend", "non-ascii", "markup-like text"],
)
def test_text_is_drawn_literally(text: str) -> None:
    root = parse(mix_chart(text, "d", [text], [(text, [50.0])]))
    assert texts(root).count(text) == 2  # category, legend


@pytest.mark.parametrize("chart", ["mix", "line"])
def test_the_title_names_the_chart_and_is_not_drawn(chart: str) -> None:
    """The page shows the title as the figure's caption, in fonts the reader has."""
    title = "Posting mix of 東京カフェ"
    if chart == "mix":
        svg = mix_chart(title, "d", ["A"], [("Now", [50.0])])
    else:
        svg = line_chart(title, "d", ["Jan"], [("Recorded", [1.0])])
    root = parse(svg)
    assert root.findtext(f"{S}title") == title
    assert not [text for text in texts(root) if "東京" in text]


def test_text_stays_text_with_font_fallbacks(drawn: dict[str, str]) -> None:
    styles = [el.get("style", "") for el in parse(drawn["mix"]).iter(f"{S}text")]
    assert styles
    # Text stays text; the browser uses DejaVu Sans if it has it, else a common sans font.
    family = re.compile(r"font-family: 'DejaVu Sans', 'Arial', [^;]*\bsans-serif(;|$)")
    assert all(family.search(style) for style in styles)


def test_bars_labelled_with_their_values(drawn: dict[str, str]) -> None:
    root = parse(drawn["mix"])
    for j, values in enumerate([NOW, RECOMMENDED]):
        labels = [words(el) for el in by_class(root, "value", f"series-{j}")]
        assert labels == [f"{v:g}%" for v in values]
        assert len(by_class(root, "bar", f"series-{j}")) == len(KINDS)


def axis_ticks(svg: str) -> list[str]:
    return [words(el) for el in by_class(parse(svg), "axis-tick")]


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (35.0, ["0%", "10%", "20%", "30%", "40%"]),
        (45.0, ["0%", "10%", "20%", "30%", "40%", "50%"]),
        (12.5, ["0%", "2.5%", "5%", "7.5%", "10%", "12.5%"]),
        (100.0, ["0%", "20%", "40%", "60%", "80%", "100%"]),
    ],
)
def test_the_percent_axis_ends_at_a_round_value_past_the_largest(
    largest: float, ticks: list[str]
) -> None:
    values = [largest, largest / 2, 0.0, 0.0, 0.0, 0.0]
    svg = mix_chart("Mix", "d", KINDS, [("Now", values), ("Recommended", values)])
    assert axis_ticks(svg) == ticks
    # The axis reaches no further than its last tick and the largest bar's label need.
    view_width = float(parse(svg).get("viewBox", "").split()[2])
    grid_right = max(float(x) for x in re.findall(r"<use [^>]*x=\"([\d.]+)\"", svg))
    assert grid_right < view_width


def test_series_told_apart_without_colour(drawn: dict[str, str]) -> None:
    root = parse(drawn["mix"])
    assert len(root.findall(f".//{S}pattern")) == 1

    def fills(series: int) -> set[str]:
        bars = by_class(root, "bar", f"series-{series}")
        styles = [path.get("style", "") for bar in bars for path in bar]
        assert len(styles) == len(KINDS)
        return {re.sub(r"#[\w-]+", "#", style.split(";")[0]) for style in styles}

    # "Recommended" is hatched, so it stays apart from "Now" in black and white.
    assert (fills(0), fills(1)) == ({"fill: #"}, {"fill: url(#)"})


def test_small_enough(drawn: dict[str, str]) -> None:
    assert len(drawn["mix"].encode()) < 60_000
    six = mix_chart("Six", "d", KINDS, [(f"S{i}", NOW) for i in range(6)])
    assert len(six.encode()) < 60_000


def run_count(values: list[float | None]) -> int:
    """How many unbroken runs of known values: the pen is lifted at every gap."""
    return sum(
        1 for i, v in enumerate(values) if v is not None and (i == 0 or values[i - 1] is None)
    )


@pytest.mark.parametrize(
    "values",
    [
        [1.0, 2.0, 3.0],
        [1.0, 2.0, None, 4.0, 5.0],
        [None, 1.0, None, 2.0, None, 3.0],
        [None, None, 3.0, 4.0],
        [0.0, None, 0.0],
    ],
)
def test_gaps_break_the_line(values: list[float | None]) -> None:
    root = parse(line_chart("Gaps", "d", [str(i) for i in range(len(values))], [("A", values)]))
    (group,) = by_class(root, "line", "series-0")
    d = group[0].get("d", "")
    assert d.count("M") == run_count(values)
    # A segment only between two neighbours that are both known: no line through zero.
    known = sum(v is not None for v in values)
    assert d.count("L") == known - run_count(values)
    assert len(group.findall(f".//{S}use")) == known  # every known value has its marker
    labels = [words(el) for el in by_class(root, "value")]
    assert labels == [f"{v:g}" for v in values if v is not None]


def test_all_gaps_draw_no_line() -> None:
    root = parse(line_chart("Empty", "d", ["a", "b"], [("A", [None, None])]))
    (group,) = by_class(root, "line")
    assert group[0].get("d") is None
    assert not by_class(root, "value")


def test_target_line_and_label(drawn: dict[str, str]) -> None:
    root = parse(drawn["line"])
    (line_group,) = by_class(root, "target")
    d = line_group[0].get("d", "")
    (y1, y2) = re.findall(r"[ML] [\d.]+ ([\d.]+)", d)
    assert y1 == y2  # horizontal
    assert "stroke-dasharray" in line_group[0].get("style", "")
    assert [words(el) for el in by_class(root, "target-label")] == ["Target: 250"]


def test_no_target_no_target_line() -> None:
    svg = line_chart("No target", "d", MONTHS, [("Followers", FOLLOWERS)])
    assert not by_class(parse(svg), "target")
    assert "Target" not in svg


def test_several_lines_label_their_last_values() -> None:
    series: list[tuple[str, list[float | None]]] = [
        ("Instagram", [1.0, 2.0, 3.5]),
        ("LinkedIn", [0.5, 1.5, None]),
    ]
    root = parse(line_chart("Two", "d", ["a", "b", "c"], series, target=4))
    labels = [words(el) for el in by_class(root, "value")]
    assert labels == ["3.5", "1.5"]
    styles = [el[0].get("style", "") for el in by_class(root, "line")]
    assert "dasharray" not in styles[0] and "dasharray" in styles[1]


def test_rc_params_neither_used_nor_changed(drawn: dict[str, str]) -> None:
    import matplotlib

    # As if from someone's matplotlibrc: the charts must not change.
    with matplotlib.rc_context({"font.size": 30, "axes.facecolor": "red", "svg.hashsalt": None}):
        before = dict(matplotlib.rcParams)
        assert mix() == drawn["mix"]
        assert line() == drawn["line"]
        assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize(
    ("draw", "message"),
    [
        (lambda: mix_chart("T", "d", ["A", "B"], [("Now", [1.0])]), "1 values for 2"),
        (lambda: mix_chart("T", "d", ["A"], [("Now", [-1.0])]), "not negative"),
        (lambda: mix_chart("T", "d", ["A"], [("Now", [math.nan])]), "finite"),
        (lambda: mix_chart("T", "d", [], [("Now", [])]), "at least one category"),
        (lambda: mix_chart("T", "d", ["A"], []), "at least one series"),
        (lambda: mix_chart("T", "d", ["A"], [(str(i), [1.0]) for i in range(7)]), "at most 6"),
        (lambda: mix_chart(" \n", "d", ["A"], [("Now", [1.0])]), "needs a title"),
        (lambda: mix_chart("T", "d", ["A"], [("Now", [1.0])], id_prefix="1 x"), "id_prefix"),
        (lambda: line_chart("T", "d", ["a"], [("A", [math.inf])]), "finite"),
        (lambda: line_chart("T", "d", ["a"], [("A", [1.0])], target=math.nan), "finite"),
        (lambda: line_chart("T", "d", [], [("A", [])]), "at least one period"),
    ],
)
def test_bad_input_raises(draw: Callable[[], Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        draw()
