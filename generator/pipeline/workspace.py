"""A coach's new workspace: playbook.yml with their settings, a starter branding file, a
folder for their own rules and one for client profiles, and copies of the JSON Schemas
that the files there name, so editors check them offline and the links survive anything."""

from __future__ import annotations

from pathlib import Path

from ..paths import schema_dir
from ..render.plan_pages import GUIDE_URL
from ..render.starters import branding_text, workspace_text
from ..source.workspace import WORKSPACE_FILE
from .starters import SCHEMA_FOLDER, write_new
from .write import WriteError

DEFAULT_COACH = "Your coaching practice"
BRANDING = "brand/client-site.yml"
# The kinds of file a coach writes in a workspace, each checked against its schema.
SCHEMA_KINDS = ("profile", "checkin", "client-site", "rule", "workspace")
FOLDERS = ("clients", "rules")
RULES_NOTE = (
    "# Your own rules\n\n"
    "Each `.yaml` file here is a rule of yours, used with the bundled ones by every playbook\n"
    'command in this workspace. Start from the template in the guide\'s "Contribute a rule"\n'
    "page, then check your rules with `playbook rules check`.\n"
)


def workspace_files(coach: str | None) -> dict[str, str]:
    """Every file of a new workspace, by its path in the workspace."""
    files = {
        WORKSPACE_FILE: workspace_text(coach, f"{SCHEMA_FOLDER}/workspace.schema.json"),
        BRANDING: branding_text(
            coach or DEFAULT_COACH, GUIDE_URL, f"../{SCHEMA_FOLDER}/client-site.schema.json"
        ),
        "rules/README.md": RULES_NOTE,
        ".gitignore": "# playbook's output; the profiles and settings are what to keep\nout/\n",
    }
    for kind in SCHEMA_KINDS:
        schema = (schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")
        files[f"{SCHEMA_FOLDER}/{kind}.schema.json"] = schema
    return files


def write_workspace(folder: Path, coach: str | None) -> Path:
    """Create a workspace in `folder` (made if need be) and return its playbook.yml.
    WriteError, before anything is written, when any of its files exists already."""
    files = workspace_files(coach)
    taken = [name for name in files if (folder / name).exists()]
    if taken:
        raise WriteError(
            f"{folder / taken[0]} already exists; playbook never writes over a file "
            "(choose a new folder, or move the existing files away)"
        )
    for name in FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write_new(folder / name, text)
    return folder / WORKSPACE_FILE


def write_branding(target: Path | None, coach: str | None) -> str:
    """A starter branding file: written to a new file `target` (its `$schema` the workspace's
    copy or the guide's), or, with no target, returned to print."""
    from .starters import published_schema, schema_ref

    schema = schema_ref("client-site", target) if target else published_schema("client-site")
    text = branding_text(coach or DEFAULT_COACH, GUIDE_URL, schema)
    if target is not None:
        write_new(target, text)
    return text
