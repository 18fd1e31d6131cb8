"""Hostile rules: template injection, runaway code, and markup or script in rule text.

Every payload is tried twice. Through `playbook rules check`, as a contributor's pull request
would be: the file is refused with its name, the line and a fix, never a traceback. And with
the check bypassed: the rule object is built directly from a valid rule, and the guide's
pages and a client's plan are made from it and built with real MkDocs (and the one-file HTML
export); then the built HTML is searched for anything of the payload that a browser would run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.engine.evaluate import evaluate
from generator.errors import ProblemsError
from generator.guide.files import _files, example_profiles, standalone_config
from generator.guide.pages import ExamplePlaybook, guide_nav, guide_pages, rule_page
from generator.model.profile import Profile
from generator.model.rule import RuleSpec
from generator.paths import content_dir, rules_dir, site_config_dir
from generator.pipeline.rulebook import merge_example
from generator.render.html import markdown_to_html, render_html
from generator.rules.budget import TIME_LIMIT, RuleCodeError
from generator.rules.code import TextTemplate
from generator.rules.compile import CompiledRule, Rulebook, compile_rule
from generator.rules.files import BASELINE
from generator.rules.markup import safe_markdown
from generator.rules.sandbox import MAX_OUTPUT
from generator.source.load import parse_text, read_file
from generator.source.validate import validate_profile
from generator.source.validator import build
from generator.text import escape_markdown

from ..conftest import ROOT
from ..guide.test_guide import article, mkdocs
from ..helpers import rulebook
from .test_rules import GOOD_RULE

EDIT = "https://example.org/edit/main/content/"
# What a community rule needs besides GOOD_RULE's keys, and advice to put payloads in.
EXTRA: dict[str, Any] = {
    "contributor": "A Contributor",
    "added": dt.date(2026, 1, 1),
    "tags": ["response"],
    "platforms": ["all"],
}
ADVICE = {"linkedin": "Answer comments on your own posts first."}
# Where each field a payload can go into lives in a rule file.
WHERE: dict[str, tuple[str | int, ...]] = {
    "action": ("actions", 0, "text"),
    "evidence": ("evidence", 0),
    "checklist": ("checklist", 0, "text"),
    "advice": ("platform_advice", "linkedin"),
    "reference_url": ("references", 0, "url"),
}
MB = 1024 * 1024


@dataclass(frozen=True)
class Payload:
    """Hostile values for some fields of an otherwise valid rule.

    `message`: what `rules check` says about it (for code, also what the sandbox says when
    the check is bypassed). `shows`: markup only, the text a reader must see in its place.
    """

    name: str
    changes: dict[str, str]
    message: str
    shows: str | None = None
    rule_id: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule_id", f"payload-{self.name}")


LOOPS = "{% for a in 'x' * 4000 %}{% for b in 'x' * 4000 %}{% endfor %}{% endfor %}"
TOO_DEEP = "(" * 120 + "mix.replies" + ")" * 120 + " < 20"
# Code that tries to get out of the sandbox, or to take all memory or time: always refused.
CODE = [
    Payload("mro", {"action": "{{ ''.__class__.__mro__[1].__subclasses__() }}"}, "starts with '_'"),
    Payload("self-globals", {"action": "{{ self.__init__.__globals__ }}"}, "starts with '_'"),
    Payload("lipsum", {"action": "{{ lipsum.__globals__['os'].popen('id').read() }}"}, "'lipsum'"),
    Payload("cycler", {"when": "cycler.__init__.__globals__.os.popen('id').read()"}, "'cycler'"),
    Payload("joiner", {"action": "{{ joiner().__call__.__globals__ }}"}, "'joiner'"),
    Payload("namespace", {"action": "{{ namespace.__init__.__globals__.os }}"}, "'namespace'"),
    Payload("config", {"when": "config.items() | list | length > 0"}, "unknown variable 'config'"),
    Payload("request", {"action": "{{ request.application.__self__ }}"}, "'request'"),
    Payload("range", {"when": "range(10**9) | list | length > 0"}, "unknown variable 'range'"),
    Payload("repeat-when", {"when": "('a' * 10**9) | length > 0"}, "repeating text past"),
    Payload("repeat-text", {"action": "{{ 'a' * 10**9 }}"}, "repeating text past"),
    Payload(
        "nested-repeat",
        {"when": "([[[1] * 4000] * 4000] * 4000) | string | length > 0"},
        "repeating text past",
    ),
    Payload("loops", {"action": LOOPS}, f"took longer than {TIME_LIMIT:g} s"),
    Payload(
        "three-loops",
        {
            "action": "{% for a in goals %}{% for b in goals %}{% for c in goals %}x"
            "{% endfor %}{% endfor %}{% endfor %}"
        },
        "nested more than 2 deep",
    ),
    Payload(
        "megabytes",
        {"action": "{% for a in 'x' * 4000 %}{{ 'y' * 4000 }}{% endfor %}"},
        f"longer than {MAX_OUTPUT} characters",
    ),
    Payload("include", {"action": "{% include 'action-plan.md.j2' %}"}, "{% include %}"),
    Payload("import", {"action": "{% import 'action-plan.md.j2' as plan %}x"}, "{% import %}"),
    Payload("extends", {"action": "{% extends 'action-plan.md.j2' %}"}, "{% extends %}"),
    Payload("set", {"action": "{% set n = client.name %}{{ n }}"}, "{% set %} is not allowed"),
    Payload("format", {"action": "{{ '{0.__class__}'.format(client.name) }}"}, "'format'"),
    Payload("format-width", {"when": "'{0:>999999999}'.format(1) | length > 0"}, "'format'"),
    Payload("percent", {"when": "('%0999999999d' % 1) | length > 0"}, "'%' formatting"),
    Payload("attr-filter", {"action": "{{ client | attr('__class__') }}"}, "unknown filter 'attr'"),
    Payload("map-attr", {"action": "{{ goals | map('attr', '__class__') | list }}"}, "'attr'"),
    Payload(
        "map-attribute",
        {"action": "{{ goals | map(attribute='__class__') | first }}"},
        "'__class__' of 'dict' object is unsafe",
    ),
    Payload("to-bytes", {"when": "mix.replies.to_bytes(10**9, 'big') | length > 0"}, "'to_bytes'"),
    Payload("round", {"when": "mix.replies | round(-10**9) < 20"}, "'round' keeps at most"),
    Payload(
        "join",
        {"when": "('x' * 4000) | list | join('y' * 4000) | length > 0"},
        "longer than 100000 characters",
    ),
    Payload(
        "sum-lists",
        {"when": "('x' * 4000) | list | map('list') | sum(start=[]) | length"},
        "adds up numbers only",
    ),
    Payload("too-deep", {"when": TOO_DEEP}, "nested too deeply"),
]

HTML = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# Markup and script in rule text: refused by the check, and shown as text when it is bypassed.
MARKUP = [
    Payload("why-script", {"why": HTML}, "raw HTML", HTML),
    Payload("title-script", {"title": HTML}, "raw HTML", HTML),
    Payload(
        "title-breakout",
        {"title": "</title><script>alert(1)</script>"},
        "raw HTML",
        "</title><script>alert(1)</script>",
    ),
    Payload("summary-img", {"summary": IMG}, "raw HTML", IMG),
    Payload("when-text-script", {"when_text": HTML}, "raw HTML", HTML),
    Payload("contributor-script", {"contributor": HTML}, "raw HTML", HTML),
    Payload("action-script", {"action": f"Do this {HTML} now."}, "raw HTML", HTML),
    Payload("evidence-img", {"evidence": f"Replies are few. {IMG}"}, "raw HTML", IMG),
    Payload("working-img", {"working": f"Replies come quickly. {IMG}"}, "raw HTML", IMG),
    Payload("checklist-script", {"checklist": f"Count replies. {HTML}"}, "raw HTML", HTML),
    Payload("advice-img", {"advice": f"Reply fast. {IMG}"}, "raw HTML", IMG),
    Payload("why-img", {"why": f"Replies matter. {IMG}"}, "raw HTML", IMG),
    Payload(
        "action-a-href",
        {"action": '<a href="javascript:alert(1)">Answer</a> every comment.'},
        "raw HTML",
        '<a href="javascript:alert(1)">Answer</a>',
    ),
    Payload(
        "action-comment",
        {"action": "Answer <!-- hidden --> comments."},
        "raw HTML",
        "<!-- hidden -->",
    ),
    Payload(
        "action-autolink",
        {"action": "See <javascript:alert(1)>."},
        "raw HTML",
        "<javascript:alert(1)>",
    ),
    Payload(
        "why-js-link",
        {"why": "[click](javascript:alert(1))"},
        "links must be http",
        "[click](javascript:alert(1))",
    ),
    Payload(
        "action-js-link",
        {"action": "[click](javascript:alert(1))"},
        "links must be http",
        "[click](javascript:alert(1))",
    ),
    Payload(
        "action-js-case",
        {"action": "[x]( JaVaScRiPt:alert(1))"},
        "links must be http",
        "[x]( JaVaScRiPt:alert(1))",
    ),
    Payload(
        "action-js-angle",
        {"action": "[x](<javascript:alert(1)>)"},
        "raw HTML",
        "[x](<javascript:alert(1)>)",
    ),
    Payload(
        "action-js-entity",
        {"action": "[x](&#106;avascript:alert(1))"},
        "links must be http",
        "[x](javascript:alert(1))",
    ),
    Payload(
        "action-js-tab",
        {"action": "[x](java&Tab;script&colon;alert(1))"},
        "links must be http",
        "[x](java script:alert(1))",
    ),
    Payload(
        "action-js-split",
        {"action": "[x](java{{ '' }}script:alert(1))"},
        "links must be http",
        "[x](javascript:alert(1))",
    ),
    Payload(
        "action-data-link",
        {"action": "[x](data:text/html;base64,PHNjcmlwdD4=)"},
        "links must be http",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ),
    Payload(
        "why-js-entity",
        {"why": "[x](&#106;avascript:alert(1))"},
        "links must be http",
        "[x](javascript:alert(1))",
    ),
    Payload(
        "why-reference",
        {"why": "Read [the study][1].\n\n[1]: javascript:alert(1)\n"},
        "links must be http",
        "[the study][1]",
    ),
    Payload(
        "action-reference",
        {"action": "[1]: javascript:alert(1)", "evidence": "Read [the study][1]."},
        "links must be http",
        "[1]: javascript:alert(1)",
    ),
    # Padding past the first 200 characters after "](" once hid the scheme from the check.
    Payload(
        "action-js-tab-padding",
        {"action": "[x](" + "&Tab;" * 40 + "javascript:alert(1))"},
        "links must be http",
        "javascript:alert(1))",
    ),
    Payload(
        "action-js-hex-padding",
        {"action": "[x](" + "&#x0000009;" * 19 + "javascript:alert(1))"},
        "links must be http",
        "javascript:alert(1))",
    ),
    Payload(
        "action-js-space-padding",
        {"action": "[x](" + " " * 300 + "javascript:alert(1))"},
        "links must be http",
        "javascript:alert(1))",
    ),
    Payload(
        "why-reference-padding",
        {"why": "Read [the study][1].\n\n[1]: " + "&Tab;" * 40 + "javascript:alert(1)\n"},
        "links must be http",
        "[the study][1]",
    ),
    Payload(
        "why-js-no-semicolon",
        {"why": "[x](&#0000009&#x6A&#97vascript&colon;alert(1))"},
        "links must be http",
        "vascript:alert(1))",
    ),
    Payload(
        "why-attr-list",
        {"why": 'Replies matter.\n{: onclick="alert(1)" }\n'},
        "'{' and '}'",
        '{: onclick="alert(1)" }',
    ),
    Payload(
        "action-attr-list",
        {"action": '[Answer](https://example.org){: onclick="alert(1)" } every comment.'},
        "'{' and '}'",
        '{: onclick="alert(1)" }',
    ),
    Payload(
        "action-attr-braces",
        {"action": "Answer every comment. { onerror=alert(1) }"},
        "'{' and '}'",
        "{ onerror=alert(1) }",
    ),
    Payload(
        "action-image",
        {"action": "![pixel](https://tracker.example/p.png) Answer every comment."},
        "images are not allowed",
        "pixel Answer every comment.",  # a link to the address at most, never an image
    ),
    Payload(
        "action-brackets",
        {"action": "[" * 990},
        "more than 50 '['",
        "[" * 990,
    ),
    Payload(
        "when-newline",
        {"when": "mix.replies < 20 and '\n</code></pre><script>alert(1)</script>'"},
        "raw HTML",
        HTML,
    ),
    Payload(
        "reference-url",
        {"reference_url": "javascript:alert(1)"},
        "'javascript:alert(1)' is not allowed",
        "Own experience",
    ),
]
PAYLOADS = CODE + MARKUP


def _params(payloads: list[Payload]) -> list[Any]:
    return [pytest.param(p, id=p.name) for p in payloads]


def rule_data(rule_id: str) -> dict[str, Any]:
    """A valid community rule (tests.rules.test_rules.GOOD_RULE, with the credit it needs)."""
    data: dict[str, Any] = yaml.safe_load(GOOD_RULE.format(id=rule_id))
    for key, value in EXTRA.items():
        data.setdefault(key, value)
    data.setdefault("platform_advice", dict(ADVICE))
    return data


def _path(name: str) -> tuple[str | int, ...]:
    return WHERE.get(name, (name,))


def with_payload(payload: Payload) -> dict[str, Any]:
    data = rule_data(payload.rule_id)
    for name, value in payload.changes.items():
        *parents, last = _path(name)
        target: Any = data
        for key in parents:
            target = target[key]
        target[last] = value
    return data


def spec_with(spec: RuleSpec, payload: Payload) -> RuleSpec:
    """The same rule with the payload put straight into its fields: no check runs."""
    spec = dataclasses.replace(spec, id=payload.rule_id)
    for name, value in payload.changes.items():
        if name == "action":
            first = dataclasses.replace(spec.actions[0], text=value)
            spec = dataclasses.replace(spec, actions=[first, *spec.actions[1:]])
        elif name == "evidence":
            spec = dataclasses.replace(spec, evidence=[value, *spec.evidence[1:]])
        elif name == "checklist":
            item = dataclasses.replace(spec.checklist[0], text=value)
            spec = dataclasses.replace(spec, checklist=[item, *spec.checklist[1:]])
        elif name == "advice":
            spec = dataclasses.replace(spec, platform_advice={"linkedin": value})
        elif name == "reference_url":
            ref = dataclasses.replace(spec.references[0], url=value)
            spec = dataclasses.replace(spec, references=[ref])
        else:
            changes: dict[str, Any] = {name: value}
            spec = dataclasses.replace(spec, **changes)
    return spec


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def value_line(text: str, where: tuple[str | int, ...]) -> int:
    """The 1-based line of the value at `where` in a YAML document."""
    node = yaml.compose(text)
    for key in where:
        assert node is not None
        if isinstance(key, int):
            node = node.value[key]
        else:
            node = next(v for k, v in node.value if k.value == key)
    assert node is not None
    return int(node.start_mark.line) + 1


@dataclass(frozen=True)
class Rules:
    """The payload rule files (and a clean one) in a temporary rules folder."""

    folder: Path
    clean: Path
    paths: dict[str, Path]
    spec: RuleSpec  # the clean rule, checked

    def compiled(self, payload: Payload, path: Path | None = None) -> CompiledRule:
        """The payload's rule compiled as the rulebook does for a rule it checked already
        (`checked=True`): no schema, no HTML check, no examples. `path` is its file, read
        again only to point an error at its line."""
        spec = spec_with(self.spec, payload)
        where = str(path or self.paths[payload.name])
        rule, problems = compile_rule(spec, None, "community", where, checked=True)
        assert rule is not None, problems
        return rule

    def clean_rule(self) -> CompiledRule:
        rule, problems = compile_rule(self.spec, None, "community", str(self.clean), checked=True)
        assert rule is not None, problems
        return rule


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Rules:
    folder = tmp_path_factory.mktemp("hostile") / "rules"
    (folder / "community").mkdir(parents=True)
    clean = folder / "community" / "clean-rule.yaml"
    clean.write_text(dump(rule_data("clean-rule")), encoding="utf-8")
    spec, problems = build(RuleSpec, parse_text(clean.read_text(encoding="utf-8"), str(clean)))
    assert spec is not None, problems
    paths = {}
    for payload in PAYLOADS:
        paths[payload.name] = folder / "community" / f"{payload.rule_id}.yaml"
        paths[payload.name].write_text(dump(with_payload(payload)), encoding="utf-8")
    return Rules(folder, clean, paths, spec)


def rules_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", "rules", "check", *map(str, paths)],
        cwd=paths[0].parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


Checked = dict[str, subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def checked(rules: Rules) -> Checked:
    """`playbook rules check` on the clean file alone, and on the payload files in two runs
    side by side: each problem line names its file, and a process per file would take most
    of this module's time."""
    halves = [list(rules.paths)[::2], list(rules.paths)[1::2]]
    with ThreadPoolExecutor(max_workers=3) as pool:
        clean = pool.submit(rules_check, rules.clean)
        runs = [pool.submit(rules_check, *(rules.paths[n] for n in half)) for half in halves]
        results = {"clean": clean.result()}
        for half, run in zip(halves, runs, strict=True):
            results.update(dict.fromkeys(half, run.result()))
    return results


PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):\d+: error: (?P<what>.*) \((?P<fix>.+)\)$")


def test_the_clean_rule_passes_the_check(checked: Checked) -> None:
    assert checked["clean"].returncode == 0, checked["clean"].stderr


@pytest.mark.parametrize("payload", _params(PAYLOADS))
def test_rules_check_refuses_the_payload_with_file_line_and_fix(
    payload: Payload, rules: Rules, checked: Checked
) -> None:
    result, path = checked[payload.name], rules.paths[payload.name]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    text = path.read_text(encoding="utf-8")
    lines = {value_line(text, _path(name)) for name in payload.changes}
    found = [PROBLEM.match(line) for line in result.stderr.splitlines()]
    problems = [m for m in found if m and Path(m["file"]).name == path.name]
    assert problems, result.stderr
    assert any(
        payload.message in m["what"] and int(m["line"]) in lines and m["fix"] for m in problems
    ), result.stderr


def example_profile(rule: CompiledRule, expected: str = "fires") -> Profile:
    """The rule's first example of that kind, in the baseline profile (as the guide does)."""
    example = getattr(rule.spec.examples, expected)[0]
    return validate_profile(merge_example(read_file(rules_dir() / BASELINE), example))


@pytest.mark.parametrize("payload", _params(CODE))
def test_code_with_the_check_bypassed_fails_with_a_clear_error(
    payload: Payload, rules: Rules
) -> None:
    rule = rules.compiled(payload)
    book = Rulebook((rule,), rulebook().metrics)
    start = time.monotonic()
    with pytest.raises(ProblemsError) as plan_error:
        evaluate(example_profile(rule), book)
    with pytest.raises(RuleCodeError) as page_error:
        rule_page(rule, example_profiles(rules_dir()), EDIT)
    # Two runs at most, each stopped at the time limit.
    assert time.monotonic() - start < 2 * TIME_LIMIT + 2
    assert any(payload.message in p.message for p in plan_error.value.problems), plan_error.value
    assert all(p.mark.source.endswith(f"{payload.rule_id}.yaml") for p in plan_error.value.problems)
    assert payload.message in str(page_error.value)
    assert page_error.value.where  # names the field, so the error can point at its line


class _Tags(HTMLParser):
    """What a browser would run in some HTML: script tags, on* attributes and script
    addresses; and, with `embeds`, the tags that embed content or change the page."""

    EMBEDS = frozenset(
        {"iframe", "object", "embed", "img", "svg", "math", "form", "base", "meta", "link"}
        | {"style", "video", "audio", "source"}
    )

    def __init__(self, html_text: str, embeds: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.embeds = embeds
        self.found: Counter[str] = Counter()
        self.feed(html_text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.embeds:
            if tag in self.EMBEDS:
                self.found[f"<{tag}>"] += 1
            return
        if tag == "script":
            src = re.sub(r"^(\.\./)+", "", dict(attrs).get("src") or "")
            self.found[f"<script src={src}>"] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[f"<{tag} {name}=...>"] += 1
            address = "".join(ch for ch in value or "" if ch.isprintable() and not ch.isspace())
            if re.match(r"(?i)(javascript|data|vbscript):", address):
                self.found[f"<{tag} {name}={address[:30]}>"] += 1


# A browser reads everything up to the first </title> (or </textarea>) as text.
_RCDATA = re.compile(r"(<(title|textarea)\b[^>]*>)(.*?)(</\2)", re.DOTALL | re.IGNORECASE)


def dangers(page: str) -> Counter[str]:
    """Scripts, handlers and script links anywhere in the page; embedded content in the
    page's own text (the theme around it differs from page to page)."""
    page = _RCDATA.sub(lambda m: m[1] + html.escape(m[3]) + m[4], page)
    body = article(page) if "md-content__inner" in page else page
    return _Tags(page, embeds=False).found + _Tags(body, embeds=True).found


def shown_text(page: str) -> str:
    body = article(page) if "md-content__inner" in page else page
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join(text.split())


@dataclass(frozen=True)
class Site:
    """The built guide, and each payload's one-file HTML plan."""

    root: Path
    exports: dict[str, str]

    def pages(self, rule_id: str) -> dict[str, str]:
        """The built pages a rule's text appears on: its page, and its example playbooks."""
        paths = {
            "rule": self.root / "rules" / rule_id / "index.html",
            "plan": self.root / "examples" / rule_id / "action-plan" / "index.html",
            "checklist": self.root / "examples" / rule_id / "measurement-checklist" / "index.html",
            "quiet": self.root / "examples" / f"{rule_id}-quiet" / "action-plan" / "index.html",
        }
        return {k: p.read_text(encoding="utf-8") for k, p in paths.items() if p.is_file()}


def _playbooks(rule: CompiledRule, book: Rulebook) -> Iterator[ExamplePlaybook]:
    """The rule's examples as example playbooks (one it fires on, one it stays quiet on),
    each planned by that rule alone."""
    own = Rulebook((rule,), book.metrics)
    for slug, expected in ((rule.id, "fires"), (f"{rule.id}-quiet", "quiet")):
        profile = example_profile(rule, expected)
        yield ExamplePlaybook(slug, slug, "", "index.md", profile, evaluate(profile, own))


def build_site(folder: Path, rules_: list[CompiledRule], playbooks: bool = True) -> Site:
    """The guide for these rules (and, with `playbooks`, their example playbooks), built
    with MkDocs."""
    book = Rulebook(tuple(rules_), rulebook().metrics)
    examples = [e for rule in rules_ for e in _playbooks(rule, book)] if playbooks else []
    pages = guide_pages(book, examples, example_profiles(rules_dir()), EDIT)
    files = _files(content_dir(), "docs/")
    files.update({f"docs/{page.path}": page.text.encode("utf-8") for page in pages})
    files.update(_files(site_config_dir() / "overrides", "overrides/"))
    config = standalone_config(site_config_dir(), ROOT / "mkdocs.yml", guide_nav(book, examples))
    files["mkdocs.yml"] = yaml.safe_dump(config, sort_keys=False).encode("utf-8")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    result = mkdocs("build", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site"))
    assert result.returncode == 0, result.stderr
    return Site(folder / "site", {e.slug: render_html(e.plan) for e in examples})


@pytest.fixture(scope="module")
def site(rules: Rules, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One build for every markup payload: a rule each, next to the clean rule."""
    compiled = [rules.compiled(p) for p in MARKUP]
    return build_site(tmp_path_factory.mktemp("guide"), [rules.clean_rule(), *compiled])


@pytest.mark.parametrize("payload", _params(MARKUP))
def test_markup_with_the_check_bypassed_is_only_text_in_the_built_site(
    payload: Payload, site: Site
) -> None:
    clean = site.pages("clean-rule")
    pages = site.pages(payload.rule_id)
    assert pages.keys() == clean.keys()
    for kind, page in pages.items():
        extra = dangers(page) - dangers(clean[kind])
        assert not extra, f"{kind} page: {sorted(extra)}"
    for suffix in ("", "-quiet"):
        export = site.exports[payload.rule_id + suffix]
        extra = dangers(export) - dangers(site.exports["clean-rule" + suffix])
        assert not extra, f"HTML export{suffix}: {sorted(extra)}"
    where = "quiet" if "working" in payload.changes else "rule"
    assert payload.shows is not None
    assert " ".join(payload.shows.split()) in shown_text(pages[where])


def test_a_link_made_from_a_profile_value_is_defused() -> None:
    text = TextTemplate("See [the site]({{ client.name }}).", ("text",))
    out = text.render({"client": {"name": "javascript:alert(1)"}})
    body, _ = markdown_to_html(f"- {out}\n")
    assert "href" not in body and "See [the site](javascript:alert(1))." in html.unescape(body)


@pytest.mark.parametrize(
    "value",
    ["Fondation <Enfants> & Co", "a [b](c) {d} ![e]", "\\<script>", "50% of `x`", "[" * 80],
)
def test_escaped_values_go_through_safe_markdown_unchanged(value: str) -> None:
    """Rule text is made safe after the values are put in; their escaping stays as it is."""
    escaped = escape_markdown(value)
    assert safe_markdown(escaped) == escaped


def test_a_five_megabyte_text_field(rules: Rules, tmp_path: Path) -> None:
    text = "Five megabytes of rule text. " * (5 * MB // 29)
    # Through the check: the file is refused by its size, before it is even parsed.
    path = rules.folder / "community" / "payload-five-megabytes.yaml"
    data = rule_data("payload-five-megabytes")
    data["why"] = text
    path.write_text(dump(data), encoding="utf-8")
    result = rules_check(path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(
        rf"{path.name}:1:\d+: error: file is larger than the 256 KiB limit \(.+\)", result.stderr
    ), result.stderr
    # Bypassed, as action text: refused at once, whatever it holds.
    start = time.monotonic()
    with pytest.raises(RuleCodeError, match=f"text is longer than {MAX_OUTPUT} characters"):
        TextTemplate(text, ("actions", 0, "text"), checked=True).render({})
    assert time.monotonic() - start < 1
    # Bypassed, as `why`: the build finishes, and the page shows all of it, as text (rule
    # files are read 256 KiB at most, so only code can hand the guide a longer `why`).
    rule = rules.compiled(Payload("five-megabytes", {"why": text}, ""), path)
    start = time.monotonic()
    site = build_site(tmp_path, [rules.clean_rule(), rule], playbooks=False)
    assert time.monotonic() - start < 60
    page, clean = site.pages(rule.id)["rule"], site.pages("clean-rule")["rule"]
    assert len(page) > 5 * MB and text[:1000] in page
    assert not dangers(page) - dangers(clean)
