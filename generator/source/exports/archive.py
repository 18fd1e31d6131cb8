"""Open what the coach gave as an export: a .zip, a .tar.gz/.tgz, an unpacked folder or one
posts file. Only names are listed up front; a file is read when a format asks for it, so
media are never extracted and a gigabyte of photos costs no memory."""

from __future__ import annotations

import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

from .base import ExportError

_DOWNLOAD_AGAIN = "download the export again and give the file as it was downloaded"
_HEAD = 4096
_TEXT_SUFFIXES = (".js", ".json", ".csv", ".car", ".txt")
# What a damaged archive raises while it is being read (zlib and gzip errors, a cut stream).
_DAMAGE = (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, OSError, ValueError)


def _clean(name: str) -> str:
    """An archive member's path as formats see it: '/'-separated, no leading './' or '/'."""
    name = name.replace("\\", "/")
    while name.startswith(("./", "/")):
        name = name[2:] if name.startswith("./") else name[1:]
    return name


def _listed(name: str) -> bool:
    # macOS adds resource-fork copies of every file when it zips a folder.
    return bool(name) and not name.startswith("__MACOSX/") and "/._" not in f"/{name}"


class OpenedExport:
    """What every layout shares: a sorted list of names, and reading through `_open`."""

    label: str
    _names: list[str]
    single_file = False  # a posts file given on its own: its one member is the file itself

    def names(self) -> Sequence[str]:
        return self._names

    def _open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def head(self, name: str, size: int = 4096) -> bytes:
        return _read_member(self._open, name, size)

    def read(self, name: str) -> bytes:
        return _read_member(self._open, name, -1)

    def chunks(self, name: str, size: int = 1 << 20) -> Iterator[bytes]:
        try:
            with self._open(name) as stream:
                while block := stream.read(size):
                    yield block
        except KeyError:
            raise _missing(name) from None
        except _DAMAGE as error:
            raise _damaged(name, error) from None

    def close(self) -> None:
        pass


class ZipExport(OpenedExport):
    """A zip archive: the central directory is read once; members are inflated on demand."""

    def __init__(self, path: Path, label: str) -> None:
        self.label = label
        try:
            self._zip = zipfile.ZipFile(path)
        except _DAMAGE as error:
            raise ExportError(
                f"the zip archive is damaged or cut short here ({_reason(error)})",
                _DOWNLOAD_AGAIN,
                member=_last_started_member(path),
            ) from None
        self._members = {
            _clean(info.filename): info for info in self._zip.infolist() if not info.is_dir()
        }
        self._names = sorted(name for name in self._members if _listed(name))

    def _open(self, name: str) -> IO[bytes]:
        return self._zip.open(self._members[name])

    def close(self) -> None:
        self._zip.close()


class TarExport(OpenedExport):
    """A tar archive, usually gzip-compressed (Mastodon's older exports). Listing walks the
    whole stream once, decompressing media as it passes but never keeping them."""

    def __init__(self, path: Path, label: str) -> None:
        self.label = label
        self._members: dict[str, tarfile.TarInfo] = {}
        # The heads of files a format may look at, kept while the stream passes them:
        # going back for one later would decompress the archive again from its start.
        self._heads: dict[str, bytes] = {}
        last = ""
        try:
            self._tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by close()
            for info in self._tar:
                last = _clean(info.name)
                if info.isfile():
                    self._members[last] = info
                    if last.lower().endswith(_TEXT_SUFFIXES):
                        self._heads[last] = _read_member(self._open, last, _HEAD)
        except _DAMAGE as error:
            raise ExportError(
                f"the tar archive is damaged or cut short here ({_reason(error)})",
                _DOWNLOAD_AGAIN,
                member=last,
            ) from None
        self._names = sorted(name for name in self._members if _listed(name))

    def head(self, name: str, size: int = _HEAD) -> bytes:
        if size <= _HEAD and name in self._heads:
            return self._heads[name][:size]
        return super().head(name, size)

    def _open(self, name: str) -> IO[bytes]:
        stream = self._tar.extractfile(self._members[name])
        if stream is None:  # pragma: no cover - only regular files are listed
            raise KeyError(name)
        return stream

    def close(self) -> None:
        self._tar.close()


class FolderExport(OpenedExport):
    """An export already unpacked into a folder (or a single posts file, as its folder
    holding just that file)."""

    def __init__(self, root: Path, label: str, only: str = "") -> None:
        self.label = label
        self._root = root
        if only:
            self._names, self.single_file = [only], True
            return
        found = []
        for folder, _dirs, files in os.walk(root):
            base = Path(folder).relative_to(root)
            found += [(base / name).as_posix() for name in files]
        self._names = sorted(_clean(name) for name in found if _listed(_clean(name)))

    def _open(self, name: str) -> IO[bytes]:
        return (self._root / name).open("rb")

    def close(self) -> None:
        pass


def _last_started_member(path: Path) -> str:
    """The name in the last local file header of a zip whose directory cannot be read: the
    member a cut-short download stopped in. Scanned in chunks, so memory stays bounded."""
    signature, chunk, name = b"PK\x03\x04", 1 << 22, b""
    with path.open("rb") as stream:
        tail = b""
        while block := stream.read(chunk):
            data = tail + block
            at = data.rfind(signature)
            if at >= 0 and len(data) - at >= 30:
                length = int.from_bytes(data[at + 26 : at + 28], "little")
                if len(data) - at >= 30 + length:
                    name = data[at + 30 : at + 30 + length]
            # Keep enough of the end that a header cut by the chunk is seen whole next time.
            tail = data[-(30 + 0xFFFF) :]
    return _clean(name.decode("utf-8", "replace"))


def _reason(error: BaseException) -> str:
    text = str(error).strip().rstrip(".") or type(error).__name__
    return " ".join(text.split())


def _read_member(opener: _Opener, name: str, size: int) -> bytes:
    """Read a member (all of it when size is -1), turning any damage into one ExportError."""
    try:
        with opener(name) as stream:
            return stream.read(size)
    except KeyError:
        raise _missing(name) from None
    except _DAMAGE as error:
        raise _damaged(name, error) from None


def _missing(name: str) -> ExportError:
    return ExportError("is not in the export", "give the whole export", member=name)


def _damaged(name: str, error: BaseException) -> ExportError:
    return ExportError(
        f"cannot be read ({_reason(error)}): the archive is damaged or cut short",
        _DOWNLOAD_AGAIN,
        member=name,
    )


class _Opener(Protocol):
    def __call__(self, name: str, /) -> IO[bytes]: ...


def _kind(path: Path) -> str:
    """'zip', 'tar' or 'file', from the first bytes (names can lie: a .zip may be a web page)."""
    with path.open("rb") as stream:
        start = stream.read(512)
    if start.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if start.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ")) or start[257:262] == b"ustar":
        return "tar"
    lower = path.name.lower()
    if lower.endswith(".zip"):
        return "not-zip"
    if lower.endswith((".tar.gz", ".tgz", ".tar")):
        return "not-tar"
    return "file"


@contextmanager
def open_export(path: Path, label: str) -> Iterator[OpenedExport]:
    """The files of the export at `path`; raises ExportError when it cannot be opened or
    holds no files at all."""
    if not path.exists():
        raise ExportError("does not exist", "check the path to the export")
    export: OpenedExport
    if path.is_dir():
        export = FolderExport(path, label)
    else:
        try:
            kind = _kind(path)
        except OSError as error:
            raise ExportError(f"cannot be read ({_reason(error)})", "check the file") from None
        if kind in ("not-zip", "not-tar"):
            what = "zip" if kind == "not-zip" else "tar.gz"
            raise ExportError(
                f"is named like a {what} archive but is not one (it may be a web page saved "
                "instead of the download, or a file cut short)",
                _DOWNLOAD_AGAIN,
            )
        if kind == "zip":
            export = ZipExport(path, label)
        elif kind == "tar":
            export = TarExport(path, label)
        else:
            export = FolderExport(path.parent, label, only=path.name)
    try:
        if not export.names():
            raise ExportError(
                "holds no files: the export is empty",
                "give the folder the export was unpacked into, or the archive as downloaded"
                if path.is_dir()
                else _DOWNLOAD_AGAIN,
            )
        yield export
    finally:
        export.close()
