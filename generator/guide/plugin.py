"""The MkDocs plugin: a thin adapter that hands the guide's generated pages to MkDocs.

The pages themselves come from `guide.guide_pages`, the same function `playbook guide`
uses, so a build with MkDocs and a build of the written files with another builder match.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..errors import ProblemsError
from ..paths import templates_dir
from ..urls import disarm_html
from .files import collect_guide
from .pages import GuidePage

_SEARCH_DIALOG = re.compile(r'(<div class="md-search"[^>]*role="dialog")(?![^>]*aria-label)')
# Left exactly as they are: blocks whose whitespace is shown as written (or is code), and
# the page's own content, which stays byte for byte what a plain build of it gives.
_KEEP_WHITESPACE = re.compile(
    r"<((?i:pre|textarea|script|style|code|article))\b.*?</\1\s*>", re.DOTALL
)
# A run of whitespace with a line break between two tags, except a lone line break: that is
# what every run becomes, and most runs already are (rewriting them was a third of the time).
_BETWEEN_TAGS = re.compile(r">(?:\n[ \t\r\n]+|[ \t\r]+\n[ \t\r\n]*)<")


def tighten(page: str) -> str:
    """The page without the blank lines and indentation the theme's templates leave between
    tags: a fifth of every page. A run of whitespace with a line break shows as one space,
    and so does the one line break left in its place; preformatted blocks and the article
    are kept."""
    out = []
    done = 0
    for block in _KEEP_WHITESPACE.finditer(page):
        out += [_between(page, done, block.start()), block.group()]
        done = block.end()
    out.append(_between(page, done, len(page)))
    return "".join(out)


def _between(page: str, start: int, end: int) -> str:
    """page[start:end] tightened; read with a character of the page on either side, so that
    whitespace next to a kept block counts as between tags too (the block starts with '<'
    and ends with '>')."""
    lead = 1 if start > 0 else 0
    trail = 1 if end < len(page) else 0
    tightened = _BETWEEN_TAGS.sub(">\n<", page[start - lead : end + trail])
    return tightened[lead : len(tightened) - trail]


class PlaybookPluginConfig(Config):
    content = opt.Optional(opt.Dir(exists=True))
    """The folder with rules/ and examples/; by default the site's docs_dir."""


class PlaybookPlugin(BasePlugin[PlaybookPluginConfig]):
    """Adds the rule pages, the rules index, the example playbooks and the format reference."""

    def __init__(self) -> None:
        self.pages: dict[str, GuidePage] = {}
        self.edit_base = ""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        content = Path(self.config.content or config.docs_dir)
        repo = (config.repo_url or "").rstrip("/")
        self.edit_base = f"{repo}/{(config.edit_uri or '').strip('/')}/" if repo else ""
        try:
            pages, nav = collect_guide(content, self.edit_base)
        except ProblemsError as exc:
            raise PluginError("\n" + "\n".join(p.format() for p in exc.problems)) from None
        self.pages = {page.path: page for page in pages}
        if not config.nav:
            config.nav = nav
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, page.path, content=page.text))
        return files

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # A generated page is edited through its source file, or not at all.
            has_source = bool(generated.edit_path and self.edit_base)
            page.edit_url = self.edit_base + generated.edit_path if has_source else None
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The theme's search dialog has no accessible name; screen readers announce it blank.
        output = _SEARCH_DIALOG.sub(r'\1 aria-label="Search the guide"', output, count=1)
        # The last word on links: none may lead to a script, whatever the Markdown said.
        return disarm_html(tighten(output))

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # docs_dir is watched already; the templates the pages are made from are not.
        server.watch(str(templates_dir()))
        if self.config.content:
            server.watch(str(self.config.content))
        return server
