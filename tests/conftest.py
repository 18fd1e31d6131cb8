"""Shared fixtures: the repository paths, a CLI runner, and the --update-golden switch."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from . import browser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "content" / "examples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files from the current output (review the git diff!)",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    browser.MARKED = item.get_closest_marker("browser") is not None


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_playbook(tmp_path: Path) -> Run:
    """Run the `playbook` command in this process through click's test runner, as the
    console script would (cwd: a temp folder by default). Tests of start-up, packaging or
    signals start a real process instead (`run_process`)."""

    def run(
        *args: str, cwd: Path | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        runner = CliRunner()
        here = Path.cwd()
        argv = sys.argv
        code: int | str | None = 0
        with runner.isolation(input=stdin) as (out, err, _):
            os.chdir(cwd or tmp_path)
            sys.argv = ["playbook", *args]
            try:
                main()
            except SystemExit as exc:
                code = exc.code
            finally:
                os.chdir(here)
                sys.argv = argv
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        status = code if isinstance(code, int) else (0 if code is None else 1)
        return subprocess.CompletedProcess(list(args), status, stdout, stderr)

    return run


@pytest.fixture
def run_process(tmp_path: Path) -> Run:
    """Run the real `playbook` command in a fresh process (cwd: a temp folder by default)."""

    def run(
        *args: str, cwd: Path | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "playbook", *args],
            cwd=cwd or tmp_path,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def golden_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rules folder the golden files are made with (tests/rulesets.py)."""
    from .rulesets import named_rules

    return named_rules(tmp_path_factory.mktemp("golden-rules") / "rules")


@pytest.fixture(scope="session")
def venv_with(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """`venv_with("mkdocs-material")`: the scripts folder of an environment holding only that
    package and its dependencies, made once per session (tests/venvs.py)."""
    from .venvs import make_venv

    made: dict[str, Path] = {}

    def get(package: str) -> Path:
        if package not in made:
            made[package] = make_venv(tmp_path_factory.mktemp("venv") / package, package)
        return made[package]

    return get
