"""`playbook build` when its helpers fail: a Chromium that crashes or hangs while printing,
a build process killed mid-batch, an unreadable SOURCE_DATE_EPOCH. The sites that built are
kept, each failure is one line, the exit status is 1, and nothing is left running."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.site.batch as batch_module
from generator.pipeline.rulebook import load_rulebook
from generator.pipeline.write import MANIFEST
from generator.site.batch import BuildRequest, build_all, failure_lines
from generator.site.build import Built, load_settings
from generator.site.pdf import PdfUnavailable, print_many

from ..browser import CHROMIUM, require_chromium
from ..conftest import EXAMPLES, Run
from .test_build import BAKERY, profile_named

SLUGS = ["hilltop-bakery", "northside-physio", "tidewater-books"]


def fake_chromium(folder: Path, body: str) -> Path:
    """An executable shell script standing in for Chromium; it notes its process id (the
    browser's, once it runs `exec`) in folder/pids."""
    script = folder / "chromium"
    script.write_text(f'#!/bin/sh\necho $$ >> "{folder}/pids"\n{body}\n')
    script.chmod(0o755)
    return script


def failing_chromium(folder: Path, watch: Path, signal_name: str) -> Path:
    """The real Chromium, but the first one started gets SIGKILL (a crash) or SIGSTOP (a
    hang) as soon as the first PDF has landed under `watch`, so the next print fails; a
    Chromium started after that works."""
    return fake_chromium(
        folder,
        f'if mkdir "{folder}/first" 2>/dev/null; then\n'
        "  me=$$\n"
        "  ( i=0\n"
        f"    until find \"{watch}\" -name '*.pdf' | grep -q . || [ $i -gt 1200 ]; do\n"
        "      sleep 0.05; i=$((i+1))\n"
        "    done\n"
        f"    kill -{signal_name} $me ) 3>&- 4>&- >/dev/null 2>&1 &\n"
        "fi\n"
        f'exec {CHROMIUM} "$@"',
    )


def running(pids: list[int]) -> list[int]:
    """The processes still alive (a zombie waiting for its parent has ended)."""
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def left_running(folder: Path) -> list[int]:
    """The fake Chromiums still alive."""
    return running([int(pid) for pid in (folder / "pids").read_text().split()])


@pytest.mark.browser
@pytest.mark.parametrize(
    ("signal_name", "reason"),
    [
        ("KILL", "Chromium failed while printing it: "),
        ("STOP", "Chromium took over 10 s to print it and was stopped "),
    ],
)
def test_a_pdf_chromium_could_not_print_is_one_line_and_every_site_is_kept(
    tmp_path: Path,
    run_playbook: Run,
    monkeypatch: pytest.MonkeyPatch,
    signal_name: str,
    reason: str,
) -> None:
    require_chromium()
    out = tmp_path / "out"
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(failing_chromium(tmp_path, out, signal_name)))
    monkeypatch.setenv("PLAYBOOK_PDF_TIMEOUT", "10")
    started = time.monotonic()
    result = run_playbook("build", str(EXAMPLES), "-o", str(out), "--pdf")
    assert time.monotonic() - started < 100
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for slug in SLUGS:
        assert (out / slug / "index.html").is_file(), slug
    lines = [line for line in result.stderr.splitlines() if ".pdf: error: " in line]
    assert len(lines) == 1, result.stderr
    failed = re.fullmatch(rf"{re.escape(str(out))}/([a-z-]+)\.pdf: error: (.*)", lines[0])
    assert failed is not None and failed[1] in SLUGS, lines
    assert failed[2].startswith(reason) and failed[2].endswith(")"), failed[2]
    printed = sorted(p.stem for p in out.glob("*.pdf"))
    assert printed == [s for s in SLUGS if s != failed[1]]
    for slug in printed:
        assert (out / f"{slug}.pdf").read_bytes().startswith(b"%PDF-")
    listed = (out / MANIFEST).read_text()
    assert f"{failed[1]}.pdf" not in listed and f"{printed[0]}.pdf" in listed
    assert len((tmp_path / "pids").read_text().split()) == 2  # a new Chromium after the failure
    assert left_running(tmp_path) == []


@pytest.mark.browser
def test_a_chromium_that_hangs_while_starting_is_given_up_on(tmp_path: Path) -> None:
    chromium = fake_chromium(tmp_path, "exec sleep 600")
    html = tmp_path / "a.html"
    html.write_text("<!DOCTYPE html><title>a</title>")
    started = time.monotonic()
    with pytest.raises(PdfUnavailable, match=rf"^Chromium at {re.escape(str(chromium))} did not"):
        print_many([(html, tmp_path / "a.pdf")], str(chromium), timeout=3)
    assert time.monotonic() - started < 30
    assert not (tmp_path / "a.pdf").exists()
    assert left_running(tmp_path) == []


def test_a_bad_pdf_timeout_is_explained(
    tmp_path: Path, run_playbook: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_PDF_TIMEOUT", "soon")
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", sys.executable)  # found; never started
    result = run_playbook("build", str(BAKERY), "-o", str(tmp_path / "out"), "--pdf")
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(
        "playbook: error: --pdf: PLAYBOOK_PDF_TIMEOUT='soon' is not a number of seconds"
    )
    assert not (tmp_path / "out").exists()


def profiles(folder: Path, count: int) -> list[Path]:
    return [profile_named(folder, f"Client {i}", f"client-{i}.yaml") for i in range(count)]


def test_a_killed_build_process_loses_only_its_own_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last profile's process kills itself once every other site is back (the parent
    counts them), so exactly that one is lost, whichever process built the others."""
    paths = profiles(tmp_path / "in", 4)
    doomed = paths[-1]
    count = tmp_path / "done"
    count.write_text("0")
    build_one = batch_module.build_one
    parent = os.getpid()

    def dying(path: Path, *args: object, **kwargs: object) -> Built:
        if path == doomed and os.getpid() != parent:
            deadline = time.monotonic() + 120
            while int(count.read_text() or 0) < len(paths) - 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGKILL)
        return build_one(path, *args, **kwargs)  # type: ignore[arg-type]

    def counted(n: int) -> None:
        count.write_text(str(int(count.read_text()) + n))

    monkeypatch.setattr(batch_module, "build_one", dying)
    settings, folder = load_settings()
    request = BuildRequest(load_rulebook(), settings, folder)
    out = tmp_path / "out"
    results = build_all(paths, out, request, jobs=2, on_done=counted)
    assert [item.ok for item in results] == [True, True, True, False]
    assert results[-1].lost and results[-1].path == doomed
    for slug in ("client-0", "client-1", "client-2"):
        assert (out / slug / "index.html").is_file()
        assert f"{slug}/index.html" in (out / MANIFEST).read_text()
    assert not (out / "client-3").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".playbook-staging")] == []
    assert failure_lines(results, out) == [
        "playbook: error: a build process stopped before it finished (killed, or out of "
        f"memory?); not built: {doomed} (build them again)"
    ]


def workers(pid: int) -> list[int]:
    """The processes `pid` forked to build in: its children that run its own command line
    (not, say, a font lister matplotlib starts)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and (stat.parent / "cmdline").read_bytes() == (
                Path(f"/proc/{pid}/cmdline").read_bytes()
            ):
                found.append(int(stat.parent.name))
        except OSError:
            continue
    return found


def wait_for(find: Callable[[], list[int]], seconds: float = 60) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := find():
            return found
        time.sleep(0.01)
    raise AssertionError("nothing appeared")


def test_killing_a_build_process_names_the_profiles_not_built(tmp_path: Path) -> None:
    paths = profiles(tmp_path / "in", 6)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "playbook", "build", *map(str, paths), "-o", str(out)]
    build = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        os.kill(wait_for(lambda: workers(build.pid))[0], signal.SIGKILL)
        _, err = build.communicate(timeout=120)
    finally:
        build.kill()
    assert build.returncode == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "not built: " in line]
    assert len(lines) == 1, err
    assert lines[0].startswith("playbook: error: a build process stopped before it finished")
    named = lines[0].split("not built: ", 1)[1].removesuffix(" (build them again)").split(", ")
    assert named and set(named) <= {str(p) for p in paths}
    for path in paths:
        built = (out / path.stem / "index.html").is_file()
        assert built != (str(path) in named), path


def test_an_unreadable_source_date_epoch_is_one_line(
    tmp_path: Path, run_playbook: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    for given in ("abc", "1" * 5000, "١٢٣"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", given)
        result = run_playbook("build", str(EXAMPLES), "-o", str(out))
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("playbook: error: SOURCE_DATE_EPOCH=")
        assert "is not seconds since 1970 (set it to a whole number" in result.stderr
        assert not out.exists()


def test_a_printer_that_raises_fails_the_pdfs_and_keeps_the_sites(tmp_path: Path) -> None:
    def broken(pairs: list[tuple[Path, Path]]) -> dict[Path, str]:
        pairs[0][1].write_bytes(b"%PDF- half")
        raise RuntimeError("printer on fire")

    settings, folder = load_settings()
    out = tmp_path / "out"
    results = build_all(
        [BAKERY], out, BuildRequest(load_rulebook(), settings, folder), 1, None, broken
    )
    assert results[0].ok and (out / "hilltop-bakery" / "index.html").is_file()
    assert not (out / "hilltop-bakery.pdf").exists()
    assert failure_lines(results, out) == [
        f"{out}/hilltop-bakery.pdf: error: internal error while printing: RuntimeError: "
        "printer on fire (report it)"
    ]


def test_build_processes_end_when_the_build_is_killed(tmp_path: Path) -> None:
    paths = profiles(tmp_path / "in", 6)
    command = [sys.executable, "-m", "playbook", "build", *map(str, paths), "-o", "out"]
    build = subprocess.Popen(command, stderr=subprocess.DEVNULL, cwd=tmp_path)
    try:
        forked = wait_for(lambda: workers(build.pid))
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and running(forked):
        time.sleep(0.1)
    left = running(forked)
    for pid in left:  # not left running for the rest of the test session
        os.kill(pid, signal.SIGKILL)
    assert left == []


@pytest.mark.browser
def test_a_driver_that_stops_answering_is_replaced_and_the_build_ends(
    tmp_path: Path, run_playbook: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Playwright driver (Chromium's parent) is stopped once the first PDF has landed:
    # the next print waits on a driver that never answers, until the watchdog ends it.
    require_chromium()
    out = tmp_path / "out"
    chromium = fake_chromium(
        tmp_path,
        f'if mkdir "{tmp_path}/first" 2>/dev/null; then\n'
        f'  drv=$PPID; echo $drv > "{tmp_path}/driver"\n'
        "  ( i=0\n"
        f"    until find \"{out}\" -name '*.pdf' | grep -q . || [ $i -gt 1200 ]; do\n"
        "      sleep 0.05; i=$((i+1))\n"
        "    done\n"
        "    kill -STOP $drv ) 3>&- 4>&- >/dev/null 2>&1 &\n"
        "fi\n"
        f'exec {CHROMIUM} "$@"',
    )
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(chromium))
    monkeypatch.setenv("PLAYBOOK_PDF_TIMEOUT", "5")
    result = run_playbook("build", str(EXAMPLES), "-o", str(out), "--pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if ".pdf: error: " in line]
    assert len(lines) == 1, result.stderr
    assert "Chromium took over 5 s to print it and was stopped" in lines[0]
    assert len(sorted(out.glob("*.pdf"))) == len(SLUGS) - 1  # a new driver printed the rest
    assert running([int((tmp_path / "driver").read_text())]) == []
    assert left_running(tmp_path) == []
