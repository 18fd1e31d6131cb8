"""Files as playbook reads them: only regular files, never more than the size limit; and
which YAML files a folder holds (profiles in a folder given on the command line, and a
client's check-ins, are found the same way)."""

from __future__ import annotations

import os
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
