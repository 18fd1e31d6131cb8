"""`playbook guide`: the public guide as plain files, for any site builder."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import command, exit_on_problems, exit_on_write_error, say
from .options import out


@command()
@out("Folder to write the guide to (new, or written by playbook before).", required=True)
@click.option(
    "--content",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with rules/, examples/ and the guide's pages [default: the bundled one].",
)
@click.option(
    "--config",
    "root_config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A mkdocs.yml whose settings (site name, repository) to carry over "
    "[default: ./mkdocs.yml if there is one].",
)
def guide(out_dir: Path, content: Path | None, root_config: Path | None) -> None:
    """Write the public guide as plain Markdown files plus a matching mkdocs.yml.

    The result builds with any builder that reads mkdocs.yml, without the playbook plugin:
    `mkdocs build -f OUT/mkdocs.yml`, or `zensical build` inside OUT.
    """
    from ..guide.standalone import write_guide

    with exit_on_problems(), exit_on_write_error():
        pages = write_guide(out_dir, content, root_config)
    say(f"wrote the guide ({pages} pages) to {out_dir}")
