"""Which YAML files a folder holds: profiles in a folder given on the command line, and a
client's check-ins, are found the same way."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import WrongUsage

YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path) -> list[Path]:
    """The .yaml and .yml files directly in `folder`, sorted; none when it is not a folder."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their YAML files. Each path once, in the order given;
    WrongUsage for a folder without any."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = yaml_files(path)
            if not found:
                raise WrongUsage(f"{path}: folder holds no .yaml files")
            out += found
        else:
            out.append(path)
    return list(dict.fromkeys(out))
