"""An idea's text: checked for its few slots, and rendered like rule text (same sandboxed
interpolation, same Markdown defusing), so an idea written by a stranger stays inert."""

from __future__ import annotations

import re
from typing import Any

from ..model.advice import IDEA_SLOTS
from ..text import MarkdownText
from .budget import RuleCodeError
from .code import TextTemplate, _Interpolation
from .markup import markdown_problems

# Any piece of template code, to compare against the one form an idea may use.
_CODE = re.compile(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%|\{#")
_SLOT = re.compile(r"\{\{ *([A-Za-z_]\w*) *\}\}")
SLOT_LIST = ", ".join("{{ " + slot + " }}" for slot in IDEA_SLOTS)


def slot_problems(text: str) -> list[str]:
    """What is wrong with the template code in an idea's text: only `{{ slot }}` with one of
    the known slots is allowed."""
    found = []
    for code in _CODE.findall(text):
        slot = _SLOT.fullmatch(code)
        if slot is None:
            # Once: a statement and its end tag are one mistake.
            found.append(f"'{code[:30]}' is not a slot: ideas can use only {{{{ slot }}}}")
            break
        if slot.group(1) not in IDEA_SLOTS:
            found.append(f"unknown slot '{slot.group(1)}' in the idea's text")
    return sorted(set(found))


def idea_text_problems(text: str) -> list[str]:
    """Everything the idea check refuses in a text: bad slots and unsafe Markdown."""
    return slot_problems(text) + markdown_problems(text)


class IdeaText(TextTemplate):
    """An idea's text, ready to fill with a client's words. Text that is not a known slot
    is refused when compiled (or, in a build that skipped the check, raises RuleCodeError,
    which callers treat as 'leave this idea out')."""

    def _compiled(self) -> Any:
        problems = slot_problems(self.source)
        if problems:
            raise RuleCodeError("; ".join(problems), self.where)
        return _Interpolation(self.source) if "{" in self.source else None


def fill_idea(text: str, slots: dict[str, str]) -> MarkdownText | None:
    """The idea's text with the client's words in its slots, as safe Markdown; None when
    the text is not a valid idea text."""
    try:
        return IdeaText(text).render(slots)
    except RuleCodeError:
        return None


def plain_text_problems(text: str) -> list[str]:
    """What the advice check refuses in a text that takes no slots at all."""
    code = ["template code is not allowed here"] if _CODE.search(text) else []
    return code + markdown_problems(text)
