"""Edge profiles: the shapes of real profiles a rule's own examples may never show.

A rule's examples are a handful of profiles its author pictured; a plan meets others: one
goal where every example has two, no hours_per_week, every platform, nothing measured. Each
edge here changes a profile (an example merged into the baseline profile) in one such way,
so rule code that would fail on such a profile at plan time fails at check time, with the
edge named. Edges are made on the YAML tree and validated like any profile, so only valid
profiles are tried.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..errors import Mark
from ..model.nodes import Key, Mapping, Node, Scalar, Sequence
from ..model.profile import MIX_KINDS, PLATFORMS

# The most goals a profile may have (model.profile.Profile.goals).
MOST_GOALS = 20


def _with(profile: Mapping, key: str, value: Node | None) -> Mapping:
    """The profile with `key` set to `value` (None: taken out)."""
    entries = [(k, v) for k, v in profile.entries if k.text != key]
    if value is not None:
        old = next((k for k, _ in profile.entries if k.text == key), Key(key, profile.mark))
        entries.append((old, value))
    return Mapping(profile.mark, entries)


def _items(profile: Mapping, key: str) -> list[Node]:
    node = profile.get(key)
    return list(node.items) if isinstance(node, Sequence) else []


def _scalar(mark: Mark, value: object) -> Scalar:
    return Scalar(mark, value, str(value))


def _each_item(profile: Mapping, key: str, change: Callable[[Mapping], Mapping]) -> Mapping:
    """The profile with `change` made to every item of the list under `key`."""
    items = [change(item) if isinstance(item, Mapping) else item for item in _items(profile, key)]
    return _with(profile, key, Sequence(profile.mark, items))


def _first(key: str) -> Callable[[Mapping], Mapping]:
    def change(profile: Mapping) -> Mapping:
        return _with(profile, key, Sequence(profile.mark, _items(profile, key)[:1]))

    return change


def _most_goals(profile: Mapping) -> Mapping:
    goals = _items(profile, "goals")
    return _with(profile, "goals", Sequence(profile.mark, (goals * MOST_GOALS)[:MOST_GOALS]))


def _every_platform(profile: Mapping) -> Mapping:
    platforms = _items(profile, "platforms")
    if not platforms or not isinstance(platforms[0], Mapping):
        return profile
    first = platforms[0]
    named = {getattr(p.get("name"), "value", None) for p in platforms if isinstance(p, Mapping)}
    more: list[Node] = [
        _with(first, "name", _scalar(first.mark, name)) for name in PLATFORMS if name not in named
    ]
    return _with(profile, "platforms", Sequence(profile.mark, platforms + more))


def _no_posts(profile: Mapping) -> Mapping:
    return _each_item(
        profile, "platforms", lambda p: _with(p, "posts_per_week", _scalar(p.mark, 0))
    )


def _undated(profile: Mapping) -> Mapping:
    return _each_item(profile, "goals", lambda goal: _with(goal, "by", None))


def _bare_client(profile: Mapping) -> Mapping:
    client = profile.get("client")
    if not isinstance(client, Mapping):
        return profile
    return _with(profile, "client", _with(_with(client, "industry", None), "coach", None))


def _only(kind: str) -> Callable[[Mapping], Mapping]:
    """Every post of one kind, on every platform."""

    def change(profile: Mapping) -> Mapping:
        mark = profile.mark
        mix = Mapping(
            mark, [(Key(k, mark), _scalar(mark, 100 if k == kind else 0)) for k in MIX_KINDS]
        )
        profile = _each_item(profile, "platforms", lambda p: _with(p, "posting_mix", None))
        return _with(profile, "posting_mix", mix)

    return change


def _set(key: str, value: object) -> Callable[[Mapping], Mapping]:
    return lambda profile: _with(
        profile, key, None if value is None else _scalar(profile.mark, value)
    )


def _empty(key: str) -> Callable[[Mapping], Mapping]:
    return lambda profile: _with(profile, key, Sequence(profile.mark, []))


# (how the profile differs, in words that finish "a profile ...", the change)
EDGES: tuple[tuple[str, Callable[[Mapping], Mapping]], ...] = (
    ("with only one goal", _first("goals")),
    (f"with {MOST_GOALS} goals", _most_goals),
    ("with undated goals", _undated),
    ("on only one platform", _first("platforms")),
    ("on every platform", _every_platform),
    ("with no posts a week", _no_posts),
    ("measuring nothing", _empty("measuring")),
    ("without hours_per_week", _set("hours_per_week", None)),
    ("with hours_per_week: 0", _set("hours_per_week", 0)),
    ("without client.industry or client.coach", _bare_client),
    ("posting only sales posts", _only("promotional")),
    ("posting only replies", _only("replies")),
)


def edge_profiles(profile: Node) -> Iterator[tuple[str, Node]]:
    """(how it differs, the changed profile) for each edge that changes `profile`."""
    if not isinstance(profile, Mapping):
        return
    for words, change in EDGES:
        yield words, change(profile)
