"""Every export format playbook knows, in the order they are tried."""

from __future__ import annotations

from .base import ExportFormat
from .bluesky import BLUESKY
from .facebook import FACEBOOK
from .instagram import INSTAGRAM
from .linkedin import LINKEDIN, LINKEDIN_2018
from .mastodon import MASTODON
from .threads import THREADS
from .tiktok import TIKTOK
from .x_archive import X_ARCHIVE
from .x_older import X_OLDER

FORMATS: tuple[ExportFormat, ...] = (
    X_ARCHIVE,
    X_OLDER,
    MASTODON,
    BLUESKY,
    LINKEDIN,
    LINKEDIN_2018,
    INSTAGRAM,
    THREADS,
    FACEBOOK,
    TIKTOK,
)
