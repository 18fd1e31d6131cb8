"""Printing the single-file playbook to PDF: A4 pages, the checklist on a page of its own,
no request leaving the machine, no half-written file, and clear words when it cannot work."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import cast

import pytest
from playwright.sync_api import BrowserType, Page, Route

import generator.site.pdf as pdf_module
from generator.engine.evaluate import evaluate
from generator.render.html import render_html
from generator.site.browsers import install_advice
from generator.site.pdf import PdfUnavailable, chromium_path, print_many, print_pdf
from generator.source.validate import load_profile

from .. import helpers
from ..browser import CHROMIUM, require_chromium
from ..conftest import EXAMPLES

A4_HEIGHT = 841.89  # points
# An outline entry: a heading's title and the page object and height it points at.
OUTLINE = re.compile(rb"/Title \((.*?)\)\n/Dest \[(\d+) 0 R /XYZ [\d.]+ ([\d.]+) 0\]", re.S)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def outline(pdf: bytes) -> dict[str, tuple[int, float]]:
    """Bookmark title -> (page object number, height on the page); ASCII titles only."""
    return {
        title.decode("latin-1"): (int(page), float(y)) for title, page, y in OUTLINE.findall(pdf)
    }


def write_html(folder: Path, stem: str = "hilltop-bakery") -> Path:
    html = folder / f"{stem}.html"
    html.write_text(
        render_html(evaluate(load_profile(EXAMPLES / f"{stem}.yaml"), helpers.rulebook()))
    )
    return html


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    require_chromium()
    folder = tmp_path_factory.mktemp("pdf")
    pdf = folder / "hilltop-bakery.pdf"
    print_pdf(write_html(folder), pdf, CHROMIUM)
    assert sorted(p.name for p in folder.iterdir()) == ["hilltop-bakery.html", pdf.name]
    return pdf.read_bytes()


@pytest.mark.browser
def test_a_pdf_with_the_plan_and_the_checklist(printed: bytes) -> None:
    assert printed.startswith(b"%PDF-")
    assert printed.rstrip().endswith(b"%%EOF")
    assert pages(printed) >= 2
    assert b"/Title (Social media playbook for Hilltop Bakery)" in printed


PLAN_HEADINGS = {
    "Action plan for Hilltop Bakery",
    "Top priorities",
    "Posting mix",
    "Why these actions",
    "Give a third of your posts to talking with people",
    "How rules that disagree were settled",  # the plan's last heading
}


@pytest.mark.browser
def test_the_checklist_starts_a_new_page(printed: bytes) -> None:
    marks = outline(printed)
    plan_page, _ = marks["Action plan for Hilltop Bakery"]
    checklist_page, top = marks["Measurement checklist for Hilltop Bakery"]
    plan_pages = {page for title, (page, _) in marks.items() if title in PLAN_HEADINGS}
    assert plan_page in plan_pages and checklist_page not in plan_pages
    # Within the top margin's reach of the page's top edge: the first thing on its page.
    assert top > A4_HEIGHT - 70, top


def test_missing_chromium_is_explained(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    with pytest.raises(PdfUnavailable) as caught:
        print_pdf(tmp_path / "a.html", tmp_path / "a.pdf", str(missing))
    assert str(caught.value) == (
        f"Chromium was not found at {missing}: {install_advice()}; or leave out --pdf"
    )
    assert list(tmp_path.iterdir()) == []


def test_missing_playwright_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import now fails
    html = tmp_path / "a.html"
    html.write_text("<!DOCTYPE html><title>a</title>")
    # Any executable passes the Chromium check; the import is what fails.
    with pytest.raises(PdfUnavailable, match=r"^Playwright is not installed: .*--pdf$"):
        print_pdf(html, tmp_path / "a.pdf", sys.executable)
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_chromium_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", sys.executable)
    assert chromium_path() == sys.executable
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(tmp_path / "gone"))
    assert chromium_path() is None  # a chosen browser that is missing is not swapped
    monkeypatch.delenv("PLAYBOOK_CHROMIUM")
    if Path(CHROMIUM).is_file():
        assert chromium_path() == CHROMIUM


def test_only_local_requests_are_let_through() -> None:
    local = pdf_module._local
    assert local("file:///tmp/a.html")
    assert local("http://127.0.0.1:8000/a.css")
    assert not local("https://fonts.example.com/a.woff2")
    assert not local("http://127.0.0.1.example.com/a.css")
    assert not local("http://localhost/a.css")


@pytest.mark.browser
def test_a_failed_print_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_chromium()
    html = write_html(tmp_path)
    pdf = tmp_path / "out.pdf"

    def broken(_self: Page, **_options: object) -> bytes:
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(Page, "pdf", broken)
    with pytest.raises(RuntimeError, match="printer on fire"):
        print_pdf(html, pdf, CHROMIUM)
    assert sorted(p.name for p in tmp_path.iterdir()) == [html.name]


def test_a_failed_write_keeps_the_old_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(b"%PDF- the old one")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        pdf_module._write_atomically(pdf, b"%PDF- the new one")
    assert pdf.read_bytes() == b"%PDF- the old one"
    assert [p.name for p in tmp_path.iterdir()] == [pdf.name]


@pytest.mark.browser
def test_many_pdfs_from_one_browser_and_no_outside_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_chromium()
    launches: list[object] = []
    launch = BrowserType.launch

    def counted(self: BrowserType, **kwargs: object) -> object:
        launches.append(kwargs)
        return launch(self, **kwargs)  # type: ignore[arg-type]

    decisions: dict[str, str] = {}
    guard = pdf_module._guard

    class Recorder:
        """A route that notes what the guard decided before passing the decision on."""

        def __init__(self, route: Route) -> None:
            self.route, self.request = route, route.request

        def continue_(self) -> None:
            decisions[self.request.url] = "continue"
            self.route.continue_()

        def abort(self, error_code: str | None = None) -> None:
            decisions[self.request.url] = "abort"
            self.route.abort(error_code)

    def spy(route: Route) -> None:
        guard(cast(Route, Recorder(route)))

    monkeypatch.setattr(BrowserType, "launch", counted)
    monkeypatch.setattr(pdf_module, "_guard", spy)
    outside = tmp_path / "outside.html"
    outside.write_text(
        '<!DOCTYPE html><html lang="en"><title>a</title>'
        '<link rel="stylesheet" href="https://cdn.example.com/a.css"><p>Hello</p></html>'
    )
    pairs = [
        (write_html(tmp_path, "northside-physio"), tmp_path / "northside-physio.pdf"),
        (outside, tmp_path / "outside.pdf"),
    ]
    print_many(pairs, CHROMIUM)
    assert len(launches) == 1
    assert pages(pairs[0][1].read_bytes()) >= 2
    assert (tmp_path / "outside.pdf").read_bytes().startswith(b"%PDF-")
    # The stylesheet was asked for, and refused: the page printed without it.
    assert decisions["https://cdn.example.com/a.css"] == "abort"
    assert decisions[outside.as_uri()] == "continue"
