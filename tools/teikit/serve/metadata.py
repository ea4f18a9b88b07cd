"""Dublin Core metadata of a TEI document (or teiCorpus), read from its teiHeader, as DTS MetadataObjects:
texts as [{"lang", "value"}] (the document's language, else "und"), URIs and codes as plain strings."""

from __future__ import annotations

from lxml import etree

from teikit.xmlio import TEI_NS, XML_NS

_NS = {"t": TEI_NS}


def _texts(el: etree._Element, path: str) -> list[str]:
    out = []
    for found in el.xpath(path, namespaces=_NS):
        text = " ".join((found if isinstance(found, str) else "".join(found.itertext())).split())
        if text and text not in out:
            out.append(text)
    return out


def language(tei: etree._Element) -> str:
    """The document's main language (BCP 47): @xml:lang of its text or root, else its first langUsage language."""
    for path in ("string(t:text/@xml:lang)", "string(@xml:lang)",
                 "string(t:teiHeader/t:profileDesc/t:langUsage/t:language[1]/@ident)"):
        value = tei.xpath(path, namespaces={**_NS, "xml": XML_NS}).strip()
        if value:
            return value
    return "und"


def dublin_core(tei: etree._Element) -> tuple[str, dict]:
    """(title, dublinCore) of a TEI or teiCorpus element, from its header."""
    lang = language(tei)
    header = "t:teiHeader/t:fileDesc/"
    titles = _texts(tei, f"{header}t:titleStmt/t:title[not(@type) or @type='main'] | {header}t:titleStmt/t:title[1]")
    dc: dict = {}

    def add(key: str, values: list[str], localised: bool = True) -> None:
        if values:
            dc[key] = [{"lang": lang, "value": v} for v in values] if localised else values

    add("title", titles[:1])
    add("creator", _texts(tei, f"{header}t:titleStmt/t:author"))
    add("contributor", _texts(tei, f"{header}t:titleStmt/t:editor | {header}t:titleStmt/t:respStmt/t:name"
                                   f" | {header}t:titleStmt/t:respStmt/t:persName"))
    add("publisher", _texts(tei, f"{header}t:publicationStmt/t:publisher | {header}t:publicationStmt/t:distributor"
                                 f" | {header}t:publicationStmt/t:authority"))
    dates = _texts(tei, f"{header}t:publicationStmt/t:date/@when | {header}t:publicationStmt/t:date[not(@when)]")
    add("date", dates[:1], localised=False)
    add("license", _texts(tei, f"{header}t:publicationStmt/t:availability/t:licence/@target"), localised=False)
    add("rights", _texts(tei, f"{header}t:publicationStmt/t:availability/t:licence[not(@target)]"
                              f" | {header}t:publicationStmt/t:availability/t:p"))
    add("identifier", _texts(tei, f"{header}t:publicationStmt/t:idno"), localised=False)
    add("source", _texts(tei, f"{header}t:sourceDesc//t:ptr/@target | {header}t:sourceDesc//t:ref/@target"),
        localised=False)
    codes = _texts(tei, "t:teiHeader/t:profileDesc/t:langUsage/t:language/@ident")
    add("language", codes or ([lang] if lang != "und" else []), localised=False)
    title = titles[0] if titles else ""
    return title, dc
