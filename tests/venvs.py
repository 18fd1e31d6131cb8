"""Virtual environments holding one package from the registry and nothing of playbook:
for proving that what playbook writes works without it. Made once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Nothing of this checkout may leak into the environment's processes.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def scripts(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def make_venv(venv: Path, package: str) -> Path:
    """A fresh environment at `venv` with `package` (and what it depends on) installed
    through pip's ordinary configuration; returns its scripts folder."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = scripts(venv) / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", package],
        check=True,
        timeout=900,
        env=CLEAN_ENV,
        capture_output=True,
    )
    return scripts(venv)


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env={**CLEAN_ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
