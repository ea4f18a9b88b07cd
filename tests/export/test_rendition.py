"""Rendition as encoded: the common @rend vocabularies, @rendition to tagsDecl (CSS) and to simplePrint, @style
sanitized; what plain text can show of them."""

from __future__ import annotations

from lxml import html as lxml_html

from teikit import export
from teikit.export import ExportOptions
from teikit.xmlio import parse_bytes

TAGS = ('<encodingDesc><tagsDecl><rendition xml:id="sc" scheme="css">font-variant: small-caps</rendition>'
        '<rendition xml:id="evil" scheme="css">color: red; background: url(https://tracker.example/x.png); '
        'width: expression(alert(1)); font-family: "x"</rendition></tagsDecl></encodingDesc>')


def tei(body: str) -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
            f"<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>{TAGS}</teiHeader>"
            f"<text><body>{body}</body></text></TEI>").encode()


def page(body: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(export.export_tree(parse_bytes(tei(body), "r.xml"), ExportOptions(target="html")))


def text(body: str) -> str:
    return export.export_tree(parse_bytes(tei(body), "r.xml"), ExportOptions(target="text", width=40))


def test_common_rend_values_are_rendered():
    """rend="smallcaps" (13,000 uses in FRUS) showed as plain lowercase; strong, bold, center, sup, sub, underline
    were not rendered."""
    doc = page('<p><hi rend="smallcaps">Department of State</hi> <hi rend="strong">firm</hi> <hi rend="bold">b</hi>'
               ' <hi rend="sup">2</hi> <hi rend="sub">0</hi> <hi rend="underline">u</hi> <hi rend="sc">s</hi>'
               ' <hi rend="italic bold">ib</hi> <hi rend="caps">c</hi></p><p rend="center">Centred</p>'
               '<head rend="align(center)">H</head>')
    classes = {el.text_content(): el.get("class") for el in doc.xpath("//main//*[@class]")}
    assert "r-smallcaps" in classes["Department of State"] and "r-smallcaps" in classes["s"]
    assert doc.xpath("//b[.='firm'] | //b[.='b']") and doc.xpath("//sup[.='2']") and doc.xpath("//sub[.='0']")
    assert doc.xpath("//u[.='u']") and "r-bold" in classes["ib"] and doc.xpath("//i[.='ib']")
    assert "r-allcaps" in classes["c"] and "r-center" in classes["Centred"] and "r-center" in classes["H"]
    css = doc.xpath("string(//style)")
    assert ".r-smallcaps{font-variant:small-caps}" in css and ".r-center{text-align:center}" in css


def test_rendition_css_and_simple_print_scheme():
    doc = page('<p><hi rendition="#sc">Lear</hi> <hi rendition="simple:italic">It</hi> '
               '<seg rendition="simple:centre">mid</seg> <hi rendition="#evil">bad</hi></p>')
    css = doc.xpath("string(//style)")
    assert ".rend-sc{font-variant: small-caps;}" in css
    assert ".rend-evil{color: red;}" in css  # the rest could load or run something: gone
    assert "url(" not in css and "expression" not in css and "tracker" not in css
    assert "rend-sc" in doc.xpath("string(//span[.='Lear']/@class)")
    assert doc.xpath("//i[.='It']") and "r-center" in doc.xpath("string(//*[.='mid']/@class)")


def test_style_is_sanitized_and_nothing_loads():
    doc = page('<p><hi style="color: blue; background-image: url(http://x/y.png)">a</hi> '
               '<hi style="font-weight:bold;behavior:url(x.htc)">b</hi> <hi rend="font-style: italic">c</hi> '
               '<hi style="content: \'\\0041\'; width: 1px">d</hi></p>')
    styles = {el.text_content(): el.get("style") for el in doc.xpath("//main//*[@style]")}
    assert styles == {"a": "color: blue;", "b": "font-weight:bold;", "c": "font-style: italic;", "d": "width: 1px;"}


def test_text_export_shows_capitals_superscripts_and_centring():
    out = text('<p>The <hi rend="allcaps">state</hi> and x<hi rend="sup">2</hi>, H<hi rend="sub">2</hi>O, '
               '<hi rend="smallcaps">Lear</hi>.</p><p rend="center">A centred line</p>')
    assert "The STATE and x², H₂O, Lear." in out  # small capitals stay as written
    assert "\n             A centred line\n" in out
