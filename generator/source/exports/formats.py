"""Every export format playbook knows, in the order they are tried."""

from __future__ import annotations

from .base import ExportFormat
from .bluesky import BLUESKY
from .mastodon import MASTODON
from .x_archive import X_ARCHIVE
from .x_older import X_OLDER

FORMATS: tuple[ExportFormat, ...] = (X_ARCHIVE, X_OLDER, MASTODON, BLUESKY)
