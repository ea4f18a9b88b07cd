"""apply_corrections alone: each correction of the data as choice/sic/corr exactly where the data puts it, and
warnings for suspicious tokens that no correction covers."""

from __future__ import annotations

import pytest

from teikit.convert.editorial import Correction, Editorial
from teikit.convert.transforms.corrections import apply_corrections
from teikit.errors import TeikitError

from .helpers import context, findings, markup, messages


def test_correction_becomes_choice_sic_corr_only_at_its_line_and_context() -> None:
    data = Editorial(header={"corrections": {"resp": "#ed"}},
                     corrections=(Correction(sic="strcke", corr="stroke", line=2, before="one "),))
    ctx = context('<p tk:line="1">not this strcke</p><p tk:line="2">at one strcke.</p>', data)
    apply_corrections(ctx)
    assert markup(ctx.chapter) == ('<p>not this strcke</p><p>at one <choice><sic>strcke</sic>'
                                   '<corr resp="#ed" cert="high">stroke</corr></choice>.</p>')
    assert findings(ctx) == [("info", "correction", 2)]


def test_a_notes_printed_label_is_corrected_inside_a_label() -> None:
    data = Editorial(corrections=(Correction(sic="[1]", corr="[2]", line=3, target="label", occurrence=2,
                                             cert="medium"),))
    notes = ''.join(f'<note place="foot" n="{n}" tk:label="1" tk:index="{n}" tk:line="3">{text}</note>'
                    for n, text in ((1, "One."), (2, "Two.")))
    ctx = context(f"<p>a{notes}</p>", data)
    apply_corrections(ctx)
    assert markup(ctx.chapter.find(".//{*}note[@n='2']")) == (
        '<label><choice><sic>[1]</sic><corr cert="medium">[2]</corr></choice></label> Two.')
    assert markup(ctx.chapter.find(".//{*}note[@n='1']")) == "One."


def test_a_correction_whose_text_is_not_at_its_line_is_an_error() -> None:
    data = Editorial(corrections=(Correction(sic="strcke", corr="stroke", line=1),))
    ctx = context('<p tk:line="1">not here</p><p tk:line="2">at one strcke.</p>', data)
    with pytest.raises(TeikitError, match="'strcke' -> 'stroke' .* not found in line 1"):
        apply_corrections(ctx)


def test_suspicious_tokens_are_only_warned_and_left_as_they_are() -> None:
    ctx = context('<p tk:line="1">as in p 9 and Europcan states</p>', source_text="European European states")
    apply_corrections(ctx)
    assert markup(ctx.chapter) == "<p>as in p 9 and Europcan states</p>"
    assert findings(ctx) == [("warning", "suspicious-token", 1)] * 2
    assert "'c' misread for 'e'? 'European' is a known word" in messages(ctx)[1]
