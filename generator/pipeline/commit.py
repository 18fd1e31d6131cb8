"""Replacing entries of an output folder so that a kill at any moment loses nothing.

Everything new is first written to a staging folder inside the output folder. Then a journal
in that staging folder records the change (which entries to move in, which to drop, and the
manifest before and after), and only then is anything in the output moved: each old entry
goes into the staging folder's `.old/`, the new one takes its place. A run that dies before
the journal leaves the output as it was; one that dies after it left a journal, and the next
run, holding the lock, finishes the change before doing anything else. Old copies are
deleted only once the journal is gone, that is, once the new output is complete.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypedDict

from filelock import FileLock, Timeout

MANIFEST = ".playbook-manifest"
MANIFEST_HEADER = (
    "# Files playbook wrote here, one per line. `playbook plan -o` replaces only these,\n"
    "# and refuses to touch a client folder that holds anything else.\n"
)
STAGING_PREFIX = ".playbook-staging-"
STAGING_MARK = ".playbook-staging"
JOURNAL = ".playbook-journal"
# The lock one run holds on an output folder: a file there only while the run lasts.
LOCK_FILE = ".playbook-lock"
OLD = ".old"


class WriteError(Exception):
    """The output cannot be written where asked; the message says why and what to do."""


class Journal(TypedDict):
    """One change to an output folder, as written down before it starts."""

    entries: list[str]
    drop: list[str]
    during: list[str]
    final: list[str]


def listed_files(out_dir: Path) -> set[str]:
    """The paths, relative to out_dir, that its manifest says playbook wrote."""
    try:
        lines = (out_dir / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return set()
    return {line for line in lines if line and not line.startswith("#")}


def present(folder: Path) -> set[str]:
    """Every file and symbolic link under folder, relative to it."""
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        # A link counts as a file: it is never followed, and never deleted.
        if p.is_symlink() or not p.is_dir()
    }


def foreign_files(out_dir: Path, keep: Iterable[str] = ()) -> list[str]:
    """Files in out_dir that playbook did not write, but the top-level entries in `keep`."""
    skip = {MANIFEST, LOCK_FILE, *keep}
    found = present(out_dir) - listed_files(out_dir)
    return sorted(name for name in found if name.split("/", 1)[0] not in skip)


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold out_dir for this run alone, or raise WriteError at once if another run has it.

    Worker processes end with the run that forked them (parallel.worker_pool), so a killed
    run's workers never hold the folder or write on into its staging folder."""
    with _lock_of(out_dir):
        yield


@contextmanager
def _lock_of(out_dir: Path) -> Iterator[None]:
    # filelock locks the same way on Linux, macOS and Windows. The lock file is removed
    # while the lock is still held, so the folder keeps nothing of it; a run that opened the
    # file a moment before sees it was removed and takes a fresh one (filelock checks).
    path = out_dir / LOCK_FILE
    lock = FileLock(path, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise WriteError(
            f"{out_dir}: another playbook command is writing here; run again when it is done"
        ) from None
    try:
        yield
    finally:
        try:
            path.unlink(missing_ok=True)
        finally:
            lock.release()


def new_staging(out_dir: Path) -> Path:
    """A fresh staging folder inside out_dir (same disk, so moving out of it is a rename)."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    (staging / STAGING_MARK).touch()
    return staging


def clear_staging(staging: Path) -> None:
    """Remove a staging folder; its mark goes last, so a kill part-way leaves it marked."""
    (staging / JOURNAL).unlink(missing_ok=True)  # first: nothing in it is needed any more
    for child in staging.iterdir():
        if child.name != STAGING_MARK:
            _remove(child)
    (staging / STAGING_MARK).unlink(missing_ok=True)
    staging.rmdir()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def recover(out_dir: Path) -> None:
    """Finish any change a killed run left half done, then clear its staging folder.

    Only ever called with the lock held, so no other run is using a staging folder. A
    folder is playbook's only if it carries the mark (or is empty: killed before the mark).
    """
    for staging in sorted(out_dir.glob(STAGING_PREFIX + "*")):
        if staging.is_symlink() or not staging.is_dir():
            continue
        if (staging / STAGING_MARK).is_file():
            if (staging / JOURNAL).is_file():
                journal: Journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
                _apply(out_dir, staging, journal, after_kill=True)
            clear_staging(staging)
        elif not any(staging.iterdir()):
            staging.rmdir()


def commit(out_dir: Path, staging: Path, journal: Journal) -> None:
    """Make the change the journal describes; everything it moves in is already staged."""
    temp = staging / f"{JOURNAL}.new"
    temp.write_text(json.dumps(journal, indent=1), encoding="utf-8")
    temp.replace(staging / JOURNAL)
    _apply(out_dir, staging, journal, after_kill=False)
    (staging / JOURNAL).unlink()


def journaled(staging: Path) -> bool:
    """Whether a change from this staging folder started and did not finish."""
    return (staging / JOURNAL).is_file()


def _apply(out_dir: Path, staging: Path, journal: Journal, after_kill: bool) -> None:
    """Carry out the journal from wherever a run stopped; doing it twice changes nothing."""
    _write_manifest(out_dir, staging, journal["during"])
    old = staging / OLD
    old.mkdir(exist_ok=True)
    # Checked again after a kill: the folder may have been changed since.
    ours = set(journal["during"]) if after_kill else None
    for entry in journal["entries"]:
        new = staging / entry
        if new.exists() or new.is_symlink():
            _move_aside(out_dir, staging, entry, ours)
            new.rename(out_dir / entry)
    for entry in journal["drop"]:
        _move_aside(out_dir, staging, entry, ours)
    _write_manifest(out_dir, staging, journal["final"])


def _move_aside(out_dir: Path, staging: Path, entry: str, ours: set[str] | None) -> None:
    """Move out_dir/entry, if there, into the staging folder's .old/ (deleted at the end)."""
    target, old = out_dir / entry, staging / OLD / entry
    if not (target.exists() or target.is_symlink()):
        return
    if old.exists() or old.is_symlink() or (ours is not None and not _is_ours(target, ours)):
        raise WriteError(
            f"{target}: changed since an earlier playbook run was stopped while replacing it; "
            f"move it away and run again (the earlier copy is in {staging / OLD})"
        )
    target.rename(old)


def _is_ours(target: Path, ours: set[str]) -> bool:
    if target.is_symlink():
        return False
    if not target.is_dir():
        return target.name in ours
    return {f"{target.name}/{name}" for name in present(target)} <= ours


def _write_manifest(out_dir: Path, staging: Path, lines: list[str]) -> None:
    temp = staging / MANIFEST
    text = MANIFEST_HEADER + "".join(f"{line}\n" for line in lines)
    temp.write_text(text, encoding="utf-8", newline="\n")
    temp.replace(out_dir / MANIFEST)
