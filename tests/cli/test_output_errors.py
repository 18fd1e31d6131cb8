"""Output that cannot be written: a full disk is one line on stderr and exit 1; a reader that
went away (`playbook plan ... | head`) ends the command quietly. Never a traceback.

These run the real command in its own process: what matters is what the process does with
its own stdout and stderr, /dev/full standing in for a full disk.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import EXAMPLES

PROFILE = str(EXAMPLES / "hilltop-bakery.yaml")
FULL = Path("/dev/full")
FULL_LINE = "playbook: error: cannot write the output: No space left on device\n"
# Commands that print their result on stdout.
PRINTING = [
    ("plan", PROFILE),
    ("plan", PROFILE, "--format", "json"),
    ("plan", PROFILE, "--format", "html"),
    ("schema",),
    ("schema", "rule"),
    ("rules", "list"),
    ("--help",),
]

needs_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")


def run(args: tuple[str, ...], **streams: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "playbook", *args],
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
        **streams,
    )


@needs_full
@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(args: tuple[str, ...]) -> None:
    with FULL.open("w") as full:
        result = run(args, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1, result.stderr
    assert result.stderr == FULL_LINE


@needs_full
@pytest.mark.parametrize("args", [("check", PROFILE), ("plan", "missing.yaml")], ids=" ".join)
def test_a_full_disk_on_stderr_is_exit_1(args: tuple[str, ...]) -> None:
    """`check` reports on stderr (and `plan` a wrong path): when that cannot be written, it
    fails rather than pass in silence; nothing can say why, and stdout stays clean."""
    with FULL.open("w") as full:
        result = run(args, stdout=subprocess.PIPE, stderr=full)
    assert result.returncode == 1
    assert result.stdout == ""


@pytest.mark.parametrize("args", PRINTING[:4], ids=" ".join)
def test_a_reader_that_went_away_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line, as with `| head -0`
    try:
        result = run(args, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert result.stderr == ""
