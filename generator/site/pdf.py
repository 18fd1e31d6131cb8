"""Print the single-file playbook to PDF with headless Chromium, offline.

Playwright is the `pdf` extra, not a dependency, so it is imported only when a PDF is asked
for; without it (or without Chromium) `PdfUnavailable` says what to install (browsers.py).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .browsers import CHROMIUM_ENV as CHROMIUM_ENV
from .browsers import DEFAULT_CHROMIUM as DEFAULT_CHROMIUM
from .browsers import PdfUnavailable as PdfUnavailable
from .browsers import find_chromium, install_advice

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright, Route

TIMEOUT_ENV = "PLAYBOOK_PDF_TIMEOUT"
DEFAULT_TIMEOUT = 60.0  # seconds for one PDF; a site prints in one or two
MAX_TIMEOUT = 3600.0
# No sandbox (containers lack user namespaces), no GPU, and none of Chromium's own
# background traffic (updates, sync, field trials). The browser tests use the same.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class PdfFailed(Exception):
    """Chromium started, but this PDF could not be printed; the message says why."""


def chromium_path() -> str | None:
    """The Chromium to print with (browsers.find_chromium); None if there is none."""
    return find_chromium()


def missing_chromium(chromium: str) -> PdfUnavailable:
    return PdfUnavailable(
        f"Chromium was not found at {chromium}: {install_advice()}; or leave out --pdf"
    )


def _local(url: str) -> bool:
    """Files and this machine only; a hostname check, so 127.0.0.1.example.com is out."""
    parts = urlsplit(url)
    if parts.scheme in ("file", "data"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1"


def _guard(route: Route) -> None:
    if _local(route.request.url):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def print_timeout() -> float:
    """Seconds one PDF may take: $PLAYBOOK_PDF_TIMEOUT, else 60."""
    given = os.environ.get(TIMEOUT_ENV)
    if given is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(given)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_TIMEOUT:  # also false for nan
        raise PdfUnavailable(
            f"{TIMEOUT_ENV}={given!r} is not a number of seconds from 0 to {MAX_TIMEOUT:g}: "
            f"set it to {DEFAULT_TIMEOUT:g}, say, or unset it"
        )
    return seconds


@contextmanager
def _driver() -> Iterator[tuple[Playwright, frozenset[int]]]:
    """Playwright, and the process ids of the driver it started (where the system lists a
    process's children): the last resort when a browser call never returns."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfUnavailable(
            "Playwright is not installed: pip install 'playbook[pdf]' or leave out --pdf"
        ) from None
    before = _children()
    with sync_playwright() as playwright:
        yield playwright, frozenset(_children() - before)


def _children() -> set[int]:
    """This process's child processes, on systems that list them in /proc (else none)."""
    found: set[int] = set()
    with suppress(OSError):
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            with suppress(OSError, ValueError):
                found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or ["no reason given"])[0]


def _kill(pid: int) -> bool:
    """Kill the browser with every process it started: Playwright gives it a process group
    of its own (killing ours would kill playbook too, so then the browser alone). False when
    the browser had ended already."""
    try:
        group = os.getpgid(pid)
        if group != os.getpgrp():
            os.killpg(group, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


class _Watchdog:
    """Kills the browser if what it guards takes longer than `seconds`: a hung browser
    answers nothing, and a killed one makes every call waiting on it fail at once. Should
    the call still wait `GRACE` seconds later (the driver never heard the browser end), the
    driver is killed too, which fails every call waiting on it: playbook never hangs."""

    GRACE = 5.0

    def __init__(self, pid: int | None, seconds: float, driver: frozenset[int]) -> None:
        self.fired = False
        self.crashed = False  # the browser had ended before its time was up
        self.ended_driver = False
        self._pid = pid
        self._driver = driver
        self._done = threading.Event()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        if self._pid is not None:
            self.crashed = not _kill(self._pid)
            if self._done.wait(self.GRACE):
                return
        self.ended_driver = True
        for pid in self._driver:
            with suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._timer.cancel()


@dataclass
class _Chromium:
    """A running browser, its process id, and the time each step may take."""

    browser: Browser
    pid: int
    seconds: float
    driver: frozenset[int]
    broken: bool = False
    lost_driver: bool = False

    @classmethod
    def start(
        cls, playwright: Playwright, chromium: str, seconds: float, driver: frozenset[int]
    ) -> _Chromium:
        from playwright.sync_api import Error

        try:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=FLAGS, timeout=seconds * 1000
            )
        except Error as exc:
            raise PdfUnavailable(
                f"Chromium at {chromium} did not start: {_first_line(exc)}"
            ) from None
        try:
            # The browser reports its own process id, the one the watchdog kills; asking has
            # no timeout of its own, so the watchdog ends a driver that never answers.
            with _Watchdog(None, seconds, driver):
                session = browser.new_browser_cdp_session()
                info = session.send("SystemInfo.getProcessInfo")
                session.detach()
            pid = next(int(p["id"]) for p in info["processInfo"] if p["type"] == "browser")
        except (Error, StopIteration) as exc:
            with _Watchdog(None, seconds, driver), suppress(Error):
                browser.close()
            raise PdfUnavailable(f"Chromium at {chromium} did not start: {exc}") from None
        return cls(browser, pid, seconds, driver)

    def print(self, html_file: Path, pdf_file: Path) -> str | None:
        """Print one file; None when it worked, else why not (with what to do). After a
        failure, or a print that only just beat the watchdog, `broken` is set."""
        from playwright.sync_api import Error

        watchdog = _Watchdog(self.pid, self.seconds, self.driver)
        try:
            with watchdog:
                _print(self.browser, html_file, pdf_file)
        except Error as exc:
            self.broken = True
            self.lost_driver = watchdog.ended_driver
            if watchdog.fired and not watchdog.crashed:
                return (
                    f"Chromium took over {self.seconds:g} s to print it and was stopped "
                    f"(build again, or allow more time with {TIMEOUT_ENV})"
                )
            return (
                f"Chromium failed while printing it: {_first_line(exc)} "
                "(build again; if it keeps failing, leave out --pdf)"
            )
        except OSError as exc:
            return f"the PDF could not be written: {exc.strerror or exc} (fix that and build again)"
        self.broken = watchdog.fired or not self.browser.is_connected()
        return None

    def stop(self) -> None:
        """Close the browser; one that does not close in time is killed."""
        from playwright.sync_api import Error

        # A browser whose driver is gone is closed already.
        with _Watchdog(self.pid, self.seconds, self.driver), suppress(Error):
            self.browser.close()


def _write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: readers see the old file or the whole new one."""
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with temp.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _print(browser: Browser, html_file: Path, pdf_file: Path) -> None:
    # The playbook needs no script; with none allowed, nothing in it can run either.
    context = browser.new_context(java_script_enabled=False)
    try:
        context.route("**/*", _guard)
        page = context.new_page()
        page.goto(html_file.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        data = page.pdf(
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            tagged=True,  # headings, lists and tables stay readable to screen readers
            outline=True,  # bookmarks from the headings
        )
    finally:
        context.close()
    _write_atomically(pdf_file, data)


def print_many(
    pairs: Sequence[tuple[Path, Path]],
    chromium: str = DEFAULT_CHROMIUM,
    timeout: float | None = None,
) -> dict[Path, str]:
    """Print each (HTML file, PDF file) pair with one browser, started once; returns the
    PDF files that were not printed, each with the reason.

    Each PDF may take `timeout` seconds ($PLAYBOOK_PDF_TIMEOUT, else 60). A browser that
    takes longer is killed, as is one that crashed, and the next PDF starts a new one.
    Raises PdfUnavailable when no browser starts at all.
    """
    if not pairs:
        return {}
    if shutil.which(chromium) is None:
        raise missing_chromium(chromium)
    seconds = print_timeout() if timeout is None else timeout
    # Checked before the browser starts, so a typo costs no launch.
    for html_file, _ in pairs:
        if not html_file.is_file():
            raise FileNotFoundError(f"no HTML file to print at {html_file}")
    failed: dict[Path, str] = {}
    done = 0
    # A driver is replaced only when the watchdog had to end it; each round prints one PDF
    # at least, so this ends.
    while done < len(pairs):
        done = _print_with_one_driver(pairs, done, chromium, seconds, failed)
    return failed


def _print_with_one_driver(
    pairs: Sequence[tuple[Path, Path]],
    start: int,
    chromium: str,
    seconds: float,
    failed: dict[Path, str],
) -> int:
    """Print pairs[start:] with one Playwright driver; the index of the first pair not
    tried, which is less than len(pairs) only when the driver was lost."""
    with _driver() as (playwright, driver):
        running: _Chromium | None = None
        try:
            for index in range(start, len(pairs)):
                html_file, pdf_file = pairs[index]
                if running is None:
                    try:
                        running = _Chromium.start(playwright, chromium, seconds, driver)
                    except PdfUnavailable as exc:
                        if index == 0:
                            raise
                        failed.update((pdf, f"{exc} (build again)") for _, pdf in pairs[index:])
                        return len(pairs)
                reason = running.print(html_file, pdf_file)
                if reason is not None:
                    failed[pdf_file] = reason
                if running.lost_driver:
                    running = None
                    return index + 1
                if running.broken:  # the next PDF gets a browser of its own
                    running.stop()
                    running = None
        finally:
            if running is not None:
                running.stop()
    return len(pairs)


def print_pdf(html_file: Path, pdf_file: Path, chromium: str = DEFAULT_CHROMIUM) -> None:
    """Print a local HTML file to an A4 PDF; no request leaves this machine."""
    failed = print_many([(html_file, pdf_file)], chromium)
    if failed:
        raise PdfFailed(f"{pdf_file}: {failed[pdf_file]}")


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
# Chromium names each tagged element after the page's DOM node, whose numbers vary.
_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def reproducible(pdf_file: Path, stamp: int) -> None:
    """Make a printed PDF the same bytes for the same site: the site's date in place of the
    time of printing, and the tagged elements numbered in order. Every replacement has the
    length of what it replaces, so the file's byte offsets stay right; the numbering keeps
    the order, so the sorted tree of ids stays sorted."""
    when = dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y%m%d%H%M%S").encode()

    def dated(match: re.Match[bytes]) -> bytes:
        old = match[0]
        start = old.index(b"D:") + 2
        return old[:start] + when + old[start + 14 :]

    data = _PDF_DATE.sub(dated, pdf_file.read_bytes())
    order = {old: i for i, old in enumerate(sorted(set(_NODE_ID.findall(data)), key=int), 1)}
    data = _NODE_ID.sub(lambda m: b"(node%08d)" % order[m[1]], data)
    _write_atomically(pdf_file, data)
