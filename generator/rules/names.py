"""What rule code may name, checked before it ever runs: known variables and their keys,
the sandbox's filters, and no statement that builds text step by step or pulls in other
templates."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import nodes

from .sandbox import ENV, RULE_FILTERS
from .variables import VARIABLES

# Template statements that would let a rule build up text step by step, or pull in other
# templates; rule text needs none of them.
_FORBIDDEN = {
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from %}",
    nodes.Include: "{% include %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
    nodes.With: "{% with %}",
}
MAX_LOOP_DEPTH = 2


def _names_used(tree: nodes.Node) -> Iterable[tuple[str, str | None]]:
    """(variable, attribute) pairs read from the context; attribute is None for bare names."""
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in assigned:
            yield node.name, None
        elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            if node.node.name not in assigned:
                yield node.node.name, node.attr
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.node, nodes.Name)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.node.name not in assigned
        ):
            yield node.node.name, node.arg.value


def _loop_depth(node: nodes.Node) -> int:
    inner = max((_loop_depth(child) for child in node.iter_child_nodes()), default=0)
    return inner + 1 if isinstance(node, nodes.For) else inner


def lookup_problem(name: str, attr: str | None) -> str | None:
    """What is wrong with reading `name` (and its key `attr`), if anything."""
    if name not in VARIABLES:
        return f"unknown variable '{name}'"
    keys = VARIABLES[name][1]
    if attr is not None and keys and attr not in keys:
        return f"'{name}' has no '{attr}' (it has {', '.join(keys)})"
    return None


def check_names(tree: nodes.Node) -> list[str]:
    """Messages for everything in the code a rule may not do: unknown names, attributes,
    filters and statements."""
    found = [
        f"'{node.attr}' starts with '_': such attributes are not allowed"
        for node in tree.find_all(nodes.Getattr)
        if node.attr.startswith("_")
    ]
    found += [
        f"{word} is not allowed in rules"
        for kind, word in _FORBIDDEN.items()
        if any(True for _ in tree.find_all(kind))
    ]
    found += [
        f"unknown filter '{node.name}' (rules can use: {', '.join(RULE_FILTERS)})"
        for node in tree.find_all(nodes.Filter)
        if node.name not in RULE_FILTERS
    ]
    if _loop_depth(tree) > MAX_LOOP_DEPTH:
        found.append(f"loops nested more than {MAX_LOOP_DEPTH} deep are not allowed in rules")
    if any(loop.recursive for loop in tree.find_all(nodes.For)):
        found.append("recursive loops are not allowed in rules")
    in_loop = any(True for _ in tree.find_all(nodes.For))
    for name, attr in _names_used(tree):
        if name == "loop" and in_loop:
            continue
        problem = lookup_problem(name, attr)
        if problem is not None:
            found.append(problem)
    return sorted(set(found))


def condition_names(source: str) -> set[str]:
    """The variables a condition reads (none when it does not parse; compiling it reports
    that)."""
    try:
        tree = ENV.parse("{{ (" + source + ") }}")
    except Exception:  # the compiler reports the syntax error with its place
        return set()
    return {name for name, _ in _names_used(tree)}
