"""The folder tree is the pipeline: each layer of generator/ imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "generator"
# Bottom to top. Shared leaves (the modules directly in generator/) may be imported by
# every layer and import only each other.
LAYERS = ("model", "source", "rules", "engine", "render", "pipeline", "site", "guide", "cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rank(module: str) -> int:
    """0 for a shared leaf, then 1 + the layer's position; __main__ sits above everything."""
    first = module.split(".")[0]
    if first == "__main__":
        return len(LAYERS) + 1
    return LAYERS.index(first) + 1 if first in LAYERS else 0


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of the package's own code, lazy imports included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".") if module_name(path) else []
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
                names = (
                    [target]
                    if node.module
                    else [f"{target}.{a.name}".strip(".") for a in node.names]
                )
                found += [(node.lineno, n) for n in names]
            elif node.module and node.module.split(".")[0] in ("generator", "playbook"):
                found.append((node.lineno, node.module.partition(".")[2]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("generator", "playbook"):
                    found.append((node.lineno, alias.name.partition(".")[2]))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_layers_are_the_folders() -> None:
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(
        LAYERS
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p) or "__init__")
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    here = module_name(path)
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: imports {target or 'the package root'}"
        for line, target in imports(path)
        if target and rank(target) > rank(here)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_code_imports_itself_by_absolute_name() -> None:
    """The wheel installs generator/ as `playbook`, so the package must import itself
    relatively to run under either name."""
    absolute = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom | ast.Import)
        and not getattr(node, "level", 0)
        and any(
            name.split(".")[0] in ("generator", "playbook")
            for name in (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
            )
        )
    ]
    assert not absolute


def test_there_are_no_import_cycles() -> None:
    graph = {module_name(p): {t for _, t in imports(p)} for p in MODULES}
    known = set(graph)
    graph = {m: {t for t in targets if t in known and t != m} for m, targets in graph.items()}
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        if module in trail:
            raise AssertionError(
                "import cycle: " + " -> ".join((*trail[trail.index(module) :], module))
            )
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, (*trail, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
