"""Why rule code failed on a profile, in the words of someone who writes YAML, not Python.

Jinja and Python say "'None' has no attribute 'name'" or "'>' not supported between
instances of 'NoneType' and 'int'"; a rule author reads "reads 'name' of a value that is
not set on this profile", with the way out.
"""

from __future__ import annotations

import re

from jinja2 import TemplateError

from .budget import RuleCodeError

NOT_SET = (
    "it uses a value that is not set on this profile (hours_per_week, client.industry, "
    "client.coach, a goal's 'by' or, for rules judged once per profile, platform) as if it "
    "were; check it first, as in {% if hours_per_week %}...{% endif %}"
)
# A text written once for the whole client ('working:', the checklist, a profile rule's
# actions and evidence) that reads `platform`, which only a platform's variables hold.
PLATFORM_NOT_SET = (
    "it uses 'platform', which is not set here: this text is written once for the whole "
    "client, not for each platform (only a rule with scope: platform has 'platform', in its "
    "when:, evidence: and actions:, never in working: or checklist:); use 'platforms', "
    "the list of the client's platforms, or leave the platform out"
)
_USES_PLATFORM = re.compile(r"\bplatform\b")
_KINDS = {
    "dict object": "this value",
    "list object": "a list",
    "str object": "a piece of text",
    "int object": "a number",
    "float object": "a number",
    "bool object": "a yes/no value",
}
_NO_ITEM = re.compile(r"^(?P<what>.+) has no element (?P<index>.+)$")
_NO_KEY = re.compile(r"^'(?P<what>.+)' has no attribute '(?P<key>.+)'$")
_UNDEFINED = re.compile(r"^'(?P<name>.+)' is undefined$")


def _unset(what: str) -> bool:
    return what in ("None", "NoneType object")


def _described(text: str) -> str | None:
    """Jinja's complaints about a missing name, item or key, in plain words."""
    if found := _NO_ITEM.match(text):
        if _unset(found["what"]):
            return NOT_SET
        index = found["index"]
        return (
            f"there is no item {index} in the list: on this profile it has fewer items "
            f"(items count from 0); check its length first, as in "
            f"{{% if goals | length > {index} %}}...{{% endif %}}"
        )
    if found := _NO_KEY.match(text):
        if _unset(found["what"]):
            return NOT_SET
        kind = _KINDS.get(found["what"], found["what"])
        return f"{kind} has no '{found['key']}' on this profile"
    if found := _UNDEFINED.match(text):
        return f"'{found['name']}' is not defined here"
    return None


def plain_message(exc: Exception) -> str:
    """What went wrong when rule code ran, for the rule's author."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, RuleCodeError):
        return text
    described = _described(text)
    if described is not None:
        return described
    if isinstance(exc, TemplateError):
        return text
    if isinstance(exc, ZeroDivisionError):
        return (
            "it divides by zero: a value it divides by is 0 on this profile; check it "
            "first, as in {% if mix.replies > 0 %}...{% endif %}"
        )
    if isinstance(exc, TypeError) and ("NoneType" in text or "'None'" in text):
        return NOT_SET
    if isinstance(exc, TypeError):
        return f"it mixes values of different kinds, such as text and a number ({text})"
    return f"it failed on this profile ({text})"


def in_plain_words(message: str, source: str, context: dict[str, object]) -> str:
    """`message` about code `source` that failed with `context`; a value that is not set is
    named when it is `platform` on a text written for the whole client."""
    if message == NOT_SET and context.get("platform") is None and _USES_PLATFORM.search(source):
        return PLATFORM_NOT_SET
    return message
