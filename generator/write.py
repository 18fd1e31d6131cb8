"""Stage 5, write: put rendered pages on disk, one folder per client, all or nothing.

Folders are named by a slug made from the client's name, so no name can reach outside the
output folder. Each client folder is staged in a temporary folder and moved into place only
when complete; a folder is replaced only when a marker file shows playbook made it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

MARKER = ".playbook"
MARKER_TEXT = "Made by playbook. `playbook plan -o` replaces this folder on the next run.\n"
MAX_SLUG = 60
_RESERVED = {"con", "prn", "aux", "nul", "clock$"} | {
    f"{name}{i}" for name in ("com", "lpt") for i in range(10)
}


class WriteError(Exception):
    """The output cannot be written where asked; the message says why and what to do."""


def slugify(name: str) -> str:
    """A folder name from any client name: lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        return "client"
    return f"{slug}-client" if slug in _RESERVED else slug


def owned(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def check_target(out_dir: Path, slug: str) -> Path:
    """The folder for one client; refuses anything playbook did not make."""
    target = out_dir / slug
    if target.resolve().parent != out_dir.resolve():
        raise WriteError(f"{target}: folder would fall outside {out_dir}")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise WriteError(f"{target}: exists and is not a folder playbook made; move it away")
    if target.is_dir() and not owned(target) and any(target.iterdir()):
        raise WriteError(
            f"{target}: folder exists and was not made by playbook (no {MARKER} file); "
            "move it away or choose another -o folder"
        )
    return target


def write_clients(out_dir: Path, clients: dict[str, dict[str, str]]) -> list[Path]:
    """Write {slug: {file name: text}} under out_dir; returns the client folders."""
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {slug: check_target(out_dir, slug) for slug in clients}
    staging = Path(tempfile.mkdtemp(prefix=".playbook-staging-", dir=out_dir))
    try:
        for slug, pages in clients.items():
            folder = staging / slug
            folder.mkdir()
            for name, text in sorted(pages.items()):
                if "/" in name or "\\" in name or name.startswith("."):
                    raise WriteError(f"{name}: page names are plain file names")
                (folder / name).write_text(text, encoding="utf-8", newline="\n")
            (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        for slug, target in targets.items():
            _swap(staging / slug, target, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return list(targets.values())


def _swap(new: Path, target: Path, staging: Path) -> None:
    """Move `new` into place; the old folder (ours, or empty) is removed only afterwards."""
    if target.exists():
        old = staging / f"{target.name}.old"
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old)
    else:
        new.rename(target)
