"""Benchmark of the public guide at scale: 1,000 and 2,000 community rules.

Run as `.venv/bin/python bench/bench_guide.py` (or `make bench`; `--single` skips the run at
twice the rules while iterating). Prints, measured in one run:
- our `mkdocs build` (the plugin makes every page) against a plain `mkdocs build` of the
  same pages written to disk beforehand by `playbook guide` (goal: at most 1.3x);
- the time for 2,000 rules over the time for 1,000 (goal: at most 2.2, i.e. linear);
- the size of the built site at 1,000 rules (goal: at most 40 MB).
Times are medians of wall-clock seconds; the processor seconds (of the build and every process
it starts) are shown beside them, being steadier on a busy machine.
Exits 0 when a goal is missed (it is a report), non-zero only when something fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# Platforms none of the bundled example clients uses.
PLATFORMS = ["pinterest", "youtube", "threads", "bluesky", "tiktok"]
TAGS = ["conversation", "posting-mix", "sales", "measurement", "content", "response"]


def synthetic_rule(i: int) -> dict[str, object]:
    """A valid community rule with its own examples and its own templated text.

    Like most real community rules it concerns a few platforms, here ones the bundled
    example clients do not use, so their plans stay the size they are.
    """
    kind = ("original", "conversation", "replies")[i % 3]
    floor = 10 + i % 15
    where = PLATFORMS[i % len(PLATFORMS)]
    return {
        "id": f"bench-rule-{i:04d}",
        "title": f"Benchmark rule {i}: keep {kind} at {floor}% or more",
        "summary": f"A generated rule that asks for at least {floor}% {kind} posts.",
        "why": f"Generated for the scale benchmark (number {i}); it exercises a full rule page.",
        "working": "{{ mix." + kind + " }}% of your posts are of this kind (rule " + str(i) + ").",
        "priority": ("high", "medium", "low")[i % 3],
        "scope": "platform",
        "platforms": [where],
        "mix": {kind: {"min": floor}},
        "actions": [
            {"horizon": "this-week", "text": f"Plan more {kind} posts (rule {i})."},
            {
                "horizon": "30-days",
                "text": "Review your {{ platform.label }} posts against rule " + str(i) + ".",
            },
        ],
        "checklist": [{"text": f"Count {kind} posts every week (rule {i})."}],
        "platform_advice": {where: f"Advice {i} for this platform."},
        "references": [{"title": f"Benchmark source {i}", "author": "The benchmark"}],
        "tags": [TAGS[i % len(TAGS)], TAGS[(i + 2) % len(TAGS)]],
        "contributor": f"Contributor {i % 37}",
        "added": "2026-11-26",
        "examples": {
            "fires": [{"name": "none of the kind", "profile": _profile(where, kind, 0)}],
            "quiet": [{"name": "plenty of the kind", "profile": _profile(where, kind, 40)}],
        },
    }


def _profile(platform: str, kind: str, share: int) -> dict[str, object]:
    return {
        "platforms": [{"name": platform, "posts_per_week": 5}],
        "posting_mix": _mix(kind, share),
    }


def _mix(kind: str, share: int) -> dict[str, int]:
    mix = {"quotes": 5, "reshares": 5, "promotional": 10, "conversation": 30, "replies": 20}
    mix["original"] = 30
    mix[kind] = share
    mix["original" if kind != "original" else "conversation"] += 100 - sum(mix.values())
    return mix


def make_content(folder: Path, rules: int) -> Path:
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    community = content / "rules" / "community"
    for i in range(rules):
        text = yaml.safe_dump(synthetic_rule(i), sort_keys=False, allow_unicode=True)
        (community / f"bench-rule-{i:04d}.yaml").write_text(text, encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {content}\n"
        f"theme:\n  custom_dir: {ROOT / 'site-config' / 'overrides'}\n",
        encoding="utf-8",
    )
    return config


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, processor seconds of the command and every process it started)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-3000:]}")
    return elapsed, _children_cpu() - cpu


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


class Measured(NamedTuple):
    """Medians over the runs: wall and processor seconds of each build; the site's size."""

    ours: float
    plain: float
    ours_cpu: float
    plain_cpu: float
    size: float


def measure(rules: int, runs: int, work: Path) -> Measured:
    """Our build and a plain build of the same pages, interleaved `runs` times."""
    folder = work / f"r{rules}"
    folder.mkdir()
    config = make_content(folder, rules)
    guide = folder / "written"
    run(
        [str(BIN / "playbook"), "guide", "--out", str(guide), "--content", str(folder / "content")],
        ROOT,
    )
    ours: list[tuple[float, float]] = []
    plain: list[tuple[float, float]] = []
    for i in range(runs):
        # Interleaved, so both see the same machine noise.
        ours.append(
            run(
                [str(BIN / "mkdocs"), "build", "-f", str(config), "-d", str(folder / f"o{i}")], ROOT
            )
        )
        plain.append(
            run(
                [
                    str(BIN / "mkdocs"),
                    "build",
                    "-f",
                    str(guide / "mkdocs.yml"),
                    "-d",
                    str(folder / f"p{i}"),
                ],
                ROOT,
            )
        )
    pages = sum(1 for _ in (folder / "o0").rglob("index.html"))
    if pages < rules:
        raise SystemExit(f"only {pages} pages built for {rules} rules")
    return Measured(
        statistics.median(w for w, _ in ours),
        statistics.median(w for w, _ in plain),
        statistics.median(c for _, c in ours),
        statistics.median(c for _, c in plain),
        size_mb(folder / "o0"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument(
        "--single", action="store_true", help="measure --rules only, not twice as many"
    )
    args = parser.parse_args()
    print(f"playbook guide bench   Python {platform.python_version()}   CPUs: {os.cpu_count()}")
    print(f"load avg: {', '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small = measure(args.rules, args.runs, work)
        large = None if args.single else measure(args.rules * 2, args.runs, work)
    print(
        f"{'rules':>6} {'ours s':>8} {'plain s':>8} {'ratio':>6} {'site MB':>8}"
        f"   {'ours CPU s':>10} {'plain CPU s':>11} {'ratio':>6}"
    )
    rows = [(args.rules, small)] + ([(args.rules * 2, large)] if large else [])
    for count, m in rows:
        print(
            f"{count:>6} {m.ours:>8.2f} {m.plain:>8.2f} {m.ours / m.plain:>6.2f} {m.size:>8.1f}"
            f"   {m.ours_cpu:>10.2f} {m.plain_cpu:>11.2f} {m.ours_cpu / m.plain_cpu:>6.2f}"
        )
    ratio = small.ours / small.plain
    print()
    double, size = args.rules * 2, small.size
    print(f"goal: our build at most 1.3x a plain build ({ratio:.2f}x): {_verdict(ratio <= 1.3)}")
    if large:
        growth = large.ours / small.ours
        verdict = _verdict(growth <= 2.2)
        print(f"goal: {double}/{args.rules} time at most 2.2 ({growth:.2f}): {verdict}")
    print(f"goal: site at most 40 MB at {args.rules} rules ({size:.1f} MB): {_verdict(size <= 40)}")
    return 0


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


if __name__ == "__main__":
    sys.exit(main())
