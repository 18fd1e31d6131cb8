"""The GitHub workflows, read as data: pull requests run the test suite (lint, the fast
tests on three systems, the browser tests on Linux), and a Pages deploy is never cancelled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def triggers(workflow: dict[str, Any]) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def commands(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


def pull_request_jobs() -> list[dict[str, Any]]:
    return [
        job
        for path in WORKFLOWS
        if "pull_request" in triggers(workflow := load(path))
        for job in workflow["jobs"].values()
    ]


def test_a_pull_request_runs_lint_and_types() -> None:
    runs = "\n".join(commands(job) for job in pull_request_jobs())
    for command in ("ruff check", "ruff format --check", "mypy"):
        assert command in runs, command


def test_the_fast_suite_runs_on_linux_macos_and_windows() -> None:
    fast = [
        job
        for job in pull_request_jobs()
        if 'pytest -m "not browser and not slow"' in commands(job)
    ]
    assert len(fast) == 1
    systems = set(fast[0]["strategy"]["matrix"]["os"])
    assert systems == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert fast[0]["runs-on"] == "${{ matrix.os }}"
    assert fast[0]["strategy"].get("fail-fast") is False  # one system's failure hides none


def test_the_browser_suite_runs_on_linux_with_chromium() -> None:
    browser = [job for job in pull_request_jobs() if "pytest -m " in commands(job)]
    browser = [job for job in browser if '"browser or slow"' in commands(job)]
    assert len(browser) == 1
    assert browser[0]["runs-on"] == "ubuntu-latest"
    assert "apt-get install -y -qq chromium" in commands(browser[0])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_deploy_can_be_cancelled(path: Path) -> None:
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        deploys = any("deploy-pages" in str(step.get("uses", "")) for step in job["steps"])
        if not deploys:
            continue
        group = job.get("concurrency") or workflow.get("concurrency")
        assert group is not None, f"{name}: two deploys could run at once"
        assert group.get("cancel-in-progress") is False, f"{name}: a deploy could be cancelled"
        # A workflow-wide group would cancel the whole run, deploy included.
        assert not (workflow.get("concurrency") or {}).get("cancel-in-progress"), name
