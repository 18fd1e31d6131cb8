"""Many profiles at once: the parallel path gives exactly what the sequential one gives."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline.client import PARALLEL_FROM, plan_files

from ..conftest import EXAMPLES
from ..helpers import rulebook


def test_parallel_and_sequential_plans_are_identical(tmp_path: Path) -> None:
    template = (EXAMPLES / "northside-physio.yaml").read_text()
    paths = []
    for i in range(PARALLEL_FROM + 6):
        path = tmp_path / f"client-{i:03}.yaml"
        text = template.replace("name: Northside Physio", f"name: Northside Physio {i}")
        if i == 17:
            text = text.replace("target: 25", "target: -25")
        path.write_text(text.replace("posts_per_week: 4", f"posts_per_week: {i % 9}"))
        paths.append(path)
    parallel = plan_files(paths, rulebook(), "markdown", jobs=2)
    sequential = plan_files(paths, rulebook(), "markdown", jobs=1)
    assert parallel == sequential
    assert [o.path for o in parallel] == paths
    assert [bool(o.problems) for o in parallel].index(True) == 17
    assert parallel[3].client_name == "Northside Physio 3"
    assert set(parallel[3].pages) == {"action-plan.md", "measurement-checklist.md"}
