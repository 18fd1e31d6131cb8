"""Read the exports a coach gave: recognise each by content, read its posts, and report
every problem as one line `label[:member]: error: message (hint)`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...model.export import ExportRead
from .archive import open_export
from .base import ExportError, ExportFiles, ExportFormat
from .formats import FORMATS


def problem_line(label: str, error: ExportError) -> str:
    """One line for one problem, whitespace folded so a message never spans lines."""
    where = f"{label}:{error.member}" if error.member else label
    hint = f" ({error.hint})" if error.hint else ""
    return " ".join(f"{where}: error: {error.message}{hint}".split())


def not_recognised(formats: Sequence[ExportFormat]) -> ExportError:
    looked = "; ".join(fmt.looks_for for fmt in formats)
    known = ", ".join(fmt.label for fmt in formats)
    return ExportError(
        f"is not an export playbook recognises: it looked for {looked}",
        f"playbook reads: {known}; give the archive as downloaded, its unpacked folder "
        "or its posts file"
        if formats
        else "no export formats are installed",
    )


def read_one(files: ExportFiles, formats: Sequence[ExportFormat] = FORMATS) -> ExportRead:
    """The posts of one opened export, read by the first format that recognises it."""
    return read_all(files, formats)[0]


def read_all(files: ExportFiles, formats: Sequence[ExportFormat] = FORMATS) -> list[ExportRead]:
    """The posts of one opened export, read by every format that recognises it, one per
    platform: a Meta archive holds Instagram and Threads posts side by side, while two
    layouts of one platform's archive would count its posts twice."""
    reads: list[ExportRead] = []
    for fmt in formats:
        if any(read.platform == fmt.platform for read in reads):
            continue
        member = fmt.recognise(files)
        if member is not None:
            reads.append(_read_with(fmt, member, files))
    if not reads:
        raise not_recognised(formats)
    return reads


def _read_with(fmt: ExportFormat, member: str, files: ExportFiles) -> ExportRead:
    try:
        return fmt.read(files)
    except ExportError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        # A file that looked right but is laid out otherwise: one line, not a traceback.
        raise ExportError(
            f"is not laid out as expected for the {fmt.label} "
            f"({type(error).__name__}: {str(error)[:80]})",
            "give the export file unchanged; if it is, report this with the export's date",
            member=member,
        ) from None


def read_exports(
    paths: Sequence[Path], labels: Sequence[str]
) -> tuple[list[ExportRead], list[str]]:
    """Each export's posts, in the order given, and one line per export that could not be
    read (that export is left out)."""
    reads: list[ExportRead] = []
    problems: list[str] = []
    for path, label in zip(paths, labels, strict=True):
        try:
            with open_export(path, label) as files:
                try:
                    reads.extend(read_all(files))
                except ExportError as error:
                    if files.single_file:
                        error.member = ""  # a posts file given alone is the file itself
                    raise
        except ExportError as error:
            problems.append(problem_line(label, error))
    return reads, problems
