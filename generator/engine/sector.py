"""Which sector a client is in, and what its audience is called. Pure functions."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from ..model.advice import Advice, Sector
from ..model.profile import Audience, Profile
from ..rules.variables import ClientWords

FALLBACK = "general"
# How the sector was chosen: named in the profile, matched from its industry, or the fallback.
How = Literal["named", "matched", "fallback"]


@dataclass(frozen=True)
class SectorChoice:
    """The client's sector, how it was chosen, and the audience words the plan uses."""

    sector: Sector
    how: How
    word: str | None  # the phrase of the industry that matched
    audience: Audience
    own_audience: bool  # the profile names its audience outright

    @property
    def words(self) -> ClientWords:
        return ClientWords(self.sector.id, self.audience.many, self.audience.one)

    def sentence(self) -> str:
        """Which sector and audience the plan uses, and why, in one line of plain text."""
        if self.how == "named":
            why = "named in your profile"
        elif self.how == "matched":
            why = f"your industry says '{self.word}'"
        else:
            why = "no sector matched your industry, so the general advice"
        whose = "as your profile says" if self.own_audience else "the sector's word"
        return (
            f"Advice for {self.sector.title} ({why}); your audience is called "
            f"{self.audience.many} ({whose})."
        )


@functools.lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    # Whole words: no letter, digit or hyphen may touch the phrase on either side. A plain
    # plural counts too ("councils", "clinics"), since industries are often written so.
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?:s|es)?(?![\w-])")


def match_sector(industry: str, sectors: tuple[Sector, ...]) -> tuple[Sector, str] | None:
    """The sector whose phrase matches the industry as whole words, the longest phrase
    winning (then the sector id, so ties are settled the same way every time)."""
    text = " ".join(industry.lower().split())
    found = [
        (-len(phrase), sector.id, phrase, sector)
        for sector in sectors
        for phrase in sector.match
        if _pattern(phrase).search(text)
    ]
    if not found:
        return None
    _, _, phrase, sector = min(found, key=lambda f: f[:3])
    return sector, phrase


def choose_sector(profile: Profile, advice: Advice | None) -> SectorChoice | None:
    """The client's sector: `client.sector` when the profile names one, else the one its
    industry matches, else the general one. None without an advice library."""
    if advice is None:
        return None
    client = profile.client
    named = advice.sector(client.sector) if client.sector else None
    matched = match_sector(client.industry, advice.sectors) if client.industry else None
    fallback = advice.sector(FALLBACK)
    how: How
    if named is not None:
        sector, how, word = named, "named", None
    elif matched is not None:
        (sector, word), how = matched, "matched"
    elif fallback is not None:
        sector, how, word = fallback, "fallback", None
    else:
        return None
    audience = client.audience or sector.audience
    return SectorChoice(sector, how, word, audience, client.audience is not None)
