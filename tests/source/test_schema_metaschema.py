"""Every published JSON Schema is a valid schema, by the checker strict editors use: the
regular expressions in it are ECMA-262's (with the unicode flag), not only Python's. That
holds for the copies frozen at each release (content/schemas/<version>/) too: the guide
publishes them for as long as files name them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.guide.schemas import frozen_versions

from ..conftest import ROOT
from ..venvs import run

SCHEMAS = sorted((ROOT / "content" / "schemas").rglob("*.schema.json"))


@pytest.mark.slow
def test_every_published_schema_passes_the_metaschema_check(
    venv_with: Callable[[str], Path],
) -> None:
    assert len(SCHEMAS) >= 7
    for version in frozen_versions(ROOT / "content"):
        assert ROOT / "content" / "schemas" / version / "profile.schema.json" in SCHEMAS
    checker = venv_with("check-jsonschema") / "check-jsonschema"
    result = run([str(checker), "--check-metaschema", *map(str, SCHEMAS)], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
