"""Editable installs: make `import playbook` load the code in generator/.

A wheel installs generator/ as the package `playbook` (pyproject.toml's force-include).
Hatchling cannot rename a package in an editable install by itself, so this hook asks the
`editables` library for an import hook that maps the name `playbook` onto generator/.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "playbook"
FOLDER = "generator"


class EditableAlias(BuildHookInterface):  # type: ignore[type-arg]
    """Adds the import hook's files to editable wheels; standard wheels are left alone."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return
        from editables import EditableProject

        project = EditableProject(self.metadata.name, self.root)
        project.map(PACKAGE, str(Path(self.root) / FOLDER))
        out = Path(tempfile.mkdtemp(prefix="playbook-editable-"))
        for name, content in project.files():
            (out / name).write_text(content, encoding="utf-8")
            build_data["force_include_editable"][str(out / name)] = name
        build_data["dependencies"] += list(project.dependencies())
