"""The wheel carries the rules and templates, and an installed playbook works from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import EXAMPLES, ROOT


def test_wheel_carries_data_and_runs_from_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("playbook-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for expected in [
        "generator/templates/action-plan.md.j2",
        "generator/content/rules/golden/be-conversational.yaml",
        "generator/content/metrics.yaml",
        "generator/content/schemas/profile.schema.json",
    ]:
        assert expected in names
    # Run from the unpacked wheel only (dependencies still come from this environment).
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "plan", str(EXAMPLES / "hilltop-bakery.yaml")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "# Action plan for Hilltop Bakery" in result.stdout
    check = subprocess.run(
        [sys.executable, "-c", "import generator.paths as p; print(p.data_root())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.strip() == str(tmp_path / "site" / "generator")
