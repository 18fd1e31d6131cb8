"""Fuzzing script links: however a stranger spells a link in rule text, no page links to it.

Hypothesis writes links to javascript:, data:, vbscript: and file: addresses in every form
Markdown and HTML have (inline links, reference definitions, autolinks, raw addresses, <a
href>, images), padded with any number of character references, whitespace and control
characters, schemes in mixed case and partly written as references. Each goes the real way:
rule text -> sandbox -> Markdown made safe -> HTML with the site's Markdown extensions. The
HTML is then read with html.parser and every address is parsed as a browser parses URLs
(WHATWG): none may have a scheme outside http, https and mailto. The last pass over
finished pages (`disarm_html`) is fuzzed on its own the same way, with raw HTML.
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import Markdown

from generator import urls
from generator.paths import site_config_dir
from generator.render.html import markdown_to_html
from generator.rules.code import TextTemplate
from generator.rules.markup import markdown_problems, safe_markdown
from generator.site.mkdocs_config import read_config
from generator.urls import URL_ATTRIBUTES, disarm_html

FUZZ = settings(max_examples=300, deadline=None)
ALLOWED = {"http", "https", "mailto"}
BAD_SCHEMES = ("javascript", "data", "vbscript", "file")


class _Addresses(HTMLParser):
    """Every address in a page a browser would follow, load or submit to."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # tag, attribute, address
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                urls = [c.split()[0] for c in value.split(",") if c.split()] + [value]
                self.found += [(tag, name, url) for url in urls]


def browser_scheme(address: str) -> str | None:
    """The scheme a browser's URL parser reads (WHATWG URL: leading and trailing C0 controls
    and spaces stripped, ASCII tabs and newlines removed anywhere), or None: relative."""
    address = address.strip("".join(map(chr, range(0x21))))
    address = re.sub("[\t\n\r]", "", address)
    found = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", address)
    return found.group(1).lower() if found else None


def bad_addresses(page: str) -> list[tuple[str, str, str]]:
    return [a for a in _Addresses(page).found if browser_scheme(a[2]) not in (None, *ALLOWED)]


@cache
def site_markdown() -> Markdown:
    """Python-Markdown with the extensions and settings the guide and client sites use."""
    config = read_config(site_config_dir() / "mkdocs-base.yml")
    names: list[str] = []
    settings_: dict[str, dict[str, object]] = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        settings_[name] = options or {}
    return Markdown(extensions=names, extension_configs=settings_)


def to_html(markdown: str) -> str:
    md = site_markdown()
    md.reset()
    return md.convert(markdown)


# Characters a browser skips in an address, written every way HTML allows.
SKIPPED = ["\t", "\n", "\r", "\x0c", " ", "\x00", "\x01", "\x1f", "\x7f"]
REFERENCES = [
    "&Tab;",
    "&NewLine;",
    "&#9;",
    "&#9",
    "&#x9;",
    "&#X09",
    "&#x0000009;",
    "&#0000010;",
    "&#13",
    "&#x0d;",
    "&#32;",
    "&#x1;",
    "&#0;",
    "&#127;",
]
PIECE = st.sampled_from(SKIPPED + REFERENCES + ["{{ '' }}"])
# Short padding and long (hundreds of characters: a check once read only the first 200),
# mixed or one piece over and over.
padding = st.one_of(
    st.lists(PIECE, max_size=8).map("".join),
    st.lists(PIECE, min_size=40, max_size=250).map("".join),
    st.tuples(PIECE, st.integers(40, 300)).map(lambda repeat: repeat[0] * repeat[1]),
)


def _letter(ch: str) -> st.SearchStrategy[str]:
    """One letter of a scheme: either case, as itself or as a character reference."""
    return st.sampled_from([ch.lower(), ch.upper()]).flatmap(
        lambda c: st.sampled_from(
            [c, f"&#{ord(c)};", f"&#{ord(c)}", f"&#x{ord(c):x};", f"&#X{ord(c):04X};"]
        )
    )


@st.composite
def bad_address(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(BAD_SCHEMES))
    letters = [draw(_letter(ch)) + draw(st.sampled_from(["", "", "&Tab;", "\t"])) for ch in scheme]
    colon = draw(st.sampled_from([":", "&colon;", "&#58;", "&#x3A", "&#x0003a;"]))
    rest = draw(st.sampled_from(["alert(1)", "alert(document.domain)//", "text/html,x", "/etc"]))
    return draw(padding) + "".join(letters) + colon + rest


FORMS = [
    "[click]({url})",
    "[click]( {url} )",
    '[click]({url} "title")',
    "[click](<{url}>)",
    "![pixel]({url})",
    "<{url}>",
    "{url}",
    '<a href="{url}">click</a>',
    '<img src="{url}">',
    "Read [the study][1].\n\n[1]: {url}\n",
    "Read [the study][1].\n\n[1]: <{url}>\n",
    "[1]: {url}\n\n[1]",
]


# The reproductions that once got through: padding past the first 200 characters.
TAB_PADDED = "&Tab;" * 40 + "javascript:alert(1)"
HEX_PADDED = "&#x0000009;" * 19 + "javascript:alert(1)"


@FUZZ
@given(form=st.sampled_from(FORMS), url=bad_address(), before=st.sampled_from(["", "Do this: "]))
@example(form=FORMS[0], url=TAB_PADDED, before="")
@example(form=FORMS[0], url=HEX_PADDED, before="")
@example(form=FORMS[9], url=TAB_PADDED, before="")
def test_no_script_link_from_rule_text_reaches_the_html(form: str, url: str, before: str) -> None:
    text = before + form.format(url=url)
    # As action text: through the sandbox, which puts it on one line and makes it safe.
    if len(text) < 4000:
        rendered = TextTemplate(text, ("actions", 0, "text")).render({})
        assert not bad_addresses(to_html(f"- {rendered}\n")), rendered
        assert not bad_addresses(markdown_to_html(f"- {rendered}\n")[0]), rendered
    # As `why`, Markdown of several lines (reference definitions need their own line).
    safe = safe_markdown(text)
    assert not bad_addresses(to_html(safe)), safe


@FUZZ
@given(form=st.sampled_from(FORMS[:5] + FORMS[9:]), url=bad_address())
@example(form=FORMS[0], url=TAB_PADDED)
@example(form=FORMS[0], url=HEX_PADDED)
@example(form=FORMS[9], url=TAB_PADDED)
def test_rules_check_refuses_every_such_link(form: str, url: str) -> None:
    """Every link form Markdown turns into a link is refused by the checker when a browser
    would read a script address in it (some padding, such as &#0;, makes it harmless)."""
    address = html.unescape(url.replace("{{ '' }}", ""))
    if browser_scheme(address) in ALLOWED or browser_scheme(address) is None:
        return
    problems = markdown_problems(form.format(url=url))
    assert any("links must be" in p for p in problems), form.format(url=url)


OK_ADDRESSES = [
    "https://example.org/a?b=c&amp;d=e",
    "http://example.org",
    "mailto:someone@example.org",
    "../rules/pull-dont-push.html#why",
    "#top",
    "//example.org/x",
    "page.html",
]


@given(url=st.sampled_from(OK_ADDRESSES), pad=st.sampled_from(["", " ", "&Tab;"]))
def test_allowed_links_stay_links(url: str, pad: str) -> None:
    text = f"[read this]({pad}{url})"
    assert markdown_problems(text) == []
    page = to_html(safe_markdown(text))
    assert [a for _, _, a in _Addresses(page).found][:1] == [url.replace("&amp;", "&")]


ATTRIBUTES = [
    ("a", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("form", "action"),
    ("button", "formaction"),
    ("object", "data"),
    ("svg><a", "xlink:href"),
    ("img", "srcset"),
    ("A", "HREF"),
]


@st.composite
def html_attribute(draw: st.DrawFn) -> str:
    tag, name = draw(st.sampled_from(ATTRIBUTES))
    url = draw(bad_address()).replace("{{ '' }}", "")
    if name == "srcset":
        url = f"ok.png 1x, {url} 2x"
    quote = draw(st.sampled_from(['"', "'", ""]))
    if not quote:
        url = re.sub(r"[\s>]", "", url)
    equals = draw(st.sampled_from(["=", " = ", "\n=\t"]))
    return f"<p>Text <{tag} class=x {name}{equals}{quote}{url}{quote} title=y>link</{tag}></p>"


@FUZZ
@given(page=html_attribute())
def test_the_last_pass_disarms_every_script_address_in_finished_html(page: str) -> None:
    out = disarm_html(page)
    assert not bad_addresses(out), out
    assert "title" in out and "link" in out  # the rest of the tag and the text stay


@given(url=st.sampled_from(OK_ADDRESSES))
def test_the_last_pass_leaves_safe_pages_unchanged(url: str) -> None:
    page = f'<p><a href="{url}">x</a> <img src="{url}" alt=""> <a href=#top>top</a></p>\n'
    assert disarm_html(page) == page


_PIECES = [
    "href",
    "src",
    "srcset",
    "data",
    "=",
    "'",
    '"',
    ">",
    "<a",
    ":",
    "&",
    "&colon;",
    ",",
    "x",
    "../a/",
    "https://",
    "HTTP://",
    "ſ",
    " ",
    "\t",
    "\xa0",
    "java\tscript:",
]


@FUZZ
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=16))
def test_the_one_pass_finder_sees_what_the_attribute_by_attribute_reading_sees(
    pieces: list[str],
) -> None:
    """The quick look finds the same attributes, and leaves out only plainly safe values."""
    lowered = "".join(pieces).lower()
    spans = [found.span() for found in urls._CANDIDATE.finditer(lowered)]
    assert [found.span() for found in urls._UNCLEAR.finditer(lowered)] == spans
    for found in urls._UNCLEAR.finditer(lowered):
        value = urls._CANDIDATE.match(lowered, found.start()).group(1)  # type: ignore[union-attr]
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        if found.group(1) is None:
            assert urls._PLAINLY_SAFE.fullmatch(value), lowered


# The last pass runs on every page playbook writes as HTML: shown here with a script link
# put straight into the Markdown, as if every check before it had failed.
SCRIPT_LINK = "\n[click here](javascript:alert(1))\n"


def test_the_one_file_html_export_gets_the_last_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import html as export
    from generator.render.plan_pages import PLAN_PAGE, render_pages

    from ..helpers import plan

    def with_script_link(plan_: Any) -> dict[str, str]:
        pages = render_pages(plan_)
        pages[PLAN_PAGE] += SCRIPT_LINK
        return pages

    monkeypatch.setattr(export, "render_pages", with_script_link)
    page = export.render_html(plan())
    assert "click here" in page and not bad_addresses(page)


def test_the_guide_plugin_gets_the_last_pass() -> None:
    from generator.guide.plugin import PlaybookPlugin

    page = '<p><a href="&Tab;javascript:alert(1)">click here</a></p>'
    out = PlaybookPlugin().on_post_page(page, page=None, config=None)  # type: ignore[arg-type]
    assert "click here" in out and not bad_addresses(out)


def test_client_sites_get_the_last_pass(tmp_path: Path) -> None:
    from generator.site.branding import look_for
    from generator.site.build import build_site, load_settings
    from generator.site.pages import ClientSite

    settings, folder = load_settings()
    look = look_for(settings, str(folder), None, ".")
    site = ClientSite({"index.md": "# Home\n" + SCRIPT_LINK}, (("Home", "index.md"),))
    build_site(site, look, "Link Test", tmp_path / "site", 0)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "click here" in page and not bad_addresses(page)
