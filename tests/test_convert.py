"""teikit convert: every transcription rule on small hand-made transcriptions, then the flagship edition."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT, run_cli, shared_path
from teikit.convert import convert, default_output
from teikit.errors import TeikitError
from teikit.xmlio import parse_bytes, parse_file

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CONV = FIXTURES / "convert"
SOURCE = ROOT / "tei" / "src" / "foundations-of-leninism-ch4.txt"
EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"


def tei(path: Path) -> tuple[etree._Element, list]:
    result = convert(path)
    return parse_bytes(result.data, str(path)).getroot(), list(result.findings)


def xp(root: etree._Element, query: str) -> list:
    return root.xpath(query, namespaces=NS)


def rules(findings: list, severity: str = "warning") -> list[str]:
    return [f.rule for f in findings if f.severity == severity]


def copy_alone(name: str, tmp_path: Path, transform=None) -> Path:
    """The fixture transcription without its editorial data, optionally rewritten."""
    target = tmp_path / name
    data = (CONV / name).read_bytes()
    target.write_bytes(transform(data) if transform else data)
    return target


@pytest.fixture(scope="module")
def two_pages():
    return tei(CONV / "two-pages.txt")


# --- pages -----------------------------------------------------------------------------------------------------

def test_footer_markers_number_the_following_page_and_keep_the_folio(two_pages) -> None:
    root, _ = two_pages
    assert [pb.get("n") for pb in xp(root, "//t:pb")] == ["7", "8", "9"]
    assert [fw.text for fw in xp(root, "//t:fw")] == ["page 7", "page 8", "page 9"]
    assert all(fw.get("place") == "bottom" for fw in xp(root, "//t:fw"))
    assert xp(root, "string(//t:sourceDesc//t:bibl/t:note[@type='byline'][1])") == "by A. Writer"


def test_header_reading_numbers_pages_one_less(tmp_path: Path) -> None:
    for name in ("two-pages.txt", "two-pages.works.toml"):
        shutil.copy(CONV / name, tmp_path / name)
    (tmp_path / "two-pages.header.toml").write_text('[edition]\npage_marker = "header"\n')
    root, _ = tei(tmp_path / "two-pages.txt")
    assert [pb.get("n") for pb in xp(root, "//t:pb")] == ["6", "7", "8", "9"]
    assert {fw.get("place") for fw in xp(root, "//t:fw")} == {"top"}
    assert "read as headers" in xp(root, "string(//t:interpretation)")


def test_quotation_crossing_a_page_stays_one_quote_with_the_pb_inside(two_pages) -> None:
    root, _ = two_pages
    quote = xp(root, "//t:quote[@xml:id='qa']")[0]
    assert xp(quote, "t:pb/@n") == ["8"]
    assert "".join(quote.itertext()).endswith("ends on the next one.")
    assert xp(quote, "local-name(..)") == "cit"


def test_paragraph_continues_across_the_page_and_word_broken_across_pages_is_joined(two_pages) -> None:
    root, _ = two_pages
    p = xp(root, "//t:pb[@break='no']/..")[0]
    assert xp(root, "//t:pb[@break='no']/@n") == ["9"]
    assert "The text facilitates a broken word" in "".join(t for t in p.itertext() if t != "page 8")
    assert len(xp(root, "//t:div[@type='section']/t:p")) == 1  # three source lines, one paragraph


def test_page_final_hyphen_of_an_unknown_word_is_kept_and_warned(tmp_path: Path) -> None:
    path = copy_alone("two-pages.txt", tmp_path, lambda d: d.replace(b"good order facilitates", b"good order"))
    root, findings = tei(path)
    assert not xp(root, "//t:pb[@break='no']")
    assert "page-final-hyphen" in rules(findings)


def test_text_starting_mid_sentence_on_a_fresh_page_keeps_its_orphan_note(tmp_path: Path) -> None:
    root, findings = tei(CONV / "orphan-note.txt")
    orphan = xp(root, "//t:note[@anchored='false']")
    assert [n.get(XML_ID) for n in orphan] == ["fn3-1"]
    assert xp(root, "//t:div/*[1]/@n") == ["3"] and xp(root, "local-name(//t:div/*[2])") == "note"
    assert "starts-mid-sentence" in rules(findings) and "orphan-note" in rules(findings)
    anchored = xp(root, "//t:p/t:note")
    assert [n.get(XML_ID) for n in anchored] == ["fn4-1"]
    assert "ibid-orphan" in rules(findings)


# --- notes -----------------------------------------------------------------------------------------------------

def test_a_note_block_with_several_notes_puts_each_at_its_anchor(two_pages) -> None:
    root, _ = two_pages
    notes = xp(root, "//t:note[@place='foot']")
    assert [(n.get(XML_ID), n.get("n")) for n in notes] == [("fn8-1", "1"), ("fn8-2", "2"), ("fn9-s", "*")]
    assert xp(root, "local-name(//t:note[@xml:id='fn8-1']/preceding-sibling::*[1])") == "bibl"
    text = "".join(xp(root, "//t:div[@type='section']/t:p")[0].itertext())
    assert "[1]" not in text and "[2]" not in text and "*" not in text


def test_an_anchor_without_a_note_is_an_error_at_its_line() -> None:
    with pytest.raises(TeikitError) as err:
        convert(CONV / "invalid" / "anchor-without-note.txt")
    assert err.value.line == 1 and "anchor [1] has no note" in err.value.message


def test_endnote_numbers_become_pointers_to_placeholder_notes(two_pages) -> None:
    root, _ = two_pages
    assert xp(root, "//t:ptr[@type='endnote']/@target") == ["#en12"]
    placeholder = xp(root, "//t:back//t:note[@xml:id='en12']")[0]
    assert xp(placeholder, "t:gap/@reason") == ["not-in-copy-text"] and "".join(placeholder.itertext()) == ""


def test_asterisk_note_marks_its_word_italic() -> None:
    root, _ = tei(CONV / "two-pages.txt")
    hi = xp(root, "//t:hi[@rendition='#italic']")
    assert [h.text for h in hi] == ["this"]
    assert xp(hi[0], "local-name(following-sibling::*[1])") == "note"
    assert xp(root, "//t:tagsDecl/t:rendition/@xml:id") == ["spaced", "italic"]


# --- quotations, citations, corrections, names ------------------------------------------------------------------

def test_scare_quotes_become_soCalled_and_citations_bibl_with_scope(two_pages) -> None:
    root, _ = two_pages
    assert ["".join(s.itertext()) for s in xp(root, "//t:soCalled")] == ["the writer", "Ann Other"]
    bibls = xp(root, "//t:text//t:bibl")
    assert [xp(b, "t:biblScope[@unit='volume']/text()") for b in bibls] == [["II"], ["II"]]
    assert [xp(b, "string(t:biblScope[@unit='page'])") for b in bibls] == ["5", "9"]
    assert [b.get("corresp") for b in bibls] == ["#treatise", "#treatise"]  # the second through "Ibid."


def test_corrections_apply_exactly_from_the_data(two_pages) -> None:
    root, _ = two_pages
    choices = xp(root, "//t:choice")
    assert [(xp(c, "string(t:sic)"), xp(c, "string(t:corr)")) for c in choices] == [("p", "p.")]
    assert xp(choices[0], "t:corr/@resp") == ["#ed"]


def test_without_data_nothing_is_corrected_and_detectors_only_warn(tmp_path: Path) -> None:
    root, findings = tei(copy_alone("two-pages.txt", tmp_path))
    assert not xp(root, "//t:choice")
    assert any(f.rule == "suspicious-token" and "'p 9'" in f.message and f.line == 14 for f in findings)
    assert rules(findings).count("data-missing") == 5
    assert not xp(root, "//t:persName[@ref]") and xp(root, "//t:teiHeader//t:title/text()")


def test_a_correction_not_found_is_an_error(tmp_path: Path) -> None:
    path = copy_alone("two-pages.txt", tmp_path)
    (tmp_path / "two-pages.corrections.toml").write_text('[[correction]]\nline = 4\nsic = "absent"\ncorr = "x"\n')
    with pytest.raises(TeikitError, match="not found"):
        convert(path)


def test_names_are_tagged_with_ref_to_their_entry(two_pages) -> None:
    root, _ = two_pages
    assert [(p.text, p.get("ref")) for p in xp(root, "//t:text//t:persName")] == [("Ann Other", "#other")]
    assert xp(root, "//t:standOff//t:person/@xml:id") == ["other"]


# --- whitespace and input forms ---------------------------------------------------------------------------------

def _body_text(root: etree._Element) -> str:
    return "\n".join("".join(p.itertext()) for p in xp(root, "//t:body//t:p | //t:body//t:item"))


def test_nbsp_is_normalised_and_double_hyphen_becomes_em_dash(two_pages) -> None:
    root, _ = two_pages
    text = _body_text(root)
    assert "\u00a0" not in text and "--" not in text and "  " not in text
    assert "word \u2014 and" in text


@pytest.mark.parametrize("rewrite", [lambda d: d.replace(b"\xc2\xa0", b" "),
                                     lambda d: d.replace(b" the ", b"\xc2\xa0 the ").replace(b") ", b")\xc2\xa0 ")],
                         ids=["nbsp-replaced-by-spaces", "more-nbsp"])
def test_nbsp_or_spaces_for_line_wraps_give_the_same_text(tmp_path: Path, rewrite) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = tei(copy_alone("two-pages.txt", tmp_path / "a"))[0]
    variant = copy_alone("two-pages.txt", tmp_path / "b", rewrite)
    assert variant.read_bytes() != (tmp_path / "a" / "two-pages.txt").read_bytes()
    assert _body_text(tei(variant)[0]) == _body_text(plain)


@pytest.mark.parametrize("rewrite", [lambda d: d.replace(b"\n", b"\r\n"), lambda d: d.rstrip(b"\n")],
                         ids=["crlf", "no-final-newline"])
def test_line_endings_do_not_change_the_document(tmp_path: Path, rewrite) -> None:
    reference = convert(copy_alone("two-pages.txt", tmp_path)).data
    (tmp_path / "v").mkdir()
    variant = copy_alone("two-pages.txt", tmp_path / "v", rewrite)
    assert convert(variant).data == reference


@pytest.mark.parametrize("name, line, words", [
    ("page-marker-malformed.txt", 3, "looks like a page marker"),
    ("pages-not-consecutive.txt", 7, "pages must be consecutive"),
    ("note-block-without-marker.txt", 1, "must be followed by a page marker"),
    ("quotes-unbalanced.txt", 1, "unbalanced quotation marks"),
    ("no-structure.txt", 1, "no recognisable structure"),
])
def test_invalid_transcriptions_fail_at_their_line(name: str, line: int, words: str) -> None:
    with pytest.raises(TeikitError) as err:
        convert(CONV / "invalid" / name)
    assert err.value.line == line and words in err.value.message


@pytest.mark.parametrize("content, words", [
    (b"", "empty"), (b"\x00\x01\x02binary\x00" * 20, "binary"), (b"caf\xe9 au lait\n\npage 1\n", "not UTF-8"),
    (b"<TEI>not text</TEI>\n\nsecond\n", "looks like XML"),
])
def test_unusable_input_exits_2_and_writes_nothing(tmp_path: Path, content: bytes, words: str) -> None:
    source, out = tmp_path / "in.txt", tmp_path / "out.xml"
    source.write_bytes(content)
    result = run_cli("convert", str(source), "-o", str(out))
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


def test_messages_are_file_line_severity_and_strict_makes_them_errors(tmp_path: Path) -> None:
    source = CONV / "orphan-note.txt"
    out = tmp_path / "out.xml"
    result = run_cli("convert", str(source), "-o", str(out))
    assert result.returncode == 0 and out.exists()
    assert re.search(rf"^{re.escape(str(source))}:3: warning: note \[1\] on page 3 has no anchor", result.stderr, re.M)
    strict = run_cli("convert", "--strict", str(source), "-o", str(tmp_path / "strict.xml"))
    assert strict.returncode == 1 and ": error: note [1] on page 3" in strict.stderr
    assert not (tmp_path / "strict.xml").exists()


def test_a_much_smaller_result_does_not_replace_the_output_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    out.write_bytes(EDITION.read_bytes())
    result = run_cli("convert", str(CONV / "orphan-note.txt"), "-o", str(out))
    assert result.returncode == 2 and "--force" in result.stderr and out.read_bytes() == EDITION.read_bytes()
    assert run_cli("convert", "--force", "-q", str(CONV / "orphan-note.txt"), "-o", str(out)).returncode == 0


def test_default_output_follows_the_project_layout() -> None:
    assert default_output(SOURCE) == EDITION
    assert default_output(Path("a/b.txt")) == Path("a/b.xml")


def test_output_is_deterministic_and_mixed_content_is_not_reindented(two_pages) -> None:
    assert convert(CONV / "two-pages.txt").data == convert(CONV / "two-pages.txt").data
    root, _ = two_pages
    head = xp(root, "//t:div[@type='section']/t:head")[0]
    assert etree.tostring(head, encoding="unicode").split(">", 1)[1].startswith("<label>1)</label> A section head.")
    for p in xp(root, "//t:p"):
        assert not (p.text or "").startswith("\n")


# --- the flagship edition ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def edition() -> etree._Element:
    return parse_file(EDITION).getroot()


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
    assert (chapter.get("type"), chapter.get("n"), chapter.get(XML_ID)) == ("chapter", "IV", "ch4")
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


@pytest.fixture(scope="session")
def tei_all():
    rng = shared_path("tei", "tei_all.rng")
    return etree.RelaxNG(parse_file(rng))


@pytest.mark.slow
def test_edition_and_fixtures_are_valid_tei_all(tei_all, tmp_path: Path) -> None:
    documents = {"edition": parse_file(EDITION), "fixture": parse_bytes(convert(CONV / "two-pages.txt").data),
                 "no-data": parse_bytes(convert(copy_alone("two-pages.txt", tmp_path)).data)}
    for name, doc in documents.items():
        assert tei_all.validate(doc), f"{name}: {tei_all.error_log.filter_from_errors()[:3]}"


def test_conservation_check_fires_when_text_is_lost() -> None:
    from teikit.convert.conservation import check_conservation
    from teikit.convert.messages import Messages
    from teikit.convert.profile import load_profile

    text = (CONV / "two-pages.txt").read_text(encoding="utf-8")
    root = parse_bytes(convert(CONV / "two-pages.txt").data).getroot()
    check_conservation(root, text, load_profile(), Messages("x"))  # the document as converted keeps everything
    item = xp(root, "//t:body//t:item")[0]
    item.text = item.text.replace("first", "")
    with pytest.raises(TeikitError, match="text lost"):
        check_conservation(root, text, load_profile(), Messages("x"))


# --- more rules on a second hand-made transcription (rules.txt and its data) -------------------------------------

@pytest.fixture(scope="module")
def rules_doc():
    return tei(CONV / "rules.txt")


def test_duplicated_label_is_matched_by_anchor_order_and_corrected_from_the_data(rules_doc) -> None:
    root, findings = rules_doc
    assert [(n.get(XML_ID), n.get("n")) for n in xp(root, "//t:note[@place='foot']")] == [
        ("fn10-1", "1"), ("fn10-2", "2"), ("fn11-s", "*")]
    label = xp(root, "//t:note[@xml:id='fn10-2']/t:label")[0]
    assert (xp(label, "string(t:choice/t:sic)"), xp(label, "string(t:choice/t:corr)")) == ("[1]", "[2]")
    assert label.tail == " "
    assert any(f.rule == "duplicate-label" and f.line == 3 for f in findings)


def test_split_quotation_segments_are_linked_and_the_cited_one_is_a_cit(rules_doc) -> None:
    root, _ = rules_doc
    assert xp(root, "//t:quote[@xml:id='q1a']/@next") == ["#q1b"]
    assert xp(root, "local-name(//t:quote[@xml:id='q1a']/..)") == "p"
    assert xp(root, "//t:cit/t:quote/@xml:id") == ["q1b"]
    assert xp(root, "//t:cit/t:bibl/@corresp") == ["#smith-book"]


def test_in_text_ibid_resolves_to_the_previous_citation(rules_doc) -> None:
    root, _ = rules_doc
    assert [b.get("corresp") for b in xp(root, "//t:text//t:bibl")] == ["#smith-book", "#another", "#another"]
    assert xp(root, "//t:bibl[t:abbr='Ibid.']/t:biblScope/text()") == ["4"]


def test_author_note_with_two_anchors_points_at_both(rules_doc) -> None:
    root, _ = rules_doc
    note = xp(root, "//t:note[@n='*']")[0]
    assert note.get("target") == "#a11-s1 #a11-s2"
    assert xp(root, "//t:anchor/@xml:id") == ["a11-s1", "a11-s2"]
    assert [h.text for h in xp(root, "//t:hi[@rendition='#italic']")] == ["strong", "weak"]


def test_letter_spacing_becomes_hi_and_paragraph_ends_at_a_page_end_are_warned(rules_doc) -> None:
    root, findings = rules_doc
    assert [h.text for h in xp(root, "//t:hi[@rendition='#spaced']")] == ["decisive"]
    assert [f.line for f in findings if f.rule == "page-ends-paragraph"] == [7, 13, 17]
    assert [pb.get("n") for pb in xp(root, "//t:pb")] == ["10", "11", "12", "13"]
    assert len(xp(root, "//t:body//t:p")) == 4
