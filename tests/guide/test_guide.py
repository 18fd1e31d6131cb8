"""The public guide: real MkDocs and Zensical builds in temporary folders."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from generator.guide.files import collect_guide
from generator.guide.plugin import PlaybookPlugin
from generator.model.profile import MIX_KINDS, PLATFORMS
from generator.paths import templates_dir

from ..conftest import ROOT
from ..helpers import free_port, rulebook, wait_for_text
from .test_guide_anywhere import unlinked_files

BIN = Path(sys.executable).parent
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "mkdocs"), *args],
        cwd=cwd,
        env=QUIET,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def playbook(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "playbook"), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def config_for(folder: Path, content: Path, extra: str = "") -> Path:
    """A mkdocs.yml that is the repository's, with another content folder (and `extra`)."""
    config = folder / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {content}\n"
        f"theme:\n  custom_dir: {ROOT / 'site-config' / 'overrides'}\n{extra}"
    )
    return config


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The repository's guide, built with `mkdocs build --strict`, and what MkDocs logged."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs("build", "--strict", "-d", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@pytest.fixture(scope="module")
def site(built: tuple[Path, str]) -> Path:
    return built[0]


def article(html: str) -> str:
    """The page's own content, without the theme around it."""
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert found, "no article in page"
    body = re.sub(
        r'<a href="[^"]*" title="Edit this page"[^>]*>.*?</a>', "", found.group(1), flags=re.S
    )
    return body.strip()


def test_every_rule_example_and_reference_page_is_built(site: Path) -> None:
    for rule in rulebook().rules:
        page = site / "rules" / rule.id / "index.html"
        assert page.is_file(), rule.id
        assert f">{rule.spec.title}<" in html.unescape(page.read_text()), rule.id
    for slug in ("hilltop-bakery", "northside-physio", "tidewater-books"):
        assert (site / "examples" / slug / "action-plan" / "index.html").is_file()
        assert (site / "examples" / slug / "measurement-checklist" / "index.html").is_file()
    assert (site / "examples" / "northside-physio" / "progress" / "index.html").is_file()
    for name, keys in (
        ("profile", ("posts_per_week", "posting_mix", "hours_per_week", "outcome", "by")),
        ("profile", ("skip", "reason", "branding", "checkins", "updated")),
        ("rules", ("own_experience", "contributor", "tags", "platforms", "when_text")),
        ("checkin", ("period", "messages_answered", "followers", "goals", "original")),
        ("client-site", ("guide_url", "primary_color", "logo")),
    ):
        reference = (site / "reference" / name / "index.html").read_text()
        for key in keys:
            assert f"<code>{key}</code>" in reference, (name, key)


def nav_links(html_text: str) -> list[str]:
    """The addresses the page's main navigation links to."""
    _, found, rest = html_text.partition('<nav class="md-nav md-nav--primary"')
    assert found, "no primary navigation"
    return re.findall(r'<a href="([^"]*)"', rest.partition("md-sidebar--secondary")[0])


def test_the_nav_stays_small_and_lists_community_rules_on_their_own_pages(site: Path) -> None:
    community = [r for r in rulebook().rules if r.origin == "community"]
    assert len(community) >= 2
    # Elsewhere the community rules are one entry, however many there are.
    home = nav_links((site / "index.html").read_text())
    assert len([r for r in community if f"rules/{r.id}/" in home]) <= 1, home
    index = (site / "rules" / "index.html").read_text()
    for rule in community:
        assert f'href="{rule.id}/"' in index
        page = (site / "rules" / rule.id / "index.html").read_text()
        links = nav_links(page)
        # Its own entry is the highlighted one; the other community rules are beside it.
        assert re.search(r'<a href="\./" class="md-nav__link md-nav__link--active"', page)
        assert all(f"../{other.id}/" in links for other in community if other != rule)
        assert 'class="md-footer__link md-footer__link--prev"' in page
        assert 'class="md-footer__link md-footer__link--next"' in page


def test_the_build_leaves_no_page_out_of_the_nav_unannounced(built: tuple[Path, str]) -> None:
    assert 'not included in the "nav"' not in built[1], built[1]


def test_rule_pages_say_when_in_words_and_invite_conversation(site: Path) -> None:
    page = (site / "rules" / "be-conversational" / "index.html").read_text()
    assert (
        "The rule fires on a platform where questions to your audience are fewer than 20%" in page
    )
    assert 'class="tabbed-set' in page  # advice per platform in content tabs
    assert "edit/main/content/rules/golden/be-conversational.yaml" in page
    assert "Gary Armstrong" in page
    community = (site / "rules" / "reply-within-a-day" / "index.html").read_text()
    assert "Contributed by playbook maintainers on 2026-11-26" in community


def test_the_built_site_loads_nothing_from_other_hosts(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page}: {tag}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_comments_are_off_by_default_and_on_when_switched_on(tmp_path: Path, site: Path) -> None:
    assert "giscus" not in (site / "rules" / "be-conversational" / "index.html").read_text()
    config = config_for(
        tmp_path,
        ROOT / "content",
        "extra:\n  comments:\n    enabled: true\n    repo: owner/repo\n    repo_id: R_1\n"
        "    category: Rules\n    category_id: C_1\n",
    )
    result = mkdocs("build", "--strict", "-f", str(config), "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "rules" / "be-conversational" / "index.html").read_text()
    assert 'src="https://giscus.app/client.js"' in page
    assert 'data-repo="owner/repo"' in page


def test_a_broken_link_fails_the_strict_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "coaches.md").write_text(
        "# Coaches\n\nSee [a page that is not there](missing.md).\n"
    )
    config = config_for(tmp_path, content)
    result = mkdocs("build", "--strict", "-f", str(config), "-d", str(tmp_path / "site"))
    assert result.returncode != 0
    assert "missing.md" in result.stderr


def test_an_invalid_rule_stops_the_build_with_its_place(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    rule = content / "rules" / "community" / "eighty-twenty.yaml"
    rule.write_text(rule.read_text().replace("priority: low", "priority: urgent"))
    config = config_for(tmp_path, content)
    result = mkdocs("build", "-f", str(config), "-d", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "eighty-twenty.yaml:" in result.stderr and "unknown priority" not in result.stderr
    assert re.search(
        r"eighty-twenty\.yaml:\d+:\d+: error: priority cannot be 'urgent'", result.stderr
    )
    assert "Traceback" not in result.stderr


def test_playbook_guide_output_builds_the_same_pages(tmp_path: Path, site: Path) -> None:
    out = tmp_path / "guide"
    result = playbook("guide", "--out", str(out))
    assert result.returncode == 0, result.stderr
    built = mkdocs("build", "--strict", "-f", str(out / "mkdocs.yml"), "-d", str(tmp_path / "s"))
    assert built.returncode == 0, built.stderr
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html"))
    assert pages == sorted(
        p.relative_to(tmp_path / "s") for p in (tmp_path / "s").rglob("index.html")
    )
    for page in pages:
        ours = article((site / page).read_text())
        theirs = article((tmp_path / "s" / page).read_text())
        assert ours == theirs, page


def test_playbook_guide_output_builds_with_zensical(tmp_path: Path) -> None:
    out = tmp_path / "guide"
    assert playbook("guide", "--out", str(out)).returncode == 0
    result = subprocess.run(
        [str(BIN / "zensical"), "build"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (out / "site" / "rules" / "be-conversational" / "index.html").read_text()
    assert "Be conversational" in page
    checklist = (
        out / "site" / "examples" / "hilltop-bakery" / "measurement-checklist" / "index.html"
    )
    assert 'aria-label="Count enquiries every month"' in checklist.read_text()


def test_playbook_guide_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    out = tmp_path / "guide"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = playbook("guide", "--out", str(out))
    assert result.returncode == 1
    assert "holds files playbook did not write (notes.txt)" in result.stderr
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_serve_watches_the_templates_and_the_content(tmp_path: Path) -> None:
    plugin = PlaybookPlugin()
    plugin.load_config({"content": str(ROOT / "content")})
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    plugin.on_serve(server, config=None, builder=None)  # type: ignore[arg-type]
    watched = {str(Path(p)) for p in server._watched_paths}
    assert str(templates_dir()) in watched
    assert str(ROOT / "content") in watched


def test_mkdocs_serve_shows_an_edited_rule_without_restarting(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    config = config_for(tmp_path, content)
    port = free_port()
    log = tmp_path / "serve.log"
    command = [str(BIN / "mkdocs"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}/rules/eighty-twenty/"
    with log.open("w") as errors:
        server = subprocess.Popen(command, env=QUIET, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            assert "Inform four times" in wait_for_text(url, "Inform four times")
            rule = content / "rules" / "community" / "eighty-twenty.yaml"
            rule.write_text(rule.read_text().replace("Inform four times", "Teach four times"))
            assert "Teach four times" in wait_for_text(url, "Teach four times")
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_plugin_pages_are_the_core_pages() -> None:
    pages, nav = collect_guide(ROOT / "content", "https://example.org/edit/")
    paths = {p.path for p in pages}
    assert {"rules/index.md", "examples/index.md", "reference/profile.md"} <= paths
    rule_pages = [p for p in pages if p.path.startswith("rules/") and p.path != "rules/index.md"]
    assert all(p.edit_path.endswith(".yaml") for p in rule_pages)
    assert next(p for p in pages if p.path == "rules/index.md").edit_path == ""
    assert len(nav) == 9
    assert {"Platforms": "platforms/index.md"} in nav and {"Idea bank": "ideas/index.md"} in nav
    advice_pages = {f"platforms/{p}.md" for p in PLATFORMS} | {"platforms/index.md"}
    advice_pages |= {f"ideas/{kind}.md" for kind in MIX_KINDS} | {"ideas/index.md"}
    assert advice_pages <= paths
    youtube = next(p for p in pages if p.path == "platforms/youtube.md")
    assert (
        youtube.edit_path == "advice/platforms.yaml"
        and "## The golden rules on YouTube" in youtube.text
    )
    quotes = next(p for p in pages if p.path == "ideas/quotes.md").text
    assert quotes.startswith("# Inspirational quote ideas") and "playbook maintainers" in quotes


def test_the_publishing_workflow_builds_strictly_and_deploys_main_only() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "guide.yml").read_text())
    steps = " ".join(str(step.get("run", "")) for step in workflow["jobs"]["build"]["steps"])
    assert "mkdocs build --strict" in steps
    assert workflow["jobs"]["deploy"]["if"].startswith("github.event_name == 'push'")
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_playbook_guide_runs_again_over_its_copy_and_keeps_the_site_built_from_it(
    tmp_path: Path,
) -> None:
    out = tmp_path / "guide"
    assert playbook("guide", "--out", str(out)).returncode == 0
    built = out / "site" / "index.html"
    built.parent.mkdir()
    built.write_text("built from the copy")
    again = playbook("guide", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert built.read_text() == "built from the copy"
    (out / "docs" / "mine.md").write_text("not playbook's")
    refused = playbook("guide", "--out", str(out))
    assert refused.returncode == 1 and "docs/mine.md" in refused.stderr


def test_the_site_publishes_no_file_that_no_page_links(site: Path) -> None:
    assert not (site / "rules" / "TEMPLATE.yaml").exists()
    assert not (site / "metrics.yaml").exists()
    assert unlinked_files(site) == []


@pytest.mark.slow
def test_many_community_rules_are_grouped_so_each_page_lists_a_few(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    community = content / "rules" / "community"
    source = (community / "eighty-twenty.yaml").read_text()
    for i in range(60):
        rule = source.replace("id: eighty-twenty", f"id: copy-{i:02d}")
        rule = rule.replace("title: Inform four times", f"title: Copy {i:02d} inform four times")
        (community / f"copy-{i:02d}.yaml").write_text(rule)
    out = tmp_path / "site"
    result = mkdocs("build", "--strict", "-f", str(config_for(tmp_path, content)), "-d", str(out))
    assert result.returncode == 0, result.stderr
    assert 'not included in the "nav"' not in result.stderr
    page = (out / "rules" / "copy-30" / "index.html").read_text()
    links = nav_links(page)
    copies = [link for link in links if "/copy-" in link]
    # Its own group's rules and a link to each other group, not all 65 community rules.
    assert 5 <= len(copies) <= 25, copies
    assert re.search(r'<a href="\./" class="md-nav__link md-nav__link--active"', page)
    assert 'class="md-footer__link md-footer__link--prev"' in page
    assert 'class="md-footer__link md-footer__link--next"' in page


def test_every_page_carries_its_navigation_and_header_icons_compactly(site: Path) -> None:
    # The navigation is most of a page when there are many community rules, and the
    # header's icons were a tenth of one: both are written once, without padding.
    stylesheet = (site / "assets" / "stylesheets" / "playbook.css").read_text()
    for name in ("github", "weather-night", "weather-sunny"):
        assert f'.pb-icon--{name} {{\n  --pb-icon: url("data:image/svg+xml,' in stylesheet
    for path in (site / "index.html", site / "rules" / "eighty-twenty" / "index.html"):
        html = path.read_text()
        assert html.count('<span class="pb-icon pb-icon--github"></span>') == 2
        assert "Font Awesome" not in html
        navigation = html.partition('<nav class="md-nav md-nav--primary"')[2]
        entries = re.findall(r'<span class="md-ellipsis">(.*?)</span>', navigation, re.S)
        assert entries and all(entry == entry.strip() for entry in entries), entries
        assert re.search(
            r'class="md-nav__link md-nav__link--active"><span class="md-ellipsis">', html
        )
