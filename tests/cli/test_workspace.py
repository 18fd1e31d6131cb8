"""A coach's workspace: `playbook init --workspace` writes it, every command finds its
playbook.yml from the working folder upwards, options win over it, its paths are relative
to it, and it is checked like every other file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import __version__
from generator.site.build import load_settings
from generator.source.workspace import find_workspace, load_workspace

from ..conftest import EXAMPLES, Run

SCHEMA_LINE = "# yaml-language-server: $schema="


def schema_of(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE), path
    return first.removeprefix(SCHEMA_LINE)


@pytest.fixture
def space(run_playbook: Run, tmp_path: Path) -> Path:
    result = run_playbook("init", "--workspace", "coaching", "--coach", "Sam Rivera")
    assert result.returncode == 0, result.stderr
    return tmp_path / "coaching"


def test_init_workspace_writes_settings_branding_folders_and_schemas(space: Path) -> None:
    names = sorted(p.relative_to(space).as_posix() for p in space.rglob("*"))
    assert names == [
        ".gitignore",
        "brand",
        "brand/client-site.yml",
        "clients",
        "playbook.yml",
        "rules",
        "rules/README.md",
        "schemas",
        "schemas/checkin.schema.json",
        "schemas/client-site.schema.json",
        "schemas/profile.schema.json",
        "schemas/rule.schema.json",
        "schemas/workspace.schema.json",
    ]
    settings = load_workspace(space / "playbook.yml")
    assert settings.coach == "Sam Rivera"
    assert settings.site_config == space / "brand" / "client-site.yml"
    assert settings.rules == space / "rules" and settings.clients == space / "clients"
    assert settings.sites == space / "out" / "sites"
    branding, folder = load_settings(settings.site_config)
    assert branding.coach.name == "Sam Rivera" and folder == space / "brand"
    for path in (space / "playbook.yml", space / "brand" / "client-site.yml"):
        schema = (path.parent / schema_of(path)).resolve()
        assert schema.is_relative_to(space.resolve()) and schema.is_file()
        json.loads(schema.read_text())


def test_init_workspace_never_writes_over_a_file(run_playbook: Run, space: Path) -> None:
    (space / "playbook.yml").write_text("coach: Mine\n")
    again = run_playbook("init", "--workspace", str(space))
    assert again.returncode == 1
    assert "playbook.yml already exists" in again.stderr
    assert (space / "playbook.yml").read_text() == "coach: Mine\n"


def test_a_client_and_a_checkin_in_a_workspace_point_at_its_schema_copies(
    run_playbook: Run, space: Path
) -> None:
    made = run_playbook("init", "Hilltop Bakery", cwd=space / "rules")  # found upwards
    assert made.returncode == 0, made.stderr
    profile = space / "clients" / "hilltop-bakery.yaml"
    assert schema_of(profile) == "../schemas/profile.schema.json"
    assert 'coach: "Sam Rivera"' in profile.read_text()
    checkin = run_playbook("checkin", str(profile), "--period", "2026-10", cwd=space)
    assert checkin.returncode == 0, checkin.stderr
    written = space / "clients" / "hilltop-bakery" / "checkins" / "2026-10.yaml"
    assert schema_of(written) == "../../../schemas/checkin.schema.json"
    # The workspace can move, be shared or committed: nothing points outside it.
    moved = space.parent / "moved"
    shutil.move(space, moved)
    assert (moved / "clients" / "../schemas/profile.schema.json").resolve().is_file()


def test_outside_a_workspace_new_files_name_the_guides_schema_for_this_version(
    run_playbook: Run, tmp_path: Path
) -> None:
    assert run_playbook("init", "Hilltop Bakery").returncode == 0
    profile = tmp_path / "hilltop-bakery.yaml"
    expected = f"https://playbook-guide.github.io/playbook/schemas/{__version__}/"
    assert schema_of(profile) == expected + "profile.schema.json"
    assert run_playbook("checkin", str(profile), "--period", "2026-10").returncode == 0
    checkin = tmp_path / "hilltop-bakery" / "checkins" / "2026-10.yaml"
    assert schema_of(checkin) == expected + "checkin.schema.json"
    for path in (profile, checkin):
        assert "site-packages" not in path.read_text() and "content/schemas" not in path.read_text()


def test_the_guide_publishes_the_schemas_under_the_version() -> None:
    from generator.guide.schemas import versioned_schemas

    from ..conftest import ROOT

    published = {page.path: page.text for page in versioned_schemas(ROOT / "content")}
    for kind in ("profile", "checkin", "client-site", "rule", "workspace"):
        path = f"schemas/{__version__}/{kind}.schema.json"
        assert published[path] == (ROOT / "content" / "schemas" / f"{kind}.schema.json").read_text()


def test_commands_find_playbook_yml_upwards_and_options_win(
    run_playbook: Run, space: Path, tmp_path: Path
) -> None:
    shutil.copy(EXAMPLES / "hilltop-bakery.yaml", space / "clients")
    deeper = space / "clients" / "notes"
    deeper.mkdir()
    checked = run_playbook("check", "--verbose", cwd=deeper)
    assert checked.returncode == 0, checked.stderr
    assert "playbook: settings from " in checked.stderr
    assert "1 profile(s) and 0 check-in(s) valid" in checked.stderr
    assert "--rules: " in checked.stderr  # the workspace's own rules folder
    own = tmp_path / "other-rules"
    own.mkdir()
    flagged = run_playbook("check", "-v", "--rules", str(own), cwd=deeper)
    assert flagged.returncode == 0, flagged.stderr
    assert "--rules: " not in flagged.stderr  # the option won
    built = run_playbook("build", cwd=deeper)
    assert built.returncode == 0, built.stderr
    assert (space / "out" / "sites" / "hilltop-bakery" / "index.html").is_file()
    elsewhere = tmp_path / "sites"
    assert run_playbook("build", "-o", str(elsewhere), cwd=space).returncode == 0
    assert (elsewhere / "hilltop-bakery" / "index.html").is_file()


def test_a_mistake_in_playbook_yml_is_reported_at_its_place(run_playbook: Run, space: Path) -> None:
    settings = space / "playbook.yml"
    text = settings.read_text()
    lines = text.splitlines()
    rules = next(i for i, line in enumerate(lines, 1) if line.startswith("rules:"))
    clients = next(i for i, line in enumerate(lines, 1) if line.startswith("clients:"))
    settings.write_text(text.replace("rules: rules", "rulez: rules"))
    typo = run_playbook("check", cwd=space / "clients")
    assert typo.returncode == 1
    assert typo.stderr.startswith(
        f"{settings}:{rules}:1: error: unknown top-level key 'rulez' (did you mean 'rules'?"
    ), typo.stderr
    settings.write_text(text.replace("clients: clients", "clients: customers"))
    missing = run_playbook("check", cwd=space)
    assert missing.returncode == 1
    assert missing.stderr.startswith(
        f"playbook.yml:{clients}:1: error: clients folder {space / 'customers'} not found"
    ), missing.stderr
    assert find_workspace(space / "clients") == space / "playbook.yml"


def test_site_config_takes_a_branding_file(run_playbook: Run, tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    written = run_playbook("branding", "--coach", "Rivera Coaching", "-o", "brand/client-site.yml")
    assert written.returncode == 0, written.stderr
    result = run_playbook(
        "build", str(EXAMPLES / "hilltop-bakery.yaml"), "-o", "sites",
        "--site-config", "brand/client-site.yml",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "sites" / "hilltop-bakery" / "index.html").read_text()
    assert "Rivera Coaching" in page or "Sam Rivera" in page


def test_branding_prints_a_valid_starter(run_playbook: Run, tmp_path: Path) -> None:
    result = run_playbook("branding")
    assert result.returncode == 0, result.stderr
    (tmp_path / "client-site.yml").write_text(result.stdout)
    settings, _ = load_settings(tmp_path / "client-site.yml")
    assert settings.coach.name == "Your coaching practice"
    assert schema_of(tmp_path / "client-site.yml").startswith("https://")
