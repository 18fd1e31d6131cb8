"""Benchmark of reading account exports: an X archive of 100,000 posts and a Mastodon outbox
of 100,000 activities, generated in a temporary folder and zipped as the platforms ship them,
measured as `playbook measure` does (read with `read_exports`, every post classified and
counted, over a period that holds them all) against a bare `json.loads` of the same posts
file's bytes.

Run from the repository root as `.venv/bin/python -m bench.bench_measure`. Timing is CPU time
(`time.process_time`), the two sides interleaved round by round, medians reported; the peak
memory of a read is measured apart with tracemalloc (which slows what it watches). Goals:
reading takes at most 2x the bare parse, and at most 3x the posts file's size in memory.
`read_exports` also unzips the member; the bare parse starts from bytes already in memory.
The goals are judged at the default size: with a few thousand posts, fixed costs (opening
the zip, a read buffer of 1 MiB) weigh more than the posts and the ratios mean little.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

# A checkout's generator/ (and the tests' fixture builders) import only from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.pipeline.measure import measure_exports
from generator.source.load import parse_text
from generator.source.validate import validate_profile
from tests.source.exports.builders import ACTOR, boost, note, outbox, write_zip
from tests.source.exports.x_builders import ACCOUNT_ID, OTHER_ID, manifest_js, tweet, tweets_js

TIME_GOAL, MEMORY_GOAL = 2.0, 3.0
_VOCABULARY = (
    "bread rye sourdough oven crumb flour morning market stall order weekend loaf butter "
    "starter knead proof bake crust honey seeds spelt café délice 🍞 ☕ thanks everyone"
)
WORDS = tuple(_VOCABULARY.split())


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _tweet(rng: random.Random, number: int) -> dict[str, Any]:
    """Mostly originals; retweets as `RT @` text, replies, quotes by a status link."""
    text, roll = _words(rng, 5, 30).replace("&", "&amp;"), rng.random()
    created = f"Mon Mar {rng.randint(10, 28)} 09:{rng.randint(10, 59)}:00 +0000 2026"
    if roll < 0.15:
        return tweet(number, "RT @bo: " + text, created=created)
    if roll < 0.45:
        parent, user = str(rng.randint(0, number + 1)), rng.choice([ACCOUNT_ID, OTHER_ID])
        return tweet(number, text, parent=parent, reply_user=user, reply_name="bo", created=created)
    if roll < 0.6:
        link = (f"https://t.co/{number:x}", f"https://twitter.com/bo/status/{number}")
        return tweet(number, f"{text} {link[0]}", urls=(link,), created=created)
    return tweet(number, text, created=created)


def _activity(rng: random.Random, number: int) -> dict[str, Any]:
    """Mostly public notes; some replies, boosts and direct messages."""
    published = f"2026-03-{rng.randint(10, 28)}T09:{rng.randint(10, 59)}:00Z"
    roll = rng.random()
    if roll < 0.15:
        return boost(number, f"https://other.example/users/bo/statuses/{number}", published)
    content = f"<p>{_words(rng, 5, 30)}</p><p>{_words(rng, 0, 10)}</p>"
    if roll < 0.2:
        return note(number, content, to=["https://other.example/users/bo"], cc=[])
    parent = f"{ACTOR}/statuses/{number - 1}" if roll < 0.45 else None
    return note(number, content, in_reply_to=parent, published=published)


def generate(folder: Path, posts: int) -> dict[str, tuple[Path, bytes]]:
    """The two exports as zips, with each posts file's JSON bytes for the bare parse."""
    rng = random.Random(13)
    tweets = tweets_js([_tweet(rng, n) for n in range(posts)])
    exports = {
        "X archive": {"data/tweets.js": tweets, "data/manifest.js": manifest_js()},
        "Mastodon outbox": {"outbox.json": outbox([_activity(rng, n) for n in range(posts)])},
    }
    found = {}
    for name, files in exports.items():
        path = folder / f"{name.split()[0].lower()}.zip"
        write_zip(path, files)
        posts_file = next(iter(files.values()))
        json_start = posts_file.index(b"=") + 1 if name.startswith("X") else 0
        found[name] = (path, posts_file[json_start:])
    return found


def cpu_seconds(work: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    work()
    return time.process_time() - start


def peak_bytes(work: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


PROFILE = validate_profile(
    parse_text(
        "client: {name: Bench Bakery, websites: ['https://bench.example/shop']}\n"
        "goals: [{outcome: Orders, metric: orders, target: 10}]\n"
        "platforms: [{name: x, posts_per_week: 5}, {name: mastodon, posts_per_week: 5}]\n"
        "posting_mix: {quotes: 10, reshares: 10, promotional: 10, conversation: 20,"
        " replies: 20, original: 30}\n",
        "bench.yaml",
    )
)
EVERY_POST = dt.date(2000, 1, 1)


def read_posts(path: Path) -> int:
    """What `playbook measure` does with one export, all its posts in the period: read,
    classify and count; the number of posts counted."""
    run = measure_exports(PROFILE, [path], [path.name], since=EVERY_POST)
    return run.measurement.overall.posts


def _spread(seconds: list[float]) -> str:
    """The rounds' fastest and slowest, so a noisy machine shows in the report."""
    return f"rounds {min(seconds) * 1000:.0f}-{max(seconds) * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000, help="posts in each export")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    args = parser.parse_args()
    if args.posts < 1 or args.rounds < 1:
        parser.error("--posts and --rounds must be at least 1")
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-measure-") as tmp:
        exports = generate(Path(tmp), args.posts)
        for name, (path, json_bytes) in exports.items():
            read_posts(path)  # warm up: imports and caches
            ours, bare = [], []
            for _ in range(args.rounds):  # interleaved, so drift hits both alike
                ours.append(cpu_seconds(lambda p=path: read_posts(p)))  # type: ignore[misc]
                bare.append(cpu_seconds(lambda b=json_bytes: json.loads(b)))  # type: ignore[misc]
            count = read_posts(path)
            peak = peak_bytes(lambda p=path: read_posts(p))  # type: ignore[misc]
            ratio = statistics.median(ours) / statistics.median(bare)
            memory = peak / len(json_bytes)
            ok = ratio <= TIME_GOAL and memory <= MEMORY_GOAL
            failed |= not ok
            print(f"{name}: {count:,} posts counted; posts file {len(json_bytes) / 2**20:.1f} MiB")
            print(
                f"  measure        {statistics.median(ours) * 1000:8.0f} ms CPU (median of "
                f"{args.rounds}, zip member inflated too; {_spread(ours)})"
            )
            print(
                f"  json.loads     {statistics.median(bare) * 1000:8.0f} ms CPU ({_spread(bare)})"
            )
            print(f"  time ratio     {ratio:8.2f}   (goal <= {TIME_GOAL:g})")
            print(
                f"  peak memory    {peak / 2**20:8.1f} MiB = {memory:.2f}x the posts file "
                f"(goal <= {MEMORY_GOAL:g})"
            )
            print(f"  {'PASS' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
