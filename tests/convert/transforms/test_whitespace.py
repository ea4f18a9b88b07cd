"""normalize_whitespace alone: the typed double hyphen and runs of spaces."""

from __future__ import annotations

from teikit.convert.transforms.whitespace import normalize_whitespace

from .helpers import context, markup


def test_double_hyphen_becomes_an_em_dash_and_a_run_of_spaces_one_space() -> None:
    ctx = context("<p>exploiters -- who\u00a0 rule  here <hi>a\u00a0b</hi>  c</p>")
    normalize_whitespace(ctx)
    assert markup(ctx.chapter) == "<p>exploiters \u2014 who rule here <hi>a b</hi> c</p>"


def test_text_without_dashes_or_space_runs_is_left_as_it_is() -> None:
    chapter = '<p>A single-hyphen word, one space each.</p><note place="foot">A note.</note>'
    ctx = context(chapter)
    normalize_whitespace(ctx)
    assert markup(ctx.chapter) == chapter
