"""parallel_map: results in input order, and a pool that breaks while work is handed out."""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

import generator.parallel as parallel


class _BreaksOnSecondSubmit(ThreadPoolExecutor):
    """A pool whose worker 'dies' while the second chunk is handed to it."""

    def __init__(self) -> None:
        super().__init__(1)
        self.calls = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.calls += 1
        if self.calls == 2:
            raise BrokenProcessPool("A child process terminated abruptly")
        return super().submit(fn, *args, **kwargs)


def test_a_pool_broken_while_work_is_handed_out_loses_only_the_unstarted_items(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "worker_pool", lambda _jobs: _BreaksOnSecondSubmit())
    items = list(range(6))
    out = parallel.parallel_map(
        lambda n: n * 10, items, jobs=2, threshold=1, chunk_size=2, on_lost=lambda n: -n
    )
    assert out == [0, 10, -2, -3, 40, 50]


def test_results_come_back_in_input_order() -> None:
    items = list(range(50))
    assert parallel.parallel_map(lambda n: n * n, items, jobs=2, threshold=1) == [
        n * n for n in items
    ]


def _pid_and_double(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails(value: int) -> int:
    raise ValueError(f"no good: {value}")


def _warm() -> None:
    _WARMED.append(os.getpid())


_WARMED: list[int] = []


def test_a_helper_runs_its_call_in_another_process() -> None:
    with parallel.Helper(_warm) as helper:
        pid, doubled = helper.call(_pid_and_double, 21)
    assert doubled == 42
    assert pid != os.getpid()
    assert _WARMED == []  # the warm-up ran in the helper, not here


def test_a_call_that_fails_in_the_helper_fails_here_with_its_own_error() -> None:
    with parallel.Helper(_warm) as helper, pytest.raises(ValueError, match="no good: 3"):
        helper.call(_fails, 3)


def test_a_dead_helper_leaves_the_call_to_this_process() -> None:
    helper = parallel.Helper(_warm)
    assert helper._process is not None
    helper._process.kill()
    helper._process.join()
    pid, doubled = helper.call(_pid_and_double, 5)
    assert (pid, doubled) == (os.getpid(), 10)


def test_a_call_that_cannot_travel_runs_here() -> None:
    with parallel.Helper(_warm) as helper:
        pid, doubled = helper.call(lambda value: (os.getpid(), value * 2), 4)
    assert (pid, doubled) == (os.getpid(), 8)
