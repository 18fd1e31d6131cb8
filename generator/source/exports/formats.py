"""Every export format playbook knows, in the order they are tried."""

from __future__ import annotations

from .base import ExportFormat
from .mastodon import MASTODON

FORMATS: tuple[ExportFormat, ...] = (MASTODON,)
