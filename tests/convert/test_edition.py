"""The flagship edition: equal to a fresh conversion, and its pages, structure, notes, quotations, corrections,
names, header and every word of the transcription."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from teikit.convert import convert
from teikit.xmlio import parse_bytes, parse_file

from .helpers import CONV, EDITION, SOURCE, XML_ID, copy_alone, xp


def test_committed_edition_equals_a_fresh_conversion() -> None:
    assert convert(SOURCE).data == EDITION.read_bytes(), "run `make tei` and commit tei/foundations-of-leninism-ch4.xml"


def test_edition_pages(edition) -> None:
    assert [pb.get("n") for pb in xp(edition, "//t:pb")] == [str(n) for n in range(39, 53)]
    assert xp(edition, "//t:pb[@break='no']/@n") == ["52"]
    assert "facili" == (xp(edition, "//t:pb[@break='no']/preceding-sibling::*[1]")[0].getprevious().tail or "")[-6:]
    assert len(xp(edition, "//t:fw[@type='pageNum']")) == 13
    assert xp(edition, "//t:sourceDesc//t:monogr/t:biblScope/@from") == ["39"]
    assert xp(edition, "//t:sourceDesc//t:monogr/t:biblScope/@to") == ["52"]


def test_edition_structure(edition) -> None:
    chapter = xp(edition, "//t:body/t:div")[0]
    assert (chapter.get("type"), chapter.get("n"), chapter.get(XML_ID)) == ("chapter", "4", "ch4")
    assert xp(chapter, "string(t:head)") == "IV. The Dictatorship of the Proletariat"
    assert xp(chapter, "t:div[@type='section']/@n") == ["1", "2", "3"]
    assert xp(chapter, "t:div/t:head/@rend") == ["run-in"] * 3
    assert [len(xp(lst, "t:item")) for lst in xp(chapter, ".//t:list")] == [3, 3]
    assert xp(chapter, "t:list/t:item/@corresp") == ["#ch4-s1", "#ch4-s2", "#ch4-s3"]
    assert len(xp(chapter, ".//t:p")) == 65 - 11  # 65 paragraph lines; 11 continue across a page break


def test_edition_notes(edition) -> None:
    foot = xp(edition, "//t:note[@place='foot']")
    assert [n.get(XML_ID) for n in foot] == ["fn39-1", "fn41-1", "fn41-2", "fn42-1", "fn42-2", "fn43-1", "fn43-2",
                                            "fn45-s", "fn45-1", "fn48-1", "fn48-2", "fn50-s", "fn50-1", "fn51-1"]
    assert xp(edition, "//t:note[@anchored='false']/@xml:id") == ["fn39-1"]
    assert xp(edition, "//t:note[@xml:id='fn45-s']/@target") == ["#a45-s1 #a45-s2"]
    assert len(xp(edition, "//t:anchor[@xml:id='a45-s1' or @xml:id='a45-s2']")) == 2
    label = xp(edition, "//t:note[@xml:id='fn48-2']/t:label/t:choice")[0]
    assert (xp(label, "string(t:sic)"), xp(label, "string(t:corr)")) == ("[1]", "[2]")
    assert xp(edition, "//t:ptr[@type='endnote']/@target") == ["#en14", "#en15"]
    assert xp(edition, "//t:back//t:note/@xml:id") == ["en14", "en15"]
    assert xp(edition, "//t:note[@xml:id='fn41-1']/@corresp") == ["#lenin-prrk"]  # Ibid. -> the orphan's work
    assert xp(edition, "//t:note[@xml:id='fn51-1']/@corresp") == ["#lenin-ci1-theses"]


def test_edition_quotations(edition) -> None:
    ids = xp(edition, "//t:quote/@xml:id")
    assert sorted({i[:3] for i in ids}) == [f"q{n:02d}" for n in range(1, 20)]
    assert len(xp(edition, "//t:cit")) == 16
    assert xp(edition, "//t:quote[@xml:id='q02a']/@next") == ["#q02b"]
    assert xp(edition, "//t:quote[@xml:id='q02b']/@prev") == ["#q02a"]
    assert xp(edition, "//t:quote[@xml:id='q02b']/t:pb/@n") == ["41"]
    assert xp(edition, "//t:quote[@xml:id='q15c']/@prev") == ["#q15b"]
    assert xp(edition, "//t:quote[@xml:id='q03b']/following-sibling::t:bibl/@corresp") == ["#lenin-prrk"]
    assert xp(edition, "//t:quote[@xml:id='q18']/following-sibling::t:bibl/@corresp") == ["#lenin-ci1-theses"]
    assert xp(edition, "//t:quote[@xml:id='q19']/following-sibling::t:bibl/@cert") == ["medium"]
    assert len(xp(edition, "//t:text//t:bibl[@corresp]")) == 16  # all 17 but "(Lenin.)"
    works = {f"#{i}" for i in xp(edition, "//t:listBibl/t:bibl/@xml:id")}
    assert set(xp(edition, "//t:text//t:bibl/@corresp")) <= works
    assert len(xp(edition, "//t:soCalled")) == 17
    assert xp(edition, "//t:bibl[t:choice/t:sic='p']/t:biblScope/text()") == ["XXIII", "354"]


def test_edition_corrections_and_emphasis(edition) -> None:
    pairs = [(xp(c, "string(t:sic)"), xp(c, "string(t:corr)")) for c in xp(edition, "//t:choice")]
    assert len(pairs) == 15
    assert ("strcke", "stroke") in pairs and ("I4", "14") in pairs and ("[1]", "[2]") in pairs
    assert xp(edition, "//t:choice/t:corr/@cert").count("medium") == 1
    assert [(h.text, h.get("rendition")) for h in xp(edition, "//t:hi")] == [
        ("for", "#italic"), ("against", "#italic"), ("smashing", "#spaced"), ("destruction", "#spaced")]


def test_edition_names(edition) -> None:
    refs = Counter(xp(edition, "//t:text//t:persName/@ref | //t:text//t:orgName/@ref | //t:text//t:placeName/@ref"))
    assert refs["#lenin"] == 12 and refs["#marx"] == 9 and refs["#america"] == 6
    assert set(refs) <= {"#" + i for i in xp(edition, "//t:standOff//@xml:id")}
    assert xp(edition, "//t:placeName[t:choice/t:sic='Amcrica']/@ref") == ["#america"]
    assert xp(edition, "//t:persName[@type='generic']/text()") == ["MacDonalds", "Scheidemanns"]


def test_edition_titles_link_to_the_works_cited(edition) -> None:
    in_text = xp(edition, "//t:text//t:p//t:title[not(ancestor::t:note)]/@ref")
    assert in_text == ["#me-works", "#lenin-sr", "#me-manifesto"]
    manifesto = xp(edition, "//t:title[@ref='#me-manifesto']")[0]
    assert xp(manifesto, "string(t:choice/t:sic)") == "Manitesto" and manifesto.text == "The Communist "
    assert xp(edition, "//t:note[@xml:id='fn43-1']/t:title/@ref") == ["#marx-revelations"]


def test_edition_header(edition) -> None:
    header = xp(edition, "//t:teiHeader")[0]
    for path in ("t:fileDesc/t:titleStmt/t:respStmt", "t:fileDesc/t:publicationStmt/t:availability/t:licence",
                 "t:fileDesc/t:sourceDesc/t:biblStruct[@xml:id='flp']", "t:fileDesc/t:sourceDesc/t:bibl[@xml:id='web']",
                 "t:encodingDesc/t:editorialDecl/t:correction", "t:encodingDesc/t:editorialDecl/t:hyphenation",
                 "t:encodingDesc/t:tagsDecl/t:rendition", "t:encodingDesc/t:refsDecl/t:citeStructure",
                 "t:profileDesc/t:langUsage", "t:revisionDesc/t:change"):
        assert xp(header, path), path
    assert "read as footers" in xp(header, "string(.//t:interpretation)")
    assert xp(header, "t:revisionDesc/t:change[1]/@when") == ["2026-11-27"]


def _words(text: str) -> Counter:
    return Counter(re.findall(r"[^\W_]+", text))


def test_nothing_is_lost(edition) -> None:
    """Every word of the transcription, but page-marker lines and note labels/anchors, is in the TEI."""
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").split("\n") if not re.fullmatch(r"page \d+", ln)]
    for i, line in enumerate(lines):  # a word broken across pages is one word in the TEI
        if m := re.search(r"(\w+)-$", line):
            j = next(k for k in range(i + 1, len(lines)) if lines[k].strip() and not re.match(r"\[\d+\]|\*", lines[k]))
            rest = lines[j].split(" ", 1)
            lines[i], lines[j] = line[: m.start()] + m.group(1) + rest[0], rest[1]
    text = re.sub(r"\[\d+\]|\*", " ", "\n".join(lines))  # note labels and anchors become @n
    text = re.sub(r"^[a-z]\) ", "", text, flags=re.M)  # so do list labels (item/@n)
    text = re.sub(r"\b(?:[a-z] ){3,}[a-z]\b", lambda m: m.group().replace(" ", ""), text)  # letter-spacing
    for fw in xp(edition, "//t:fw"):  # the page markers, which are not counted
        fw.text = ""
    for note in xp(edition, "//t:note"):  # its words are not part of the words around it
        note.text, note.tail = f" {note.text or ''}", f" {note.tail or ''}"
    for choice in xp(edition, "//t:choice"):  # both readings, as words of their own
        choice.tail = f" {xp(choice, 'string(t:sic)')} {xp(choice, 'string(t:corr)')} {choice.tail or ''}"
        for child in list(choice):
            choice.remove(child)
    tei_text = "".join(xp(edition, "//t:text")[0].itertext()) + " ".join(xp(edition, "//t:sourceDesc//text()"))
    missing = _words(text) - _words(tei_text)
    assert not missing, f"words of the transcription missing from the TEI: {dict(missing)}"


@pytest.mark.slow
def test_edition_and_fixtures_are_valid_tei_all(tei_all, tmp_path: Path) -> None:
    documents = {"edition": parse_file(EDITION), "fixture": parse_bytes(convert(CONV / "two-pages.txt").data),
                 "no-data": parse_bytes(convert(copy_alone("two-pages.txt", tmp_path)).data)}
    for name, doc in documents.items():
        assert tei_all.validate(doc), f"{name}: {tei_all.error_log.filter_from_errors()[:3]}"
