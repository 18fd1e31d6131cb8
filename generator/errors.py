"""Problems found in user files, reported one line each as `path:line:col: error: ...`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Mark(NamedTuple):
    """A 1-based position in a source file. (Named tuples: cheap to define at start-up,
    ordered and hashable, so problems sort by place and duplicates fold.)"""

    source: str
    line: int
    col: int


class Problem(NamedTuple):
    """One thing wrong with one place in one file, with a hint on how to fix it."""

    mark: Mark
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        """One line, always: `path:line:col: error: message (hint)`."""
        fix = f" ({self.hint})" if self.hint else ""
        m = self.mark
        text = " ".join(f"{self.message}{fix}".split())
        return f"{m.source}:{m.line}:{m.col}: {self.severity}: {text}"


class ProblemsError(Exception):
    """Raised when a file cannot be used; carries every problem found in it."""

    def __init__(self, problems: Iterable[Problem], partial: object = None) -> None:
        self.problems = sorted(set(problems))
        # A tree that loaded despite the problems (duplicate keys, refused tags), so later
        # stages can still report their own problems in the same run.
        self.partial = partial
        super().__init__("\n".join(p.format() for p in self.problems))


class WrongUsage(Exception):
    """A command was given something it cannot work with, such as a folder without
    profiles: not a problem inside a file. The command line shows it with the command's
    usage and exits 2."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `did you mean 'x'?` for the closest choice, or '' when nothing is close."""
    import difflib  # only needed when something is wrong; keeps `playbook check` start-up fast

    close = difflib.get_close_matches(word.lower(), sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """Render a list of allowed values for a hint."""
    return ", ".join(sorted(choices))


def unknown_hint(word: str, choices: Iterable[str]) -> str:
    """Hint for an unknown name: a suggestion when one is close, else the allowed names."""
    options = sorted(choices)
    guess = did_you_mean(word, options)
    allowed = f"allowed: {one_of(options)}"
    return f"{guess} {allowed}" if guess else allowed
