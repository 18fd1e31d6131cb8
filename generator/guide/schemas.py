"""The JSON Schemas the guide publishes under schemas/<version>/, the addresses `playbook init`
writes into new files.

A deploy replaces the whole site, so a released version's schemas would vanish with the next
release: each release's copy is frozen into content/schemas/<version>/ (`make freeze-schemas`)
and kept in the repository, where every build publishes it as a plain file. The current
version's schemas are published from the package's own schema files.

Run as `python -m playbook.guide.schemas [CONTENT]` to freeze the current version's schemas.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import __version__
from ..errors import Mark, Problem, ProblemsError, WrongUsage
from ..paths import content_dir, shown_path
from ..pipeline.write import WriteError
from .pages import GuidePage

FOLDER = "schemas"
PATTERN = "*.schema.json"


def is_release(version: str) -> bool:
    """A final release such as 0.2.0; not a development or pre-release such as 0.2.0.dev0."""
    return all(part.isdigit() for part in version.split("."))


def _next_development(version: str) -> str:
    """The version development goes on under after a release: 0.1.0 -> 0.2.0.dev0."""
    parts = [int(part) for part in version.split(".")] + [0, 0]
    return f"{parts[0]}.{parts[1] + 1}.0.dev0"


def package_schemas(content: Path) -> dict[str, str]:
    """The current version's schemas, by file name."""
    found = sorted((content / FOLDER).glob(PATTERN))
    return {path.name: path.read_text(encoding="utf-8") for path in found}


def frozen_versions(content: Path) -> list[str]:
    """The released versions whose schemas are frozen in the content folder, oldest first."""
    folders = [p.name for p in (content / FOLDER).iterdir() if p.is_dir() and is_release(p.name)]
    return sorted(folders, key=lambda name: [int(part) for part in name.split(".")])


def _changed_since_release(content: Path, current: dict[str, str]) -> list[Problem]:
    """A problem for each schema that differs from the current version's frozen copy: the
    build would publish new text at an address released files already name."""
    frozen = content / FOLDER / __version__
    if not frozen.is_dir():
        return []
    kept = {path.name: path.read_text(encoding="utf-8") for path in frozen.glob(PATTERN)}
    return [
        Problem(
            Mark(shown_path(content / FOLDER / name), 1, 1),
            f"differs from the copy frozen at the release of {__version__} "
            f"({shown_path(frozen / name)}); a released version's schemas never change",
            "set the next version in generator/__init__.py, such as "
            f"{_next_development(__version__)}, before changing a schema",
        )
        for name in sorted(set(kept) | set(current))
        if kept.get(name) != current.get(name)
    ]


def versioned_schemas(content: Path) -> list[GuidePage]:
    """The current version's schemas under schemas/<version>/; released versions' frozen
    copies are published as they are, from their own folders. ProblemsError when the
    current version is released and a schema changed since."""
    current = package_schemas(content)
    problems = _changed_since_release(content, current)
    if problems:
        raise ProblemsError(problems)
    return [GuidePage(f"{FOLDER}/{__version__}/{name}", text, "") for name, text in current.items()]


def freeze_schemas(content: Path) -> Path | None:
    """Copy the current version's schemas into content/schemas/<version>/ and return that
    folder; None when they are frozen already, unchanged. WrongUsage for a version that is
    not a release; WriteError when a frozen copy of this version differs."""
    if not is_release(__version__):
        raise WrongUsage(
            f"version {__version__} is not a release; freeze the schemas when the version "
            "in generator/__init__.py is the one being released, such as 0.2.0"
        )
    folder = content / FOLDER / __version__
    current = package_schemas(content)
    if folder.exists():
        if not _changed_since_release(content, current):
            return None
        raise WriteError(
            f"{shown_path(folder)} holds other schemas for {__version__}, which is released; "
            "set a new version before freezing again"
        )
    folder.mkdir(parents=True)
    for name, text in current.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    return folder


def main(argv: list[str]) -> int:
    """`make freeze-schemas`: freeze the current version's schemas; 1 or 2 on failure."""
    if len(argv) > 1:
        print("usage: python -m playbook.guide.schemas [CONTENT]", file=sys.stderr)
        return 2
    content = Path(argv[0]) if argv else content_dir()
    try:
        folder = freeze_schemas(content)
    except WrongUsage as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if folder is None:
        print(f"the schemas of {__version__} are frozen already, unchanged", file=sys.stderr)
    else:
        print(f"froze the schemas of {__version__} in {shown_path(folder)}/; commit them")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
