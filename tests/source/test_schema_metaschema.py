"""Every published JSON Schema is a valid schema, by the checker strict editors use: the
regular expressions in it are ECMA-262's (with the unicode flag), not only Python's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import ROOT
from ..venvs import run

SCHEMAS = sorted((ROOT / "content" / "schemas").glob("*.schema.json"))


@pytest.mark.slow
def test_every_published_schema_passes_the_metaschema_check(
    venv_with: Callable[[str], Path],
) -> None:
    assert len(SCHEMAS) >= 7
    checker = venv_with("check-jsonschema") / "check-jsonschema"
    result = run([str(checker), "--check-metaschema", *map(str, SCHEMAS)], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
