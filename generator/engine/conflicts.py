"""Explain, in the plan's words, how rules that disagree about the posting mix were settled.

The engine settles every disagreement the same way (see `Limits.add`): rules are taken in
precedence order (golden rules by number, then the coach's own rules, then community rules by
id) and the first rule to limit one side of one kind of post keeps its limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..rules.compile import CompiledRule
from ..text import MarkdownText, and_list, escape_markdown
from .mix import KIND_NOUNS, Conflict, Nouns


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


def _clash_note(
    conflict: Conflict, rules: Mapping[str, CompiledRule], nouns: Nouns = KIND_NOUNS
) -> MarkdownText:
    """One sentence: a limit left out because it cannot be met with those kept."""
    noun = nouns[conflict.kind][1]
    winners = [_name(rules[w]) for w in conflict.winners]
    text = (
        f"{_name(rules[conflict.loser])} limits your share of {noun} in a way that cannot be "
        f"met together with {and_list(winners)}; those come first, so that limit is left out"
    )
    return escape_markdown(text + ".")


def settle_notes(
    conflicts: Iterable[Conflict], rules: Mapping[str, CompiledRule], nouns: Nouns = KIND_NOUNS
) -> tuple[MarkdownText, ...]:
    """One note per kind and side: the limit that wins, and every rule it wins over, so a
    kind's limit is quoted once however many rules disagree about it."""
    groups: dict[tuple[str, str, tuple[str, ...], bool], list[Conflict]] = {}
    for conflict in conflicts:
        key = (conflict.kind, conflict.side, conflict.winners, conflict.clash)
        group = groups.setdefault(key, [])
        if all(c.loser != conflict.loser for c in group):
            group.append(conflict)
    notes: list[MarkdownText] = []
    for group in groups.values():
        first = group[0]
        if first.clash:
            notes.extend(_clash_note(c, rules, nouns) for c in group)
            continue
        notes.append(_winner_note(first, [rules[c.loser] for c in group], rules, nouns))
    return tuple(dict.fromkeys(notes))


def _winner_note(
    first: Conflict,
    losers: list[CompiledRule],
    rules: Mapping[str, CompiledRule],
    nouns: Nouns = KIND_NOUNS,
) -> MarkdownText:
    """'“Pull, don't push” (golden rule 3) sets the one limit on sales posts: at most 10%;
    2 community rules that allow more are set aside (the golden rule wins).' The losers are
    counted, not named: their titles often quote their own ratio, which the plan never uses."""
    noun = nouns[first.kind][1]
    winner = rules[first.winners[0]]
    bound = "at most" if first.side == "max" else "at least"
    one = len(losers) == 1
    looser = "allow more" if first.side == "max" else "ask less"
    if one:
        looser = "allows more" if first.side == "max" else "asks less"
    kinds = " and ".join(sorted({r.kind() for r in losers}))
    who = f"a {kinds}" if one else f"{len(losers)} {kinds}s"
    text = (
        f"{_name(winner)} sets the one limit on {noun}: {bound} {first.value:g}%; "
        f"{who} that {looser} {'is' if one else 'are'} set aside "
        f"({_why(winner, losers[0])})"
    )
    return escape_markdown(text + ".")
