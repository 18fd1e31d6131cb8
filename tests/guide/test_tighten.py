"""The guide's pages lose the whitespace the theme leaves between tags, and nothing else."""

from __future__ import annotations

import itertools
import re

from generator.guide.plugin import tighten


def test_blank_lines_and_indentation_between_tags_become_one_line_break() -> None:
    page = "<ul>\n\n    <li>one</li>\n      \n    <li>two</li>\n</ul>\n"
    assert tighten(page) == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"


def test_text_spaces_and_whitespace_without_a_line_break_are_kept() -> None:
    page = '<p>Two  spaces <b>bold</b> <i>and</i>\n  more</p> <a title="a\n    b">x</a>'
    assert tighten(page) == page


def test_preformatted_and_code_blocks_are_kept_exactly() -> None:
    code = "<pre><code><span>a:</span>\n    <span>b</span>\n\n  <span>c</span></code></pre>"
    blocks = [
        code,
        "<PRE>\n  <b>x</b>\n    <b>y</b></PRE>",
        "<textarea>\n  <b>x</b>\n</textarea>",
        "<script>\n  if (a) {<b>}\n  </script>",
        "<code>\n  <b>x</b>\n</code>",
        '<article class="md-content__inner">\n  <p>a</p>\n\n  <p>b</p>\n</article>',
    ]
    for block in blocks:
        page = f"<div>\n    {block}\n    </div>"
        assert tighten(page) == f"<div>\n{block}\n</div>"


def test_tightening_twice_changes_nothing_more() -> None:
    page = "<div>\n  <p>a</p>\n\n  <pre>\n  <b>x</b>\n</pre>\n</div>"
    assert tighten(tighten(page)) == tighten(page)


def test_every_short_run_between_tags_tightens_as_the_plain_rule_says() -> None:
    # The pattern skips the lone line breaks it would rewrite to themselves; it must still
    # do what "any run of whitespace with a line break becomes one" does, for any run.
    plain = re.compile(r">[ \t\r\n]*\n[ \t\r\n]*<")
    for size in range(5):
        for run in itertools.product(" \t\r\nx", repeat=size):
            page = "<p>a</p>" + "".join(run) + "<p>b</p>\n  <i>c</i>"
            assert tighten(page) == plain.sub(">\n<", page), repr(page)
