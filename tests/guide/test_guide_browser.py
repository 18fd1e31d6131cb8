"""The public guide in a real browser: navigation, search, the rules table, example
playbooks, accessibility (axe-core), and no request leaving 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .. import browser
from ..browser import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    Session,
    browser_session,
    guarded_session,
    serve,
    sideways_overflow,
    table_roles,
    wide_tables,
)
from .test_guide import mkdocs

pytestmark = pytest.mark.browser

AUDITED = {
    "home": "",
    "rules-index": "rules/",
    "rule-page": "rules/be-conversational/",
    "community-rule": "rules/reply-within-a-day/",
    "example-plan": "examples/hilltop-bakery/action-plan/",
    "example-checklist": "examples/hilltop-bakery/measurement-checklist/",
    "example-progress": "examples/northside-physio/progress/",
    "platform-page": "platforms/pinterest/",
    "idea-bank-kind": "ideas/conversation/",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser-site")
    result = mkdocs("build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield url


@pytest.fixture
def session() -> Iterator[Session]:
    with guarded_session() as active:
        yield active


def open_page(session: Session, url: str) -> Page:
    return browser.open_page(session, url, "networkidle")


def test_navigate_from_home_to_a_golden_rule(session: Session, base_url: str) -> None:
    page = open_page(session, base_url)
    expect(page.locator("h1")).to_have_text(re.compile("Put the social back"))
    page.locator("nav.md-nav--primary a", has_text="Pull, don't push").first.click()
    expect(page).to_have_url(re.compile(r"/rules/pull-dont-push/$"))
    expect(page.locator("h1")).to_have_text(re.compile("Pull, don't push"))
    expect(page.get_by_text("Golden rule 3")).to_be_visible()


def test_find_a_rule_with_the_site_search(session: Session, base_url: str) -> None:
    page = open_page(session, base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    # Typed key by key, as a reader does: the theme searches on each keystroke.
    search.press_sequentially("stickers", delay=30)  # from rule 1's advice for Instagram
    result = page.locator(".md-search-result__item a", has_text="Be conversational").first
    expect(result).to_be_visible(timeout=15_000)
    result.click()
    expect(page).to_have_url(re.compile(r"/rules/be-conversational/"))


def test_filter_and_sort_the_community_rules(session: Session, base_url: str) -> None:
    page = open_page(session, base_url + "rules/")
    table = page.locator(".pb-rule-table table")
    rows = table.locator("tbody tr")
    total = rows.count()
    assert total >= 4
    status = page.get_by_role("status")
    expect(status).to_have_text(f"Showing {total} of {total} rules.")

    page.get_by_label("Tag").select_option("response")
    expect(status).to_have_text(f"Showing 1 of {total} rules.")
    expect(table.locator("tbody tr:not([hidden])")).to_have_text(re.compile("Reply within a day"))

    page.get_by_label("Tag").select_option("")
    page.get_by_label("Platform").select_option("Instagram")  # rules for every platform stay
    expect(status).to_have_text(f"Showing {total} of {total} rules.")

    page.get_by_label("Word").fill("message")
    expect(status).to_have_text(f"Showing 1 of {total} rules.")
    page.get_by_label("Word").fill("")

    header = table.locator("th").first
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    titles = [t.strip() for t in table.locator("tbody tr td:first-child").all_inner_texts()]
    assert titles == sorted(titles)
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    titles = [t.strip() for t in table.locator("tbody tr td:first-child").all_inner_texts()]
    assert titles == sorted(titles, reverse=True)


def test_an_example_playbook_shows_its_plan_and_checklist(session: Session, base_url: str) -> None:
    page = open_page(session, base_url + "examples/")
    page.get_by_role("link", name="Measurement checklist").first.click()
    expect(page.locator("h1")).to_have_text(re.compile("Measurement checklist for Hilltop Bakery"))
    boxes = page.get_by_role("checkbox")
    assert boxes.count() >= 8
    first = page.get_by_role("checkbox", name="Count enquiries every month")
    expect(first).not_to_be_checked()
    # The theme draws its own box over the (transparent) checkbox, inside the same label:
    # a real mouse click at the checkbox's place lands on that box, as a reader's would.
    first.click(force=True)
    expect(first).to_be_checked()

    page.goto(base_url + "examples/hilltop-bakery/action-plan/")
    expect(page.get_by_role("heading", name="Top priorities")).to_be_visible()
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    expect(page.get_by_role("heading", name="Your week")).to_be_visible()
    expect(page.get_by_text("On Instagram, every four weeks (24 posts)")).to_be_visible()


def test_a_community_rule_is_highlighted_in_the_nav_with_previous_and_next(
    session: Session, base_url: str
) -> None:
    page = open_page(session, base_url + "rules/reply-within-a-day/")
    active = page.locator("nav.md-nav--primary a.md-nav__link--active")
    expect(active).to_have_text(re.compile("Reply within a day"))
    expect(active).to_be_visible()
    previous = page.locator("a.md-footer__link--prev")
    expect(previous).to_be_visible()
    following = page.locator("a.md-footer__link--next")
    title = following.get_attribute("aria-label") or ""
    assert title.startswith("Next: "), title
    following.click()
    expect(page.locator("h1")).to_have_text(re.compile(re.escape(title.removeprefix("Next: "))))
    expect(page.locator("nav.md-nav--primary a.md-nav__link--active")).to_have_text(
        re.compile(re.escape(title.removeprefix("Next: ")))
    )


def rows_of(cells: list[dict[str, float]]) -> list[int]:
    """How many boxes share each line, top to bottom (boxes whose tops are within 2 px)."""
    tops: list[float] = []
    for cell in cells:
        if not any(abs(cell["y"] - top) <= 2 for top in tops):
            tops.append(cell["y"])
    return [sum(1 for cell in cells if abs(cell["y"] - top) <= 2) for top in tops]


@pytest.mark.parametrize(("width", "rows"), [(PHONE, [1, 1, 2, 2]), (DESKTOP, [1, 1, 4])])
def test_the_community_rules_are_cards(base_url: str, width: int, rows: list[int]) -> None:
    with guarded_session(width=width) as session:
        page = open_page(session, base_url + "rules/")
        cards = page.locator(".pb-rule-table tbody tr")
        assert cards.count() >= 4
        for i in range(cards.count()):
            card = cards.nth(i)
            cells: list[dict[str, float]] = card.locator("td").evaluate_all(
                "cells => cells.map(c => { const r = c.getBoundingClientRect();"
                " return {x: r.x, y: r.y, width: r.width, height: r.height}; })"
            )
            # Title, then what it says, each across the card; then the details side by side.
            assert rows_of(cells) == rows, (i, cells)
            frame = card.bounding_box()
            assert frame is not None and frame["x"] >= 0 and frame["x"] + frame["width"] <= width
            # What it says reads in a few full-width lines, not a narrow column.
            assert cells[1]["width"] > 0.8 * frame["width"] - 40, cells[1]
        assert sideways_overflow(page) == 0
        session.screenshot(page, f"guide-rules-cards-{width}")


def test_the_example_plan_shows_the_mix_in_one_table(session: Session, base_url: str) -> None:
    page = open_page(session, base_url + "examples/hilltop-bakery/action-plan/")
    tables = page.evaluate(
        """() => { const start = document.getElementById('posting-mix');
        let count = 0;
        for (let e = start.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling)
          count += e.matches('table') ? 1 : e.querySelectorAll('table').length;
        return count; }"""
    )
    assert tables == 1
    table = page.locator("#posting-mix ~ .md-typeset__scrollwrap table, #posting-mix ~ table").first
    headers = [h.strip() for h in table.locator("th").all_inner_texts()]
    assert headers == ["Kind of post", "Now", "Recommended", "Instagram", "Facebook"], headers
    expect(table.locator("tr", has_text="Own posts")).to_contain_text("1 → 9")


EXAMPLE_PAGES = (
    "examples/hilltop-bakery/action-plan/",
    "examples/northside-physio/action-plan/",
    "examples/northside-physio/progress/",
)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_example_playbooks_tables_fit_and_stay_tables(base_url: str, width: int) -> None:
    """At 390 px the posting mix with a column per platform and the week's routine show a
    card per row rather than scrolling inside their box; they stay tables to screen
    readers."""
    wide: dict[str, list[str]] = {}
    with guarded_session(width=width) as session:
        for path in EXAMPLE_PAGES:
            page = open_page(session, base_url + path)
            wide[path] = wide_tables(page)
            tree, markup = table_roles(page)
            assert tree == markup and markup.tables > 0, (path, tree, markup)
            page.close()
    assert wide == {path: [] for path in EXAMPLE_PAGES}, wide


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(base_url: str, scheme: str, width: int) -> None:
    shots: list[Path] = []
    wide: dict[str, int] = {}
    with browser_session(scheme, width) as session:
        found: dict[str, list[str]] = {}
        for name, path in AUDITED.items():
            page = open_page(session, base_url + path)
            found[name] = session.serious_violations(page)
            wide[name] = sideways_overflow(page)
            shots.append(session.screenshot(page, f"guide-{name}-{width}-{scheme}"))
            page.close()
        assert session.outside == [], f"requests left 127.0.0.1: {session.outside}"
    print(f"\nscreenshots of the guide ({width} px, {scheme}): {SCREENSHOTS}")
    assert all(shot.is_file() for shot in shots)
    assert wide == dict.fromkeys(AUDITED, 0), wide
    assert found == {name: [] for name in AUDITED}, found
