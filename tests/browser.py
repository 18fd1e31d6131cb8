"""A real browser for the tests: Debian's Chromium driven by Playwright, pages served on
127.0.0.1, every request to another host refused and recorded, and axe-core at hand."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from generator.site.pdf import DEFAULT_CHROMIUM, FLAGS

CHROMIUM = DEFAULT_CHROMIUM
SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


# Set by conftest before each test: whether it carries @pytest.mark.browser, so that
# `pytest -m "not browser"` really leaves out every test that starts Chromium.
MARKED = False


def require_chromium() -> None:
    """Fail in CI, where .ci/run installs Chromium; skip only on a developer's machine."""
    assert MARKED, "a test that drives Chromium must carry @pytest.mark.browser"
    if shutil.which(CHROMIUM) is None:
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        del format, args


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Session:
    """One browser context; `outside` collects every request that tried to leave 127.0.0.1."""

    browser: Browser
    context: BrowserContext
    outside: list[str] = field(default_factory=list)

    def page(self) -> Page:
        return self.context.new_page()

    def serious_violations(self, page: Page) -> list[str]:
        """axe-core's serious and critical findings on the page, one line each."""
        results = Axe().run(page)
        return [
            f"{v['id']} ({v['impact']}): {node['target']}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
            for node in v["nodes"]
        ]

    def screenshot(self, page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


PHONE, DESKTOP = 390, 1280  # viewport widths, in CSS pixels


@contextmanager
def browser_session(color_scheme: str = "light", width: int = DESKTOP) -> Iterator[Session]:
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=color_scheme,  # type: ignore[arg-type]
        )
        session = Session(browser, context)

        def guard(route: Route) -> None:
            url = route.request.url
            if url.startswith("http://127.0.0.1") or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                session.outside.append(url)
                route.abort()

        context.route("**/*", guard)
        try:
            yield session
        finally:
            context.close()
            browser.close()


@contextmanager
def guarded_session(color_scheme: str = "light", width: int = DESKTOP) -> Iterator[Session]:
    """A browser session that fails the test if any page asked another host for anything."""
    with browser_session(color_scheme, width) as active:
        yield active
        assert active.outside == [], f"requests left 127.0.0.1: {active.outside}"


def open_page(session: Session, url: str, until: str = "load") -> Page:
    """A new page at `url`, once it has loaded (or reached `until`)."""
    page = session.page()
    page.goto(url)
    page.wait_for_load_state(until)  # type: ignore[arg-type]
    return page


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no sideways scrolling)."""
    overflow: int = page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    return overflow


def chart_text_px(page: Page) -> list[float]:
    """The size at which each text of the page's charts is drawn, in CSS pixels: its font size
    times the scale of the SVG (the chart is drawn in its own units, then fitted to the page)."""
    sizes: list[float] = page.evaluate(
        """() => [...document.querySelectorAll('figure.pb-chart svg text')]
        .filter(t => t.textContent.trim())
        .map(t => { const m = t.getScreenCTM();
                    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })"""
    )
    return sizes


def wide_tables(page: Page) -> list[str]:
    """Each table of the page's content that is wider than its box, so that it would scroll
    sideways inside it: its first column's name and by how many CSS pixels."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('article table')].map(t => {
            const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
            const over = Math.max(Math.ceil(t.getBoundingClientRect().width) - box.clientWidth,
                                  box.scrollWidth - box.clientWidth);
            const first = t.querySelector('th');
            return [first ? first.textContent.trim() : 'a table', over];
          }).filter(([, over]) => over > 1).map(([name, over]) => `${name}: ${over} px too wide`)"""
    )
    return found


@dataclass(frozen=True)
class TableRoles:
    """What the page's tables are to a screen reader, from Chromium's accessibility tree:
    tables, column headers and cells (whatever their CSS display), against the markup's."""

    tables: int
    headers: int
    cells: int


def table_roles(page: Page) -> tuple[TableRoles, TableRoles]:
    """(what the accessibility tree holds, what the markup holds) for the page's content."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    roles = [node.get("role", {}).get("value") for node in nodes if not node.get("ignored")]
    tree = TableRoles(roles.count("table"), roles.count("columnheader"), roles.count("cell"))
    markup = TableRoles(
        *page.evaluate(
            """() => ['table', 'thead th', 'tbody td'].map(
                s => document.querySelectorAll(s).length)"""
        )
    )
    return tree, markup
