"""Build one client's private site with MkDocs and Material: the adapter between the pages
from `client_pages` and the files on disk.

MkDocs runs in this process, so a batch loads MkDocs, the theme and the rules once. Every
warning MkDocs logs fails the build (a client site has no broken links), and the time
MkDocs would stamp on the site comes from the profile or SOURCE_DATE_EPOCH, never the clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..errors import Problem, ProblemsError
from ..model.profile import Profile
from ..model.site import SiteSettings
from ..paths import site_config_dir
from ..source.validate import load_model
from ..source.validator import locate
from ..urls import disarm_html
from .branding import (
    Look,
    logo_file_problems,
    look_for,
    profile_logo_problems,
)
from .figures import warm_up_charts
from .logo import LogoError, read_logo
from .mkdocs_config import read_config
from .pages import ClientSite

SETTINGS_FILE = "client-site.yml"
# The site's date when neither the profile nor SOURCE_DATE_EPOCH gives one: fixed, so
# rebuilding gives the same bytes.
DEFAULT_STAMP = dt.date(2026, 1, 1)


class BuildError(Exception):
    """MkDocs could not build a client site; the message says what it reported."""


def load_settings(given: Path | None = None) -> tuple[SiteSettings, Path]:
    """The coach's settings from a branding file, or from client-site.yml in a folder (the
    bundled one by default), and the folder the file is in (a logo is beside it)."""
    given = given or site_config_dir()
    path = given if given.is_file() else given / SETTINGS_FILE
    folder = path.parent
    settings, node, problems = load_model(SiteSettings, path, str(path))
    if settings is not None and node is not None and settings.coach.logo is not None:
        mark = locate(node, ("coach", "logo"))
        problems += logo_file_problems(folder, settings.coach.logo, mark)
    if settings is None or problems:
        raise ProblemsError(problems)
    return settings, folder


def look_of(profile: Profile, profile_path: Path, settings: SiteSettings, folder: Path) -> Look:
    """The look of one client's site; a missing or oversized logo named by the profile is
    a problem at its line (the coach's own logo is checked with the settings)."""
    look = look_for(
        settings, str(folder), profile.branding, str(profile_path.parent), profile.client.coach
    )
    problems = profile_logo_problems(profile, profile_path)
    if problems:
        raise ProblemsError(problems)
    return look


def given_stamp() -> int | None:
    """SOURCE_DATE_EPOCH, if set; BuildError if it is not seconds since 1970."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is None:
        return None
    # Plain ASCII digits, few enough for int() and for a 32-bit time.
    if not (given.isascii() and given.isdigit() and len(given) <= 10 and int(given) < 2**32):
        raise BuildError(
            f"SOURCE_DATE_EPOCH={given[:40]!r} is not seconds since 1970 "
            "(set it to a whole number of seconds, such as 1767225600, or unset it)"
        )
    return int(given)


def stamp_of(profile: Profile) -> int:
    """Seconds since 1970 for the date MkDocs puts on the site."""
    given = given_stamp()
    if given is not None:
        return given
    day = profile.client.updated or DEFAULT_STAMP
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def logo_asset(logo: str) -> str:
    """Where a site keeps its logo: a name of playbook's own, so the coach's file name
    (which the theme writes into every page unescaped) never reaches the HTML."""
    return "assets/logo" + PurePosixPath(logo).suffix.lower()


def brand_css(look: Look) -> str:
    """The coach's colour as Material's colour variables in both colour schemes: the header
    in the colour with text picked for contrast, links in it darkened on the light page and
    lightened on the dark one until they read at AA."""

    def scheme(selector: str, link: str) -> str:
        return (
            f"{selector} {{\n"
            f"  --md-primary-fg-color: {look.primary};\n"
            f"  --md-primary-fg-color--light: {look.primary};\n"
            f"  --md-primary-fg-color--dark: {look.link};\n"
            f"  --md-primary-bg-color: {look.on_primary};\n"
            f"  --md-accent-fg-color: {link};\n"
            f"  --md-typeset-a-color: {link};\n"
            "}\n"
        )

    return (
        "/* Written by playbook from the coach's branding. */\n"
        + scheme(":root, [data-md-color-scheme=default]", look.link)
        + scheme("[data-md-color-scheme=slate]", look.link_on_dark)
    )


def mkdocs_config(site: ClientSite, look: Look, name: str, docs: Path, out: Path) -> dict[str, Any]:
    """The full MkDocs configuration of one client site: the shared theme settings from
    site-config/, no search (a client site has five pages and opens from disk), plain
    .html links so it also works without a web server."""
    config = read_config(site_config_dir() / "mkdocs-base.yml")
    theme = config["theme"]
    theme["custom_dir"] = str(site_config_dir() / "overrides")
    # The shared palette: light or dark as the reader's system prefers, with a toggle; the
    # coach's colour is made readable in both (brand_css).
    theme["features"] = ["navigation.top", "navigation.footer", "content.tabs.link"]
    if look.logo is not None:
        theme["logo"] = logo_asset(look.logo)
    config.update(
        site_name=name,
        site_description=f"The social-media playbook of {name}",
        docs_dir=str(docs),
        site_dir=str(out),
        use_directory_urls=False,
        plugins=[],
        nav=[{title: page} for title, page in site.nav if page in site.pages],
        copyright=f"Prepared by {look.coach} with playbook",
        extra_css=[
            "assets/stylesheets/playbook.css",
            "assets/stylesheets/client.css",
            "assets/brand.css",
        ],
        extra_javascript=["assets/javascripts/scroll-regions.js"],
        extra={"generator": False},
    )
    config.pop("repo_url", None)
    config.pop("edit_uri", None)
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _quiet_mkdocs(stamp: int) -> Iterator[_Collect]:
    """MkDocs' INFO lines hidden, its warnings collected; its clock set to `stamp`."""
    log = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = (log.level, log.propagate, os.environ.get("SOURCE_DATE_EPOCH"))
    log.addHandler(collect)
    log.setLevel(logging.WARNING)
    log.propagate = False
    os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    try:
        yield collect
    finally:
        log.removeHandler(collect)
        log.setLevel(saved[0])
        log.propagate = saved[1]
        if saved[2] is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved[2]


def _with_escaped_text(config: Any) -> Any:
    """Client and coach names, escaped once, as markup-safe text.

    Material's templates print `config.site_name` and friends without escaping in most
    places and with `| e` in a few. Escaped text marked safe reads right in both: no markup
    from a name reaches the page, and nothing is escaped twice.
    """
    from markupsafe import Markup, escape

    for key in ("site_name", "site_description", "copyright"):
        if isinstance(config[key], str):
            config[key] = Markup(escape(config[key]))
    return config


# Theme files a client site never loads: search is off (five pages, and a site opened from
# disk cannot start the search worker), and source maps are for the theme's developers.
_UNUSED = ("assets/javascripts/lunr/", "assets/javascripts/workers/search")
# The theme's Jinja environments, by theme folders: one per process (see _sharing_templates).
_ENVIRONMENTS: dict[tuple[str, ...], Any] = {}


def _sharing_templates(config: Any) -> Any:
    """Every client site of a batch uses the same theme, so its templates are compiled, and
    its folder of some thousand files listed, once per process rather than once per site
    (together over half the time of a small build). Each site's own settings reach the
    templates through the page context, never through the environment."""
    theme = config.theme
    key = (*theme.dirs, str(theme.locale))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = theme.get_env()
        listing = env.list_templates
        listed: list[list[str]] = []

        def list_once(*args: Any, **kwargs: Any) -> list[str]:
            # MkDocs asks with the same filter on every build.
            if not listed:
                names = listing(*args, **kwargs)
                listed.append([n for n in names if not n.startswith(_UNUSED) and n[-4:] != ".map"])
            return listed[0]

        env.list_templates = list_once
        _ENVIRONMENTS[key] = env
    theme.get_env = lambda: env
    return config


def _disarming_links(config: Any) -> Any:
    """The build, with a last step on every page: no link or source in it may lead to a
    script, whatever the Markdown said (client sites run no other plugin)."""
    from mkdocs.plugins import BasePlugin

    class DisarmLinks(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_post_page(self, output: str, **_: Any) -> str:
            return disarm_html(output)

    config.plugins["playbook-links"] = DisarmLinks()
    return config


# Material warns at every build that it reaches end of life; that is not this site's fault.
_NOT_OURS = ("end of life", "MkDocs 2.0", "Zensical")


def build_site(site: ClientSite, look: Look, name: str, out: Path, stamp: int) -> int:
    """Build the site into the folder `out` (which must not exist); returns its page count."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with tempfile.TemporaryDirectory(prefix="playbook-docs-") as temp:
        docs = Path(temp) / "docs"
        (docs / "assets").mkdir(parents=True)
        for page, text in site.pages.items():
            (docs / page).write_text(text, encoding="utf-8", newline="\n")
        (docs / "assets" / "brand.css").write_text(brand_css(look), encoding="utf-8")
        if look.logo is not None:
            try:
                logo = read_logo(Path(look.logo_base), look.logo)
            except LogoError as exc:  # changed since it was checked
                raise BuildError(str(exc)) from None
            (docs / logo_asset(look.logo)).write_bytes(logo)
        config_file = Path(temp) / "mkdocs.yml"
        config = mkdocs_config(site, look, name, docs, out.resolve())
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        with _quiet_mkdocs(stamp) as collected:
            try:
                loaded = _with_escaped_text(load_config(str(config_file)))
                build(_disarming_links(_sharing_templates(loaded)))
            except MkDocsException as exc:
                raise BuildError(f"MkDocs could not build the site: {exc}") from exc
        trouble = [m for m in collected.messages if not any(n in m for n in _NOT_OURS)]
        if trouble:
            raise BuildError("MkDocs reported: " + "; ".join(trouble[:3]))
    return len(site.pages)


def warm_up(look: Look, with_charts: bool = True) -> None:
    """Import MkDocs, the theme (and matplotlib), and compile the theme's templates, by
    building a one-page site: done once before forking, every worker starts warm."""
    if with_charts:
        warm_up_charts()
    with tempfile.TemporaryDirectory(prefix="playbook-warm-") as temp:
        site = ClientSite({"index.md": "# Warm-up\n"}, (("Warm-up", "index.md"),))
        build_site(site, replace(look, logo=None), "warm-up", Path(temp) / "site", 0)


@dataclass(frozen=True)
class Built:
    """What building one profile's site gave: its client and page count, or its problems."""

    path: Path
    client: str
    pages: int
    seconds: float
    problems: tuple[Problem, ...] = ()
    error: str = ""
    stamp: int = 0  # the site's date, in seconds since 1970
    lost: bool = False  # its build process died (killed, out of memory) before it finished
    pdf_error: str = ""  # why the site was built but its PDF was not printed
    folder: str = ""  # the site's folder in the output folder, once it has one

    @property
    def ok(self) -> bool:
        return not self.problems and not self.error and not self.lost
