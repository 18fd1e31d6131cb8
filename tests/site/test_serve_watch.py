"""`playbook serve` watches the files that make the site and nothing else: a log file or
an output folder beside the profile never sets off a rebuild, an edit to the profile does."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.site.serve import Preview

from ..helpers import free_port, wait_for_text
from .test_build import BAKERY
from .test_serve_faults import serve_env


def test_only_the_files_that_make_the_site_count(tmp_path: Path) -> None:
    profile = tmp_path / "hilltop-bakery.yaml"
    shutil.copy(BAKERY, profile)
    preview = Preview(profile, tmp_path / "site", workspace=tmp_path / "playbook.yml")
    (beside,) = [w for w in preview.watched() if w.folder == tmp_path]
    assert not beside.recursive
    for name in ("hilltop-bakery.yaml", "playbook.yml", "logo.svg"):
        assert beside.counts(str(tmp_path / name)), name
    for name in ("serve.log", "notes.txt", "other-client.yaml", ".hilltop-bakery.yaml.swp"):
        assert not beside.counts(str(tmp_path / name)), name


def rebuilds(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("rebuilt the site of")


def test_a_log_beside_the_profile_does_not_rebuild_the_site_but_an_edit_does(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "hilltop-bakery.yaml"
    shutil.copy(BAKERY, profile)
    (tmp_path / "out").mkdir()
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w") as handle:
        server = subprocess.Popen(
            [sys.executable, "-m", "playbook", "serve", profile.name, "--port", str(port)],
            cwd=tmp_path,
            stdout=handle,
            stderr=handle,
            env=serve_env(tmp_path),
        )
    try:
        wait_for_text(f"http://127.0.0.1:{port}/", "Hilltop Bakery")
        for n in range(10):  # the log and an output folder change; the site does not
            (tmp_path / "out" / f"page-{n}.html").write_text("x")
            with log.open("a") as handle:
                handle.write("a line\n")
            time.sleep(0.3)
        time.sleep(2)
        assert rebuilds(log) == 1, log.read_text()
        profile.write_text(profile.read_text().replace("Hilltop Bakery", "Hilltop Cakes", 1))
        wait_for_text(f"http://127.0.0.1:{port}/", "Hilltop Cakes")
        time.sleep(2)
        assert rebuilds(log) == 2, log.read_text()
    finally:
        server.kill()
        server.wait(timeout=30)


def test_quiet_serve_says_nothing_but_problems(tmp_path: Path) -> None:
    profile = tmp_path / "hilltop-bakery.yaml"
    shutil.copy(BAKERY, profile)
    log = tmp_path / "serve.log"
    port = free_port()
    command = [sys.executable, "-m", "playbook", "serve", profile.name, "--port", str(port), "-q"]
    with log.open("w") as handle:
        server = subprocess.Popen(
            command, cwd=tmp_path, stdout=handle, stderr=handle, env=serve_env(tmp_path)
        )
    try:
        wait_for_text(f"http://127.0.0.1:{port}/", "Hilltop Bakery")
        profile.write_text(profile.read_text().replace("Hilltop Bakery", "Hilltop Cakes", 1))
        wait_for_text(f"http://127.0.0.1:{port}/", "Hilltop Cakes")
        profile.write_text("client: {name: }\n")  # a problem is still said
        deadline = time.monotonic() + 30
        while ": error:" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        said = log.read_text().splitlines()
        assert said and all(": error:" in line for line in said), said
    finally:
        server.kill()
        server.wait(timeout=30)
