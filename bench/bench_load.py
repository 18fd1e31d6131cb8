"""Benchmark of the YAML loader on one long mapping: playbook's `parse_bytes` (positions,
duplicate keys, tags, limits) against a plain `yaml.safe_load` of the same text.

Run from the repository root as `.venv/bin/python -m bench.bench_load`. It prints the median
of several runs of each; the loader's duplicate-key check once read every earlier key of the
mapping, which made 20,000 keys (the most a file may hold) take about 10 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

# A checkout's generator/ is importable as `generator` only from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.source.files import MAX_BYTES
from generator.source.load import MAX_NODES, parse_bytes


def long_mapping(keys: int) -> bytes:
    return "".join(f"k{i}: 10\n" for i in range(keys)).encode("utf-8")


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    most = MAX_NODES - 1  # the mapping itself is a value too
    parser.add_argument("--keys", type=int, default=most, help=f"keys (default {most:,})")
    parser.add_argument("--runs", type=int, default=9, help="runs of each (default 9)")
    args = parser.parse_args()
    if not 1 <= args.keys <= most or args.runs < 1:
        parser.error(f"--keys must be 1 to {most:,} and --runs at least 1")
    raw = long_mapping(args.keys)
    if len(raw) > MAX_BYTES:
        parser.error(f"{args.keys:,} keys make {len(raw):,} bytes, over the loader's limit")
    text = raw.decode("utf-8")
    ours = median_seconds(lambda: parse_bytes(raw, "bench.yaml"), args.runs)
    plain = median_seconds(lambda: yaml.safe_load(text), args.runs)
    c_loader = getattr(yaml, "CSafeLoader", None)
    parser_name = "libyaml (CSafeLoader)" if c_loader else "pure Python"
    print(f"one mapping of {args.keys:,} keys, {len(raw) / 1024:.0f} KiB; median of {args.runs}")
    print(f"  playbook parse_bytes  {ours * 1000:8.1f} ms   (events from {parser_name})")
    print(f"  yaml.safe_load        {plain * 1000:8.1f} ms   (pure-Python SafeLoader)")
    print(f"  ratio                 {ours / plain:8.2f}")
    if c_loader is not None:
        fast = median_seconds(lambda: yaml.load(text, Loader=c_loader), args.runs)
        print(f"  yaml.load, CSafeLoader{fast * 1000:9.1f} ms   (for scale: libyaml throughout)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
