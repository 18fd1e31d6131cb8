"""Actions are part of the time budget: how many new things a client takes on at a time
follows the hours they have. The changes that matter most start first; the rest wait for
the next horizon, or are folded into the new posting mix, and the plan says so in the
client's words. Pure."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from ..model.rule import HORIZONS, Horizon
from ..text import format_number
from .plan import PlannedAction

# New actions a horizon can hold: one per hour a week, never fewer than two (the one or two
# changes that matter most) and never more than six (a coach's list, not a manual).
FEWEST, MOST = 2, 6
NEXT_WORDS: dict[Horizon, str] = {
    "this-week": "the next 30 days",
    "30-days": "the next 90 days",
    "90-days": "",
}


@dataclass(frozen=True)
class Paced:
    """The actions each horizon holds, those left for later (folded into the new mix, or
    waiting for more time), and a line for each horizon that could not hold all of its own."""

    actions: tuple[PlannedAction, ...]
    later: tuple[PlannedAction, ...]
    notes: dict[str, str]


def allowance(hours: float) -> int:
    """New actions per horizon for a week of `hours`."""
    return max(FEWEST, min(MOST, math.ceil(hours - 1e-9)))


def _rule(action: PlannedAction) -> str:
    return action.rule_ids[0] if action.rule_ids else ""


def _by_rule_in_turn(
    actions: list[PlannedAction], priority: list[str], carried: frozenset[str]
) -> list[PlannedAction]:
    """Each rule's first action, in the rules' `priority` order, then each one's second...:
    the most important step of every finding before a second step of any. Rules in
    `carried` (the posting-mix change already does what they ask) come after the others."""
    queues: dict[str, list[PlannedAction]] = {}
    for action in actions:
        queues.setdefault(_rule(action), []).append(action)
    rank = sorted(queues, key=lambda r: (r in carried, priority.index(r)))
    out: list[PlannedAction] = []
    while any(queues.values()):
        for rule in rank:
            if queues[rule]:
                out.append(queues[rule].pop(0))
    return out


def _note(hours: float, shown: int, folded: int, waiting: int, horizon: Horizon) -> str:
    """'With 1 hour a week, start with these 3; 4 more steps wait for the next 30 days...'"""
    said = f"With {format_number(hours)} hour{'s' if hours != 1 else ''} a week"
    parts = []
    if folded:
        steps = f"step{'s' if folded != 1 else ''}"
        parts.append(f"the new posting mix already takes care of {folded} more {steps}")
    if waiting:
        step = "step waits" if waiting == 1 else "steps wait"
        until = NEXT_WORDS[horizon] or "the week has more time"
        parts.append(f"{waiting} more {step} {'for' if NEXT_WORDS[horizon] else 'until'} {until}")
    if NEXT_WORDS[horizon]:
        return (
            f"{said}, start with these {shown}; {' and '.join(parts)}, so each change has "
            "time to become a habit."
        )
    return f"{said}, these {shown} are enough for this quarter; {' and '.join(parts)}."


def pace(mix: list[PlannedAction], rules: list[PlannedAction], hours: float | None) -> Paced:
    """The plan's actions within the client's hours (`hours` None: every action, unpaced).

    `mix` are the posting-mix actions (this week's), `rules` the rule actions in priority
    order. An action within the routine (a pause, how to make the routine's own posts) is
    never counted."""
    if hours is None:
        ordered = [a for h in HORIZONS for a in (*mix, *rules) if a.horizon == h]
        return Paced(tuple(ordered), (), {})
    room = allowance(hours)
    priority = list(dict.fromkeys(_rule(a) for a in (*mix, *rules)))
    waiting: list[PlannedAction] = []
    kept: list[PlannedAction] = []
    folded: list[PlannedAction] = []
    notes: dict[str, str] = {}
    for horizon in HORIZONS:
        changes = [a for a in mix if a.horizon == horizon]
        # Where the mix changes, that change carries its rules; other findings' first
        # steps (measuring, answering) come before a second step of the mix. What an
        # earlier horizon could not hold leads its rule's queue: it was due sooner.
        by_mix = frozenset(r for a in changes for r in a.rule_ids)
        due = [dataclasses.replace(a, horizon=horizon) for a in waiting]
        due += [a for a in rules if a.horizon == horizon]
        ranked = changes + _by_rule_in_turn(due, priority, by_mix)
        counted = [a for a in ranked if not a.within_routine]
        held, rest = counted[:room], counted[room:]
        kept += [a for a in ranked if a.within_routine or a in held]
        # A step of a rule the new mix carries is folded into it rather than put off.
        fold = [a for a in rest if _rule(a) in by_mix]
        waiting = [a for a in rest if a not in fold]
        folded += fold
        if rest:
            shown = len(held) + sum(1 for a in ranked if a.within_routine)
            notes[horizon] = _note(hours, shown, len(fold), len(waiting), horizon)
    return Paced(tuple(kept), (*folded, *waiting), notes)
