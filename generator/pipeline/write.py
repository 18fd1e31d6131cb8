"""Stage 5, write: put rendered pages on disk, one folder per client, all or nothing.

Folders are named by a slug made from the client's name, so no name can reach outside the
output folder. Everything is staged inside the output folder and moved into place only when
complete (see commit.py: a killed run never costs the previous output). A manifest in the
output folder lists the files playbook made; only those are ever replaced. One run writes
to a folder at a time, and never to one that holds far more than its output.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from anyascii import anyascii

from .commit import MANIFEST as MANIFEST
from .commit import (
    Journal,
    clear_staging,
    commit,
    foreign_files,
    journaled,
    locked,
    new_staging,
    present,
    recover,
)
from .commit import WriteError as WriteError
from .commit import listed_files as listed_files

MAX_SLUG = 60
HASH_CHARS = 10
WRITERS = 8
_RESERVED = {"con", "prn", "aux", "nul", "clock$"} | {
    f"{name}{i}" for name in ("com", "lpt") for i in range(10)
}


class UnsafeOutput(WriteError):
    """The output folder asked for holds far more than playbook's output: a usage error."""


def slugify(name: str) -> str:
    """A folder name from any client name: lower-case ASCII words joined by hyphens.

    Every alphabet is transliterated ("東京カフェ" -> "dongjingkafue"); a name with nothing
    to transliterate gets a stable short hash of itself, so two such names stay apart."""
    text = anyascii(unicodedata.normalize("NFC", name))
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        digest = hashlib.sha256(" ".join(name.split()).encode("utf-8")).hexdigest()
        return f"client-{digest[:HASH_CHARS]}"
    return f"{slug}-client" if slug in _RESERVED else slug


def made_by_playbook(out_dir: Path) -> dict[str, set[str]]:
    """{client folder: the files in it} as the manifest in out_dir lists them."""
    ours: dict[str, set[str]] = {}
    for line in listed_files(out_dir):
        if "/" in line:
            folder, name = line.split("/", 1)
            ours.setdefault(folder, set()).add(name)
    return ours


def check_target(out_dir: Path, slug: str, ours: dict[str, set[str]]) -> Path:
    """The folder for one client; refuses to replace anything playbook did not write."""
    target = out_dir / slug
    if target.resolve().parent != out_dir.resolve():
        raise WriteError(f"{target}: folder would fall outside {out_dir}")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise WriteError(f"{target}: exists and is not a folder playbook made; move it away")
    if not target.is_dir():
        return target
    present_files = present(target)
    if slug not in ours and present_files:
        raise WriteError(
            f"{target}: folder exists and was not made by playbook (not in {MANIFEST}); "
            "move it away or choose another -o folder"
        )
    foreign = sorted(present_files - ours.get(slug, set()))
    if foreign:
        raise WriteError(
            f"{target}: holds files playbook did not write ({', '.join(foreign[:5])}); "
            "move them out of the folder, then run again"
        )
    return target


def check_output_folder(out_dir: Path) -> None:
    """Refuse, as a usage error, an output folder that holds much more than the output:
    the file system root, the home folder (or above it), the current folder (or above it)."""
    where = out_dir.resolve()
    reason = ""
    if where == Path(where.anchor):
        reason = "is the root of the file system"
    for place, name in ((_home(), "your home folder"), (_cwd(), "the current folder")):
        if reason or place is None:
            continue
        if where == place:
            reason = f"is {name}"
        elif where in place.parents:
            reason = f"holds {name}"
    if reason:
        raise UnsafeOutput(
            f"{out_dir}: {reason}; choose a folder of its own for playbook's output, such as ./out"
        )


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):  # no home folder known
        return None


def _cwd() -> Path | None:
    try:
        return Path.cwd().resolve()
    except OSError:  # the current folder was deleted
        return None


@contextmanager
def claimed(out_dir: Path, *, shared: bool = False, keep: Sequence[str] = ()) -> Iterator[Path]:
    """A staging folder inside out_dir, with out_dir held for this run alone and any change
    a killed run left half done finished first.

    Unless `shared`, out_dir must hold only what playbook wrote, apart from the top-level
    entries in `keep` (what a site builder made there), which are never looked into.
    """
    check_output_folder(out_dir)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise WriteError(f"{out_dir}: exists and is not a folder; choose another output folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    with locked(out_dir):
        recover(out_dir)
        foreign = [] if shared else foreign_files(out_dir, keep)
        if foreign:
            raise WriteError(
                f"{out_dir}: holds files playbook did not write ({', '.join(foreign[:5])}); "
                "playbook replaces only what it made and never deletes anything else, so "
                "choose an empty or new output folder, or move those files out"
            )
        staging = new_staging(out_dir)
        try:
            yield staging
        finally:
            # A change that started is finished by the next run, from this staging folder.
            if not journaled(staging):
                clear_staging(staging)


def install(out_dir: Path, staging: Path, entries: list[str], drop: Sequence[str] = ()) -> None:
    """Move each staged entry (a client folder or file) from staging into out_dir, and
    remove the `drop` entries playbook wrote earlier that are now out of date.

    Whatever happens, the manifest lists every file playbook made that is in out_dir.
    """
    listed = listed_files(out_dir)
    for entry in [*entries, *drop]:
        check_name(entry)
    new: set[str] = set()
    for entry in entries:
        path = staging / entry
        if not path.exists():
            raise WriteError(f"{path}: {entry} was to be moved into place but was not written")
        if path.is_dir():
            new |= {f"{entry}/{name}" for name in present(path)}
        else:
            new.add(entry)
    tops = {line.split("/", 1)[0] for line in listed}
    gone = [entry for entry in drop if entry in tops and entry not in entries]
    kept = {line for line in listed if line.split("/", 1)[0] not in [*entries, *gone]}
    journal: Journal = {
        "entries": list(entries),
        "drop": gone,
        "during": sorted(listed | new),
        "final": sorted(kept | new),
    }
    commit(out_dir, staging, journal)


def write_clients(out_dir: Path, clients: dict[str, dict[str, str]]) -> list[Path]:
    """Write {slug: {file name: text}} under out_dir; returns the client folders.

    Other folders in out_dir are left alone; a client's folder is replaced only if
    playbook wrote everything in it.
    """
    for pages in clients.values():
        for name in pages:
            if "/" in name or "\\" in name or name.startswith(".") or not name:
                raise WriteError(f"{name!r}: page names are plain file names")
    with claimed(out_dir, shared=True) as staging:
        ours = made_by_playbook(out_dir)
        targets = [check_target(out_dir, slug, ours) for slug in clients]
        # Creating a file is mostly waiting on the disk, so threads overlap the waits.
        with ThreadPoolExecutor(WRITERS if len(clients) > 1 else 1) as pool:
            list(pool.map(_stage, [staging / slug for slug in clients], clients.values()))
        install(out_dir, staging, sorted(clients))
    return targets


def _stage(folder: Path, pages: dict[str, str]) -> None:
    folder.mkdir()
    for name, text in sorted(pages.items()):
        (folder / name).write_text(text, encoding="utf-8", newline="\n")


def write_tree(out_dir: Path, files: dict[str, bytes], keep: Sequence[str] = ()) -> None:
    """Write a whole folder of files ({relative path: bytes}) as one unit.

    An existing out_dir is written over only if everything in it is listed in its
    manifest, that is, playbook wrote it. The top-level entries named in `keep` (what a
    site builder made from the copy) are left as they are: never checked, never deleted.
    """
    for name in files:
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or not parts or parts[0] in keep:
            raise WriteError(f"{name!r}: not a path inside the output folder")
        check_name(parts[0])
    with claimed(out_dir, keep=keep) as staging:
        for name, data in sorted(files.items()):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        entries = sorted({Path(name).parts[0] for name in files})
        earlier = {line.split("/", 1)[0] for line in listed_files(out_dir)}
        install(out_dir, staging, entries, drop=sorted(earlier - set(entries) - set(keep)))


def check_name(name: str) -> None:
    """A top-level name in the output folder: one plain path part on every system (no
    separator of either kind, and no colon: on Windows that names a drive)."""
    if not name or any(c in name for c in "/\\:") or name.startswith("."):
        raise WriteError(f"{name!r}: not a plain name inside the output folder")
