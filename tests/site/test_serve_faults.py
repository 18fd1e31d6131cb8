"""`playbook serve` when things go wrong around it: requests MkDocs' server would fail on,
SIGTERM and SIGHUP, an unreadable SOURCE_DATE_EPOCH. Each gives a clean answer or one line,
never a traceback, and the temporary site is always removed."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ..helpers import free_port, wait_for_text
from .test_build import BAKERY


def status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def listening_addresses(port: int) -> set[str]:
    """The IPv4 and IPv6 addresses something listens on at `port`, from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def serve_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(temp), **extra}


def left_behind(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith("playbook"))


@contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`playbook serve` of the bakery, once its site is up; killed if still running after."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "playbook", "serve", str(BAKERY), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=serve_env(tmp_path),
    )
    try:
        wait_for_text(f"http://127.0.0.1:{port}/", "Hilltop Bakery")
        yield server, port
    finally:
        server.kill()
        server.communicate()


def stopped(server: subprocess.Popen[str], how: signal.Signals) -> str:
    server.send_signal(how)
    _, err = server.communicate(timeout=60)
    assert "Traceback" not in err and "Internal Server Error" not in err, err
    return err


def test_serve_answers_requests_it_cannot_serve_with_400_not_a_traceback(
    tmp_path: Path,
) -> None:
    with serving(tmp_path) as (server, port):
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else
        assert status(port, "/index.html%00") == 400
        assert status(port, "/%00/index.html") == 400
        assert status(port, "/livereload/" + "9" * 5000 + "/1") == 400
        assert status(port, "/livereload/1/" + "9" * 5000) == 400
        assert status(port, "/livereload/x/1") == 400
        assert status(port, "/no-such-page.html") == 404
        assert status(port, "/index.html") == 200
        stopped(server, signal.SIGINT)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP])
def test_serve_removes_its_temporary_site_on_sigterm_and_sighup(
    tmp_path: Path, how: signal.Signals
) -> None:
    with serving(tmp_path) as (server, _):
        assert left_behind(tmp_path) != []  # the site being served
        err = stopped(server, how)
    assert left_behind(tmp_path) == []
    assert err.rstrip().endswith("playbook: stopped")
    assert server.returncode == 0


def test_serve_with_an_unreadable_source_date_epoch_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "playbook", "serve", str(BAKERY), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
        env=serve_env(tmp_path, SOURCE_DATE_EPOCH="abc"),
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "playbook: error: SOURCE_DATE_EPOCH='abc' is not seconds since 1970 "
        "(set it to a whole number of seconds, such as 1767225600, or unset it)\n"
    )
    assert left_behind(tmp_path) == []
