"""Explain, in the plan's words, how rules that disagree about the posting mix were settled.

The engine settles every disagreement the same way (see `Limits.add`): rules are taken in
precedence order (golden rules by number, then the coach's own rules, then community rules by
id) and the first rule to limit one side of one kind of post keeps its limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..rules.compile import CompiledRule
from ..text import MarkdownText, and_list, escape_markdown
from .mix import KIND_NOUNS, Conflict


def _name(rule: CompiledRule) -> str:
    return f"“{rule.spec.title}” ({rule.kind()})"


def _why(winner: CompiledRule, loser: CompiledRule) -> str:
    if winner.origin == "golden" and loser.origin != "golden":
        return "the golden rule wins"
    if winner.origin == "golden":
        return "the golden rule with the lower number wins"
    if winner.origin != loser.origin:
        return "your coach's rule wins over the community rule"
    return "neither is a golden rule, so the first by id wins"


def settle_note(conflict: Conflict, rules: Mapping[str, CompiledRule]) -> MarkdownText:
    """One sentence: which rules disagreed, about what, and which limit the plan keeps."""
    noun = KIND_NOUNS[conflict.kind][1]
    loser = rules[conflict.loser]
    winners = [rules[w] for w in conflict.winners]
    if conflict.clash:
        text = (
            f"{_name(loser)} limits your share of {noun} in a way that cannot be met together "
            f"with {and_list([_name(w) for w in winners])}; those come first, "
            "so that limit is left out"
        )
    else:
        bound = "at most" if conflict.side == "max" else "at least"
        text = (
            f"{_name(winners[0])} and {_name(loser)} both adjust your share of {noun}; "
            f"{_why(winners[0], loser)}: {bound} {conflict.value:g}%"
        )
    return escape_markdown(text + ".")


def settle_notes(
    conflicts: Iterable[Conflict], rules: Mapping[str, CompiledRule]
) -> tuple[MarkdownText, ...]:
    """A note per distinct conflict, in the order the engine met them."""
    notes: list[MarkdownText] = []
    for conflict in conflicts:
        note = settle_note(conflict, rules)
        if note not in notes:
            notes.append(note)
    return tuple(notes)
