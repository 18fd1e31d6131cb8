"""The `playbook` command as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.pipeline.write import MANIFEST, slugify
from generator.source.json_schema import SCHEMAS, schema_text

from ..conftest import EXAMPLES, ROOT, Run
from ..rulesets import use_named_rules

BAKERY = EXAMPLES / "hilltop-bakery.yaml"


def test_version(run_playbook: Run) -> None:
    result = run_playbook("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"playbook, version {__version__}"


@pytest.mark.parametrize("command", ["check", "plan", "init", "schema"])
def test_every_command_has_help(run_playbook: Run, command: str) -> None:
    result = run_playbook(command, "--help")
    assert result.returncode == 0
    assert "Usage: " in result.stdout and command in result.stdout


def test_check_accepts_valid_profiles_and_folders(run_playbook: Run) -> None:
    result = run_playbook("check", str(EXAMPLES), str(BAKERY))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "3 profile(s) and 3 check-in(s) valid" in result.stderr


def test_plan_prints_markdown_for_one_profile(
    run_playbook: Run, golden_rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_named_rules(monkeypatch, golden_rules)
    result = run_playbook("plan", str(BAKERY))
    assert result.returncode == 0, result.stderr
    golden = (ROOT / "tests" / "golden" / "hilltop-bakery" / "playbook.md").read_text()
    assert result.stdout == golden


def test_plan_json_is_the_plan_as_data(run_playbook: Run) -> None:
    result = run_playbook("plan", str(BAKERY), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["client"]["name"] == "Hilltop Bakery"
    assert [f["rule"] for f in data["findings"]][:2] == ["be-conversational", "pull-dont-push"]
    instagram = data["posting_mix"]["platforms"][0]
    assert instagram["platform"] == "instagram"
    # Posts are counted over four weeks, so a call to action every two weeks is whole.
    assert instagram["period"] == "every four weeks"
    assert sum(instagram["recommended_posts"].values()) == 24


def test_plan_writes_one_folder_per_client(run_playbook: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_playbook("plan", str(EXAMPLES), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "hilltop-bakery",
        "northside-physio",
        "tidewater-books",
    ]
    folder = out / "hilltop-bakery"
    assert sorted(p.name for p in folder.iterdir()) == [
        "action-plan.md",
        "measurement-checklist.md",
    ]
    listed = [line for line in (out / MANIFEST).read_text().splitlines() if "#" not in line]
    # Northside Physio has monthly check-ins, so it has a progress page too.
    assert listed == [
        f"{slug}/{page}"
        for slug in ("hilltop-bakery", "northside-physio", "tidewater-books")
        for page in ("action-plan.md", "measurement-checklist.md", "progress.md")
        if page != "progress.md" or slug == "northside-physio"
    ]
    checklist = (folder / "measurement-checklist.md").read_text()
    assert "(action-plan.md#be-conversational)" in checklist
    first = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = run_playbook("plan", str(EXAMPLES), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == first
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [MANIFEST]


def test_plan_refuses_to_replace_a_folder_it_did_not_make(
    run_playbook: Run, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "hilltop-bakery").mkdir(parents=True)
    mine = out / "hilltop-bakery" / "notes.txt"
    mine.write_text("the coach's own notes")
    result = run_playbook("plan", str(BAKERY), "-o", str(out))
    assert result.returncode == 1
    assert "was not made by playbook" in result.stderr
    assert mine.read_text() == "the coach's own notes"
    assert sorted(p.name for p in out.iterdir()) == ["hilltop-bakery"]


def test_plan_replaces_only_what_it_wrote(run_playbook: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_playbook("plan", str(BAKERY), "-o", str(out)).returncode == 0
    (out / "coach-notes").mkdir()
    (out / "coach-notes" / "keep.txt").write_text("mine")
    assert run_playbook("plan", str(BAKERY), "-o", str(out)).returncode == 0
    assert (out / "coach-notes" / "keep.txt").read_text() == "mine"
    notes = out / "hilltop-bakery" / "notes.md"
    notes.write_text("added by the coach")
    refused = run_playbook("plan", str(BAKERY), "-o", str(out))
    assert refused.returncode == 1
    assert "holds files playbook did not write (notes.md)" in refused.stderr
    assert notes.read_text() == "added by the coach"


def test_plan_json_to_folder(run_playbook: Run, tmp_path: Path) -> None:
    result = run_playbook("plan", str(BAKERY), "-o", str(tmp_path / "o"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "o" / "hilltop-bakery" / "plan.json").read_text())
    assert data["client"]["name"] == "Hilltop Bakery"


def test_two_clients_with_the_same_folder_name_are_refused(
    run_playbook: Run, tmp_path: Path
) -> None:
    twin = tmp_path / "twin.yaml"
    twin.write_text(BAKERY.read_text().replace("name: Hilltop Bakery", "name: HILLTOP bakery!"))
    result = run_playbook("plan", str(BAKERY), str(twin), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{twin}:4:3: error: client name gives the folder 'hilltop-bakery'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_init_writes_a_valid_commented_profile(run_playbook: Run, tmp_path: Path) -> None:
    result = run_playbook("init", "Café Zoë & Sons")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "cafe-zoe-sons.yaml"
    text = written.read_text()
    first = text.splitlines()[0]
    # Outside a workspace: the guide's copy for this version, never a path into the package.
    assert first == (
        "# yaml-language-server: $schema=https://playbook-guide.github.io/playbook/schemas/"
        f"{__version__}/profile.schema.json"
    )
    assert 'name: "Café Zoë & Sons"' in text
    assert run_playbook("check", str(written)).returncode == 0
    assert run_playbook("plan", str(written)).returncode == 0
    again = run_playbook("init", "Café Zoë & Sons")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert written.read_text() == text


def test_init_quotes_names_that_look_like_yaml(run_playbook: Run, tmp_path: Path) -> None:
    for i, name in enumerate(["yes", '"quoted" #hash: colon', "- dash", "1e3"]):
        target = tmp_path / f"p{i}.yaml"
        assert run_playbook("init", "-o", str(target), "--", name).returncode == 0
        assert run_playbook("check", str(target)).returncode == 0, name


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(run_playbook: Run, kind: str) -> None:
    committed = ROOT / "content" / "schemas" / f"{kind}.schema.json"
    assert committed.read_text() == schema_text(SCHEMAS[kind](), kind), (
        f"{committed} is stale: run `playbook schema {kind} > {committed.relative_to(ROOT)}`"
    )
    assert run_playbook("schema", kind).stdout == committed.read_text()


def test_example_profiles_point_editors_at_the_schema() -> None:
    for path in [*EXAMPLES.glob("*.yaml"), ROOT / "content" / "rules" / "baseline-profile.yaml"]:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (ROOT / "content" / "schemas" / "profile.schema.json").resolve(), path


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hilltop Bakery", "hilltop-bakery"),
        ("Café Zoë", "cafe-zoe"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("   ", "client-e3b0c44298"),  # nothing to transliterate: a hash, never one word
        ("東京カフェ", "dongjingkafue"),
        ("CON", "con-client"),
        ("nul", "nul-client"),
        (".hidden", "hidden"),
        ("x" * 200, "x" * 60),
        ("Fondation <Enfants> & Co", "fondation-enfants-co"),
    ],
)
def test_slugify_stays_inside_the_output_folder(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "message"),
    [("a\x01b", "contains a control character"), ("x" * 250, "250 characters long")],
)
def test_init_refuses_a_name_check_would_refuse(
    run_playbook: Run, tmp_path: Path, name: str, message: str
) -> None:
    result = run_playbook("init", "-o", "p.yaml", "--", name)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_rules_check_passes_on_the_bundled_rules(run_playbook: Run) -> None:
    result = run_playbook("rules", "check")
    assert result.returncode == 0, result.stderr
    assert "9 rule(s) valid" in result.stderr or "rule(s) valid" in result.stderr


def test_rules_check_names_file_line_and_fix_and_annotates_on_github(
    run_playbook: Run, tmp_path: Path
) -> None:
    rule = ROOT / "content" / "rules" / "community" / "eighty-twenty.yaml"
    broken = tmp_path / "community" / "eighty-twenty-copy.yaml"
    broken.parent.mkdir()
    text = rule.read_text().replace("id: eighty-twenty", "id: eighty-twenty-copy")
    broken.write_text(text.replace("priority: low", "priority: urgent"))
    plain = run_playbook("rules", "check", str(broken))
    assert plain.returncode == 1
    # Places are given relative to the working folder, as a pull request's files are.
    where = "community/eighty-twenty-copy.yaml"
    assert re.search(rf"^{where}:\d+:11: error: priority cannot be 'urgent'", plain.stderr)

    env_run = subprocess.run(
        [sys.executable, "-m", "playbook", "rules", "check", str(broken)],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
        cwd=tmp_path,
        check=False,
    )
    assert env_run.returncode == 1
    assert re.search(rf"::error file={where},line=\d+,col=11::priority", env_run.stdout)


def test_rules_check_refuses_an_id_already_taken(run_playbook: Run, tmp_path: Path) -> None:
    copy = tmp_path / "community" / "pull-dont-push.yaml"
    copy.parent.mkdir()
    copy.write_text((ROOT / "content" / "rules" / "golden" / "pull-dont-push.yaml").read_text())
    result = run_playbook("rules", "check", str(copy))
    assert result.returncode == 1
    assert "id 'pull-dont-push' is already used by" in result.stderr


def test_rules_list_prints_every_rule(run_playbook: Run) -> None:
    result = run_playbook("rules", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "source", "platforms", "tags", "title"]
    assert lines[1].split()[:2] == ["be-conversational", "golden"]
    assert lines[1].endswith("Be conversational")
    assert any(line.startswith("reply-within-a-day ") for line in lines)


CHECK_PATH_PROBE = """
import sys
from playbook.cli import main
sys.argv = ["playbook", "check", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
heavy = ("jinja2", "mkdocs", "matplotlib", "markdown",
         "playbook.rules.sandbox", "playbook.pipeline.rulebook")
print(sorted({m for m in sys.modules for h in heavy if m == h or m.startswith(h + ".")}))
"""


def test_check_stays_light_it_loads_no_templates_rules_or_site_builder() -> None:
    """`playbook check` runs on every save in an editor: its start-up budget is 120 ms
    (bench/bench_core.py), which the template, rule and site machinery would blow."""
    probe = [sys.executable, "-c", CHECK_PATH_PROBE, str(EXAMPLES / "northside-physio.yaml")]
    result = subprocess.run(probe, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
