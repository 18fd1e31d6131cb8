"""Finding and reading a coach's playbook.yml, as MkDocs finds mkdocs.yml: in the working
folder or the nearest folder above it. Paths in it are relative to the file itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..model.workspace import Workspace
from .validate import load_model
from .validator import locate

WORKSPACE_FILE = "playbook.yml"


@dataclass(frozen=True)
class Settings:
    """A workspace's settings with every path resolved against playbook.yml's folder."""

    file: Path
    coach: str | None = None
    site_config: Path | None = None
    rules: Path | None = None
    clients: Path | None = None
    plans: Path | None = None
    sites: Path | None = None


def find_workspace(start: Path) -> Path | None:
    """The playbook.yml in `start` or the nearest folder above it; None if there is none."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / WORKSPACE_FILE
        if candidate.is_file():
            return candidate
    return None


def load_workspace(path: Path, label: str | None = None) -> Settings:
    """Read and check playbook.yml; ProblemsError with every problem (a folder or file it
    names that is not there is one, at its line)."""
    source = label if label is not None else str(path)
    workspace, node, problems = load_model(Workspace, path, source)
    if workspace is None or node is None or problems:
        raise ProblemsError(problems)
    base = path.parent

    def place(value: str | None) -> Path | None:
        return None if value is None else base / Path(value)

    out = workspace.out
    settings = Settings(
        file=path,
        coach=workspace.coach,
        site_config=place(workspace.site_config),
        rules=place(workspace.rules),
        clients=place(workspace.clients),
        plans=place(out.plans if out else None),
        sites=place(out.sites if out else None),
    )
    missing = [
        Problem(locate(node, key), f"{what} {value} not found", hint)
        for key, value, what, hint in (
            (("site_config",), settings.site_config, "branding file", _HINT_FILE),
            (("rules",), settings.rules, "rules folder", _HINT_FOLDER),
            (("clients",), settings.clients, "clients folder", _HINT_FOLDER),
        )
        if value is not None and not value.exists()
    ]
    if missing:
        raise ProblemsError(missing)
    return settings


_HINT_FILE = "paths are relative to playbook.yml; write one with `playbook branding -o PATH`"
_HINT_FOLDER = "paths are relative to playbook.yml; create the folder or remove the line"
