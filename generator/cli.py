"""Stage 6, the command line: a thin adapter that reads files, calls the core, writes results.

Exit status: 0 when all is well, 1 for invalid input (every problem printed, nothing
written), 2 for wrong usage. Heavy modules load inside the commands that need them, so
`playbook check` starts fast.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from generator import __version__
from generator.errors import Problem, ProblemsError

if TYPE_CHECKING:
    from generator.rules import Rulebook

EXIT_INVALID = 1
YAML_SUFFIXES = (".yaml", ".yml")


def _fail(problems: Iterable[Problem]) -> NoReturn:
    for problem in problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_INVALID)


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their .yaml files, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                raise click.UsageError(f"{path}: folder holds no .yaml files")
            out += found
        else:
            out.append(path)
    return list(dict.fromkeys(out))


_EXISTING = click.Path(exists=True, path_type=Path)
_OWN_RULES = click.option(
    "--rules",
    "own_rules",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of your own rules (*.yaml), used with the bundled ones.",
)


def _rulebook(own_rules: Path | None) -> Rulebook:
    from generator.rulebook import load_rulebook

    try:
        return load_rulebook(own=own_rules)
    except ProblemsError as exc:
        _fail(exc.problems)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Turn client profiles into conversation-first action plans and measurement checklists."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=_EXISTING)
@_OWN_RULES
def check(files: tuple[Path, ...], own_rules: Path | None) -> None:
    """Validate profiles (files or folders); exit 0 when all are valid."""
    from generator.rulebook import rule_ids
    from generator.validate import load_checked_profile

    problems: list[Problem] = []
    paths = _expand(files)
    # The ids come from the file names, so checking stays fast: no rule is compiled.
    known = rule_ids(own=own_rules)
    for path in paths:
        try:
            load_checked_profile(path, str(path), known)
        except ProblemsError as exc:
            problems += exc.problems
    if problems:
        _fail(problems)
    click.echo(f"{len(paths)} profile(s) valid", err=True)


@cli.command()
@click.argument("profiles", nargs=-1, required=True, type=_EXISTING)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one folder per client here instead of printing.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "html"]),
    default="markdown",
    show_default=True,
    help="Markdown pages, the plan as JSON data, or one self-contained HTML file.",
)
@_OWN_RULES
def plan(
    profiles: tuple[Path, ...], out_dir: Path | None, fmt: str, own_rules: Path | None
) -> None:
    """Make the action plan and measurement checklist for each profile."""
    from generator.batch import plan_files, plan_one
    from generator.write import WriteError, slugify, write_clients

    paths = _expand(profiles)
    if out_dir is None and len(paths) > 1:
        raise click.UsageError("several profiles need -o DIR (one folder per client)")
    book = _rulebook(own_rules)
    if out_dir is None:
        outcome = plan_one(paths[0], book, fmt, single=True)
        if outcome.problems:
            _fail(outcome.problems)
        click.echo(next(iter(outcome.pages.values())), nl=False)
        return
    outcomes = plan_files(paths, book, fmt)
    problems = [p for o in outcomes for p in o.problems]
    outputs: dict[str, dict[str, str]] = {}
    first: dict[str, Path] = {}
    for outcome in outcomes:
        if outcome.problems:
            continue
        slug = slugify(outcome.client_name)
        if slug in outputs:
            problems.append(_same_folder(outcome.path, first[slug], slug))
            continue
        first[slug] = outcome.path
        outputs[slug] = outcome.pages
    if problems:
        _fail(problems)
    try:
        folders = write_clients(out_dir, outputs)
    except (WriteError, OSError) as exc:
        click.echo(f"playbook: error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"wrote {len(folders)} playbook(s) to {out_dir}", err=True)


def _same_folder(path: Path, other: Path, slug: str) -> Problem:
    from generator.load import read_file
    from generator.schema import locate

    return Problem(
        locate(read_file(path, str(path)), ("client", "name")),
        f"client name gives the folder '{slug}', like {other}",
        "give each client a distinct name",
    )


@cli.command()
@click.argument("profiles", nargs=-1, required=True, type=_EXISTING)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one site per client here, in OUT/<client>/.",
)
@click.option("--pdf", is_flag=True, help="Also print each site to OUT/<client>.pdf (Chromium).")
@click.option(
    "--site-config",
    "settings_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder holding client-site.yml [default: the bundled site-config/].",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Processes [default: one per core].")
@_OWN_RULES
def build(
    profiles: tuple[Path, ...],
    out_dir: Path,
    pdf: bool,
    settings_dir: Path | None,
    jobs: int | None,
    own_rules: Path | None,
) -> None:
    """Build a private playbook site for each profile (files or folders)."""
    from generator.site_cli import run_build

    run_build(_expand(profiles), out_dir, pdf, settings_dir, jobs, _rulebook(own_rules))


@cli.command()
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--site-config",
    "settings_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder holding client-site.yml [default: the bundled site-config/].",
)
@_OWN_RULES
def serve(profile: Path, port: int, settings_dir: Path | None, own_rules: Path | None) -> None:
    """Preview PROFILE's site on 127.0.0.1, rebuilt whenever it or a rule changes."""
    from generator.serve import Preview, ServeError, serve, temporary_root

    def report(line: str) -> None:
        click.echo(line, err=True)

    root = temporary_root()
    try:
        serve(Preview(profile, root, settings_dir, own_rules, report), "127.0.0.1", port)
    except ServeError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


@cli.command()
@click.argument("name")
@click.option(
    "-o",
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the profile [default: NAME as a file name, .yaml].",
)
def init(name: str, out_file: Path | None) -> None:
    """Write a commented starter profile for a new client called NAME."""
    import json

    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from generator.paths import schema_dir, templates_dir
    from generator.validate import profile_from_bytes
    from generator.write import slugify

    if not name.strip():
        raise click.UsageError("NAME must not be empty")
    target = out_file or Path(f"{slugify(name)}.yaml")
    if target.exists():
        click.echo(f"playbook: error: {target} already exists; choose another -o", err=True)
        sys.exit(EXIT_INVALID)
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    schema = (schema_dir() / "profile.schema.json").resolve()
    text = env.get_template("profile.yaml.j2").render(
        name=json.dumps(" ".join(name.split()), ensure_ascii=False),
        file_name=target.name,
        # Relative, so the line keeps working when the folder is moved or shared.
        schema_url=Path(os.path.relpath(schema, target.resolve().parent)).as_posix(),
    )
    try:
        profile_from_bytes(text.encode("utf-8"), target.name)
    except ProblemsError as exc:
        message = exc.problems[0].message.replace("client.name", "NAME")
        raise click.UsageError(f"{message} ({exc.problems[0].hint})") from None
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        click.echo(f"playbook: error: cannot write {target}: {exc.strerror}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"wrote {target}; fill it in, then run: playbook plan {target}", err=True)


@cli.command()
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the guide to (new, or written by playbook before).",
)
@click.option(
    "--content",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with rules/, examples/ and the guide's pages [default: the bundled one].",
)
@click.option(
    "--config",
    "root_config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A mkdocs.yml whose settings (site name, repository) to carry over "
    "[default: ./mkdocs.yml if there is one].",
)
def guide(out_dir: Path, content: Path | None, root_config: Path | None) -> None:
    """Write the public guide as plain Markdown files plus a matching mkdocs.yml.

    The result builds with any builder that reads mkdocs.yml, without the playbook plugin:
    `mkdocs build -f OUT/mkdocs.yml`, or `zensical build` inside OUT.
    """
    from generator.guide_files import guide_tree
    from generator.paths import content_dir, site_config_dir
    from generator.write import WriteError, write_tree

    root = root_config or (Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None)
    repo = ""
    if root is not None:
        from generator.guide_files import read_config

        settings = read_config(root)
        base = str(settings.get("repo_url") or "").rstrip("/")
        edit = str(settings.get("edit_uri") or "").strip("/")
        repo = f"{base}/{edit}/" if base else ""
    try:
        files = guide_tree(content or content_dir(), site_config_dir(), root, repo)
        write_tree(out_dir, files)
    except ProblemsError as exc:
        _fail(exc.problems)
    except (WriteError, OSError) as exc:
        click.echo(f"playbook: error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    pages = sum(1 for name in files if name.endswith(".md"))
    click.echo(f"wrote the guide ({pages} pages) to {out_dir}", err=True)


@cli.group()
def rules() -> None:
    """Check and list the rules of the method."""


@rules.command("check")
@click.argument("paths", nargs=-1, type=_EXISTING)
@_OWN_RULES
def rules_check(paths: tuple[Path, ...], own_rules: Path | None) -> None:
    """Check rule files (all rules when none are given); exit 0 when all are valid.

    With GITHUB_ACTIONS=true each problem is also printed as a workflow annotation, so it
    shows on the pull request's changed line.
    """
    from generator.paths import rules_dir
    from generator.rulebook import check_rule_files, rule_files

    folder = rules_dir()
    files = _expand(paths) if paths else [path for _, path in rule_files(folder, own_rules)]
    try:
        problems = check_rule_files(files, None if paths else folder, own_rules)
    except ProblemsError as exc:
        problems = exc.problems
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            message = p.format().split(": error: ", 1)[-1].replace("%", "%25")
            click.echo(
                f"::error file={p.mark.source},line={p.mark.line},col={p.mark.col}::{message}"
            )
    if problems:
        _fail(problems)
    click.echo(f"{len(files)} rule(s) valid", err=True)


@rules.command("list")
@_OWN_RULES
def rules_list(own_rules: Path | None) -> None:
    """Print every rule: id, source, platforms and tags, in precedence order."""
    book = _rulebook(own_rules)
    rows = [("id", "source", "platforms", "tags")]
    rows += [
        (r.id, r.source, ",".join(r.spec.platform_names) or "all", ",".join(r.spec.tags) or "-")
        for r in book.rules
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        padded = [row[i].ljust(widths[i]) for i in range(3)]
        click.echo("  ".join([*padded, row[3]]))


@rules.command("explain")
@click.argument("rule_id", metavar="ID")
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_OWN_RULES
def rules_explain(rule_id: str, profile: Path, own_rules: Path | None) -> None:
    """Show whether the rule ID fires on PROFILE, and why."""
    from generator.errors import unknown_hint
    from generator.explain import explain
    from generator.sandbox import RuleCodeError
    from generator.validate import load_checked_profile

    book = _rulebook(own_rules)
    by_id = {r.id: r for r in book.rules}
    if rule_id not in by_id:
        raise click.UsageError(f"there is no rule '{rule_id}' ({unknown_hint(rule_id, by_id)})")
    try:
        client = load_checked_profile(profile, str(profile), by_id)
        click.echo(explain(by_id[rule_id], client, client.skipped.get(rule_id)), nl=False)
    except ProblemsError as exc:
        _fail(exc.problems)
    except RuleCodeError as exc:
        rule = by_id[rule_id]
        what = f"rule '{rule_id}' fails on {profile}: {exc}"
        _fail([Problem(rule.mark(*exc.where), what, "fix the rule for profiles like this one")])


@cli.command()
@click.argument("kind", type=click.Choice(["profile", "rule"]), default="profile")
def schema(kind: str) -> None:
    """Print the JSON Schema of a profile (or of a rule file)."""
    from generator.models import Profile
    from generator.rulespec import RuleSpec
    from generator.schema_json import schema_text

    model = Profile if kind == "profile" else RuleSpec
    click.echo(schema_text(model, kind), nl=False)


def main() -> None:
    """Entry point: never a traceback for a closed pipe or Ctrl-C."""
    try:
        cli()
    except KeyboardInterrupt:
        click.echo("playbook: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_INVALID)
