"""One folder per client, named after the client. `plan -o` and `build -o` both decide here
which folder each client gets, and refuse a client whose name gives an earlier one's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem
from ..source.load import read_file
from ..source.validator import locate
from .write import slugify

# How a clash is worded, as each command has always worded it: `plan -o` names the folder,
# `build -o` the client as well.
PLAN_CLASH = "client name gives the folder '{slug}', like {first}"
BUILD_CLASH = "'{client}' makes the same folder name '{slug}' as {first}"


def client_folders(clients: Sequence[tuple[Path, str]], clash: str) -> list[str | Problem]:
    """For each (profile path, client name) in order, the client's folder name; or, when an
    earlier client already has that folder, a problem at the client's name worded by
    `clash` (a format string given `slug`, `first` and `client`)."""
    first: dict[str, Path] = {}
    folders: list[str | Problem] = []
    for path, client in clients:
        slug = slugify(client)
        if slug not in first:
            first[slug] = path
            folders.append(slug)
            continue
        where = locate(read_file(path, str(path)), ("client", "name"))
        message = clash.format(slug=slug, first=first[slug], client=client)
        folders.append(Problem(where, message, "give each client a distinct name"))
    return folders
