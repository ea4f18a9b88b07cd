"""encode_quotations alone: text in quotation marks to quote (in a cit with its citation), soCalled or, in a note,
a title; the segments of one quotation linked."""

from __future__ import annotations

import pytest

from teikit.convert.editorial import Editorial, Quotation, Work
from teikit.convert.transforms.quotations import encode_quotations
from teikit.errors import TeikitError

from .helpers import context, findings, markup


def test_quotation_followed_by_its_citation_becomes_cit_with_quote_and_bibl() -> None:
    ctx = context('<p>He wrote: "The state is a machine." <bibl>(Lenin.)</bibl> and so on.</p>')
    encode_quotations(ctx)
    assert markup(ctx.chapter) == ('<p>He wrote: <cit><quote xml:id="qx01">The state is a machine.</quote> '
                                   "<bibl>(Lenin.)</bibl></cit> and so on.</p>")


def test_scare_quotes_become_soCalled_keeping_the_punctuation_the_marks_enclosed() -> None:
    ctx = context('<p>the so-called "cabinet," and "the writer" claims</p>')
    encode_quotations(ctx)
    assert markup(ctx.chapter) == ("<p>the so-called <soCalled>cabinet,</soCalled> and <soCalled>the writer</soCalled> "
                                   "claims</p>")
    assert [(severity, rule) for severity, rule, _ in findings(ctx)] == [("warning", "scare-quote-guessed")] * 2


def test_segments_of_one_quotation_in_the_data_are_linked_and_point_to_its_work() -> None:
    data = Editorial(quotations=(Quotation(id="q1", segments=("the first", "the second"), work="treatise"),))
    ctx = context('<p>He says "the first part" and then "the second part follows" and so.</p>', data)
    encode_quotations(ctx)
    assert markup(ctx.chapter) == (
        '<p>He says <quote xml:id="q1a" next="#q1b" corresp="#treatise">the first part</quote> and then '
        '<quote xml:id="q1b" prev="#q1a">the second part follows</quote> and so.</p>')
    assert findings(ctx) == []


def test_a_quoted_title_in_a_note_becomes_title_with_ref_to_its_work() -> None:
    data = Editorial(works=(Work(id="treatise", title="A Treatise on Things"),))
    ctx = context('<p>x<note place="foot" n="1">"A Treatise on Things," 1899.</note></p>', data)
    encode_quotations(ctx)
    note = ctx.chapter.find(".//{*}note")
    assert markup(note) == '<title level="m" ref="#treatise">A Treatise on Things</title>, 1899.'


def test_unbalanced_quotation_marks_are_an_error_at_their_line() -> None:
    ctx = context('<p tk:line="6">He said "this and never closed it.</p>')
    with pytest.raises(TeikitError, match="unbalanced quotation marks") as err:
        encode_quotations(ctx)
    assert err.value.line == 6
