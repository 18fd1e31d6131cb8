"""The guide's inputs and outputs on disk: read rules and example profiles from a content
folder, and write the generated guide as plain files for any site builder."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..model.profile import Profile
from ..parallel import Helper
from ..pipeline.client import load_client
from ..pipeline.rulebook import load_rules, merge_example
from ..pipeline.write import slugify
from ..rules.compile import CompiledRule, Rulebook
from ..rules.files import BASELINE
from ..site.figures import Chart, draw_each, progress_specs, warm_up_charts
from ..site.mkdocs_config import read_config
from ..source.load import read_file
from ..source.validate import validate_profile
from .pages import (
    ExamplePlaybook,
    GuidePage,
    ProfileOf,
    guide_nav,
    guide_pages,
    rule_page,
)
from .portable import portable_extensions, portable_markdown
from .schemas import versioned_schemas

EXAMPLES = "examples"
# Draws the charts of each example: (name -> chart) for each, SVG by name for each.
Drawer = Callable[[list[dict[str, Chart]]], list[dict[str, str]]]


def example_files(content: Path) -> list[Path]:
    return sorted((content / EXAMPLES).glob("*.yaml"))


def _blurb(path: Path) -> str:
    """The comment lines at the top of a profile, without the editor's schema line."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if "yaml-language-server" not in line:
            lines.append(line.lstrip("# ").rstrip())
    return " ".join(lines)


def load_examples(
    content: Path, book: Rulebook, drawer: Drawer = draw_each
) -> list[ExamplePlaybook]:
    """Every example profile with its plan (and progress, with charts, where it has
    check-ins); raises ProblemsError for an invalid one or a bad check-in. `drawer` draws
    every example's charts in one call."""
    clients = [(path, load_client(path, book)) for path in example_files(content)]
    specs = [
        progress_specs(client.progress, client.profile.client.name) if client.progress else {}
        for _, client in clients
    ]
    charts = drawer(specs) if any(specs) else [{} for _ in specs]
    return [
        ExamplePlaybook(
            slug=slugify(client.profile.client.name),
            title=client.profile.client.name,
            blurb=_blurb(path),
            source=f"{EXAMPLES}/{path.name}",
            profile=client.plan.profile,
            plan=client.plan,
            progress=client.progress,
            charts=drawn,
        )
        for (path, client), drawn in zip(clients, charts, strict=True)
    ]


def example_profiles(rules: Path) -> ProfileOf:
    """A function giving each rule's first firing example as a whole profile."""
    baseline = read_file(rules / BASELINE, str(rules / BASELINE))

    def profile_of(rule: CompiledRule) -> Profile:
        return validate_profile(merge_example(baseline, rule.spec.examples.fires[0]))

    return profile_of


def collect_guide(
    content: Path, edit_base: str, jobs: int | None = None
) -> tuple[list[GuidePage], list[Any]]:
    """The generated pages and the navigation for the guide whose sources are in `content`.

    Rule files are checked, and their pages made, on every core. Running each rule on its
    examples is left to `playbook plan` and the test suite, so a large rulebook builds fast.
    """
    rules = content / "rules"
    profile_of = example_profiles(rules)
    # Matplotlib takes most of a second to import: a helper does it while the rules load.
    with Helper(warm_up_charts) as helper:
        book, pages = load_rules(
            rules,
            examples=False,
            jobs=jobs,
            page_of=lambda rule: rule_page(rule, profile_of, edit_base),
        )
        examples = load_examples(content, book, lambda specs: helper.call(draw_each, specs))
    made = guide_pages(book, examples, profile_of, edit_base, pages) + versioned_schemas(content)
    return made, guide_nav(book, examples)


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT rule: mappings merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# Content files that become pages (or feed them) and are not published as files themselves:
# the advice data, the rule files with the template and baseline, the metric catalog, and the
# example check-ins. The example profiles are published, as downloads their pages link; so
# are the schemas, at the addresses editors load them from. The root mkdocs.yml's
# `exclude_docs` says the same for the repository's build.
UNPUBLISHED = ("advice/*", "rules/*.yaml", "metrics.yaml", "examples/*/checkins/*")


def _files(folder: Path, prefix: str, leave_out: tuple[str, ...] = ()) -> dict[str, bytes]:
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        left_out = any(fnmatch.fnmatchcase(name, pattern) for pattern in leave_out)
        if path.is_file() and "__pycache__" not in path.parts and not left_out:
            found[f"{prefix}{name}"] = path.read_bytes()
    return found


def standalone_config(site_config: Path, root: Path | None, nav: list[Any]) -> dict[str, Any]:
    """A mkdocs.yml that needs no plugin: the shared settings, the root file's, the nav."""
    config = read_config(site_config / "mkdocs-base.yml")
    if root is not None and root.is_file():
        own = read_config(root)
        own.pop("INHERIT", None)
        config = _merge(config, own)
    config["docs_dir"] = "docs"
    config.setdefault("site_name", "playbook")
    # The copy's page paths are not the repository's files, so its edit buttons would lead
    # nowhere; rule pages keep their own "suggest a change" link to the rule file.
    config["edit_uri"] = ""
    config.setdefault("theme", {})["custom_dir"] = "overrides"
    plugins = config.get("plugins", ["search"])
    config["plugins"] = [
        p for p in plugins if p != "playbook" and not (isinstance(p, dict) and "playbook" in p)
    ]
    config["markdown_extensions"] = portable_extensions(config.get("markdown_extensions", []))
    config["nav"] = nav
    return config


def guide_tree(
    content: Path, site_config: Path, root_config: Path | None, edit_base: str
) -> dict[str, bytes]:
    """Every file of a standalone copy of the guide: docs/, overrides/ and mkdocs.yml."""
    pages, nav = collect_guide(content, edit_base)
    files = _files(content, "docs/", UNPUBLISHED)
    files.update(
        {f"docs/{page.path}": portable_markdown(page.text).encode("utf-8") for page in pages}
    )
    files.update(_files(site_config / "overrides", "overrides/"))
    config = standalone_config(site_config, root_config, nav)
    header = "# Written by `playbook guide`; build with `mkdocs build` or `zensical build`.\n"
    text = header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    files["mkdocs.yml"] = text.encode("utf-8")
    return files
