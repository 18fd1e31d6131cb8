"""Client sites from `playbook build` in a real browser: the overview's chart, the nav, the
platform tabs, the checklist, the progress page's charts, accessibility (axe-core), the
printed page and its PDF, a hostile client name, and no request leaving 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from generator.pipeline.write import slugify
from generator.site.build import load_settings

from ..browser import Session, guarded_session, open_page, require_chromium, serve
from ..conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.browser

PROFILES = sorted(EXAMPLES.glob("*.yaml"))
CLIENTS = {
    path.stem: yaml.safe_load(path.read_text("utf-8"))["client"]["name"] for path in PROFILES
}
FIRST = "hilltop-bakery"
PROGRESS = "northside-physio"  # the example with monthly check-ins, so a progress page
HOSTILE = "Fondation <Enfants> & Co"
PAGES = ("index", "action-plan", "measurement-checklist", "rules")
A4_HEIGHT = 841.89  # points
# An outline entry (bookmark): its title, the page object it points at and the height there.
# The title is matched without parentheses, so one entry never runs into the next.
BOOKMARK = re.compile(rb"/Title \(((?:[^()\\]|\\.)*)\)\s*/Dest \[(\d+) 0 R /XYZ [-\d.]+ ([-\d.]+)")


def build(*args: str) -> None:
    """`playbook build ARGS` in a fresh process; fails the test with its stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "playbook", "build", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example clients' sites and PDFs, built once for the module."""
    require_chromium()  # --pdf prints with it
    folder = tmp_path_factory.mktemp("client-sites") / "out"
    build(str(EXAMPLES), "-o", str(folder), "--pdf")
    return folder


@pytest.fixture(scope="module")
def base_url(out: Path) -> Iterator[str]:
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of an example whose client name is HTML, built and served."""
    folder = tmp_path_factory.mktemp("hostile-client")
    data = yaml.safe_load((EXAMPLES / f"{FIRST}.yaml").read_text("utf-8"))
    data["client"]["name"] = HOSTILE
    profile = folder / "hostile.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    build(str(profile), "-o", str(folder / "out"))
    with serve(folder / "out" / slugify(HOSTILE)) as url:
        yield url


@pytest.fixture
def session() -> Iterator[Session]:
    with guarded_session() as active:
        yield active


def heading(page: Page) -> str:
    """The page's H1 as a reader sees it, without the theme's permalink mark."""
    text: str = page.locator("h1").evaluate(
        "e => [...e.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('')"
    )
    return text


def chart_title(name: str) -> str:
    return f"Posting mix of {name}: now and recommended"


def test_overview_chart_nav_tabs_and_checklist(session: Session, base_url: str) -> None:
    name = CLIENTS[FIRST]
    page = open_page(session, f"{base_url}{FIRST}/index.html")
    assert heading(page) == f"Playbook for {name}"

    chart = page.locator("figure.pb-chart > svg")
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    # Named by its <title> (then its <desc>), through aria-labelledby.
    first_id = (chart.get_attribute("aria-labelledby") or "").split()[0]
    named_by = page.locator(f'svg > title[id="{first_id}"]')
    expect(named_by).to_have_text(chart_title(name))
    expect(chart).to_have_accessible_name(re.compile("^" + re.escape(chart_title(name))))
    # The same numbers as a table beside it.
    expect(page.locator(".pb-chart-table table")).to_be_visible()

    page.locator("nav.md-nav--primary a", has_text="Action plan").first.click()
    expect(page).to_have_url(re.compile(rf"/{FIRST}/action-plan\.html$"))
    assert heading(page) == f"Action plan for {name}"

    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    blocks = tabs.locator(".tabbed-content > .tabbed-block")
    assert labels.count() >= 2 and blocks.count() == labels.count()
    expect(blocks.nth(0)).to_be_visible()
    expect(blocks.nth(1)).to_be_hidden()
    labels.nth(1).click()
    expect(tabs.get_by_role("radio", name=labels.nth(1).inner_text())).to_be_checked()
    expect(blocks.nth(1)).to_be_visible()
    expect(blocks.nth(0)).to_be_hidden()

    page.locator("nav.md-nav--primary a", has_text="Measurement checklist").first.click()
    expect(page).to_have_url(re.compile(rf"/{FIRST}/measurement-checklist\.html$"))
    assert heading(page) == f"Measurement checklist for {name}"
    boxes = page.get_by_role("checkbox")
    assert boxes.count() >= 4
    box = page.get_by_role("checkbox", name="Count enquiries every month")
    expect(box).to_have_accessible_name("Count enquiries every month")
    expect(box).not_to_be_checked()
    # The theme draws its own box over the transparent checkbox, inside the same label: a
    # click at the checkbox's place lands on that box, as a reader's would.
    box.click(force=True)
    expect(box).to_be_checked()
    names = [boxes.nth(i).evaluate("e => e.getAttribute('aria-label')") for i in range(4)]
    assert all(n and n.strip() for n in names), names


@pytest.mark.parametrize("stem", [p.stem for p in PROFILES])
def test_no_serious_accessibility_violations(session: Session, base_url: str, stem: str) -> None:
    found: dict[str, list[str]] = {}
    for name in PAGES:
        page = open_page(session, f"{base_url}{stem}/{name}.html")
        found[name] = session.serious_violations(page)
        page.close()
    assert found == {name: [] for name in PAGES}, found


def bookmarks(pdf: bytes) -> list[tuple[str, int, float]]:
    """(title, page object number, height on the page) of every outline entry."""
    return [(t.decode("latin-1"), int(p), float(y)) for t, p, y in BOOKMARK.findall(pdf)]


def page_order(pdf: bytes) -> list[int]:
    """The page objects in reading order, from the page tree (nodes may nest)."""
    kids: dict[int, list[int]] = {}
    for chunk in pdf.split(b"endobj"):
        head = re.search(rb"(\d+) 0 obj\s*<<", chunk)
        listed = re.search(rb"/Kids \[([^\]]*)\]", chunk)
        if head and listed and re.search(rb"/Type\s*/Pages\b", chunk):
            kids[int(head[1])] = [int(n) for n in re.findall(rb"(\d+) 0 R", listed[1])]
    roots = set(kids) - {kid for node in kids.values() for kid in node}
    assert len(roots) == 1, f"page tree roots: {roots}"

    def walk(node: int) -> list[int]:
        return [leaf for kid in kids[node] for leaf in walk(kid)] if node in kids else [node]

    return walk(roots.pop())


@pytest.mark.parametrize("stem", [p.stem for p in PROFILES])
def test_a_pdf_with_each_section_on_its_own_page(out: Path, stem: str) -> None:
    pdf = (out / f"{stem}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    order = page_order(pdf)
    assert len(order) >= 3
    marks = bookmarks(pdf)
    name = CLIENTS[stem]
    sections = ["Overview", f"Action plan for {name}", f"Measurement checklist for {name}"]
    if stem == PROGRESS:
        sections.append(f"Progress of {name}")
    starts: list[int] = []
    for section in sections:
        found = [(page, y) for title, page, y in marks if title == section]
        assert len(found) == 1, (section, marks)
        page, y = found[0]
        # The first thing on its page: near the top edge (the page's top margin is 16 mm),
        # with no other heading above it on that page.
        assert y > A4_HEIGHT - 100, (section, y)
        assert not [t for t, p, h in marks if p == page and h > y], (section, marks)
        starts.append(order.index(page))
    assert starts == sorted(set(starts)), starts


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, lines joined by spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.mark.parametrize("stem", [p.stem for p in PROFILES])
def test_the_pdf_opens_with_a_cover(out: Path, stem: str) -> None:
    data = yaml.safe_load((EXAMPLES / f"{stem}.yaml").read_text("utf-8"))["client"]
    pages = pdf_pages(out / f"{stem}.pdf")
    cover = pages[0]
    assert f"Playbook for {data['name']}" in cover
    coach = data.get("coach") or load_settings()[0].coach.name
    assert f"Prepared by {coach}" in cover
    # The site's date: SOURCE_DATE_EPOCH's when set, else the profile's.
    given = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(given), dt.UTC).date() if given else data["updated"]
    assert f"{day.day} {day:%B %Y}" in cover
    # The top priorities, as the overview lists them; the overview starts on the next sheet.
    label, _, priorities = cover.partition("TOP PRIORITIES ")
    assert label and priorities.startswith("1. "), cover
    assert pages[1].startswith("Overview"), pages[1][:80]
    assert priorities in pages[1], (priorities, pages[1][:800])


def test_the_print_page_in_print_media(session: Session, base_url: str) -> None:
    name = CLIENTS[FIRST]
    page = open_page(session, f"{base_url}{FIRST}/print.html")
    page.emulate_media(media="print")
    for chrome in (".md-header", "nav.md-nav--primary", ".md-sidebar--secondary", ".md-footer"):
        expect(page.locator(chrome).first).to_be_hidden()
    assert heading(page) == f"Playbook for {name}"

    breaks = page.locator(".md-content .pb-page-break")
    expect(breaks).to_have_count(3)
    after = [
        breaks.nth(i).evaluate(
            "e => [getComputedStyle(e).breakBefore, e.nextElementSibling.tagName,"
            " e.nextElementSibling.textContent.replace('\u00b6', '').trim()]"
        )
        for i in range(3)
    ]
    assert after == [
        ["page", "H2", "Overview"],
        ["page", "H2", f"Action plan for {name}"],
        ["page", "H2", f"Measurement checklist for {name}"],
    ]
    # The print page is written without tabs; any there would print every block.
    blocks = page.locator(".tabbed-block")
    for i in range(blocks.count()):
        expect(blocks.nth(i)).to_be_visible()
    expect(page.locator("figure.pb-chart > svg")).to_be_visible()

    # Printed from the browser, the action plan shows every tab's content too.
    plan = open_page(session, f"{base_url}{FIRST}/action-plan.html")
    plan.emulate_media(media="print")
    blocks = plan.locator(".tabbed-set .tabbed-block")
    assert blocks.count() >= 4
    for i in range(blocks.count()):
        expect(blocks.nth(i)).to_be_visible()
    expect(plan.locator(".tabbed-labels > label").first).to_be_visible()


def progress_chart_titles() -> list[str]:
    """The titles of the progress page's charts: one per goal, then the mix by month."""
    data = yaml.safe_load((EXAMPLES / f"{PROGRESS}.yaml").read_text("utf-8"))
    goals = [f"{goal['outcome']}: {goal['metric']} per month" for goal in data["goals"]]
    return [*goals, f"Posting mix of {data['client']['name']} by month and recommended"]


def test_progress_page_charts_are_named_and_have_their_tables(
    session: Session, base_url: str
) -> None:
    name = CLIENTS[PROGRESS]
    page = open_page(session, f"{base_url}{PROGRESS}/index.html")
    page.locator("nav.md-nav--primary a", has_text="Progress").first.click()
    expect(page).to_have_url(re.compile(rf"/{PROGRESS}/progress\.html$"))
    assert heading(page) == f"Progress of {name}"

    titles = progress_chart_titles()
    pairs = page.locator(".pb-chart-pair")
    expect(pairs).to_have_count(len(titles))
    expect(page.locator('svg[role="img"]')).to_have_count(len(titles))
    for i, title in enumerate(titles):
        chart = pairs.nth(i).locator('figure.pb-chart > svg[role="img"]')
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        # Named by its <title> (then its <desc>), through aria-labelledby.
        title_id, *rest = (chart.get_attribute("aria-labelledby") or "").split()
        assert len(rest) == 1, rest  # and described by its <desc>
        expect(chart.locator(f':scope > title[id="{title_id}"]')).to_have_text(title)
        expect(chart.locator(f':scope > desc[id="{rest[0]}"]')).not_to_be_empty()
        expect(chart).to_have_accessible_name(re.compile("^" + re.escape(title) + " "))
        # The same numbers as a table beside it.
        table = pairs.nth(i).locator(".pb-chart-table table")
        table.scroll_into_view_if_needed()
        expect(table).to_be_visible()
    # A month without a check-in is a gap in the table, not a zero.
    expect(pairs.nth(0).locator("tr", has_text="2026-11").locator("td").nth(1)).to_have_text("—")
    assert session.outside == []
    assert session.serious_violations(page) == []


def test_the_print_page_ends_with_the_progress(session: Session, base_url: str) -> None:
    name = CLIENTS[PROGRESS]
    page = open_page(session, f"{base_url}{PROGRESS}/print.html")
    page.emulate_media(media="print")
    breaks = page.locator(".md-content .pb-page-break")
    expect(breaks).to_have_count(4)
    after = breaks.nth(3).evaluate(
        "e => [getComputedStyle(e).breakBefore, e.nextElementSibling.tagName,"
        " e.nextElementSibling.textContent.replace('\u00b6', '').trim()]"
    )
    assert after == ["page", "H2", f"Progress of {name}"]
    charts = page.locator('figure.pb-chart > svg[role="img"]')
    expect(charts).to_have_count(1 + len(progress_chart_titles()))  # the overview's mix too
    for i in range(charts.count()):
        expect(charts.nth(i)).to_be_visible()


def event_attributes(page: Page) -> list[str]:
    """Every on* attribute on the page, as "TAG name"."""
    found: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.toLowerCase().startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    return found


def test_a_hostile_name_stays_text_in_page_titles_headings_and_chart(
    session: Session, hostile_url: str
) -> None:
    page = open_page(session, hostile_url + "index.html")
    expect(page).to_have_title(HOSTILE)
    assert heading(page) == f"Playbook for {HOSTILE}"
    expect(page.locator("figure.pb-chart > svg > title")).to_have_text(chart_title(HOSTILE))
    expect(page.locator("figure.pb-chart > svg")).to_have_accessible_name(
        re.compile("^" + re.escape(chart_title(HOSTILE)))
    )
    assert event_attributes(page) == []
    for path, title in [
        ("action-plan.html", f"Action plan for {HOSTILE}"),
        ("measurement-checklist.html", f"Measurement checklist for {HOSTILE}"),
        ("rules.html", f"Rules behind the plan for {HOSTILE}"),
    ]:
        other = open_page(session, hostile_url + path)
        assert heading(other) == title
        assert other.title().endswith(f" - {HOSTILE}"), other.title()
        assert event_attributes(other) == []
        other.close()


def test_a_hostile_name_stays_text_in_the_header_and_nav(
    session: Session, hostile_url: str
) -> None:
    for path in ("index.html", "action-plan.html", "measurement-checklist.html"):
        page = open_page(session, hostile_url + path)
        header = page.locator(".md-header__topic").first
        expect(header).to_have_text(HOSTILE)
        nav_title = page.locator("nav.md-nav--primary > .md-nav__title")
        expect(nav_title).to_have_text(HOSTILE)
        logo = page.locator(".md-header__button.md-logo")
        expect(logo).to_have_attribute("aria-label", HOSTILE)
        expect(logo).to_have_attribute("title", HOSTILE)  # escaped once, not twice
        description = page.locator('meta[name="description"]')
        expect(description).to_have_attribute("content", f"The social-media playbook of {HOSTILE}")
        assert page.evaluate("() => document.querySelectorAll('Enfants').length") == 0
        page.close()
