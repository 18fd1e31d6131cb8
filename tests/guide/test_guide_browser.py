"""The public guide in a real browser: navigation, search, the rules table, example
playbooks, accessibility (axe-core), and no request leaving 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .. import browser
from ..browser import SCREENSHOTS, Session, browser_session, guarded_session, serve
from .test_guide import mkdocs

pytestmark = pytest.mark.browser

AUDITED = {
    "home": "",
    "rules-index": "rules/",
    "rule-page": "rules/be-conversational/",
    "example-plan": "examples/hilltop-bakery/action-plan/",
    "example-checklist": "examples/hilltop-bakery/measurement-checklist/",
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(base_url: str, scheme: str) -> None:
    shots: list[Path] = []
    with browser_session(scheme) as session:
        found: dict[str, list[str]] = {}
        for name, path in AUDITED.items():
            page = open_page(session, base_url + path)
            found[name] = session.serious_violations(page)
            shots.append(session.screenshot(page, f"guide-{name}-{scheme}"))
        assert session.outside == [], f"requests left 127.0.0.1: {session.outside}"
    print(f"\nscreenshots of the guide ({scheme}): {SCREENSHOTS}")
    assert all(shot.is_file() for shot in shots)
    assert found == {name: [] for name in AUDITED}, found
