"""Many profiles through the pipeline at once, on every core, in input order.

Each worker loads the rulebook once and then runs load -> validate -> evaluate -> render for
its share of the files. Results come back in the order the files were given, so the output
does not depend on how the work was split.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, ProblemsError
from generator.evaluate import evaluate
from generator.render import render_document, render_json, render_pages
from generator.rules import Rulebook
from generator.validate import load_profile

# Below this many profiles a second process costs more than it saves.
PARALLEL_FROM = 64


@dataclass(frozen=True)
class Outcome:
    """One profile's result: its pages, or the problems that stopped it."""

    path: Path
    client_name: str
    pages: dict[str, str]
    problems: tuple[Problem, ...] = ()


def plan_one(path: Path, book: Rulebook, fmt: str, single: bool) -> Outcome:
    """Pages for one profile file: one document when `single`, else one file per page."""
    try:
        plan = evaluate(load_profile(path, str(path)), book)
    except ProblemsError as exc:
        return Outcome(path, "", {}, tuple(exc.problems))
    if fmt == "json":
        pages = {"plan.json": render_json(plan)}
    elif single:
        pages = {"playbook.md": render_document(plan)}
    else:
        pages = render_pages(plan)
    return Outcome(path, plan.profile.client.name, pages)


_worker_book: Rulebook | None = None


def _start_worker(book: Rulebook) -> None:
    global _worker_book
    _worker_book = book


def _run_chunk(paths: list[Path], fmt: str) -> list[Outcome]:
    assert _worker_book is not None
    return [plan_one(path, _worker_book, fmt, single=False) for path in paths]


def plan_files(
    paths: list[Path], book: Rulebook, fmt: str, jobs: int | None = None
) -> list[Outcome]:
    """Plan every file for writing to a folder, in parallel when there are many."""
    jobs = jobs or os.cpu_count() or 1
    if (
        jobs < 2
        or len(paths) < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [plan_one(path, book, fmt, single=False) for path in paths]
    size = -(-len(paths) // (jobs * 4))  # a few chunks per core evens out uneven profiles
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    # fork: workers start with the modules and the compiled rulebook already in memory.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(book,)
    ) as pool:
        results = pool.map(_run_chunk, chunks, [fmt] * len(chunks))
        return [outcome for chunk in results for outcome in chunk]
