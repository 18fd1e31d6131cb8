"""The single-file HTML playbook: self-contained, the client's own numbers, safe with
hostile client text, deterministic, and accessible in a real browser."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markupsafe import Markup
from playwright.sync_api import Page, expect

from generator.engine.evaluate import evaluate
from generator.engine.plan import Plan
from generator.model.profile import PLATFORM_LABELS
from generator.render.environment import html_environment
from generator.render.html import TEMPLATE, markdown_to_html, render_html, stylesheet
from generator.render.plan_pages import CHECKLIST_PAGE, GUIDE_URL, render_pages
from generator.source.validate import load_profile
from generator.text import format_number

from .. import helpers
from ..browser import Session, browser_session, serve
from ..conftest import EXAMPLES

PROFILES = sorted(EXAMPLES.glob("*.yaml"))
HOSTILE = "Fondation <Enfants> & Co"
HOSTILE_COACH = 'Jo "<b>x</b>" **bold** [link](http://evil.example) ~tilde~ `code` {: .x}'
# Tags the hostile profile below writes into its text: none may become an element.
HOSTILE_TAGS = {"enfants", "script", "img", "b", "u"}
EXTERNAL_TAGS = {"script", "link", "img", "iframe", "object", "embed", "video", "audio", "base"}


class Document(HTMLParser):
    """The parts of an HTML document the tests look at."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.title = ""
        self.text: list[str] = []
        self._capture: str | None = None
        self._captured: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "title" or re.fullmatch(r"h[1-6]", tag):
            self._capture, self._captured = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag != self._capture:
            return
        text = "".join(self._captured)
        if tag == "title":
            self.title = text
        else:
            self.headings.append((int(tag[1]), text))
        self._capture = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._capture:
            self._captured.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def body_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def example_plan(path: Path) -> Plan:
    return evaluate(load_profile(path), helpers.rulebook())


def hostile_plan() -> Plan:
    return helpers.plan(
        client={"name": HOSTILE, "industry": "<script>alert(1)</script>", "coach": HOSTILE_COACH},
        goals=[
            {
                "outcome": "<img src=x onerror=alert(1)> & more",
                "metric": "enquiries",
                "target": 10,
                "by": "2027-12-31",
            }
        ],
        measuring=["<u>likes</u>", "enquiries"],
    )


@pytest.fixture(scope="module", params=PROFILES, ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> tuple[Path, str]:
    path: Path = request.param
    return path, render_html(example_plan(path))


def test_one_self_contained_file(example: tuple[Path, str]) -> None:
    _, html = example
    doc = Document(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert not {name for name, _ in doc.tags} & EXTERNAL_TAGS
    assert "<script" not in html.lower()
    assert "url(" not in html and "@import" not in html
    assert not [attrs for _, attrs in doc.tags if "src" in attrs or "srcset" in attrs]
    ids = [attrs["id"] for _, attrs in doc.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    # Every link inside the file lands on something; the only links out are to the rules'
    # pages in the public guide, where each rule's reasoning is given in full, and to its
    # platform pages for a platform paused to fit the week.
    hrefs = {a["href"] for a in doc.all("a")}
    inside = {h for h in hrefs if h.startswith("#")}
    assert inside and all(h[1:] in ids for h in inside), inside
    pages = (f"{GUIDE_URL}rules/", f"{GUIDE_URL}platforms/")
    assert all(h.startswith(pages) for h in hrefs - inside), hrefs - inside


def test_accessible_structure(example: tuple[Path, str]) -> None:
    path, html = example
    doc = Document(html)
    assert len(doc.all("main")) == 1
    levels = [level for level, _ in doc.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    boxes = [i for i in doc.all("input") if i.get("type") == "checkbox"]
    lines = render_pages(example_plan(path))[CHECKLIST_PAGE].count("\n- [ ] ")
    assert len(boxes) == lines > 0
    assert all(box.get("aria-label", "").strip() for box in boxes)
    # Each part is a region named by its own heading.
    sections = {s["id"]: s.get("aria-labelledby", "") for s in doc.all("section")}
    assert set(sections) == {"part-plan", "part-checklist"}
    assert all(sections.values())


def test_the_clients_own_numbers(example: tuple[Path, str]) -> None:
    path, html = example
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = Document(html)
    text = doc.body_text()
    name = data["client"]["name"]
    assert doc.title == f"Social media playbook for {name}"
    assert (2, f"Action plan for {name}") in doc.headings
    assert (2, f"Measurement checklist for {name}") in doc.headings
    for platform in data["platforms"]:
        label = PLATFORM_LABELS[platform["name"]]
        assert f"{label}: {format_number(platform['posts_per_week'])} post" in text
    for goal in data["goals"]:
        assert f"Target: {format_number(goal['target'])} a {goal['per']}" in text
        assert goal["outcome"] in text


def test_same_plan_same_bytes(example: tuple[Path, str]) -> None:
    path, html = example
    assert render_html(example_plan(path)) == html


def test_hostile_client_text_stays_text() -> None:
    html = render_html(hostile_plan())
    doc = Document(html)
    assert not {name for name, _ in doc.tags} & HOSTILE_TAGS
    assert "<Enfants>" not in html and "&lt;Enfants&gt; &amp; Co" in html
    assert doc.title == f"Social media playbook for {HOSTILE}"
    assert (1, f"Social media playbook for {HOSTILE}") in doc.headings
    assert (2, f"Action plan for {HOSTILE}") in doc.headings
    assert (2, f"Measurement checklist for {HOSTILE}") in doc.headings
    text = doc.body_text()
    # Markdown and HTML in client text show as typed: no bold, link, tag or attribute list.
    assert HOSTILE_COACH in text
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)> & more" in text
    assert not [a for a in doc.all("a") if "evil" in a["href"]]
    assert not [k for _, attrs in doc.tags for k in attrs if k.startswith("on")]


def test_checkbox_names_show_client_text_as_typed() -> None:
    plan = helpers.plan(
        goals=[{"outcome": "Sales", "metric": "calls & <visits>", "target": 4, "by": "2027-01-01"}]
    )
    boxes = [i for i in Document(render_html(plan)).all("input") if i.get("type") == "checkbox"]
    assert boxes[0]["aria-label"] == "Count calls & <visits> every month"


TABS_AND_NOTE = """\
=== "Instagram"

    Answer the comments.

=== "Facebook"

    Post in local groups.

!!! note "Why"

    Conversations lead to enquiries.
"""


def test_tabs_show_every_label_above_its_content() -> None:
    body, _ = markdown_to_html(TABS_AND_NOTE)
    order = [body.index(s) for s in ("Instagram", "Answer", "Facebook", "Post in", "Why")]
    assert order == sorted(order)
    assert 'class="admonition note"' in body


def tabs_file() -> str:
    """The shell around tabbed Markdown, as a future template might use them."""
    body, heading = markdown_to_html("## Tabs\n\n" + TABS_AND_NOTE)
    return (
        html_environment()
        .get_template(TEMPLATE)
        .render(
            client=helpers.profile().client,
            version="test",
            css=stylesheet(),
            parts=[
                ("plan", heading, Markup(body), "Action plan"),
                ("checklist", "", Markup(""), "Measurement checklist"),
            ],
        )
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The exported files, served on 127.0.0.1 (the browser guard refuses anything else)."""
    root = tmp_path_factory.mktemp("html-export")
    for path in PROFILES:
        (root / f"{path.stem}.html").write_text(render_html(example_plan(path)), "utf-8")
    (root / "hostile.html").write_text(render_html(hostile_plan()), "utf-8")
    (root / "tabs.html").write_text(tabs_file(), "utf-8")
    with serve(root) as url:
        yield url


# The hostile file has the examples' structure; its text is checked above, not here.
AUDITED = [p.stem for p in PROFILES] + ["tabs"]
# Dark mode only swaps the colour variables: one full playbook covers every colour pair.
AUDITED_DARK = ["hilltop-bakery"]


def open_file(session: Session, url: str) -> Page:
    page = session.page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "names"), [("light", AUDITED), ("dark", AUDITED_DARK)])
def test_no_serious_accessibility_violations(site: str, scheme: str, names: list[str]) -> None:
    with browser_session(scheme) as session:
        found = {}
        for name in names:
            page = open_file(session, f"{site}{name}.html")
            found[name] = session.serious_violations(page)
            page.close()
        assert session.outside == [], f"requests left 127.0.0.1: {session.outside}"
    assert found == {name: [] for name in names}, found


@pytest.mark.browser
def test_the_file_works_in_a_browser(site: str) -> None:
    with browser_session() as session:
        page = open_file(session, site + "hilltop-bakery.html")
        box = page.get_by_role("checkbox", name="Count enquiries every month")
        expect(box).not_to_be_checked()
        box.check()
        expect(box).to_be_checked()
        # A checklist link into the plan lands on the plan's heading, in the same file.
        checklist = page.locator("#part-checklist")
        checklist.get_by_role("link", name="Reply within a day").first.click()
        expect(page).to_have_url(re.compile(r"hilltop-bakery\.html#reply-within-a-day$"))
        page.emulate_media(media="print")
        breaks = checklist.evaluate("e => getComputedStyle(e).breakBefore")
        assert breaks == "page"

        tabs = open_file(session, site + "tabs.html")
        for text in ("Answer the comments.", "Post in local groups."):
            expect(tabs.get_by_text(text)).to_be_visible()
        assert session.outside == []
