"""The written guide builds with nothing of playbook installed: what playbook's Markdown
extension does at build time (render/markdown_ext.py) is done here, once, in the Markdown of
the copy, and the copy's mkdocs.yml names only extensions that ship with Python-Markdown and
pymdown-extensions (which Material and Zensical depend on)."""

from __future__ import annotations

import re
from typing import Any

import markdown

from ..render.markdown_ext import LabelledTasklistExtension

# The package the wheel installs playbook as, and the folder it lives in in a checkout.
_OURS = ("playbook.", "generator.")
_TASK = re.compile(r"^- \[([ xX])\] (.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_LABEL = re.compile(r'aria-label="([^"]*)"')


def _is_ours(extension: Any) -> bool:
    name = next(iter(extension)) if isinstance(extension, dict) else str(extension)
    return name.startswith(_OURS)


def portable_extensions(extensions: list[Any]) -> list[Any]:
    """The Markdown extensions without playbook's own (md_in_html is needed, and kept)."""
    kept = [ext for ext in extensions if not _is_ours(ext)]
    return kept if "md_in_html" in kept else [*kept, "md_in_html"]


class _Labeller:
    """The accessible name playbook's extension gives a task-list checkbox."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["pymdownx.tasklist", LabelledTasklistExtension()],
            extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}},
        )

    def __call__(self, line: str) -> str:
        found = _LABEL.search(self._md.reset().convert(line))
        assert found is not None, line
        return found.group(1)


def _unescape_tildes(line: str) -> str:
    """`\\~` (playbook's escape of a tilde) as a plain `~`, outside code spans."""
    parts, last = [], 0
    for code in _CODE_SPAN.finditer(line):
        parts += [line[last : code.start()].replace("\\~", "~"), code.group(0)]
        last = code.end()
    return "".join([*parts, line[last:].replace("\\~", "~")])


def _task_list(items: list[tuple[str, str]], label: _Labeller) -> list[str]:
    """A run of task-list items as the HTML the extension makes, the text still Markdown."""
    # Blank lines around it, so the block is HTML wherever the list stood.
    lines = ["", '<ul class="task-list" markdown="block">']
    for mark, text in items:
        checked = " checked" if mark != " " else ""
        name = label(f"- [{mark}] {text}")
        lines.append(
            '<li class="task-list-item" markdown="span"><label class="task-list-control">'
            f'<input type="checkbox" aria-label="{name}"{checked}/>'
            f'<span class="task-list-indicator"></span></label> {text}</li>'
        )
    return [*lines, "</ul>", ""]


def portable_markdown(text: str) -> str:
    """`text` with every top-level task list written out with its checkbox names, and
    tildes unescaped: the same HTML as with playbook's extension, without it."""
    if "- [" not in text and "\\~" not in text:
        return text
    label = _Labeller()
    out: list[str] = []
    items: list[tuple[str, str]] = []
    fenced = False
    for line in text.split("\n"):
        task = None if fenced else _TASK.match(line)
        if task is not None:
            items.append((task.group(1), _unescape_tildes(task.group(2))))
            continue
        if items:
            if line.startswith((" ", "\t")) and line.strip():
                # A continued item is left to pymdownx.tasklist, unnamed but whole.
                out += [f"- [{mark}] {text}" for mark, text in items]
            else:
                out += _task_list(items, label)
            items = []
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced else _unescape_tildes(line))
    if items:
        out += _task_list(items, label)
    return "\n".join(out)
