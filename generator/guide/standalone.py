"""`playbook guide --out`: the public guide as plain files plus a matching mkdocs.yml, which
any builder that reads mkdocs.yml builds without the playbook plugin."""

from __future__ import annotations

from pathlib import Path

from ..paths import content_dir, site_config_dir
from ..pipeline.write import write_tree
from ..site.mkdocs_config import read_config
from .files import guide_tree

ROOT_CONFIG = Path("mkdocs.yml")


def write_guide(out_dir: Path, content: Path | None, root_config: Path | None) -> int:
    """Write the guide made from `content` (default: the bundled content) to out_dir,
    carrying over the site name and repository of `root_config` (default: ./mkdocs.yml if
    there is one); the number of pages. Raises ProblemsError for an invalid rule or example,
    WriteError when out_dir holds files playbook did not write."""
    root = root_config or (ROOT_CONFIG if ROOT_CONFIG.is_file() else None)
    files = guide_tree(content or content_dir(), site_config_dir(), root, _edit_base(root))
    # The site a builder made inside the copy (mkdocs' and zensical's default) stays.
    write_tree(out_dir, files, keep=("site",))
    return sum(1 for name in files if name.endswith(".md"))


def _edit_base(root: Path | None) -> str:
    """Where the repository shows a file for editing, from the root config: '' for none."""
    if root is None:
        return ""
    settings = read_config(root)
    base = str(settings.get("repo_url") or "").rstrip("/")
    edit = str(settings.get("edit_uri") or "").strip("/")
    return f"{base}/{edit}/" if base else ""
