"""Clients named in any script: their words reach the chart's caption and accessible name,
never matplotlib's drawing, whose font has no Chinese, Japanese, Arabic or Devanagari letters
(it warned "Glyph ... missing from font(s) DejaVu Sans" and measured the text wrongly)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.pipeline.client import load_client
from generator.site.figures import chart_specs, draw

from ..conftest import EXAMPLES
from ..helpers import rulebook

NAME = "東京カフェ"
GOALS = [
    ("平日のお客様を増やす", "予約", 12.0),
    ("زيادة الحجوزات المسائية", "الحجوزات", 5.0),
    ("ज़्यादा ग्राहक", "बुकिंग", 7.0),
]
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    """A client named in Japanese, with goals in Japanese, Arabic and Hindi, and two
    check-ins, so the site has a mix chart and a goal chart per goal."""
    data = yaml.safe_load((EXAMPLES / "hilltop-bakery.yaml").read_text(encoding="utf-8"))
    data["client"]["name"] = NAME
    data["goals"] = [
        {"outcome": outcome, "metric": metric, "target": target, "per": "month"}
        for outcome, metric, target in GOALS
    ]
    path = tmp_path / "cafe.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    checkins = tmp_path / "cafe" / "checkins"
    checkins.mkdir(parents=True)
    for period, scale in (("2026-10", 1.0), ("2026-11", 1.5)):
        checkin = {
            "period": period,
            "platforms": {"instagram": {"followers": int(300 * scale)}},
            "goals": {metric: target * scale for _, metric, target in GOALS},
        }
        text = yaml.safe_dump(checkin, allow_unicode=True, sort_keys=False)
        (checkins / f"{period}.yaml").write_text(text, "utf-8")
    return path


def test_charts_of_a_client_in_any_script_draw_without_a_warning(profile: Path) -> None:
    client = load_client(profile, rulebook())
    assert client.progress is not None
    specs = chart_specs(client.plan, client.progress)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning from matplotlib
        figures = draw(specs)
    assert len(figures) == 2 + len(GOALS)  # the mix now, by month, and each goal
    captions = []
    for figure in figures.values():
        caption = re.fullmatch(r"<figcaption>([^<]*)</figcaption>\n(<svg\b.*)", figure, re.S)
        assert caption, figure[:200]
        captions.append(caption[1])
        root = ET.fromstring(caption[2])  # well-formed
        title = root.findtext("{http://www.w3.org/2000/svg}title")
        assert title == caption[1]  # the caption is the chart's accessible name
        drawn = " ".join(
            "".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")
        )
        assert not re.search(r"[^\x00-\u024f\u2013-\u2014\u2212]", drawn), drawn
    assert sum(NAME in caption for caption in captions) == 2
    for outcome, metric, _ in GOALS:
        assert f"{outcome}: {metric} per month" in captions


def test_the_built_site_shows_the_words_beside_well_formed_charts(
    profile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sites"
    # Every warning an error, here and in any process the build starts.
    env = {**os.environ, "PYTHONWARNINGS": "error", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "playbook", "build", str(profile), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Glyph" not in result.stderr and "Warning" not in result.stderr, result.stderr
    (site,) = [p for p in out.iterdir() if p.is_dir()]
    overview = (site / "index.html").read_text(encoding="utf-8")
    progress = (site / "progress.html").read_text(encoding="utf-8")
    assert f"<figcaption>Posting mix of {NAME}: now and recommended</figcaption>" in overview
    for outcome, metric, _ in GOALS:
        assert f"<figcaption>{outcome}: {metric} per month</figcaption>" in progress
    charts = SVG.findall(overview) + SVG.findall(progress)
    assert len(charts) >= 2 + len(GOALS)
    for chart in charts:
        ET.fromstring(chart)
