"""Every export format playbook knows, in the order they are tried."""

from __future__ import annotations

from .base import ExportFormat

FORMATS: tuple[ExportFormat, ...] = ()
