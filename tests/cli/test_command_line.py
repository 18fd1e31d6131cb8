"""The command line as a coach meets it: which files in a folder are profiles, a profile on
standard input, --quiet and --verbose on every command."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest

from generator.cli import COMMANDS, cli
from generator.source.files import is_profile_file

from ..conftest import EXAMPLES, ROOT, Run

BAKERY = EXAMPLES / "hilltop-bakery.yaml"


def test_check_dot_skips_dotfiles_tool_settings_and_rule_files(
    run_playbook: Run, tmp_path: Path
) -> None:
    shutil.copy(BAKERY, tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    shutil.copy(ROOT / "content" / "rules" / "golden" / "be-conversational.yaml", tmp_path)
    (tmp_path / ".pre-commit-config.yaml").write_text("repos:\n  - repo: local\n    hooks: []\n")
    (tmp_path / "playbook.yml").write_text("coach: Sam Rivera\n")
    (tmp_path / "client-site.yml").write_text("coach:\n  name: Sam\n")
    result = run_playbook("check", ".")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "1 profile(s) and 0 check-in(s) valid\n"


def test_a_file_named_on_the_command_line_is_always_read_as_a_profile(
    run_playbook: Run, tmp_path: Path
) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = run_playbook("check", ".pre-commit-config.yaml")
    assert result.returncode == 1
    assert ".pre-commit-config.yaml:1:1: error: " in result.stderr


@pytest.mark.parametrize(
    ("name", "text", "profile"),
    [
        ("client.yaml", "client:\n  name: A\nid: x\n", True),  # a profile with a stray id
        ("typo.yaml", "clinet:\n  name: A\n", True),  # a broken profile is still checked
        ("rule.yaml", "id: my-rule\ntitle: T\n", False),
        (".hidden.yaml", "client:\n  name: A\n", False),
        ("mkdocs.yml", "site_name: x\n", False),
    ],
)
def test_the_stated_rule_for_profiles_in_a_folder(
    tmp_path: Path, name: str, text: str, profile: bool
) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert is_profile_file(path) is profile


def test_plan_dash_reads_the_profile_from_standard_input(run_playbook: Run) -> None:
    result = run_playbook("plan", "-", stdin=BAKERY.read_text())
    assert result.returncode == 0, result.stderr
    assert result.stdout == run_playbook("plan", str(BAKERY)).stdout
    broken = run_playbook("plan", "-", stdin="client: {}\n")
    assert broken.returncode == 1
    assert broken.stderr.startswith("<stdin>:1:")
    alone = run_playbook("plan", "-", str(BAKERY))
    assert alone.returncode == 2


def leaf_commands() -> list[tuple[str, click.Command]]:
    found = []
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), leaf_commands())
def test_every_command_takes_quiet_and_verbose(name: str, command: click.Command) -> None:
    options = {opt for param in command.params for opt in param.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= options, name


def test_quiet_leaves_only_output_and_errors_verbose_says_more(
    run_playbook: Run, tmp_path: Path
) -> None:
    assert run_playbook("check", str(BAKERY), "--quiet").stderr == ""
    out = tmp_path / "out"
    quiet = run_playbook("plan", str(EXAMPLES), "-o", str(out), "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert run_playbook("init", "A Client", "-q").stderr == ""
    bad = run_playbook("check", str(tmp_path / "a-client.yaml"), "-q")
    assert bad.returncode == 0  # a starter profile is valid
    (tmp_path / "broken.yaml").write_text("client: {}\n")
    failed = run_playbook("check", "broken.yaml", "--quiet")
    assert failed.returncode == 1 and "broken.yaml:1:" in failed.stderr
    for args in (("rules", "check"), ("ideas", "check")):
        said = run_playbook(*args, "-q")
        assert said.returncode == 0 and said.stderr == "", (args, said.stderr)
    own = tmp_path / "mine"
    own.mkdir()
    verbose = run_playbook("check", str(BAKERY), "--verbose", "--rules", str(own))
    assert verbose.returncode == 0
    assert verbose.stderr.endswith("1 profile(s) and 0 check-in(s) valid\n")
