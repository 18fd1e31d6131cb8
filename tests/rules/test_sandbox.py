"""Rule code runs sandboxed: internals, imports, huge numbers and huge text are refused."""

from __future__ import annotations

import re

import pytest

from generator.rules.code import Condition, TextTemplate
from generator.rules.sandbox import RuleCodeError
from generator.text import and_list

CONTEXT: dict[str, object] = {
    "client": {"name": "Fondation <Enfants> & Co", "industry": None, "coach": None},
    "mix": {"quotes": 30, "reshares": 0, "promotional": 45, "conversation": 5,
            "replies": 0, "original": 20},
    "goals": [{"outcome": "More", "metric": "enquiries", "target": 3, "per": "month",
               "by": None}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("''.__class__.__mro__", "starts with '_'"),
        ("client.name.__class__", "starts with '_'"),
        ("cycler", "unknown variable 'cycler'"),
        ("joiner()", "unknown variable 'joiner'"),
        ("range(10**9)", "unknown variable 'range'"),
        ("lipsum()", "unknown variable 'lipsum'"),
        ("namespace()", "unknown variable 'namespace'"),
        ("config", "unknown variable 'config'"),
        ("self", "unknown variable 'self'"),
        ("mix.quots > 1", "'mix' has no 'quots'"),
        ("client.name | center(10 ** 8)", "unknown filter 'center'"),
        ("goals | batch(10 ** 9, 1) | list", "unknown filter 'batch'"),
        ("goals | slice(10 ** 9) | list", "unknown filter 'slice'"),
        ("client.name | replace('a', 'aa')", "unknown filter 'replace'"),
        ("mix.quotes >", "Jinja syntax error"),
    ],
)
def test_condition_refused_before_it_runs(source: str, message: str) -> None:
    with pytest.raises(RuleCodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Condition(source, ("when",))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("mix.quotes ** 100", "not allowed"),
        ("((7 ** 64) ** 64) ** 64", "not allowed"),
        ("'x' * 100000", "repeating text"),
        ("[1] * 100000", "repeating text"),
        ("client.name.ljust(10 ** 8)", "unsafe"),
        ("goals[3].metric", "there is no item 3 in the list"),
    ],
)
def test_condition_fails_cleanly_at_run_time(source: str, message: str) -> None:
    condition = Condition(source, ("when",))
    with pytest.raises(RuleCodeError, match=message) as caught:
        condition(CONTEXT)
    assert caught.value.where == ("when",)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% set a = client.name %}{{ a }}", "{% set %} is not allowed"),
        ("{% macro m() %}x{% endmacro %}{{ m() }}", "{% macro %} is not allowed"),
        ("{% include 'x' %}", "{% include %} is not allowed"),
        ("{% for a in goals recursive %}{{ loop(a) }}{% endfor %}", "recursive loops"),
        (
            "{% for a in goals %}{% for b in goals %}{% for c in goals %}x"
            "{% endfor %}{% endfor %}{% endfor %}",
            "nested more than 2 deep",
        ),
    ],
)
def test_text_statements_that_could_run_away_are_refused(source: str, message: str) -> None:
    with pytest.raises(RuleCodeError, match=re.escape(message)):
        TextTemplate(source, ("text",))


def test_text_is_escaped_and_capped() -> None:
    text = TextTemplate("Hello {{ client.name }}, {{ mix.quotes }}% quotes", ("text",))
    assert text.render(CONTEXT) == "Hello Fondation &lt;Enfants&gt; &amp; Co, 30% quotes"
    big = TextTemplate("{% for g in goals %}{{ 'y' * 3000 }}{{ 'z' * 3000 }}{% endfor %}", ("t",))
    with pytest.raises(RuleCodeError, match="longer than"):
        big.render(CONTEXT)


@pytest.mark.parametrize(
    ("items", "text"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_and_list(items: list[str], text: str) -> None:
    assert and_list(items) == text


LOOKUPS = [
    "Plain text with no code.",
    "Hello {{ client.name }}!",
    "{{mix.quotes}}% and {{ mix.promotional }}% of {{ client.name }}",
    "{{ client.industry }} stays empty when unset",
    "{{ goals }} shows the list",
    "{{ client.nme }} is a typo",
    "{{ clients.name }} is unknown",
    "{{ mix.quotes.more }} goes too deep",
]


@pytest.mark.parametrize("source", LOOKUPS)
def test_plain_lookups_render_exactly_as_jinja_would(source: str) -> None:
    """Text whose only code is {{ name.key }} skips compiling a template; nothing else changes."""
    from generator.rules.messages import plain_message
    from generator.rules.names import check_names
    from generator.rules.sandbox import ENV
    from generator.text import MarkdownText

    def by_jinja() -> str:
        problems = check_names(ENV.parse(source))
        if problems:
            raise RuleCodeError("; ".join(problems))
        try:
            return MarkdownText(" ".join(ENV.from_string(source).render(**CONTEXT).split()))
        except Exception as exc:
            # Jinja's own words, put in plain words as every rule error is.
            raise RuleCodeError(plain_message(exc)) from None

    def ours() -> str:
        return TextTemplate(source, ("text",)).render(CONTEXT)

    try:
        expected: str | Exception = by_jinja()
    except RuleCodeError as exc:
        expected = exc
    if isinstance(expected, Exception):
        with pytest.raises(RuleCodeError) as caught:
            ours()
        assert str(caught.value) == str(expected)
    else:
        assert ours() == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("mix.replies <", "Jinja syntax error: unexpected end of the condition"),
        ("mix.replies < (3", "Jinja syntax error: unexpected end of the condition, expected ')'"),
        ("mix[", "Jinja syntax error: unexpected end of the condition"),
    ],
)
def test_a_broken_condition_is_described_as_written(source: str, message: str) -> None:
    """The checker wraps a condition to parse it; the wrapping never shows in the message."""
    with pytest.raises(RuleCodeError) as caught:
        Condition(source, ("when",), False)
    assert str(caught.value).startswith(message)
    assert "'}'" not in str(caught.value)
