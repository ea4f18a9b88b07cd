"""The Markdown profile: markdown-it-py's tokens mapped to the tree the same transforms finish. Style variants the
reader was not written around (other heading levels, nested and loose lists, footnotes in quotations, lists and
headings, verse in a quotation, pages both ways), each valid against teikit's schemas."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, shared_path
from teikit.convert import convert
from teikit.errors import TeikitError
from teikit.validate import validate_paths
from teikit.xmlio import parse_bytes

from .helpers import MARKDOWN_HEADER

NS = {"t": "http://www.tei-c.org/ns/1.0"}
HEADER = MARKDOWN_HEADER


def md(tmp_path: Path, text: str, header: str = HEADER) -> Path:
    source = tmp_path / "text.txt"
    source.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (tmp_path / "text.header.toml").write_text(header, encoding="utf-8")
    return source


def tei(source: Path):
    result = convert(source)
    out = source.with_suffix(".xml")
    out.write_bytes(result.data)
    return parse_bytes(result.data).getroot(), [f for f in result.findings if f.severity == "warning"], out


def xp(root, query: str):
    return root.xpath(query, namespaces=NS)


def valid(out: Path) -> list[str]:
    return [f"{f.line}: [{f.rule}] {f.message}" for f in validate_paths([out]) if f.severity == "error"]


def test_the_example_edition_in_markdown(tmp_path: Path) -> None:
    root, warnings, out = tei(md(tmp_path, (ROOT / "docs" / "examples" / "parish.md").read_text(encoding="utf-8")))
    assert xp(root, "//t:body/t:div/@type") == ["chapter"]
    assert xp(root, "string(//t:body/t:div/t:head)") == "A Short History of the Parish"
    assert xp(root, "//t:div[@type='section']/t:head/text()") == ["The bells"]
    assert [(h.get("rend"), h.text) for h in xp(root, "//t:hi")] == [("italic", "Diary"),
                                                                      ("bold", "a plain building of timber and hope")]
    assert xp(root, "//t:pb/@n") == ["1", "2"]
    joined = xp(root, "//t:p[t:pb[@n='2']]")[0]  # "within the / ---page 2--- / year.": one paragraph
    assert "".join(joined.itertext()).endswith("within the year. The roof, the vestry and the bells are the work of "
                                               "those twelve months.")
    assert xp(root, "//t:list[@type='bulleted']/t:item[2]/t:list[@type='ordered']/t:item/@n") == ["1", "2"]
    assert xp(root, "//t:quote[@rend='block']/@xml:id") == ["bq1a", "bq1b"]
    assert xp(root, "//t:quote[@xml:id='bq1a']/t:note/@xml:id") == ["fn-2"]  # a footnote inside a quotation
    assert xp(root, "//t:lg/t:l/text()") == ["Ring out the old,", "ring in the new,", "ring for the parish",
                                             "and all that is true."]
    assert xp(root, "//t:p[1]/t:note[@place='foot']/text()") == ["The diary is kept in the county archive."]
    assert xp(root, "//t:sourceDesc//t:biblScope/@from") == ["1"] and xp(root, "//t:sourceDesc//t:biblScope/@to") == [
        "2"]
    assert valid(out) == []


def test_the_example_editions_are_valid_tei_all_too(tmp_path: Path) -> None:
    tei_all = shared_path("tei", "tei_all.rng")
    (tmp_path / "md").mkdir()
    outs = [tei(md(tmp_path / "md", (ROOT / "docs" / "examples" / "parish.md").read_text(encoding="utf-8")))[2],
            tei(md(tmp_path, (ROOT / "docs" / "examples" / "parish.txt").read_text(encoding="utf-8"),
                   HEADER.replace('profile = "markdown"', 'profile = "flp-plain"')))[2]]
    assert [f"{f.file}:{f.line}: {f.message}" for f in validate_paths(outs, tei_all=tei_all)
            if f.severity == "error"] == []


def test_headings_of_other_levels_nest_by_depth(tmp_path: Path) -> None:
    root, _, out = tei(md(tmp_path, """
        ### Part one

        Text of part one.

        ##### A deep heading, two levels down

        Its text.

        ###### Deeper still

        More text.

        ##### Back up

        Last text.
        """))
    chapter = xp(root, "//t:body/t:div")[0]
    assert (chapter.get("type"), xp(chapter, "string(t:head)")) == ("chapter", "Part one")
    assert xp(chapter, "t:div/@type") == ["section", "section"]
    assert xp(chapter, "t:div/t:head/text()") == ["A deep heading, two levels down", "Back up"]
    assert xp(chapter, "t:div[1]/t:div/@type") == ["subsection"] and xp(chapter, "t:div[1]/t:div/@xml:id") == [
        "ch-s1.1"]
    assert valid(out) == []


def test_several_top_headings_are_chapters_and_text_before_them_stays_first(tmp_path: Path) -> None:
    root, _, out = tei(md(tmp_path, """
        A preface before any heading.

        ## One

        First.

        ## Two

        Second.
        """))
    assert xp(root, "//t:body/t:p/text()") == ["A preface before any heading."]
    assert xp(root, "//t:body/t:div/@xml:id") == ["ch1", "ch2"] and xp(root, "//t:body/t:div/@type") == ["chapter"] * 2
    assert valid(out) == []


def test_nested_and_loose_lists(tmp_path: Path) -> None:
    root, _, out = tei(md(tmp_path, """
        Lists:

        1) first
           - a bullet
             - a bullet in a bullet
        2) second

        * loose one

          with a second paragraph

        * loose two
        """))
    ordered = xp(root, "//t:list[@type='ordered']")[0]
    assert ordered.get("rend") == "numbered-paren" and xp(ordered, "t:item/@n") == ["1", "2"]
    assert xp(ordered, "t:item[1]/t:list/t:item/t:list/t:item/text()") == ["a bullet in a bullet"]
    loose = xp(root, "//t:body//t:list[@type='bulleted']")[-1]
    assert xp(loose, "t:item[1]/t:p/text()") == ["loose one", "with a second paragraph"]
    assert valid(out) == []


def test_footnotes_in_quotations_lists_and_headings_twice_referred_and_never_referred(tmp_path: Path) -> None:
    root, warnings, out = tei(md(tmp_path, """
        # A heading with a note[^h]

        > "Quoted words,"[^q] said she, and again[^q].
        >
        > > A quotation inside it.[^n]

        - an item[^i]

        [^h]: On the heading.
        [^q]: Said twice.
        [^n]: Deep inside.
        [^i]: Of the item.

            With a second paragraph.
        [^o]: Nobody refers to this one.
        """))
    assert xp(root, "//t:head/t:note/text()") == ["On the heading."]
    twice = xp(root, "//t:note[@xml:id='fn-q']")[0]
    assert twice.get("target") == "#a-q-1 #a-q-2" and len(xp(root, "//t:anchor[starts-with(@xml:id, 'a-q-')]")) == 2
    assert xp(root, "//t:quote[@rend='block']//t:note/@xml:id") == ["fn-q", "fn-n"]
    assert xp(root, "//t:body//t:item/t:note/t:p/text()") == ["Of the item.", "With a second paragraph."]
    orphan = xp(root, "//t:note[@xml:id='fn-o']")[0]
    assert orphan.get("anchored") == "false" and [w.line for w in warnings if w.rule == "orphan-note"] == [15]
    assert valid(out) == []


def test_pages_both_ways_words_broken_across_them_and_the_guess_at_a_sentence_end(tmp_path: Path) -> None:
    source = md(tmp_path, """
        {pb n=1}
        The text is facili-{pb n=2}tated, and facilitated again, by the first page break.

        It ends a sentence at the page end.

        ---page 3---

        A new paragraph, read so by a guess.
        """)
    root, warnings, out = tei(source)
    assert xp(root, "//t:pb/@n") == ["1", "2", "3"] and xp(root, "//t:pb[@break='no']/@n") == ["2"]
    [guess] = [w for w in warnings if w.rule == "page-ends-paragraph"]
    assert guess.line == 8 and "[readings] paragraph_breaks = [8]" in guess.message
    assert len(xp(root, "//t:body//t:p")) == 3 and valid(out) == []
    (tmp_path / "text.header.toml").write_text(HEADER + "[readings]\nparagraph_joins = [8]\n", encoding="utf-8")
    root, warnings, _ = tei(source)
    assert len(xp(root, "//t:body//t:p")) == 2 and not [w for w in warnings if w.rule == "page-ends-paragraph"]


@pytest.mark.parametrize("text, line, message", [
    ("{pb n=4}\nText.\n\n{pb n=6}\nMore.\n", 4, "page 6 does not follow page 4"),
    ("Text.\n\n--- Page 3 ---\n\nMore.\n", 3, "looks like a page marker but is not one"),
])
def test_page_marker_errors_name_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(TeikitError) as err:
        convert(md(tmp_path, text))
    assert err.value.line == line and message in err.value.message


def test_verse_in_a_quotation_and_line_breaks_where_verse_cannot_be(tmp_path: Path) -> None:
    root, warnings, out = tei(md(tmp_path, """
        The rhyme:

        > Ring out the old,\\
        > ring in the new.

        - a list item\\
          broken in two
        """))
    assert xp(root, "//t:quote[@rend='block']/t:lg/t:l/text()") == ["Ring out the old,", "ring in the new."]
    assert xp(root, "//t:body//t:item/text()") == ["a list item broken in two"]
    assert [w.line for w in warnings if w.rule == "line-break-ignored"] == [6]
    assert valid(out) == []


def test_emphasis_both_ways_code_and_raw_html_keep_their_text(tmp_path: Path) -> None:
    root, warnings, out = tei(md(tmp_path, """
        _One_ and *two*, __three__ and **four**, ***five***, `six` and <b>seven</b>.

            an indented line, which Markdown reads as code
        """))
    assert [(h.get("rend"), "".join(h.itertext())) for h in xp(root, "//t:hi")] == [
        ("italic", "One"), ("italic", "two"), ("bold", "three"), ("bold", "four"), ("italic", "five"), ("bold", "five")]
    assert "`" not in "".join(xp(root, "//t:body//text()")) and "six and <b>seven</b>." in "".join(
        xp(root, "//t:body/t:div/t:p[1]//text()"))
    assert xp(root, "//t:body/t:div/t:p[2]/text()") == ["an indented line, which Markdown reads as code"]
    assert [w.line for w in warnings if w.rule == "markdown-demoted"] == [3]
    assert valid(out) == []


def test_a_transcription_of_markup_only_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TeikitError, match="no text to convert"):
        convert(md(tmp_path, "---\n\n***\n"))
