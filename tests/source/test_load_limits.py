"""What the loader promises about time and about what it opens.

A long mapping loads in linear time (the duplicate-key check once read every earlier key),
and anything that is not a regular file (a FIFO, a device, a folder) is refused with one
line before it is read: a FIFO used to hang `check`, `plan` and the rules commands waiting
for a writer. The FIFO cases run the real command in its own process with a timeout, so a
regression fails instead of hanging the test run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ProblemsError
from generator.source.files import MAX_BYTES, read_bytes
from generator.source.load import Mapping, parse_text

from ..conftest import EXAMPLES, ROOT

PROFILE = EXAMPLES / "hilltop-bakery.yaml"
RULE = ROOT / "content" / "rules" / "community" / "eighty-twenty.yaml"


def long_mapping(keys: int) -> str:
    """About 10 bytes a key: 19,900 keys are about 200 KB, under the 256 KiB limit."""
    return "".join(f"k{i}: 10\n" for i in range(keys))


def test_a_mapping_of_19900_keys_loads_in_well_under_a_second() -> None:
    text = long_mapping(19_900)
    assert 190_000 < len(text) < MAX_BYTES, len(text)
    start = time.perf_counter()
    node = parse_text(text, "long.yaml")
    seconds = time.perf_counter() - start
    assert isinstance(node, Mapping) and len(node.entries) == 19_900
    # About 0.2 s here; the scan of every earlier key took about 10 s. Generous for CI.
    assert seconds < 2.0, f"{seconds:.2f} s"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("a: 1\na: 2\n", "2:1 first at line 1", id="adjacent"),
        pytest.param(long_mapping(5000) + "k0: 2\n", "5001:1 first at line 1", id="far"),
        pytest.param("a:\n  b: 1\nc:\n  d: 2\n  b: 3\nc: 4\n", "6:1 first at line 3", id="outer"),
        pytest.param(
            "a:\n  b: 1\n  c:\n    x: 1\n  b: 2\n", "5:3 first at line 2", id="after-nested"
        ),
        pytest.param("- {a: 1}\n- {a: 2, a: 3}\n", "2:10 first at line 2", id="in-a-list"),
    ],
)
def test_a_duplicate_key_is_found_in_its_own_mapping(text: str, where: str) -> None:
    with pytest.raises(ProblemsError) as info:
        parse_text(text, "d.yaml")
    found = [
        f"{p.mark.line}:{p.mark.col} {p.message.split('(')[1].rstrip(')')}"
        for p in info.value.problems
    ]
    assert found == [where]


def test_the_same_key_in_different_mappings_is_fine() -> None:
    parse_text("a: {x: 1}\nb: {x: 2}\nc:\n  - x: 1\n  - x: 2\n", "d.yaml")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command; a hang (the old behaviour on a FIFO) fails after 30 s."""
    return subprocess.run(
        [sys.executable, "-m", "playbook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def assert_one_line(result: subprocess.CompletedProcess[str], start: str, phrase: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{start}:1:1: error: "), lines[0]
    assert phrase in lines[0], lines[0]
    assert "Traceback" not in result.stderr


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@needs_fifo
@pytest.mark.parametrize(
    "args",
    [
        ("check", "fifo.yaml"),
        ("plan", "fifo.yaml"),
        ("build", "fifo.yaml", "-o", "sites"),
    ],
)
def test_a_fifo_given_as_a_profile_is_refused(args: tuple[str, ...], tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    assert_one_line(run(*args, cwd=tmp_path), "fifo.yaml", "named pipe (FIFO), not a file")


@needs_fifo
@pytest.mark.parametrize(
    "args",
    [
        ("plan", str(PROFILE), "--rules", "mine"),
        ("rules", "list", "--rules", "mine"),
        ("rules", "check", "--rules", "mine"),
        ("rules", "check", "mine/pipe.yaml"),
        ("rules", "check", "book"),  # a rules folder, with community/ inside
    ],
)
def test_a_fifo_among_rule_files_is_refused(args: tuple[str, ...], tmp_path: Path) -> None:
    for folder in (tmp_path / "mine", tmp_path / "book" / "community"):
        folder.mkdir(parents=True)
        shutil.copy(RULE, folder / "my-eighty-twenty.yaml")
        os.mkfifo(folder / "pipe.yaml")
    result = run(*args, cwd=tmp_path)
    lines = [line for line in result.stderr.splitlines() if "pipe.yaml" in line]
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(
        "pipe.yaml:1:1: error: this is a named pipe (FIFO), not a file "
        "(save the YAML to a file and give that file's path)"
    ), lines[0]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("command", ["check", "plan"])
def test_a_device_given_as_a_profile_is_refused_unread(command: str, tmp_path: Path) -> None:
    result = run(command, "/dev/zero", cwd=tmp_path)
    assert_one_line(result, "/dev/zero", "a device or socket, not a file")


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        pytest.param(lambda p: p.mkdir(), "this is a folder, not a file", id="folder"),
        pytest.param(Path.exists, "cannot read file: No such file", id="missing"),
    ],
)
def test_read_bytes_refuses_what_is_not_a_file(
    make: Callable[[Path], object], phrase: str, tmp_path: Path
) -> None:
    path = tmp_path / "x.yaml"
    make(path)
    with pytest.raises(ProblemsError) as info:
        read_bytes(path, "x.yaml")
    problems = info.value.problems
    assert len(problems) == 1 and phrase in problems[0].message, problems


def test_read_bytes_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (4 * MAX_BYTES))
    assert len(read_bytes(path, "big.yaml")) == MAX_BYTES + 1
