"""The Jinja environments every page and starter file is rendered with, and their settings.

All templates live in templates/ (`paths.templates_dir`). Each kind of output has its own
escaping, so each has its own environment:

- Markdown pages (plans, checklists, progress, client sites, the guide): every `{{ value }}`
  is escaped for Markdown unless it is already `MarkdownText`; `| trusted` marks Markdown
  that code has made safe.
- The HTML file: autoescaped for HTML.
- YAML starter files: values go in as the caller quoted them.

Rule text runs in its own sandboxed environment (rules/sandbox.py): rule files are not ours.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined

from ..paths import templates_dir
from ..text import MarkdownText, finalize, format_number

# What a page shows for a number that was not measured (never a zero).
GAP = "—"


@cache
def _loader() -> BaseLoader:
    return FileSystemLoader(templates_dir())


def number(value: float | None, unit: str = "") -> MarkdownText:
    """30.0 -> '30', 2.5 -> '2.5', then `unit` (our own words, such as '%'); None -> GAP."""
    return MarkdownText(GAP if value is None else format_number(value) + unit)


def code(value: object) -> MarkdownText:
    """For code spans and blocks: shown as written, but no backtick can close them early."""
    return MarkdownText(" ".join(str(value).replace("`", "'").split()))


def _page_environment(**escaping: Any) -> Environment:
    """What every page template shares: unknown names fail, a block tag alone on its line
    leaves no blank line, the final newline stays. `escaping` says how output is escaped."""
    return Environment(
        loader=_loader(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **escaping,
    )


@cache
def markdown_environment() -> Environment:
    """Jinja for Markdown pages: output escaped for Markdown, tidy block tags."""
    # Here, not at the top: `playbook init` and `checkin` render YAML only, and start faster.
    from ..rules.markup import safe_markdown

    env = _page_environment(finalize=finalize, autoescape=False)
    env.filters["trusted"] = MarkdownText
    # A rule's own Markdown (its `why`): kept as Markdown, but never as markup or script.
    env.filters["rule_markdown"] = safe_markdown
    env.filters["code"] = code
    env.filters["number"] = number
    return env


@cache
def html_environment() -> Environment:
    """Jinja for the HTML file; autoescaped, as client text goes into it as is."""
    return _page_environment(autoescape=True)


@cache
def yaml_environment() -> Environment:
    """Jinja for YAML starter files: the caller quotes every value; whitespace is as written."""
    return Environment(loader=_loader(), undefined=StrictUndefined, keep_trailing_newline=True)


def tidy(text: str) -> str:
    """No trailing spaces, no runs of blank lines, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def render_markdown(template: str, **context: Any) -> str:
    """A Markdown page from its template, tidied."""
    return tidy(markdown_environment().get_template(template).render(**context))
