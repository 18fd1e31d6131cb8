"""Benchmark of client sites: 100 sites through one `playbook build` against 100 separate
`mkdocs build` runs of the same pages, and one client site end to end.

Run as `.venv/bin/python bench/bench_sites.py` (or `make bench`). It prints a report and
exits 0 even when a goal is missed; non-zero only when something errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

# Run as a script, this folder is on the path: the runner is the core benchmark's.
from bench_core import BenchError, playbook_command, run

# A checkout's generator/ is importable as `generator` only from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.engine.evaluate import evaluate
from generator.pipeline.rulebook import load_rulebook
from generator.site.build import brand_css, load_settings, look_of, mkdocs_config
from generator.site.pages import client_site
from generator.source.validate import load_profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "content" / "examples").glob("*.yaml"))
RATIO_GOAL = 0.3
ONE_SITE_GOAL = 1.5


def make_profiles(folder: Path, count: int) -> list[Path]:
    """`count` profiles: the examples in turn, each client with its own numbered name."""
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        text = EXAMPLES[i % len(EXAMPLES)].read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  name: (.*)$", rf"  name: \1 {i:03d}", text, count=1)
        path = folder / f"client-{i:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def mkdocs_projects(paths: list[Path], folder: Path) -> list[Path]:
    """For each profile, the same pages and configuration `playbook build` uses, on disk,
    ready for a plain `mkdocs build`."""
    book = load_rulebook()
    settings, settings_dir = load_settings()
    configs = []
    for i, path in enumerate(paths):
        profile = load_profile(path)
        look = look_of(profile, path, settings, settings_dir)
        site = client_site(evaluate(profile, book), look)
        project = folder / f"p{i:03d}"
        docs = project / "docs"
        (docs / "assets").mkdir(parents=True)
        for name, text in site.pages.items():
            (docs / name).write_text(text, encoding="utf-8")
        (docs / "assets" / "brand.css").write_text(brand_css(look), encoding="utf-8")
        config = mkdocs_config(site, look, profile.client.name, docs, project / "site")
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        configs.append(project / "mkdocs.yml")
    return configs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5, help="runs of the one-site build")
    args = parser.parse_args()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"playbook sites bench   {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}")
    print(f"Python {platform.python_version()}   CPUs: {os.cpu_count()}   load avg: {load}")
    mkdocs = str(Path(sys.prefix) / "bin" / "mkdocs")
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as temp:
        base = Path(temp)
        paths = make_profiles(base / "profiles", args.sites)
        run([*playbook_command(), "build", str(paths[0]), "-o", str(base / "warm")])  # file cache

        print(f"\n1. one client site end to end (`playbook build ONE -o OUT`), {args.runs} runs")
        one = []
        for i in range(args.runs):
            one.append(
                run([*playbook_command(), "build", str(paths[0]), "-o", str(base / f"one{i}")])
            )
        median_one = statistics.median(one)
        print(f"   median {median_one:.2f} s   runs: {', '.join(f'{t:.2f}' for t in one)}")
        verdict = "PASS" if median_one <= ONE_SITE_GOAL else "MISS"
        print(f"goal: one site in at most {ONE_SITE_GOAL} s: {verdict}")

        print(f"\n2. {args.sites} client sites: one `playbook build` against "
              f"{args.sites} `mkdocs build` runs of the same pages")  # fmt: skip
        batch = run([*playbook_command(), "build", str(base / "profiles"), "-o", str(base / "all")])
        built = sorted(p.name for p in (base / "all").iterdir() if p.is_dir())
        if len(built) != args.sites:
            raise BenchError(f"expected {args.sites} sites, found {len(built)}")
        configs = mkdocs_projects(paths, base / "projects")
        separate = 0.0
        for config in configs:
            separate += run([mkdocs, "build", "-q", "-f", str(config)])
        ratio = batch / separate
        rate, each = args.sites / batch, separate / args.sites
        print(f"   playbook build (both cores)   {batch:7.1f} s   {rate:5.1f} sites/s")
        print(f"   separate mkdocs builds        {separate:7.1f} s   {each:5.2f} s each")
        print(f"   ratio                         {ratio:7.2f}")
        verdict = "PASS" if ratio <= RATIO_GOAL else "MISS"
        print(f"goal: at most {RATIO_GOAL}x the separate builds: {verdict}")


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        print(f"bench error: {exc}", file=sys.stderr)
        sys.exit(1)
