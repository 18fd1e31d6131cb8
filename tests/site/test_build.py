"""`playbook build` and `playbook serve`: client sites built with the real MkDocs, in batches,
safely (slugs, staging, manifest), reproducibly, and a live preview that survives bad edits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import ProblemsError
from generator.pipeline.rulebook import load_rulebook
from generator.pipeline.write import MANIFEST, slugify
from generator.site.batch import BuildRequest, build_all
from generator.site.branding import SLATE, contrast, darken_until_readable, look_for
from generator.site.build import brand_css, load_settings
from generator.site.serve import Preview

from ..conftest import EXAMPLES, Run
from ..helpers import free_port, linked_folder, wait_for_text

BAKERY = EXAMPLES / "hilltop-bakery.yaml"
HOSTILE = "Fondation <Enfants> & Co"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sites") / "out"
    result = subprocess.run(
        [sys.executable, "-m", "playbook", "build", str(EXAMPLES), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def named(text: str, name: str) -> str:
    return re.sub(r"(?m)^  name: .*$", f"  name: {name}", text, count=1)


def profile_named(folder: Path, name: str, file: str = "client.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file
    path.write_text(named(BAKERY.read_text(), f'"{name}"'), encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


PAGES = [
    "index.html",
    "action-plan.html",
    "measurement-checklist.html",
    "rules.html",
    "print.html",
]


@pytest.mark.parametrize(
    ("slug", "page", "numbers"),
    [
        ("hilltop-bakery", "index.html", ["30 a month", "2027-06-30", "45%"]),
        ("hilltop-bakery", "action-plan.html", ["Instagram: 6 posts a week", "Facebook"]),
        ("northside-physio", "index.html", ["25 a month", "2027-03-31"]),
        ("northside-physio", "rules.html", ["One set of mix numbers at a time"]),
        ("tidewater-books", "measurement-checklist.html", ['type="checkbox"']),
    ],
)
def test_each_client_site_has_its_pages_and_its_own_numbers(
    sites: Path, slug: str, page: str, numbers: list[str]
) -> None:
    folder = sites / slug
    for name in PAGES:
        assert (folder / name).is_file(), name
    html = (folder / page).read_text(encoding="utf-8")
    for number in numbers:
        assert number in html, number


def test_the_overview_has_an_accessible_chart_and_the_same_numbers_as_a_table(
    sites: Path,
) -> None:
    html = (sites / "hilltop-bakery" / "index.html").read_text(encoding="utf-8")
    svg = html[html.index('<figure class="pb-chart">') :]
    assert 'role="img"' in svg[:600] and "aria-labelledby" in svg[:600]
    assert "<title" in svg and "<desc" in svg
    assert "<th>Kind of post</th>" in html.replace(' style="text-align: left;"', "")


def test_rules_link_to_the_public_guide(sites: Path) -> None:
    settings, _ = load_settings()
    html = (sites / "hilltop-bakery" / "rules.html").read_text(encoding="utf-8")
    assert f'href="{settings.guide_url}rules/pull-dont-push/"' in html
    assert "What is already working" in html


def test_rebuilding_gives_the_same_bytes(tmp_path: Path, sites: Path, run_playbook: Run) -> None:
    again = tmp_path / "again"
    result = run_playbook("build", str(EXAMPLES), "-o", str(again))
    assert result.returncode == 0, result.stderr
    assert tree(again) == tree(sites)
    # With no `updated:` in the profile the site's date is a fixed one, not the clock.
    undated = tmp_path / "undated.yaml"
    undated.write_text(BAKERY.read_text().replace("  updated: 2026-11-30\n", ""))
    result = run_playbook("build", str(undated), "-o", str(tmp_path / "undated"))
    assert result.returncode == 0, result.stderr
    assert stamped(tmp_path / "undated" / "hilltop-bakery") == "2026-01-01"


def stamped(site: Path) -> str:
    """The date MkDocs stamped on a site (the only place is the gzip header of its sitemap)."""
    seconds = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def test_the_site_date_comes_from_the_profile(tmp_path: Path, run_playbook: Run) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(BAKERY.read_text().replace("updated: 2026-11-30", "updated: 2026-11-20"))
    assert run_playbook("build", str(path), "-o", str(tmp_path / "o")).returncode == 0
    assert stamped(tmp_path / "o" / "hilltop-bakery") == "2026-11-20"


def test_a_bad_profile_is_reported_and_skipped_and_the_rest_still_build(
    tmp_path: Path, run_playbook: Run
) -> None:
    folder = tmp_path / "clients"
    shutil.copytree(EXAMPLES, folder)
    bad = folder / "broken.yaml"
    bad.write_text(BAKERY.read_text().replace("posts_per_week: 6", "posts_per_week: -6"))
    out = tmp_path / "out"
    result = run_playbook("build", str(folder), "-o", str(out))
    assert result.returncode == 1
    assert re.search(rf"{re.escape(str(bad))}:\d+:\d+: error: .*posts_per_week", result.stderr)
    assert "Traceback" not in result.stderr
    rows = [line.split() for line in result.stderr.splitlines()]
    assert ["client", "status", "pages", "time"] in rows
    assert any(row[:3] == [str(bad), "failed", "0"] for row in rows)
    assert any(row[:4] == ["Hilltop", "Bakery", "built", "6"] for row in rows)
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST,
        "hilltop-bakery",
        "northside-physio",
        "tidewater-books",
    ]


def test_two_clients_with_one_slug_are_refused_with_the_place(
    tmp_path: Path, run_playbook: Run
) -> None:
    first = profile_named(tmp_path / "a", "Café Rosé", "one.yaml")
    second = profile_named(tmp_path / "a", "Cafe Rose", "two.yaml")
    result = run_playbook("build", str(first), str(second), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert re.search(
        rf"{re.escape(str(second))}:\d+:\d+: error: 'Cafe Rose' makes the same folder name "
        "'cafe-rose' as",
        result.stderr,
    )
    assert (tmp_path / "out" / "cafe-rose" / "index.html").is_file()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hilltop Bakery", "hilltop-bakery"),
        ("../../etc/passwd", "etc-passwd"),
        ("/root/.ssh", "root-ssh"),
        ("..", "client-5ec1f7e700"),  # nothing to transliterate: a stable hash of the name
        ("Ωμέγα", "omega"),
        ("Żółć & Co", "zolc-co"),
        ("CON", "con-client"),
        ("com1", "com1-client"),
        (HOSTILE, "fondation-enfants-co"),
        ("x" * 300, "x" * 60),
    ],
)
def test_slugs_are_plain_folder_names(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["../../outside", "/tmp/abs", "..", HOSTILE])
def test_nothing_is_written_outside_out(tmp_path: Path, run_playbook: Run, name: str) -> None:
    out = tmp_path / "deep" / "out"
    path = profile_named(tmp_path / "in", name)
    before = {p for p in tmp_path.rglob("*") if "deep" not in p.parts}
    result = run_playbook("build", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    after = {p for p in tmp_path.rglob("*") if "deep" not in p.parts}
    assert after == before
    assert [p.name for p in out.iterdir() if p.is_dir()] == [slugify(name)]


def test_client_text_is_escaped_in_titles_navigation_and_charts(
    tmp_path: Path, run_playbook: Run
) -> None:
    path = profile_named(tmp_path / "in", HOSTILE)
    assert run_playbook("build", str(path), "-o", str(tmp_path / "out")).returncode == 0
    for page in PAGES:
        html = (tmp_path / "out" / "fondation-enfants-co" / page).read_text(encoding="utf-8")
        assert "<Enfants>" not in html, page
        assert "Fondation &lt;Enfants&gt; &amp; Co" in html, page


def test_an_out_folder_with_other_files_is_refused_and_left_alone(
    tmp_path: Path, run_playbook: Run
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "taxes.xlsx").write_text("the coach's own file")
    result = run_playbook("build", str(BAKERY), "-o", str(out))
    assert result.returncode == 1
    assert "holds files playbook did not write (taxes.xlsx)" in result.stderr
    assert "never deletes anything else" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["taxes.xlsx"]


def test_a_file_added_inside_a_built_site_is_never_deleted(
    tmp_path: Path, run_playbook: Run
) -> None:
    out = tmp_path / "out"
    assert run_playbook("build", str(BAKERY), "-o", str(out)).returncode == 0
    mine = out / "hilltop-bakery" / "notes.md"
    mine.write_text("the coach's notes")
    result = run_playbook("build", str(BAKERY), "-o", str(out))
    assert result.returncode == 1
    assert "hilltop-bakery/notes.md" in result.stderr
    assert mine.read_text() == "the coach's notes"


def test_an_interrupted_build_leaves_the_previous_sites_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    settings, folder = load_settings()
    request = BuildRequest(load_rulebook(), settings, folder)
    paths = sorted(EXAMPLES.glob("*.yaml"))
    build_all(paths, out, request, jobs=1)
    before = tree(out)

    import generator.site.batch as batch
    import generator.site.build as client_site

    real = client_site.build_site
    calls = []

    def fail_on_the_second(*args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the coach pressed Ctrl-C mid-build
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "build_site", fail_on_the_second)
    edited = tmp_path / "edited"
    shutil.copytree(EXAMPLES, edited)
    for path in edited.glob("*.yaml"):
        path.write_text(path.read_text().replace("updated: 2026-11-30", "updated: 2026-02-02"))
    with pytest.raises(KeyboardInterrupt):
        build_all(sorted(edited.glob("*.yaml")), out, request, jobs=1)
    assert tree(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".playbook-staging")]


@pytest.mark.parametrize(
    ("colour", "on"),
    [
        ("#00695c", "#ffffff"),
        ("#ffeb3b", "#000000"),
        ("#000000", "#ffffff"),
        ("#fafafa", "#000000"),
    ],
)
def test_the_coach_colour_always_gives_readable_text_and_links(colour: str, on: str) -> None:
    settings, folder = load_settings()
    from dataclasses import replace

    from generator.model.profile import Branding

    look = look_for(settings, str(folder), Branding(primary_color=colour), ".")
    assert look.on_primary == on
    assert contrast(look.on_primary, look.primary) >= 4.5
    assert contrast(look.link, "#ffffff") >= 4.5
    assert darken_until_readable(colour) == look.link
    # Links in the dark scheme are lightened until they read on its background.
    assert contrast(look.link_on_dark, SLATE) >= 4.5
    css = brand_css(look)
    assert f"[data-md-color-scheme=slate] {{\n  --md-primary-fg-color: {look.primary};" in css
    assert f"--md-typeset-a-color: {look.link_on_dark};" in css
    del replace


def test_branding_from_the_profile_overrides_the_site_config(
    tmp_path: Path, run_playbook: Run
) -> None:
    folder = tmp_path / "in"
    path = profile_named(folder, "Brand Test")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    path.write_text(path.read_text() + 'branding:\n  logo: logo.svg\n  primary_color: "#6a1b9a"\n')
    result = run_playbook("build", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out" / "brand-test"
    assert "--md-primary-fg-color: #6a1b9a;" in (site / "assets" / "brand.css").read_text()
    assert (site / "assets" / "logo.svg").is_file()
    assert 'src="assets/logo.svg"' in (site / "index.html").read_text()
    assert "Prepared by Sam Rivera" in (site / "index.html").read_text()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('coach: {name: X, primary_color: "teal"}\nguide_url: https://x.example/\n', "#rrggbb"),
        ("coach: {name: X}\nguide_url: http://x.example/\n", "https://"),
        ("coach: {name: X, logo: ../secret.png}\nguide_url: https://x.example/\n", "beside"),
        ("coach: {name: X, logo: logo.exe}\nguide_url: https://x.example/\n", "not an image"),
        ("coach: {name: X}\nguide_ulr: https://x.example/\n", "did you mean 'guide_url'"),
        ("coach: {name: X, logo: gone.svg}\nguide_url: https://x.example/\n", "not found"),
    ],
)
def test_bad_site_settings_are_reported_with_their_place(
    tmp_path: Path, run_playbook: Run, settings: str, message: str
) -> None:
    folder = tmp_path / "site-config"
    folder.mkdir()
    (folder / "client-site.yml").write_text(settings)
    out = tmp_path / "out"
    result = run_playbook("build", str(BAKERY), "-o", str(out), "--site-config", str(folder))
    assert result.returncode == 1
    assert re.match(rf"{re.escape(str(folder))}/client-site.yml:\d+:\d+: error: ", result.stderr)
    assert message in result.stderr
    assert not out.exists()


def test_build_needs_an_out_folder(run_playbook: Run) -> None:
    result = run_playbook("build", str(BAKERY))
    assert result.returncode == 2
    assert "Missing option '-o'" in result.stderr


def test_a_preview_keeps_the_last_good_site_and_shows_the_problems(tmp_path: Path) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text(BAKERY.read_text())
    lines: list[str] = []
    preview = Preview(profile, tmp_path / "site", report=lines.append)
    preview.rebuild()
    good = (tmp_path / "site" / "action-plan.html").read_text()
    assert "Hilltop Bakery" in good and "failure" not in good
    profile.write_text(BAKERY.read_text().replace("posts_per_week: 6", "posts_per_week: six"))
    preview.rebuild()
    assert any(":error:" in line.replace(" ", "") or "error:" in line for line in lines)
    shown = (tmp_path / "site" / "action-plan.html").read_text()
    assert "The profile has errors: this is the last version that worked" in shown
    assert "posts_per_week" in shown and "Instagram: 6 posts a week" in shown
    profile.write_text(BAKERY.read_text().replace("Hilltop Bakery", "Hilltop Bakehouse"))
    preview.rebuild()
    fixed = (tmp_path / "site" / "index.html").read_text()
    assert "Hilltop Bakehouse" in fixed and "last version that worked" not in fixed


def test_a_preview_of_a_profile_that_never_worked_shows_only_the_errors(tmp_path: Path) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text("client: {name: X}\n")
    preview = Preview(profile, tmp_path / "site", report=lambda _: None)
    preview.rebuild()
    page = (tmp_path / "site" / "index.html").read_text()
    assert "The profile has errors" in page and "missing the required key" in page


def test_serve_rebuilds_when_the_profile_changes_and_survives_a_bad_edit(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text(BAKERY.read_text())
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "playbook", "serve", str(profile), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for_text(base, "Hilltop Bakery")
        profile.write_text(BAKERY.read_text().replace("Hilltop Bakery", "Hilltop Bakehouse"))
        wait_for_text(base, "Hilltop Bakehouse")
        profile.write_text(BAKERY.read_text().replace("posts_per_week: 6", "posts_per_week: x"))
        page = wait_for_text(base + "action-plan.html", "last version that worked")
        assert "Hilltop Bakehouse" in page
        assert server.poll() is None
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err
    assert f"{profile}:" in err and "posts_per_week" in err


def test_settings_file_is_valid_and_errors_are_problems(tmp_path: Path) -> None:
    load_settings()  # the bundled one
    (tmp_path / "client-site.yml").write_text("coach: [1]\n")
    with pytest.raises(ProblemsError):
        load_settings(tmp_path)


def test_plan_html_writes_one_self_contained_file_per_client(
    tmp_path: Path, run_playbook: Run
) -> None:
    result = run_playbook("plan", "--format", "html", "-o", str(tmp_path / "o"), str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(tmp_path / "o").as_posix() for p in (tmp_path / "o").rglob("*"))
    # Each file is named after its client: an e-mail attachment says whose playbook it is.
    assert [f for f in files if f.endswith(".html")] == [
        "hilltop-bakery/hilltop-bakery.html",
        "northside-physio/northside-physio.html",
        "tidewater-books/tidewater-books.html",
    ]
    html = (tmp_path / "o" / "hilltop-bakery" / "hilltop-bakery.html").read_text()
    assert "<style>" in html and "<script" not in html and "Hilltop Bakery" in html


def test_a_terminal_shows_a_progress_bar(tmp_path: Path) -> None:
    import os
    import pty

    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "playbook", "build", str(EXAMPLES), "-o", str(tmp_path)]
    done = subprocess.run(command, stderr=secondary, stdout=subprocess.DEVNULL, check=False)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert done.returncode == 0
    text = shown.decode("utf-8", "replace")
    assert "building  [####" in text and "100%" in text
    assert "Hilltop Bakery" in text  # the summary table follows the bar


def test_pdf_without_chromium_is_an_error_before_anything_is_built(
    tmp_path: Path, run_playbook: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "out"
    result = run_playbook("build", str(BAKERY), "-o", str(out), "--pdf")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"playbook: error: --pdf: Chromium was not found at {tmp_path / 'no-such-chromium'} "
        "(set by PLAYBOOK_CHROMIUM): correct it, or unset it to use the browser playbook "
        "finds (or leave out --pdf)"
    ]
    assert not out.exists()


def test_pdf_without_playwright_says_to_install_the_pdf_extra(
    tmp_path: Path, run_playbook: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import now fails
    out = tmp_path / "out"
    result = run_playbook("build", str(BAKERY), "-o", str(out), "--pdf")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "playbook: error: --pdf: Playwright, which prints the PDFs, is not installed: "
        "pip install 'playbook[pdf]' (or leave out --pdf)"
    ]
    assert not out.exists()


@pytest.mark.browser
def test_pdfs_are_the_same_bytes_point_nowhere_on_disk_and_never_outlive_their_site(
    tmp_path: Path, run_playbook: Run
) -> None:
    from ..browser import require_chromium

    require_chromium()
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run_playbook("build", str(EXAMPLES), "-o", str(out), "--pdf")
        assert result.returncode == 0, result.stderr
    pdfs = sorted(p.name for p in first.glob("*.pdf"))
    assert pdfs == ["hilltop-bakery.pdf", "northside-physio.pdf", "tidewater-books.pdf"]
    for name in pdfs:
        data = (first / name).read_bytes()
        assert data == (second / name).read_bytes(), name
        assert b"file://" not in data and b".playbook-staging" not in data
    # A build not asked for PDFs leaves them be: only a build printing a PDF replaces it.
    again = run_playbook("build", str(BAKERY), "-o", str(first))
    assert again.returncode == 0, again.stderr
    kept = (first / "hilltop-bakery.pdf").read_bytes()
    assert kept == (second / "hilltop-bakery.pdf").read_bytes()
    assert "hilltop-bakery.pdf" in (first / MANIFEST).read_text()


def test_two_builds_into_one_folder_at_once_are_kept_apart(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "playbook", "build"]
    runs = [
        subprocess.Popen(
            [*command, str(EXAMPLES / name), "-o", str(out)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("hilltop-bakery.yaml", "tidewater-books.yaml")
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    codes = [run.returncode for run in runs]
    # Either both ran one after the other, or the second was told to wait its turn.
    assert all(code == 0 for code in codes) or any(
        "another playbook command is writing here" in e for e in errors
    ), errors
    listed = (out / MANIFEST).read_text()
    for slug in ("hilltop-bakery", "tidewater-books"):
        assert (f"{slug}/index.html" in listed) == (out / slug).is_dir()
    ok = run_build_again(out)
    assert ok.returncode == 0, ok.stderr


def run_build_again(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", "build", str(BAKERY), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_symbolic_link_in_out_is_refused_and_left_alone(
    tmp_path: Path, run_playbook: Run
) -> None:
    out = tmp_path / "out"
    kept = linked_folder(out / "hilltop-bakery", tmp_path / "elsewhere")
    result = run_playbook("build", str(BAKERY), "-o", str(out))
    assert result.returncode == 1
    assert "holds files playbook did not write (hilltop-bakery)" in result.stderr
    assert (out / "hilltop-bakery").is_symlink() and kept.read_text() == "keep"


def test_a_staging_folder_left_by_a_killed_build_is_cleared(
    tmp_path: Path, run_playbook: Run
) -> None:
    out = tmp_path / "out"
    assert run_playbook("build", str(BAKERY), "-o", str(out)).returncode == 0
    stale = out / ".playbook-staging-killed"
    (stale / "hilltop-bakery").mkdir(parents=True)
    (stale / ".playbook-staging").touch()
    not_ours = out / ".playbook-staging-not-ours"
    not_ours.mkdir()
    (not_ours / "x.txt").write_text("x")
    result = run_playbook("build", str(BAKERY), "-o", str(out))
    assert result.returncode == 1  # the folder without playbook's mark is someone else's
    assert not stale.exists() and (not_ours / "x.txt").exists()


def test_a_missing_logo_named_by_a_profile_is_reported_at_its_line(
    tmp_path: Path, run_playbook: Run
) -> None:
    path = profile_named(tmp_path / "in", "Logo Test")
    path.write_text(path.read_text() + "branding:\n  logo: gone.png\n")
    line = path.read_text().splitlines().index("  logo: gone.png") + 1
    result = run_playbook("build", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{path}:{line}:3: error: logo file {path.parent / 'gone.png'} not found" in (
        result.stderr
    )


def test_serve_on_a_busy_port_says_so_before_building(run_playbook: Run) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_playbook("serve", str(BAKERY), "--port", str(port))
    # Not a typing mistake: one line, no usage banner, and exit 1.
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"playbook: error: cannot serve on 127.0.0.1:{port}: Address already in use; "
        "try another --port"
    ]
    assert result.stdout == ""
