"""Every released version's JSON Schemas stay published: a deploy replaces the whole site,
so each release's copy is frozen in the repository and every build publishes it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.errors import ProblemsError, WrongUsage
from generator.guide import schemas
from generator.guide.schemas import freeze_schemas, frozen_versions, versioned_schemas
from generator.pipeline.write import WriteError

from ..conftest import ROOT
from .test_guide import config_for, mkdocs

OLD = "0.0.1"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the repository's content folder."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def freeze_as(version: str, content: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    with monkeypatch.context() as patch:
        patch.setattr(schemas, "__version__", version)
        return freeze_schemas(content)


def test_the_built_guide_holds_every_frozen_version_and_the_current_one(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An older release whose profile format differed: frozen then, changed since.
    frozen = freeze_as(OLD, content, monkeypatch)
    assert frozen == content / "schemas" / OLD
    old_profile = frozen / "profile.schema.json"
    old_profile.write_text(old_profile.read_text().replace("client", "customer"))
    versions = frozen_versions(content)
    assert OLD in versions and set(frozen_versions(ROOT / "content")) <= set(versions)

    site = tmp_path / "site"
    result = mkdocs("build", "--strict", "-f", str(config_for(tmp_path, content)), "-d", str(site))
    assert result.returncode == 0, result.stderr
    for version in versions:
        kept = sorted((content / "schemas" / version).glob("*.schema.json"))
        assert kept, version
        for path in kept:
            published = site / "schemas" / version / path.name
            assert published.read_bytes() == path.read_bytes(), published
    current = sorted((ROOT / "content" / "schemas").glob("*.schema.json"))
    assert len(current) >= 8
    for path in current:
        published = site / "schemas" / __version__ / path.name
        assert published.read_bytes() == path.read_bytes(), published


def test_the_written_copy_of_the_guide_holds_the_frozen_versions_too(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.guide.files import guide_tree

    freeze_as(OLD, content, monkeypatch)
    tree = guide_tree(content, ROOT / "site-config", ROOT / "mkdocs.yml", "")
    for path in (content / "schemas" / OLD).iterdir():
        assert tree[f"docs/schemas/{OLD}/{path.name}"] == path.read_bytes()
    for path in (ROOT / "content" / "schemas").glob("*.schema.json"):
        assert tree[f"docs/schemas/{__version__}/{path.name}"] == path.read_bytes()


def test_freezing_copies_the_current_schemas_once(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = freeze_as("0.3.0", content, monkeypatch)
    assert folder is not None
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in (content / "schemas").glob("*.schema.json"))
    for name in names:
        assert (folder / name).read_bytes() == (content / "schemas" / name).read_bytes()
    assert freeze_as("0.3.0", content, monkeypatch) is None  # again: nothing to do
    with pytest.raises(WrongUsage, match=r"0\.3\.0\.dev0 is not a release"):
        freeze_as("0.3.0.dev0", content, monkeypatch)


def test_a_released_versions_schemas_cannot_change_under_it(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schemas, "__version__", "0.3.0")
    freeze_schemas(content)
    assert len(versioned_schemas(content)) >= 8
    profile = content / "schemas" / "profile.schema.json"
    profile.write_text(profile.read_text().replace("client", "customer"))
    with pytest.raises(ProblemsError) as raised:
        versioned_schemas(content)
    (problem,) = raised.value.problems
    assert re.fullmatch(
        r".*profile\.schema\.json:1:1: error: differs from the copy frozen at the release of "
        r"0\.3\.0 .* \(set the next version in generator/__init__\.py, such as 0\.4\.0\.dev0, "
        r"before changing a schema\)",
        problem.format(),
    )
    with pytest.raises(WriteError, match=r"holds other schemas for 0\.3\.0"):
        freeze_schemas(content)


def test_the_repositorys_frozen_copy_of_this_version_is_what_the_package_publishes() -> None:
    """Fails as soon as a schema changes after its version was released and frozen."""
    versioned_schemas(ROOT / "content")


def test_make_freeze_schemas_runs_the_freezing_module(content: Path) -> None:
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^freeze-schemas:.*\n\t(.+)$", makefile, re.M)
    assert target and "-m playbook.guide.schemas" in target[1]
    result = subprocess.run(
        [sys.executable, "-m", "playbook.guide.schemas", str(content)],
        capture_output=True,
        text=True,
        check=False,
    )
    if "dev" in __version__:
        assert result.returncode == 2 and "is not a release" in result.stderr
    elif (ROOT / "content" / "schemas" / __version__).is_dir():
        assert result.returncode == 0 and "frozen already, unchanged" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert f"froze the schemas of {__version__} in " in result.stdout
        assert (content / "schemas" / __version__ / "profile.schema.json").is_file()
