"""The reading page a scholar expects: the text first, the metadata collapsed, a byline and a source line built from
the header's structure, a view switch only where there is something to switch, cast lists with a heading."""

from __future__ import annotations

from lxml import html as lxml_html

from conftest import SHARED
from teikit import export
from teikit.export import ExportOptions
from teikit.xmlio import parse_bytes

from .helpers import EDITION, page_problems

PLAY = SHARED / "corpora" / "shakedracor" / "king-lear.xml"


def page_of(source: bytes) -> lxml_html.HtmlElement:
    tree = parse_bytes(source, "page.xml")
    return lxml_html.fromstring(export.export_tree(tree, ExportOptions(target="html")))


def tei(header: str, body: str) -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>{header}</fileDesc></teiHeader>'
            f"<text><body>{body}</body></text></TEI>").encode()


def test_the_text_comes_first_and_the_metadata_is_collapsed(edition_html):
    body = edition_html.body
    first = [el.tag for el in body if el.tag not in ("a",)][:4]
    assert first == ["header", "details", "details", "main"]  # masthead, About (closed), Contents (closed), text
    about = edition_html.xpath("//details[@class='about']")[0]
    assert about.get("open") is None and about.xpath("string(summary)") == "About this edition"
    assert "Source edition" in about.text_content()


def test_byline_names_the_author_without_identifiers():
    """DraCor: <author><persName><forename>William</forename><surname>Shakespeare</surname></persName>
    <idno type="wikidata">Q692</idno></author> gave "by William Shakespeare Q692"."""
    header = ('<titleStmt><title>Play</title><author><persName><forename>William</forename><surname>Shakespeare'
              '</surname></persName><idno type="wikidata">Q692</idno></author><author>Anon.</author></titleStmt>'
              "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>")
    page = page_of(tei(header, "<p>Words.</p>"))
    assert page.xpath("string(//p[@class='author'])") == "by William Shakespeare and Anon."


def test_source_line_has_punctuation_between_its_parts():
    header = ('<titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><bibl>'
              "<author>Charles Dickens</author><title>Dombey and Son</title><publisher>Bradbury</publisher>"
              "<pubPlace>London</pubPlace><date>1848</date></bibl></sourceDesc>")
    about = page_of(tei(header, "<p>Words.</p>")).xpath("string(//details[@class='about'])")
    assert "Charles Dickens, Dombey and Son, Bradbury, London, 1848" in about


def test_edition_header_faults_are_gone(edition_html):
    about = edition_html.xpath("string(//details[@class='about'])")
    assert "(date uncertain))" not in about and "1975; date uncertain), pp. 39–52" in about
    assert "recorded here. by Josef Stalin" not in about
    assert "Byline: “by Josef Stalin”; “from Foundations of Leninism (1924)”." in about
    css = edition_html.xpath("string(//style)")
    assert ".toc ol{padding-left:1.2rem;list-style:none}" in css  # headings carry their own "1)": no "1. 1)"


def test_view_switch_only_where_the_views_differ(edition_html):
    assert edition_html.xpath("count(//fieldset[@class='view-switch'])") == 1
    plain = page_of(tei("<titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>"
                        "<sourceDesc><p/></sourceDesc>", "<p>Nothing <hi>to</hi> switch.</p>"))
    assert not plain.xpath("//fieldset") and not plain.xpath("//input")
    corrected = page_of(tei("<titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>"
                            "<sourceDesc><p/></sourceDesc>", "<p><choice><sic>teh</sic><corr>the</corr></choice></p>"))
    assert corrected.xpath("count(//fieldset[@class='view-switch'])") == 1


def test_cast_list_has_a_heading_and_the_play_its_structures():
    header = ("<titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>"
              "<sourceDesc><p/></sourceDesc>")
    body = ('<div type="act"><head>Act 1</head><castList><castItem><role xml:id="lear">Lear</role>, '
            "<roleDesc>King of Britain</roleDesc></castItem></castList>"
            '<sp who="#lear"><speaker>LEAR</speaker><lg><l n="1">Meantime we shall express</l>'
            '<l n="2">our darker purpose.</l></lg><stage>Exit.</stage></sp></div>')
    page = page_of(tei(header, body))
    assert page.xpath("string(//div[@class='castList']/h3)") == "Cast"
    assert page.xpath("string(//div[@class='sp']/div[@class='speaker'])") == "LEAR"
    assert page.xpath("//div[@class='l']/@data-n") == ["1", "2"]
    assert not page_problems(lxml_html.tostring(page, encoding="unicode"))


def test_a_real_play_reads_as_one(edition):
    if not PLAY.exists():
        return
    page = lxml_html.fromstring(export.export_file(PLAY, ExportOptions(target="html")))
    assert page.xpath("string(//p[@class='author'])") == "by William Shakespeare"
    assert page.xpath("count(//div[starts-with(@class, 'castList')]/*[self::h2 or self::h3 or self::h4])") >= 1
    assert page.xpath("count(//div[@class='sp'])") > 500
    assert EDITION.exists()


def test_an_empty_licence_is_a_link_named_by_its_address():
    """ELTeC's <licence target="…"/> gave an empty link, which a screen reader announces as nothing (axe: link-name)."""
    header = ('<titleStmt><title>Novel</title></titleStmt><publicationStmt><availability>'
              '<licence target="https://creativecommons.org/licenses/by/4.0/"/></availability></publicationStmt>'
              "<sourceDesc><p/></sourceDesc>")
    links = page_of(tei(header, "<p>Text.</p>")).xpath("//a[@rel='license']")
    named = [a.text_content().strip() for a in links]
    assert named == ["https://creativecommons.org/licenses/by/4.0/"] * 2  # in About this edition and the colophon


def test_iso_639_2_languages_become_bcp_47():
    """ELTeC writes xml:lang="fre" (ISO 639-2/B), which is no BCP 47 tag (axe: valid-lang): the page says "fr"; a
    script or region stays, a code without a two-letter form stays as it is."""
    header = ("<titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>"
              "<sourceDesc><p/></sourceDesc>")
    body = ('<p>A <foreign xml:lang="fre">mot</foreign>, <foreign xml:lang="ger">Wort</foreign>, '
            '<foreign xml:lang="san-Latn">pada</foreign>, <foreign xml:lang="grc">λόγος</foreign>.</p>')
    source = tei(header, body).replace(b"<TEI ", b'<TEI xml:lang="eng" ')
    page = page_of(source)
    assert page.get("lang") == "en"
    assert page.xpath("//main//*[@lang]/@lang") == ["fr", "de", "sa-Latn", "grc"]
