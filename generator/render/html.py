"""One self-contained HTML file for a client: the action plan and the checklist together.

Coaches e-mail this single file, so it carries its own styles, asks for nothing from the
network, needs no JavaScript, and prints on A4 with the checklist starting a new page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .. import __version__
from ..engine.plan import Plan
from ..engine.progress import Progress
from ..paths import templates_dir
from ..urls import disarm_html
from .environment import html_environment
from .markdown_ext import LabelledTasklistExtension
from .plan_pages import CHECKLIST_PAGE, PLAN_PAGE, render_pages
from .progress_pages import progress_page

TEMPLATE = "html/playbook.html.j2"
STYLESHEET = "playbook.css"
CHECKLIST_PREFIX = "checklist-"
PROGRESS_PREFIX = "progress-"

# The site's Markdown features (site-config/mkdocs-base.yml), set up for a file that works
# without the theme: plain checkboxes a reader can tick, and tabs whose label sits right
# above its content so that every tab can be shown at once, in print as on screen.
_EXTENSIONS: list[str | Extension] = [
    "admonition",
    "attr_list",
    "tables",
    "toc",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    LabelledTasklistExtension(),
]
_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"baselevel": 2},
    "pymdownx.tabbed": {"alternate_style": False},
    "pymdownx.tasklist": {"custom_checkbox": False, "clickable_checkbox": True},
}


class _LocalLinks(Treeprocessor):
    """Links to another page of the playbook point inside this one file instead."""

    def __init__(self, md: Markdown, pages: dict[str, tuple[str, str]]) -> None:
        super().__init__(md)
        self.pages = pages

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            page, _, anchor = link.get("href", "").partition("#")
            if page in self.pages:
                prefix, part = self.pages[page]
                link.set("href", "#" + (prefix + anchor if anchor else part))


class _LocalLinksExtension(Extension):
    def __init__(self, pages: dict[str, tuple[str, str]]) -> None:
        super().__init__()
        self.pages = pages

    def extendMarkdown(self, md: Markdown) -> None:
        # After toc (priority 5) has set the heading ids; nothing later touches links.
        md.treeprocessors.register(_LocalLinks(md, self.pages), "playbook_local_links", 4)


def _prefixed(prefix: str) -> Callable[[str, str], str]:
    def slug(value: str, separator: str) -> str:
        return prefix + slugify(value, separator)

    return slug


def markdown_to_html(text: str, id_prefix: str = "") -> tuple[str, str]:
    """A page's Markdown as HTML and the id of its first heading.

    `id_prefix` keeps the ids of a second page apart from the first's in the one file.
    """
    configs = {**_CONFIGS, "toc": {**_CONFIGS["toc"], "slugify": _prefixed(id_prefix)}}
    # A plan's own links ("#rule") stay; links into the plan page from the checklist drop
    # the page name, since both pages now live in the same file.
    local = _LocalLinksExtension(
        {PLAN_PAGE: ("", "part-plan"), CHECKLIST_PAGE: (CHECKLIST_PREFIX, "part-checklist")}
    )
    md = Markdown(extensions=[*_EXTENSIONS, local], extension_configs=configs)
    body = md.convert(text)
    tokens: list[dict[str, Any]] = getattr(md, "toc_tokens", [])
    return body, str(tokens[0]["id"]) if tokens else ""


@cache
def stylesheet() -> Markup:
    """The CSS inlined into every file; checked so it can never close its <style> early."""
    css = (templates_dir() / "html" / STYLESHEET).read_text(encoding="utf-8")
    if "</" in css:
        raise ValueError(f"{STYLESHEET} must not contain '</'")
    return Markup(css.strip())


def render_html(plan: Plan, progress: Progress | None = None) -> str:
    """The client's action plan and measurement checklist (and progress, given check-ins)
    as one HTML5 document; the progress has its tables, not its charts."""
    pages = render_pages(plan)
    plan_body, plan_id = markdown_to_html(pages[PLAN_PAGE])
    checklist_body, checklist_id = markdown_to_html(pages[CHECKLIST_PAGE], CHECKLIST_PREFIX)
    parts = [
        ("plan", plan_id, Markup(plan_body), "Action plan"),
        ("checklist", checklist_id, Markup(checklist_body), "Measurement checklist"),
    ]
    if progress is not None:
        text = progress_page(progress, plan.profile.client.name, {})
        body, heading = markdown_to_html(text, PROGRESS_PREFIX)
        parts.append(("progress", heading, Markup(body), "Progress"))
    # The Markdown came from the renderer, whose escape layer turned every '<' and '&' of
    # client text into an entity, so the converted pages are safe to insert as markup. The
    # finished file is checked once more: no link in it may lead to a script.
    page = (
        html_environment()
        .get_template(TEMPLATE)
        .render(
            client=plan.profile.client,
            version=__version__,
            css=stylesheet(),
            parts=parts,
        )
    )
    return disarm_html(page)
