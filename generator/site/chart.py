"""Static SVG charts for the playbook pages: accessible, deterministic, readable in print.

Each function returns one `<svg>` element as a string, ready to inline in HTML. Wrap it in a
block-level element (e.g. `<figure>`) before putting it in Markdown: Python-Markdown does not
treat `<svg>` as a block, so it would run emphasis over the chart's text.

The title is the chart's accessible name (`<title>`), not drawn: the page shows it as the
figure's caption. Titles name the client and their goals, in any script, and the browser
renders a caption in whatever fonts the reader has, while text drawn here is laid out with
matplotlib's own font, which has no Chinese, Japanese, Arabic or Devanagari letters. Keep
other client text (categories, series names) out of charts for the same reason.

Matplotlib is imported inside the functions: commands that draw no chart do not pay for it.
"""

from __future__ import annotations

import hashlib
import math
import re
import textwrap
from collections.abc import Sequence
from html import escape
from io import StringIO
from typing import TYPE_CHECKING, Any

from ..text import format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Matplotlib writes SVG at 72 units per inch, so at its natural size one unit is one CSS
# pixel and the sizes below are pixels. The canvas is as narrow as a phone's column of text
# (358 px at 390 px wide): there the chart is drawn at about its natural size, so no text is
# under 12 px; wider pages show it larger, up to the cap in the stylesheet.
WIDTH_PX = 340
MARGIN_PX = 8
TEXT_PX, SMALL_PX = 13, 12
LABEL_CHARS = 24  # a category label's line
PLOT_PX = 190  # the line chart's plot height

# Okabe-Ito, safe for the common colour-vision deficiencies. Bars get a dark outline, which
# gives the 3:1 contrast against white that the light fills lack; hatching tells the series
# apart in greyscale. (Dot hatches are avoided: each dot is a path, 60 KB a pattern.)
BAR_STYLES: tuple[tuple[str, str | None], ...] = (
    ("#0072B2", None),
    ("#E69F00", "///"),
    ("#56B4E9", "\\\\\\"),
    ("#009E73", "xx"),
    ("#CC79A7", "|||"),
    ("#F0E442", "++"),
)
# Lines need 3:1 against white by themselves, so only the darker Okabe-Ito colours; dash
# pattern and marker tell them apart in greyscale. Plain dashes are kept for the target.
LINE_STYLES: tuple[tuple[str, Any, str], ...] = (
    ("#0072B2", "solid", "o"),
    ("#D55E00", (0, (1, 2)), "s"),
    ("#009E73", "dashdot", "^"),
    ("#CC79A7", (0, (8, 2, 1, 2, 1, 2)), "D"),
    ("#000000", (0, (3, 1, 1, 1)), "v"),
)
INK, AXIS, GRID, TARGET = "#1a1a1a", "#595959", "#d9d9d9", "#404040"

# The page's fonts are unknown, so text is measured with DejaVu Sans (shipped with
# matplotlib, one of the widest) and browsers fall back to narrower common fonts: labels never
# outgrow the room measured for them.
FONTS = ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"]
_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, selectable, small
    "svg.hashsalt": "playbook-chart",
    "font.family": ["sans-serif"],
    "font.sans-serif": FONTS,
    "font.size": SMALL_PX,  # tick and value labels
    "axes.labelsize": TEXT_PX,
    "legend.fontsize": TEXT_PX,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": AXIS,
    "xtick.color": AXIS,
    "ytick.color": AXIS,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "hatch.linewidth": 0.8,
    # Client text is literal: "$5 to $10" must not become mathtext.
    "text.parse_math": False,
}
# Matplotlib's defaults, not this machine's matplotlibrc, then ours; undone on leaving.
_STYLE: list[str | dict[str, Any]] = ["default", _RC]
# No Creator (it names matplotlib's version), no Date, no Dublin Core block at all.
_METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}

# A gid with this mark becomes a class attribute: a hook for CSS and tests that, unlike an id,
# need not be unique on a page with several charts.
_CLASS_MARK = "pb-class:"
_OFFSET = "offset points"  # value labels sit a few points from their data
_LINE: dict[str, Any] = {"lw": 2, "ms": 6, "mec": INK, "mew": 0.6}
_BAR: dict[str, Any] = {"edgecolor": INK, "linewidth": 0.8}
_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# What XML 1.0 cannot carry at all: control characters and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Series = tuple[str, list[float]]
GappySeries = tuple[str, list[float | None]]


def mix_chart(
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    *,
    id_prefix: str | None = None,
) -> str:
    """Grouped horizontal bars in percent (0-100): one group per category, one bar per series.

    Series (e.g. "Now", "Recommended") differ by colour and hatching; each bar is labelled
    with its value. Raises ValueError on mismatched lengths or negative or non-finite values.
    """
    labels = [_wrap(category, LABEL_CHARS) for category in categories]
    _check(title, series, len(labels), len(BAR_STYLES), "category")
    for name, values in series:
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise ValueError(f"series {name!r}: percentages must be finite and not negative")
    prefix = _prefix(id_prefix, "mix", title, description, categories, series)

    from matplotlib.style import context

    n = len(series)
    band = n * 18 + 14 + 8 * max(label.count("\n") for label in labels)  # bars ~18 px thick
    with context(_STYLE):
        header = _header_px([name for name, _ in series])
        left = max(_width(line) for label in labels for line in label.split("\n")) + MARGIN_PX + 6
        largest = max(v for _, values in series for v in values)
        label_px = max(_width(f"{format_number(v)}%") for _, values in series for v in values)
        fig, ax = _canvas(header + len(labels) * band + 34, left=left, bottom=34, top=header)
        handles = []
        for j, (name, values) in enumerate(series):
            colour, hatch = BAR_STYLES[j]
            offsets = [i + (j - (n - 1) / 2) * 0.8 / n for i in range(len(labels))]
            gid = f"{_CLASS_MARK}bar series-{j}"
            bars = ax.barh(offsets, values, 0.8 / n, color=colour, hatch=hatch, gid=gid, **_BAR)
            for text in ax.bar_label(bars, [f"{format_number(v)}%" for v in values], padding=3):
                text.set_gid(f"{_CLASS_MARK}value series-{j}")
            handles.append((bars, name))
        ax.set_yticks(range(len(labels)), labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)  # first category on top, in reading order
        ax.tick_params(axis="y", length=0)
        ticks = _percent_ticks(largest)
        # Headroom past the longest bar for its value label, 3 px from the bar.
        room = (label_px + 6) / (WIDTH_PX - left - 2 * MARGIN_PX)
        ax.set_xlim(0, max(ticks[-1], largest / (1 - room)))
        ax.set_xticks(ticks, [f"{format_number(tick)}%" for tick in ticks])
        for tick_label in ax.get_xticklabels():
            tick_label.set_gid(f"{_CLASS_MARK}axis-tick")
        ax.grid(axis="x", color=GRID, linewidth=0.8)
        _legend(fig, handles)
        svg = _render(fig)
    return _accessible(svg, prefix, title, description)


def line_chart(
    title: str,
    description: str,
    periods: list[str],
    series: list[GappySeries],
    target: float | None = None,
    y_label: str = "",
    *,
    id_prefix: str | None = None,
) -> str:
    """Values per period, one line per series; None is a gap (a break in the line, not zero).

    With one series every point is labelled with its value; with several, each line's last
    point. `target` adds a dashed horizontal line labelled "Target". Raises ValueError on
    mismatched lengths or non-finite values.
    """
    ticks = [_clean(period) for period in periods]
    _check(title, series, len(ticks), len(LINE_STYLES), "period")
    known = [v for _, values in series for v in values if v is not None]
    if target is not None:
        known.append(target)
    if not all(math.isfinite(v) for v in known):
        raise ValueError("line_chart values and target must be finite numbers or None")
    prefix = _prefix(id_prefix, "line", title, description, periods, series, target, y_label)

    from matplotlib.style import context
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    single = len(series) == 1
    with context(_STYLE):
        header = _header_px([name for name, _ in series])
        low, high = _y_range(known)
        locator = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10])
        left = max(_width(_tick(v)) for v in locator.tick_values(low, high)) + 14
        left += TEXT_PX + 10 if y_label else 0
        bottom = 30.0
        if sum(_width(t) + 12 for t in ticks) > WIDTH_PX - left - 20:
            # Labels turned 35 degrees: room below them, and left of the first one.
            bottom += max(_width(t) for t in ticks) * 0.58
            left = max(left, _width(ticks[0]) * 0.82 - 10)
        fig, ax = _canvas(header + PLOT_PX + bottom, left=left, bottom=bottom, top=header)
        xs = list(range(len(ticks)))
        handles = []
        for j, (name, values) in enumerate(series):
            colour, dashes, marker = LINE_STYLES[j]
            # NaN is where matplotlib lifts the pen; the markers keep a lone value between two
            # gaps visible.
            ys = [math.nan if v is None else v for v in values]
            gid = f"{_CLASS_MARK}line series-{j}"
            (line,) = ax.plot(xs, ys, color=colour, ls=dashes, marker=marker, gid=gid, **_LINE)
            handles.append((line, name))
            points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            for x, v in points if single else points[-1:]:
                at, ha, va = ((0, 7), "center", "bottom") if single else ((7, 0), "left", "center")
                gid = f"{_CLASS_MARK}value series-{j}"
                ax.annotate(format_number(v), (x, v), at, textcoords=_OFFSET, ha=ha, va=va, gid=gid)
        if target is not None:
            ax.axhline(target, color=TARGET, ls=(0, (6, 4)), lw=1.5, gid=f"{_CLASS_MARK}target")
            text = f"Target: {format_number(target)}"
            right = ("axes fraction", "data")
            gid = f"{_CLASS_MARK}target-label"
            ax.annotate(
                text, (1, target), (-2, 4), right, _OFFSET, ha="right", va="bottom", gid=gid
            )
        ax.set_ylim(low, high)
        ax.yaxis.set_major_locator(locator)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tick(v)))
        ax.grid(axis="y", color=GRID, linewidth=0.8)
        ax.set_xticks(xs, ticks)
        if bottom > 30:
            ax.tick_params(axis="x", labelrotation=35)
            for tick_label in ax.get_xticklabels():
                tick_label.set(ha="right", rotation_mode="anchor")
        # Room on the right for the last points' labels when they sit beside the lines.
        ax.set_xlim(-0.4, len(ticks) - 0.6 + (0 if single else 0.6))
        if y_label:
            ax.set_ylabel(_clean(y_label))
        _legend(fig, handles)
        svg = _render(fig)
    return _accessible(svg, prefix, title, description)


def _canvas(height: float, *, left: float, bottom: float, top: float) -> tuple[Figure, Axes]:
    """A figure 640 units wide on the SVG canvas (no pyplot), its axes placed by margins in
    pixels measured beforehand: a constrained layout would cost a second draw of the figure."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / 72, height / 72))
    FigureCanvasSVG(fig)
    width = WIDTH_PX - left - 2 * MARGIN_PX
    ax = fig.add_axes(
        (left / WIDTH_PX, bottom / height, width / WIDTH_PX, 1 - (top + bottom) / height)
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_axisbelow(True)
    return fig, ax


def _percent_ticks(largest: float) -> list[float]:
    """Round steps from 0% to the first one at or past the largest value: 0-40% for 35%,
    so the bars fill the width the data needs."""
    from matplotlib.ticker import MaxNLocator

    top = max(largest, 10.0)  # no axis of fractions of a percent
    steps = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top)
    ticks = [round(float(t), 6) for t in steps if t >= 0]
    return ticks[: next(i for i, t in enumerate(ticks) if t >= top) + 1]


def _header_px(names: list[str]) -> float:
    """Height above the plot: the legend."""
    return MARGIN_PX + _legend_columns(names)[1] * TEXT_PX * 1.6 + 6


def _legend_columns(names: list[str]) -> tuple[int, int]:
    """(columns, rows): all on one line if it fits, else one per line, because matplotlib
    fills a legend of several columns column by column, out of reading order."""
    # Each entry: a 30 px key, 10 px to its text, 24 px to the next entry.
    width = sum(_width(_clean(name), TEXT_PX) + 64 for name in names)
    return (len(names), 1) if width <= WIDTH_PX - 2 * MARGIN_PX else (1, len(names))


def _legend(fig: Figure, handles: list[tuple[Any, str]]) -> None:
    """The legend above the plot, left-aligned like the page's text."""
    height = fig.get_size_inches()[1] * 72
    left = MARGIN_PX / WIDTH_PX
    names = [name for _, name in handles]
    # Handles and labels passed explicitly: a name starting with "_" would otherwise be
    # dropped from the legend, as matplotlib's "no legend" marker.
    fig.legend(
        [handle for handle, _ in handles],
        [_clean(name) for name in names],
        loc="upper left",
        bbox_to_anchor=(left, 1 - MARGIN_PX / height),
        borderaxespad=0,
        borderpad=0,
        ncols=_legend_columns(names)[0],
        frameon=False,
        handlelength=2.5,
        handleheight=1.1,
    )


def _render(fig: Figure) -> str:
    out = StringIO()
    fig.savefig(out, format="svg", metadata=_METADATA)
    return out.getvalue()


def _width(text: str, size: float = SMALL_PX) -> float:
    """Width in pixels of one line of text, as matplotlib will lay it out."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=size)  # the family comes from the style in force
    return float(text_to_path.get_text_width_height_descent(text, font, False)[0])


def _y_range(values: list[float]) -> tuple[float, float]:
    """From zero for non-negative data, so growth is not exaggerated; headroom for labels."""
    low, high = min(values, default=0.0), max(values, default=0.0)
    if low >= 0:
        return 0.0, high * 1.15 or 1.0
    span = (high - low) or 1.0
    return low - span * 0.1, high + span * 0.15


def _tick(value: float) -> str:
    """Axis numbers without scientific notation or float noise: 1500, 0.25, -3."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _check(
    title: str, series: Sequence[tuple[str, Sequence[object]]], size: int, most: int, what: str
) -> None:
    if not _clean(title):
        raise ValueError("a chart needs a title: it is the chart's accessible name")
    if size == 0:
        raise ValueError(f"a chart needs at least one {what}")
    if not series:
        raise ValueError("a chart needs at least one series")
    if len(series) > most:
        raise ValueError(f"at most {most} series can be told apart in print, got {len(series)}")
    for name, values in series:
        if len(values) != size:
            raise ValueError(f"series {name!r} has {len(values)} values for {size} {what}s")


def _clean(text: str) -> str:
    """One line of text XML can carry: no control characters, whitespace runs collapsed."""
    return " ".join(_NOT_XML.sub(" ", text).split())


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(_clean(text), width, break_on_hyphens=False))


def _prefix(given: str | None, kind: str, *parts: object) -> str:
    """The caller's id prefix, or a hash of everything drawn: different charts on one page
    never share an id, and a rerun gives the same ids."""
    if given is not None:
        if not _ID_PREFIX.fullmatch(given):
            raise ValueError(f"id_prefix {given!r}: a letter, then letters, digits, - or _")
        return given
    digest = hashlib.sha256(repr((kind, *parts)).encode("utf-8")).hexdigest()
    return f"chart-{digest[:12]}"


_ROOT = re.compile(r"<svg\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")  # matplotlib escapes "<" and ">" in text and attribute values
_PATH_DATA = re.compile(r'\sd="([^"]*)"')
_REFERENCE = re.compile(r'url\(#([^)"]+)\)|href="#([^"]+)"')
_ID = re.compile(r' id="([^"]*)"')


def _accessible(svg: str, prefix: str, title: str, description: str) -> str:
    """Matplotlib's SVG made fit to inline: no prolog or metadata, ids that cannot clash with
    another chart's, a scoped stylesheet, role="img" named by <title> and <desc>."""
    title, description = escape(_clean(title), False), escape(_clean(description), False)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    # No indented or blank lines, which Markdown would take for code or a new block.
    svg = re.sub(r"\n\s*", "\n", svg).strip()
    # Only markup is rewritten: client text may well contain ' id="x"'.
    used = {a or b for tag in _TAG.findall(svg) for a, b in _REFERENCE.findall(tag)}

    def rename(match: re.Match[str]) -> str:
        value = match[1]
        if value.startswith(_CLASS_MARK):
            return f' class="{value.removeprefix(_CLASS_MARK)}"'
        # Matplotlib names every group; the unreferenced names only add bytes.
        return f' id="{prefix}-{value}"' if value in used else ""

    def fix(tag: re.Match[str]) -> str:
        markup = _PATH_DATA.sub(lambda m: ' d="' + " ".join(m[1].split()) + '"', tag[0])
        markup = _REFERENCE.sub(
            lambda m: f"url(#{prefix}-{m[1]})" if m[1] else f'href="#{prefix}-{m[2]}"', markup
        )
        return _ID.sub(rename, markup)

    svg = _TAG.sub(fix, svg)
    # A <style> in inline SVG applies to the whole HTML page; keep this one to the chart.
    svg = svg.replace('<style type="text/css">*{', f'<style type="text/css">#{prefix} *{{', 1)

    root = _ROOT.search(svg)
    assert root is not None  # matplotlib always writes one
    # What comes before it, the XML declaration and DOCTYPE, is left out of the result.
    # Drop the fixed size in pt: with only the viewBox and width="100%" the chart scales.
    attributes = re.sub(r'\s(?:width|height)="[^"]*"', "", root[0][len("<svg") : -1])
    labelled_by = f"{prefix}-title" + (f" {prefix}-desc" if description else "")
    head = (
        f'<svg{attributes} id="{prefix}" width="100%" role="img"'
        f' aria-labelledby="{labelled_by}">\n<title id="{prefix}-title">{title}</title>'
    )
    if description:
        head += f'\n<desc id="{prefix}-desc">{description}</desc>'
    return head + svg[root.end() :] + "\n"
