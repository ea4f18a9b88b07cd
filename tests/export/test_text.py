"""The plain text of the sample: both views, the width, where notes and page markers go, every word kept."""

from __future__ import annotations

import re

from teikit.xmlio import parse_file

from .helpers import SAMPLE, check_every_word_kept, flat, text_of


def test_text_reading_view_has_corrections_and_no_markup():
    text = text_of(SAMPLE)
    assert "at one stroke." in flat(text) and "strcke" not in text
    assert "pp. 173 and 189.)" in flat(text) and "l89" not in text
    assert "facilitates" in text
    assert "<" not in text and not [line for line in text.splitlines() if "  " in line.strip()]
    assert "[p." not in text and "IV. The Dictatorship of the Proletariat\n=======" in text


def test_text_diplomatic_view_is_as_printed():
    text = flat(text_of(SAMPLE, view="diplomatic"))
    assert "at one strcke." in text and "stroke" not in text
    assert "super-revolution ary" in text
    assert "[IV. The Dictatorship of the Proletariat]" in text  # supplied heading in brackets


def test_text_lines_fit_the_width():
    for width in (72, 40):
        for line in text_of(SAMPLE, width=width).splitlines():
            assert len(line) <= width or " " not in line.strip(), line


def test_text_notes_follow_their_paragraph_or_the_end():
    by_paragraph = text_of(SAMPLE)
    para = by_paragraph.index("(See Vol. XXIII, p. 355) [1]")
    assert by_paragraph.index("[1] Ibid.") > para
    assert by_paragraph.index("[1] Ibid.") < by_paragraph.index("The proletarian revolution is impossible")
    at_end = text_of(SAMPLE, notes="end")
    assert at_end.index("[1] (p. 41) Ibid.") > at_end.index("Footnotes\n=========")
    assert at_end.count("[*] (p. 41) My italics.") == 1 and by_paragraph.count("[*] My italics.") == 1


def test_text_page_markers_only_on_request():
    text = text_of(SAMPLE, pages=True)
    assert [int(n) for n in re.findall(r"\[p\.\u00a0(\d+)\]", text)] == [39, 40, 41, 42]
    assert "facili[p.\u00a042]tates" in text


def test_text_keeps_every_word_of_the_sample_in_both_views():
    check_every_word_kept(SAMPLE, parse_file(SAMPLE))
