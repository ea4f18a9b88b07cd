"""The DataCite record (JSON, metadata schema 4) of an edition, from its teiHeader."""

from __future__ import annotations

import json
from collections.abc import Iterable

from teikit.deposit.metadata import EditionMetadata

# DataCite relatedIdentifierType / alternateIdentifierType names for TEI idno/@type values.
_IDENTIFIER_TYPES = {"doi": "DOI", "uri": "URL", "url": "URL", "handle": "Handle", "ark": "ARK", "urn": "URN"}


def datacite(meta: EditionMetadata, formats: Iterable[str]) -> dict:
    """A DataCite JSON document: `{"data": {"type": "dois", "attributes": {...}}}`, metadata schema 4."""
    year = meta.date[:4]
    attributes: dict = {}
    if meta.doi:
        attributes["doi"] = meta.doi
    attributes["creators"] = [
        {"name": f"{a.family}, {a.given}" if a.given else a.name, "nameType": "Personal",
         **({"givenName": a.given} if a.given else {}), "familyName": a.family}
        for a in meta.authors
    ]
    attributes["titles"] = [{"title": meta.title, **({"lang": meta.language} if meta.language else {})}]
    attributes["publisher"] = {"name": meta.publisher}
    attributes["publicationYear"] = year
    attributes["types"] = {"resourceTypeGeneral": "Text", "resourceType": "TEI P5 edition"}
    if meta.contributors:
        attributes["contributors"] = [{"name": c, "contributorType": "Editor"} for c in meta.contributors]
    attributes["dates"] = [{"date": meta.date, "dateType": "Issued"}]
    if meta.language:
        attributes["language"] = meta.language
    others = [(k, v) for k, v in meta.identifiers if k.lower() != "doi"]
    if others:
        attributes["alternateIdentifiers"] = [
            {"alternateIdentifier": v, "alternateIdentifierType": _IDENTIFIER_TYPES.get(k.lower(), k)}
            for k, v in others
        ]
    if meta.source_url:
        attributes["relatedIdentifiers"] = [
            {"relatedIdentifier": meta.source_url, "relatedIdentifierType": "URL", "relationType": "IsDerivedFrom"}
        ]
    attributes["formats"] = list(formats)
    rights: dict = {"rights": meta.licence_text or meta.licence_url or ""}
    if meta.licence_url:
        rights["rightsUri"] = meta.licence_url
    if meta.licence_spdx:
        rights.update(rightsIdentifier=meta.licence_spdx, rightsIdentifierScheme="SPDX",
                      schemeUri="https://spdx.org/licenses/")
    attributes["rightsList"] = [rights]
    attributes["descriptions"] = [{"description": f"Source edition: {meta.source}", "descriptionType": "Other"}]
    attributes["schemaVersion"] = "http://datacite.org/schema/kernel-4"
    return {"data": {"type": "dois", "attributes": attributes}}


def datacite_json(meta: EditionMetadata, formats: Iterable[str]) -> bytes:
    """The DataCite document as the file beside the bag holds it (UTF-8 JSON, indented)."""
    return (json.dumps(datacite(meta, formats), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
