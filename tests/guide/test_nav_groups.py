"""Many community rules are grouped in the navigation, so no page lists them all."""

from __future__ import annotations

from typing import Any

from generator.guide.nav_groups import FLAT_UP_TO, community_nav


def _paths(entries: list[Any]) -> list[str]:
    """The rule pages in navigation order, through any groups."""
    out: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append(entry)
        else:
            (children,) = entry.values()
            out += _paths(children)
    return out


def _widest(entries: list[Any]) -> int:
    """The most entries any one page shows: its own group's, and its parents'."""
    groups = [next(iter(e.values())) for e in entries if isinstance(e, dict)]
    return len(entries) + max((_widest(g) for g in groups), default=0)


def _rules(count: int) -> list[tuple[str, str]]:
    return sorted((f"Rule {i}", f"rules/rule-{i}.md") for i in range(count))


def test_a_few_community_rules_are_one_flat_list() -> None:
    rules = _rules(FLAT_UP_TO)
    assert community_nav(rules) == [path for _, path in rules]


def test_many_are_grouped_every_rule_once_in_title_order() -> None:
    for count in (FLAT_UP_TO + 1, 1000, 2000):
        rules = _rules(count)
        nav = community_nav(rules)
        assert _paths(nav) == [path for _, path in rules]
        # A page lists a few dozen entries, however many rules there are.
        assert _widest(nav) <= 40, count


def test_group_labels_use_only_an_initial_of_the_titles() -> None:
    rules = [(f"<b>x</b> {i}", f"rules/a{i:03d}.md") for i in range(50)]
    rules += [(f"zebra {i}", f"rules/z{i:03d}.md") for i in range(50)]
    labels = [next(iter(entry)) for entry in community_nav(rules)]
    assert labels[0].startswith("# (1–") and labels[-1].startswith("Z (")
    assert not any("<" in label for label in labels)
