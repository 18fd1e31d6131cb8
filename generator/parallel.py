"""Run one function over many items on every core, results in input order.

Uses `fork`, so workers start with the parent's modules and data already loaded; where
fork is missing, or the work is small, everything runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
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


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the objects that exist now out of garbage collection while processes are forked
    (and while they work): a collection in a forked process would otherwise touch every one
    of them and copy the memory they sit in, and this process would walk them again too."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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
        with frozen_heap(), worker_pool(jobs) as pool:
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


def _serve_once(conn: Connection, warm_up: Callable[[], object]) -> None:
    """The helper process: warm up, then run the one call it is sent and send back
    (True, result), or (False, None) when the call fails (this process runs it again)."""
    with suppress(Exception):  # the call shows what is wrong, when the parent runs it
        warm_up()
    try:
        func, item = conn.recv()
    except (EOFError, OSError):
        return  # the parent is gone, or no longer needs the call
    try:
        answer: tuple[bool, object] = (True, func(item))
    except Exception:
        answer = (False, None)
    with suppress(OSError):
        conn.send(answer)


class Helper:
    """A forked process that starts on slow preparation at once (importing a large library)
    and later runs one call, while this process does other work. It has no threads, so this
    process may go on forking its own workers. Where fork is missing, or the helper fails,
    the call runs in this process."""

    def __init__(self, warm_up: Callable[[], object]) -> None:
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        ours, theirs = multiprocessing.Pipe()
        context = multiprocessing.get_context("fork")
        self._process = context.Process(target=_serve_once, args=(theirs, warm_up), daemon=True)
        with frozen_heap():
            self._process.start()
        theirs.close()
        self._conn = ours

    def call(self, func: Callable[[T], R], item: T) -> R:
        """func(item), run in the helper when it can (`func` must be a module-level function,
        `item` and the result plain data); the helper ends either way."""
        conn = self._conn
        try:
            if conn is not None:
                conn.send((func, item))
                done, value = conn.recv()
                if done:
                    return value  # type: ignore[no-any-return]
        except (EOFError, OSError, pickle.PicklingError, AttributeError, TypeError):
            pass  # the helper died, or the call cannot travel: run it here
        finally:
            self.close()
        return func(item)

    def close(self) -> None:
        """End the helper (it exits when its end of the pipe closes) and wait for it."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
