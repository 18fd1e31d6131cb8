"""The formats a plan is written in. A module of its own so that the command line can
offer them without loading the renderers."""

from __future__ import annotations

from typing import Literal, get_args

# Markdown pages, the plan as JSON data, one self-contained HTML file, or the weekly
# routine as an iCalendar file.
Format = Literal["markdown", "json", "html", "ics"]
FORMATS: tuple[Format, ...] = get_args(Format)
