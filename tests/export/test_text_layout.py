"""text_layout: text.xsl's marked stream laid out into wrapped lines."""

from __future__ import annotations

from teikit.export import layout_text


def test_layout_text_collapses_spaces_and_wraps():
    raw = "\ufdd0  one\n  two \u00a0 three\ufdd1\ufdd0\ufdd2" + "word " * 30 + "\ufdd0\ufdd0"
    out = layout_text(raw, 30)
    assert out.startswith("one two three\n\n    word word")
    assert all(len(line) <= 30 for line in out.splitlines())
    assert out.endswith("word\n")
    ellipsis = layout_text("\ufdd0" + "x" * 20 + " labour . . .).", 25)
    assert ellipsis == "x" * 20 + "\nlabour . . .).\n"
