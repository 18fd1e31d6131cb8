"""Benchmark of playbook's core: cold start of `playbook check`, and `playbook plan` throughput.

Run as `.venv/bin/python bench/bench_core.py` (or `make bench`). It prints a report and exits
0 even when a goal is missed; it exits non-zero only when something errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

# A checkout's generator/ is importable as `generator` only from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.errors import ProblemsError
from generator.model.profile import MIX_KINDS, PLATFORMS
from generator.pipeline.write import slugify
from generator.source.validate import load_profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content" / "examples" / "hilltop-bakery.yaml"
CHECK_GOAL_MS = 120.0
RATE_GOAL = 200.0  # profiles a second: 1,000 in 5 s
# Profile building blocks; client names get their index appended, so slugs stay unique.
NAMES = ("Hilltop Bakery", "Café Müller", "Bäckerei Groß", "Ørsted Bikes", "Ζωή Yoga",
         "東京 Ramen", "Crème & Co", "Señora Tacos", "North/South Physio", "Łódź Books",
         "Zoë's Plants", "Ünal Legal", "🌿 Green Spa")  # fmt: skip
INDUSTRIES = ("food and drink", "health", "retail", "legal", "travel", "fitness", "crafts")
COACHES = ("Sam Rivera", "Priya Shah", "Jörg Lindqvist", "Amélie Dubois", "李 Wei")
OUTCOMES = ("More weekday walk-in customers", "Fill the evening clinics", "Sell out classes",
            "A bigger local audience", "More newsletter sign-ups", "More bookings")  # fmt: skip
# Goal metrics: outcomes, and vanity metrics such as followers.
METRICS = ("enquiries", "bookings", "sales", "sign-ups", "event bookings", "page views",
           "followers", "likes", "impressions", "Instagram followers")  # fmt: skip
MEASURING = ("likes", "followers", "comments", "shares", "replies", "bookings", "reach")
PERIODS = ("week", "month", "quarter")  # Goal.per


class BenchError(Exception):
    """Something went wrong (not a missed goal): the benchmark exits non-zero."""


def fmt(values: Iterable[float], spec: str) -> str:
    return ", ".join(format(v, spec) for v in values)


def playbook_command() -> list[str]:
    script = Path(sys.prefix) / "bin" / "playbook"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "playbook"]


def run(cmd: list[str]) -> float:
    """Wall seconds for one fresh process; raises BenchError when it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise BenchError(f"{' '.join(cmd[:4])} ... exited {done.returncode}:\n{done.stderr}")
    return elapsed


def bench_cold_start(runs: int) -> None:
    check = [*playbook_command(), "check", str(EXAMPLE)]
    bare = [sys.executable, "-c", "pass"]
    for cmd in (check, bare):  # warm the file cache; not counted
        run(cmd)
    times: dict[str, list[float]] = {"check": [], "bare": []}
    for i in range(runs):  # interleaved, alternating order: both see the same noise
        for key in ("check", "bare") if i % 2 == 0 else ("bare", "check"):
            times[key].append(run(check if key == "check" else bare) * 1000)
    med = {k: statistics.median(v) for k, v in times.items()}
    low = {k: min(v) for k, v in times.items()}
    print(f"\n1. cold start, {runs} runs interleaved     median ms    min ms")
    for label, a, b in [
        (f"playbook check {EXAMPLE.name}", med["check"], low["check"]),
        ("python -c pass", med["bare"], low["bare"]),
        ("difference (playbook's own)", med["check"] - med["bare"], low["check"] - low["bare"]),
    ]:
        print(f"   {label:<36} {a:9.1f} {b:9.1f}")
    verdict = "PASS" if med["check"] <= CHECK_GOAL_MS else "FAIL"
    print(f"goal: check at most {CHECK_GOAL_MS:.0f} ms (median {med['check']:.1f} ms): {verdict}")
    print_imports()


def print_imports(top: int = 8) -> None:
    cmd = [sys.executable, "-X", "importtime", "-m", "playbook", "check", str(EXAMPLE)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"-X importtime run exited {done.returncode}:\n{done.stderr}")
    found: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[0].strip().isdigit():
            found.append((int(parts[1]), int(parts[0]), parts[2].strip()))
    print(f"   heaviest imports on the check path (top {top}, -X importtime, one run)")
    print(f"   {'cumulative ms':>13} {'self ms':>8}  module")
    for cumulative, own, name in sorted(found, reverse=True)[:top]:
        print(f"   {cumulative / 1000:13.1f} {own / 1000:8.1f}  {name}")


def make_mix(rng: random.Random) -> dict[str, int]:
    """Whole percents over a random subset of kinds, adding up to exactly 100."""
    kinds = rng.sample(MIX_KINDS, rng.randint(1, len(MIX_KINDS)))
    cuts = sorted(rng.randint(0, 100) for _ in range(len(kinds) - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return dict(zip(kinds, shares, strict=True))


def make_profile(rng: random.Random, index: int) -> dict[str, Any]:
    client: dict[str, Any] = {"name": f"{rng.choice(NAMES)} {index}"}
    if rng.random() < 0.7:
        client["industry"] = rng.choice(INDUSTRIES)
    if rng.random() < 0.5:
        client["coach"] = rng.choice(COACHES)
    goals = []
    for _ in range(rng.randint(1, 3)):
        target = rng.choice([rng.randint(1, 500), round(rng.uniform(0.5, 50), 1)])
        goal: dict[str, Any] = {"outcome": rng.choice(OUTCOMES), "metric": rng.choice(METRICS)}
        goal |= {"target": target, "per": rng.choice(PERIODS)}
        if rng.random() < 0.6:
            goal["by"] = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        goals.append(goal)
    platforms = []
    for name in rng.sample(PLATFORMS, rng.randint(1, 4)):
        per_week = rng.choice([rng.randint(0, 21), rng.choice([0.5, 1.5, 2.5])])
        entry: dict[str, Any] = {"name": name, "posts_per_week": per_week}
        if rng.random() < 0.25:
            entry["posting_mix"] = make_mix(rng)
        platforms.append(entry)
    profile: dict[str, Any] = {"client": client, "goals": goals, "platforms": platforms}
    profile["posting_mix"] = make_mix(rng)
    if rng.random() < 0.8:
        profile["measuring"] = rng.sample(MEASURING, rng.randint(0, 4))
    if rng.random() < 0.6:
        profile["hours_per_week"] = rng.choice([rng.randint(1, 20), 2.5])
    return profile


def write_profiles(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    slugs: set[str] = set()
    for i in range(count):
        data = make_profile(rng, i)
        path = folder / f"profile-{i:04d}.yaml"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        slugs.add(slugify(data["client"]["name"]))
        try:
            load_profile(path)
        except ProblemsError as exc:
            shown = "\n".join(p.format() for p in exc.problems)
            raise BenchError(f"generated profile is invalid:\n{shown}") from None
    if len(slugs) != count:
        raise BenchError(f"client names give {len(slugs)} distinct folders, not {count}")


def verify_output(out: Path, count: int) -> None:
    folders = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if len(folders) != count:
        raise BenchError(f"{out}: {len(folders)} client folders, expected {count}")
    wrong = [f.name for f in folders if len(list(f.glob("*.md"))) != 2]
    if wrong:
        raise BenchError(f"{out}: {len(wrong)} folders lack exactly 2 .md files: {wrong[:5]}")


def bench_plan(count: int, seed: int, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        profiles = Path(tmp) / "profiles"
        profiles.mkdir()
        write_profiles(profiles, count, seed)
        times: list[float] = []
        for i in range(runs):
            out = Path(tmp) / f"out-{i}"
            times.append(run([*playbook_command(), "plan", str(profiles), "-o", str(out)]))
            verify_output(out, count)
    wall = statistics.median(times)
    rate = count / wall
    print(f"\n2. throughput: one `playbook plan` process, {count:,} profiles, {runs} runs")
    print(f"   median wall s {wall:6.2f}   profiles/s {rate:5.0f}   (runs: {fmt(times, '.2f')})")
    print(f"   output verified: {count:,} client folders with 2 .md pages each")
    print(f"   files written under {tempfile.gettempdir()} (TMPDIR); disk speed counts here")
    goal = f"{count:,} profiles in at most {count / RATE_GOAL:g} s (>= {RATE_GOAL:.0f}/s)"
    print(f"goal: {goal}: {'PASS' if rate >= RATE_GOAL else 'FAIL'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21, help="cold-start runs (default 21)")
    parser.add_argument("--profiles", type=int, default=1000, help="profiles for plan")
    parser.add_argument("--seed", type=int, default=20240601, help="seed for the profiles")
    args = parser.parse_args()
    if args.runs < 1 or args.profiles < 1:
        parser.error("--runs and --profiles must be at least 1")
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    print(f"playbook bench   {now}   Python {platform.python_version()}   CPUs: {os.cpu_count()}")
    pyc = "off" if sys.flags.dont_write_bytecode else "on"
    cached = len(list((ROOT / "generator" / "__pycache__").glob("*.pyc")))
    print(f"load avg: {fmt(os.getloadavg(), '.2f')}   .pyc writing: {pyc}   "
          f"generator .pyc files present: {cached}")  # fmt: skip
    print(f"command: {' '.join(playbook_command())}")
    try:
        bench_cold_start(args.runs)
        bench_plan(args.profiles, args.seed)
    except (BenchError, OSError) as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
