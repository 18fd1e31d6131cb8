"""Run one function over many items on every core, results in input order.

Uses `fork`, so workers start with the parent's modules and data already loaded; where
fork is missing, or the work is small, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_task: Callable[[object], object] | None = None


def _run_chunk(items: Sequence[object]) -> list[object]:
    assert _task is not None
    return [_task(item) for item in items]


def _end_with_parent(parent: int) -> None:
    """Run in each worker: exit once the process that started it is gone. A killed parent
    cannot stop its workers, and they would wait for work for ever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """`jobs` forked worker processes that end when this process ends, however it ends."""
    return ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )


def parallel_map(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int | None = None,
    threshold: int = 64,
    chunk_size: int | None = None,
    on_done: Callable[[int], None] | None = None,
    on_lost: Callable[[T], R] | None = None,
) -> list[R]:
    """[func(item) for item in items], split over `jobs` processes when there are many.

    `func` may be a closure: workers are forked after it is set, so it is never pickled;
    its results are, so they must be plain data. `on_done(n)` is called in this process
    as each run of n items finishes (for a progress bar).

    A worker that dies (killed, or out of memory) takes the pool down with it: every item
    whose result had not come back gets `on_lost(item)` instead. Without `on_lost` those
    items run again here, one by one, so the answer is still whole.
    """
    global _task
    done = on_done or (lambda _: None)
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(items) < threshold or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for item in items:
            results.append(func(item))
            done(1)
        return results
    # A few chunks per core evens out uneven items.
    size = chunk_size or -(-len(items) // (jobs * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    _task = func  # type: ignore[assignment]
    try:
        with worker_pool(jobs) as pool:
            futures: list[Future[list[object]] | None] = []
            for chunk in chunks:
                try:
                    futures.append(pool.submit(_run_chunk, chunk))
                except BrokenProcessPool:  # a worker died while the work was handed out
                    futures.append(None)
            started = [f for f in futures if f is not None]
            try:
                for future in as_completed(started):
                    if _finished(future):
                        done(len(future.result()))
            except BaseException:
                # An item's own error (or Ctrl-C): the chunks not started are not started.
                for future in started:
                    future.cancel()
                raise
    finally:
        _task = None
    replace = on_lost or func
    out: list[R] = []
    for chunk, handed in zip(chunks, futures, strict=True):
        if handed is not None and _finished(handed):
            out += handed.result()  # type: ignore[arg-type]
        else:
            out += [replace(item) for item in chunk]
    return out


def _finished(future: Future[list[object]]) -> bool:
    """True if the chunk came back; False if its worker died. The chunk's own errors are
    raised, as a plain loop would raise them."""
    error = future.exception()
    if isinstance(error, BrokenProcessPool):
        return False
    if error is not None:
        raise error
    return True
