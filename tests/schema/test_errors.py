"""Bad ODDs: one line naming the file, line and column of the mistake (exit 2 from the command), or a warning
where the TEI Stylesheets accept the ODD too. Each fixture is named after its mistake."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, shared_path
from teikit.errors import TeikitError
from teikit.schema.build import build

ODDS = FIXTURES / "schema"


@pytest.fixture(scope="module")
def p5subset():
    return shared_path("tei", "p5", "p5subset.xml")


@pytest.mark.parametrize(("fixture", "line", "column", "message"), [
    ("unknown-module", 18, 9, "moduleRef key='nosuchmodule': no such module in the source"),
    ("unknown-element", 22, 15, "<elementRef key='paragraphe'> in element 'p': no such element"),
    ("unknown-class", 20, 13, "<memberOf key='model.nosuchLike'> in element 'p': no such class"),
    ("unknown-macro", 20, 13, "<macroRef key='macro.nosuchContent'> in element 'p': no such macro"),
    ("change-of-absent-attribute", 20, 13, "attDef ident='colour' mode='change': element 'p' has no such attribute"),
    ("content-references-deleted-element", 23, 15, "<elementRef key='hi'> in 'p': this ODD deletes 'hi' (line 18)"),
])
def test_a_mistake_in_the_odd_is_one_error_at_its_place(fixture, line, column, message, p5subset):
    with pytest.raises(TeikitError) as raised:
        build(ODDS / f"{fixture}.odd", p5subset)
    error = raised.value
    assert (error.file, error.line, error.column) == (str(ODDS / f"{fixture}.odd"), line, column)
    assert message in error.message
    assert "\n" not in str(error)


def test_a_change_of_what_tei_does_not_have_is_a_warning_as_the_stylesheets_ignore_it(p5subset):
    b = build(ODDS / "change-of-absent-element.odd", p5subset)
    (warning,) = [w for w in b.warnings if w.rule == "odd-change-unknown"]
    assert (warning.line, warning.column) == (18, 9)
    assert "element 'paragraphe' does not exist in the source" in warning.message
    assert "p" in b.schema.elements and "paragraphe" not in b.schema.elements


def test_a_source_named_by_the_odd_that_does_not_exist_is_an_error_at_the_schemaspec():
    with pytest.raises(TeikitError) as raised:
        build(ODDS / "source-missing.odd")
    assert (raised.value.line, raised.value.column) == (13, 7)
    assert "the schemaSpec's @source names a file that does not exist" in raised.value.message


def test_a_source_that_is_not_tei_is_an_error_at_its_root():
    with pytest.raises(TeikitError) as raised:
        build(ODDS / "source-wrong.odd")
    assert raised.value.file == str(ODDS / "not-a-source.xml")
    assert raised.value.line == 2
    assert "not a TEI source: its root is {http://www.w3.org/1999/xhtml}html" in raised.value.message


def test_odds_chained_in_a_loop_are_an_error(p5subset):
    with pytest.raises(TeikitError) as raised:
        build(ODDS / "chain-loop-a.odd", None)
    assert raised.value.message == "these ODDs are chained in a loop: chain-loop-a.odd -> chain-loop-b.odd -> " \
        "chain-loop-a.odd"
    assert (raised.value.file, raised.value.line) == (str(ODDS / "chain-loop-b.odd"), 13)


def test_an_odd_that_customizes_tei_without_a_source_says_how_to_give_one(tmp_path, monkeypatch):
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TEIKIT_P5_SOURCE", raising=False)
    with pytest.raises(TeikitError) as raised:
        build(ODDS / "unknown-module.odd")
    assert "needs the TEI P5 source: download p5subset.xml" in raised.value.message
    assert "--source PATH" in raised.value.message
    assert (raised.value.line, raised.value.column) == (13, 7)
