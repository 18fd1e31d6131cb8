"""A coach's settings for client sites (site-config/client-site.yml): name, logo, colour and
the public guide's address."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from .constraints import Checked, FieldProblem, Text, spec
from .profile import Colour, Name, logo_problems
from .rule import Url


@dataclass(frozen=True)
class Coach(Checked):
    """The coach whose name and look the client sites carry."""

    name: Name = spec("The coach's or the business's name.", example="Rivera Coaching")
    logo: Annotated[str, Text(1, 200)] | None = spec(
        "An image file (SVG, PNG, JPEG or WebP) beside this file.",
        default=None,
        example="logo.svg",
    )
    primary_color: Colour = spec(
        "The brand colour, for the header and links.", default="#00695c", example="#1565c0"
    )

    def problems(self) -> Iterable[FieldProblem]:
        return logo_problems(self.logo)


@dataclass(frozen=True)
class SiteSettings:
    """site-config/client-site.yml: what every client site of one coach shares."""

    coach: Coach = spec("The coach's name, logo and colour.")
    guide_url: Url = spec(
        "The public guide's address; rule names on client sites link to its rule pages.",
        example="https://playbook-guide.github.io/playbook/",
    )
