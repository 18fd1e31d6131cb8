"""Every text of a rule rendered on a profile in every place a plan can render it, whether
the rule fires there or not: `rules check` runs this on each example, so a text that would
fail on a client's plan fails the check instead, with its field.

A plan renders `working:` and the checklist with the variables of the whole client (no
`platform`), a rule's evidence and actions where its `when:` holds (on each platform for
a rule with scope: platform, and for an action limited to some `platforms:`), and its
advice for a platform with that platform's variables. Texts behind a condition are only
rendered where the condition holds, as in a plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..engine.evaluate import judged_places
from ..model.profile import PLATFORM_LABELS, Profile
from ..rules.budget import RuleCodeError
from ..rules.code import TextTemplate
from ..rules.compile import CompiledRule
from ..rules.variables import ClientContext, client_context


class RenderFailure(NamedTuple):
    """A text that failed, the platform whose variables it had (None: the whole client)."""

    platform: str | None
    error: RuleCodeError


def _guarded_places(
    rule: CompiledRule, client: ClientContext, failures: list[RenderFailure]
) -> list[tuple[str | None, dict[str, Any]]]:
    """The places the rule is judged where its `when:` holds."""
    places = []
    for where, context in judged_places(rule, client):
        try:
            if rule.when is None or rule.when(context):
                places.append((where, context))
        except RuleCodeError as exc:
            failures.append(RenderFailure(where, exc))
    return places


def _action_contexts(
    client: ClientContext, where: str | None, platforms: Sequence[str]
) -> list[tuple[str | None, dict[str, Any]]]:
    """Where an action limited to `platforms` (none: every platform) is rendered."""
    if where is not None:
        return [(where, client.on(where))] if not platforms or where in platforms else []
    if not platforms:
        return [(None, client.base)]
    names = [p.name for p in client.profile.platforms if p.name in platforms]
    return [(name, client.on(name)) for name in names]


def render_everywhere(rule: CompiledRule, profile: Profile) -> list[RenderFailure]:
    """Every failure of the rule's texts on the profile, each field at most once."""
    client = client_context(profile)
    failures: list[RenderFailure] = []

    def attempt(where: str | None, text: TextTemplate, context: dict[str, Any]) -> None:
        try:
            text.render(context)
        except RuleCodeError as exc:
            failures.append(RenderFailure(where, exc))

    attempt(None, rule.working, client.base)
    places = _guarded_places(rule, client, failures)
    for where, context in places:
        for text in rule.evidence:
            attempt(where, text, context)
        for action in rule.actions:
            for place, ctx in _action_contexts(client, where, action.spec.platforms):
                try:
                    if action.applies(ctx):
                        attempt(place, action.text, ctx)
                except RuleCodeError as exc:
                    failures.append(RenderFailure(place, exc))
        named = [where] if where else [p.name for p in client.profile.platforms]
        for advice in rule.platform_advice:
            if advice.platform in named:
                attempt(advice.platform, advice.text, client.on(advice.platform))
    for item in rule.checklist if places else ():
        attempt(None, item.text, client.base)
    first: dict[tuple[str | int, ...], RenderFailure] = {}
    for failure in failures:
        first.setdefault(failure.error.where, failure)
    return list(first.values())


def place_words(platform: str | None) -> str:
    """Where a text failed, for a message: '' for the whole client, else ' on LinkedIn'."""
    return f" on {PLATFORM_LABELS[platform]}" if platform else ""
