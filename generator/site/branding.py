"""Coach branding for client sites: name, logo, primary colour and the public guide's address.

The coach sets them once in `site-config/client-site.yml`; a profile may override them under
`branding:`. Colours are checked for contrast here, so a coach's brand colour never makes a
client site hard to read: text on the colour and links in that colour both reach WCAG AA.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path as FilePath

from ..errors import Mark, Problem
from ..model.profile import Branding, Profile
from ..model.site import SiteSettings
from ..source.load import read_file
from ..source.validator import locate
from .logo import LogoError, read_logo

AA = 4.5
WHITE = "#ffffff"
BLACK = "#000000"
# The theme's dark ("slate") background: links on it are checked against this colour.
SLATE = "#1e2129"  # as Chromium paints it


@dataclass(frozen=True)
class Look:
    """The branding one client site uses, after the profile's overrides."""

    coach: str
    logo: str | None  # a path, relative to `logo_base`
    logo_base: str
    primary: str
    on_primary: str
    link: str
    guide_url: str
    link_on_dark: str = "#80cbc4"  # links in the dark scheme; this default suits the teal


def luminance(colour: str) -> float:
    """Relative luminance, as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _shade_until_readable(colour: str, background: str, towards: int) -> str:
    """The colour, moved in small steps towards black (0) or white (255) until text in it
    reaches AA on the background."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    current = colour.lower()
    for step in range(101):
        mixed = (c + (towards - c) * step / 100 for c in channels)
        current = "#" + "".join(f"{round(c):02x}" for c in mixed)
        if contrast(current, background) >= AA:
            break
    return current


def darken_until_readable(colour: str, background: str = WHITE) -> str:
    """The colour, darkened in small steps until text in it reaches AA on the background."""
    return _shade_until_readable(colour, background, 0)


def lighten_until_readable(colour: str, background: str = SLATE) -> str:
    """The colour, lightened in small steps until text in it reaches AA on the background."""
    return _shade_until_readable(colour, background, 255)


def look_for(
    settings: SiteSettings,
    settings_dir: str,
    branding: Branding | None,
    profile_dir: str,
    coach_name: str | None = None,
) -> Look:
    """The look of one client's site: the coach's settings with the profile's overrides
    (`coach_name` is the profile's `client.coach`; `branding.coach` wins over it).

    A logo path is kept with the folder of the file that named it.
    """
    coach = settings.coach
    if coach_name is not None:
        coach = replace(coach, name=coach_name)
    logo, base = coach.logo, settings_dir
    if branding is not None:
        if branding.logo is not None:
            logo, base = branding.logo, profile_dir
        if branding.primary_color is not None:
            coach = replace(coach, primary_color=branding.primary_color)
        if branding.coach is not None:
            coach = replace(coach, name=branding.coach)
    primary = coach.primary_color.lower()
    on_primary = max((WHITE, BLACK), key=lambda text: contrast(text, primary))
    return Look(
        coach=coach.name,
        logo=logo,
        logo_base=base,
        primary=primary,
        on_primary=on_primary,
        link=darken_until_readable(primary),
        guide_url=settings.guide_url.rstrip("/") + "/",
        link_on_dark=lighten_until_readable(primary),
    )


def logo_file_problems(folder: FilePath, name: str, mark: Mark) -> list[Problem]:
    """The logo `name` in `folder` must be a plain image file there, small enough to copy
    into every site, and of the type its name says (an SVG also one playbook can clean)."""
    try:
        read_logo(folder, name)
    except LogoError as exc:
        return [Problem(mark, exc.what, exc.fix)]
    return []


def profile_logo_problems(profile: Profile, profile_path: FilePath) -> list[Problem]:
    """The logo a profile names under `branding:`, checked beside the profile, at its line."""
    if profile.branding is None or profile.branding.logo is None:
        return []
    node = read_file(profile_path, str(profile_path))
    mark = locate(node, ("branding", "logo"))
    return logo_file_problems(profile_path.parent, profile.branding.logo, mark)
