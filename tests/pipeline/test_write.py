"""Writing output safely: nothing outside the output folder, nothing deleted that playbook
did not write, one run at a time, and a run killed at any step never costs the output it
was replacing. Kills here are real (SIGKILL in a forked child) at every file-system step."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import write
from generator.pipeline.write import (
    MANIFEST,
    UnsafeOutput,
    WriteError,
    check_output_folder,
    claimed,
    install,
    write_clients,
    write_tree,
)

from ..conftest import EXAMPLES, Run
from ..helpers import linked_folder

BAKERY = EXAMPLES / "hilltop-bakery.yaml"
BUSY = "another playbook command is writing here"
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked child")


def tree(folder: Path) -> dict[str, bytes | str]:
    """Everything under folder: file bytes, link targets, and empty folders."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_file():
            found[name] = path.read_bytes()
        elif not any(path.iterdir()):
            found[name] = "empty folder"
    return found


# --- 1. `guide` never deletes a `site` it did not make -----------------------------------


@pytest.mark.parametrize("kind", ["file", "link", "folder"])
def test_a_site_entry_beside_the_guide_copy_is_never_deleted(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "guide"
    write_tree(out, {"docs/index.md": b"one", "mkdocs.yml": b"a"}, keep=("site",))
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not playbook's")
    if kind == "file":
        (out / "site").write_text("the coach's own file")
    elif kind == "link":
        (out / "site").symlink_to(elsewhere)
    else:
        (out / "site").mkdir()
        (out / "site" / "index.html").write_text("built from the copy")
    before = tree(out / "site") if kind == "folder" else None
    write_tree(out, {"docs/index.md": b"two", "mkdocs.yml": b"b"}, keep=("site",))
    assert (out / "docs" / "index.md").read_bytes() == b"two"
    if kind == "file":
        assert (out / "site").read_text() == "the coach's own file"
    elif kind == "link":
        assert (out / "site").is_symlink() and (out / "site").readlink() == elsewhere
    else:
        assert tree(out / "site") == before
    assert elsewhere.read_text() == "not playbook's"


def test_playbook_guide_leaves_a_link_named_site_alone(tmp_path: Path, run_playbook: Run) -> None:
    out = tmp_path / "guide"
    kept = linked_folder(out / "site", tmp_path / "published")
    result = run_playbook("guide", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "site").is_symlink() and kept.read_text() == "keep"
    assert "site" not in (out / MANIFEST).read_text().split()


# --- 2. one run at a time, `plan -o` included --------------------------------------------


def test_plan_is_refused_while_another_run_writes_to_the_folder(
    tmp_path: Path, run_playbook: Run
) -> None:
    out = tmp_path / "out"
    assert run_playbook("plan", str(BAKERY), "-o", str(out)).returncode == 0
    before = tree(out)
    with claimed(out):
        result = run_playbook("plan", str(EXAMPLES), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"playbook: error: {out}: {BUSY}; run again when it is done"
    ]
    assert tree(out) == before


def test_plans_run_at_once_into_one_folder_never_lose_a_client(
    tmp_path: Path, run_playbook: Run
) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    for n in range(5):
        text = BAKERY.read_text().replace("name: Hilltop Bakery", f"name: Client {n}", 1)
        (clients / f"c{n}.yaml").write_text(text)
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "playbook", "plan", str(path), "-o", str(out)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in sorted(clients.iterdir())
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    for run, error in zip(runs, errors, strict=True):
        assert run.returncode == 0 or BUSY in error, error
    listed = {line.split("/")[0] for line in write.listed_files(out)}
    assert listed == {p.name for p in out.iterdir() if p.name != MANIFEST}
    again = run_playbook("plan", str(clients), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert len(write.listed_files(out)) == 10


# --- 3. a kill at every step of a write: the previous output survives --------------------


def _die_before_step(n: int) -> None:
    """Make this (forked) process SIGKILL itself just before its n-th file-system change."""
    import io

    count = 0

    def arm(module: Any, name: str, changes: Callable[..., bool]) -> None:
        real = getattr(module, name)

        def step(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            if changes(*args, **kwargs):
                count += 1
                if count == n:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(module, name, step)

    for name in ("rename", "replace", "unlink", "rmdir", "mkdir"):
        arm(os, name, lambda *_, **__: True)
    creates = os.O_CREAT | os.O_WRONLY | os.O_RDWR
    arm(os, "open", lambda _path, flags, *_, **__: bool(flags & creates))
    arm(io, "open", lambda _path, mode="r", *_, **__: any(c in mode for c in "wxa+"))


def killed_before_step(n: int, action: Callable[[], object]) -> bool:
    """Run action in a forked child that dies before its n-th step; True if it died."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            _die_before_step(n)
            action()
        except BaseException:
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, f"the write before step {n} failed on its own"
    return False


def survives_every_kill(
    out: Path, old: Callable[[], object], new: Callable[[], object], recover: Callable[[], object]
) -> int:
    """Kill `new` before each of its steps in turn, over the output `old` wrote; after each
    kill the next run's recovery must leave exactly the old output or exactly the new one,
    and the next run must succeed. Returns how many steps were tried."""
    parent = out.parent
    old(), new()
    wanted = tree(out)
    step = 0
    while True:
        step += 1
        shutil.rmtree(out, ignore_errors=True)
        old()
        before = tree(out)
        died = killed_before_step(step, new)
        recover()
        assert sorted(p.name for p in parent.iterdir()) == [out.name], step
        assert tree(out) in (before, wanted), f"killed before step {step}"
        new()
        assert tree(out) == wanted, f"the run after a kill before step {step}"
        if not died:
            return step


@needs_fork
def test_a_plan_killed_at_any_step_keeps_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "parent" / "out"

    def old() -> None:
        write_clients(
            out,
            {
                "alpha": {"action-plan.md": "a1", "progress.md": "p1"},
                "beta": {"action-plan.md": "b1"},
            },
        )
        (out / "coach-notes").mkdir(exist_ok=True)
        (out / "coach-notes" / "keep.txt").write_text("the coach's own")

    def new() -> None:
        write_clients(
            out,
            {
                "alpha": {"action-plan.md": "a2", "measurement-checklist.md": "m2"},
                "gamma": {"action-plan.md": "g2"},
            },
        )

    def recover() -> None:
        with claimed(out, shared=True):
            pass

    assert survives_every_kill(out, old, new, recover) > 10


def _site_build(out: Path, sites: dict[str, dict[str, bytes]], pdfs: bool) -> None:
    """What `playbook build` does with the sites it built (see site/batch.py)."""
    with claimed(out) as staging:
        for slug, files in sites.items():
            for name, data in files.items():
                (staging / slug / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / slug / name).write_bytes(data)
            if pdfs:
                (staging / f"{slug}.pdf").write_bytes(b"%PDF " + slug.encode())
        printed = [f"{slug}.pdf" for slug in sites]
        if pdfs:
            install(out, staging, sorted([*sites, *printed]))
        else:
            install(out, staging, sorted(sites), drop=printed)


@needs_fork
def test_a_build_killed_at_any_step_keeps_the_previous_sites(tmp_path: Path) -> None:
    out = tmp_path / "parent" / "out"
    before = {
        "alpha": {"index.html": b"a1", "plan/index.html": b"p1", "assets/x.css": b"x"},
        "beta": {"index.html": b"b1"},
    }
    after = {
        "alpha": {"index.html": b"a2", "checklist/index.html": b"c2"},
        "gamma": {"index.html": b"g2", "assets/x.css": b"x"},
    }

    def recover() -> None:
        with claimed(out):
            pass

    steps = survives_every_kill(
        out, lambda: _site_build(out, before, True), lambda: _site_build(out, after, False), recover
    )
    assert steps > 10


@needs_fork
def test_a_guide_killed_at_any_step_keeps_the_previous_copy(tmp_path: Path) -> None:
    out = tmp_path / "parent" / "out"

    def old() -> None:
        files = {"docs/index.md": b"1", "docs/old.md": b"o", "extra/gone.md": b"g"}
        write_tree(out, {**files, "mkdocs.yml": b"m1"}, keep=("site",))
        (out / "site").mkdir(exist_ok=True)
        (out / "site" / "index.html").write_text("built from the copy")

    def new() -> None:
        files = {"docs/index.md": b"2", "docs/new.md": b"n", "overrides/main.html": b"h"}
        write_tree(out, {**files, "mkdocs.yml": b"m2"}, keep=("site",))

    def recover() -> None:
        with claimed(out, keep=("site",)):
            pass

    assert survives_every_kill(out, old, new, recover) > 10


KILLED_MID_BUILD = """
import os, signal, sys, time
from pathlib import Path
from generator.parallel import parallel_map
from generator.pipeline.write import claimed

def work(item: int) -> int:
    if item == 0:
        os.kill(os.getppid(), signal.SIGKILL)  # the run is killed while its workers work
    time.sleep(120)
    return item

with claimed(Path(sys.argv[1])):
    parallel_map(work, [0, 1], jobs=2, threshold=2, chunk_size=1)
"""


@needs_fork
def test_the_workers_of_a_killed_run_end_with_it_and_free_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_BUILD, str(out)],
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    assert run.wait(timeout=60) == -signal.SIGKILL
    deadline = time.monotonic() + 10
    try:
        while time.monotonic() < deadline:
            os.killpg(run.pid, 0)  # raises once every process of the run has ended
            time.sleep(0.05)
        pytest.fail("a worker outlived the killed run by 10 s")
    except ProcessLookupError:
        pass
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
    with claimed(out):  # the next run gets the folder
        pass


def test_a_marked_staging_folder_left_empty_or_unmarked_and_empty_is_cleared(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_clients(out, {"alpha": {"a.md": "a"}})
    (out / ".playbook-staging-emptied").mkdir()  # killed between mkdtemp and its mark
    foreign = out / ".playbook-staging-someone-elses"
    foreign.mkdir()
    (foreign / "x.txt").write_text("x")
    with pytest.raises(WriteError, match="holds files playbook did not write"), claimed(out):
        pass
    assert not (out / ".playbook-staging-emptied").exists()
    assert (foreign / "x.txt").read_text() == "x"


# --- 4 and 5. never the file system root, the home folder or the current folder ---------


@pytest.mark.parametrize("where", ["root", "home", "cwd", "above cwd"])
def test_an_output_folder_that_holds_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    home = tmp_path / "home"
    cwd = home / "work" / "here"
    cwd.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    out = {"root": Path("/"), "home": home, "cwd": Path(), "above cwd": Path("..")}[where]
    with pytest.raises(UnsafeOutput) as refused:
        check_output_folder(out)
    assert str(refused.value).startswith(f"{out}: ") and "\n" not in str(refused.value)
    with pytest.raises(UnsafeOutput), claimed(out):
        pass
    check_output_folder(Path("out"))
    check_output_folder(home / "elsewhere")


@pytest.mark.parametrize(
    ("command", "out"),
    [
        (("plan", str(BAKERY), "-o"), "."),
        (("build", str(BAKERY), "-o"), ".."),
        (("guide", "--out"), "HOME"),
    ],
)
def test_plan_build_and_guide_refuse_such_a_folder_with_one_line(
    tmp_path: Path, command: tuple[str, ...], out: str
) -> None:
    home = tmp_path / "home"
    cwd = home / "here"
    cwd.mkdir(parents=True)
    target = str(home) if out == "HOME" else out
    result = subprocess.run(
        [sys.executable, "-m", "playbook", *command, target],
        cwd=cwd,
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if "rror" in line]
    assert len(errors) == 1 and "choose a folder of its own" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert tree(home) == {"here": "empty folder"}


def test_guide_run_inside_its_own_output_says_so_in_one_line(
    tmp_path: Path, run_playbook: Run
) -> None:
    out = tmp_path / "guide"
    assert run_playbook("guide", "--out", str(out)).returncode == 0
    before = tree(out)
    result = run_playbook("guide", "--out", ".", cwd=out)
    assert result.returncode == 2, result.stderr
    assert "is the current folder; choose a folder of its own" in result.stderr
    assert tree(out) == before


# --- portable: the write layer needs no POSIX-only module -------------------------------


def test_the_write_layer_loads_without_fcntl() -> None:
    script = (
        "import sys; sys.modules['fcntl'] = None\n"  # as on Windows
        "import generator.pipeline.write, generator.site.batch, generator.cli\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_lock_works_without_fcntl_or_msvcrt(tmp_path: Path) -> None:
    """filelock, not a module of one system, holds the folder: with neither POSIX's nor
    Windows' locking module a second run is refused, and the lock leaves no file behind."""
    script = (
        "import sys; sys.modules['fcntl'] = None; sys.modules['msvcrt'] = None\n"
        "from pathlib import Path\n"
        "from generator.pipeline.write import WriteError, claimed, write_clients\n"
        f"out = Path({str(tmp_path / 'out')!r})\n"
        "write_clients(out, {'alpha': {'a.md': 'a'}})\n"
        "with claimed(out):\n"
        "    try:\n"
        "        with claimed(out):\n"
        "            raise SystemExit('a second run got the folder')\n"
        "    except WriteError as exc:\n"
        "        print(exc)\n"
        "write_clients(out, {'alpha': {'a.md': 'b'}})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "another playbook command is writing here" in result.stdout
    out = tmp_path / "out"
    assert (out / "alpha" / "a.md").read_text() == "b"
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "alpha"]
