"""Every export format playbook knows, in the order they are tried."""

from __future__ import annotations

from .base import ExportFormat
from .facebook import FACEBOOK
from .instagram import INSTAGRAM
from .linkedin import LINKEDIN, LINKEDIN_2018
from .threads import THREADS
from .tiktok import TIKTOK

FORMATS: tuple[ExportFormat, ...] = (
    LINKEDIN,
    LINKEDIN_2018,
    INSTAGRAM,
    THREADS,
    FACEBOOK,
    TIKTOK,
)
