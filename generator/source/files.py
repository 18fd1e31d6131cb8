"""Files as playbook reads them: only regular files, never more than the size limit; and
which YAML files a folder holds (profiles in a folder given on the command line, and a
client's check-ins, are found the same way)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import Mark, Problem, ProblemsError, WrongUsage

YAML_SUFFIXES = (".yaml", ".yml")
MAX_BYTES = 256 * 1024

# getattr: Windows has none of these flags (nor FIFOs to guard against).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)
for _flag in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC"):
    _OPEN_FLAGS |= getattr(os, _flag, 0)


def read_bytes(path: Path, source: str) -> bytes:
    """A regular file's bytes, up to one byte past the size limit (so the limit can be
    reported). Anything else is refused before it is read: a FIFO would wait for a writer
    forever, a device may never end, and opening some devices has effects of its own."""
    try:
        _refuse_special(path.stat().st_mode, source)
        # O_NONBLOCK: should the path have become a FIFO since, opening it returns at once
        # instead of waiting for a writer; the open descriptor's own kind is what counts.
        fd = os.open(path, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as handle:
            _refuse_special(os.fstat(fd).st_mode, source)
            # Never more than the limit plus one byte, however long the file grows.
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ProblemsError(
            [Problem(Mark(source, 1, 1), f"cannot read file: {reason}", "check the path")]
        ) from None


def _refuse_special(mode: int, source: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what, hint = "a folder", "give the path of a .yaml file"
    else:
        what = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
        hint = "save the YAML to a file and give that file's path"
    raise ProblemsError([Problem(Mark(source, 1, 1), f"this is {what}, not a file", hint)])


def yaml_files(folder: Path) -> list[Path]:
    """The .yaml and .yml files directly in `folder`, sorted; none when it is not a folder."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


# Settings files of other tools that sit beside profiles in a project folder.
TOOL_FILES = frozenset(
    {
        "mkdocs.yml",
        "mkdocs.yaml",
        "playbook.yml",
        "playbook.yaml",
        "client-site.yml",
        "client-site.yaml",
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yml",
        "compose.yaml",
        "codecov.yml",
        "environment.yml",
        "readthedocs.yml",
    }
)
_TOP_KEY = re.compile(rb"^([A-Za-z_]+):", re.MULTILINE)


def is_profile_file(path: Path) -> bool:
    """The stated rule for which YAML files in a folder are profiles: all of them except
    dotfiles (.pre-commit-config.yaml, .gitlab-ci.yml, ...), the settings files of tools
    (TOOL_FILES) and rule files (a top-level `id:` and no top-level `client:`). A file
    named on the command line is always read as a profile."""
    if path.name.startswith(".") or path.name.lower() in TOOL_FILES:
        return False
    try:
        with path.open("rb") as handle:
            keys = set(_TOP_KEY.findall(handle.read(MAX_BYTES)))
    except OSError:
        return True  # reading it as a profile reports the problem
    return not (b"id" in keys and b"client" not in keys)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become the profiles in them (`is_profile_file`). Each path
    once, in the order given; WrongUsage for a folder without any."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in yaml_files(path) if is_profile_file(p)]
            if not found:
                raise WrongUsage(
                    f"{path}: folder holds no profiles (.yaml files other than dotfiles, "
                    "tools' settings and rule files)"
                )
            out += found
        else:
            out.append(path)
    return list(dict.fromkeys(out))
