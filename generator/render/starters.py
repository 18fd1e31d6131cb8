"""Starter files a coach fills in: a profile for a new client, and next month's check-in.
Rendering is pure; the caller writes the text (never over an existing file)."""

from __future__ import annotations

import json

from ..model.profile import Profile
from ..text import format_number
from .environment import yaml_environment


def profile_text(name: str, file_name: str, schema_url: str) -> str:
    """A commented starter profile for a client called `name`."""
    return (
        yaml_environment()
        .get_template("profile.yaml.j2")
        .render(
            name=json.dumps(" ".join(name.split()), ensure_ascii=False),
            file_name=file_name,
            schema_url=schema_url,
        )
    )


def checkin_text(profile: Profile, period: str, profile_file: str, schema_url: str) -> str:
    """A commented check-in for `period` with every field the profile's platforms and goals
    call for; every value is left empty for the coach to fill in or delete."""
    platforms = [
        {
            "name": p.name,
            "label": p.label,
            "per_month": format_number(round(p.posts_per_week * 52 / 12)),
        }
        for p in profile.platforms
    ]
    goals = [
        {
            # A metric is a mapping key: quoted, so any wording stays one valid key.
            # ASCII escapes: some Unicode line breaks would end a YAML line.
            "key": json.dumps(g.metric, ensure_ascii=True),
            "outcome": " ".join(g.outcome.split()),
            "target": format_number(g.target),
            "per": g.per,
        }
        for g in profile.goals
    ]
    return (
        yaml_environment()
        .get_template("checkin.yaml.j2")
        .render(
            client=" ".join(profile.client.name.split()),
            period=period,
            platforms=platforms,
            goals=list({g["key"]: g for g in goals}.values()),
            profile_file=profile_file,
            schema_url=schema_url,
        )
    )
