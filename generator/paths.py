"""Where playbook finds its own data: the rules, metrics and templates it ships with."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding content/ and templates/: the package itself when installed as a
    wheel (they are copied in), otherwise the source checkout one level up."""
    if (_PACKAGE / "templates").is_dir():
        return _PACKAGE
    return _PACKAGE.parent


def content_dir() -> Path:
    return data_root() / "content"


def templates_dir() -> Path:
    return data_root() / "templates"


def rules_dir() -> Path:
    return content_dir() / "rules"


def schema_dir() -> Path:
    return content_dir() / "schemas"


def site_config_dir() -> Path:
    return data_root() / "site-config"


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the current folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
