"""`playbook guide --out` writes a copy of the guide that builds with nothing of playbook
installed: with MkDocs and Material alone, and with Zensical alone. The builds run in
virtual environments made from the registry (slow; made once per session)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ..conftest import ROOT
from ..venvs import run

BIN = Path(sys.executable).parent
CHECKLIST = Path("examples", "hilltop-bakery", "measurement-checklist", "index.html")
# Files a site may hold that are not pages and that no page needs to link.
SITE_FILES = (
    "assets/",
    "search/",
    "search.json",
    "schemas/",
    "sitemap.xml",
    "sitemap.xml.gz",
    "404.html",
)


def write_copy(out: Path, cwd: Path) -> Path:
    """`playbook guide --out OUT` run in `cwd`; returns OUT."""
    result = subprocess.run(
        [str(BIN / "playbook"), "guide", "--out", str(out)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy the maintainer writes, in the repository (its mkdocs.yml is read)."""
    return write_copy(tmp_path_factory.mktemp("copy") / "guide", ROOT)


def names(entries: list[object]) -> list[str]:
    return [str(next(iter(e))) if isinstance(e, dict) else str(e) for e in entries]


def unlinked_files(site: Path) -> list[str]:
    """The site's files that are neither pages nor theme files and that no page links."""
    linked: set[str] = set()
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#?]+)', page.read_text(encoding="utf-8")):
            target = (page.parent / href).resolve()
            if target.is_relative_to(site.resolve()):
                linked.add(target.relative_to(site.resolve()).as_posix())
    return sorted(
        name
        for path in site.rglob("*")
        if path.is_file()
        and path.suffix != ".html"
        and not (name := path.relative_to(site).as_posix()).startswith(SITE_FILES)
        and name not in linked
    )


def test_the_copy_names_nothing_of_playbook(copy: Path) -> None:
    config = yaml.safe_load((copy / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = names(config["markdown_extensions"])
    assert not [n for n in extensions if n.startswith(("playbook", "generator"))], extensions
    assert names(config.get("plugins", [])) == ["search"]
    assert "hooks" not in config
    leftovers = [p for p in (copy / "docs").rglob("*.md") if "- [ ] " in p.read_text()]
    assert not leftovers, "task lists the copy could not name"


def test_the_copy_leaves_out_files_that_are_not_published(copy: Path) -> None:
    docs = copy / "docs"
    assert not (docs / "rules" / "TEMPLATE.yaml").exists()
    assert not (docs / "metrics.yaml").exists()
    assert not list((docs / "rules").rglob("*.yaml"))
    assert (docs / "examples" / "hilltop-bakery.yaml").is_file()  # linked as a download


def _built_without_playbook(scripts: Path, copy: Path, command: list[str], site: Path) -> None:
    for package in ("playbook", "generator"):
        probe = run([str(scripts / "python"), "-c", f"import {package}"], cwd=copy)
        assert probe.returncode != 0, f"{package} is importable in the test environment"
    result = run(command, cwd=copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Be conversational" in (site / "rules" / "be-conversational" / "index.html").read_text()
    assert 'aria-label="Count enquiries every month"' in (site / CHECKLIST).read_text()
    assert unlinked_files(site) == []


@pytest.mark.slow
def test_the_copy_builds_with_only_mkdocs_material(
    copy: Path, venv_with: Callable[[str], Path], tmp_path: Path
) -> None:
    scripts = venv_with("mkdocs-material")
    site = tmp_path / "site"
    command = [str(scripts / "mkdocs"), "build", "--strict", "-d", str(site)]
    _built_without_playbook(scripts, copy, command, site)


@pytest.mark.slow
def test_the_copy_builds_with_only_zensical(copy: Path, venv_with: Callable[[str], Path]) -> None:
    scripts = venv_with("zensical")
    _built_without_playbook(scripts, copy, [str(scripts / "zensical"), "build"], copy / "site")


@pytest.mark.slow
def test_a_copy_written_away_from_the_repository_builds_too(
    venv_with: Callable[[str], Path], tmp_path: Path
) -> None:
    """No mkdocs.yml, so no repository to edit in: rule pages carry no edit link that
    would lead nowhere, and the strict build passes."""
    away = write_copy(tmp_path / "guide", tmp_path)
    page = (away / "docs" / "rules" / "be-conversational.md").read_text(encoding="utf-8")
    assert "Suggest a change" not in page and "(../contribute.md)" in page
    scripts = venv_with("mkdocs-material")
    site = tmp_path / "site"
    command = [str(scripts / "mkdocs"), "build", "--strict", "-d", str(site)]
    _built_without_playbook(scripts, away, command, site)
