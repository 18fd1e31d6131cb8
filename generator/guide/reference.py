"""The guide's format reference: a page per file format, every key described from the
models that check it."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, NamedTuple

from ..model.constraints import model_fields, required_keys
from ..model.profile import Profile
from ..model.rule import RuleSpec
from ..render.environment import render_markdown
from ..rules.variables import VARIABLES
from ..text import MarkdownText


class ReferencePage(NamedTuple):
    """A page of the format reference: the file format one model checks."""

    file: str
    model: type
    title: str
    intro: str
    lists_variables: bool  # the rule variables are listed too


_TYPE_WORDS = {str: "text", int: "whole number", float: "number", bool: "true/false"}


def _type_words(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _type_words(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type_words(options[0])
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{v}`" for v in typing.get_args(tp))
    if origin is list:
        return "list of " + _type_words(typing.get_args(tp)[0])
    if origin is dict:
        key, value = typing.get_args(tp)
        return f"mapping of {_type_words(key)} to {_type_words(value)}"
    if dataclasses.is_dataclass(tp):
        name = typing.cast(type, tp).__name__
        return f"[{name}](#{name.lower()})"
    if getattr(tp, "__name__", "") == "date":
        return "date (YYYY-MM-DD)"
    if getattr(tp, "__name__", "") == "Node":
        return "profile keys"
    return _TYPE_WORDS.get(tp, str(tp))


def _models(root: type) -> list[type]:
    """The root model and every model nested in it, in the order they are first met."""
    found: list[type] = []

    def visit(tp: Any) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in found:
            cls = tp
            found.append(cls)
            for hint in model_fields(cls).values():
                visit(hint)

    visit(root)
    return found


def _model_table(cls: type) -> dict[str, Any]:
    required = set(required_keys(cls))
    rows = []
    for f in dataclasses.fields(cls):
        example = f.metadata.get("example")
        rows.append(
            {
                "key": f.name,
                "type": MarkdownText(_type_words(model_fields(cls)[f.name])),
                "required": "yes" if f.name in required else "no",
                "doc": MarkdownText(f.metadata.get("doc", "")),
                "example": _example_cell(example),
            }
        )
    return {"heading": cls.__name__, "doc": (cls.__doc__ or "").strip(), "rows": rows}


def _example_cell(example: object) -> MarkdownText | str:
    if example is None:
        return ""
    if isinstance(example, list):
        shown = ", ".join(map(str, example))
    elif isinstance(example, dict):
        # As it is written in YAML, not as Python prints it.
        shown = "{" + ", ".join(f"{k}: {v}" for k, v in example.items()) + "}"
    else:
        shown = str(example)
    return MarkdownText("`" + shown.replace("`", "'").replace("|", "/") + "`")


def reference_page(ref: ReferencePage) -> str:
    """The page describing every key of one file format."""
    return render_markdown(
        "guide/reference.md.j2",
        title=ref.title,
        intro=ref.intro,
        models=[_model_table(cls) for cls in _models(ref.model)],
        variables=VARIABLES if ref.lists_variables else {},
    )


PROFILE_INTRO = (
    "Every key a client profile can hold, generated from the same models that check profiles, "
    "so it always matches what `playbook check` accepts. The JSON Schema for editors is "
    "[profile.schema.json](../schemas/profile.schema.json). `client.websites` and "
    "`measured_from` are explained in [Measuring from exports](../measuring.md)."
)
CHECKIN_INTRO = (
    "Every key of a monthly check-in (`<profile name>/checkins/YYYY-MM.yaml` beside the "
    "profile; `playbook checkin PROFILE` writes one ready to fill in, and `playbook measure "
    "PROFILE EXPORT --checkins` fills its posts by kind from the client's own account export: "
    "see [Measuring from exports](../measuring.md)), generated from the "
    "models that check them. Leave out what was not measured: it shows as a gap, never as a "
    "zero. The JSON Schema for editors is [checkin.schema.json](../schemas/checkin.schema.json)."
)
SITE_INTRO = (
    "Every key of `site-config/client-site.yml`, the coach's settings shared by every client "
    "site `playbook build` makes (a profile may override the look under `branding:`). The "
    "JSON Schema is [client-site.schema.json](../schemas/client-site.schema.json)."
)
RULE_INTRO = (
    "Every key a rule file can hold, generated from the models that check rules. The JSON "
    "Schema for editors is [rule.schema.json](../schemas/rule.schema.json)."
)


def reference_index() -> str:
    """The list of file formats, each page generated from the models that check it."""
    return render_markdown(
        "guide/reference-index.md.j2",
        references=[(ref.file, ref.title) for ref in references()],
    )


def references() -> list[ReferencePage]:
    """The format reference pages."""
    from ..model.checkin import CheckIn
    from ..model.site import SiteSettings

    return [
        ReferencePage("profile.md", Profile, "Profile format", PROFILE_INTRO, False),
        ReferencePage("rules.md", RuleSpec, "Rule file format", RULE_INTRO, True),
        ReferencePage("checkin.md", CheckIn, "Check-in format", CHECKIN_INTRO, False),
        ReferencePage("client-site.md", SiteSettings, "Client site settings", SITE_INTRO, False),
    ]
