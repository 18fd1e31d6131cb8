"""The wheel installs the package as `playbook` with its rules and templates, and works from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed into it (no repository on its
    path). Its dependencies come from this environment through a path file, so nothing is
    downloaded; a path file's folder is not a site folder, so this environment's editable
    `playbook` does not leak into it."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                 "--no-build-isolation", "-w", tmp, ROOT, cwd=tmp)  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp.glob("playbook-*.whl")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    purelib = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp
        ).stdout.strip()
    )
    (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    pip = _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
               "--no-deps", wheel, cwd=tmp)  # fmt: skip
    assert pip.returncode == 0, pip.stderr
    return env_dir


def purelib_of(env_dir: Path) -> Path:
    return next(env_dir.glob("lib/python*/site-packages")).relative_to(env_dir)


def test_the_wheel_carries_the_package_as_playbook_with_its_data(installed: Path) -> None:
    (wheel,) = installed.parent.glob("playbook-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "playbook/cli/__init__.py",
        "playbook/templates/action-plan.md.j2",
        "playbook/content/rules/golden/be-conversational.yaml",
        "playbook/content/metrics.yaml",
        "playbook/content/schemas/profile.schema.json",
    ]:
        assert expected in names
    assert not {n for n in names if n.startswith("generator/")}
    purelib = installed / purelib_of(installed)
    assert (purelib / "playbook" / "paths.py").is_file()
    assert not (purelib / "generator").exists()


def test_the_console_script_and_python_m_work_from_an_unrelated_folder(
    installed: Path, tmp_path: Path
) -> None:
    bin_dir = installed / "bin"
    plan = _run(bin_dir / "playbook", "plan", EXAMPLES / "hilltop-bakery.yaml", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert "# Action plan for Hilltop Bakery" in plan.stdout
    version = _run(bin_dir / "python", "-m", "playbook", "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("playbook, version ")
    where = _run(bin_dir / "python", "-c", "import playbook.paths as p; print(p.data_root())",
                 cwd=tmp_path)  # fmt: skip
    assert Path(where.stdout.strip()) == (installed / purelib_of(installed) / "playbook").resolve()


def test_the_mkdocs_plugin_builds_the_guide_from_the_installed_package(
    installed: Path, tmp_path: Path
) -> None:
    for name in ("content", "site-config"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    built = _run(installed / "bin" / "python", "-m", "mkdocs", "build", "--strict", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "rules" / "index.html").is_file()
