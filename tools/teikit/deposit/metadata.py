"""Reading the teiHeader: what the deposit's records say about the edition (title, authors, licence, source)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.xmlio import TEI_NS, XML_NS

DATA = Path(__file__).resolve().parents[1] / "data"
_NS = {"tei": TEI_NS}


@dataclass(frozen=True)
class Person:
    """A name from the header, with its parts split for DataCite and CFF."""

    name: str
    given: str
    family: str


@dataclass(frozen=True)
class EditionMetadata:
    """What the deposit records say, all read from the teiHeader."""

    title: str
    authors: tuple[Person, ...]
    contributors: tuple[str, ...]  # titleStmt/respStmt names (encoders, editors)
    publisher: str
    date: str  # publicationStmt/date: @when, else its text
    licence_url: str | None
    licence_text: str
    licence_spdx: str | None
    source: str  # a one-line citation of the source edition
    source_url: str | None  # the digital copy the text was captured from, when the header names one
    identifiers: tuple[tuple[str, str], ...]  # publicationStmt/idno as (type, value)
    language: str | None

    @property
    def doi(self) -> str | None:
        """The first idno of type DOI, as a bare DOI (no https://doi.org/ in front), or None."""
        doi = next((v for k, v in self.identifiers if k.lower() == "doi"), None)
        return bare_doi(doi) if doi else None


def bare_doi(value: str) -> str:
    """A DOI as DataCite and CFF want it, without its resolver: 10.5281/zenodo.42 for https://doi.org/10.5281/zenodo.42."""
    return value.removeprefix("https://doi.org/")


def _text(element: etree._Element | None) -> str:
    """The element's text with whitespace runs collapsed (as a reader sees it)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _first(root: etree._Element, path: str) -> etree._Element | None:
    found = root.xpath(path, namespaces=_NS)
    return found[0] if found else None


def _person(element: etree._Element) -> Person:
    """Split a name for DataCite/CFF: TEI forename/surname when encoded, else the last word is the family name."""
    forename = _first(element, ".//tei:forename")
    surname = _first(element, ".//tei:surname")
    name = _text(element)
    if surname is not None:
        return Person(name, _text(forename), _text(surname))
    given, _, family = name.rpartition(" ")
    return Person(name, given, family)


def _spdx(url: str | None) -> str | None:
    """The SPDX identifier of a licence URL, from the editable table in data/licences.toml."""
    if not url:
        return None
    table = tomllib.loads((DATA / "licences.toml").read_text(encoding="utf-8"))["spdx"]
    key = url.split("://", 1)[-1].rstrip("/")
    return table.get(key)


def _source_citation(source_desc: etree._Element) -> str:
    """One line: 'Author, Title, Place: Publisher, Date, pp. 39–52' from the first biblStruct, else from a biblFull,
    else the first bibl."""
    monogr = _first(source_desc, "tei:biblStruct/tei:monogr")
    full = _first(source_desc, "tei:biblFull")
    if monogr is None and full is not None:  # DraCor's and Folger's: a whole fileDesc of the source
        statement = _first(full, "tei:publicationStmt")
        parts = [", ".join(_text(a) for a in full.xpath("tei:titleStmt/tei:author", namespaces=_NS)),
                 _text(_first(full, "tei:titleStmt/tei:title"))]
        if statement is not None:
            place, publisher = _text(_first(statement, "tei:pubPlace")), _text(_first(statement, "tei:publisher"))
            parts += [": ".join(p for p in (place, publisher) if p), _text(_first(statement, "tei:date"))]
        return ", ".join(p for p in parts if p)
    if monogr is None:
        return _text(_first(source_desc, "tei:bibl|tei:p|tei:msDesc"))
    parts = [", ".join(_text(a) for a in monogr.xpath("tei:author", namespaces=_NS))]
    parts.append(_text(_first(monogr, "tei:title")))
    place, publisher = _text(_first(monogr, "tei:imprint/tei:pubPlace")), _text(
        _first(monogr, "tei:imprint/tei:publisher")
    )
    parts.append(": ".join(p for p in (place, publisher) if p))
    parts.append(_text(_first(monogr, "tei:imprint/tei:date")))
    pages = _first(monogr, "tei:biblScope[@unit='page']")
    if pages is not None:
        span = "–".join(v for v in (pages.get("from"), pages.get("to")) if v) or _text(pages)
        parts.append(f"pp. {span}" if "–" in span else f"p. {span}")
    return ", ".join(p for p in parts if p)


def read_metadata(tree: etree._ElementTree, name: str | Path) -> EditionMetadata:
    """The deposit metadata from a TEI document's teiHeader; a missing essential raises TeikitError at its place."""
    root = tree.getroot()
    header = _first(root, "/tei:TEI/tei:teiHeader")
    if header is None:
        raise TeikitError("no teiHeader: a deposit's metadata is read from it", name, root.sourceline or 1, 1)

    def need(path: str, what: str, where: etree._Element) -> etree._Element:
        element = _first(header, path)
        if element is None or not (_text(element) or element.get("when") or element.get("target")):
            raise TeikitError(
                f"the teiHeader has no {what} ({path.replace('tei:', '')}): add it, the deposit records need it",
                name, where.sourceline or 1, 1,
            )
        return element

    file_desc = need("tei:fileDesc", "fileDesc", header)
    title_stmt = need("tei:fileDesc/tei:titleStmt", "titleStmt", file_desc)
    publication = need("tei:fileDesc/tei:publicationStmt", "publicationStmt", file_desc)
    source_desc = need("tei:fileDesc/tei:sourceDesc", "sourceDesc", file_desc)
    title = need("tei:fileDesc/tei:titleStmt/tei:title", "title", title_stmt)
    need("tei:fileDesc/tei:titleStmt/tei:author", "author", title_stmt)
    publisher = need("tei:fileDesc/tei:publicationStmt/tei:publisher", "publisher", publication)
    date = need("tei:fileDesc/tei:publicationStmt/tei:date", "publication date", publication)
    licence = need("tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence", "licence", publication)

    authors = tuple(
        _person(_first(a, ".//tei:persName") if _first(a, ".//tei:persName") is not None else a)
        for a in title_stmt.xpath("tei:author", namespaces=_NS)
    )
    contributors = tuple(
        _text(n) for n in title_stmt.xpath("tei:respStmt/tei:name|tei:respStmt/tei:persName|"
                                           "tei:respStmt/tei:orgName|tei:editor", namespaces=_NS)
    )
    identifiers = tuple(
        (i.get("type") or "other", _text(i)) for i in publication.xpath("tei:idno", namespaces=_NS) if _text(i)
    )
    source_ptr = _first(source_desc, ".//tei:ptr[@target]|.//tei:ref[@target]")
    language_element = _first(header, "tei:profileDesc/tei:langUsage/tei:language[@ident]")
    language = language_element.get("ident") if language_element is not None else root.get(f"{{{XML_NS}}}lang")
    licence_url = licence.get("target")
    return EditionMetadata(
        title=_text(title),
        authors=tuple(a for a in authors if a.name),
        contributors=tuple(c for c in contributors if c),
        publisher=_text(publisher),
        date=date.get("when") or _text(date),
        licence_url=licence_url,
        licence_text=_text(licence),
        licence_spdx=_spdx(licence_url),
        source=_source_citation(source_desc),
        source_url=source_ptr.get("target") if source_ptr is not None else None,
        identifiers=identifiers,
        language=language,
    )
