"""Stage 5, write: put rendered pages on disk, one folder per client, all or nothing.

Folders are named by a slug made from the client's name, so no name can reach outside the
output folder. Each client folder is staged in a temporary folder and moved into place only
when complete. A manifest in the output folder lists the client folders playbook made; only
those are ever replaced.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

MANIFEST = ".playbook-manifest"
MANIFEST_HEADER = (
    "# Files playbook wrote here, one per line. `playbook plan -o` replaces only these,\n"
    "# and refuses to touch a client folder that holds anything else.\n"
)
MAX_SLUG = 60
WRITERS = 8
_RESERVED = {"con", "prn", "aux", "nul", "clock$"} | {
    f"{name}{i}" for name in ("com", "lpt") for i in range(10)
}


class WriteError(Exception):
    """The output cannot be written where asked; the message says why and what to do."""


# Latin letters that do not decompose into a base letter and an accent.
_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"}
)  # fmt: skip


def slugify(name: str) -> str:
    """A folder name from any client name: lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    text = text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        return "client"
    return f"{slug}-client" if slug in _RESERVED else slug


def listed_files(out_dir: Path) -> set[str]:
    """The paths, relative to out_dir, that its manifest says playbook wrote."""
    try:
        lines = (out_dir / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return set()
    return {line for line in lines if line and not line.startswith("#")}


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
    present = _present(target)
    if slug not in ours and present:
        raise WriteError(
            f"{target}: folder exists and was not made by playbook (not in {MANIFEST}); "
            "move it away or choose another -o folder"
        )
    foreign = sorted(present - ours.get(slug, set()))
    if foreign:
        raise WriteError(
            f"{target}: holds files playbook did not write ({', '.join(foreign[:5])}); "
            "move them out of the folder, then run again"
        )
    return target


def write_clients(out_dir: Path, clients: dict[str, dict[str, str]]) -> list[Path]:
    """Write {slug: {file name: text}} under out_dir; returns the client folders."""
    for pages in clients.values():
        for name in pages:
            if "/" in name or "\\" in name or name.startswith(".") or not name:
                raise WriteError(f"{name!r}: page names are plain file names")
    out_dir.mkdir(parents=True, exist_ok=True)
    ours = made_by_playbook(out_dir)
    targets = {slug: check_target(out_dir, slug, ours) for slug in clients}
    staging = Path(tempfile.mkdtemp(prefix=".playbook-staging-", dir=out_dir))
    try:
        # Creating a file is mostly waiting on the disk, so threads overlap the waits.
        with ThreadPoolExecutor(WRITERS if len(clients) > 1 else 1) as pool:
            list(pool.map(_stage, [staging / slug for slug in clients], clients.values()))
        written = {slug: set(pages) for slug, pages in clients.items()}
        _write_manifest(out_dir, {**ours, **written}, staging)
        for slug, target in targets.items():
            _swap(staging / slug, target, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return list(targets.values())


def _stage(folder: Path, pages: dict[str, str]) -> None:
    folder.mkdir()
    for name, text in sorted(pages.items()):
        (folder / name).write_text(text, encoding="utf-8", newline="\n")


def _write_manifest(out_dir: Path, files: dict[str, set[str]], staging: Path) -> None:
    """Record the files before they appear, so a crash never leaves one unclaimed."""
    lines = sorted(f"{slug}/{name}\n" for slug, names in files.items() for name in names)
    temp = staging / MANIFEST
    temp.write_text(MANIFEST_HEADER + "".join(lines), encoding="utf-8")
    temp.replace(out_dir / MANIFEST)


def _swap(new: Path, target: Path, staging: Path) -> None:
    """Move `new` into place; the old folder (ours, or empty) is removed only afterwards."""
    if target.exists():
        old = staging / f"{target.name}.old"
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old)
    else:
        new.rename(target)


def write_tree(out_dir: Path, files: dict[str, bytes], keep: Sequence[str] = ()) -> None:
    """Write a whole folder of files ({relative path: bytes}) as one unit.

    The folder is built beside `out_dir` and swapped in; an existing `out_dir` is replaced
    only if everything in it is listed in its manifest, that is, playbook wrote it. The
    top-level folders named in `keep` (what a site builder made from the copy) are moved
    into the new folder as they are: never checked, never deleted.
    """
    for name in files:
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or not parts:
            raise WriteError(f"{name!r}: not a path inside the output folder")
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise WriteError(f"{out_dir}: exists and is not a folder; choose another --out")
    if out_dir.is_dir():
        listed = listed_files(out_dir)
        present = {p for p in _present(out_dir) if p.split("/", 1)[0] not in keep}
        foreign = sorted(present - listed)
        if foreign:
            raise WriteError(
                f"{out_dir}: holds files playbook did not write ({', '.join(foreign[:5])}); "
                "choose an empty or new --out folder"
            )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".playbook-staging-", dir=out_dir.parent))
    try:
        new = staging / "new"
        for name, data in sorted(files.items()):
            target = new / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        lines = sorted(f"{name}\n" for name in files)
        (new / MANIFEST).write_text(MANIFEST_HEADER + "".join(lines), encoding="utf-8")
        for name in keep:
            kept = out_dir / name
            if kept.is_dir() and not kept.is_symlink() and not (new / name).exists():
                kept.rename(new / name)
        _swap(new, out_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


STAGING_PREFIX = ".playbook-staging-"


STAGING_MARK = ".playbook-staging"


def _present(out_dir: Path) -> set[str]:
    """Every file (and symbolic link) under out_dir, but playbook's own bookkeeping."""
    return {
        p.relative_to(out_dir).as_posix()
        for p in out_dir.rglob("*")
        # A link counts as a file: it is never followed, and never deleted.
        if (p.is_symlink() or not p.is_dir()) and p.relative_to(out_dir).as_posix() != MANIFEST
    }


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders a killed build left behind; only ever called with the lock held, so
    no other build is using one. A folder is ours only if it carries our mark."""
    for path in out_dir.glob(STAGING_PREFIX + "*"):
        if not path.is_symlink() and (path / STAGING_MARK).is_file():
            shutil.rmtree(path)


@contextmanager
def claimed(out_dir: Path) -> Iterator[Path]:
    """A staging folder inside out_dir (same disk: finished sites move in with a rename),
    once out_dir is known to hold only what playbook wrote; one build at a time."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise WriteError(f"{out_dir}: exists and is not a folder; choose another -o folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    # The folder itself is the lock, so locking adds no file to it.
    lock = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WriteError(
                f"{out_dir}: another playbook build is writing here; run again when it is done"
            ) from None
        _remove_stale_staging(out_dir)
        foreign = sorted(_present(out_dir) - listed_files(out_dir))
        if foreign:
            raise WriteError(
                f"{out_dir}: holds files playbook did not write ({', '.join(foreign[:5])}); "
                "playbook replaces only what it made and never deletes anything else, so "
                "choose an empty or new -o folder, or move those files out"
            )
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        try:
            (staging / STAGING_MARK).touch()
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        os.close(lock)


def install(out_dir: Path, staging: Path, entries: list[str], drop: Sequence[str] = ()) -> None:
    """Move each staged entry (a client folder or file) from staging into out_dir, and
    remove the `drop` entries, files playbook wrote earlier that are now out of date.

    The manifest is written first, listing the new files and keeping what earlier runs
    wrote, so a crash never leaves a file playbook made unclaimed.
    """
    listed = listed_files(out_dir)
    for entry in [*entries, *drop]:
        check_name(entry)
    new: set[str] = set()
    for entry in entries:
        path = staging / entry
        if path.is_dir():
            new |= {
                f"{entry}/{p.relative_to(path).as_posix()}"
                for p in path.rglob("*")
                if not p.is_dir()
            }
        else:
            new.add(entry)
    gone = [entry for entry in drop if entry in listed]
    kept = {line for line in listed if line.split("/", 1)[0] not in [*entries, *gone]}
    lines = sorted(f"{name}\n" for name in kept | new)
    temp = staging / MANIFEST
    temp.write_text(MANIFEST_HEADER + "".join(lines), encoding="utf-8")
    temp.replace(out_dir / MANIFEST)
    for entry in entries:
        target = out_dir / entry
        if (staging / entry).is_dir():
            _swap(staging / entry, target, staging)
        else:
            (staging / entry).replace(target)
    for entry in gone:
        (out_dir / entry).unlink(missing_ok=True)


def check_name(name: str) -> None:
    """A top-level name in the output folder: one plain path part."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or name in ("..",):
        raise WriteError(f"{name!r}: not a plain name inside the output folder")
