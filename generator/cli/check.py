"""`playbook check`: validate profiles and their check-ins, fast enough to run on every save."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import Problem, ProblemsError
from ..source.files import expand
from .exits import command, fail, say
from .options import EXISTING, OWN_RULES, from_workspace, profiles_given


@command()
@click.argument("files", nargs=-1, type=EXISTING, callback=from_workspace("clients"))
@OWN_RULES
def check(files: tuple[Path, ...], own_rules: Path | None) -> None:
    """Validate profiles (files or folders) and their check-ins; exit 0 when all are valid.

    In a folder, every .yaml and .yml file is a profile except dotfiles, the settings files
    of tools (mkdocs.yml, playbook.yml, client-site.yml, ...) and rule files."""
    from ..pipeline.check import check_client
    from ..rules.files import rule_ids

    problems: list[Problem] = []
    paths = expand(profiles_given(files))
    # The ids come from the file names, so checking stays fast: no rule is compiled.
    known = rule_ids(own=own_rules)
    months = 0
    for path in paths:
        try:
            profile, found = check_client(path, known)
            months += found
            if profile.branding is not None and profile.branding.logo is not None:
                # Only then: the check starts faster without the branding module.
                from ..site.branding import profile_logo_problems

                problems += profile_logo_problems(profile, path)
        except ProblemsError as exc:
            problems += exc.problems
    if problems:
        fail(problems)
    say(f"{len(paths)} profile(s) and {months} check-in(s) valid")
