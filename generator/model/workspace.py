"""A coach's workspace settings (playbook.yml): who the coach is and where their branding,
own rules, client profiles and outputs live. Every path is relative to playbook.yml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .constraints import Text, spec
from .profile import Name

# A path as written in playbook.yml: one line, `/` between folders on every system.
Place = Annotated[
    str,
    Text(1, 500, pattern="[^\r\n\u2028\u2029\x85]+", pattern_hint="keep the path on one line"),
]


@dataclass(frozen=True)
class Outputs:
    """Where commands write when no -o is given."""

    plans: Place | None = spec(
        "The folder `playbook plan` writes into (one folder per client).",
        default=None,
        example="out/plans",
    )
    sites: Place | None = spec(
        "The folder `playbook build` writes client sites (and PDFs) into.",
        default=None,
        example="out/sites",
    )


@dataclass(frozen=True)
class Workspace:
    """playbook.yml: a coach's settings, found from the working folder upwards by every
    command; a command-line option always wins over it."""

    coach: Name | None = spec(
        "Your name or your practice's; new profiles carry it as client.coach.",
        default=None,
        example="Rivera Coaching",
    )
    site_config: Place | None = spec(
        "Your branding file for client sites (client-site.yml), as --site-config takes it.",
        default=None,
        example="brand/client-site.yml",
    )
    rules: Place | None = spec(
        "A folder of your own rules, used with the bundled ones, as --rules takes it.",
        default=None,
        example="rules",
    )
    clients: Place | None = spec(
        "The folder of client profiles: commands given no profile use it; init writes there.",
        default=None,
        example="clients",
    )
    out: Outputs | None = spec("Where output goes when no -o is given.", default=None)
