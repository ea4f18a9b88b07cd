"""Where a URL an ODD names (moduleRef/@url) is on disk: a local path (relative to the ODD), or what XML catalogs
map it to: `--catalog` files, then $XML_CATALOG_FILES, then a `catalog.xml` beside the ODD. Nothing is fetched."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from teikit import xmlio

CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
CATALOG_ENV = "XML_CATALOG_FILES"
_C = f"{{{CATALOG_NS}}}"


def catalog_files(odd_path: str, given: tuple[str, ...] = ()) -> list[Path]:
    """The catalogs to search, in order: those given, $XML_CATALOG_FILES, then catalog.xml beside the ODD."""
    files = [Path(g) for g in given]
    files.extend(Path(unquote(urlparse(c).path)) if c.startswith("file:") else Path(c)
                 for c in os.environ.get(CATALOG_ENV, "").split())
    beside = Path(odd_path).parent / "catalog.xml"
    if beside.is_file():
        files.append(beside)
    return files


def catalogs_read(odd_path: str, given: tuple[str, ...] = ()) -> tuple[list[Path], list[Path]]:
    """Every catalog a look-up for this ODD may read (those its nextCatalog entries name too), and those named or
    looked for (catalog.xml beside the ODD) that do not exist: what a compilation's cache entry depends on."""
    beside = Path(odd_path).parent / "catalog.xml"
    todo = [*catalog_files(odd_path, given), beside]
    present: list[Path] = []
    missing: list[Path] = []
    while todo:
        catalog = todo.pop(0).resolve()
        if catalog in present or catalog in missing:
            continue
        if not catalog.is_file():
            missing.append(catalog)
            continue
        present.append(catalog)
        todo.extend(catalog.parent / n.get("catalog") for n in _parse_catalog(catalog).iter(f"{_C}nextCatalog")
                    if n.get("catalog"))
    return present, missing


def lookup(url: str, catalogs: list[Path], seen: frozenset[Path] = frozenset()) -> Path | None:
    """The local file an OASIS XML catalog maps `url` to (uri, system, rewriteURI, rewriteSystem, nextCatalog)."""
    for catalog in catalogs:
        catalog = catalog.resolve()
        if catalog in seen or not catalog.is_file():
            continue
        root = _parse_catalog(catalog)
        base = catalog.parent
        for entry in root.iter(f"{_C}uri", f"{_C}system"):
            if entry.get("name", entry.get("systemId")) == url:
                return base / entry.get("uri")
        best = None
        for entry in root.iter(f"{_C}rewriteURI", f"{_C}rewriteSystem"):
            start = entry.get("uriStartString", entry.get("systemIdStartString", ""))
            if start and url.startswith(start) and (best is None or len(start) > len(best[0])):
                best = (start, entry.get("rewritePrefix", ""))
        if best is not None:
            return base / (best[1] + url[len(best[0]):])
        nested = [base / n.get("catalog") for n in root.iter(f"{_C}nextCatalog") if n.get("catalog")]
        found = lookup(url, nested, seen | {catalog})
        if found is not None:
            return found
    return None


# A DOCTYPE naming the catalog DTD by its public and system identifiers, without an internal subset: catalogs
# carry one (`<!DOCTYPE catalog PUBLIC "-//OASIS//DTD ..." "http://...catalog.dtd">`); it is never loaded.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*>")


def _parse_catalog(path: Path) -> etree._Element:
    data = xmlio.read_input(path)
    return xmlio.parse_bytes(_DOCTYPE.sub(b"", data, count=1), str(path)).getroot()


def locate(url: str, relative_to: Path, catalogs: list[Path]) -> Path | None:
    """A grammar's file: the catalogs' answer for `url`, else `url` as a path relative to `relative_to`'s folder."""
    found = lookup(url, catalogs)
    if found is not None:
        return found
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https", "ftp", "urn", "tei"):
        return None
    path = Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(url)
    return path if path.is_absolute() else relative_to.parent / path


