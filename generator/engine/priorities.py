"""Which findings come first, which rules another rule's limits have replaced, and which
"already working" lines the final plan would contradict."""

from __future__ import annotations

from ..model.profile import MIX_KINDS
from ..model.rule import Priority
from ..rules.compile import CompiledRule
from .mix import Limits
from .plan import MixAdvice, Verdict

# How much a priority weighs against another, and how far a rule without mix limits is
# taken to be from the profile (in percentage points of the mix, the same unit as a mix
# rule's gap), so the two can be ranked together by size.
WEIGHT: dict[Priority, float] = {"high": 1.5, "medium": 1.0, "low": 0.5}
SIZE_WITHOUT_MIX: dict[Priority, float] = {"high": 30.0, "medium": 20.0, "low": 10.0}


# Rules about goals, sales and measurement bear directly on a goal counted in a conversion.
GOAL_TAGS = frozenset({"goals", "sales", "measurement"})
GOAL_EFFECT = 1.25


def priority_score(v: Verdict, converts: bool = False) -> float:
    """How much a finding matters: how far the profile is from the rule, times its weight,
    and more where it bears on a goal counted in a conversion (`converts`)."""
    priority = v.rule.spec.priority
    size = v.gap if v.rule.spec.mix else SIZE_WITHOUT_MIX[priority]
    effect = GOAL_EFFECT if converts and GOAL_TAGS & set(v.rule.spec.tags) else 1.0
    return size * WEIGHT[priority] * effect


def absorbed_rules(verdicts: list[Verdict], mix: tuple[MixAdvice, ...]) -> set[str]:
    """Mix rules each of whose limits lost, wherever the rule applies, to an earlier rule's
    limit on the same kind: their numbers never reach the plan, so neither do they."""
    out: set[str] = set()
    for v in verdicts:
        if not v.rule.spec.mix or not v.applies:
            continue
        places = [m for m in mix if None in v.applies or m.platform in v.applies]
        if places and all(lost_every_limit(v.rule, m.limits) for m in places):
            out.add(v.rule.id)
    return out


def lost_every_limit(rule: CompiledRule, limits: Limits) -> bool:
    """True when, in `limits`, another rule's limit won on every kind and side the rule sets."""
    for kind, bound in rule.spec.mix.items():
        for value, held in ((bound.min, limits.mins), (bound.max, limits.maxs)):
            if value is not None and (kind not in held or held[kind].rule == rule.id):
                return False
    return True


def changes_rule(rule: CompiledRule, changed: set[str]) -> bool:
    """True when the final plan changes a kind the rule speaks of: its "working" line would
    praise what the plan then changes."""
    if rule.spec.mix:
        return any(kind in changed for kind in rule.spec.mix)
    if "posting-mix" in rule.spec.tags:
        return bool(changed & set(MIX_KINDS))
    return False
