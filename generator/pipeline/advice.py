"""Load the advice library (content/advice/): platforms.yaml, sectors/ and the idea bank,
with every problem in every file reported at once as `path:line:col: error: ... (fix)`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from ..errors import Mark, Problem, ProblemsError, unknown_hint
from ..model.advice import ALL, Advice, Idea, PlatformBook, Sector
from ..model.constraints import Path as FieldPath
from ..model.profile import MIX_KINDS
from ..paths import content_dir, shown_path
from ..rules.ideas import SLOT_LIST, idea_text_problems, plain_text_problems
from ..source.load import Node
from ..source.validate import load_model
from ..source.validator import locate

ADVICE = "advice"
PLATFORMS_FILE = "platforms.yaml"
SECTORS = "sectors"
IDEAS = "ideas"
FALLBACK_SECTOR = "general"


def advice_dir(content: Path | None = None) -> Path:
    """The advice folder of a content folder (the bundled one by default)."""
    return (content or content_dir()) / ADVICE


def _text_problems(
    node: Node, texts: Iterable[tuple[FieldPath, str | None]], idea: bool = False
) -> list[Problem]:
    """Template code and unsafe Markdown in the texts at these places of a file."""
    problems = []
    for path, text in texts:
        if text is None:
            continue
        found = idea_text_problems(text) if idea else plain_text_problems(text)
        hint = (
            f"ideas can use only {SLOT_LIST}; write plain text with https:// links"
            if idea
            else "write plain text; links must be https:// addresses"
        )
        problems += [Problem(locate(node, path), what, hint) for what in found]
    return problems


def _id_problem(node: Node, value: str, path: Path, key: str = "id") -> list[Problem]:
    if value == path.stem:
        return []
    return [
        Problem(
            locate(node, (key,)),
            f"{key} '{value}' differs from the file name '{path.name}'",
            f"rename the file to {value}.yaml or set {key}: {path.stem}",
        )
    ]


def _load_platforms(
    path: Path, label: str, golden: Collection[str]
) -> tuple[PlatformBook | None, list[Problem]]:
    book, node, problems = load_model(PlatformBook, path, label)
    if book is None or node is None:
        return None, problems
    for name, guide in book.platforms.items():
        where: FieldPath = ("platforms", name)
        texts: list[tuple[FieldPath, str | None]] = [((*where, "role"), guide.role)]
        texts += [((*where, "advice", rule), text) for rule, text in guide.advice.items()]
        texts += [
            ((*where, "kinds", kind), f"{how.label} {how.how}")
            for kind, how in guide.kinds.items()
            if how is not None
        ]
        problems += _text_problems(node, texts)
        for rule in guide.advice:
            if rule not in golden:
                problems.append(
                    Problem(
                        locate(node, (*where, "advice", rule)),
                        f"'{rule}' is not a golden rule",
                        unknown_hint(rule, golden),
                    )
                )
        missing = sorted(set(golden) - set(guide.advice))
        # A misspelt id is already reported, with the right one as the fix.
        if missing and set(guide.advice) <= set(golden):
            problems.append(
                Problem(
                    locate(node, (*where, "advice")),
                    f"no advice for {', '.join(missing)} on {name}",
                    "give one or two lines for every golden rule",
                )
            )
    return book, problems


def _load_sector(path: Path, label: str) -> tuple[Sector | None, list[Problem]]:
    sector, node, problems = load_model(Sector, path, label)
    if sector is None or node is None:
        return None, problems
    problems += _id_problem(node, sector.id, path)
    texts: list[tuple[FieldPath, str | None]] = [
        (("calls_to_action", i), line) for i, line in enumerate(sector.calls_to_action)
    ]
    texts.append((("avoid_kinds_note",), sector.avoid_kinds_note))
    for i, guard in enumerate(sector.safeguards):
        texts += [
            (("safeguards", i, key), getattr(guard, key))
            for key in ("title", "text", "stock_reply")
        ]
    problems += _text_problems(node, texts)
    return sector, problems


def _known(node: Node, key: str, values: list[str], allowed: Collection[str]) -> list[Problem]:
    """A problem for every value of the list `key` that is not `all` or an allowed one."""
    return [
        Problem(
            locate(node, (key, i)),
            f"unknown {'sector' if 'sector' in key else 'goal word'} '{value}' in {key}",
            unknown_hint(value, allowed),
        )
        for i, value in enumerate(values)
        if value != ALL and value not in allowed
    ]


def _load_idea(
    path: Path, label: str, sector_ids: Collection[str], conversions: Collection[str]
) -> tuple[Idea | None, list[Problem]]:
    idea, node, problems = load_model(Idea, path, label)
    if idea is None or node is None:
        return None, problems
    problems += _id_problem(node, idea.id, path)
    if idea.kind != path.parent.name:
        problems.append(
            Problem(
                locate(node, ("kind",)),
                f"kind '{idea.kind}' differs from the folder '{path.parent.name}'",
                f"move the file to ideas/{idea.kind}/ or set kind: {path.parent.name}",
            )
        )
    problems += _text_problems(node, [(("text",), idea.text)], idea=True)
    problems += _text_problems(node, [(("prompt",), idea.prompt)])
    problems += _known(node, "sectors", idea.sectors, sector_ids)
    problems += _known(node, "not_sectors", idea.not_sectors, sector_ids)
    problems += _known(node, "goals", idea.goals, conversions)
    return idea, problems


def _idea_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Every idea file, by kind folder then name; a folder that names no kind is a problem."""
    files: list[Path] = []
    problems: list[Problem] = []
    ideas = folder / IDEAS
    for kind_dir in sorted(p for p in ideas.iterdir() if p.is_dir()) if ideas.is_dir() else []:
        if kind_dir.name not in MIX_KINDS:
            problems.append(
                Problem(
                    Mark(str(kind_dir), 1, 1),
                    f"'{kind_dir.name}' is not a kind of post",
                    unknown_hint(kind_dir.name, MIX_KINDS),
                )
            )
            continue
        files += sorted(kind_dir.glob("*.yaml"))
    return files, problems


def golden_rule_ids(content: Path | None = None) -> list[str]:
    """The ids of the golden rules in a content folder (the bundled ones when it has none)."""
    folder = (content or content_dir()) / "rules" / "golden"
    if not folder.is_dir():
        folder = content_dir() / "rules" / "golden"
    return sorted(p.stem for p in folder.glob("*.yaml"))


def load_advice(content: Path | None = None) -> Advice:
    """The advice library of a content folder (the bundled one by default); raises
    ProblemsError with every problem in every file."""
    folder = advice_dir(content)
    shown = Path(shown_path(folder))

    def label(path: Path) -> str:
        # Resolving every file's path again would cost more than reading it.
        return str(shown / path.relative_to(folder))

    platforms = folder / PLATFORMS_FILE
    book, problems = _load_platforms(platforms, label(platforms), golden_rule_ids(content))
    sectors: list[Sector] = []
    for path in sorted((folder / SECTORS).glob("*.yaml")):
        sector, found = _load_sector(path, label(path))
        problems += found
        if sector is not None:
            sectors.append(sector)
    sector_ids = {s.id for s in sectors} | {p.stem for p in (folder / SECTORS).glob("*.yaml")}
    if FALLBACK_SECTOR not in sector_ids:
        problems.append(
            Problem(
                Mark(label(folder / SECTORS), 1, 1),
                f"there is no '{FALLBACK_SECTOR}' sector",
                f"add {SECTORS}/{FALLBACK_SECTOR}.yaml, used when no other sector matches",
            )
        )
    conversions = {word for s in sectors for word in s.conversions}
    files, found = _idea_files(folder)
    problems += found
    ideas: list[Idea] = []
    seen: dict[str, str] = {}
    for path in files:
        idea, found = _load_idea(path, label(path), sector_ids, conversions)
        problems += found
        if idea is None:
            continue
        if idea.id in seen:
            problems.append(
                Problem(
                    Mark(label(path), 1, 1),
                    f"idea id '{idea.id}' is also used by {seen[idea.id]}",
                    "give each idea its own id and file name",
                )
            )
        seen[idea.id] = label(path)
        ideas.append(idea)
    if problems or book is None:
        raise ProblemsError(problems)
    return Advice(book, tuple(sectors), tuple(ideas))
