"""A Python-Markdown extension: every task-list checkbox gets an accessible name.

pymdownx.tasklist draws a checkbox with no label text, so a screen reader announces only
"checkbox". This runs right after it and names each checkbox after its item's text.
"""

from __future__ import annotations

import html
import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_ESCAPED = re.compile("\x02(\\d+)\x03")
_MARKUP = re.compile(r"[*_`\\]|\[([^\]]*)\]\([^)]*\)")
MAX_LABEL = 160


def _plain(text: str) -> str:
    """Item text without Markdown markup, for use as a label."""
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


class _LabelCheckboxes(Treeprocessor):
    def run(self, root: Element) -> None:
        for li in root.iter("li"):
            if "task-list-item" not in li.attrib.get("class", "").split():
                continue
            holder = li if li.text and _PLACEHOLDER.match(li.text) else next(iter(li), None)
            if holder is None or not holder.text:
                continue
            found = _PLACEHOLDER.match(holder.text)
            if found is None:
                continue
            rest = holder.text[found.end() :] + "".join(
                "".join(child.itertext()) + (child.tail or "") for child in holder
            )
            # A checklist line that starts with a bold title is named by that title alone.
            title = re.match(r"\s*\*\*(.+?)\*\*", rest)
            name = _plain(title.group(1) if title else rest) or "Checklist item"
            # The text still holds escaped characters and entities as Markdown left them.
            name = html.unescape(_ESCAPED.sub(lambda m: chr(int(m.group(1))), name))
            label = html.escape(name, quote=True)
            index = int(found.group(1))
            stash = self.md.htmlStash.rawHtmlBlocks
            stash[index] = str(stash[index]).replace(
                '<input type="checkbox"', f'<input type="checkbox" aria-label="{label}"', 1
            )


class LabelledTasklistExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # playbook's escaping puts a backslash before `~` too; without this it would show.
        if "~" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("~")
        # pymdownx.tasklist runs at 25; the inline patterns run at 20.
        md.treeprocessors.register(_LabelCheckboxes(md), "playbook_task_labels", 24)


def makeExtension(**kwargs: Any) -> LabelledTasklistExtension:
    return LabelledTasklistExtension(**kwargs)
