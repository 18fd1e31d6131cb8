"""The shapes every export format shares: the files of one export, and a format that
recognises and reads them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ...model.export import ExportRead
from ...model.profile import PlatformLiteral


class ExportError(Exception):
    """An export cannot be read. `member` is the file inside the archive, '' for none.
    The message says what is wrong, the hint what to do; the command line prints
    `source[:member]: error: message (hint)` on one line."""

    def __init__(self, message: str, hint: str, member: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.member = member


class ExportFiles(Protocol):
    """The files of one export, read lazily: only the posts files are ever opened, so
    media are never extracted."""

    @property
    def label(self) -> str:
        """What the coach gave, as they wrote it."""
        ...

    def names(self) -> Sequence[str]:
        """Every file's path inside the export, '/'-separated, sorted."""
        ...

    def head(self, name: str, size: int = 4096) -> bytes:
        """The first bytes of a file, for recognising it by content."""
        ...

    def read(self, name: str) -> bytes:
        """The whole file; raises ExportError when it cannot be read."""
        ...

    def chunks(self, name: str, size: int = 1 << 20) -> Iterator[bytes]:
        """The file a piece at a time, so a big posts file need not be held whole; raises
        ExportError when it cannot be read."""
        ...


@dataclass(frozen=True)
class FilesInMemory:
    """An export held in memory, for tests and for a posts file given on its own."""

    label: str
    files: Mapping[str, bytes]

    def names(self) -> Sequence[str]:
        return sorted(self.files)

    def head(self, name: str, size: int = 4096) -> bytes:
        return self.files[name][:size]

    def read(self, name: str) -> bytes:
        return self.files[name]

    def chunks(self, name: str, size: int = 1 << 20) -> Iterator[bytes]:
        data = self.files[name]
        for start in range(0, len(data), size):
            yield data[start : start + size]


@dataclass(frozen=True)
class ExportFormat:
    """One kind of export. `recognise` looks only at names and heads and returns the
    member it would read (its main posts file), or None; `read` does the reading."""

    name: str  # short and stable, such as 'x-archive'
    label: str  # in words, such as 'X archive (data/tweets.js)'
    looks_for: str  # what `recognise` looks for, for the message when nothing matches
    recognise: Callable[[ExportFiles], str | None]
    read: Callable[[ExportFiles], ExportRead]
    platform: PlatformLiteral  # whose posts it reads; one format per platform per export
