"""Archival deposit: a BagIt bag (RFC 8493) of an edition, a reproducible zip of it, and Dublin Core, DataCite and
CITATION.cff records derived from the teiHeader; and the check of an existing bag.

The bag, its manifests and its validation are the `bagit` library's; this module chooses the payload, writes the
metadata and makes the result reproducible (fixed order, times and permissions) and safe (validated first, built in a
staging folder beside the target and moved into place only when complete).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import bagit
from lxml import etree
from lxml.builder import ElementMaker

from teikit import __version__
from teikit.errors import EXIT_INVALID, EXIT_OK, Finding, TeikitError
from teikit.xmlio import TEI_NS, XML_NS, parse_file

# bagit logs every step, and logs a traceback when make_bag fails; teikit reports errors itself, once.
logging.getLogger("bagit").addHandler(logging.NullHandler())

CHECKSUMS = ("sha256", "sha512")
DATA = Path(__file__).resolve().parent / "data"
_NS = {"tei": TEI_NS}
_ZIP_MIN_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can carry
_FILE_MODE = 0o644
_DIR_MODE = 0o755

# What each part of the payload is, by folder and suffix: written into the bag's README.txt.
_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("tei", ".xml"): "the edition: TEI P5 XML, the authoritative file every other file here is derived from",
    ("src", ".txt"): "the source transcription (plain text) the edition was converted from",
    ("src", ".toml"): "editorial data read by the converter (TOML, written for editors to review)",
    ("src", ".csv"): "editorial data read by the converter (CSV)",
    ("src", ".json"): "editorial data read by the converter (JSON)",
    ("src", ".yaml"): "editorial data read by the converter (YAML)",
    ("src", ".yml"): "editorial data read by the converter (YAML)",
    ("src", ".md"): "notes on the source and editorial data",
    ("schema", ".odd"): "the project's TEI customization (ODD), the source of the schemas below",
    ("schema", ".rng"): "RELAX NG schema generated from the ODD",
    ("schema", ".xsd"): "W3C XML Schema generated from the ODD",
    ("schema", ".sch"): "ISO Schematron rules generated from the ODD",
    ("exports", ".html"): "HTML reading edition exported from the TEI",
    ("exports", ".txt"): "plain-text export of the TEI (reading text)",
}
_SUPPORTING_SCHEMA = "schema imported by the generated schemas (not made from the ODD)"
_SCHEMA_SUFFIXES = (".odd", ".rng", ".xsd", ".sch")
_EXPORT_SUFFIXES = (".html", ".txt")


# ---------------------------------------------------------------------------------------------------------------
# What flows between the steps


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


@dataclass(frozen=True)
class PayloadFile:
    """One file of the bag's payload: where it comes from, its path under data/, and what it is."""

    source: Path
    name: str
    description: str


@dataclass(frozen=True)
class Deposit:
    """What one deposit wrote."""

    tei: Path
    bag: Path
    zip: Path
    records: tuple[Path, ...]
    payload_files: int
    payload_bytes: int
    zip_sha256: str
    warnings: tuple[Finding, ...]


@dataclass(frozen=True)
class BagReport:
    """The result of checking a bag: files by name, and bagit's message when it names no file."""

    bag: Path
    missing: tuple[str, ...]
    added: tuple[str, ...]
    altered: tuple[str, ...]
    problems: tuple[str, ...]
    payload_oxum: str | None

    @property
    def valid(self) -> bool:
        return not (self.missing or self.added or self.altered or self.problems)


class InvalidDocument(TeikitError):
    """A TEI document that failed validation: carries the findings so the CLI can print them all."""

    def __init__(self, findings: Sequence[Finding], file: Path) -> None:
        errors = sum(1 for f in findings if f.severity == "error")
        super().__init__(
            f"invalid ({errors} error{'s' * (errors != 1)}): not deposited; fix the document and run again",
            file,
            exit_code=EXIT_INVALID,
        )
        self.findings = tuple(findings)


# ---------------------------------------------------------------------------------------------------------------
# Reading the teiHeader


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
    """One line: 'Author, Title, Place: Publisher, Date, pp. 39–52' from the first biblStruct, else the first bibl."""
    monogr = _first(source_desc, "tei:biblStruct/tei:monogr")
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


# ---------------------------------------------------------------------------------------------------------------
# Choosing the payload


@dataclass(frozen=True)
class Sources:
    """Where the payload of one edition is found; None means the project layout's default beside the TEI."""

    src_dir: Path | None = None
    schema_dir: Path | None = None
    exports_dir: Path | None = None
    include: tuple[Path, ...] = ()

    def resolve(self, tei: Path) -> tuple[Path, Path, Path]:
        """(src, schema, exports) folders for `tei` in the layout tei/<edition>.xml, tei/src/, schema/, build/."""
        project = tei.resolve().parent.parent
        return (
            self.src_dir or tei.resolve().parent / "src",
            self.schema_dir or project / "schema",
            self.exports_dir or project / "build",
        )


def _owner(name: str, stems: Iterable[str]) -> str | None:
    """The edition a source file belongs to by its name (`<stem>.txt`, `<stem>-notes.toml`, `<stem>/...`)."""
    owners = [s for s in stems if name == s or name.startswith((f"{s}.", f"{s}-", f"{s}_", f"{s}/"))]
    return max(owners, key=len) if owners else None


# The first sentence of a data file's opening comment, e.g. "# Works cited in x.txt (the listBibl). `match` ..."
_FIRST_SENTENCE = re.compile(r"^#\s*(.+?)(?:\.\s|\.?$)")


def _describe_source(path: Path) -> str:
    """What a source file is: its kind, and for editorial data the first sentence of its own opening comment."""
    what = _DESCRIPTIONS.get(("src", path.suffix.lower()), "editorial file")
    if path.suffix.lower() in (".toml", ".yaml", ".yml", ".csv"):
        with path.open(encoding="utf-8", errors="replace") as handle:
            found = _FIRST_SENTENCE.match(handle.readline().strip())
        if found:
            return f"editorial data: {found.group(1)}"
    return what


def collect_payload(tei: Path, sources: Sources) -> tuple[PayloadFile, ...]:
    """Every file the bag carries for `tei`; raises one TeikitError naming everything that is missing."""
    stem = tei.stem
    src_dir, schema_dir, exports_dir = sources.resolve(tei)
    files = [PayloadFile(tei, f"tei/{tei.name}", _DESCRIPTIONS[("tei", ".xml")])]
    missing: list[str] = []

    # tei/src holds the sources of every edition of the project: take ours and those named for no other edition.
    other_stems = {p.stem for p in tei.resolve().parent.glob("*.xml")} | {stem}
    src_files = sorted(
        p for p in src_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(src_dir).parts)
    ) if src_dir.is_dir() else []
    for path in src_files:
        rel = path.relative_to(src_dir).as_posix()
        if _owner(rel, other_stems) in (stem, None):
            files.append(PayloadFile(path, f"tei/src/{rel}", _describe_source(path)))
    if not any(f.name.startswith("tei/src/") and f.source.suffix == ".txt" for f in files):
        missing.append(f"the source transcription ({src_dir}/{stem}.txt; give --src-dir if it is elsewhere)")

    schemas = sorted(p for p in schema_dir.glob("*") if p.suffix in _SCHEMA_SUFFIXES) if schema_dir.is_dir() else []
    generated = {p.stem for p in schemas if p.suffix == ".odd"}  # schemas named after an ODD are made from it
    for suffix in _SCHEMA_SUFFIXES:
        found = [p for p in schemas if p.suffix == suffix]
        if not found:
            missing.append(f"the {suffix[1:].upper()} schema ({schema_dir}/*{suffix}; run `make schema`)")
        for path in found:
            what = _DESCRIPTIONS[("schema", suffix)] if path.stem in generated else _SUPPORTING_SCHEMA
            files.append(PayloadFile(path, f"schema/{path.name}", what))

    for suffix in _EXPORT_SUFFIXES:
        path = exports_dir / f"{stem}{suffix}"
        if path.is_file():
            files.append(PayloadFile(path, f"exports/{path.name}", _DESCRIPTIONS[("exports", suffix)]))
        else:
            missing.append(f"the {suffix[1:].upper()} export ({path}; run `make export` or give --exports-dir)")

    for path in sources.include:
        if not path.is_file():
            missing.append(f"the included file {path} (--include)")
        else:
            files.append(PayloadFile(path, f"extra/{path.name}", "included on request (teikit deposit --include)"))

    if missing:
        raise TeikitError("cannot deposit, missing: " + "; ".join(missing), tei)
    names = [f.name for f in files]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TeikitError(f"two payload files would share the name {duplicates[0]}: rename one", tei)
    return tuple(files)


# ---------------------------------------------------------------------------------------------------------------
# Writing the records (all derived from EditionMetadata; deterministic: same header, same bytes)


def bag_info(meta: EditionMetadata, epoch: int | None) -> dict[str, str | list[str]]:
    """bag-info.txt fields (bagit adds Payload-Oxum and writes them in sorted order)."""
    info: dict[str, str | list[str]] = {
        "External-Description": meta.title,
        "Author": [a.name for a in meta.authors],
        "Source-Organization": meta.publisher,
        "Date-Published": meta.date,
        "Source-Edition": meta.source,
        "License": " ".join(p for p in (meta.licence_url, f"({meta.licence_text})" if meta.licence_text else "") if p),
        "Bagging-Date": time.strftime("%Y-%m-%d", time.gmtime(epoch) if epoch is not None else time.gmtime()),
        "Bag-Software-Agent": f"teikit {__version__} (bagit.py {bagit.VERSION})",
    }
    if meta.identifiers:
        info["External-Identifier"] = [value for _, value in meta.identifiers]
    if meta.contributors:
        info["Contributor"] = list(meta.contributors)
    if meta.source_url:
        info["Source-URL"] = meta.source_url
    return info


def readme_text(meta: EditionMetadata, payload: Sequence[PayloadFile]) -> str:
    """The bag's data/README.txt: what the deposit is and what each file is."""
    names = ["README.txt", *(f.name for f in payload)]
    width = max(len(n) for n in names) + 2
    lines = [
        meta.title,
        "=" * min(len(meta.title), 78),
        "",
        f"Author: {', '.join(a.name for a in meta.authors)}",
        f"Published by {meta.publisher}, {meta.date}.",
        f"Licence: {' '.join(p for p in (meta.licence_text, meta.licence_url) if p)}",
        f"Source edition: {meta.source}",
        *([f"Captured from: {meta.source_url}"] if meta.source_url else []),
        *(f"Identifier ({kind}): {value}" for kind, value in meta.identifiers),
        "",
        "This folder is the payload of a BagIt bag (RFC 8493) made by teikit. The bag's manifest-sha256.txt and",
        "manifest-sha512.txt give the checksum of every file below; tagmanifest-*.txt cover the bag's own files.",
        "Check the bag with `teikit deposit --verify BAG` or any BagIt validator.",
        "",
        "Files (paths relative to data/):",
        "",
        f"{'README.txt':<{width}}this file",
        *(f"{f.name:<{width}}{f.description}" for f in payload),
        "",
    ]
    return "\n".join(lines)


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


# DataCite relatedIdentifierType / alternateIdentifierType names for TEI idno/@type values.
_IDENTIFIER_TYPES = {"doi": "DOI", "uri": "URL", "url": "URL", "handle": "Handle", "ark": "ARK", "urn": "URN"}


def datacite(meta: EditionMetadata, formats: Iterable[str]) -> dict:
    """A DataCite JSON document: `{"data": {"type": "dois", "attributes": {...}}}`, metadata schema 4."""
    year = meta.date[:4]
    attributes: dict = {}
    doi = next((v for k, v in meta.identifiers if k.lower() == "doi"), None)
    if doi:
        attributes["doi"] = doi.removeprefix("https://doi.org/")
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


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML and escapes everything that needs it)."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(meta: EditionMetadata) -> str:
    """A CITATION.cff (Citation File Format 1.2.0) for the edition."""
    lines = [
        "# Citation File Format 1.2.0, derived by teikit from the edition's teiHeader.",
        "cff-version: 1.2.0",
        f"message: {_yaml_str('If you use this edition, please cite it as below.')}",
        "type: dataset",
        f"title: {_yaml_str(meta.title)}",
        "authors:",
    ]
    for a in meta.authors:
        if a.given:
            lines += [f"  - family-names: {_yaml_str(a.family)}", f"    given-names: {_yaml_str(a.given)}"]
        else:
            lines += [f"  - name: {_yaml_str(a.name)}"]
    if len(meta.date) == 10:  # CFF wants a full date (YYYY-MM-DD)
        lines.append(f"date-released: {_yaml_str(meta.date)}")
    if meta.licence_spdx:
        lines.append(f"license: {meta.licence_spdx}")
    if meta.licence_url:
        lines.append(f"license-url: {_yaml_str(meta.licence_url)}")
    doi = next((v for k, v in meta.identifiers if k.lower() == "doi"), None)
    if doi:
        lines.append(f"doi: {_yaml_str(doi.removeprefix('https://doi.org/'))}")
    if meta.identifiers:
        lines.append("identifiers:")
        for kind, value in meta.identifiers:
            cff_type = {"doi": "doi", "uri": "url", "url": "url"}.get(kind.lower(), "other")
            lines += [f"  - type: {cff_type}", f"    value: {_yaml_str(value)}"]
            if cff_type == "other":
                lines.append(f"    description: {_yaml_str(kind)}")
    abstract = f"TEI P5 edition published by {meta.publisher}. Source edition: {meta.source}"
    lines.append(f"abstract: {_yaml_str(abstract)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Building the bag and its zip


def source_date_epoch(environ: Mapping[str, str]) -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as an int, None when unset; a bad value is a usage error."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise TeikitError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {value!r}")
    return int(value)


def _sort_tag_manifests(bag_dir: Path) -> None:
    """bagit lists tag files in directory order, which varies between file systems; sort them for reproducibility.

    Only the order of bagit's lines changes; no tag manifest covers another, so no checksum changes.
    """
    for manifest in sorted(bag_dir.glob("tagmanifest-*.txt")):
        lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
        manifest.write_text("".join(sorted(lines, key=lambda line: line.split(" ", 1)[-1])), encoding="utf-8")


def _fix_modes_and_times(root: Path, epoch: int | None) -> None:
    """Fixed permissions everywhere, and every time set to `epoch` when reproducibility is asked for."""
    paths = sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True) + [root]  # children before parents
    for path in paths:
        os.chmod(path, _DIR_MODE if path.is_dir() else _FILE_MODE)
        if epoch is not None:
            os.utime(path, (epoch, epoch))


def write_zip(bag_dir: Path, target: Path, epoch: int | None) -> None:
    """Zip the bag under its own name, entries sorted, with fixed times, permissions and compression."""
    stamp = time.gmtime(max(epoch if epoch is not None else int(time.time()), _ZIP_MIN_EPOCH))[:6]
    entries = sorted(bag_dir.rglob("*"), key=lambda p: p.relative_to(bag_dir).as_posix())
    with zipfile.ZipFile(target, "w") as archive:
        for path in [bag_dir, *entries]:
            rel = path.relative_to(bag_dir).as_posix()
            arcname = bag_dir.name if rel == "." else f"{bag_dir.name}/{rel}"
            if path.is_dir():
                info = zipfile.ZipInfo(arcname + "/", stamp)
                info.external_attr = (0o040000 | _DIR_MODE) << 16 | 0x10  # directory flag for DOS tools
                info.create_system = 3  # Unix, whatever the platform, so the modes are read the same way
                archive.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(arcname, stamp)
                info.external_attr = (0o100000 | _FILE_MODE) << 16
                info.create_system = 3
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)


def _targets(out_dir: Path, stem: str) -> dict[str, Path]:
    """Every path one deposit writes, by kind."""
    return {
        "bag": out_dir / stem,
        "zip": out_dir / f"{stem}.zip",
        "oai_dc": out_dir / f"{stem}.oai_dc.xml",
        "datacite": out_dir / f"{stem}.datacite.json",
        "cff": out_dir / f"{stem}.CITATION.cff",
    }


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _move_into_place(moves: Sequence[tuple[Path, Path]], attic: Path, force: bool) -> None:
    """Rename each staged output onto its target; on any failure put every previous target back as it was."""
    attic.mkdir()
    set_aside: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for staged, target in moves:
            if target.exists() or target.is_symlink():
                if not force:
                    raise TeikitError("already exists: give --force to replace it", target)
                aside = attic / target.name
                os.replace(target, aside)
                set_aside.append((aside, target))
            os.replace(staged, target)
            placed.append(target)
    except BaseException:
        for target in placed:
            _remove(target)
        for aside, target in set_aside:
            os.replace(aside, target)
        raise


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_deposit(
    tei: Path,
    out_dir: Path,
    meta: EditionMetadata,
    payload: Sequence[PayloadFile],
    *,
    force: bool = False,
    epoch: int | None = None,
    warnings: Sequence[Finding] = (),
) -> Deposit:
    """Write the bag, its zip and the three records for one (already validated) edition into `out_dir`.

    Everything is made in a staging folder inside `out_dir` (same file system, so the final renames are atomic)
    and moved into place only once bagit has validated the bag; on any failure the staging folder is removed and
    the previous outputs, if any, are left as they were.
    """
    stem = tei.stem
    targets = _targets(out_dir, stem)
    if not force:
        for target in targets.values():
            if target.exists():
                raise TeikitError("already exists: give --force to replace it", target)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{stem}.deposit-", dir=out_dir))
    try:
        bag_dir = staging / stem
        for item in payload:
            destination = bag_dir / item.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.source, destination)
        (bag_dir / "README.txt").write_text(readme_text(meta, payload), encoding="utf-8")
        bagit.make_bag(str(bag_dir), bag_info=bag_info(meta, epoch), checksums=list(CHECKSUMS))
        _sort_tag_manifests(bag_dir)
        _fix_modes_and_times(bag_dir, epoch)
        bag = bagit.Bag(str(bag_dir))
        bag.validate()  # bagit's own check, before anything replaces a previous deposit

        formats = sorted({_MEDIA_TYPES.get(Path(f.name).suffix, "application/octet-stream") for f in payload})
        staged = {
            "oai_dc": staging / targets["oai_dc"].name,
            "datacite": staging / targets["datacite"].name,
            "cff": staging / targets["cff"].name,
            "zip": staging / targets["zip"].name,
            "bag": bag_dir,
        }
        staged["oai_dc"].write_bytes(dublin_core(meta, formats))
        staged["datacite"].write_text(
            json.dumps(datacite(meta, formats), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        staged["cff"].write_text(citation_cff(meta), encoding="utf-8")
        write_zip(bag_dir, staged["zip"], epoch)
        for kind in ("oai_dc", "datacite", "cff", "zip"):
            os.chmod(staged[kind], _FILE_MODE)
            if epoch is not None:
                os.utime(staged[kind], (epoch, epoch))
        zip_sha256 = _sha256(staged["zip"])
        oxum_bytes, oxum_files = (int(n) for n in bag.info["Payload-Oxum"].split("."))
        # The bag goes last: a deposit whose bag is in place is complete.
        _move_into_place([(staged[k], targets[k]) for k in staged], staging / ".replaced", force)
        if epoch is not None:  # some file systems stamp a folder moved to a new parent with the time of the move
            os.utime(targets["bag"], (epoch, epoch))
    except bagit.BagError as err:
        raise TeikitError(f"bagit could not make a valid bag: {err}", tei) from None
    except OSError as err:
        raise TeikitError(f"cannot write the deposit: {err.strerror} ({err.filename})", out_dir) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Deposit(
        tei=tei,
        bag=targets["bag"],
        zip=targets["zip"],
        records=(targets["oai_dc"], targets["datacite"], targets["cff"]),
        payload_files=oxum_files,
        payload_bytes=oxum_bytes,
        zip_sha256=zip_sha256,
        warnings=tuple(warnings),
    )


_MEDIA_TYPES = {
    ".xml": "application/tei+xml",
    ".txt": "text/plain",
    ".html": "text/html",
    ".odd": "application/tei+xml",
    ".rng": "application/xml",
    ".xsd": "application/xml",
    ".sch": "application/xml",
    ".toml": "application/toml",
    ".csv": "text/csv",
    ".json": "application/json",
}


def validate_documents(paths: Sequence[Path]) -> list[Finding]:
    """Findings of `teikit validate` (project RELAX NG, XML Schema and Schematron) for the documents."""
    try:
        from teikit.validate import validate_paths
    except ModuleNotFoundError as err:
        if err.name != "teikit.validate":
            raise
        raise TeikitError("cannot validate before depositing: this teikit has no validate stage") from None
    return list(validate_paths(list(paths)))


def _same_file(name: str, path: Path) -> bool:
    return Path(name).resolve() == path.resolve()


def deposit(
    teis: Sequence[Path],
    out_dir: Path,
    sources: Sources = Sources(),
    *,
    force: bool = False,
    epoch: int | None = None,
) -> list[Deposit]:
    """Validate the TEI documents, then write one bag, zip and set of records per document into `out_dir`.

    Nothing is written unless every document is valid and every payload is complete.
    """
    stems = [t.stem for t in teis]
    for stem in stems:
        if stems.count(stem) > 1:
            raise TeikitError(f"two documents are named {stem}: their bags would collide; deposit them apart")
    findings = sorted(validate_documents(teis))
    if any(f.severity == "error" for f in findings):
        invalid = [t for t in teis if any(f.severity == "error" and _same_file(f.file, t) for f in findings)]
        raise InvalidDocument(findings, (invalid or teis)[0])
    prepared = []
    for tei in teis:
        meta = read_metadata(parse_file(tei), tei)
        payload = collect_payload(tei, sources)
        if not force:
            for target in _targets(out_dir, tei.stem).values():
                if target.exists():
                    raise TeikitError("already exists: give --force to replace it", target)
        warnings = [f for f in findings if _same_file(f.file, tei)]
        prepared.append((tei, meta, payload, warnings))
    return [
        build_deposit(tei, out_dir, meta, payload, force=force, epoch=epoch, warnings=warnings)
        for tei, meta, payload, warnings in prepared
    ]


# ---------------------------------------------------------------------------------------------------------------
# Checking a bag


def verify(path: Path) -> BagReport:
    """Check a bag folder, or a zip holding one bag folder (as `teikit deposit` writes it)."""
    if path.is_dir():
        return verify_bag(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return verify_zip(path)
    raise TeikitError("neither a bag folder nor a zip of one", path)


def verify_zip(path: Path) -> BagReport:
    """Unpack the zip into a temporary folder and check the one bag it holds; file names are the bag's own."""
    with tempfile.TemporaryDirectory(prefix="teikit-verify-") as unpacked:
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(unpacked)  # zipfile drops absolute paths and ".." parts, so nothing lands outside
        except (zipfile.BadZipFile, OSError) as err:
            return BagReport(path, (), (), (), (f"cannot unpack the zip: {err}",), None)
        tops = list(Path(unpacked).iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            return BagReport(path, (), (), (), ("the zip should hold exactly one folder, the bag",), None)
        return dataclasses.replace(verify_bag(tops[0]), bag=path)


def verify_bag(path: Path) -> BagReport:
    """Check a bag with bagit, and name every missing, added and altered file."""
    if not path.is_dir():
        raise TeikitError("not a bag folder", path)
    try:
        bag = bagit.Bag(str(path))
    except bagit.BagError as err:
        return BagReport(path, (), (), (), (f"not a readable bag: {err}",), None)
    only_in_manifest, only_on_disk = bag.compare_manifests_with_fs()
    missing = set(only_in_manifest)
    altered = set()
    for rel, expected in bag.entries.items():
        full = path / rel
        if not full.is_file():
            missing.add(rel)
            continue
        algorithms = [a for a in expected if a in bag.algorithms]
        for algorithm, digest, _, _ in bagit.generate_manifest_lines(str(full), algorithms):
            if digest != expected[algorithm].lower():
                altered.add(rel)
    problems: list[str] = []
    try:
        bag.validate()
    except bagit.BagError as err:
        if not (missing or only_on_disk or altered):  # a fault that names no file: report bagit's words
            problems.append(str(err))
    oxum = bag.info.get("Payload-Oxum")
    return BagReport(
        bag=path,
        missing=tuple(sorted(missing)),
        added=tuple(sorted(only_on_disk)),
        altered=tuple(sorted(altered)),
        problems=tuple(problems),
        payload_oxum=oxum if isinstance(oxum, str) else None,
    )


# ---------------------------------------------------------------------------------------------------------------
# The command: what `teikit deposit` prints


def run_verify(bags: Sequence[Path], quiet: bool = False) -> int:
    """`teikit deposit --verify`: name every missing, added or altered file; 0 when every bag is valid, else 1."""
    status = EXIT_OK
    for bag in bags:
        report = verify(bag)
        problems = (("missing", report.missing), ("added", report.added), ("altered", report.altered),
                    ("problem", report.problems))
        for label, names in problems:
            for name in names:
                print(f"{bag}: {label}: {name}")
        if report.valid:
            if not quiet:
                size, files = (report.payload_oxum or "?.?").split(".")
                print(f"{bag}: valid bag ({files} payload files, {size} bytes; every checksum matches)")
        else:
            counts = ", ".join(f"{len(names)} {'other' if label == 'problem' else label}"
                               for label, names in problems if names)
            print(f"teikit: error: {bag}: not a valid bag: {counts}", file=sys.stderr)
            status = EXIT_INVALID
    return status


def run_deposit(
    paths: Sequence[Path], output: Path, sources: Sources, force: bool = False, quiet: bool = False,
    verbose: bool = False,
) -> int:
    """`teikit deposit`: validate, bag, zip and describe each TEI; an invalid one is refused with its findings."""
    try:
        results = deposit(paths, output, sources, force=force, epoch=source_date_epoch(os.environ))
    except InvalidDocument as err:
        for finding in err.findings:
            print(finding, file=sys.stderr)
        raise
    for result in results:
        if verbose:
            for finding in result.warnings:
                print(finding, file=sys.stderr)
        if quiet:
            continue
        print(f"deposited {result.tei} (valid, {len(result.warnings)} warnings)")
        print(f"  bag       {result.bag}/ ({result.payload_files} payload files, {result.payload_bytes} bytes;"
              f" manifests {', '.join(CHECKSUMS)})")
        print(f"  zip       {result.zip} ({result.zip.stat().st_size} bytes, sha256 {result.zip_sha256})")
        for label, record in zip(("DC", "DataCite", "CFF"), result.records, strict=True):
            print(f"  {label:<9} {record}")
    return EXIT_OK
