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


def test_the_wheel_says_who_made_it_where_it_lives_and_its_licence(installed: Path) -> None:
    (wheel,) = installed.parent.glob("playbook-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert "Author: The playbook authors" in text
    assert "Project-URL: Source, https://github.com/playbook-guide/playbook" in text
    assert "Classifier: License :: OSI Approved :: MIT License" in text
    assert "Provides-Extra: pdf" in text and "extra == 'pdf'" in text
    from generator import __version__

    assert f"Version: {__version__}\n" in text  # the one place the version is kept


@pytest.mark.browser
def test_the_whole_coach_path_from_the_wheel_in_an_unrelated_folder(
    installed: Path, tmp_path: Path
) -> None:
    """A coach's day from a wheel, no repository: a workspace, a client, check, plan, HTML,
    a site, its PDF (Chromium at /usr/bin/chromium, found by itself), a live preview, and
    next month's check-in; every command run from inside the workspace."""
    from .browser import require_chromium
    from .helpers import free_port, wait_for_text

    require_chromium()
    playbook = installed / "bin" / "playbook"

    def ok(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        done = _run(playbook, *args, cwd=cwd)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    ok("init", "--workspace", "coaching", "--coach", "Sam Rivera", cwd=tmp_path)
    space = tmp_path / "coaching"
    ok("init", "Hilltop Bakery", cwd=space)
    profile = space / "clients" / "hilltop-bakery.yaml"
    assert profile.read_text().startswith(
        "# yaml-language-server: $schema=../schemas/profile.schema.json\n"
    )
    assert "valid" in ok("check", cwd=space).stderr
    plan = ok("plan", "clients/hilltop-bakery.yaml", cwd=space)
    assert "# Action plan for Hilltop Bakery" in plan.stdout and "Sam Rivera" in plan.stdout
    ok("plan", "--format", "html", "-o", "out/html", cwd=space)
    assert (space / "out" / "html" / "hilltop-bakery" / "hilltop-bakery.html").is_file()
    ok("build", cwd=space / "clients")  # playbook.yml is found from a folder below it
    sites = space / "out" / "sites"
    assert (sites / "hilltop-bakery" / "index.html").is_file()
    assert "Sam Rivera" in (sites / "hilltop-bakery" / "index.html").read_text()
    ok("build", "--pdf", cwd=space)
    assert (sites / "hilltop-bakery.pdf").read_bytes().startswith(b"%PDF-")

    port = free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    server = subprocess.Popen(
        [str(playbook), "serve", "clients/hilltop-bakery.yaml", "--port", str(port)],
        cwd=space,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        wait_for_text(f"http://127.0.0.1:{port}/", "Hilltop Bakery")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=60)
    assert "Traceback" not in err and "serving clients/hilltop-bakery.yaml" in err, err
    assert list(temp.iterdir()) == []  # the preview's temporary site is gone

    ok("checkin", "clients/hilltop-bakery.yaml", "--period", "2026-10", cwd=space)
    checkin = space / "clients" / "hilltop-bakery" / "checkins" / "2026-10.yaml"
    assert checkin.read_text().startswith(
        "# yaml-language-server: $schema=../../../schemas/checkin.schema.json\n"
    )
    assert "1 check-in(s) valid" in ok("check", cwd=space).stderr
    for written in (profile, checkin, space / "playbook.yml", space / "brand" / "client-site.yml"):
        assert "site-packages" not in written.read_text(), written
