"""The Dublin Core record (oai_dc, the OAI-PMH format) of an edition, from its teiHeader."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree
from lxml.builder import ElementMaker

from teikit.deposit.metadata import EditionMetadata


def dublin_core(meta: EditionMetadata, formats: Iterable[str]) -> bytes:
    """An oai_dc record (the OAI-PMH Dublin Core format)."""
    oai_dc = "http://www.openarchives.org/OAI/2.0/oai_dc/"
    dc = "http://purl.org/dc/elements/1.1/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    E = ElementMaker(namespace=dc, nsmap={"oai_dc": oai_dc, "dc": dc, "xsi": xsi})
    record = etree.Element(f"{{{oai_dc}}}dc", nsmap={"oai_dc": oai_dc, "dc": dc, "xsi": xsi})
    record.set(f"{{{xsi}}}schemaLocation", f"{oai_dc} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    record.append(E.title(meta.title))
    record.extend(E.creator(a.name) for a in meta.authors)
    record.extend(E.contributor(c) for c in meta.contributors)
    record.append(E.publisher(meta.publisher))
    record.append(E.date(meta.date))
    record.append(E.type("Text"))
    record.extend(E.format(f) for f in formats)
    record.extend(E.identifier(value) for _, value in meta.identifiers)
    record.append(E.source(meta.source))
    if meta.source_url:
        record.append(E.relation(meta.source_url))
    if meta.language:
        record.append(E.language(meta.language))
    if meta.licence_url:
        record.append(E.rights(meta.licence_url))
    if meta.licence_text:
        record.append(E.rights(meta.licence_text))
    return etree.tostring(record, xml_declaration=True, encoding="UTF-8", pretty_print=True)

