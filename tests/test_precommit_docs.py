"""The pre-commit hook as CONTRIBUTING documents it: the `rev:` it names is a commit (or
tag) that exists and has the hook, the same everywhere it is written; and an id clash is
reported at the contributor's own file, naming the bundled rule rather than its path."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, Run

DOCS = [ROOT / "CONTRIBUTING.md", ROOT / ".pre-commit-hooks.yaml"]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def documented(pattern: str) -> set[str]:
    return {m for doc in DOCS for m in re.findall(pattern, doc.read_text(encoding="utf-8"))}


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )


def test_every_document_names_the_same_rev_and_a_hook_that_exists() -> None:
    revs = documented(r"\brev: (\S+)")
    assert len(revs) == 1, revs
    hooks = {hook["id"] for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert documented(r"- id: (\S+)") <= hooks


def test_the_documented_rev_exists_and_has_the_hook() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone has no history to look the rev up in")
    (rev,) = documented(r"\brev: (\S+)")
    assert git("cat-file", "-e", f"{rev}^{{commit}}").returncode == 0, f"{rev} is no commit"
    then = git("show", f"{rev}:.pre-commit-hooks.yaml")
    assert then.returncode == 0, then.stderr
    assert "playbook-rules-check" in {hook["id"] for hook in yaml.safe_load(then.stdout)}


CLASH = (ROOT / "content" / "rules" / "TEMPLATE.yaml").read_text(encoding="utf-8")
CLASH = CLASH.replace("id: name-the-engagement-denominator", "id: eighty-twenty")


@pytest.mark.parametrize("files", [["rules/eighty-twenty.yaml"], []], ids=["hook", "all"])
def test_an_id_clash_is_reported_at_the_contributors_file(
    run_playbook: Run, tmp_path: Path, files: list[str]
) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "eighty-twenty.yaml").write_text(CLASH, encoding="utf-8")
    result = run_playbook("rules", "check", "--rules", "rules", *files)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(str(Path("rules", "eighty-twenty.yaml")) + ":")
    assert "already used by the community rule 'eighty-twenty' that comes with playbook" in lines[0]
    assert str(ROOT) not in result.stderr
