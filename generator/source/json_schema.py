"""JSON Schema for the models, so editors can complete and check profiles and rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

from ..model.constraints import Items, Range, Text, model_fields, required_keys
from .load import Node

_SCALARS = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    dt.date: {"type": "string", "format": "date"},
}


class _Writer:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *extras = typing.get_args(tp)
            narrowed = dict(self.type_schema(base))
            for extra in extras:
                narrowed.update(_constraint(extra))
            return narrowed
        if origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            return {"anyOf": [self.type_schema(options[0]), {"type": "null"}]}
        if tp is Node:
            return {"type": "object"}
        if dataclasses.is_dataclass(tp):
            cls = typing.cast(type, tp)
            if cls.__name__ not in self.defs:
                self.defs[cls.__name__] = {}
                self.defs[cls.__name__] = self.model_schema(cls)
            return {"$ref": f"#/$defs/{cls.__name__}"}
        if origin is list:
            return {"type": "array", "items": self.type_schema(typing.get_args(tp)[0])}
        if origin is dict:
            key_tp, value_tp = typing.get_args(tp)
            mapping: dict[str, Any] = {
                "type": "object",
                "additionalProperties": self.type_schema(value_tp),
            }
            keys = self.type_schema(key_tp)
            if "enum" in keys:
                mapping["propertyNames"] = {"enum": keys["enum"]}
            return mapping
        if origin is Literal:
            return {"enum": list(typing.get_args(tp))}
        return dict(_SCALARS[tp])

    def model_schema(self, cls: type) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            prop = self.type_schema(model_fields(cls)[f.name])
            if f.metadata.get("doc"):
                prop = {"description": f.metadata["doc"], **prop}
            if f.metadata.get("example") is not None:
                prop["examples"] = [f.metadata["example"]]
            if f.default is not dataclasses.MISSING and f.default is not None:
                prop["default"] = f.default
            properties[f.name] = prop
        out: dict[str, Any] = {
            "type": "object",
            "description": (cls.__doc__ or "").strip(),
            "properties": properties,
            "additionalProperties": False,
        }
        required = required_keys(cls)
        if required:
            out["required"] = required
        return out


def _constraint(extra: Any) -> dict[str, Any]:
    if isinstance(extra, Range):
        out: dict[str, Any] = {}
        if extra.min is not None:
            out["exclusiveMinimum" if extra.exclusive_min else "minimum"] = extra.min
        if extra.max is not None:
            out["maximum"] = extra.max
        return out
    if isinstance(extra, Text):
        text: dict[str, Any] = {"minLength": extra.min_len, "maxLength": extra.max_len}
        if extra.pattern:
            text["pattern"] = f"^(?:{extra.pattern})$"
        return text
    if isinstance(extra, Items):
        items: dict[str, Any] = {"minItems": extra.min} if extra.min else {}
        if extra.max is not None:
            items["maxItems"] = extra.max
        return items
    return {}


def json_schema(cls: type, name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a model, with nested models under $defs."""
    writer = _Writer()
    root = writer.model_schema(cls)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": name,
        **root,
        "$defs": dict(sorted(writer.defs.items())),
    }


def schema_text(cls: type, name: str) -> str:
    return json.dumps(json_schema(cls, name), indent=2, ensure_ascii=False) + "\n"


def _model(module: str, name: str) -> Callable[[], type]:
    """The model class, imported only when its schema is asked for."""

    def model() -> type:
        found: type = getattr(importlib.import_module(f"..model.{module}", __package__), name)
        return found

    return model


# Every file format playbook reads, by the name `playbook schema` knows it by.
SCHEMAS = {
    "profile": _model("profile", "Profile"),
    "rule": _model("rule", "RuleSpec"),
    "checkin": _model("checkin", "CheckIn"),
    "client-site": _model("site", "SiteSettings"),
    "platforms": _model("advice", "PlatformBook"),
    "sector": _model("advice", "Sector"),
    "idea": _model("advice", "Idea"),
    "workspace": _model("workspace", "Workspace"),
}
