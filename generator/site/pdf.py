"""Print the single-file playbook to PDF with headless Chromium, offline.

Playwright is a test extra, not a dependency, so it is imported only when a PDF is asked
for; without it (or without Chromium) `PdfUnavailable` says what to install.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "PLAYBOOK_CHROMIUM"
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


class PdfUnavailable(Exception):
    """PDF output cannot work here: no Chromium, or no Playwright to drive it."""


def chromium_path() -> str | None:
    """The Chromium to print with: $PLAYBOOK_CHROMIUM, else /usr/bin/chromium, else the
    `chromium` on PATH; None if there is none."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        # A chosen browser that is missing is an error to report, not a cue to use another.
        return shutil.which(configured)
    if shutil.which(DEFAULT_CHROMIUM):
        return DEFAULT_CHROMIUM
    return shutil.which("chromium")


def missing_chromium(chromium: str) -> PdfUnavailable:
    return PdfUnavailable(
        f"Chromium was not found at {chromium}: install it (apt-get install chromium) "
        "or leave out --pdf"
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


@contextmanager
def _browser(chromium: str) -> Iterator[Browser]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PdfUnavailable(
            "Playwright is not installed: pip install playwright (or playbook[test]) "
            "or leave out --pdf"
        ) from None
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        except Error as exc:
            first = (str(exc).strip().splitlines() or ["no reason given"])[0]
            raise PdfUnavailable(f"Chromium at {chromium} did not start: {first}") from None
        try:
            yield browser
        finally:
            browser.close()


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


def print_many(pairs: Sequence[tuple[Path, Path]], chromium: str = DEFAULT_CHROMIUM) -> None:
    """Print each (HTML file, PDF file) pair with one browser, started once."""
    if not pairs:
        return
    if shutil.which(chromium) is None:
        raise missing_chromium(chromium)
    # Checked before the browser starts, so a typo costs no launch.
    for html_file, _ in pairs:
        if not html_file.is_file():
            raise FileNotFoundError(f"no HTML file to print at {html_file}")
    with _browser(chromium) as browser:
        for html_file, pdf_file in pairs:
            _print(browser, html_file, pdf_file)


def print_pdf(html_file: Path, pdf_file: Path, chromium: str = DEFAULT_CHROMIUM) -> None:
    """Print a local HTML file to an A4 PDF; no request leaves this machine."""
    print_many([(html_file, pdf_file)], chromium)


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
