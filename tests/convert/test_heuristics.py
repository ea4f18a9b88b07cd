"""Readings that guess: each is switched per profile, each guess is a warning with its line that says how to settle
it in the editorial data, and the data settles it. The three misreadings of issue 18: a heading read as a <p>, a full
quoted sentence read as <soCalled>, and 'at all,"' written back as 'at all”,'."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from teikit.convert import convert
from teikit.xmlio import parse_bytes

NS = {"t": "http://www.tei-c.org/ns/1.0"}
PARISH = ROOT / "docs" / "examples" / "parish.txt"
CONV = FIXTURES / "convert"


def parish(tmp_path: Path, header: str = "", quotations: str = "") -> Path:
    """The example transcription in the chapter's conventions, with the editorial data given."""
    source = tmp_path / "parish.txt"
    shutil.copy(PARISH, source)
    (tmp_path / "parish.header.toml").write_text('[edition]\ntitle = "A parish"\n' + header, encoding="utf-8")
    if quotations:
        (tmp_path / "parish.quotations.toml").write_text(quotations, encoding="utf-8")
    return source


def converted(source: Path, profile=None):
    result = convert(source, profile)
    return parse_bytes(result.data).getroot(), [f for f in result.findings if f.severity == "warning"]


def xp(root, query: str):
    return root.xpath(query, namespaces=NS)


def guesses(warnings, rule: str) -> list[int]:
    return [w.line for w in warnings if w.rule == rule]


def test_a_heading_line_is_the_chapters_head_not_a_paragraph(tmp_path: Path) -> None:
    root, warnings = converted(parish(tmp_path))
    assert xp(root, "string(//t:body/t:div/t:head)") == "A Short History of the Parish"
    assert not [p for p in xp(root, "//t:body//t:p") if "".join(p.itertext()) == "A Short History of the Parish"]
    assert xp(root, "//t:sourceDesc//t:note[@type='byline']/text()") == ["by Jane Roe"]  # after the heading
    [warning] = [w for w in warnings if w.rule == "heading-guessed"]
    assert warning.line == 1 and "parish.header.toml with [readings] headings = [1]" in warning.message
    assert "heading-missing" not in {w.rule for w in warnings}


@pytest.mark.parametrize("reading, head", [("headings = [1]", True), ("not_headings = [1]", False)])
def test_the_header_data_settles_a_heading(tmp_path: Path, reading: str, head: bool) -> None:
    root, warnings = converted(parish(tmp_path, f"[readings]\n{reading}\n"))
    assert (xp(root, "string(//t:body/t:div/t:head)") == "A Short History of the Parish") is head
    assert guesses(warnings, "heading-guessed") == []


def test_a_full_quoted_sentence_is_a_quotation_not_a_scare_quote(tmp_path: Path) -> None:
    root, warnings = converted(parish(tmp_path))
    assert xp(root, "//t:quote/text()") == ["We shall not give way at all,"]
    assert "We shall not give way at all," not in xp(root, "//t:soCalled/text()")
    assert guesses(warnings, "quotation-guessed") == [7]
    assert sorted(xp(root, "//t:soCalled/text()")) == ["a plain building of timber and hope.", "great bell"]
    assert guesses(warnings, "scare-quote-guessed") == [5, 15]


@pytest.mark.parametrize("data, quotes, scare", [
    ('scare_quotes = ["We shall not give way at all,"]\n', [], 3),
    ('others = "soCalled"\n', [], 3),
    ('others = "quote"\n', 3, 0),
    ('[[quotation]]\nid = "q1"\nsegments = ["We shall not give way"]\n', ["q1"], 2),
])
def test_the_quotation_data_settles_what_quoted_text_is(tmp_path: Path, data: str, quotes, scare: int) -> None:
    root, warnings = converted(parish(tmp_path, quotations=data))
    ids = xp(root, "//t:quote/@xml:id")
    assert (ids == quotes) if isinstance(quotes, list) else (len(ids) == quotes)
    assert len(xp(root, "//t:soCalled")) == scare
    guessed = guesses(warnings, "quotation-guessed") + guesses(warnings, "scare-quote-guessed")
    assert guessed == ([] if "others" in data else [5, 15] if "q1" in data else [5, 15])


def test_punctuation_inside_the_marks_stays_inside_the_element(tmp_path: Path) -> None:
    root, _ = converted(parish(tmp_path, quotations='scare_quotes = ["We shall not give way at all,"]\n'))
    scare = xp(root, "//t:soCalled[starts-with(., 'We shall')]")[0]
    assert scare.text == "We shall not give way at all," and scare.tail.startswith(" and the parish")
    out = tmp_path / "parish.xml"
    out.write_bytes(convert(tmp_path / "parish.txt").data)
    text = run_cli("export", str(out), "--to", "text", "--width", "200").stdout
    assert "“We shall not give way at all,” and the parish" in text and "at all”," not in text


def test_a_title_in_a_note_still_leaves_its_punctuation_outside() -> None:
    root = parse_bytes(convert(CONV / "two-pages.txt").data).getroot()
    title = xp(root, "//t:note//t:title")[0]
    assert title.text == "A Treatise on Things" and title.tail.startswith(", 1899")


def test_a_sentence_ending_at_a_page_end_is_a_guess_the_header_data_settles(tmp_path: Path) -> None:
    for name in ("rules.txt", "rules.works.toml", "rules.quotations.toml", "rules.names.toml"):
        shutil.copy(CONV / name, tmp_path / name)
    header = (CONV / "rules.header.toml").read_text(encoding="utf-8")
    (tmp_path / "rules.header.toml").write_text(header, encoding="utf-8")
    root, warnings = converted(tmp_path / "rules.txt")
    assert guesses(warnings, "page-ends-paragraph") == [7, 13, 17] and len(xp(root, "//t:body//t:p")) == 4
    hint = [w.message for w in warnings if w.rule == "page-ends-paragraph"][0]
    assert "rules.header.toml with [readings] paragraph_breaks = [7], or reverse it with paragraph_joins = [7]" in hint
    (tmp_path / "rules.header.toml").write_text(header + "\n[readings]\nparagraph_joins = [7]\n"
                                                "paragraph_breaks = [13]\n", encoding="utf-8")
    root, warnings = converted(tmp_path / "rules.txt")
    assert guesses(warnings, "page-ends-paragraph") == [17] and len(xp(root, "//t:body//t:p")) == 3


@pytest.mark.parametrize("reading, spaced", [("", True), ("spaced = [1]", True), ("not_spaced = [1]", False)])
def test_letter_spacing_is_a_guess_the_header_data_settles(tmp_path: Path, reading: str, spaced: bool) -> None:
    for name in ("rules.txt", "rules.works.toml", "rules.quotations.toml", "rules.names.toml"):
        shutil.copy(CONV / name, tmp_path / name)
    header = (CONV / "rules.header.toml").read_text(encoding="utf-8")
    (tmp_path / "rules.header.toml").write_text(f"{header}\n[readings]\n{reading}\n", encoding="utf-8")
    root, warnings = converted(tmp_path / "rules.txt")
    assert (xp(root, "//t:hi[@rendition='#spaced']/text()") == ["decisive"]) is spaced
    assert guesses(warnings, "letter-spacing") == ([1] if not reading else [])
    assert ("d e c i s i v e" in "".join(xp(root, "//t:body//text()"))) is not spaced


def test_with_every_guess_switched_off_the_text_is_read_as_written(tmp_path: Path) -> None:
    profile = tmp_path / "literal.toml"
    profile.write_text('extends = "flp-plain"\n[heuristics]\nheadings = false\nquotations = false\n'
                       "scare_quotes = false\npage_end_paragraphs = false\nletter_spacing = false\n")
    root, warnings = converted(parish(tmp_path), profile)
    assert not xp(root, "//t:soCalled | //t:quote | //t:body/t:div/t:head[not(t:supplied)]")
    assert '"We shall not give way at all,"' in "".join(xp(root, "//t:body//text()"))
    assert {w.rule for w in warnings} & {"heading-guessed", "quotation-guessed", "scare-quote-guessed"} == set()
    assert len(xp(root, "//t:body/t:div/t:p")) == 5  # the page break no longer joins "within the" / "year."


def test_a_reading_that_does_not_exist_is_an_error_naming_its_line(tmp_path: Path) -> None:
    source = parish(tmp_path, "[readings]\nheadngs = [1]\n")
    result = run_cli("convert", str(source), "-o", str(tmp_path / "out.xml"))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"teikit: error: {tmp_path / 'parish.header.toml'}:4: readings.headngs: no such "
                                     "reading (readings: headings, not_headings, paragraph_breaks, paragraph_joins, "
                                     "spaced, not_spaced)")
