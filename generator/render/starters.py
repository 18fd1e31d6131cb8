"""Starter files a coach fills in: a profile for a new client, and next month's check-in.
Rendering is pure; the caller writes the text (never over an existing file)."""

from __future__ import annotations

import json

from ..model.profile import Profile
from ..text import format_number
from .environment import yaml_environment


def profile_text(name: str, file_name: str, schema_url: str, coach: str | None = None) -> str:
    """A commented starter profile for a client called `name` (coached by `coach`)."""
    return (
        yaml_environment()
        .get_template("profile.yaml.j2")
        .render(
            name=_quoted(name),
            file_name=file_name,
            schema_url=schema_url,
            coach=_quoted(coach) if coach else "",
        )
    )


def _quoted(text: str) -> str:
    """A value on one YAML line, quoted: any wording stays one valid scalar."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def branding_text(coach: str, guide_url: str, schema_url: str) -> str:
    """A commented starter branding file (client-site.yml) for a coach."""
    return (
        yaml_environment()
        .get_template("client-site.yml.j2")
        .render(coach=_quoted(coach), guide_url=_quoted(guide_url), schema_url=schema_url)
    )


def workspace_text(coach: str | None, schema_url: str) -> str:
    """A commented playbook.yml for a coach's new workspace."""
    return (
        yaml_environment()
        .get_template("workspace.yml.j2")
        .render(coach=_quoted(coach) if coach else "", schema_url=schema_url)
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
