"""Real `playbook plan -o` and `playbook build` runs killed (SIGKILL) at many moments: after
each kill the output is exactly the one before the killed run, or exactly the new one, and
the next run puts things right and succeeds. (test_write.py kills at every single step of
the write itself; timed kills like these land anywhere in a whole run.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.pipeline.write import claimed

from ..conftest import EXAMPLES
from .test_write import tree

pytestmark = pytest.mark.slow


def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """Two of the examples (one site per core), and an edited copy whose output differs in
    bytes and in files: a new site date, and Northside Physio without check-ins."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("tidewater-*"))
    for path in second.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("updated: 2026-11-30", "updated: 2026-02-02", 1))
    shutil.rmtree(second / "northside-physio" / "checkins")
    return first, second


def playbook(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "playbook", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def finished(*args: str) -> None:
    run = playbook(*args)
    _, errors = run.communicate(timeout=300)
    assert run.returncode == 0, errors


def killed_after(seconds: float, *args: str) -> bool:
    """Run playbook, SIGKILL it after `seconds`; False if it finished first (and well)."""
    run = playbook(*args)
    try:
        _, errors = run.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        run.kill()
        run.communicate()
        _wait_until_gone(run.pid)
        return True
    assert run.returncode == 0, errors
    return False


def _wait_until_gone(group: int) -> None:
    """A killed build's worker processes end on their own; give them a moment."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(group, signal.SIGKILL)
    pytest.fail("processes of a killed run outlived it by 20 s")


def kill_across(out: Path, command: str, versions: tuple[Path, Path], kills: int) -> None:
    """Write one version over the other in turn, killed at `kills` moments spread over a run."""
    plan = command == "plan"  # plan's folder may hold other things; a plan run is quick
    finished(command, str(versions[1]), "-o", str(out / "second"))
    expected = {1: tree(out / "second")}
    started = time.monotonic()
    finished(command, str(versions[0]), "-o", str(out / "first"))
    took = time.monotonic() - started
    expected[0] = tree(out / "first")
    target = out / "first"
    now = 0
    for kill in range(kills):
        # From once the imports are done to a little past a typical run's end.
        delay = took * (0.2 + 0.9 * kill / (kills - 1))
        other = 1 - now
        died = killed_after(delay, command, str(versions[other]), "-o", str(target))
        with claimed(target, shared=plan):  # what the next run does first
            pass
        found = tree(target)
        assert found in (expected[now], expected[other]), f"killed after {delay:.2f} s"
        assert died or found == expected[other]
        now = 0 if found == expected[0] else 1
        if plan:  # quick enough to show after every kill that the next run succeeds
            finished(command, str(versions[other]), "-o", str(target))
            assert tree(target) == expected[other]
            now = other
    finished(command, str(versions[1 - now]), "-o", str(target))
    assert tree(target) == expected[1 - now]


def test_plan_killed_at_many_moments_never_costs_the_previous_output(tmp_path: Path) -> None:
    kill_across(tmp_path / "out", "plan", two_versions(tmp_path), kills=12)


def test_build_killed_at_many_moments_never_costs_the_previous_sites(tmp_path: Path) -> None:
    kill_across(tmp_path / "out", "build", two_versions(tmp_path), kills=10)
